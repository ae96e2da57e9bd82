"""dualtape.numpy.linalg: values against NumPy, derivatives against finite
differences and the other mode, and the classical identities."""
import itertools

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.numpy import linalg as dla

RNG = np.random.default_rng(7)


def well_conditioned(n):
    return RNG.standard_normal((n, n)) + 3.0 * np.eye(n)


def spd(n):
    b = RNG.standard_normal((n, n))
    return b @ b.T + n * np.eye(n)


def symmetric(n):
    q, _ = np.linalg.qr(RNG.standard_normal((n, n)))
    return (q * np.array([-1.0, 0.5, 2.0, 4.0][:n])) @ q.T


def fd_jacobian(f, x, h=1e-6):
    """Central differences, column by column."""
    base = np.asarray(f(x))
    jac = np.zeros(base.shape + x.shape)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        jac[(Ellipsis,) + idx] = (np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h)
    return jac


def assert_modes_agree(f, x, rtol=1e-6):
    """Forward and reverse Jacobians agree to rounding, and match finite differences."""
    fwd = dt.jacfwd(f)(x)
    rev = dt.jacrev(f)(x)
    np.testing.assert_allclose(fwd, rev, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rev, fd_jacobian(f, x), rtol=rtol, atol=1e-7)


@pytest.mark.parametrize("name, make, f", [
    ("inv", lambda: well_conditioned(3), dla.inv),
    ("det", lambda: well_conditioned(3), dla.det),
    ("slogdet", lambda: -well_conditioned(3), lambda a: dla.slogdet(a)[1]),
    ("cholesky", lambda: spd(3), dla.cholesky),
    ("eigh values", lambda: symmetric(3), lambda a: dla.eigh(a)[0]),
    ("eigh vectors", lambda: symmetric(3), lambda a: dla.eigh(a)[1] * dla.eigh(a)[1][0]),
    ("eigvalsh", lambda: symmetric(4), dla.eigvalsh),
    ("svd values", lambda: RNG.standard_normal((4, 3)), lambda a: dla.svd(a, compute_uv=False)),
    ("svd U", lambda: RNG.standard_normal((4, 3)), lambda a: (lambda u, s, vh: u * u[0])(*dla.svd(a, full_matrices=False))),
    ("svd Vh wide", lambda: RNG.standard_normal((2, 4)), lambda a: (lambda u, s, vh: vh * vh[:, :1])(*dla.svd(a, full_matrices=False))),
    ("qr tall", lambda: RNG.standard_normal((5, 3)), lambda a: dnp.concatenate([dla.qr(a)[0], dla.qr(a)[1]])),
    ("qr wide", lambda: RNG.standard_normal((2, 4)), lambda a: dla.qr(a)[1]),
    ("pinv", lambda: RNG.standard_normal((4, 3)), dla.pinv),
    ("matrix_power -2", lambda: well_conditioned(3), lambda a: dla.matrix_power(a, -2)),
    ("matrix_power 5", lambda: well_conditioned(2) / 3.0, lambda a: dla.matrix_power(a, 5)),
    ("trace offset", lambda: RNG.standard_normal((3, 4)), lambda a: dla.trace(a, offset=1)),
])
def test_derivative_matches_finite_differences_in_both_modes(name, make, f):
    assert_modes_agree(f, make())


@pytest.mark.parametrize("f, np_f, make", [
    (dla.inv, np.linalg.inv, lambda: well_conditioned(3)),
    (dla.det, np.linalg.det, lambda: RNG.standard_normal((2, 3, 3))),
    (dla.cholesky, np.linalg.cholesky, lambda: spd(4)),
    (dla.eigvalsh, np.linalg.eigvalsh, lambda: symmetric(4)),
    (dla.pinv, np.linalg.pinv, lambda: RNG.standard_normal((3, 5))),
    (lambda a: dla.matrix_power(a, 0), lambda a: np.linalg.matrix_power(a, 0), lambda: well_conditioned(3)),
    (lambda a: dla.matrix_power(a, -3), lambda a: np.linalg.matrix_power(a, -3), lambda: well_conditioned(3)),
    (lambda a: dla.svd(a, full_matrices=False)[1], lambda a: np.linalg.svd(a)[1], lambda: RNG.standard_normal((3, 5))),
    (lambda a: dla.qr(a)[1], lambda a: np.linalg.qr(a)[1], lambda: RNG.standard_normal((3, 5))),
])
def test_values_equal_numpys(f, np_f, make):
    a = make()
    np.testing.assert_allclose(f(a), np_f(a), rtol=1e-12, atol=1e-12)


def test_plain_numpy_linalg_calls_on_boxes_are_routed():
    a = well_conditioned(3)
    b = RNG.standard_normal(3)
    g = dt.gradient(lambda b: np.linalg.solve(a, b).sum())(b)
    np.testing.assert_allclose(g, np.linalg.solve(a.T, np.ones(3)), rtol=1e-12)


def test_gradient_of_log_abs_det_is_inverse_transpose():
    a = well_conditioned(4)
    g = dt.gradient(lambda a: dla.slogdet(a)[1])(a)
    np.testing.assert_allclose(g, np.linalg.inv(a).T, rtol=1e-12)


