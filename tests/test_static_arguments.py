"""Static (non-differentiable) arguments are taken as NumPy takes them: counts
must be integers, a condition array shapes the result, and an index or mask
array is read when the call is made, never later."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def test_where_with_an_array_condition_and_number_branches_is_numpys_array():
    # np.where([True, False], 1.0, 2.0) == [1.0, 2.0]
    np.testing.assert_array_equal(dnp.where(np.array([True, False]), 1.0, 2.0), [1.0, 2.0])
    # d/dx Σ where([T, F], x, 2) = 1 (one element is x)
    assert dt.gradient(lambda x: dnp.where(np.array([True, False]), x, 2.0).sum())(3.0) == 1.0


# --- counts must be integers ----------------------------------------------------------------

@pytest.mark.parametrize("reps", [3.7, 3.0, (2, 1.5), np.array([2.0])])
def test_tile_refuses_a_count_that_is_not_an_integer_as_numpy_does(reps):
    with pytest.raises(TypeError):                      # NumPy's own refusal, pinned
        np.tile(np.ones(2), reps)
    with pytest.raises(TypeError, match="tile: counts must be integers"):
        dnp.tile(np.ones(2), reps)


def test_tile_takes_the_integer_counts_numpy_takes():
    x = np.array([1.0, 2.0])
    for reps in (3, np.int64(2), np.array(2), [2, 2], True, ()):
        np.testing.assert_array_equal(dnp.tile(x, reps), np.tile(x, reps))


@pytest.mark.parametrize("repeats", [3.7, [1.5, 2.0], np.array([1.5, 2.0])])
def test_repeat_refuses_a_count_that_is_not_an_integer(repeats):
    # NumPy raises TypeError for a float array of counts (and truncates a float
    # scalar or list); an error that names the count is the one safe answer
    with pytest.raises(TypeError, match="repeat: counts must be integers"):
        dnp.repeat(np.ones(2), repeats)


def test_repeat_takes_integer_and_boolean_counts_as_numpy_does():
    x = np.array([1.0, 2.0])
    for repeats in (2, np.int64(2), [1, 3], True):
        np.testing.assert_array_equal(dnp.repeat(x, repeats), np.repeat(x, repeats))


# --- index arrays and masks are read at the call ------------------------------------------------

V0 = np.array([1.0, 2.0, 3.0, 4.0])


def _gather_gradient(idx):
    """∇ Σ v[idx]² by NumPy: 2 v[idx] scattered back, repeated indices adding up."""
    g = np.zeros_like(V0)
    np.add.at(g, idx, 2.0 * V0[idx])
    return g


def _mask_gradient(mask):
    """∇ Σ where(mask, v², 0) by NumPy: 2 v where the mask holds."""
    return np.where(mask, 2.0 * V0, 0.0)


def _quantile_gradient(q):
    """∇ Σ quantile(v, q) by central differences of NumPy's quantile (linear pieces)."""
    h = 1e-6
    return np.array([(np.quantile(V0 + h * e, q).sum() - np.quantile(V0 - h * e, q).sum()) / (2 * h)
                     for e in np.eye(len(V0))])


# (loss of v and the static array, the array as given, the in-place change after
# recording, the NumPy gradient at the array as given)
CASES = {
    "getitem": (lambda v, idx: dnp.sum(v[idx] ** 2), np.array([0, 0, 2]),
                lambda idx: idx.__setitem__(slice(None), 1), _gather_gradient),
    "take": (lambda v, idx: dnp.sum(dnp.take(v, idx) ** 2), np.array([3, 0, 3]),
             lambda idx: idx.__setitem__(slice(None), 1), _gather_gradient),
    "boolean index": (lambda v, m: dnp.sum(v[m] ** 2), np.array([True, False, True, False]),
                      lambda m: np.logical_not(m, out=m), _mask_gradient),
    "where": (lambda v, m: dnp.sum(dnp.where(m, v * v, 0.0)), np.array([True, False, True, True]),
              lambda m: np.logical_not(m, out=m), _mask_gradient),
    "quantile": (lambda v, q: dnp.sum(dnp.quantile(v, q)), np.array([0.4, 0.9]),
                 lambda q: q.__setitem__(slice(None), 0.0), _quantile_gradient),
}


@pytest.mark.parametrize("case", CASES)
def test_changing_a_static_array_after_recording_leaves_the_tape_gradient_alone(case):
    loss, given, change, numpy_gradient = CASES[case]
    static = given.copy()
    expected = numpy_gradient(given)
    v = dt.Variable(V0.copy())
    with dt.GradientTape() as tape:
        y = loss(v, static)
    change(static)
    assert not np.array_equal(static, given)            # the caller's array did change
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), expected, rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("case", CASES)
def test_changing_a_static_array_before_the_pullback_leaves_the_vjp_alone(case):
    loss, given, change, numpy_gradient = CASES[case]
    static = given.copy()
    expected = numpy_gradient(given)
    _, pullback = dt.vjp(lambda v: loss(v, static), V0.copy())
    change(static)
    assert not np.array_equal(static, given)
    np.testing.assert_allclose(pullback(1.0)[0], expected, rtol=1e-8, atol=1e-8)
