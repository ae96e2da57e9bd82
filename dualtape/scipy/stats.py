"""``scipy.stats`` distributions for likelihoods, differentiable in every mode:
``import dualtape.scipy.stats as dst``.

``norm``, ``t``, ``gamma``, ``beta``, ``expon``, ``laplace`` and ``cauchy`` have
``logpdf``, ``pdf``, ``logcdf`` and ``cdf`` with SciPy's signatures
(``dst.t.logpdf(x, df, loc=0, scale=1)``, or frozen, ``dst.norm(loc, scale).cdf(x)``),
differentiable in the data, ``loc``, ``scale`` and the shape parameters;
``multivariate_normal`` has the same four in x, the mean and the covariance (its
CDF, like SciPy's, a quasi-Monte Carlo estimate: within 3e-6 for up to five
dimensions); ``poisson`` and ``binom`` have ``logpmf``, ``pmf``, ``cdf`` and
``logcdf`` in the rate and the probability.

Example:
    >>> import numpy as np, dualtape as dt, dualtape.scipy.stats as dst
    >>> data = np.array([0.5, 1.5])
    >>> dt.gradient(lambda mu: dst.norm.logpdf(data, loc=mu).sum())(0.0)    # Σ (x − μ)
    2.0
"""
from ..composed.distributions import norm, expon, laplace, cauchy, t, gamma, beta  # noqa: F401
from ..composed.distributions_other import multivariate_normal, poisson, binom  # noqa: F401

__all__ = ["norm", "expon", "laplace", "cauchy", "t", "gamma", "beta", "multivariate_normal",
           "poisson", "binom"]
