"""Gaussian-process regression: the negative log marginal likelihood of a squared-exponential
kernel, written four ways (Cholesky with two triangular solves; SciPy's cho_factor and
cho_solve; slogdet and solve; inv and det), and its hyperparameter gradient against the
closed form ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ)."""
import numpy
import pytest

import dualtape as dt
import dualtape.numpy as np
import dualtape.scipy.linalg as dsl
import dualtape.scipy.stats as dst

from programs.reference import assert_close, central_jacobian

rng = numpy.random.default_rng(2)
X = numpy.sort(rng.uniform(-3, 3, 12))
Y = numpy.sin(X) + 0.1 * rng.standard_normal(12)
THETA = numpy.array([0.1, -0.2, -1.5])          # log length-scale, log signal sd, log noise sd


def kernel(theta):
    ell, sf, sn = np.exp(theta[0]), np.exp(theta[1]), np.exp(theta[2])
    d = X[:, None] - X[None, :]
    return sf ** 2 * np.exp(-0.5 * d ** 2 / ell ** 2) + sn ** 2 * np.eye(len(X))


def nll_cholesky(theta):
    L = np.linalg.cholesky(kernel(theta))
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, Y))
    return 0.5 * Y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


def nll_cho_solve(theta):
    c, lower = dsl.cho_factor(kernel(theta), lower=True)
    alpha = dsl.cho_solve((c, lower), Y)
    return 0.5 * Y @ alpha + np.sum(np.log(np.diag(c))) + 0.5 * len(X) * np.log(2 * np.pi)


def nll_slogdet(theta):
    K = kernel(theta)
    return 0.5 * Y @ np.linalg.solve(K, Y) + 0.5 * np.linalg.slogdet(K)[1] + \
        0.5 * len(X) * np.log(2 * np.pi)


def nll_inverse(theta):
    K = kernel(theta)
    return 0.5 * Y @ np.linalg.inv(K) @ Y + 0.5 * np.log(np.linalg.det(K)) + \
        0.5 * len(X) * np.log(2 * np.pi)


def nll_distribution(theta):
    return -dst.multivariate_normal.logpdf(Y, mean=np.zeros(len(X)), cov=kernel(theta))


def closed_form_gradient(theta):
    """∂NLL/∂θ_k = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ_k), α = K⁻¹y, in plain NumPy."""
    ell, sf, sn = numpy.exp(theta)
    d = X[:, None] - X[None, :]
    signal = sf ** 2 * numpy.exp(-0.5 * d ** 2 / ell ** 2)
    K = signal + sn ** 2 * numpy.eye(len(X))
    K_inv = numpy.linalg.inv(K)
    alpha = K_inv @ Y
    dK = [signal * d ** 2 / ell ** 2, 2 * signal, 2 * sn ** 2 * numpy.eye(len(X))]
    return numpy.array([0.5 * numpy.trace((K_inv - numpy.outer(alpha, alpha)) @ D) for D in dK])


WAYS = [nll_cholesky, nll_cho_solve, nll_slogdet, nll_inverse, nll_distribution]


@pytest.mark.parametrize("nll", WAYS, ids=lambda f: f.__name__)
def test_every_spelling_of_the_likelihood_has_the_closed_form_gradient(nll):
    assert_close(nll(THETA), nll_cholesky(THETA), 1e-12, 0, "one value, four factorizations")
    assert_close(dt.gradient(nll)(THETA), closed_form_gradient(THETA), 1e-10, 1e-12,
                 "a 12x12 system with condition number ~1e3: round-off")
    direction = numpy.array([1.0, -0.5, 2.0])
    assert_close(dt.jvp(nll, (THETA,), (direction,))[1], closed_form_gradient(THETA) @ direction,
                 1e-10, 1e-12)


def test_the_likelihood_hessian_agrees_in_every_mode_and_with_the_closed_form_gradient():
    hessian = dt.hessian(nll_cholesky)(THETA)
    assert_close(hessian, central_jacobian(closed_form_gradient, THETA), 1e-6, 1e-8,
                 "central differences of the closed-form gradient, h = 1e-6")
    for mode in ("reverse-over-reverse", "hyperdual"):
        assert_close(dt.hessian(nll_cholesky, mode=mode)(THETA), hessian, 1e-10, 1e-12, mode)
    assert_close(dt.hessian(nll_cho_solve)(THETA), hessian, 1e-10, 1e-12)
