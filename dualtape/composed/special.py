"""Special functions composed from table entries: ``logsumexp``, ``softmax``
and ``log_softmax``, stable at large arguments, the normal CDF ``ndtr`` and the
multivariate log-gamma ``multigammaln``.

They add no entries: their derivatives are those of ``exp``, ``log``,
``sum`` and arithmetic.  Each subtracts the plain maximum before
exponentiating (`_shift`), which costs no digits at a large common offset.
"""
import math

import numpy as np

from ..core.box import Box, raw
from ..core.arrays import ndim, normalize_axes, shape
from ..rules.elementwise import exp, log
from ..rules.reduction_helpers import reduced_shape
from ..rules.reductions import sum as _sum
from ..rules.shapes import broadcast_to, reshape
from ..rules.special import erfc, gammaln

__all__ = ["logsumexp", "softmax", "log_softmax", "ndtr", "multigammaln"]

SQRT_HALF = math.sqrt(0.5)


def _shift(a, axes):
    """The raw maximum over `axes` (kept), with non-finite maxima replaced by 0.

    Subtracting a constant before exponentiating and adding it back leaves the
    function, and so every derivative, unchanged; it only avoids overflow.
    """
    with np.errstate(invalid="ignore"):
        m = np.max(np.asarray(raw(a)), axis=axes, keepdims=True)
    return np.where(np.isfinite(m), m, 0.0)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log Σ b·eᵃ over `axis`, without overflow (as ``scipy.special.logsumexp``).

    Differentiable in `a` and in the weights `b` (which broadcast against `a`).
    With ``return_sign=True`` returns (log |Σ b·eᵃ|, sign) for signed weights.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.special as dsp
        >>> dt.gradient(dsp.logsumexp)(np.array([1000.0, 1000.0]))
        array([0.5, 0.5])
    """
    if b is not None and shape(b) != shape(a):
        common = np.broadcast_shapes(shape(a), shape(b))
        a, b = broadcast_to(a, common), broadcast_to(b, common)
    axes = normalize_axes(axis, ndim(a))
    m = _shift(a, axes)
    terms = exp(a - m)
    if b is not None:
        terms = b * terms
    total = _sum(terms, axis=axes, keepdims=True)
    sign = np.sign(raw(total))
    if return_sign:
        total = total * sign
    with np.errstate(divide="ignore", invalid="ignore"):
        out = log(total) + m
    if not keepdims:
        out = reshape(out, reduced_shape(shape(a), axes))
        sign = np.reshape(sign, reduced_shape(shape(a), axes))
    if type(raw(a)) is float and not np.ndim(raw(out)):
        out = out + 0.0 if isinstance(out, Box) else float(out)
        sign = float(sign)
    return (out, sign) if return_sign else out


def softmax(x, axis=None):
    """eˣ / Σ eˣ over `axis` (None: all elements), without overflow.

    Example:
        >>> import numpy as np, dualtape.special as dsp
        >>> dsp.softmax(np.array([1000.0, 1000.0]))
        array([0.5, 0.5])
    """
    axes = normalize_axes(axis, ndim(x))
    e = exp(x - _shift(x, axes))
    return e / _sum(e, axis=axes, keepdims=True)


def log_softmax(x, axis=None):
    """x − logsumexp(x) over `axis`: the log of `softmax`, accurate where softmax underflows.

    Computed as (x − m) − log Σ e^{x − m} with m the maximum, so a large common
    offset (x near 1000) costs no digits.

    Example:
        >>> import numpy as np, dualtape.special as dsp
        >>> dsp.log_softmax(np.array([0.0, -1000.0]))
        array([    0., -1000.])
    """
    axes = normalize_axes(axis, ndim(x))
    shifted = x - _shift(x, axes)
    return shifted - log(_sum(exp(shifted), axis=axes, keepdims=True))


def ndtr(x):
    """The standard normal CDF Φ(x) = erfc(−x/√2)/2 (as ``scipy.special.ndtr``); derivative
    the normal density.

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.ndtr, (0.0,), (1.0,))              # Φ(0) = 1/2, φ(0) = 1/√(2π)
        (0.5, 0.3989422804014327)
    """
    return erfc(x * -SQRT_HALF) * 0.5


def multigammaln(a, d):
    """The log of the multivariate gamma function of dimension `d` (an integer):
    d(d − 1)/4·log π + Σ_{j<d} log Γ(a − j/2), as ``scipy.special.multigammaln``.

    Example:
        >>> import math, dualtape.special as dsp
        >>> abs(dsp.multigammaln(3.0, 1) - math.lgamma(3.0)) < 1e-15
        True
    """
    if int(d) != d or d < 1:
        raise ValueError(f"multigammaln: the dimension d must be a positive integer, got {d!r}")
    d = int(d)
    if np.any(np.asarray(raw(a)) <= 0.5 * (d - 1)):
        raise ValueError(f"multigammaln: every a must be greater than (d - 1)/2 = {0.5 * (d - 1)}, "
                         f"got a = {raw(a)!r}")
    total = gammaln(a)
    for j in range(1, d):
        total = total + gammaln(a - 0.5 * j)
    return total + 0.25 * d * (d - 1) * math.log(math.pi)
