"""linalg.eig and eigvals: NumPy's values, the stated eigenvector convention (unit
norm, largest component positive real), and derivatives against closed forms and
finite differences of the function computed."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import numeric_jacobian
from dualtape.core.primitive import TABLE

rng = np.random.default_rng(3)
REAL = np.array([[2.0, 1.0, 0.3], [0.1, -1.0, 0.4], [0.2, 0.5, 0.7]])           # real eigenvalues
ROTATION = np.array([[0.5, 1.2, 0.1], [-1.2, 0.5, 0.2], [0.0, 0.3, 3.0]])       # a complex pair


@pytest.mark.parametrize("a", [REAL, ROTATION, np.stack([REAL, ROTATION])])
def test_values_are_numpys_and_vectors_are_numpys_up_to_the_fixed_sign(a):
    w, v = dnp.linalg.eig(a)
    nw, nv = np.linalg.eig(a)
    np.testing.assert_array_equal(w, nw)
    np.testing.assert_array_equal(np.abs(v), np.abs(nv))
    np.testing.assert_allclose(np.linalg.norm(v, axis=-2), 1.0, rtol=1e-14)
    largest = np.take_along_axis(v, np.argmax(np.abs(v), axis=-2)[..., None, :], axis=-2)
    assert np.all(largest.real > 0) and np.all(largest.imag == 0)
    np.testing.assert_array_equal(dnp.linalg.eigvals(a), np.linalg.eigvals(a))


def test_eigenvalue_gradient_is_the_outer_product_of_left_and_right_vectors():
    # dλ/dA = u vᵀ / (uᵀ v) with u a left and v a right eigenvector
    w, v = np.linalg.eig(REAL)
    u = np.linalg.inv(v).T                                  # columns: left eigenvectors
    for i in range(3):
        want = np.outer(u[:, i], v[:, i]) / (u[:, i] @ v[:, i])
        np.testing.assert_allclose(dt.gradient(lambda a: dnp.linalg.eig(a)[0][i])(REAL), want,
                                   rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(dt.gradient(lambda a: dnp.linalg.eigvals(a)[i])(REAL), want,
                                   rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("a", [REAL, ROTATION])
def test_eigenvector_derivatives_follow_the_normalisation_in_every_mode(a):
    weights = rng.standard_normal((2, 3, 3))

    def f(m):                                   # depends on the vectors' phases, not only |v|
        _, v = dnp.linalg.eig(m)
        return dnp.sum(weights[0] * dnp.real(v) + weights[1] * dnp.imag(v))
    fd = numeric_jacobian(lambda m: float(f(m)), a)
    np.testing.assert_allclose(dt.gradient(f)(a), fd, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(dt.jacfwd(f)(a), dt.gradient(f)(a), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dt.hessian(f, mode="hyperdual")(a), dt.hessian(f)(a),
                               rtol=1e-8, atol=1e-10)


def test_repeated_eigenvalues_have_no_derivative_and_say_so():
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        dt.gradient(lambda a: dnp.real(dnp.linalg.eigvals(a)).sum())(np.eye(2))
    w, _ = dnp.linalg.eig(np.eye(2))                          # the values alone are fine
    np.testing.assert_array_equal(w, [1.0, 1.0])


def test_roots_are_differentiable_where_they_are_distinct():
    # p(x) = x³ - 6x² + 11x - 6 = (x-1)(x-2)(x-3); dr/dc_k = -r^(3-k) / p'(r)
    c = np.array([1.0, -6.0, 11.0, -6.0])
    jac = dt.jacobian(lambda c: dnp.real(dnp.roots(c)))(c)
    r = np.real(np.roots(c))
    want = -np.vander(r, 4) / np.polyval(np.polyder(c), r)[:, None]
    np.testing.assert_allclose(jac, want, rtol=1e-9)


def test_a_complex_matrix_has_the_same_rules_under_the_real_pairing():
    a = ROTATION + 1j * REAL
    t = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    h = 1e-6
    plus, minus = dnp.linalg.eig(a + h * t), dnp.linalg.eig(a - h * t)

    prim = TABLE["linalg.eig"]
    out = prim.impl(a)
    dw, dv = prim.jvp([t], out, (a,), {})
    np.testing.assert_allclose(dw, (plus[0] - minus[0]) / (2 * h), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(dv, (plus[1] - minus[1]) / (2 * h), rtol=1e-7, atol=1e-8)
    gw, gv = (rng.standard_normal(s) + 1j * rng.standard_normal(s) for s in ((3,), (3, 3)))
    (ga,) = prim.vjp((gw, gv), out, (a,), {}, [True])
    # ⟨ḡ, J ṫ⟩ = ⟨Jᵀ ḡ, ṫ⟩ under Re Σ a·b
    assert np.real(np.sum(gw * dw) + np.sum(gv * dv)) == pytest.approx(np.real(np.sum(ga * t)),
                                                                        rel=1e-12)
