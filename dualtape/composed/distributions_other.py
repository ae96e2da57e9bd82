"""The multivariate normal and the discrete distributions of `dualtape.scipy.stats`,
with SciPy's signatures, composed from table entries:

* ``multivariate_normal.logpdf(x, mean=None, cov=1)``, ``pdf``, ``cdf`` and ``logcdf``,
  differentiable in x, the mean and the covariance (through its Cholesky factor,
  which reads the lower triangle, as SciPy's eigendecomposition does); the CDF is a
  deterministic quasi-Monte Carlo rule (`normal_probability`), as SciPy's is a
  randomized one;
* ``poisson.logpmf(k, mu, loc=0)``, ``pmf``, ``cdf``, ``logcdf``, differentiable in mu;
* ``binom.logpmf(k, n, p, loc=0)``, ``pmf``, ``cdf``, ``logcdf``, differentiable in p.

    poisson  k log μ − log k! − μ;        CDF Q(⌊k⌋ + 1, μ)
    binom    log C(n, k) + k log p + (n − k) log(1 − p);   CDF I_{1−p}(n − ⌊k⌋, ⌊k⌋ + 1)

The counts k (and n) are constants, as their derivative is zero wherever it
exists; a dualtape value there is refused.
"""
import math

import numpy as np

from ..core.arrays import ndim, shape
from ..rules.elementwise import exp, log
from ..rules.linalg_decompositions import cholesky
from ..rules.linalg_scipy import solve_triangular_matrices
from ..rules.matrix_helpers import diag_part
from ..rules.reductions import sum as _sum
from ..rules.shapes import expand_dims, reshape, squeeze
from ..rules.special import gammaln, xlogy, xlog1py
from ..rules.special_helpers import static_constant
from ..rules.special_scipy import gammaincc
from .distribution_base import as_value, masked, plain
from .incomplete import regularized_beta
from .normal_probability import normal_cdf_points

__all__ = ["multivariate_normal", "poisson", "binom"]

LOG_2PI = math.log(2.0 * math.pi)


