"""More of the elementwise family: smooth functions with partials only.

Powers and logarithms in other bases (``float_power``, ``exp2``, ``log2``,
``log10``, ``cbrt``, ``logaddexp2``, ``hypot``), the inverse hyperbolic
functions, angle conversions, ``sinc`` and the identities on real values.
They belong to the family as much as those of `elementwise`, but have no
closed-form ``second`` or ``taylor`` rule: HyperDuals and jets differentiate
their tangent rules instead.  Partials use table operations (``divide``, not
``/``), so a Python float gives NumPy's ``inf`` at a pole.  ``sinc'(0) = 0``.
On a real value ``real`` and ``conj`` are the identity and ``imag`` is zero;
complex values go to `complex_values`.  The piecewise members are in
`elementwise_piecewise`.
"""
import math

import numpy as np

from ..core.box import raw
from .complex_values import (complex_aware as _complex_aware, accept_complex, refuse_complex,
                             HOLOMORPHIC, REAL_ONLY, SERVED_BY)
from .elementwise import sqrt, where, divide, power_exponent_partial
from .elementwise_trigonometric import cos
from .elementwise_entry import ONE, elementwise_listed_in
from .helpers import keep_float as _keep_float

__all__ = []
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__)

LN2 = math.log(2.0)
LN10 = math.log(10.0)


# --- powers, exponentials and logarithms ----------------------------------------------

float_power = _elementwise(
    "float_power", _keep_float(np.float_power),
    (lambda out, x, y: y * float_power(x, y - 1.0), power_exponent_partial),
    """``numpy.float_power``: ``x ** y`` computed in float64.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.float_power(x, 3.0), (2.0,), (1.0,))
        (8.0, 12.0)
    """, domain=("positive", "real"))

exp2 = _elementwise(
    "exp2", _keep_float(np.exp2), (lambda out, x: out * LN2,),
    """``numpy.exp2``: ``2 ** x``; derivative ``2 ** x · ln 2``.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.exp2(3.0)
        8.0
    """)


def _logarithm(name, np_fn, base, ln_base):
    return _elementwise(
        name, _keep_float(np_fn), (lambda out, x: divide(1.0, x * ln_base),),
        f"""``numpy.{name}``: the base-{base} logarithm; derivative ``1 / (x ln {base})``.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.{name}({float(base ** 3)!r})
        3.0
    """, domain="positive")


log2 = _logarithm("log2", np.log2, 2, LN2)
log10 = _logarithm("log10", np.log10, 10, LN10)

cbrt = _elementwise(
    "cbrt", _keep_float(np.cbrt), (lambda out, x: divide(1.0, 3.0 * out * out),),
    """``numpy.cbrt``: the real cube root; derivative ``1 / (3 cbrt(x)²)`` (inf at 0).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.cbrt, (8.0,), (1.0,))
        (2.0, 0.08333333333333333)
    """, domain="nonzero")

logaddexp2 = _elementwise(
    "logaddexp2", _keep_float(np.logaddexp2),
    (lambda out, x, y: exp2(x - out), lambda out, x, y: exp2(y - out)),
    """``numpy.logaddexp2``: ``log2(2**x + 2**y)`` without overflow.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.logaddexp2(x, x))(1000.0)
        1.0
    """)

def _hypot_partial(out, a):
    """``a / hypot``, and 0 at the origin: hypot is the length of (x, y), and every
    vector norm has derivative 0 at the zero vector, as ``abs'(0) = 0``."""
    origin = raw(out) == 0
    if not np.any(origin):
        return divide(a, out)
    return where(origin, 0.0, divide(a, where(origin, 1.0, out)))


hypot = _elementwise(
    "hypot", _keep_float(np.hypot),
    (lambda out, x, y: _hypot_partial(out, x), lambda out, x, y: _hypot_partial(out, y)),
    """``numpy.hypot``: ``sqrt(x² + y²)`` without overflow; derivative 0 at the origin,
    as ``linalg.norm``'s at the zero vector.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.hypot(x, y), argnums=(0, 1))(3.0, 4.0)
        (0.6, 0.8)
        >>> dt.gradient(lambda x, y: dt.numpy.hypot(x, y), argnums=(0, 1))(0.0, 0.0)
        (0.0, 0.0)
    """, domain=("nonzero", "nonzero"))

# --- inverse hyperbolic ------------------------------------------------------------------

arcsinh = _elementwise(
    "arcsinh", _keep_float(np.arcsinh), (lambda out, x: divide(1.0, sqrt(x * x + 1.0)),),
    """``numpy.arcsinh``; derivative ``1 / sqrt(x² + 1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arcsinh, (0.0,), (1.0,))
        (0.0, 1.0)
    """)

