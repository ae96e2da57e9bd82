"""Products: einsum (the primitive) and vdot, inner, outer, tensordot, kron,
cross, trace (compositions).  Values are pinned against NumPy's own functions,
derivatives against finite differences and against the other mode."""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import assert_derivatives_match

rng = np.random.default_rng(7)


def randn(*s):
    return rng.standard_normal(s)


# --- einsum ------------------------------------------------------------------------------

EINSUM_CASES = [
    ("ii->i", [(3, 3)]),
    ("ii", [(4, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("i,i", [(4,), (4,)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ij,jk,ki", [(2, 3), (3, 4), (4, 2)]),
    ("iji->ij", [(3, 2, 3)]),
    ("iij,j->j", [(2, 2, 3), (3,)]),
    ("i,j->ij", [(3,), (2,)]),
    ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij,k->k", [(2, 3), (4,)]),
    ("...i->...", [(2, 3)]),
    ("i...->...", [(2, 3)]),
    ("Ab,bA", [(2, 3), (3, 2)]),
    ("Ba,bA", [(2, 3), (1, 2)]),
    ("ij,ij->ij", [(1, 3), (2, 3)]),
    (" ij , jk -> ki ", [(2, 3), (3, 2)]),
]


@pytest.mark.parametrize("subscripts,shapes", EINSUM_CASES)
def test_einsum_value_matches_numpy(subscripts, shapes):
    ops = [randn(*s) for s in shapes]
    np.testing.assert_allclose(dnp.einsum(subscripts, *ops), np.einsum(subscripts, *ops),
                               rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("subscripts,shapes", EINSUM_CASES)
def test_einsum_jacobians_forward_reverse_and_finite_differences_agree(subscripts, shapes):
    ops = [randn(*s) for s in shapes]
    assert_derivatives_match(lambda *xs: dnp.einsum(subscripts, *xs), *ops)


def test_einsum_interleaved_sublist_form_matches_numpy():
    a, b = randn(2, 3), randn(3, 4)
    np.testing.assert_allclose(dnp.einsum(a, [0, 1], b, [1, 2], [2, 0]),
                               np.einsum(a, [0, 1], b, [1, 2], [2, 0]), rtol=1e-13)
    c = randn(2, 3)
    np.testing.assert_allclose(dnp.einsum(c, [0, Ellipsis], np.ones(3), [Ellipsis]),
                               np.einsum(c, [0, Ellipsis], np.ones(3), [Ellipsis]), rtol=1e-13)


def test_einsum_diagonal_adjoint_embeds_on_the_diagonal():
    # d/dA sum_i A_ii^3 = diag(3 A_ii^2): the cotangent lives on the diagonal only
    a = randn(3, 3)
    g = dt.gradient(lambda x: dnp.sum(dnp.einsum("ii->i", x) ** 3))(a)
    np.testing.assert_allclose(g, np.diag(3 * np.diag(a) ** 2), rtol=1e-14)


def test_einsum_diagonal_second_derivative_forward_over_reverse_and_reverse_over_reverse():
    # f(A) = sum_i A_ii^3 has Hessian H[ij, kl] = 6 A_ii when i = j = k = l, else 0.
    a = randn(3, 3)

    def f(x):
        return dnp.sum(dnp.einsum("ii->i", x) ** 3)
    expected = np.zeros((3, 3, 3, 3))
    for i in range(3):
        expected[i, i, i, i] = 6 * a[i, i]
    fwd_rev = dt.jacobian(dt.gradient(f), mode="forward")(a)
    rev_rev = dt.jacobian(dt.gradient(f), mode="reverse")(a)
    np.testing.assert_allclose(fwd_rev, expected, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(rev_rev, expected, rtol=1e-13, atol=1e-13)


def test_einsum_trace_of_cube_gradient_and_hessian_match_closed_form():
    # d/dA tr(A^3) = 3 (A^2)^T; its derivative in direction V is 3 (A V + V A)^T.
    a, v = randn(3, 3), randn(3, 3)

    def f(x):
        return dnp.einsum("ij,jk,ki", x, x, x)
    np.testing.assert_allclose(f(a), np.trace(a @ a @ a), rtol=1e-13)
    np.testing.assert_allclose(dt.gradient(f)(a), 3 * (a @ a).T, rtol=1e-12)
    _, hv = dt.jvp(dt.gradient(f), (a,), (v,))
    np.testing.assert_allclose(hv, 3 * (a @ v + v @ a).T, rtol=1e-12, atol=1e-13)


def test_numpy_einsum_on_boxes_routes_to_the_table():
    a, b = randn(2, 3), randn(3)
    y = dt.jvp(lambda x: np.einsum("ij,j->i", x, b), (a,), (np.ones((2, 3)),))[1]
    np.testing.assert_allclose(y, np.full(2, b.sum()), rtol=1e-14)


def test_einsum_bad_subscripts_raise_clear_errors():
    with pytest.raises(ValueError, match="operand"):
        dnp.einsum("ij,jk", randn(2, 3))
    with pytest.raises(ValueError, match="ellipsis"):
        dnp.einsum("...i->i", randn(2, 3))
    with pytest.raises(ValueError, match="broadcast"):
        dnp.einsum("ij,ij->ij", randn(2, 3), randn(3, 3))


# --- tensordot, vdot, inner, outer, kron -----------------------------------------------------

TENSORDOT_CASES = [
    ((2, 3, 4), (3, 4, 2), 2),
    ((2, 3), (3, 2), 1),
    ((2, 3), (4,), 0),
    ((2, 3, 4), (4, 3), ([1, 2], [1, 0])),
    ((2, 3, 4), (4, 2), ([-1], [0])),
    ((3, 2), (3, 2), (0, 0)),
]


@pytest.mark.parametrize("sa,sb,axes", TENSORDOT_CASES)
def test_tensordot_values_and_derivatives(sa, sb, axes):
    a, b = randn(*sa), randn(*sb)
    np.testing.assert_allclose(dnp.tensordot(a, b, axes), np.tensordot(a, b, axes), rtol=1e-13)
    assert_derivatives_match(lambda x, y: dnp.tensordot(x, y, axes), a, b)


def test_tensordot_shape_mismatch_raises():
    with pytest.raises(ValueError, match="shape-mismatch"):
        dnp.tensordot(randn(2, 3), randn(2, 3), axes=([0], [1]))


def test_vdot_flattens_and_matches_numpy():
    a, b = randn(2, 3), randn(3, 2)
    np.testing.assert_allclose(dnp.vdot(a, b), np.vdot(a, b), rtol=1e-13)
    assert_derivatives_match(dnp.vdot, a, b)


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (4, 3)), ((2, 1, 3), (3,)), ((), (2, 3))])
def test_inner_values_and_derivatives(sa, sb):
    a, b = randn(*sa), randn(*sb)
    np.testing.assert_allclose(dnp.inner(a, b), np.inner(a, b), rtol=1e-13)
    if sa:
        assert_derivatives_match(dnp.inner, a, b)
    else:
        assert_derivatives_match(lambda y: dnp.inner(float(a), y), b)


def test_outer_ravels_its_inputs_like_numpy():
    a, b = randn(2, 2), randn(3)
    np.testing.assert_allclose(dnp.outer(a, b), np.outer(a, b), rtol=1e-14)
    assert_derivatives_match(dnp.outer, a, b)


@pytest.mark.parametrize("sa,sb", [((2,), (3,)), ((2, 2), (2, 3)), ((3,), (2, 2)), ((2, 1, 2), (2, 3))])
def test_kron_values_and_derivatives(sa, sb):
    a, b = randn(*sa), randn(*sb)
    np.testing.assert_allclose(dnp.kron(a, b), np.kron(a, b), rtol=1e-14)
    assert_derivatives_match(dnp.kron, a, b)


# --- cross ----------------------------------------------------------------------------------

def _numpy_cross(*args, **kwargs):
    with warnings.catch_warnings():            # NumPy deprecates 2-vectors; we still compare
        warnings.simplefilter("ignore", DeprecationWarning)
        return np.cross(*args, **kwargs)


CROSS_CASES = [
    ((3,), (3,), {}),
    ((4, 3), (3,), {}),
    ((2, 1, 3), (4, 3), {}),
    ((3, 4), (4, 3), dict(axisa=0)),
    ((3, 2), (3, 2), dict(axis=0)),
    ((2, 3), (3, 2), dict(axisb=0, axisc=0)),
    ((2,), (2,), {}),
    ((4, 2), (4, 2), {}),
    ((2,), (3,), {}),
    ((3,), (5, 2), {}),
]


@pytest.mark.parametrize("sa,sb,kw", CROSS_CASES)
def test_cross_values_and_derivatives(sa, sb, kw):
    a, b = randn(*sa), randn(*sb)
    np.testing.assert_allclose(dnp.cross(a, b, **kw), _numpy_cross(a, b, **kw), rtol=1e-13, atol=1e-15)
    assert_derivatives_match(lambda x, y: dnp.cross(x, y, **kw), a, b)


def test_cross_of_2_vectors_is_the_z_component():
    # (a0, a1) x (b0, b1) = a0 b1 - a1 b0; gradient in a is (b1, -b0)
    a, b = np.array([1.5, -2.0]), np.array([0.5, 3.0])
    assert dnp.cross(a, b) == pytest.approx(1.5 * 3.0 - (-2.0) * 0.5, rel=1e-15)
    np.testing.assert_allclose(dt.gradient(lambda x: dnp.cross(x, b))(a), [3.0, -0.5], rtol=1e-15)


def test_cross_rejects_vectors_of_other_lengths():
    with pytest.raises(ValueError, match="dimension must be 2 or 3"):
        dnp.cross(randn(4), randn(3))


# --- trace -----------------------------------------------------------------------------------

TRACE_CASES = [
    ((3, 3), {}),
    ((3, 4), dict(offset=1)),
    ((4, 3), dict(offset=-2)),
    ((3, 3), dict(offset=5)),
    ((2, 3, 4), dict(axis1=1, axis2=2)),
    ((2, 3, 4), dict(offset=-1, axis1=-1, axis2=0)),
]


@pytest.mark.parametrize("s,kw", TRACE_CASES)
def test_trace_values_and_derivatives(s, kw):
    a = randn(*s)
    np.testing.assert_allclose(dnp.trace(a, **kw), np.trace(a, **kw), rtol=1e-13, atol=1e-15)
    assert_derivatives_match(lambda x: dnp.trace(x, **kw), a)


def test_trace_gradient_is_the_identity_pattern():
    np.testing.assert_array_equal(dt.gradient(dnp.trace)(randn(3, 4)), np.eye(3, 4))
    np.testing.assert_array_equal(dt.gradient(lambda x: dnp.trace(x, offset=-1))(randn(3, 3)),
                                  np.eye(3, k=-1))


def test_einsum_is_in_the_audited_table():
    report = dt.check_primitives(["einsum"])
    assert report.ok, str(report)