class MultivariateNormal:
    """The multivariate normal distribution: ``multivariate_normal.logpdf(x, mean, cov)``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda m: multivariate_normal.logpdf(np.ones(2), m, np.eye(2)))(np.zeros(2))
        array([1., 1.])
    """

    def __repr__(self):
        return "<dualtape.scipy.stats.multivariate_normal>"

    def __call__(self, mean=None, cov=1, allow_singular=False):
        """A frozen distribution: ``multivariate_normal(mean, cov).logpdf(x)``."""
        return FrozenMultivariateNormal(self, mean, cov, allow_singular)

    @staticmethod
    def _parameters(mean, cov):
        """(mean, cov, dim) as SciPy reads them: a scalar covariance is a multiple of
        the identity, a vector one a diagonal."""
        mean, cov = as_value(mean), as_value(cov)
        if mean is not None and ndim(mean) == 0:
            mean = reshape(mean, (1,))
        dim = shape(mean)[0] if mean is not None else (shape(cov)[0] if ndim(cov) else 1)
        if mean is None:
            mean = np.zeros(dim)
        if ndim(cov) == 0:
            cov = cov * np.eye(dim)
        elif ndim(cov) == 1:
            cov = expand_dims(cov, -1) * np.eye(dim)
        if ndim(mean) != 1 or shape(cov) != (dim, dim):
            raise ValueError(f"multivariate_normal: mean of shape {shape(mean)} and covariance of "
                             f"shape {shape(cov)} do not describe one distribution")
        return mean, cov, dim

    @staticmethod
    def _points(x, dim):
        """x as SciPy reads it: a scalar is one point; a vector is points of dimension 1
        when dim is 1, else one point."""
        x = as_value(x)
        if ndim(x) == 0:
            return reshape(x, (1,))
        if ndim(x) == 1:
            return reshape(x, (-1, 1) if dim == 1 else (1, -1))
        return x

    @staticmethod
    def _factor(cov):
        try:
            return cholesky(cov)
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError(
                "multivariate_normal: the covariance is not positive definite; dualtape "
                "differentiates the distribution only for a positive definite covariance (a "
                "singular one, which SciPy accepts with allow_singular=True, has no derivative "
                "off its rank-deficient set)") from None

    @staticmethod
    def _squeezed(out):
        """Every axis of length 1 dropped, as SciPy does to these results."""
        ones = tuple(i for i, n in enumerate(shape(out)) if n == 1)
        return squeeze(out, ones) if ones else out

    def logpdf(self, x, mean=None, cov=1, allow_singular=False):
        """The log-density at the points x (shape ``(..., dim)``), squeezed as SciPy's is."""
        mean, cov, dim = self._parameters(mean, cov)
        factor = self._factor(cov)
        deviation = self._points(x, dim) - mean
        y = solve_triangular_matrices(factor, expand_dims(deviation, -1), True, False)
        mahalanobis = _sum(y * y, axis=(-2, -1))
        log_det = 2.0 * _sum(log(diag_part(factor)), axis=-1)
        return self._squeezed(-0.5 * (dim * LOG_2PI + log_det + mahalanobis))

    def pdf(self, x, mean=None, cov=1, allow_singular=False):
        """The density at the points x."""
        return exp(self.logpdf(x, mean, cov, allow_singular))

    def cdf(self, x, mean=None, cov=1, allow_singular=False, maxpts=None, abseps=1e-5,
            releps=1e-5, *, lower_limit=None, rng=None):
        """P(X <= x) by a fixed quasi-Monte Carlo rule (`dualtape.composed.normal_probability`),
        within 3e-6 of the exact value for up to 5 dimensions; ``maxpts``, ``abseps``,
        ``releps`` and ``rng`` (which steer SciPy's randomized estimate) are ignored."""
        if lower_limit is not None:
            raise NotImplementedError("multivariate_normal.cdf: lower_limit is not supported by "
                                      "dualtape; write P(a < X <= b) as a sum of CDFs")
        mean, cov, dim = self._parameters(mean, cov)
        factor = self._factor(cov)
        return self._squeezed(normal_cdf_points(self._points(x, dim) - mean, factor))

    def logcdf(self, x, mean=None, cov=1, **options):
        """log P(X <= x)."""
        with np.errstate(divide="ignore"):
            return log(self.cdf(x, mean, cov, **options))


class FrozenMultivariateNormal:
    """``multivariate_normal(mean, cov)`` with its parameters bound."""

    def __init__(self, dist, mean, cov, allow_singular):
        self.dist, self.mean, self.cov, self.allow_singular = dist, mean, cov, allow_singular

    def logpdf(self, x):
        return self.dist.logpdf(x, self.mean, self.cov, self.allow_singular)

    def pdf(self, x):
        return self.dist.pdf(x, self.mean, self.cov, self.allow_singular)

    def cdf(self, x):
        return self.dist.cdf(x, self.mean, self.cov)

    def logcdf(self, x):
        return self.dist.logcdf(x, self.mean, self.cov)


def _counts(k, loc, who):
    """k − loc as plain floats (k and loc are constants), and where they are whole and >= 0."""
    k = plain(static_constant(as_value(k), who, "k", "the parameters"))
    kk = k - plain(static_constant(as_value(loc), who, "loc", "the parameters"))
    return kk, (kk == np.floor(kk)) & (kk >= 0)