def test_slogdet_returns_numpys_sign_and_log():
    a = -well_conditioned(3)
    sign, logdet = dla.slogdet(a)
    ref = np.linalg.slogdet(a)
    assert sign == ref.sign
    np.testing.assert_allclose(logdet, ref.logabsdet, rtol=1e-13)


def test_derivative_of_solve_equals_derivative_of_inv_times_b():
    a, b = well_conditioned(3), RNG.standard_normal((3, 2))
    via_solve = dt.jacrev(lambda a: dla.solve(a, b))(a)
    via_inv = dt.jacrev(lambda a: dla.inv(a) @ b)(a)
    np.testing.assert_allclose(via_solve, via_inv, rtol=1e-10, atol=1e-12)


def test_solve_batched_and_vector_right_hand_sides_match_numpy_and_fd():
    a = np.stack([well_conditioned(3), well_conditioned(3)])
    b = RNG.standard_normal((3,))
    np.testing.assert_allclose(dla.solve(a[0], b), np.linalg.solve(a[0], b), rtol=1e-13)
    bm = RNG.standard_normal((2, 3, 2))
    np.testing.assert_allclose(dla.solve(a, bm), np.linalg.solve(a, bm), rtol=1e-13)
    assert_modes_agree(lambda bm: dla.solve(a, bm), bm)
    assert_modes_agree(lambda a: dla.solve(a, bm), a)


def test_eigenvalue_derivative_is_v_transpose_da_v():
    a = symmetric(3)
    w, v = np.linalg.eigh(a)
    da = RNG.standard_normal((3, 3))
    da = da + da.T
    _, dw = dt.jvp(dla.eigvalsh, (a,), (da,))
    np.testing.assert_allclose(dw, np.einsum("ji,jk,ki->i", v, da, v), rtol=1e-12)


def test_singular_value_derivative_is_u_transpose_da_v():
    a = RNG.standard_normal((4, 3))
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    da = RNG.standard_normal((4, 3))
    _, ds = dt.jvp(lambda a: dla.svd(a, compute_uv=False), (a,), (da,))
    np.testing.assert_allclose(ds, np.einsum("ji,jk,ik->i", u, da, vh), rtol=1e-12)


def test_eigenvectors_at_a_repeated_eigenvalue_raise_but_eigenvalues_differentiate():
    a = np.diag([1.0, 1.0, 3.0])
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        dt.jacrev(lambda a: dla.eigh(a)[1])(a)
    g = dt.gradient(lambda a: dla.eigvalsh(a).sum())(a)
    np.testing.assert_allclose(g, np.eye(3), atol=1e-14)        # d trace / dA, lower triangle


def test_cholesky_reads_only_the_lower_triangle_like_numpy():
    a = spd(3)
    g = dt.gradient(lambda a: dla.cholesky(a).sum())(a)
    assert np.all(np.triu(g, 1) == 0)
    upper = dla.cholesky(a.T, upper=True)
    np.testing.assert_allclose(upper, np.linalg.cholesky(a.T, upper=True), rtol=1e-13)


def test_lstsq_returns_numpys_four_results_and_differentiates_the_solution():
    a, b = RNG.standard_normal((5, 3)), RNG.standard_normal(5)
    x, res, rank, s = dla.lstsq(a, b)
    rx, rres, rrank, rs = np.linalg.lstsq(a, b)
    np.testing.assert_allclose(x, rx, rtol=1e-12)
    np.testing.assert_allclose(res, rres, rtol=1e-12)
    assert rank == rrank and np.shape(res) == np.shape(rres)
    np.testing.assert_allclose(s, rs, rtol=1e-12)
    assert_modes_agree(lambda a: dla.lstsq(a, b)[0], a)
    assert_modes_agree(lambda b: dla.lstsq(a, b)[1], b)
    wide = RNG.standard_normal((2, 4))
    assert_modes_agree(lambda w: dla.lstsq(w, b[:2])[0], wide)   # minimum-norm solution


@pytest.mark.parametrize("ord, axis, keepdims, shape", [
    (None, None, False, (3, 4)), (2, None, False, (4,)), (1, 0, False, (3, 4)),
    (np.inf, 1, True, (3, 4)), (-np.inf, -1, False, (3, 4)), (3.5, -1, False, (2, 4)),
    ("fro", (0, 1), False, (3, 4)), ("nuc", None, False, (3, 4)), (2, (1, 0), True, (3, 4)),
    (-2, None, False, (3, 3)), (1, (0, 1), False, (3, 4)), (np.inf, (1, 2), False, (2, 3, 4)),
])
def test_norm_matches_numpy_and_finite_differences(ord, axis, keepdims, shape):
    x = RNG.standard_normal(shape)
    f = lambda x: dla.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(f(x), np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims),
                               rtol=1e-12)
    assert_modes_agree(f, x)


