"""The piecewise members of the elementwise family: remainders, NaN-ignoring
extrema, sign transfer, rounding, steps and replacements, with partials only.

Their derivatives come from raw masks, which carry none (so HyperDuals and
jets, which differentiate the tangent rules, see zero second derivatives away
from the jumps):

* the remainders have ∂/∂x = 1 and ∂/∂y = −q (q the integer quotient);
* ``fmax``/``fmin`` give the derivative to the number beside a NaN and split it
  at ties, as ``maximum``/``minimum`` do;
* ``copysign`` is differentiable in x only (sign(x)·sign(y), with abs'(0) = 0);
* rounding and ``heaviside`` have derivative zero;
* ``nan_to_num`` has derivative 1 where x was finite and 0 where it was replaced.
"""
import numpy as np

from ..core.box import raw
from .complex_values import accept_complex, refuse_complex, HOLOMORPHIC, ORDERED, REAL_ONLY
from .elementwise_entry import ONE, defelementwise, elementwise_listed_in, mask
from .helpers import keep_float as _keep_float

__all__ = []
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__)

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

# --- complex values ----------------------------------------------------------------------------
# rint and round act on both parts and stay locally constant: derivative zero, holomorphic.
accept_complex(HOLOMORPHIC, rint, _round)
refuse_complex(ORDERED, fmax, fmin)
refuse_complex(REAL_ONLY, remainder, fmod, copysign, heaviside, floor, ceil, trunc, fix)
refuse_complex("{name} replaces NaN and infinity in the real and imaginary parts separately, "
               "which its derivative rule does not follow; apply it to np.real(z) and "
               "np.imag(z)", _nan_to_num)
