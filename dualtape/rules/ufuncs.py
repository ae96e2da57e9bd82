"""The rest of NumPy's differentiable ufuncs: elementwise entries with partials only.

They belong to the elementwise family as much as those of `elementwise`, but
have no closed-form ``second`` or ``taylor`` rule: HyperDuals and jets
differentiate their tangent rules instead.  Partials use table operations
(``divide``, not ``/``), so a Python float gives NumPy's ``inf`` at a pole.
Piecewise functions take their derivative from raw masks, which carry none:
the remainders have ∂/∂x = 1 and ∂/∂y = −q (q the integer quotient) away from
the jumps; ``fmax``/``fmin`` give the derivative to the number beside a NaN and
split it at ties; rounding and ``heaviside`` have derivative zero; ``copysign``
is differentiable in x only.  ``sinc'(0) = 0``.  On a real value ``real`` and
``conj`` are the identity and ``imag`` is zero; complex values go to
`complex_values`.
"""
import math

import numpy as np

from ..core.box import raw
from .complex_values import complex_aware as _complex_aware
from .elementwise import sqrt, cos, where, divide, power_exponent_partial
from .elementwise_entry import ONE, defelementwise, elementwise_listed_in, mask
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

hypot = _elementwise(
    "hypot", _keep_float(np.hypot), (lambda out, x, y: divide(x, out), lambda out, x, y: divide(y, out)),
    """``numpy.hypot``: ``sqrt(x² + y²)`` without overflow.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.hypot(x, y), argnums=(0, 1))(3.0, 4.0)
        (0.6, 0.8)
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

arccosh = _elementwise(
    "arccosh", _keep_float(np.arccosh), (lambda out, x: divide(1.0, sqrt((x - 1.0) * (x + 1.0))),),
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

# --- remainders ----------------------------------------------------------------------------


def _floor_quotient(x, y):
    """The integer q NumPy's remainder subtracts: x mod y = x − q·y (raw; piecewise constant)."""
    return mask(np.floor_divide(raw(x), raw(y)))


def _trunc_quotient(x, y):
    """The integer q of C's fmod: fmod(x, y) = x − q·y, recovered exactly (raw)."""
    rx, ry = raw(x), raw(y)
    return mask(np.round(np.true_divide(rx - np.fmod(rx, ry), ry)))   # raw: nan at y = 0, as NumPy


def _remainder_examples(rng):
    """Quotients x/y in the middle of an integer interval, so a finite difference
    never crosses a jump; the divisor broadcasts in two of the three examples."""
    def quotient(s):
        return rng.choice([-1.0, 1.0], s) * (rng.integers(0, 2, s) + rng.uniform(0.3, 0.7, s))

    def divisor(s):
        return rng.choice([-1.0, 1.0], s) * rng.uniform(1.0, 2.0, s)

    y1, y2 = divisor((3, 4)), divisor((4,))
    y3 = 1.3 / quotient((3,))
    return [((quotient((3, 4)) * y1, y1), {}),
            ((quotient((3, 4)) * y2, y2), {}),
            ((1.3, y3), {})]


def _remainder(name, np_fn, rounding, quotient, what, x, y):
    """A remainder ``x − q·y`` with the integer quotient ``q = rounding(x/y)``."""
    q = float(getattr(np, rounding)(x / y))
    return _elementwise(
        name, _keep_float(np_fn), (ONE, lambda out, x, y: -quotient(x, y)),
        f"""``numpy.{name}``{what}: ``x − {rounding}(x/y)·y``.

    ∂/∂x = 1 and ∂/∂y = −{rounding}(x/y) away from the jumps.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.{name}(x, y), argnums=(0, 1))({x}, {y})
        (1.0, {-q})
    """, examples=_remainder_examples)


remainder = _remainder("remainder", np.remainder, "floor", _floor_quotient,
                       " (also ``mod`` and ``%``), with the sign of y", 7.0, 3.0)
fmod = _remainder("fmod", np.fmod, "trunc", _trunc_quotient, ", C's remainder with the sign of x",
                  -7.0, 3.0)
mod = remainder
__all__.append("mod")

# --- NaN-ignoring extrema and sign transfer ---------------------------------------------------


def _nan_ignoring_pick_partials(op):
    """The partials of a NaN-ignoring pick (``>`` for fmax): 1 for the argument `op`
    picks or the only number against a NaN, ½ each at a tie."""
    def first(out, x, y):
        a, b = np.asarray(raw(x)), np.asarray(raw(y))
        wins = op(a, b) | (np.isnan(b) & ~np.isnan(a))
        return mask(wins) + 0.5 * mask(a == b)

    def second(out, x, y):
        return first(out, y, x)
    return first, second


def _nan_ignoring(name, np_fn, op, larger, like, example):
    return _elementwise(
        name, _keep_float(np_fn), _nan_ignoring_pick_partials(op),
        f"""``numpy.{name}``: the {larger} value, ignoring NaN (its derivative goes to the number).

    Ties split the derivative equally, as for ``{like}``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.{name}(x, {example}))(2.0)
        {1.0 if example == "np.nan" else 0.5}
    """, domain=("real", "real"))


fmax = _nan_ignoring("fmax", np.fmax, np.greater, "larger", "maximum", "np.nan")
fmin = _nan_ignoring("fmin", np.fmin, np.less, "smaller", "minimum", "2.0")


def _dcopysign(out, x, y):
    # |x|·sign(y): derivative sign(x)·sign(y), with abs'(0) = 0.
    return mask(np.sign(raw(x)) * np.copysign(1.0, raw(y)))


copysign = _elementwise(
    "copysign", _keep_float(np.copysign), (_dcopysign, None),
    """``numpy.copysign``: |x| with the sign of y; differentiable in x only.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.copysign(x, -1.0))(3.0)
        -1.0
    """, domain=("nonzero", "nonzero"))

# --- piecewise constant: derivative zero ------------------------------------------------------

heaviside = _elementwise(
    "heaviside", _keep_float(np.heaviside), (None, None),
    """``numpy.heaviside(x, h0)``: the step function; derivative zero in both arguments.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.heaviside(x, 0.5), (2.0,), (1.0,))
        (1.0, 0.0)
    """, domain=("nonzero", "real"))


def _between_integers(rng, s, scale=1.0):
    """Values whose rounding is unchanged by a finite-difference step."""
    k = rng.integers(-3, 4, s)
    x = scale * (k + rng.uniform(0.2, 0.8, s) * rng.choice([-1.0, 1.0], s))
    return float(x) if s == () else x


def _rounding(name, np_fn):
    return _elementwise(
        name, _keep_float(np_fn), (None,),
        f"""``numpy.{name}``: piecewise constant, so its derivative is zero.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.{name}, (2.25,), (1.0,))
        ({float(np_fn(2.25))!r}, 0.0)
    """, examples=lambda rng: [((_between_integers(rng, (3, 4)),), {}),
                               ((_between_integers(rng, ()),), {})])


floor = _rounding("floor", np.floor)
ceil = _rounding("ceil", np.ceil)
trunc = _rounding("trunc", np.trunc)
rint = _rounding("rint", np.rint)
fix = _rounding("fix", np.fix)

_round = defelementwise(
    "round", _keep_float(lambda x, decimals=0: np.round(x, decimals)), (None,),
    doc="""``numpy.round`` at `decimals` places (static); derivative zero.""",
    static=("decimals",),
    examples=lambda rng: [((_between_integers(rng, (3, 4)),), dict(decimals=0)),
                          ((_between_integers(rng, (3, 4), 10.0),), dict(decimals=-1))])


def round(a, decimals=0):
    """``numpy.round`` (also ``around``): round half to even at `decimals` places; derivative zero.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.round(x, 1), (2.25,), (1.0,))
        (2.2, 0.0)
    """
    return _round(a, decimals=int(decimals))


around = round
__all__ += ["round", "around"]

# --- replacements and identities -------------------------------------------------------------

_nan_to_num = defelementwise(
    "nan_to_num",
    _keep_float(lambda x, nan=0.0, posinf=None, neginf=None:
                np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)),
    (lambda out, x, nan=0.0, posinf=None, neginf=None: mask(np.isfinite(raw(x))),),
    doc="""``numpy.nan_to_num``: derivative 1 at finite entries and 0 where a value was replaced.""",
    static=("nan", "posinf", "neginf"),
    examples=lambda rng: [((rng.standard_normal((3, 4)),), dict(nan=0.0, posinf=None, neginf=None)),
                          ((rng.standard_normal(5),), dict(nan=0.5, posinf=9.0, neginf=-9.0))])


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """``numpy.nan_to_num``: NaN and ±inf replaced; derivative 1 where x was finite, else 0.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nan_to_num(x).sum())(np.array([1.0, np.nan, np.inf]))
        array([1., 0., 0.])
    """
    return _nan_to_num(x, nan=float(nan),
                       posinf=None if posinf is None else float(posinf),
                       neginf=None if neginf is None else float(neginf))


__all__.append("nan_to_num")

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