def test_norm_has_zero_derivative_at_the_zero_vector_in_every_mode():
    z = np.zeros(3)
    for f in (dla.norm, lambda x: dla.norm(x, 3)):
        np.testing.assert_array_equal(dt.jacrev(f)(z), np.zeros(3))
        np.testing.assert_array_equal(dt.jacfwd(f)(z), np.zeros(3))
        np.testing.assert_array_equal(dt.hessian(f)(z), np.zeros((3, 3)))


def test_solve_triangular_reads_one_triangle_and_agrees_with_numpy():
    a = np.triu(well_conditioned(3)) + np.tril(np.full((3, 3), 99.0), -1)
    b = RNG.standard_normal(3)
    np.testing.assert_allclose(dla.solve_triangular(a, b), np.linalg.solve(np.triu(a), b), rtol=1e-12)
    g = dt.gradient(lambda a: dla.solve_triangular(a, b).sum())(a)
    assert np.all(np.tril(g, -1) == 0)
    low = np.tril(well_conditioned(3))
    x = dla.solve_triangular(low, b, lower=True, trans="T", unit_diagonal=True)
    ref = np.linalg.solve((np.tril(low, -1) + np.eye(3)).T, b)
    np.testing.assert_allclose(x, ref, rtol=1e-12)


def test_second_derivative_of_log_det_matches_closed_form():
    # d²/dt² log det(A + tB) at t = 0 = -tr(A⁻¹B A⁻¹B)
    a, b = spd(3), RNG.standard_normal((3, 3))
    h = dt.hessian(lambda t: dla.slogdet(a + t * b)[1])(0.0)
    ai_b = np.linalg.solve(a, b)
    np.testing.assert_allclose(h, -np.trace(ai_b @ ai_b), rtol=1e-10)


def test_errors_name_the_problem():
    with pytest.raises(np.linalg.LinAlgError, match="square"):
        dla.inv(np.ones((2, 3)))
    with pytest.raises(NotImplementedError, match="full_matrices=False"):
        dla.svd(dt.Dual(np.ones((3, 2)), np.ones((3, 2))))
    with pytest.raises(TypeError, match="integer"):
        dla.matrix_power(np.eye(2), 1.5)


# --- det at singular matrices: the derivative is the cofactor matrix ---------------------------

def _cofactor_matrix(a):
    """C[i, j] = (-1)^(i+j) · det(A without row i and column j), from NumPy's det."""
    n = a.shape[0]
    c = np.empty_like(a)
    for i in range(n):
        for j in range(n):
            minor = np.delete(np.delete(a, i, axis=0), j, axis=1)
            c[i, j] = (-1) ** (i + j) * np.linalg.det(minor)
    return c


def _second_derivative_of_det3(a):
    """∂² det / ∂A_ij ∂A_kl of a 3×3 matrix: zero when i = k or j = l, else the sign of
    the permutation (i→j, k→l, r→c) times the remaining entry A_rc."""
    h = np.zeros((3, 3, 3, 3))
    for i, j, k, l in itertools.product(range(3), repeat=4):
        if i == k or j == l:
            continue
        r, = {0, 1, 2} - {i, k}
        c, = {0, 1, 2} - {j, l}
        perm = np.zeros((3, 3))
        perm[i, j] = perm[k, l] = perm[r, c] = 1.0
        h[i, j, k, l] = np.linalg.det(perm) * a[r, c]
    return h


@pytest.mark.parametrize("rank", [2, 1, 0])
def test_det_has_its_cofactors_as_derivative_at_a_singular_matrix(rank):
    # NumPy's inverse of a rank-deficient matrix is either refused or meaningless, but
    # det is a polynomial: its gradient is the cofactor matrix at every A.
    rng = np.random.default_rng(rank)
    a = rng.standard_normal((3, rank)) @ rng.standard_normal((rank, 3))
    np.testing.assert_allclose(dt.gradient(dnp.linalg.det)(a), _cofactor_matrix(a),
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dt.jvp(dnp.linalg.det, (a,), (np.ones((3, 3)),))[1],
                               _cofactor_matrix(a).sum(), rtol=1e-12, atol=1e-14)
    for mode in ["forward-over-reverse", "reverse-over-reverse", "hyperdual"]:
        np.testing.assert_allclose(dt.hessian(dnp.linalg.det, mode=mode)(a),
                                   _second_derivative_of_det3(a), rtol=1e-12, atol=1e-14)


def test_det_of_a_stack_with_one_singular_matrix_differentiates_each():
    rng = np.random.default_rng(5)
    singular = np.outer([1.0, 2.0, 3.0], [0.5, -1.0, 2.0])
    a = np.stack([rng.standard_normal((3, 3)), singular])
    g = dt.gradient(lambda x: dnp.linalg.det(x).sum())(a)
    np.testing.assert_allclose(g[0], _cofactor_matrix(a[0]), rtol=1e-12)
    np.testing.assert_allclose(g[1], _cofactor_matrix(a[1]), rtol=1e-12, atol=1e-14)


def test_det_of_a_large_singular_matrix_raises_naming_the_limit():
    with pytest.raises(np.linalg.LinAlgError, match=r"8×8 matrix .* singular.*up to 6×6"):
        dt.gradient(dnp.linalg.det)(np.zeros((8, 8)))
