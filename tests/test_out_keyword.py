"""NumPy's ``out=`` on every function of ``dualtape.numpy`` whose NumPy namesake has it.

For each one: on plain arrays, NumPy's own result written into `out`; on dualtape
values, ``out=`` a dualtape value is written and differentiates through it (forward
mode, reverse mode and finite differences agree, `check_gradients`); ``out=`` a NumPy
array takes a result without a derivative and refuses one with a derivative, naming
the fix.  The table below must name every such function, so a new one cannot be
missed.
"""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.composed.out_keyword import takes_out

X = np.array([[0.3, 0.6, 0.45], [0.2, 0.7, 0.55]])


def _other(x):
    return x[::-1] * 1.3 + 0.2


UNARY = ["abs", "absolute", "acos", "arccos", "asin", "arcsin", "asinh", "arcsinh", "atan",
         "arctan", "atanh", "arctanh", "cbrt", "ceil", "conj", "conjugate", "cos", "cosh",
         "deg2rad", "degrees", "exp", "exp2", "expm1", "fabs", "fix", "floor", "log", "log10",
         "log1p", "log2", "negative", "positive", "rad2deg", "radians", "reciprocal", "rint",
         "sign", "sin", "sinh", "spacing", "sqrt", "square", "tan", "tanh", "trunc"]
BINARY = ["add", "arctan2", "atan2", "copysign", "divide", "float_power", "floor_divide", "fmax",
          "fmin", "fmod", "heaviside", "hypot", "logaddexp", "logaddexp2", "maximum", "minimum",
          "mod", "multiply", "nextafter", "pow", "power", "remainder", "subtract", "true_divide"]
REDUCTIONS = ["sum", "prod", "mean", "max", "min", "amax", "amin", "std", "var", "median", "ptp",
              "nansum", "nanprod", "nanmean", "nanmax", "nanmin", "nanstd", "nanvar", "nanmedian",
              "cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod"]

# name -> x ↦ (args, kwargs): the call, differentiable in x
DIFFERENTIABLE = {
    **{name: (lambda x: ((x,), {})) for name in UNARY},
    **{name: (lambda x: ((x, _other(x)), {})) for name in BINARY},
    **{name: (lambda x: ((x,), {"axis": 0})) for name in REDUCTIONS},
    "acosh": lambda x: ((x + 1.5,), {}), "arccosh": lambda x: ((x + 1.5,), {}),
    "ldexp": lambda x: ((x, np.array([1, 2, 3])), {}),
    "round": lambda x: ((x, 2), {}), "around": lambda x: ((x, 2), {}),
    "clip": lambda x: ((x, 0.35, 0.5), {}),
    "quantile": lambda x: ((x, 0.3), {"axis": 0}), "percentile": lambda x: ((x, 30.0), {"axis": 0}),
    "nanquantile": lambda x: ((x, 0.3), {"axis": 0}),
    "nanpercentile": lambda x: ((x, 30.0), {"axis": 0}),
    "choose": lambda x: ((np.array([0, 1, 0]), [x[0], x[1]]), {}),
    "compress": lambda x: (([True, False], x), {"axis": 0}),
    "concatenate": lambda x: (([x, _other(x)],), {}), "concat": lambda x: (([x, _other(x)],), {}),
    "stack": lambda x: (([x, _other(x)],), {}),
    "dot": lambda x: ((x, x.T), {}), "matmul": lambda x: ((x, x.T), {}),
    "vecdot": lambda x: ((x, _other(x)), {}), "matvec": lambda x: ((x, x[0]), {}),
    "vecmat": lambda x: ((x[:, 0], x), {}), "outer": lambda x: ((x[0], x[1]), {}),
    "einsum": lambda x: (("ij,kj->ik", x, _other(x)), {}),
    "trace": lambda x: ((x,), {}), "take": lambda x: ((x, [0, 4]), {}),
}
# several results: out= is a tuple
SEVERAL = {"frexp": lambda x: ((x,), {}), "modf": lambda x: ((x,), {}),
           "divmod": lambda x: ((x, _other(x)), {})}
# results without a derivative: out= a NumPy array takes them from dualtape values
PLAIN = {
    **{name: (lambda x: ((x, _other(x)), {})) for name in
       ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
        "logical_or", "logical_xor"]},
    **{name: (lambda x: ((x,), {})) for name in
       ["logical_not", "isnan", "isinf", "isfinite", "signbit", "isneginf", "isposinf"]},
    **{name: (lambda x: ((x,), {"axis": 0})) for name in
       ["all", "any", "argmax", "argmin", "nanargmax", "nanargmin"]},
}
# takes no dualtape value at all: datetimes have no derivative
NO_DUALTAPE_VALUE = {"isnat"}
FFT = {name: (lambda x: ((x,), {})) for name in
       ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn",
        "rfft2", "irfft2", "hfft", "ihfft"]}
