"""Continuous distributions with SciPy's names and signatures, composed from table
entries so that ``logpdf``, ``pdf``, ``logcdf`` and ``cdf`` are differentiable in
every mode, in the data and in ``loc``, ``scale`` and the shape parameters:
``norm``, ``expon``, ``laplace``, ``cauchy``, ``t``, ``gamma`` and ``beta``.

The formulas are SciPy's (with z = (x − loc)/scale):

    norm      log φ(z) = −z²/2 − log √(2π);  Φ = ndtr;  log Φ = log_ndtr
    expon     −z;  1 − e^{−z} (as −expm1(−z))
    laplace   −|z| − log 2;  e^{z}/2 for z <= 0, 1 − e^{−z}/2 above
    cauchy    −log π − log(1 + z²);  atan2(1, −z)/π
    t(ν)      −log B(ν/2, 1/2) − ½ log ν − (ν + 1)/2 · log(1 + z²/ν);  the normal for ν = inf;
              CDF ½·I_{ν/(ν+z²)}(ν/2, ½) for z < 0 and one minus that above
    gamma(a)  (a − 1) log z − z − log Γ(a);  P(a, z)
    beta(a,b) (a − 1) log z + (b − 1) log(1 − z) − log B(a, b);  I_z(a, b)

The incomplete gamma and beta functions with their derivatives in a and b are
`dualtape.composed.incomplete`; ``logcdf`` is the log of ``cdf`` except for
``norm`` (``log_ndtr``), as in SciPy.  Where SciPy's ``laplace.logpdf`` underflows
to −inf (|z| > 745, since SciPy takes the log of the density), this gives the
finite value −|z| − log 2.  At z = 0 exactly the Student-t CDF is its Taylor
polynomial ½ + φ(0)(z − (ν + 1)z³/(6ν)), exact in value and in derivatives to
the fourth order (the general formula would differentiate √(z²) there).
"""
import math

import numpy as np

from ..rules.elementwise import abs as _abs, exp, expm1, log, log1p
from ..rules.elementwise_trigonometric import arctan2
from ..rules.special import gammaln, xlogy, xlog1py
from ..rules.special_scipy import betaln, log_ndtr
from .distribution_base import ContinuousDistribution, HALF_LOG_2PI, masked, plain
from .incomplete import regularized_beta, regularized_gamma
from .special import ndtr

__all__ = ["norm", "expon", "laplace", "cauchy", "t", "gamma", "beta"]

LOG_2 = math.log(2.0)
LOG_PI = math.log(math.pi)


class Normal(ContinuousDistribution):
    """The normal distribution: ``norm.logpdf(x, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda mu: norm.logpdf(2.0, loc=mu, scale=2.0))(1.0)     # (x − μ)/σ²
        0.25
    """

    def standard_logpdf(self, z):
        return -0.5 * z * z - HALF_LOG_2PI

    def standard_cdf(self, z):
        return ndtr(z)

    def standard_logcdf(self, z):
        return log_ndtr(z)


class Exponential(ContinuousDistribution):
    """The exponential distribution: ``expon.logpdf(x, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda s: expon.logpdf(2.0, scale=s))(2.0)            # −1/s + x/s²
        0.0
    """

    inside = 1.0

    def support(self):
        return 0.0, np.inf

    def standard_logpdf(self, z):
        return -z

    def standard_cdf(self, z):
        return -expm1(-z)


class Laplace(ContinuousDistribution):
    """The Laplace distribution: ``laplace.logpdf(x, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: laplace.cdf(x))(0.0)                         # the density, 1/2
        0.5
    """

    def standard_logpdf(self, z):
        return -_abs(z) - LOG_2

    def standard_cdf(self, z):
        right = plain(z) > 0
        upper = 1.0 - 0.5 * exp(-masked(right, z, 0.0))
        lower = 0.5 * exp(masked(~right, z, 0.0))
        return masked(right, upper, lower)


