"""Special functions as table entries, on NumPy alone: erf, erfc, gammaln,
digamma, polygamma, expit, logit, softplus, xlogy, xlog1py, entr.

Derivatives are exact formulas written with table operations, so every order
is available: erf' = 2/√π·e^{−x²}, gammaln' = digamma, digamma' = polygamma(1),
polygamma(n)' = polygamma(n + 1).  The numerics behind erf, erfc, gammaln and
polygamma (series, continued fractions, recurrences, with their measured
accuracy) are in `dualtape.kernels.special`; logsumexp, softmax and
log_softmax, composed from entries, are in `dualtape.composed.special`; the
modified Bessel functions in `bessel_modified`; the functions SciPy computes
for dualtape (when it is installed) in `special_scipy`, `bessel_scipy` and `zeta`.
"""
import math

import numpy as np

from ..core.box import raw
from ..kernels.special import (TWO_OVER_SQRT_PI, erf_kernel, erfc_kernel, gammaln_kernel,
                               polygamma_kernel, expit_kernel, expit_float, logit_kernel,
                               logit_float)
from .elementwise import exp, log, log1p, divide
from .elementwise_entry import elementwise_listed_in
from .complex_values import refuse_complex, REAL_KERNEL
from .special_helpers import plain_kernel as _plain

__all__ = ["sigmoid", "psi"]
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__, "special")


# --- table entries -------------------------------------------------------------------------------

def _gaussian(out, x):
    return TWO_OVER_SQRT_PI * exp(-(x * x))


erf = _elementwise(
    "erf", _plain(erf_kernel, math.erf), (_gaussian,),
    """The error function erf x = 2/√π ∫₀ˣ e^{−t²} dt; derivative 2/√π·e^{−x²}.

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.erf, (0.0,), (1.0,))
        (0.0, 1.1283791670955126)
    """, domain=lambda rng, s: rng.uniform(-3.0, 3.0, s))

erfc = _elementwise(
    "erfc", _plain(erfc_kernel, math.erfc), (lambda out, x: -_gaussian(out, x),),
    """The complementary error function 1 − erf x, accurate also where it is tiny.

    Example:
        >>> import dualtape.special as dsp
        >>> dsp.erfc(0.0)
        1.0
    """, domain=lambda rng, s: rng.uniform(-3.0, 3.0, s))


def _positive_reals(rng, s):
    return rng.uniform(0.2, 15.0, s)


digamma = _elementwise(
    "digamma", _plain(polygamma_kernel, name="digamma"), (lambda out, x: _polygamma(x, n=1),),
    """The digamma function ψ(x) = Γ'(x)/Γ(x) (also ``psi``); derivative polygamma(1, x).

    Example:
        >>> import dualtape.special as dsp
        >>> round(dsp.digamma(1.0), 15)      # −γ, the Euler–Mascheroni constant
        -0.577215664901533
    """, domain=_positive_reals)
psi = digamma

_polygamma = _elementwise(
    "polygamma", _plain(polygamma_kernel), (lambda out, x, n: _polygamma(x, n=n + 1),),
    """ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n >= 1 static); derivative ψ⁽ⁿ⁺¹⁾.""",
    static=("n",), domain=_positive_reals,
    examples=lambda rng: [((_positive_reals(rng, (3, 4)),), dict(n=1)),
                          ((_positive_reals(rng, ()),), dict(n=2)),
                          ((_positive_reals(rng, (5,)),), dict(n=3))])
__all__.remove("polygamma")
del __test__["polygamma"]


def polygamma(n, x):
    """The polygamma function ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ log Γ(x) (n = 0 is digamma).

    Example:
        >>> import math, dualtape.special as dsp
        >>> abs(dsp.polygamma(1, 1.0) - math.pi ** 2 / 6) < 1e-15    # ψ'(1) = ζ(2)
        True
    """
    n = int(raw(n))
    if n < 0:
        raise ValueError(f"polygamma: the order n must be a non-negative integer, got {n}")
    return digamma(x) if n == 0 else _polygamma(x, n=n)


__all__.append("polygamma")

