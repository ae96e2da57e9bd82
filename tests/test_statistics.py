"""Statistics and cumulative reductions: NumPy's values on axis variants, and
forward = reverse = finite differences for every variant; the conventions at
ties, zeros and NaN."""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import assert_all_modes_match_fd, numeric_jacobian

RNG = np.random.default_rng(7)
X = RNG.normal(size=(2, 3, 4))

AXES = [dict(), dict(axis=0), dict(axis=-1), dict(axis=(0, 2)), dict(axis=(2, 0), keepdims=True),
        dict(axis=1, keepdims=True)]


@pytest.mark.parametrize("kw", AXES + [dict(axis=-1, ddof=1), dict(axis=(0, 1), ddof=2, keepdims=True)])
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_match_numpy_and_all_modes_agree(name, kw):
    fn, np_fn = getattr(dnp, name), getattr(np, name)
    np.testing.assert_allclose(fn(X, **kw), np_fn(X, **kw), rtol=1e-14)
    assert np.shape(fn(X, **kw)) == np.shape(np_fn(X, **kw))
    assert_all_modes_match_fd(lambda x: fn(x, **kw), X)


def test_var_gradient_is_the_closed_form():
    x = np.array([1.0, 2.0, 6.0, 3.0])
    # d var / dx_i = 2 (x_i − mean) / (n − ddof)
    np.testing.assert_allclose(dt.gradient(lambda a: dnp.var(a, ddof=1))(x), 2 * (x - x.mean()) / 3, rtol=1e-15)
    np.testing.assert_allclose(dt.gradient(dnp.std)(x), (x - x.mean()) / (4 * x.std()), rtol=1e-15)


def test_var_hessian_is_the_centering_matrix_in_every_mode():
    x = RNG.normal(size=4)
    expected = 2 * (np.eye(4) - 1 / 4) / 4            # ∂² var = 2/n (I − 11ᵀ/n)
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        np.testing.assert_allclose(dt.hessian(dnp.var, mode=mode)(x), expected, atol=1e-15)


def _norm_of_deviations(x, ddof=0):
    """std written as the norm of the deviations over √(N − ddof): the norm convention."""
    return dnp.linalg.norm(x - dnp.mean(x)) / np.sqrt(np.size(x) - ddof)


@pytest.mark.parametrize("ddof", [0, 1])
def test_std_at_zero_spread_has_derivative_zero_as_the_norm_of_the_deviations(ddof):
    # README: every vector norm has derivative 0 at the zero vector; std is the norm of the
    # deviations from the mean over √(N − ddof), so at equal entries its derivative is 0 too
    # (TensorFlow's reduce_std and JAX's std give NaN there)
    flat = np.full(4, 2.5)
    std = lambda x: dnp.std(x, ddof=ddof)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                    # no 0/0 on the way
        for derivative in (dt.gradient(std)(flat), dt.jacfwd(std)(flat),
                           dt.gradient(lambda x: _norm_of_deviations(x, ddof))(flat)):
            np.testing.assert_array_equal(derivative, np.zeros(4))
        for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
            np.testing.assert_array_equal(dt.hessian(std, mode=mode)(flat), np.zeros((4, 4)))
    # along a line through the flat point std is |t|·std(v): abs's kink, abs'(0) = 0
    v = np.array([1.0, -2.0, 0.5, 0.0])
    assert dt.taylor(lambda t: std(flat + t * v), 0.0, order=3) == [0.0, 0.0, 0.0, 0.0]
    # away from it the two spellings agree in every mode, and with finite differences
    x = np.array([1.0, 2.0, 6.0, 3.0])
    np.testing.assert_allclose(dt.gradient(std)(x), dt.gradient(lambda x: _norm_of_deviations(x, ddof))(x),
                               rtol=1e-14)
    assert_all_modes_match_fd(std, x)


def test_std_at_zero_spread_along_one_axis_only_and_through_a_tape():
    x = np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]])      # row 0 has no spread, row 1 has
    g = dt.gradient(lambda a: dnp.std(a, axis=1).sum())(x)
    row = x[1] - x[1].mean()
    np.testing.assert_allclose(g, [np.zeros(3), row / (3 * x[1].std())], rtol=1e-14)
    w = dt.Variable([3.0, 3.0])
    with dt.GradientTape() as tape:
        loss = dt.tensorflow.math.reduce_std(w)
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), [0.0, 0.0])


