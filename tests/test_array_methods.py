"""Every public member of NumPy's ``ndarray`` on dualtape values: NumPy's values (from
NumPy itself, on the plain array), derivatives where there are any (forward mode,
reverse mode and finite differences agree, `check_gradients`), and for the members
that cannot keep a derivative an error that names what to use instead.

`MEMBERS` must name every public member of ``numpy.ndarray``, so that a member NumPy
adds cannot be silently missing.
"""
import io
import os
import pickle
import tempfile

import numpy as np
import pytest

import dualtape as dt

X = np.array([[0.3, 0.6, 0.45], [0.2, 0.7, 0.55]])
MASK = np.array([[True, False, True], [True, True, False]])


def _primal(value):
    return value.primal if isinstance(value, dt.Dual) else value


def _loss(value, weights):
    """A real number from `value` whose gradient sees every entry (real and imaginary parts)."""
    return dt.numpy.sum((dt.numpy.real(value) + 0.5 * dt.numpy.imag(value)) * weights)


def values(ours, numpy_version=None):
    """`ours(a)` on dualtape values gives NumPy's `numpy_version(a)` (the same call on the
    plain array unless given), and its derivative agrees across modes and with finite
    differences."""
    numpy_version = numpy_version or ours

    def check():
        expected = numpy_version(X.copy())
        got = ours(dt.Dual(X.copy(), np.ones_like(X)))
        np.testing.assert_allclose(_primal(got), expected, rtol=1e-14, atol=1e-15)
        weights = np.arange(1.0, np.size(expected) + 1.0).reshape(np.shape(expected))
        dt.check_gradients(lambda x: _loss(ours(x), weights), X)
    return check


def plain(ours):
    """`ours(a)` has no derivative: dualtape values give NumPy's plain result exactly."""
    def check():
        expected = ours(X.copy())
        got = ours(dt.Dual(X.copy(), np.ones_like(X)))
        assert not isinstance(got, dt.Dual)
        np.testing.assert_equal(got, expected)
    return check


def raises(call, error, match):
    """`call(x)` on a dualtape value raises `error` whose message names the alternative."""
    def check():
        with pytest.raises(error, match=match):
            call(dt.Dual(X.copy(), np.ones_like(X)) * 1.0)
    return check


def all_of(*checks):
    def check():
        for c in checks:
            c()
    return check


def in_place(method):
    """``y = a * 1.0; method(y); y``: the method changes y in place, as NumPy's."""
    def apply(a):
        y = a * 1.0
        assert method(y) is None
        return y
    return apply


def _flat_checks():
    x = dt.Dual(X.copy(), np.ones_like(X))
    it = x.flat
    assert (len(it), next(it).primal, next(it).primal, it.index, it.coords) == \
        (6, 0.3, 0.6, 2, (0, 2))                           # NumPy's flatiter on X
    assert [v.primal for v in x.flat] == list(X.flat)
    np.testing.assert_array_equal(x.flat[[1, 5]].primal, X.flat[[1, 5]])
    assert x.flat[-1].primal == X.flat[-1]
    with pytest.raises(IndexError, match="flat iterator is 1-dimensional"):
        x.flat[0, 1]
    y = X.copy()
    y.flat = [1.0, 2.0]                                    # values repeated, as NumPy does
    z = x * 1.0
    z.flat = [1.0, 2.0]
    np.testing.assert_array_equal(z.primal, y)


def _flat_write(a):
    y = a * 1.0
    y.flat[[0, 4]] = y.flat[1:3] * 2.0
    y.flat[MASK.ravel()[::-1].copy()] = a[0, 0]            # a mask, one value repeated
    return y


def _view_checks():
    y = dt.Dual(X.copy(), np.ones_like(X)) * 1.0
    v = y.view()
    v[0, 1] = 9.0                                          # a write through the view
    assert y.primal[0, 1] == 9.0 and v.base is y and y.base is None
    assert y.view(np.float64).shape == (2, 3)


