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
