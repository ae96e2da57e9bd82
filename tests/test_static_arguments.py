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