LINALG = {"multi_dot": lambda x: (([x, x.T, x],), {})}
MODULES = [(dnp, np, DIFFERENTIABLE), (dnp.fft, np.fft, FFT), (dnp.linalg, np.linalg, LINALG)]
CALLS = [(module, numpy_module, table, name) for module, numpy_module, table in MODULES
         for name in sorted(table)]


def _names_with_out(module, numpy_module):
    return {name for name in module.__all__
            if callable(getattr(numpy_module, name, None)) and takes_out(getattr(numpy_module, name))
            and getattr(module, name) is not getattr(numpy_module, name)}


def test_the_table_names_every_function_that_numpy_gives_out():
    listed = set(DIFFERENTIABLE) | set(SEVERAL) | set(PLAIN) | NO_DUALTAPE_VALUE
    assert _names_with_out(dnp, np) == listed
    assert _names_with_out(dnp.fft, np.fft) == set(FFT)
    assert _names_with_out(dnp.linalg, np.linalg) == set(LINALG)


def _plain(value):
    return value.primal if isinstance(value, dt.Dual) else value


def _numpy_result(numpy_fn, spec):
    args, kwargs = spec(X)
    return numpy_fn(*args, **kwargs)


def _numpy_writes(numpy_fn, spec):
    """Whether NumPy's own function writes its result into out= (and returns it)."""
    expected = _numpy_result(numpy_fn, spec)
    args, kwargs = spec(X)
    out = np.zeros(np.shape(expected), np.result_type(expected))
    return numpy_fn(*args, out=out, **kwargs) is out


def _buffer(x, like):
    """A buffer of `like`'s shape and dtype: a dualtape value made from x, or a NumPy array."""
    zeros = np.zeros(np.shape(like), np.result_type(like))
    return x[0, 0] * 0.0 + zeros if isinstance(x, dt.Dual) or hasattr(x, "_node") else zeros


def _loss_of_written(fn, numpy_fn, spec):
    """x ↦ a real weighted sum of the entries that `fn(..., out=buffer)` wrote into `buffer`,
    a dualtape value made from x (a NumPy array when x is one)."""
    expected = np.asarray(_numpy_result(numpy_fn, spec))
    weights = np.arange(1.0, expected.size + 1.0).reshape(expected.shape)

    def loss(x):
        args, kwargs = spec(x)
        buffer = _buffer(x, expected)
        written = fn(*args, out=buffer, **kwargs)
        written = dnp.real(written) + 0.5 * dnp.imag(written)      # (the real part, for reals)
        return dnp.sum(written * weights)
    return loss


@pytest.mark.parametrize("module, numpy_module, table, name", CALLS)
def test_out_a_dualtape_value_is_written_and_differentiated(module, numpy_module, table, name):
    fn, numpy_fn, spec = getattr(module, name), getattr(numpy_module, name), table[name]
    expected = _numpy_result(numpy_fn, spec)
    # the value written is NumPy's
    x = dt.Dual(X, np.ones_like(X))
    args, kwargs = spec(x)
    buffer = _buffer(x, expected)
    written = fn(*args, out=buffer, **kwargs)
    np.testing.assert_allclose(written.primal, expected, rtol=1e-13, atol=1e-15)
    # written into the buffer where NumPy writes into out= (NumPy 2.4's fft.hfft, ifft2 and
    # irfft2 return a new array instead, and so does dualtape there)
    numpy_writes = _numpy_writes(numpy_fn, spec)
    assert (written is buffer) == numpy_writes
    # forward, reverse and finite differences agree through the write
    dt.check_gradients(_loss_of_written(fn, numpy_fn, spec), X)


@pytest.mark.parametrize("module, numpy_module, table, name", CALLS)
def test_out_a_numpy_array_takes_plain_results_and_refuses_derivatives(module, numpy_module, table, name):
    fn, numpy_fn, spec = getattr(module, name), getattr(numpy_module, name), table[name]
    expected = _numpy_result(numpy_fn, spec)
    args, kwargs = spec(X)
    # on arrays, NumPy's own call (which ignores out= in a few FFTs of NumPy 2.4)
    numpy_out, plain_out = (np.full(np.shape(expected), 7.0, np.result_type(expected))
                            for _ in range(2))
    writes = numpy_fn(*args, out=numpy_out, **kwargs) is numpy_out
    returned = fn(*args, out=plain_out, **kwargs)
    assert (returned is plain_out) == writes
    np.testing.assert_array_equal(returned, expected)
    np.testing.assert_array_equal(plain_out, numpy_out)
    args, kwargs = spec(dt.Dual(X, np.ones_like(X)))
    # (the elementwise entries word it their own way: both name out= a dualtape value)
    with pytest.raises(TypeError, match=r"out=.*out= a dualtape value"):
        fn(*args, out=np.zeros(np.shape(expected), np.result_type(expected)), **kwargs)