def test_sqrt_of_var_at_zero_spread_is_zero_in_both_modes():
    # forward mode drops var's zero tangent before sqrt'(0) = inf; reverse mode drops the
    # infinite cotangent at var's zero deviations: both 0, not NaN
    f = lambda x: dnp.sqrt(dnp.var(x))
    with np.errstate(divide="ignore", invalid="ignore"):      # sqrt'(0) = inf, as NumPy warns
        np.testing.assert_array_equal(dt.gradient(f)(np.ones(3)), np.zeros(3))
        np.testing.assert_array_equal(dt.jacfwd(f)(np.ones(3)), np.zeros(3))


@pytest.mark.parametrize("kw", [dict(), dict(axis=0), dict(axis=1), dict(axis=-1)])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumulative_reductions_match_numpy_and_all_modes_agree(name, kw):
    x = RNG.normal(size=(3, 4))
    fn, np_fn = getattr(dnp, name), getattr(np, name)
    np.testing.assert_allclose(fn(x, **kw), np_fn(x, **kw), rtol=1e-15)
    assert_all_modes_match_fd(lambda a: fn(a, **kw), x)


def test_cumsum_adjoint_is_a_reversed_cumulative_sum():
    np.testing.assert_array_equal(dt.gradient(lambda a: dnp.sum(dnp.cumsum(a)))(np.ones(4)), [4, 3, 2, 1])


@pytest.mark.parametrize("x", [np.array([2.0, 0.0, 5.0, 3.0]), np.array([0.0, 0.0, 5.0, -1.5]),
                               np.array([3.0, 1.5, -2.0, 0.0]), np.zeros(4)])
def test_cumprod_jacobian_is_exact_with_zeros(x):
    # ∂ cumprod(x)_i / ∂ x_j = prod_{k <= i, k != j} x_k for j <= i, written out directly
    n = len(x)
    expected = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1):
            expected[i, j] = np.prod([x[k] for k in range(i + 1) if k != j])
    for mode in ("forward", "reverse"):
        np.testing.assert_array_equal(dt.jacobian(dnp.cumprod, mode=mode)(x), expected)


def test_cumprod_with_zeros_on_an_axis_agrees_in_all_modes():
    x = RNG.normal(size=(3, 4))
    x[1, 2] = x[0, 0] = 0.0
    for axis in (0, 1):
        assert_all_modes_match_fd(lambda a: dnp.cumprod(a, axis=axis), x)


def test_cumprod_second_derivative_with_a_zero_matches_the_closed_form():
    # f(x) = cumprod(x)[-1] = x0 x1 x2; ∂²f/∂x0∂x2 = x1, ∂²f/∂x0∂x1 = x2
    x = np.array([0.0, 2.0, 3.0])
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        h = dt.hessian(lambda a: dnp.cumprod(a)[-1], mode=mode)(x)
        np.testing.assert_array_equal(h, [[0.0, 3.0, 2.0], [3.0, 0.0, 0.0], [2.0, 0.0, 0.0]])


# --- average ----------------------------------------------------------------------------------

def test_average_without_weights_is_the_mean():
    np.testing.assert_allclose(dnp.average(X, axis=(0, 2)), np.average(X, axis=(0, 2)), rtol=1e-15)
    avg, count = dnp.average(X, axis=1, returned=True)
    ref_avg, ref_count = np.average(X, axis=1, returned=True)
    np.testing.assert_allclose(avg, ref_avg, rtol=1e-15)
    np.testing.assert_array_equal(count, ref_count)


@pytest.mark.parametrize("axis, wshape", [(None, (2, 3, 4)), (1, (3,)), ((0, 2), (2, 4)), ((2, 0), (4, 2))])
def test_weighted_average_matches_numpy_and_differentiates_in_values_and_weights(axis, wshape):
    w = RNG.uniform(0.5, 2.0, wshape)
    np.testing.assert_allclose(dnp.average(X, axis=axis, weights=w), np.average(X, axis=axis, weights=w),
                               rtol=1e-14)
    assert_all_modes_match_fd(lambda a: dnp.average(a, axis=axis, weights=w), X)
    assert_all_modes_match_fd(lambda v: dnp.average(X, axis=axis, weights=v), w)


def test_weighted_average_returned_sum_of_weights_is_differentiable():
    w = np.array([1.0, 2.0, 3.0])
    a = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, -1.0]])
    avg, scl = dnp.average(a, axis=1, weights=w, returned=True)
    ref_avg, ref_scl = np.average(a, axis=1, weights=w, returned=True)
    np.testing.assert_allclose(avg, ref_avg, rtol=1e-15)
    np.testing.assert_array_equal(scl, ref_scl)
    g = dt.gradient(lambda v: dnp.sum(dnp.average(a, axis=1, weights=v, returned=True)[1]))(w)
    np.testing.assert_array_equal(g, [2.0, 2.0, 2.0])          # Σ over 2 rows of Σ w