gammaln = _elementwise(
    # not math.lgamma on floats: it is off by up to 3e-15 relative between 1 and 3
    "gammaln", _plain(gammaln_kernel), (lambda out, x: digamma(x),),
    """log |Γ(x)|; derivative digamma(x).

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.gammaln, (1.0,), (1.0,))        # log Γ(1) = 0, ψ(1) = −γ
        (0.0, -0.5772156649015329)
    """, domain=_positive_reals)


expit = _elementwise(
    "expit", _plain(expit_kernel, expit_float), (lambda out, x: out * expit(-x),),
    """The logistic sigmoid 1/(1 + e^{−x}) (also ``sigmoid``), stable for large |x|;
    derivative expit(x)·expit(−x).

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.expit, (0.0,), (1.0,))
        (0.5, 0.25)
    """)
sigmoid = expit

logit = _elementwise(
    "logit", _plain(logit_kernel, logit_float), (lambda out, p: divide(1.0, p * (1.0 - p)),),
    """The log-odds log(p/(1 − p)), the inverse of expit (nan outside [0, 1]); derivative 1/(p(1 − p)).

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.logit, (0.5,), (1.0,))
        (0.0, 4.0)
    """, domain=lambda rng, s: rng.uniform(0.05, 0.95, s),
    second=lambda out, p: divide(2.0 * p - 1.0, (p * (1.0 - p)) ** 2))


def _softplus_float(x):
    return float(np.logaddexp(0.0, x))


softplus = _elementwise(
    "softplus", _plain(lambda x: np.logaddexp(0.0, x), _softplus_float, "softplus"),
    (lambda out, x: expit(x),),
    """log(1 + eˣ), stable for large |x|; derivative expit(x).

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.softplus, (1000.0,), (1.0,))
        (1000.0, 1.0)
    """)


def _xlogy_impl(x, y):
    with np.errstate(all="ignore"):
        out = np.where((np.asarray(x) == 0) & ~np.isnan(y), 0.0, x * np.log(y))
    return float(out) if type(x) in (float, int) and type(y) in (float, int) else out


def _xlog1py_impl(x, y):
    with np.errstate(all="ignore"):
        out = np.where((np.asarray(x) == 0) & ~np.isnan(y), 0.0, x * np.log1p(y))
    return float(out) if type(x) in (float, int) and type(y) in (float, int) else out


xlogy = _elementwise(
    "xlogy", _xlogy_impl, (lambda out, x, y: log(y), lambda out, x, y: divide(x, y)),
    """x·log(y), taken to be 0 where x = 0 (as in ``scipy.special.xlogy``).

    Example:
        >>> import dualtape.special as dsp
        >>> dsp.xlogy(0.0, 0.0)
        0.0
    """, domain=("real", "positive"))

xlog1py = _elementwise(
    "xlog1py", _xlog1py_impl, (lambda out, x, y: log1p(y), lambda out, x, y: divide(x, 1.0 + y)),
    """x·log(1 + y), taken to be 0 where x = 0.

    Example:
        >>> import dualtape.special as dsp
        >>> dsp.xlog1py(0.0, -1.0)
        0.0
    """, domain=("real", "above_minus_one"))


def _entr_impl(x):
    with np.errstate(all="ignore"):
        out = np.where(x > 0, -x * np.log(np.where(x > 0, x, 1.0)), np.where(x == 0, 0.0, -np.inf))
    out = np.where(np.isnan(x), np.nan, out)
    return float(out) if type(x) in (float, int) else out


entr = _elementwise(
    "entr", _entr_impl, (lambda out, x: -(log(x) + 1.0),),
    """The entropy term −x·log x (0 at x = 0, −inf for x < 0); derivative −(log x + 1).

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.entr, (1.0,), (1.0,))
        (-0.0, -1.0)
    """, domain="positive")


# --- complex values: the kernels are real series ----------------------------------------------
refuse_complex(REAL_KERNEL, erf, erfc, digamma, _polygamma, gammaln, expit, logit, softplus,
               xlogy, xlog1py, entr)