# sqrt(x - 1)·sqrt(x + 1), not sqrt(x² - 1): the two differ in sign off the real line,
# and the first is the derivative of NumPy's principal complex arccosh
arccosh = _elementwise(
    "arccosh", _keep_float(np.arccosh),
    (lambda out, x: divide(1.0, sqrt(x - 1.0) * sqrt(x + 1.0)),),
    """``numpy.arccosh`` (x >= 1); derivative ``1 / sqrt(x² − 1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arccosh, (1.25,), (1.0,))[1]
        1.3333333333333333
    """, domain=lambda rng, s: rng.uniform(1.2, 3.0, s))

arctanh = _elementwise(
    "arctanh", _keep_float(np.arctanh), (lambda out, x: divide(1.0, (1.0 - x) * (1.0 + x)),),
    """``numpy.arctanh`` (|x| < 1); derivative ``1 / (1 − x²)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arctanh, (0.5,), (1.0,))[1]
        1.3333333333333333
    """, domain="open_unit")

# --- angles ------------------------------------------------------------------------------

def _angle(name, np_fn, alias, factor, factor_text, value):
    return _elementwise(
        name, _keep_float(np_fn), (lambda out, x: factor,),
        f"""``numpy.{name}`` (also ``{alias}``): multiply by {factor_text}.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.{name}({value!r})
        {float(np_fn(value))!r}
    """, linear=True)


deg2rad = _angle("deg2rad", np.deg2rad, "radians", math.pi / 180.0, "π/180", 180.0)
rad2deg = _angle("rad2deg", np.rad2deg, "degrees", 180.0 / math.pi, "180/π", math.pi)
radians = deg2rad
degrees = rad2deg
__all__ += ["radians", "degrees"]

# --- sinc ---------------------------------------------------------------------------------

# Below this |x| the derivative (cos(πx) − sinc x)/x loses digits to cancellation;
# there its Taylor series is used instead.
_SINC_SERIES_BELOW = 1e-2


def _dsinc(out, x):
    """sinc'(x) = (cos(πx) − sinc(x)) / x, and its Taylor series near 0 (so sinc'(0) = 0
    and the higher derivatives at 0 come out right too)."""
    rx = raw(x)
    small = np.abs(rx) < _SINC_SERIES_BELOW
    p2 = math.pi ** 2
    # sinc'(x) = Σ_{k>=1} (−1)^k 2k π^{2k} x^{2k−1} / (2k+1)!; the k = 5 term is below 1e-18
    # relative for |x| < 1e-2
    x2 = x * x
    series = x * (-p2 / 3.0 + x2 * (p2 ** 2 / 30.0 + x2 * (-p2 ** 3 / 840.0 + x2 * (p2 ** 4 / 45360.0))))
    if not np.any(small):
        return divide(cos(math.pi * x) - out, x)
    if np.all(small):
        return series
    safe = where(small, 1.0, x)
    return where(small, series, divide(cos(math.pi * safe) - out, safe))


sinc = _elementwise(
    "sinc", _keep_float(np.sinc), (_dsinc,),
    """``numpy.sinc``: the normalized ``sin(πx)/(πx)``, with ``sinc(0) = 1`` and ``sinc'(0) = 0``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.sinc, (0.0,), (1.0,))
        (1.0, 0.0)
    """)


# --- identities on real values -------------------------------------------------------------

def _identity_on_reals(name, np_fn, what):
    return _elementwise(
        name, lambda x: x if type(x) is float else np_fn(x), (ONE,),
        f"""``numpy.{name}``: {what}.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.{name}, (-2.0,), (1.0,))
        (-2.0, 1.0)
    """, linear=True)


positive = _identity_on_reals("positive", np.positive, "the identity (``+x``)")
real = _identity_on_reals("real", np.real, "the identity on a real value "
                          "(a complex one goes to ``complex.real``)")
conjugate = _identity_on_reals("conjugate", np.conjugate, "(also ``conj``) the identity on a "
                               "real value (a complex one goes to ``complex.conjugate``)")
imag = _elementwise(
    "imag", lambda x: 0.0 if type(x) is float else np.imag(x).copy(), (None,),
    """``numpy.imag``: zero on a real value, with derivative zero (complex: ``complex.imag``).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.imag, (2.0,), (1.0,))
        (0.0, 0.0)
    """, linear=True)
# Complex intermediates (an FFT, exp(1j x)) go to the entries in rules/complex_values.py.
real, imag, conjugate = (_complex_aware(f) for f in (real, imag, conjugate))
conj = conjugate
__all__.append("conj")

# --- complex values: the smooth functions are holomorphic (principal branches) ------------
accept_complex(HOLOMORPHIC, float_power, exp2, log2, log10, arcsinh, arccosh, arctanh, sinc,
               positive)
refuse_complex(REAL_ONLY, cbrt, logaddexp2, hypot, deg2rad, rad2deg)
refuse_complex(SERVED_BY, real, imag, conjugate)
