"""More elementwise primitives: the rest of NumPy's differentiable ufuncs.

Each entry is built by `defelementwise` from its partial derivatives, written
with table operations so the rules are themselves differentiable.  Piecewise
functions take their derivative from raw masks (a mask carries no derivative):

* ``remainder``/``mod`` and ``fmod``: ``x - q·y`` with the integer quotient
  ``q = floor(x/y)`` (``trunc(x/y)`` for ``fmod``), so ∂/∂x = 1 and
  ∂/∂y = −q away from the jumps;
* ``fmax``/``fmin`` ignore NaN (the derivative goes to the number), ties
  split the derivative equally as for ``maximum``/``minimum``;
* ``copysign`` is differentiable in its first argument only;
* rounding (``floor``, ``ceil``, ``trunc``, ``rint``, ``fix``, ``round``)
  and ``heaviside`` have derivative zero;
* ``sinc`` is NumPy's normalized ``sin(πx)/(πx)`` with ``sinc'(0) = 0``;
* ``real``/``conj`` are the identity and ``imag`` is zero on real input
  (dualtape values are real).
"""
import math

import numpy as np

from ..core.box import raw
from .elementwise import ONE, defelementwise, log, sqrt, cos, where
from .complex_values import complex_aware as _complex_aware
from .helpers import keep_float as _keep_float

__all__ = []

LN2 = math.log(2.0)
LN10 = math.log(10.0)


def elementwise_listed_in(names, tests, family):
    """`defelementwise` for a module other than `elementwise`: the public name goes
    into that module's `names` (its ``__all__``) and the docstring into its `tests`
    (its ``__test__``, so the example runs: the function's globals are elementwise's)."""
    def define(name, impl, partials, doc, **options):
        fn = defelementwise(name, impl, partials, doc=doc, family=family, **options)
        names.append(name)
        tests[name] = doc
        return fn
    return define


__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__, "ufuncs")


def _mask(cond):
    """A raw condition or count as a float array, or a Python float for a scalar
    (no derivative flows through it)."""
    return np.asarray(cond, dtype=float) if np.ndim(cond) else float(cond)


def _in_range(lo, hi):
    return lambda rng, s: rng.uniform(lo, hi, s)


# --- powers, exponentials and logarithms ----------------------------------------------

def _dfloat_power_base(out, x, y):
    return y * float_power(x, y - 1.0)


def _dfloat_power_exponent(out, x, y):
    # Same convention as `power`: x**y log x for x > 0, and 0 where x <= 0 (there a
    # real power exists only at integer y, which is not varied).
    positive = np.asarray(raw(x)) > 0
    if positive.all():
        return out * log(x)
    return out * log(where(positive, x, 1.0)) * _mask(positive)