def test_average_rejects_weights_that_sum_to_zero_and_mismatched_shapes():
    with pytest.raises(ZeroDivisionError):
        dnp.average(np.ones(2), weights=np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match="shape of weights"):
        dnp.average(np.ones((2, 3)), axis=0, weights=np.ones(3))
    with pytest.raises(TypeError, match="axis must be specified"):
        dnp.average(np.ones((2, 3)), weights=np.ones(3))


# --- order statistics ------------------------------------------------------------------------

def test_ptp_matches_numpy_and_sends_plus_and_minus_one_to_the_extremes():
    np.testing.assert_allclose(dnp.ptp(X, axis=(0, 2)), np.ptp(X, axis=(0, 2)), rtol=1e-15)
    np.testing.assert_array_equal(dt.gradient(dnp.ptp)(np.array([1.0, 4.0, 2.0, -3.0])), [0, 1, 0, -1])
    assert_all_modes_match_fd(lambda a: dnp.ptp(a, axis=1, keepdims=True), X)


@pytest.mark.parametrize("kw", AXES)
def test_median_matches_numpy_and_all_modes_agree(kw):
    np.testing.assert_allclose(dnp.median(X, **kw), np.median(X, **kw), rtol=1e-15)
    assert np.shape(dnp.median(X, **kw)) == np.shape(np.median(X, **kw))
    assert_all_modes_match_fd(lambda a: dnp.median(a, **kw), X)


@pytest.mark.parametrize("q", [0.0, 0.3, 1.0, np.array([0.1, 0.5, 0.95]), np.array([[0.25], [0.8]])])
@pytest.mark.parametrize("kw", [dict(), dict(axis=1), dict(axis=(0, 2), keepdims=True)])
def test_quantile_and_percentile_match_numpy_and_all_modes_agree(q, kw):
    np.testing.assert_allclose(dnp.quantile(X, q, **kw), np.quantile(X, q, **kw), rtol=1e-15)
    assert np.shape(dnp.quantile(X, q, **kw)) == np.shape(np.quantile(X, q, **kw))
    np.testing.assert_allclose(dnp.percentile(X, 100 * np.asarray(q), **kw),
                               np.percentile(X, 100 * np.asarray(q), **kw), rtol=1e-14)
    assert_all_modes_match_fd(lambda a: dnp.quantile(a, q, **kw), X)


def test_quantile_weights_are_the_linear_interpolation_weights():
    x = np.array([4.0, 1.0, 3.0, 10.0, 7.0])                  # sorted: 1 3 4 7 10
    # q = 0.3: position 0.3·4 = 1.2 → 0.8·sorted[1] + 0.2·sorted[2] = 0.8·x[2] + 0.2·x[0]
    np.testing.assert_allclose(dt.gradient(lambda a: dnp.quantile(a, 0.3))(x), [0.2, 0, 0.8, 0, 0], atol=1e-15)


def test_median_ties_share_the_derivative_equally_in_both_modes():
    x = np.array([2.0, 1.0, 2.0, 5.0, 2.0])
    expected = np.array([1, 0, 1, 0, 1]) / 3
    np.testing.assert_allclose(dt.gradient(dnp.median)(x), expected, rtol=1e-15)
    np.testing.assert_allclose(dt.jvp(dnp.median, (x,), (np.ones(5),))[1], 1.0, rtol=1e-15)


def test_quantile_rejects_levels_outside_the_unit_interval_and_differentiable_levels():
    with pytest.raises(ValueError, match="range"):
        dnp.quantile(X, 1.5)
    with pytest.raises(TypeError, match="not differentiable"):
        dt.gradient(lambda q: dnp.quantile(X, q))(0.5)
    with pytest.raises(NotImplementedError, match="linear"):
        dnp.quantile(X, 0.5, method="nearest")


# --- NaN-ignoring reductions ------------------------------------------------------------------

XN = X.copy()
XN[0, 1, 2] = XN[1, 0, 0] = XN[1, 2, 3] = np.nan


