"""Count and binary regressions as statisticians write them: a Poisson regression with
`dualtape.scipy.stats`, a negative binomial written with `scipy.special.gammaln` called
directly on dualtape values, and a probit model with `scipy.special.ndtr` and `log_ndtr`;
against closed forms and against differences of SciPy's own log-likelihoods."""
import numpy
import scipy.optimize
import scipy.special
import scipy.stats

import dualtape as dt
import dualtape.numpy as np
import dualtape.scipy.stats as dst

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(5)
X = numpy.column_stack([numpy.ones(40), rng.standard_normal((40, 2))])
COUNTS = rng.poisson(numpy.exp(X @ numpy.array([0.5, 0.8, -0.4])))
BINARY = (rng.uniform(size=40) < 0.5).astype(float)
BETA = numpy.array([0.1, 0.1, 0.1])


# --- Poisson regression -----------------------------------------------------------

def poisson_nll(beta):
    return -np.sum(dst.poisson.logpmf(COUNTS, np.exp(X @ beta)))


def test_poisson_regression_has_the_glm_score_and_information():
    mu = numpy.exp(X @ BETA)
    assert_close(poisson_nll(BETA), -numpy.sum(scipy.stats.poisson.logpmf(COUNTS, mu)), 1e-13, 0)
    assert_close(dt.gradient(poisson_nll)(BETA), -X.T @ (COUNTS - mu), 1e-13, 1e-13,
                 "score −Xᵀ(y − μ): round-off")
    assert_close(dt.hessian(poisson_nll)(BETA), X.T @ (mu[:, None] * X), 1e-13, 1e-13,
                 "Fisher information Xᵀ diag(μ) X")


def test_newton_cg_with_exact_derivatives_solves_the_score_equations():
    fit = scipy.optimize.minimize(poisson_nll, BETA, jac=dt.gradient(poisson_nll),
                                  hess=dt.hessian(poisson_nll), method="Newton-CG",
                                  options={"xtol": 1e-12})
    assert fit.success
    assert_close(X.T @ (COUNTS - numpy.exp(X @ fit.x)), numpy.zeros(3), 0, 1e-6,
                 "the score vanishes at the maximum")


# --- a negative binomial with scipy.special.gammaln on dualtape values -------------

def negative_binomial_nll(params):
    r, beta = np.exp(params[0]), params[1:]
    mu = np.exp(X @ beta)
    return -np.sum(scipy.special.gammaln(COUNTS + r) - scipy.special.gammaln(r)
                   - scipy.special.gammaln(COUNTS + 1) + r * np.log(r / (r + mu))
                   + COUNTS * np.log(mu / (r + mu)))


def negative_binomial_nll_scipy(params):
    r, mu = numpy.exp(params[0]), numpy.exp(X @ params[1:])
    return -numpy.sum(scipy.stats.nbinom.logpmf(COUNTS, r, r / (r + mu)))


def test_the_negative_binomial_matches_differences_of_scipys_log_pmf():
    params = numpy.array([0.5, 0.1, 0.2, -0.1])
    assert_close(negative_binomial_nll(params), negative_binomial_nll_scipy(params), 1e-12, 0)
    assert_close(dt.gradient(negative_binomial_nll)(params),
                 central_gradient(negative_binomial_nll_scipy, params), 1e-6, 1e-7,
                 "central differences of SciPy's own log-pmf, h = 1e-6")
    assert_close(dt.hessian(negative_binomial_nll, mode="hyperdual")(params),
                 dt.hessian(negative_binomial_nll)(params), 1e-11, 1e-11)


# --- a probit model with scipy.special.ndtr and log_ndtr ---------------------------

def probit_nll(beta, spelling):
    eta = X @ beta
    if spelling == "ndtr":
        return -np.sum(BINARY * np.log(scipy.special.ndtr(eta))
                       + (1 - BINARY) * np.log(scipy.special.ndtr(-eta)))
    if spelling == "log_ndtr":
        return -np.sum(BINARY * scipy.special.log_ndtr(eta) + (1 - BINARY) * scipy.special.log_ndtr(-eta))
    return -np.sum(BINARY * dst.norm.logcdf(eta) + (1 - BINARY) * dst.norm.logcdf(-eta))


def test_the_probit_score_is_the_closed_form_for_every_spelling():
    eta = X @ BETA
    phi, cdf = scipy.stats.norm.pdf(eta), scipy.stats.norm.cdf(eta)
    score = -X.T @ (BINARY * phi / cdf - (1 - BINARY) * phi / (1 - cdf))    # ∂/∂β of −log L
    for spelling in ("ndtr", "log_ndtr", "norm.logcdf"):
        assert_close(dt.gradient(lambda b: probit_nll(b, spelling))(BETA), score, 1e-12, 1e-13,
                     spelling)
