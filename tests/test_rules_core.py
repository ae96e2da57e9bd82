"""Every issue-2 primitive: forward and reverse Jacobians against central finite
differences (on broadcasting shapes), values against NumPy, and the
non-smooth conventions, identical in forward, reverse and batched-forward mode."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import assert_all_modes_match_fd, fwd_derivative, rev_derivative

RNG = np.random.default_rng(1234)


def rand(*shape, low=-1.5, high=1.5):
    return RNG.uniform(low, high, shape)


# --- elementwise, with broadcasting: f(x) uses x against a constant of another shape --------

UNARY = {
    "negative": (dnp.negative, (-2, 2)), "square": (dnp.square, (-2, 2)),
    "sqrt": (dnp.sqrt, (0.3, 2)), "reciprocal": (dnp.reciprocal, (0.5, 2)),
    "absolute": (dnp.absolute, (0.3, 2)), "exp": (dnp.exp, (-2, 2)), "expm1": (dnp.expm1, (-2, 2)),
    "log": (dnp.log, (0.3, 2)), "log1p": (dnp.log1p, (-0.5, 2)), "sin": (dnp.sin, (-2, 2)),
    "cos": (dnp.cos, (-2, 2)), "tan": (dnp.tan, (-1.2, 1.2)), "arcsin": (dnp.arcsin, (-0.9, 0.9)),
    "arccos": (dnp.arccos, (-0.9, 0.9)), "arctan": (dnp.arctan, (-2, 2)),
    "sinh": (dnp.sinh, (-2, 2)), "cosh": (dnp.cosh, (-2, 2)), "tanh": (dnp.tanh, (-2, 2)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_elementwise_jacobian_matches_finite_differences(name):
    fn, (lo, hi) = UNARY[name]
    x = rand(2, 3, low=lo, high=hi)
    assert_all_modes_match_fd(fn, x)
    np.testing.assert_allclose(fn(x), getattr(np, name)(x), rtol=1e-15)


def test_sign_has_zero_derivative_everywhere():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(dt.jacobian(dnp.sign, mode="forward")(x), np.zeros((3, 3)))
    np.testing.assert_array_equal(dt.jacobian(dnp.sign)(x), np.zeros((3, 3)))


BINARY = {
    "add": (dnp.add, (-2, 2), (-2, 2)), "subtract": (dnp.subtract, (-2, 2), (-2, 2)),
    "multiply": (dnp.multiply, (-2, 2), (-2, 2)), "divide": (dnp.divide, (-2, 2), (0.5, 2)),
    "power": (dnp.power, (0.5, 2), (-2, 2)), "arctan2": (dnp.arctan2, (-2, 2), (0.5, 2)),
    "logaddexp": (dnp.logaddexp, (-2, 2), (-2, 2)),
    "maximum": (dnp.maximum, (-2, 2), (-2, 2)), "minimum": (dnp.minimum, (-2, 2), (-2, 2)),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("xs, ys", [((3, 1), (4,)), ((), (2, 3)), ((2, 3), ())])
def test_binary_elementwise_jacobians_in_both_arguments_match_fd_under_broadcasting(name, xs, ys):
    fn, xr, yr = BINARY[name]
    x, y = rand(*xs, low=xr[0], high=xr[1]), rand(*ys, low=yr[0], high=yr[1])
    assert_all_modes_match_fd(lambda a: fn(a, y), np.asarray(x))
    assert_all_modes_match_fd(lambda b: fn(x, b), np.asarray(y))
    np.testing.assert_allclose(fn(x, y), getattr(np, name)(x, y), rtol=1e-15)


def test_where_sends_the_derivative_to_the_chosen_branch_only():
    cond = np.array([[True, False, True], [False, False, True]])
    x, y = rand(2, 3), rand(3)
    assert_all_modes_match_fd(lambda a: dnp.where(cond, a, y), x)
    assert_all_modes_match_fd(lambda b: dnp.where(cond, x, b), y)


def test_clip_jacobian_away_from_the_bounds_matches_fd():
    x = np.array([-2.0, -0.3, 0.2, 0.9, 2.5])
    assert_all_modes_match_fd(lambda a: dnp.clip(a, -1.0, 1.0), x)
    np.testing.assert_array_equal(dnp.clip(x, -1.0, 1.0), np.clip(x, -1.0, 1.0))


# --- non-smooth conventions: identical in forward, reverse and batched-forward mode ---------

def _three_modes(f, x):
    """Derivative of elementwise f at the points x by forward, reverse, batched forward."""
    x = np.asarray(x, dtype=float)
    fwd = np.array([fwd_derivative(f, float(v)) for v in x])
    rev = np.array([rev_derivative(f, float(v)) for v in x])
    batched = np.diag(dt.jacobian(f, mode="forward")(x))
    return fwd, rev, batched


@pytest.mark.parametrize("f, x, expected", [
    (abs, [0.0, -1.0, 2.0], [0.0, -1.0, 1.0]),                                   # abs'(0) = 0
    (dnp.sign, [0.0, -1.0, 2.0], [0.0, 0.0, 0.0]),                               # sign' = 0
    (lambda x: dnp.maximum(x, 1.0), [1.0, 0.0, 2.0], [0.5, 0.0, 1.0]),          # tie shares
    (lambda x: dnp.minimum(x, 1.0), [1.0, 0.0, 2.0], [0.5, 1.0, 0.0]),
    (lambda x: dnp.clip(x, 0.0, 1.0), [0.0, 1.0, -1.0, 2.0], [1.0, 1.0, 0.0, 0.0]),  # inside at bound
    (dnp.sqrt, [0.0, 4.0], [np.inf, 0.25]),                                       # sqrt'(0) = inf
], ids=["abs", "sign", "maximum", "minimum", "clip", "sqrt"])
def test_non_smooth_convention_is_identical_in_every_mode(f, x, expected):
    # 0 * inf = nan off the diagonal of sqrt's batched Jacobian at 0 (only the diagonal is read)
    with np.errstate(divide="ignore", invalid="ignore"):
        for got in _three_modes(f, x):
            np.testing.assert_array_equal(got, expected)


def test_maximum_tie_splits_half_half_between_the_two_arguments_in_both_modes():
    g = dt.gradient(lambda a, b: dnp.maximum(a, b), argnums=(0, 1))(1.0, 1.0)
    assert tuple(float(v) for v in g) == (0.5, 0.5)
    assert dt.jvp(lambda a, b: dnp.maximum(a, b), (1.0, 1.0), (1.0, 1.0))[1] == 1.0
    g = dt.gradient(lambda a, b: dnp.minimum(a, b), argnums=(0, 1))(2.0, 2.0)
    assert tuple(float(v) for v in g) == (0.5, 0.5)


@pytest.mark.parametrize("red", [dnp.max, dnp.min])
def test_max_and_min_ties_share_the_derivative_equally_in_every_mode(red):
    x = np.array([3.0, -1.0, 3.0, 3.0]) * (1 if red is dnp.max else -1)
    expected = np.array([1, 0, 1, 1]) / 3.0
    np.testing.assert_allclose(dt.gradient(red)(x), expected, rtol=1e-15)
    np.testing.assert_allclose(dt.jacobian(red, mode="forward")(x), expected, rtol=1e-15)
    np.testing.assert_allclose([dt.jvp(red, (x,), (np.eye(4)[i],))[1] for i in range(4)],
                               expected, rtol=1e-15)


# --- reductions with axis / keepdims --------------------------------------------------------------

@pytest.mark.parametrize("name", ["sum", "mean", "prod", "max", "min"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_values_and_jacobians_for_every_axis_and_keepdims(name, axis, keepdims):
    x = rand(2, 3, 4, low=0.5, high=1.5)       # distinct values: no ties, no zeros
    fn = getattr(dnp, name)
    np.testing.assert_allclose(fn(x, axis=axis, keepdims=keepdims),
                               getattr(np, name)(x, axis=axis, keepdims=keepdims), rtol=1e-14)
    assert_all_modes_match_fd(lambda a: fn(a, axis=axis, keepdims=keepdims), x)


def test_prod_gradient_is_exact_with_one_and_with_two_zeros():
    # d/dx_i prod(x) = product of the others, written out by hand.
    np.testing.assert_array_equal(dt.gradient(dnp.prod)(np.array([2.0, 0.0, 5.0])), [0.0, 10.0, 0.0])
    np.testing.assert_array_equal(dt.gradient(dnp.prod)(np.array([0.0, 3.0, 0.0])), [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(dt.jacobian(dnp.prod, mode="forward")(np.array([2.0, 0.0, 5.0])),
                                  [0.0, 10.0, 0.0])


# --- matmul with NumPy's batching rules, dot -------------------------------------------------------

MATMUL_SHAPES = [((3,), (3, 4)), ((2, 3), (3,)), ((3,), (3,)), ((2, 3), (3, 4)),
                 ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((3, 1, 2, 4), (2, 4, 3)),
                 ((4,), (2, 4, 3)), ((2, 2, 3), (3,))]


@pytest.mark.parametrize("sa, sb", MATMUL_SHAPES)
def test_matmul_value_and_jacobians_follow_numpy_batching(sa, sb):
    a, b = rand(*sa), rand(*sb)
    np.testing.assert_allclose(dnp.matmul(a, b), np.matmul(a, b), rtol=1e-14)
    assert_all_modes_match_fd(lambda x: dnp.matmul(x, b), a)
    assert_all_modes_match_fd(lambda y: dnp.matmul(a, y), b)


def test_matmul_operator_on_boxes_is_the_matmul_primitive():
    a, b = rand(2, 3), rand(3, 2)
    d = dt.Dual(a, np.ones_like(a)) @ b
    np.testing.assert_allclose(d.primal, a @ b, rtol=1e-15)
    np.testing.assert_allclose(d.tangent, np.ones_like(a) @ b, rtol=1e-15)


@pytest.mark.parametrize("sa, sb", [((), ()), ((), (3,)), ((3,), ()), ((3,), (3,)), ((2, 3), (3,)),
                                    ((3,), (3, 2)), ((2, 3), (3, 4)), ((2, 3), (4, 3, 2)),
                                    ((2, 2, 3), (4, 3, 2))])
def test_dot_matches_numpy_dot_and_finite_differences(sa, sb):
    a, b = (rand(*sa) if sa else 0.7), (rand(*sb) if sb else -1.3)
    np.testing.assert_allclose(dnp.dot(a, b), np.dot(a, b), rtol=1e-14)
    if sa:
        assert_all_modes_match_fd(lambda x: dnp.dot(x, b), a)
    if sb:
        assert_all_modes_match_fd(lambda y: dnp.dot(a, y), b)


# --- transpose, shapes -------------------------------------------------------------------------------

@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (0, 2, 1), (-1, 0, 1)])
def test_transpose_with_axes_moves_values_and_derivatives_like_numpy(axes):
    x = rand(2, 3, 4)
    np.testing.assert_array_equal(dnp.transpose(x, axes), np.transpose(x, axes))
    assert_all_modes_match_fd(lambda a: dnp.transpose(a, axes) * np.arange(24.0).reshape(
        np.transpose(x, axes).shape), x)


SHAPE_OPS = {
    "concatenate-axis0": (lambda a: dnp.concatenate([a, 2.0 * a, np.ones((1, 3))], axis=0),
                          lambda a: np.concatenate([a, 2.0 * a, np.ones((1, 3))], axis=0)),
    "concatenate-axis-1": (lambda a: dnp.concatenate([a, a[:, :1]], axis=-1),
                           lambda a: np.concatenate([a, a[:, :1]], axis=-1)),
    "stack-axis1": (lambda a: dnp.stack([a, a * a], axis=1), lambda a: np.stack([a, a * a], axis=1)),
    "expand_dims": (lambda a: dnp.expand_dims(a, (0, 2)), lambda a: np.expand_dims(a, (0, 2))),
    "squeeze": (lambda a: dnp.squeeze(dnp.expand_dims(a, 1) * 2.0, 1),
                lambda a: np.squeeze(np.expand_dims(a, 1) * 2.0, 1)),
    "reshape-1": (lambda a: dnp.reshape(a, -1) * np.arange(6.0), lambda a: np.reshape(a, -1) * np.arange(6.0)),
    "reshape(3,-1)": (lambda a: dnp.reshape(a, (3, -1)), lambda a: np.reshape(a, (3, -1))),
    "broadcast_to": (lambda a: dnp.broadcast_to(a[0], (4, 3)) * np.arange(12.0).reshape(4, 3),
                     lambda a: np.broadcast_to(a[0], (4, 3)) * np.arange(12.0).reshape(4, 3)),
}


@pytest.mark.parametrize("name", sorted(SHAPE_OPS))
def test_shape_operation_values_match_numpy_and_jacobians_match_fd(name):
    ours, theirs = SHAPE_OPS[name]
    x = rand(2, 3)
    np.testing.assert_array_equal(ours(x), theirs(x))
    assert_all_modes_match_fd(ours, x)


# --- getitem ------------------------------------------------------------------------------------------

INDICES = {
    "basic slices": (slice(1, None), slice(None, 2)),
    "negative step": (slice(None, None, -1), slice(None, None, -2)),
    "None": (None, 1, slice(None)),
    "Ellipsis": (Ellipsis, 0),
    "integer": (2,),
    "integer array repeated": (np.array([0, 2, 2, 3, 0]),),
    "boolean mask": (np.array([[True, False, True], [False, False, True],
                               [True, True, True], [False, False, False]]),),
    "boolean row mask": (np.array([True, False, True, True]),),
    "mixed advanced": (np.array([1, 3, 1]), np.array([0, 2, 0])),
    "advanced and slice": (slice(None, 3), np.array([2, 0, 2])),
    "list index": ([0, 0, 1],),
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_getitem_value_matches_numpy_and_adjoint_accumulates(name):
    index = INDICES[name]
    x = rand(4, 3)
    np.testing.assert_array_equal(dnp.getitem(x, index), x[index])
    assert_all_modes_match_fd(lambda a: dnp.getitem(a, index), x)


def test_getitem_adjoint_counts_each_repeat_of_an_index():
    # sum(x[[0, 0, 2, 0]]) counts x0 three times and x2 once.
    g = dt.gradient(lambda x: x[np.array([0, 0, 2, 0])].sum())(np.ones(3))
    np.testing.assert_array_equal(g, [3.0, 0.0, 1.0])


def test_indexing_operator_on_dual_and_tensor_uses_getitem():
    x = np.arange(12.0).reshape(4, 3)
    d = dt.Dual(x, np.ones_like(x))[1:, ::-1]
    np.testing.assert_array_equal(d.primal, x[1:, ::-1])
    v = dt.Variable(x)
    with dt.GradientTape() as tape:
        y = v[..., 1].sum() + v[np.array([0, 0])].sum()
    expected = np.zeros((4, 3))
    expected[:, 1] += 1.0
    expected[0] += 2.0
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), expected)


def test_repeated_derivatives_of_an_integer_power_end_in_exact_zeros_at_the_origin():
    # d^k/dx^k x**3 at 0: 0, 0, 6, then 0 for k >= 4 (not 0 * inf = nan), in every mode
    expected = {1: 0.0, 2: 0.0, 3: 6.0, 4: 0.0, 5: 0.0, 6: 0.0}
    for mode in ("jet", "forward", "reverse"):
        for k, value in expected.items():
            assert dt.derivative(lambda x: x ** 3, order=k, mode=mode)(0.0) == value, (mode, k)