@pytest.mark.parametrize("kw", AXES)
@pytest.mark.parametrize("name", ["nansum", "nanmean", "nanmax", "nanmin"])
def test_nan_reductions_match_numpy_with_zero_derivative_at_nan(name, kw):
    fn, np_fn = getattr(dnp, name), getattr(np, name)
    np.testing.assert_allclose(fn(XN, **kw), np_fn(XN, **kw), rtol=1e-14)
    fwd = np.asarray(dt.jacobian(lambda a: fn(a, **kw), mode="forward")(XN))
    rev = np.asarray(dt.jacobian(lambda a: fn(a, **kw), mode="reverse")(XN))
    fd = numeric_jacobian(lambda a: np_fn(a, **kw), XN)
    np.testing.assert_allclose(fwd, rev, rtol=1e-15)
    finite = ~np.isnan(XN)                     # a finite-difference step cannot move a NaN entry
    np.testing.assert_allclose(fwd[..., finite], fd[..., finite], rtol=1e-6, atol=1e-8)
    assert not np.any(fwd[..., ~finite])


def test_nanmax_nanmin_ties_share_the_derivative():
    x = np.array([3.0, np.nan, 3.0, 1.0, 1.0])
    np.testing.assert_array_equal(dt.gradient(dnp.nanmax)(x), [0.5, 0, 0.5, 0, 0])
    np.testing.assert_array_equal(dt.gradient(dnp.nanmin)(x), [0, 0, 0, 0.5, 0.5])


@pytest.mark.parametrize("name", ["nanmax", "nanmin"])
def test_an_all_nan_slice_gives_nan_and_derivative_zero_in_nanmax_nanmin(name):
    fn, np_fn = getattr(dnp, name), getattr(np, name)
    x = np.array([[np.nan, np.nan, np.nan], [1.0, 4.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # NumPy's "All-NaN slice encountered"
        np.testing.assert_array_equal(fn(x, axis=1), np_fn(x, axis=1))
        fwd = np.asarray(dt.jacobian(lambda a: fn(a, axis=1), mode="forward")(x))
        rev = np.asarray(dt.jacobian(lambda a: fn(a, axis=1), mode="reverse")(x))
    fd_row = numeric_jacobian(lambda r: np_fn(r), x[1])       # the finite row alone
    for jac in (fwd, rev):
        np.testing.assert_array_equal(jac[0], np.zeros((2, 3)))
        np.testing.assert_array_equal(jac[1, 0], np.zeros(3))
        np.testing.assert_allclose(jac[1, 1], fd_row, rtol=1e-6, atol=1e-8)


def test_max_of_a_slice_holding_nan_has_a_nan_derivative_in_both_modes():
    # No element equals the NaN maximum, so there is no derivative to share: NaN, never 0.
    x = np.array([1.0, np.nan, 3.0])
    assert np.isnan(dnp.max(x))
    assert np.all(np.isnan(dt.gradient(dnp.max)(x)))
    assert np.all(np.isnan(np.asarray(dt.jacobian(dnp.min, mode="forward")(x))))


# --- max / min with axis tuples -------------------------------------------------------------

@pytest.mark.parametrize("kw", AXES)
@pytest.mark.parametrize("name", ["max", "min", "amax", "amin"])
def test_max_min_accept_axis_tuples_and_all_modes_agree(name, kw):
    fn, np_fn = getattr(dnp, name), getattr(np, name)
    np.testing.assert_array_equal(fn(X, **kw), np_fn(X, **kw))
    assert_all_modes_match_fd(lambda a: fn(a, **kw), X)


def test_numpy_statistics_on_boxes_route_to_these_entries():
    w = RNG.uniform(0.5, 2.0, 4)

    def stats(a):
        return (np.var(a, axis=0) + np.std(a, axis=(0, 2), ddof=1)[:, None] + np.median(a, axis=0)
                + np.quantile(a, 0.7, axis=0) + np.percentile(a, 20, axis=0) + np.cumsum(a, axis=0)[-1]
                + np.cumprod(a, axis=2)[0] + np.average(a, axis=2, weights=w)[0][:, None]
                + np.ptp(a, axis=0) + np.nansum(a, axis=0) + np.nanmean(a, axis=0)
                + np.nanmax(a, axis=0) + np.nanmin(a, axis=0) + np.amax(a, axis=(0,)))

    assert_all_modes_match_fd(stats, X)
    np.testing.assert_allclose(dt.jvp(stats, (X,), (np.ones_like(X),))[0], stats(X), rtol=1e-15)


def test_every_entry_passes_the_audit():
    report = dt.check_primitives(["var", "std", "cumsum", "cumprod", "quantile", "median", "nansum",
                                  "nanmax", "nanmin", "max", "min"])
    assert report.ok, str(report)