class Cauchy(ContinuousDistribution):
    """The Cauchy distribution: ``cauchy.logpdf(x, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: cauchy.logpdf(x))(1.0)                      # −2z/(1 + z²)
        -1.0
    """

    def standard_logpdf(self, z):
        # log(1 + z²) as 2 log|z| + log(1 + 1/z²) beyond |z| = 1, where z² could overflow
        far = np.abs(plain(z)) > 1.0
        near_z, far_z = masked(~far, z, 0.5), masked(far, z, 2.0)
        near = -LOG_PI - log1p(near_z * near_z)
        beyond = -LOG_PI - 2.0 * log(_abs(far_z)) - log1p(1.0 / (far_z * far_z))
        return masked(far, beyond, near)

    def standard_cdf(self, z):
        return arctan2(1.0, -z) / math.pi


class StudentT(ContinuousDistribution):
    """Student's t distribution: ``t.logpdf(x, df, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> round(dt.gradient(lambda x: t.cdf(x, 3.0))(0.0), 15)     # the density at 0, 2/(π√3)
        0.367552596947861
    """

    shapes = ("df",)

    def standard_logpdf(self, z, df):
        finite = np.isfinite(plain(df))
        df_t = masked(finite, df, 1.0)
        student = -betaln(0.5 * df_t, 0.5) - 0.5 * log(df_t) - (df_t + 1.0) * 0.5 * log1p(z * z / df_t)
        return masked(finite, student, -0.5 * z * z - HALF_LOG_2PI)

    def standard_cdf(self, z, df):
        finite = np.isfinite(plain(df))
        df_t = masked(finite, df, 1.0)
        zp = plain(z)
        # Near 0 the series below: through the incomplete beta function, z² underflows for
        # |z| < 1e-154 and the derivative would be lost (0·∞); at |z| = 1e-5 the series'
        # next term, (ν+1)(ν+3)/(40ν²)·z⁵, is below 1e-15 of the value's and the slope's.
        away = np.abs(zp) > 1e-5
        z_t = masked(away, z, 1.0)
        z2 = z_t * z_t
        total = df_t + z2
        half_tail = 0.5 * regularized_beta(0.5 * df_t, 0.5, df_t / total, z2 / total)
        value = masked(zp < 0, half_tail, 1.0 - half_tail)
        density_at_0 = exp(self.standard_logpdf(0.0, df_t))
        at_zero = 0.5 + density_at_0 * (z - (df_t + 1.0) / (6.0 * df_t) * z * z * z)
        return masked(finite, masked(away, value, at_zero), ndtr(z))


class Gamma(ContinuousDistribution):
    """The gamma distribution with shape a: ``gamma.logpdf(x, a, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> round(dt.gradient(lambda a: gamma.cdf(1.0, a))(1.0), 9)    # d/da P(a, 1) at a = 1
        -0.43172971
    """

    shapes = ("a",)
    inside = 1.0

    def support(self, a):
        return 0.0, np.inf

    def standard_logpdf(self, z, a):
        return xlogy(a - 1.0, z) - z - gammaln(a)

    def standard_cdf(self, z, a):
        return regularized_gamma(a, z)


class Beta(ContinuousDistribution):
    """The beta distribution: ``beta.logpdf(x, a, b, loc=0, scale=1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: beta.cdf(x, 2.0, 1.0))(0.5)                 # x² → 2x
        1.0
    """

    shapes = ("a", "b")
    inside = 0.5

    def support(self, a, b):
        return 0.0, 1.0

    def standard_logpdf(self, z, a, b):
        return xlog1py(b - 1.0, -z) + xlogy(a - 1.0, z) - betaln(a, b)

    def standard_cdf(self, z, a, b):
        return regularized_beta(a, b, z)


norm = Normal("norm")
expon = Exponential("expon")
laplace = Laplace("laplace")
cauchy = Cauchy("cauchy")
t = StudentT("t")
gamma = Gamma("gamma")
beta = Beta("beta")