def _base_checks():
    y = dt.Dual(X.copy(), np.ones_like(X)) * 1.0
    assert y[1:].base is y and y.T.base is y and y.base is None and y.copy().base is None
    assert y[1:][0].base is y                              # NumPy: the array owning the memory


def _resize_checks():
    y = dt.Dual(X.copy(), np.ones_like(X)) * 1.0
    view = y[0]
    with pytest.raises(ValueError, match="cannot resize.*np.resize"):
        y.resize(4)                                        # y has a live view
    with pytest.raises(ValueError, match="cannot resize.*view of"):
        view.resize(2)
    with pytest.raises(TypeError, match="Variable.*assign"):
        dt.Variable(X).resize(4)


def _serialized(to_bytes, from_bytes):
    """A value with no derivative leaves as NumPy's bytes; one with a derivative raises."""
    def check():
        c = dt.constant(X)
        np.testing.assert_array_equal(from_bytes(to_bytes(c)), from_bytes(to_bytes(X)))
        with pytest.raises(TypeError, match="would drop its derivative"):
            to_bytes(dt.Dual(X, np.ones_like(X)))
    return check


def _dumped(a):
    buffer = io.BytesIO()
    a.dump(buffer)
    return buffer.getvalue()


def _written_to_file(a):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "values.bin")
        a.tofile(path)
        with open(path, "rb") as file:
            return file.read()


def _item_checks():
    with pytest.raises(TypeError, match=r"\.item\(\)|would drop"):
        dt.Dual(X, np.ones_like(X)).item(0)
    c = dt.constant(X)
    assert (c.item(4), c.item(1, 0)) == (X.item(4), X.item(1, 0))
    with pytest.raises(ValueError, match="size 1"):
        c.item()


INTEGERS = np.array([0, 1, 0])

