"""Forward mode: Dual numbers on Python floats and arrays, batched tangents,
the NumPy-like attributes and methods, and comparisons on plain values."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import Dual
from conftest import numeric_jacobian, jac_forward, jac_reverse


# --- Python floats stay Python floats --------------------------------------------------------

SCALAR_OPS = {
    "sin": (dnp.sin, math.cos), "exp": (dnp.exp, math.exp), "add": (lambda x: x + 2.5, lambda x: 1.0),
    "radd": (lambda x: 2.5 + x, lambda x: 1.0), "mul": (lambda x: x * x, lambda x: 2 * x),
    "rmul": (lambda x: 3.0 * x, lambda x: 3.0), "div": (lambda x: x / 3.0, lambda x: 1 / 3.0),
    "rdiv": (lambda x: 3.0 / x, lambda x: -3.0 / x ** 2), "pow": (lambda x: x ** 3, lambda x: 3 * x ** 2),
    "pow-dual-exponent": (lambda x: x ** x, lambda x: x ** x * (math.log(x) + 1)),
    "rpow": (lambda x: 2.0 ** x, lambda x: 2.0 ** x * math.log(2.0)),
    "sub": (lambda x: x - 1.0, lambda x: 1.0), "rsub": (lambda x: 1.0 - x, lambda x: -1.0),
    "neg": (lambda x: -x, lambda x: -1.0), "tanh": (dnp.tanh, lambda x: 1 - math.tanh(x) ** 2),
    "log": (dnp.log, lambda x: 1 / x), "sqrt": (dnp.sqrt, lambda x: 0.5 / math.sqrt(x)),
}


@pytest.mark.parametrize("name", sorted(SCALAR_OPS))
def test_dual_of_python_float_stays_python_float_and_has_the_closed_form_tangent(name):
    f, df = SCALAR_OPS[name]
    y = f(Dual(0.7, 1.0))
    assert type(y.primal) is float and type(y.tangent) is float
    assert y.tangent == pytest.approx(df(0.7), rel=1e-14)


def test_dual_chain_of_float_operations_stays_float_end_to_end():
    x = Dual(0.3, 1.0)
    y = dnp.sin(x) * 0.5 + x * x * 0.1 + 0.3
    y = dnp.exp(y) / (1.0 + y ** 2)
    assert type(y.primal) is float and type(y.tangent) is float


def test_dual_on_arrays_gives_the_directional_derivative():
    x = np.array([0.2, -1.0, 2.0])
    v = np.array([1.0, 0.5, -2.0])
    d = Dual(x, v)
    y = dnp.sin(d) * d
    np.testing.assert_allclose(y.primal, np.sin(x) * x, rtol=1e-15)
    np.testing.assert_allclose(y.tangent, (np.cos(x) * x + np.sin(x)) * v, rtol=1e-14)


def test_dual_int_primal_becomes_float_and_default_tangent_is_one():
    d = Dual(3)
    assert type(d.primal) is float and d.tangent == 1.0
    a = Dual(np.arange(3))
    assert a.primal.dtype == np.float64
    np.testing.assert_array_equal(a.tangent, np.ones(3))


# --- batched tangents --------------------------------------------------------------------------

def test_batched_tangents_push_all_unit_directions_in_one_pass():
    x = np.array([0.5, 1.5, -0.5])
    y = dnp.exp(Dual(x, np.eye(3))) * 2.0
    np.testing.assert_allclose(y.tangent, np.diag(2.0 * np.exp(x)), rtol=1e-15)


JAC_FUNCTIONS = {
    "elementwise": lambda x: dnp.sin(x) * dnp.exp(-x) + x ** 2,
    "outer-broadcast": lambda x: x[:, None] * dnp.cos(x)[None, :],
    "mixed-shapes": lambda x: dnp.concatenate([dnp.sum(x * x, keepdims=True),
                                               dnp.tanh(x[1:]) - x[:-1], dnp.max(x, keepdims=True)]),
    "matmul": lambda x: dnp.matmul(dnp.reshape(x, (2, 2)), dnp.reshape(x[::-1], (2, 2))).ravel(),
    "reductions": lambda x: dnp.stack([dnp.mean(x), dnp.prod(x), dnp.min(x), dnp.sum(dnp.sqrt(x * x + 1.0))]),
    "broadcast_to-column": lambda x: dnp.broadcast_to(x[:, None], (4, 3)) * np.arange(3.0),
}


@pytest.mark.parametrize("name", sorted(JAC_FUNCTIONS))
def test_forward_jacobian_equals_reverse_jacobian_equals_finite_differences(name):
    f = JAC_FUNCTIONS[name]
    x = np.array([0.3, -1.1, 0.8, 1.7])
    fwd, rev = jac_forward(f, x), jac_reverse(f, x)
    np.testing.assert_allclose(fwd, rev, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(fwd, numeric_jacobian(f, x), rtol=1e-6, atol=1e-8)


def test_dual_batch_mismatch_with_primal_shape_is_rejected():
    with pytest.raises(ValueError, match=r"tangent shape \(3, 2\) does not match primal shape \(3,\)"):
        Dual(np.ones(3), np.ones((3, 2)))


# --- attributes and methods ---------------------------------------------------------------------

def test_dual_exposes_numpy_attributes_of_its_primal():
    x = np.arange(6.0).reshape(2, 3)
    d = Dual(x, np.ones_like(x))
    assert (d.shape, d.ndim, d.size, d.dtype, len(d)) == ((2, 3), 2, 6, np.float64, 2)
    rows = list(d)
    assert len(rows) == 2 and all(isinstance(r, Dual) for r in rows)
    np.testing.assert_array_equal(rows[1].primal, x[1])
    np.testing.assert_array_equal(d.T.primal, x.T)
    np.testing.assert_array_equal(d[1, ::-1].primal, x[1, ::-1])


@pytest.mark.parametrize("method, np_fn", [
    (lambda d: d.reshape(3, 2), lambda a: a.reshape(3, 2)),
    (lambda d: d.reshape((-1,)), lambda a: a.reshape(-1)),
    (lambda d: d.sum(axis=0), lambda a: a.sum(axis=0)),
    (lambda d: d.mean(axis=1, keepdims=True), lambda a: a.mean(axis=1, keepdims=True)),
    (lambda d: d.max(), lambda a: a.max()),
    (lambda d: d.min(axis=0), lambda a: a.min(axis=0)),
    (lambda d: d.dot(np.ones(3)), lambda a: a.dot(np.ones(3))),
    (lambda d: d.transpose(), lambda a: a.transpose()),
    (lambda d: d.transpose(1, 0), lambda a: a.transpose(1, 0)),
    (lambda d: d.astype(np.float64), lambda a: a.astype(np.float64)),
    (lambda d: d.prod(axis=1), lambda a: a.prod(axis=1)),
])
def test_dual_array_methods_match_numpy_in_value_and_tangent(method, np_fn):
    x = np.array([[0.5, 2.0, -1.0], [1.5, -0.25, 3.0]])
    v = np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -3.0]])
    d = method(Dual(x, v))
    np.testing.assert_allclose(d.primal, np_fn(x), rtol=1e-6)
    h = 1e-6                                        # directional derivative by central difference
    np.testing.assert_allclose(d.tangent, (np_fn(x + h * v) - np_fn(x - h * v)) / (2 * h), rtol=1e-5, atol=1e-7)


def test_astype_keeps_the_requested_float_dtype_for_value_and_tangent():
    d = Dual(np.ones(2), np.ones(2)).astype(np.float32)
    assert d.primal.dtype == np.float32 and d.dtype == np.float32


# --- comparisons are plain values ------------------------------------------------------------------

def test_comparisons_on_duals_return_plain_bools_and_arrays():
    s = Dual(2.0, 1.0)
    assert (s > 0) is True and (s < 0) is False and (s == 2.0) is True and (s != 2.0) is False
    a = Dual(np.array([-1.0, 2.0]), np.ones(2))
    mask = a > 0
    assert type(mask) is np.ndarray and mask.dtype == np.bool_
    np.testing.assert_array_equal(mask, [False, True])
    np.testing.assert_array_equal(a >= Dual(np.array([0.0, 2.0]), np.ones(2)), [False, True])


def test_branching_on_a_dual_follows_the_primal():
    def relu(x):
        if x > 0:
            return x
        return 0.0 * x
    assert dt.jvp(relu, (2.0,), (1.0,)) == (2.0, 1.0)
    assert dt.jvp(relu, (-2.0,), (1.0,)) == (-0.0, 0.0)


def test_np_where_with_a_dual_mask_selects_branches_and_their_tangents():
    x = np.array([-1.0, 0.5, 2.0])
    out, tangent = dt.jvp(lambda a: np.where(a > 0, a * a, -a), (x,), (np.ones(3),))
    np.testing.assert_array_equal(out, [1.0, 0.25, 4.0])
    np.testing.assert_array_equal(tangent, [-1.0, 1.0, 4.0])
