"""The regularized incomplete gamma and beta functions, differentiable in every
argument (the shape parameters too), composed from table entries.

SciPy's ``gammainc``/``betainc`` have no derivative in their parameters, which a
likelihood fit of a gamma, beta or Student-t CDF needs.  These evaluate the
classical expansions with table operations, so every mode differentiates them
exactly as written; the number of terms comes from `dualtape.kernels.incomplete`,
which runs each expansion on the plain values until it has converged:

* P(a, x) by its power series where x < a + 1, Q(a, x) = 1 − P by Legendre's
  continued fraction elsewhere;
* I_x(a, b) by its continued fraction where x < (a + 1)/(a + b + 2), and by
  I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere.

Each branch is evaluated only on arguments inside its own range (the others see
a harmless stand-in), so neither puts a nan into the derivative of the other.
Measured against ``scipy.special.gammainc``/``betainc`` for parameters in
[0.1, 50]: within 2e-13 relative where the value is above 1e-300.
"""
import numpy as np

from ..core.box import raw
from ..kernels.incomplete import (gamma_series_depth, gamma_fraction_depth, beta_fraction_depth,
                                  beta_fraction_coefficient)
from ..rules.elementwise import exp, log, where
from ..rules.special import gammaln
from ..rules.special_scipy import betaln

__all__ = ["regularized_gamma", "regularized_beta"]


def _plain(*values):
    return np.broadcast_arrays(*(np.asarray(raw(v), dtype=float) for v in values))


def _gamma_series(a, x, depth):
    """P(a, x) by its power series, `depth` terms."""
    term = 1.0
    total = 1.0
    for k in range(1, depth):
        term = term * x / (a + k)
        total = total + term
    return exp(a * log(x) - x - gammaln(a + 1.0)) * total


def _gamma_fraction(a, x, depth):
    """Q(a, x) by Legendre's continued fraction evaluated from its tail."""
    tail = x + (2 * depth + 1) - a
    for k in range(depth, 0, -1):
        tail = (x + (2 * k - 1)) - a - k * (k - a) / tail
    return exp(a * log(x) - x - gammaln(a)) / tail


def regularized_gamma(a, x, upper=False):
    """P(a, x), the regularized lower incomplete gamma function (Q(a, x) = 1 − P if
    `upper`), for a > 0 and x >= 0, differentiable in both.

    Example:
        >>> import math, dualtape as dt
        >>> value, slope = dt.jvp(lambda a: regularized_gamma(a, 2.0), (1.0,), (1.0,))
        >>> round(value, 15) == round(1 - math.exp(-2.0), 15)
        True
    """
    a_plain, x_plain = _plain(a, x)
    series = x_plain < a_plain + 1.0
    lower = upper_part = None
    if series.any():
        xs = x if series.all() else where(series, x, 0.5 * a_plain)
        lower = _gamma_series(a, xs, gamma_series_depth(a_plain[series], x_plain[series]))
    if not series.all():
        xf = x if not series.any() else where(series, a_plain + 2.0, x)
        upper_part = _gamma_fraction(a, xf, gamma_fraction_depth(a_plain[~series], x_plain[~series]))
    if upper_part is None:
        return 1.0 - lower if upper else lower
    if lower is None:
        return upper_part if upper else 1.0 - upper_part
    return where(series, 1.0 - lower, upper_part) if upper else where(series, lower, 1.0 - upper_part)


def _beta_fraction(a, b, x, y, depth):
    """I_x(a, b) by its continued fraction (y = 1 − x, passed to keep its digits)."""
    tail = 1.0
    for j in range(depth, 0, -1):
        tail = 1.0 + beta_fraction_coefficient(j, a, b, x) / tail
    return exp(a * log(x) + b * log(y) - log(a) - betaln(a, b)) / tail


def regularized_beta(a, b, x, y=None):
    """I_x(a, b), the regularized incomplete beta function, for a, b > 0 and
    0 <= x <= 1, differentiable in a, b and x.  `y` is 1 − x, when the caller has
    it more accurately than 1 − x would give.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: regularized_beta(2.0, 1.0, x))(0.5)        # I_x(2, 1) = x²
        1.0
    """
    if y is None:
        y = 1.0 - x
    a_plain, b_plain, x_plain = _plain(a, b, x)
    y_plain = _plain(y, x)[0]
    switch = (a_plain + 1.0) / (a_plain + b_plain + 2.0)
    flip = x_plain > switch
    stand_in = 0.5 * switch                  # inside the direct branch's range, for the other one
    direct = flipped = None
    if not flip.all():
        xd, yd = (x, y) if not flip.any() else \
            (where(flip, stand_in, x), where(flip, 1.0 - stand_in, y))
        keep = ~flip
        depth = beta_fraction_depth(a_plain[keep], b_plain[keep], x_plain[keep])
        direct = _beta_fraction(a, b, xd, yd, depth)
    if flip.any():
        xf, yf = (x, y) if flip.all() else (where(flip, x, 1.0 - stand_in), where(flip, y, stand_in))
        depth = beta_fraction_depth(b_plain[flip], a_plain[flip], y_plain[flip])
        flipped = 1.0 - _beta_fraction(b, a, yf, xf, depth)
    if direct is None:
        return flipped
    if flipped is None:
        return direct
    return where(flip, flipped, direct)