MEMBERS = {
    "T": values(lambda a: a.T),
    "mT": values(lambda a: a.reshape(1, 2, 3).mT),
    "all": plain(lambda a: a.all(axis=0, keepdims=True, where=MASK)),
    "any": plain(lambda a: (a > 0.5).any(axis=1)),
    "argmax": plain(lambda a: a.argmax(axis=1, keepdims=True)),
    "argmin": plain(lambda a: a.argmin(axis=0)),
    "argpartition": plain(lambda a: a.argpartition(1, axis=1)),
    "argsort": plain(lambda a: a.argsort(axis=0, stable=True)),
    "astype": all_of(values(lambda a: a.astype(np.complex128, copy=False) * (1 + 2j)),
                     raises(lambda x: x.astype(np.int64, casting="safe"), TypeError, "'safe'")),
    "base": _base_checks,
    "byteswap": raises(lambda x: x.byteswap(), TypeError, r"stop_gradient\(x\)\)\.byteswap"),
    "choose": values(lambda a: dt.constant(INTEGERS).choose([a[0], a[1]]),
                     lambda a: INTEGERS.choose([a[0], a[1]])),
    "clip": all_of(values(lambda a: a.clip(min=0.35, max=0.5)), values(lambda a: a.clip(0.5)),
                   values(lambda a: a.clip(max=0.5))),
    "compress": values(lambda a: a.compress([True, False, True], axis=1)),
    "conj": values(lambda a: (a * (1 + 2j)).conj()),
    "conjugate": values(lambda a: (a * (1 + 2j)).conjugate()),
    "copy": all_of(values(lambda a: a.copy(order="K")),
                   raises(lambda x: x.copy(order="F"), NotImplementedError, "x.ravel")),
    "ctypes": raises(lambda x: x.ctypes, TypeError, r"stop_gradient\(x\)\)\.ctypes"),
    "cumprod": values(lambda a: a.cumprod(axis=1)),
    "cumsum": all_of(values(lambda a: a.cumsum(dtype=np.float64)),
                     values(lambda a: a.cumsum(0, np.complex128) * 1j)),
    "data": raises(lambda x: x.data, TypeError, r"stop_gradient\(x\)\)\.data"),
    "device": plain(lambda a: a.device),
    "diagonal": all_of(values(lambda a: a.diagonal(offset=1)),
                       values(lambda a: a.reshape(1, 2, 3).diagonal(0, 1, 2))),
    "dot": values(lambda a: a.dot(a.T)),
    "dtype": plain(lambda a: a.dtype),
    "dump": _serialized(_dumped, pickle.loads),
    "dumps": _serialized(lambda a: a.dumps(), pickle.loads),
    "fill": values(in_place(lambda y: y.fill(y[1, 2] * 3.0))),
    "flags": raises(lambda x: x.flags, TypeError, r"stop_gradient\(x\)\)\.flags"),
    "flat": all_of(_flat_checks, values(_flat_write)),
    "flatten": all_of(values(lambda a: a.flatten(order="F")), values(lambda a: a.T.flatten("A"))),
    "getfield": all_of(values(lambda a: a.getfield(np.float64)),
                       raises(lambda x: x.getfield(np.float32, 4), TypeError, "astype")),
    "imag": values(lambda a: (a * (1 + 2j)).imag),
    "item": _item_checks,
    "itemsize": plain(lambda a: a.itemsize),
    "max": values(lambda a: a.max(axis=1, keepdims=True, initial=0.65)),
    "mean": all_of(values(lambda a: a.mean(axis=0, dtype=np.complex128, keepdims=True)),
                   values(lambda a: a.mean(where=MASK))),
    "min": values(lambda a: a.min(0, where=MASK, initial=0.5)),
    "nbytes": plain(lambda a: a.nbytes),
    "ndim": plain(lambda a: a.ndim),
    "nonzero": plain(lambda a: (a - 0.45).nonzero()),
    "partition": values(in_place(lambda y: y.partition(1, axis=1))),
    "prod": values(lambda a: a.prod(axis=1, initial=2.0)),
    "put": values(in_place(lambda y: y.put([0, 4], y[1, :2] * 2.0))),
    "ravel": all_of(values(lambda a: a.ravel(order="F")), values(lambda a: a.T.ravel("K")),
                    values(lambda a: a.T.ravel("A")), values(lambda a: a[:, ::-2].ravel("K"))),
    "real": values(lambda a: (a * (1 + 2j)).real),
    "repeat": values(lambda a: a.repeat([1, 2], axis=0)),
    "reshape": all_of(values(lambda a: a.reshape(3, 2, order="F")),
                      values(lambda a: a.T.reshape((6,), order="A")),
                      raises(lambda x: x.T.reshape(6, copy=False), ValueError, "copy")),
    # (refcheck=False: NumPy counts the test's own references to y)
    "resize": all_of(values(in_place(lambda y: y.resize((2, 4), refcheck=False))),
                     values(in_place(lambda y: y.resize(4, refcheck=False))), _resize_checks),
    "round": values(lambda a: a.round(2)),
    "searchsorted": plain(lambda a: a[0, :2].searchsorted([0.5, 0.1])),
    "setfield": all_of(values(in_place(lambda y: y.setfield(y[1, 0] * 2.0, np.float64))),
                       raises(lambda x: x.setfield(1, np.int32, 4), TypeError, r"x\[...\] = val")),
    "setflags": all_of(plain(lambda a: a.setflags(write=True)),
                       raises(lambda x: x.setflags(write=False), TypeError, "x.copy()")),
    "shape": plain(lambda a: a.shape),
    "size": plain(lambda a: a.size),
    "sort": values(in_place(lambda y: y.sort(axis=0))),
    "squeeze": values(lambda a: a.reshape(1, 2, 3).squeeze(axis=0)),
    "std": values(lambda a: a.std(axis=0, ddof=1, dtype=np.float64)),
    "strides": all_of(plain(lambda a: a.strides), plain(lambda a: a.T.strides),
                      plain(lambda a: a[:, ::-2].strides)),
    "sum": all_of(values(lambda a: a.sum(axis=0, dtype=np.complex128) * (1 + 1j)),
                  values(lambda a: a.sum(initial=1.0, where=MASK))),
    "swapaxes": values(lambda a: a.swapaxes(0, 1)),
    "take": all_of(values(lambda a: a.take([0, 4])),
                   values(lambda a: a.take([0, 5], axis=1, mode="clip"))),
    "to_device": all_of(values(lambda a: a.to_device("cpu")),
                        raises(lambda x: x.to_device("gpu"), ValueError, "cpu")),
    "tobytes": _serialized(lambda a: a.tobytes(), lambda b: np.frombuffer(b)),
    "tofile": _serialized(_written_to_file, lambda b: np.frombuffer(b)),
    "tolist": _serialized(lambda a: pickle.dumps(a.tolist()), pickle.loads),
    "trace": values(lambda a: a.trace(offset=1)),
    "transpose": values(lambda a: a.transpose(1, 0)),
    "var": values(lambda a: a.var(axis=1, ddof=1, keepdims=True)),
    "view": all_of(values(lambda a: a.view() * 2.0), _view_checks,
                   raises(lambda x: x.view(np.int64), TypeError, r"astype\(int64\)"),
                   raises(lambda x: x.view(np.ndarray), TypeError, "stop_gradient")),
}