@pytest.mark.parametrize("name", sorted(SEVERAL))
def test_several_results_go_into_a_tuple_of_outputs(name):
    fn, numpy_fn, spec = getattr(dnp, name), getattr(np, name), SEVERAL[name]
    first, second = _numpy_result(numpy_fn, spec)
    x = dt.Dual(X, np.ones_like(X))
    args, kwargs = spec(x)
    buffer, plain_second = x * 0.0, np.zeros(second.shape, second.dtype)
    if second.dtype.kind == "f":
        got = fn(*args, out=(buffer, x * 0.0), **kwargs)
        np.testing.assert_allclose(got[1].primal, second, rtol=1e-13)
    else:                                    # frexp's exponent: an integer, no derivative
        got = fn(*args, out=(buffer, plain_second), **kwargs)
        assert got[1] is plain_second
        np.testing.assert_array_equal(plain_second, second)
    assert got[0] is buffer
    np.testing.assert_allclose(buffer.primal, first, rtol=1e-13)
    # d/dx of the first result: frexp's mantissa 2**-e, modf's fraction 1, divmod's quotient 0
    slope = {"frexp": 2.0 ** -second, "modf": np.ones_like(X), "divmod": np.zeros_like(X)}[name]
    np.testing.assert_allclose(buffer.tangent, slope)


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_results_without_a_derivative_go_into_numpy_arrays(name):
    fn, numpy_fn, spec = getattr(dnp, name), getattr(np, name), PLAIN[name]
    expected = _numpy_result(numpy_fn, spec)
    args, kwargs = spec(dt.Dual(X, np.ones_like(X)))
    out = np.zeros(np.shape(expected), np.result_type(expected))
    assert fn(*args, out=out, **kwargs) is out
    np.testing.assert_array_equal(out, expected)


def test_numpy_decides_which_out_it_accepts():
    x = dt.Dual(X, np.ones_like(X))
    with pytest.raises(ValueError, match="wrong number of dimensions"):     # NumPy's message
        dnp.sum(x, axis=0, out=x * 1.0)
    with pytest.raises(TypeError, match="same_kind"):
        dnp.matmul(x * 1j, x.T, out=dt.Dual(np.zeros((2, 2)), np.zeros((2, 2))))  # complex to real
    with pytest.raises(TypeError, match="positional and keyword"):
        dnp.fabs(x, x * 1.0, out=x * 1.0)


def test_out_keeps_its_dtype_and_positional_outputs_count():
    x = dt.Dual(X, np.ones_like(X))
    narrow = dt.Dual(np.zeros(3, np.float32), np.zeros(3, np.float32))
    dnp.sum(x, 0, None, narrow)                     # numpy.sum(a, axis, dtype, out)
    assert narrow.primal.dtype == np.float32
    np.testing.assert_allclose(narrow.primal, X.sum(0).astype(np.float32))
    np.testing.assert_allclose(narrow.tangent, [2.0, 2.0, 2.0])
    buffer = x * 0.0
    dnp.fabs(-x, buffer)                            # a ufunc's output after its inputs
    np.testing.assert_allclose(buffer.tangent, np.ones_like(X))    # |−x| = x at x > 0


def test_out_through_numpy_itself_and_into_a_view():
    def f(x):
        buffer = x * 0.0
        np.matmul(x, x.T, out=buffer[:, :2])       # NumPy's function, routed; a view of buffer
        return (buffer * buffer).sum()
    dt.check_gradients(f, X)
    value = f(dt.Dual(X, np.zeros_like(X))).primal
    assert np.isclose(value, np.sum((X @ X.T) ** 2))


def test_out_on_a_tape_tensor_and_a_variable():
    w = dt.Variable(X)
    with dt.GradientTape() as tape:
        buffer = w * 0.0
        dnp.cumsum(w, axis=1, out=buffer)
        loss = dnp.sum(buffer)
    # d/dw_ij Σ_i Σ_k≤j... : entry j of a row of 3 counts in 3 − j partial sums
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), [[3.0, 2.0, 1.0]] * 2)
    with pytest.raises(TypeError, match="assign"):
        with dt.GradientTape():
            dnp.sum(w * 2.0, axis=0, out=dt.Variable(np.zeros(3)))
