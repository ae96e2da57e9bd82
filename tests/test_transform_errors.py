"""Errors from the functional transforms name the transform the user called, what
was given, and the fix."""
import re

import numpy as np
import pytest

import dualtape as dt


def test_a_tape_jacobian_of_an_integer_source_says_to_pass_floats():
    # before: "reshape: cannot reshape array of size 3 into shape (3, 3)"; TensorFlow gives
    # None for an integer source, dualtape refuses a Jacobian it cannot give
    x = dt.Variable(np.arange(3))
    with dt.GradientTape() as tape:
        y = x * 2
    with pytest.warns(UserWarning, match="integer type"), \
            pytest.raises(TypeError, match=re.escape(
                "jacobian: source 0 (shape (3,)) has no derivative: an integer or boolean value "
                "carries none. Pass floats: Variable(3.0) rather than Variable(3), or "
                "x.astype(float).")):
        tape.jacobian(y, x)
