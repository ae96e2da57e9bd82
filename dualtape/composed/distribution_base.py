"""What the continuous distributions of `dualtape.scipy.stats` share: SciPy's way of
reading arguments (shape parameters, then ``loc`` and ``scale``, by position or
keyword; a frozen distribution from a call), and SciPy's conventions outside
the support and for invalid parameters, written with table operations so every
mode differentiates the result in the data and in every parameter.

A distribution gives its standardized log-density and CDF (of z = (x − loc)/scale)
and its support; this module handles the rest:

* ``logpdf``/``pdf`` on the closed support (the formula is evaluated at its end
  points, as SciPy does), −inf/0 outside;
* ``cdf``/``logcdf`` on the open support, 0 (−inf) at and below its lower end and
  1 (0) at and above its upper end, where their derivative is 0;
* nan wherever the scale is not positive, a shape parameter is outside its range,
  or x is nan.

Masks come from the plain values and the formulas only ever see arguments inside
their range (`where` picks stand-ins for the others), so a point outside the
support puts no nan into a derivative elsewhere.
"""
import math

import numpy as np

from ..core.box import raw
from ..rules.elementwise import exp, log, where

__all__ = ["ContinuousDistribution", "FrozenDistribution", "plain", "as_value", "masked"]


def plain(value):
    """The float NumPy value under every box.

    Example:
        >>> plain(2)
        array(2.)
    """
    return np.asarray(raw(value), dtype=float)


def as_value(value):
    """A list or tuple of numbers as a float array (as SciPy reads it); anything else as it is.

    Example:
        >>> as_value([1, 2])
        array([1., 2.])
    """
    return np.asarray(value, dtype=float) if isinstance(value, (list, tuple)) else value


def masked(condition, value, otherwise):
    """``where(condition, value, otherwise)`` that skips the `where` when the plain
    `condition` is true everywhere (the common case of a fit).

    Example:
        >>> masked(np.array([True, False]), np.array([1.0, 2.0]), -np.inf)
        array([  1., -inf])
    """
    if np.all(condition):
        return value
    return where(condition, value, otherwise)


class ContinuousDistribution:
    """A location-scale family with shape parameters `shapes`; subclasses give
    ``standard_logpdf(z, *shapes)``, ``standard_cdf(z, *shapes)`` and, where
    SciPy has one, ``standard_logcdf``; `support(*plain_shapes)` is (lower, upper)."""

    shapes = ()
    inside = 0.0            # a point inside the standard support, as a stand-in

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<dualtape.scipy.stats.{self.name}>"

    def __call__(self, *args, **kwds):
        """A frozen distribution: ``norm(loc=1.0).logpdf(x)``."""
        return FrozenDistribution(self, args, kwds)

    def support(self, *shapes):
        return -np.inf, np.inf

    def valid_shapes(self, *shapes):
        return np.all([np.asarray(s) > 0 for s in shapes], axis=0) if shapes else True

    def standard_logcdf(self, z, *shapes):
        return log(self.standard_cdf(z, *shapes))

    # --- reading arguments as SciPy does ---------------------------------------------------
    def _arguments(self, args, kwds):
        names = self.shapes + ("loc", "scale")
        if len(args) > len(names):
            raise TypeError(f"{self.name}: expected at most {len(names)} arguments after x "
                            f"({', '.join(names)}), got {len(args)}")
        values = dict(zip(names, args))
        for key, value in kwds.items():
            if key not in names:
                raise TypeError(f"{self.name}: unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{self.name}: got multiple values for argument {key!r}")
            values[key] = value
        missing = [n for n in self.shapes if n not in values]
        if missing:
            raise TypeError(f"{self.name}: missing shape parameter(s) {', '.join(missing)}")
        return [values[n] for n in self.shapes], values.get("loc", 0.0), values.get("scale", 1.0)

    def _prepared(self, x, args, kwds):
        """(z, shapes, scale, masks) with stand-ins where the parameters are invalid."""
        shapes, loc, scale = self._arguments(args, kwds)
        x, loc, scale = as_value(x), as_value(loc), as_value(scale)
        shapes = [as_value(s) for s in shapes]
        plain_shapes = [plain(s) for s in shapes]
        plain_scale = plain(scale)
        valid = (plain_scale > 0) & self.valid_shapes(*plain_shapes)
        shapes = [masked(valid, s, 1.0) for s in shapes]
        scale = masked(valid, scale, 1.0)
        z = (x - loc) / scale
        z_plain = plain(z)
        lower, upper = self.support(*[np.where(valid, s, 1.0) for s in plain_shapes])
        defined = valid & ~np.isnan(z_plain)
        return z, z_plain, shapes, scale, defined, lower, upper

    # --- the four functions ---------------------------------------------------------------
    def logpdf(self, x, *args, **kwds):
        """The log of the probability density at x."""
        z, zp, shapes, scale, defined, lower, upper = self._prepared(x, args, kwds)
        inside = defined & (lower <= zp) & (zp <= upper)
        value = self.standard_logpdf(masked(inside, z, self.inside), *shapes) - log(scale)
        return masked(defined, masked(inside, value, -np.inf), np.nan)

    def pdf(self, x, *args, **kwds):
        """The probability density at x."""
        return exp(self.logpdf(x, *args, **kwds))

    def _tail(self, x, args, kwds, function, below, above):
        z, zp, shapes, scale, defined, lower, upper = self._prepared(x, args, kwds)
        inside = defined & (lower < zp) & (zp < upper)
        value = function(masked(inside, z, self.inside), *shapes)
        value = masked(inside, value, np.where(zp <= lower, below, above))
        return masked(defined, value, np.nan)

    def cdf(self, x, *args, **kwds):
        """The cumulative distribution function at x."""
        return self._tail(x, args, kwds, self.standard_cdf, 0.0, 1.0)

    def logcdf(self, x, *args, **kwds):
        """The log of the cumulative distribution function at x."""
        with np.errstate(divide="ignore"):          # log 0 = −inf, as in SciPy, without a warning
            return self._tail(x, args, kwds, self.standard_logcdf, -np.inf, 0.0)


class FrozenDistribution:
    """A distribution with its parameters bound, as SciPy's ``norm(loc, scale)``.

    Example:
        >>> from dualtape.composed.distributions import norm
        >>> norm(1.0, 2.0).logpdf(1.0) == norm.logpdf(1.0, 1.0, 2.0)
        True
    """

    def __init__(self, distribution, args, kwds):
        self.dist, self.args, self.kwds = distribution, args, kwds

    def __repr__(self):
        return f"<frozen {self.dist!r}>"

    def logpdf(self, x):
        return self.dist.logpdf(x, *self.args, **self.kwds)

    def pdf(self, x):
        return self.dist.pdf(x, *self.args, **self.kwds)

    def logcdf(self, x):
        return self.dist.logcdf(x, *self.args, **self.kwds)

    def cdf(self, x):
        return self.dist.cdf(x, *self.args, **self.kwds)


HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
