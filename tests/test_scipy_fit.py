"""Whole programs as people write likelihood fits: a Student-t regression and a
Gaussian-process regression, each minimised with scipy.optimize.minimize using
dualtape's exact gradient, and checked against the same likelihood written with
SciPy alone (its values, finite differences of them, and SciPy's own fit)."""
import numpy as np
import pytest
import scipy.optimize as so
import scipy.stats as st

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.scipy.linalg as dsl
import dualtape.scipy.stats as dst
from conftest import assert_hessian_modes_agree, numeric_jacobian

RNG = np.random.default_rng(2024)


def assert_fit_finds_scipys_optimum(ours, scipys, theta0, method, options, rtol):
    """Minimise `ours` with its dualtape gradient; Nelder-Mead on the SciPy-only `scipys`
    (no gradient at all) must land at the same point, where SciPy's likelihood is flat."""
    fit = so.minimize(ours, theta0, jac=dt.gradient(ours), method=method, options=options)
    assert fit.success, fit.message
    reference = so.minimize(scipys, theta0, method="Nelder-Mead",
                            options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000, maxfev=20000))
    np.testing.assert_allclose(fit.x, reference.x, rtol=rtol, atol=rtol / 10)
    assert fit.fun <= reference.fun + 1e-9
    np.testing.assert_allclose(numeric_jacobian(scipys, fit.x), 0.0, atol=1e-5)
    return fit


# --- Student-t regression: y = a + b·x + σ·ε, ε ~ t(ν) -------------------------------------

X_T = np.linspace(-2.0, 3.0, 40)
Y_T = 0.7 - 1.3 * X_T + 0.5 * RNG.standard_t(4.0, X_T.size)


def t_negative_log_likelihood(theta):
    a, b, log_scale, log_df = theta[0], theta[1], theta[2], theta[3]
    return -dnp.sum(dst.t.logpdf(Y_T, dnp.exp(log_df), loc=a + b * X_T, scale=dnp.exp(log_scale)))


def t_negative_log_likelihood_scipy(theta):
    a, b, log_scale, log_df = theta
    return -np.sum(st.t.logpdf(Y_T, np.exp(log_df), loc=a + b * X_T, scale=np.exp(log_scale)))


def test_student_t_regression_fit_with_exact_gradients_finds_scipys_optimum():
    theta0 = np.array([0.0, 0.0, 0.0, 1.0])
    grad = dt.gradient(t_negative_log_likelihood)
    # the gradient against finite differences of the SciPy-only likelihood, away from the optimum
    np.testing.assert_allclose(grad(theta0), numeric_jacobian(t_negative_log_likelihood_scipy, theta0),
                               rtol=1e-6)
    assert t_negative_log_likelihood(theta0) == \
        pytest.approx(t_negative_log_likelihood_scipy(theta0), rel=1e-13)

    assert_fit_finds_scipys_optimum(t_negative_log_likelihood, t_negative_log_likelihood_scipy, theta0,
                                    "BFGS", dict(gtol=1e-7), rtol=1e-5)


def test_student_t_regression_curvature_is_the_same_in_every_hessian_mode():
    theta = np.array([0.6, -1.2, np.log(0.5), np.log(4.0)])
    fwd_rev = assert_hessian_modes_agree(t_negative_log_likelihood, theta, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(fwd_rev, numeric_jacobian(dt.gradient(t_negative_log_likelihood), theta),
                               rtol=1e-6, atol=1e-6)


# --- Gaussian-process regression: y ~ N(0, σ² k_ℓ(X, X) + s² I) ---------------------------

X_GP = np.sort(RNG.uniform(0.0, 5.0, 25))
Y_GP = np.sin(1.7 * X_GP) + 0.1 * RNG.standard_normal(X_GP.size)
SQUARED_DISTANCES = (X_GP[:, None] - X_GP[None, :]) ** 2


def gp_negative_log_likelihood(log_params):
    variance, length, noise = dnp.exp(log_params[0]), dnp.exp(log_params[1]), dnp.exp(log_params[2])
    k = variance * dnp.exp(-0.5 * SQUARED_DISTANCES / length ** 2) + noise ** 2 * np.eye(X_GP.size)
    factor = dsl.cho_factor(k, lower=True)
    alpha = dsl.cho_solve(factor, Y_GP)
    log_det = 2.0 * dnp.sum(dnp.log(dnp.diagonal(factor[0])))
    return 0.5 * dnp.dot(Y_GP, alpha) + 0.5 * log_det + 0.5 * X_GP.size * np.log(2.0 * np.pi)


def gp_negative_log_likelihood_scipy(log_params):
    variance, length, noise = np.exp(log_params)
    k = variance * np.exp(-0.5 * SQUARED_DISTANCES / length ** 2) + noise ** 2 * np.eye(X_GP.size)
    return -st.multivariate_normal.logpdf(Y_GP, cov=k)


def test_gaussian_process_fit_with_exact_gradients_matches_scipy():
    theta0 = np.log(np.array([1.0, 1.0, 0.3]))
    assert gp_negative_log_likelihood(theta0) == \
        pytest.approx(gp_negative_log_likelihood_scipy(theta0), rel=1e-12)
    grad = dt.gradient(gp_negative_log_likelihood)
    np.testing.assert_allclose(grad(theta0), numeric_jacobian(gp_negative_log_likelihood_scipy, theta0),
                               rtol=1e-6)
    assert_fit_finds_scipys_optimum(gp_negative_log_likelihood, gp_negative_log_likelihood_scipy, theta0,
                                    "L-BFGS-B", dict(gtol=1e-10, ftol=1e-14), rtol=1e-4)


def test_gaussian_process_likelihood_through_the_multivariate_normal_gives_the_same_gradient():
    theta = np.log(np.array([0.8, 0.6, 0.2]))

    def through_density(log_params):
        variance, length, noise = dnp.exp(log_params[0]), dnp.exp(log_params[1]), dnp.exp(log_params[2])
        k = variance * dnp.exp(-0.5 * SQUARED_DISTANCES / length ** 2) + noise ** 2 * np.eye(X_GP.size)
        return -dst.multivariate_normal.logpdf(Y_GP, cov=k)
    np.testing.assert_allclose(dt.gradient(through_density)(theta),
                               dt.gradient(gp_negative_log_likelihood)(theta), rtol=1e-10)
    np.testing.assert_allclose(dt.hessian(through_density, mode="hyperdual")(theta),
                               dt.hessian(gp_negative_log_likelihood)(theta), rtol=1e-9, atol=1e-10)
