"""The linear entries of the table: each is registered by `deflinear` from its
adjoint alone (its tangent rule is the entry applied to the tangent), except
``nansum``, whose derivative skips the places where x is NaN."""
import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE

DERIVED_TANGENT = "deflinear.<locals>.tangent"


def _tangent_is_derived_or_zero(prim):
    tangent = prim.tangent
    if isinstance(tangent, tuple):          # a zero map: every part None
        return all(part is None for part in tangent)
    return tangent.__qualname__ == DERIVED_TANGENT


def test_every_linear_entry_but_nansum_takes_its_tangent_rule_from_deflinear():
    linear = {name for name, prim in TABLE.items() if prim.linear}
    assert {"sum", "mean", "cumsum", "reshape", "getitem", "fft.fftn"} <= linear
    hand_written = sorted(name for name in linear if not _tangent_is_derived_or_zero(TABLE[name]))
    assert hand_written == ["nansum"]


def test_the_linear_reductions_pass_the_audit_with_batched_tangents():
    report = dt.check_primitives(["sum", "mean", "cumsum", "nansum"])
    assert report.ok, str(report)


def test_forward_jacobians_of_the_linear_reductions_are_their_matrices():
    # one forward pass with a batch of 4 directions; the matrices by hand:
    # cumsum is the lower triangle of ones, mean a row of 1/4, sum over axis 0
    # of a (2, 2) array adds the rows
    np.testing.assert_array_equal(dt.jacobian(dnp.cumsum, mode="forward")(np.zeros(4)),
                                  np.tril(np.ones((4, 4))))
    np.testing.assert_array_equal(dt.jacobian(dnp.mean, mode="forward")(np.zeros(4)),
                                  np.full(4, 0.25))
    jac = dt.jacobian(lambda x: dnp.sum(x, axis=0, keepdims=True), mode="forward")(np.zeros((2, 2)))
    np.testing.assert_array_equal(jac.reshape(2, 4), [[1, 0, 1, 0], [0, 1, 0, 1]])


def test_nansum_tangent_skips_the_nan_places_as_its_adjoint_does():
    # nansum([1, nan, 2]) = 3; moving every element by 1 moves the sum by 2 (the
    # NaN element does not count), the same as ⟨∇ nansum, ones⟩ = ⟨[1, 0, 1], ones⟩
    x = np.array([1.0, np.nan, 2.0])
    value, tangent = dt.jvp(dnp.nansum, (x,), (np.ones(3),))
    assert (value, tangent) == (3.0, 2.0)
    np.testing.assert_array_equal(dt.gradient(dnp.nansum)(x), [1.0, 0.0, 1.0])