float_power = _elementwise(
    "float_power", _keep_float(np.float_power), (_dfloat_power_base, _dfloat_power_exponent),
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

log2 = _elementwise(
    "log2", _keep_float(np.log2), (lambda out, x: 1.0 / (x * LN2),),
    """``numpy.log2``; derivative ``1 / (x ln 2)``.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.log2(8.0)
        3.0
    """, domain="positive")

log10 = _elementwise(
    "log10", _keep_float(np.log10), (lambda out, x: 1.0 / (x * LN10),),
    """``numpy.log10``; derivative ``1 / (x ln 10)``.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.log10(100.0)
        2.0
    """, domain="positive")

cbrt = _elementwise(
    "cbrt", _keep_float(np.cbrt), (lambda out, x: 1.0 / (3.0 * out * out),),
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
    "hypot", _keep_float(np.hypot), (lambda out, x, y: x / out, lambda out, x, y: y / out),
    """``numpy.hypot``: ``sqrt(x² + y²)`` without overflow.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.hypot(x, y), argnums=(0, 1))(3.0, 4.0)
        (0.6, 0.8)
    """, domain=("nonzero", "nonzero"))

# --- inverse hyperbolic ------------------------------------------------------------------

arcsinh = _elementwise(
    "arcsinh", _keep_float(np.arcsinh), (lambda out, x: 1.0 / sqrt(x * x + 1.0),),
    """``numpy.arcsinh``; derivative ``1 / sqrt(x² + 1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arcsinh, (0.0,), (1.0,))
        (0.0, 1.0)
    """)

arccosh = _elementwise(
    "arccosh", _keep_float(np.arccosh), (lambda out, x: 1.0 / sqrt((x - 1.0) * (x + 1.0)),),
    """``numpy.arccosh`` (x >= 1); derivative ``1 / sqrt(x² − 1)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arccosh, (1.25,), (1.0,))[1]
        1.3333333333333333
    """, domain=_in_range(1.2, 3.0))

arctanh = _elementwise(
    "arctanh", _keep_float(np.arctanh), (lambda out, x: 1.0 / ((1.0 - x) * (1.0 + x)),),
    """``numpy.arctanh`` (|x| < 1); derivative ``1 / (1 − x²)``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.arctanh, (0.5,), (1.0,))[1]
        1.3333333333333333
    """, domain="open_unit")

# --- angles ------------------------------------------------------------------------------

deg2rad = _elementwise(
    "deg2rad", _keep_float(np.deg2rad), (lambda out, x: math.pi / 180.0,),
    """``numpy.deg2rad`` (also ``radians``): multiply by π/180.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.deg2rad(180.0)
        3.141592653589793
    """, linear=True)

rad2deg = _elementwise(
    "rad2deg", _keep_float(np.rad2deg), (lambda out, x: 180.0 / math.pi,),
    """``numpy.rad2deg`` (also ``degrees``): multiply by 180/π.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.rad2deg(3.141592653589793)
        180.0
    """, linear=True)

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
        return (cos(math.pi * x) - out) / x
    if np.all(small):
        return series
    safe = where(small, 1.0, x)
    return where(small, series, (cos(math.pi * safe) - out) / safe)


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
    return _mask(np.floor_divide(raw(x), raw(y)))


def _trunc_quotient(x, y):
    """The integer q of C's fmod: fmod(x, y) = x − q·y, recovered exactly (raw)."""
    rx, ry = raw(x), raw(y)
    return _mask(np.round((rx - np.fmod(rx, ry)) / ry))


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


remainder = _elementwise(
    "remainder", _keep_float(np.remainder),
    (ONE, lambda out, x, y: -_floor_quotient(x, y)),
    """``numpy.remainder`` (also ``mod`` and ``%``): ``x − floor(x/y)·y``, with the sign of y.

    ∂/∂x = 1 and ∂/∂y = −floor(x/y) away from the jumps.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.remainder(x, y), argnums=(0, 1))(7.0, 3.0)
        (1.0, -2.0)
    """, examples=_remainder_examples)
mod = remainder
__all__.append("mod")

fmod = _elementwise(
    "fmod", _keep_float(np.fmod),
    (ONE, lambda out, x, y: -_trunc_quotient(x, y)),
    """``numpy.fmod``: C's remainder ``x − trunc(x/y)·y``, with the sign of x.

    ∂/∂x = 1 and ∂/∂y = −trunc(x/y) away from the jumps.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.fmod(x, y), argnums=(0, 1))(-7.0, 3.0)
        (1.0, 2.0)
    """, examples=_remainder_examples)

# --- NaN-ignoring extrema and sign transfer ---------------------------------------------------


def _fmax_partial(first):
    def partial(out, x, y):
        rx, ry = np.asarray(raw(x)), np.asarray(raw(y))
        a, b = (rx, ry) if first else (ry, rx)
        wins = (a > b) | (np.isnan(b) & ~np.isnan(a))
        return _mask(wins) + 0.5 * _mask(a == b)
    return partial


def _fmin_partial(first):
    def partial(out, x, y):
        rx, ry = np.asarray(raw(x)), np.asarray(raw(y))
        a, b = (rx, ry) if first else (ry, rx)
        wins = (a < b) | (np.isnan(b) & ~np.isnan(a))
        return _mask(wins) + 0.5 * _mask(a == b)
    return partial


fmax = _elementwise(
    "fmax", _keep_float(np.fmax), (_fmax_partial(True), _fmax_partial(False)),
    """``numpy.fmax``: the larger value, ignoring NaN (its derivative goes to the number).

    Ties split the derivative equally, as for ``maximum``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.fmax(x, np.nan))(2.0)
        1.0
    """, domain=("real", "real"))

fmin = _elementwise(
    "fmin", _keep_float(np.fmin), (_fmin_partial(True), _fmin_partial(False)),
    """``numpy.fmin``: the smaller value, ignoring NaN (its derivative goes to the number).

    Ties split the derivative equally, as for ``minimum``.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.fmin(x, 1.0))(1.0)
        0.5
    """, domain=("real", "real"))


def _dcopysign(out, x, y):
    # |x|·sign(y): derivative sign(x)·sign(y), with abs'(0) = 0.
    return _mask(np.sign(raw(x)) * np.copysign(1.0, raw(y)))


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

_round = _elementwise(
    "round", _keep_float(lambda x, decimals=0: np.round(x, decimals)), (None,),
    """``numpy.round`` at `decimals` places (static); derivative zero.""",
    static=("decimals",),
    examples=lambda rng: [((_between_integers(rng, (3, 4)),), dict(decimals=0)),
                          ((_between_integers(rng, (3, 4), 10.0),), dict(decimals=-1))])
__all__.remove("round")
del __test__["round"]


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

_nan_to_num = _elementwise(
    "nan_to_num",
    _keep_float(lambda x, nan=0.0, posinf=None, neginf=None:
                np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)),
    (lambda out, x, nan=0.0, posinf=None, neginf=None: _mask(np.isfinite(raw(x))),),
    """``numpy.nan_to_num``: derivative 1 at finite entries and 0 where a value was replaced.""",
    static=("nan", "posinf", "neginf"),
    examples=lambda rng: [((rng.standard_normal((3, 4)),), dict(nan=0.0, posinf=None, neginf=None)),
                          ((rng.standard_normal(5),), dict(nan=0.5, posinf=9.0, neginf=-9.0))])
__all__.remove("nan_to_num")
del __test__["nan_to_num"]


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

positive = _elementwise(
    "positive", _keep_float(np.positive), (ONE,),
    """``numpy.positive``: the identity (``+x``).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.positive, (-2.0,), (1.0,))
        (-2.0, 1.0)
    """, linear=True)

real = _elementwise(
    "real", lambda x: x if type(x) is float else np.real(x), (ONE,),
    """``numpy.real``: the identity on real values (dualtape values are real).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.real, (2.0,), (1.0,))
        (2.0, 1.0)
    """, linear=True)

imag = _elementwise(
    "imag", lambda x: 0.0 if type(x) is float else np.imag(x).copy(), (None,),
    """``numpy.imag``: zero on real values, with derivative zero.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.imag, (2.0,), (1.0,))
        (0.0, 0.0)
    """, linear=True)

conjugate = _elementwise(
    "conjugate", lambda x: x if type(x) is float else np.conjugate(x), (ONE,),
    """``numpy.conjugate`` (also ``conj``): the identity on real values.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.conj, (2.0,), (1.0,))
        (2.0, 1.0)
    """, linear=True)
# Complex intermediates (an FFT, exp(1j x)) go to the entries in rules/complex_values.py.
real, imag, conjugate = (_complex_aware(f) for f in (real, imag, conjugate))
conj = conjugate
__all__.append("conj")