class Poisson:
    """The Poisson distribution: ``poisson.logpmf(k, mu, loc=0)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda mu: poisson.logpmf(3, mu))(2.0)            # k/μ − 1
        0.5
    """

    def __repr__(self):
        return "<dualtape.scipy.stats.poisson>"

    def logpmf(self, k, mu, loc=0):
        """log P(K = k), differentiable in mu."""
        mu = as_value(mu)
        kk, whole = _counts(k, loc, "poisson.logpmf")
        mu_plain = plain(mu)
        valid = (mu_plain >= 0) & ~np.isnan(kk)
        mu_v = masked(valid, mu, 1.0)
        kk_v = np.where(whole, kk, 0.0)
        value = xlogy(kk_v, mu_v) - gammaln(kk_v + 1.0) - mu_v
        return masked(valid, masked(whole & valid, value, -np.inf), np.nan)

    def pmf(self, k, mu, loc=0):
        """P(K = k)."""
        return exp(self.logpmf(k, mu, loc))

    def cdf(self, k, mu, loc=0):
        """P(K <= k) = Q(⌊k⌋ + 1, mu), differentiable in mu."""
        mu = as_value(mu)
        kk, _ = _counts(k, loc, "poisson.cdf")
        floor = np.floor(kk)
        valid = (plain(mu) >= 0) & ~np.isnan(kk)
        value = gammaincc(np.where(floor >= 0, floor, 0.0) + 1.0, masked(valid, mu, 1.0))
        return masked(valid, masked(floor >= 0, value, 0.0), np.nan)

    def logcdf(self, k, mu, loc=0):
        """log P(K <= k)."""
        with np.errstate(divide="ignore"):
            return log(self.cdf(k, mu, loc))


class Binomial:
    """The binomial distribution: ``binom.logpmf(k, n, p, loc=0)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda p: binom.logpmf(3, 10, p))(0.5)          # k/p − (n − k)/(1 − p)
        -8.0
    """

    def __repr__(self):
        return "<dualtape.scipy.stats.binom>"

    @staticmethod
    def _trials(n, p):
        n = plain(static_constant(as_value(n), "binom", "n", "p"))
        p = as_value(p)
        p_plain = plain(p)
        valid = (n >= 0) & (n == np.floor(n)) & (p_plain >= 0) & (p_plain <= 1)
        return n, masked(valid, p, 0.5), valid

    def logpmf(self, k, n, p, loc=0):
        """log P(K = k), differentiable in p."""
        kk, whole = _counts(k, loc, "binom.logpmf")
        n, p, valid = self._trials(n, p)
        valid = valid & ~np.isnan(kk)
        possible = whole & (kk <= n)
        kk_v = np.where(possible, kk, 0.0)
        n_v = np.where(valid, n, 0.0)
        choose = gammaln(n_v + 1.0) - gammaln(kk_v + 1.0) - gammaln(n_v - kk_v + 1.0)
        value = choose + xlogy(kk_v, p) + xlog1py(n_v - kk_v, -p)
        return masked(valid, masked(possible & valid, value, -np.inf), np.nan)

    def pmf(self, k, n, p, loc=0):
        """P(K = k)."""
        return exp(self.logpmf(k, n, p, loc))

    def cdf(self, k, n, p, loc=0):
        """P(K <= k) = I_{1−p}(n − ⌊k⌋, ⌊k⌋ + 1), differentiable in p."""
        kk, _ = _counts(k, loc, "binom.cdf")
        n, p, valid = self._trials(n, p)
        floor = np.floor(kk)
        valid = valid & ~np.isnan(kk)
        between = valid & (floor >= 0) & (floor < n)
        m = np.where(between, floor, 0.0)
        n_v = np.where(between, n, 1.0)
        p_v = masked(between & (plain(p) > 0) & (plain(p) < 1), p, 0.5)
        value = regularized_beta(n_v - m, m + 1.0, 1.0 - p_v, p_v)
        value = masked(between, value, np.where(floor < 0, 0.0, 1.0))
        # p = 0 or p = 1 inside: all the mass at 0 or at n
        value = masked((plain(p) > 0) | ~between, value, 1.0)
        value = masked((plain(p) < 1) | ~between, value, 0.0)
        return masked(valid, value, np.nan)

    def logcdf(self, k, n, p, loc=0):
        """log P(K <= k)."""
        with np.errstate(divide="ignore"):
            return log(self.cdf(k, n, p, loc))


multivariate_normal = MultivariateNormal()
poisson = Poisson()
binom = Binomial()