def test_every_public_member_of_numpy_arrays_is_listed():
    assert set(MEMBERS) == {m for m in dir(np.ndarray) if not m.startswith("_")}


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_member_on_dualtape_values(name):
    MEMBERS[name]()


@pytest.mark.parametrize("name", sorted(m for m in dir(np.ndarray) if not m.startswith("_")))
def test_every_kind_of_value_has_the_member(name):
    for value in (dt.Dual(X, np.ones_like(X)), dt.constant(X), dt.HyperDual(X, X, X, X)):
        assert name in dir(type(value))


def test_methods_on_tape_tensors_follow_numpy():
    w = dt.Variable(X)
    with dt.GradientTape() as tape:
        y = w * 1.0
        y.partition(1, axis=1)
        s = y.std(axis=0, ddof=1).sum() + y.ravel(order="F")[1] + y.flat[5]
    grad = tape.gradient(s, w).numpy()
    # the same function on Duals, one direction per entry
    def f(x):
        y = x * 1.0
        y.partition(1, axis=1)
        return y.std(axis=0, ddof=1).sum() + y.ravel(order="F")[1] + y.flat[5]
    np.testing.assert_allclose(grad, dt.jacfwd(f)(X), rtol=1e-13)


@pytest.mark.parametrize("call", [
    lambda a: np.reshape(a, (3, 2), order="F"), lambda a: np.reshape(a.T, 6, order="A"),
    lambda a: np.ravel(a, "F"), lambda a: np.ravel(a[:, ::-1].T, "K"),
    lambda a: np.ravel(a.T, order="A")])
def test_numpy_functions_take_every_order_and_share_entries_where_numpy_does(call):
    values(call)()
    y, plain_y = dt.Dual(X.copy(), np.ones_like(X)) * 1.0, X.copy()
    out, plain_out = call(y), call(plain_y)
    out[1] = 9.0                             # a view writes into y exactly where NumPy's does
    plain_out[1] = 9.0
    np.testing.assert_array_equal(y.primal, plain_y)
    np.testing.assert_array_equal(out.primal, plain_out)


def test_a_method_with_a_memory_order_follows_the_view_it_is_called_on():
    y, plain_y = dt.Dual(X.copy(), np.ones_like(X)) * 1.0, X.copy()
    for a in (y, plain_y):
        flat = a.T.ravel("F")                # a view: y.T is Fortran-ordered
        flat[-1] = 7.0
        a.reshape(3, 2, order="F")[0, 0] = 5.0   # a copy: NumPy cannot view it
    np.testing.assert_array_equal(y.primal, plain_y)
