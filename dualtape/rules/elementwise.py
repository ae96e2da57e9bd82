"""Elementwise primitives: NumPy ufuncs with broadcasting.

Each entry is given by its partial derivatives ``d(out, *xs) -> ∂out/∂x_i``;
from them the helper builds both rules: tangent ``Σ t_i · ∂_i`` and adjoint
``sum_to_shape(ḡ · ∂_i, shape(x_i))``.  ``ONE``/``MINUS_ONE`` skip a multiply,
``None`` means the derivative is zero.

Non-smooth points follow one convention, the same in every mode:
``abs'(0) = 0``, ``sign' = 0``, ``maximum``/``minimum`` ties split the
derivative equally, ``clip`` at a bound takes the inside derivative,
``sqrt'(0) = inf``.
"""
import builtins
import math
import operator

import numpy as np

from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape
from .helpers import sum_to_shape, scalar_first, keep_float
from .complex_values import complex_aware as _complex_aware  # |z| of complex intermediates
from . import series as _series

ONE = "one"
MINUS_ONE = "minus_one"

__all__ = []


def _contribution(t, partial, out, xs, params):
    if partial is ONE:
        return t
    if partial is MINUS_ONE:
        return -t
    return t * partial(out, *xs, **params)


def _tangent_part(partial):
    def part(t, out, *xs, **params):
        return _contribution(t, partial, out, xs, params)
    return part


def _adjoint_part(partial, i):
    def part(g, out, *xs, **params):
        return sum_to_shape(_contribution(g, partial, out, xs, params), shape(xs[i]))
    return part


def defelementwise(name, impl, partials, *, domain="real", scalar=None, doc="",
                   family="elementwise", **options):
    """Register an elementwise primitive from its partial derivatives and
    return the user-facing function ``name(*xs)``.

    Entries of this module are listed in its ``__all__``; another rule module
    passes its own `family` and lists the name itself.
    """
    prim = defprimitive(
        name, impl,
        tuple(None if p is None else _tangent_part(p) for p in partials),
        tuple(None if p is None else _adjoint_part(p, i) for i, p in enumerate(partials)),
        domain=domain, broadcasts=True, scalar=scalar, doc=doc, family=family, **options)

    def fn(*xs, **params):
        return bind(prim, *xs, **params)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc or f"Elementwise ``numpy.{name}``, differentiable in every mode."
    fn.primitive = prim
    if family == "elementwise":
        __all__.append(name)
    return fn


# --- implementations that keep Python floats as Python floats ----------------

def _divide(x, y):
    try:
        return x / y
    except ZeroDivisionError:          # Python floats: follow NumPy (inf/nan + warning)
        return float(np.true_divide(np.float64(x), y))


def _power(x, y):
    if type(x) is float or type(y) is float:
        if type(x) in (float, int) and type(y) in (float, int):
            try:
                return math.pow(x, y)
            except (ValueError, OverflowError, ZeroDivisionError):
                return float(np.power(np.float64(x), y))
    return np.power(x, y)


def _reciprocal(x):
    if type(x) is float:
        return _divide(1.0, x)
    return np.reciprocal(x) if np.issubdtype(np.asarray(x).dtype, np.inexact) else np.reciprocal(np.asarray(x, float))


def _sign(x):
    if type(x) is float:
        return (x > 0) - (x < 0) + 0.0 if x == x else x
    return np.sign(x)


def _abs(x):
    return builtins.abs(x) if type(x) is float else np.absolute(x)


def _square(x):
    return x * x if type(x) is float else np.square(x)


def _mask(cond):
    """A comparison result as a float mask (raw: masks carry no derivative)."""
    return np.asarray(cond, dtype=float) if not isinstance(cond, bool) else float(cond)


# --- arithmetic -----------------------------------------------------------------
# Partials that divide use `divide` rather than `/`: on Python floats `/` raises at
# a pole, where NumPy (and the convention sqrt'(0) = inf) gives inf.

add = defelementwise("add", operator.add, (ONE, ONE), second={}, taylor=_series.add_rule)
subtract = defelementwise("subtract", operator.sub, (ONE, MINUS_ONE), second={},
                         taylor=_series.subtract_rule)
multiply = defelementwise("multiply", operator.mul,
                         (lambda out, x, y: y, lambda out, x, y: x),
                         second={(0, 1): lambda out, x, y: 1.0}, taylor=_series.multiply_rule)
divide = defelementwise("divide", _divide,
                        (lambda out, x, y: divide(1.0, y), lambda out, x, y: divide(-out, y)),
                        domain=("real", "nonzero"),
                        second={(0, 1): lambda out, x, y: divide(-1.0, y * y),
                                (1, 1): lambda out, x, y: divide(2.0 * out, y * y)},
                        taylor=_series.divide_rule)
true_divide = divide
negative = defelementwise("negative", operator.neg, (MINUS_ONE,), second={},
                          taylor=_series.negative_rule)


def _falling_power(x, y, k):
    """y (y-1) ... (y-k+1) · x**(y-k): the k-th derivative of x**y in x.

    Where the coefficient is exactly zero (an integer exponent y < k) the
    result is an exact 0, also at x = 0 where x**(y-k) is infinite: repeated
    derivatives of x**3 end in zeros, not in 0·inf = nan.  The power goes
    through the table (0.0 ** -1 is inf, as on arrays, not a Python error).
    """
    from ..core.box import raw
    coefficient = 1.0
    for j in range(k):
        coefficient = coefficient * (y - float(j))
    c = raw(coefficient)
    if type(c) in (float, int):
        return 0.0 if c == 0 else coefficient * power(x, y - float(k))
    zero = np.asarray(c) == 0
    if not zero.any():
        return coefficient * power(x, y - float(k))
    # the inner where keeps the unused branch finite, so no 0·inf reaches an adjoint
    return where(zero, 0.0, coefficient * power(x, where(zero, 1.0, y - float(k))))


def _dpow_base(out, x, y):
    return _falling_power(x, y, 1)


def _dpow_exponent(out, x, y):
    # d/dy x**y = x**y log x; for x <= 0 we take 0 (at x = 0 the power is 0 for y > 0,
    # and for x < 0 a real power exists only at integer y, where y is not varied).
    positive = raw_positive(x)
    if positive is True:
        return out * log(x)
    return out * log(where(positive, x, 1.0)) * _mask(positive)


def raw_positive(x):
    from ..core.box import raw
    r = raw(x)
    if type(r) in (float, int):
        return r > 0
    return np.asarray(r) > 0


def _d2pow_mixed(out, x, y):
    # ∂²(x**y)/∂x∂y = x**(y-1) (1 + y log x); the log part is 0 where x <= 0, as for ∂/∂y
    lower = power(x, y - 1.0)
    return lower * _mask(raw_positive(x)) + y * _dpow_exponent(lower, x, y)


power = defelementwise("power", _power, (_dpow_base, _dpow_exponent),
                       domain=("positive", "real"),
                       second={(0, 0): lambda out, x, y: _falling_power(x, y, 2),
                               (0, 1): _d2pow_mixed,
                               (1, 1): lambda out, x, y: _dpow_exponent(_dpow_exponent(out, x, y), x, y)},
                       taylor=_series.power_rule)
square = defelementwise("square", _square, (lambda out, x: 2.0 * x,),
                        second=lambda out, x: 2.0, taylor=_series.square_rule)
sqrt = defelementwise("sqrt", scalar_first(math.sqrt, np.sqrt), (lambda out, x: divide(0.5, out),),
                      domain="positive", scalar=lambda x: (math.sqrt(x), 0.5 / math.sqrt(x)) if x > 0 else None,
                      second=lambda out, x: divide(-0.25, out * x), taylor=_series.sqrt_rule)
reciprocal = defelementwise("reciprocal", _reciprocal, (lambda out, x: -(out * out),),
                            domain="nonzero", second=lambda out, x: 2.0 * out * out * out,
                            taylor=_series.reciprocal_rule)
absolute = _complex_aware(defelementwise("absolute", _abs, (lambda out, x: sign(x),), domain="nonzero",
                                          second={}, taylor=_series.absolute_rule))
abs = absolute
sign = defelementwise("sign", _sign, (None,), second={}, taylor=_series.sign_rule)

# --- exponentials and logarithms --------------------------------------------------

exp = defelementwise("exp", scalar_first(math.exp, np.exp), (lambda out, x: out,),
                     scalar=lambda x: (lambda e: (e, e))(math.exp(x)),
                     second=lambda out, x: out, taylor=_series.exp_rule)
expm1 = defelementwise("expm1", scalar_first(math.expm1, np.expm1), (lambda out, x: out + 1.0,),
                       second=lambda out, x: out + 1.0, taylor=_series.expm1_rule)
log = defelementwise("log", scalar_first(math.log, np.log), (lambda out, x: divide(1.0, x),),
                     domain="positive", scalar=lambda x: (math.log(x), 1.0 / x) if x > 0 else None,
                     second=lambda out, x: divide(-1.0, x * x), taylor=_series.log_rule)
log1p = defelementwise("log1p", scalar_first(math.log1p, np.log1p), (lambda out, x: divide(1.0, 1.0 + x),),
                       domain="above_minus_one",
                       second=lambda out, x: divide(-1.0, (1.0 + x) * (1.0 + x)),
                       taylor=_series.log1p_rule)
logaddexp = defelementwise("logaddexp", keep_float(np.logaddexp),
                           (lambda out, x, y: exp(x - out), lambda out, x, y: exp(y - out)),
                           second={(0, 0): lambda out, x, y: exp(x - out) * exp(y - out),
                                   (0, 1): lambda out, x, y: -(exp(x - out) * exp(y - out)),
                                   (1, 1): lambda out, x, y: exp(x - out) * exp(y - out)},
                           taylor=_series.logaddexp_rule)

# --- trigonometric and hyperbolic -------------------------------------------------

sin = defelementwise("sin", scalar_first(math.sin, np.sin), (lambda out, x: cos(x),),
                     scalar=lambda x: (math.sin(x), math.cos(x)),
                     second=lambda out, x: -out, taylor=_series.sin_rule)
cos = defelementwise("cos", scalar_first(math.cos, np.cos), (lambda out, x: -sin(x),),
                     scalar=lambda x: (math.cos(x), -math.sin(x)),
                     second=lambda out, x: -out, taylor=_series.cos_rule)
tan = defelementwise("tan", scalar_first(math.tan, np.tan), (lambda out, x: 1.0 + out * out,),
                     domain="tan", second=lambda out, x: 2.0 * out * (1.0 + out * out),
                     taylor=_series.tan_rule)
arcsin = defelementwise("arcsin", scalar_first(math.asin, np.arcsin),
                        (lambda out, x: divide(1.0, sqrt(1.0 - x * x)),), domain="open_unit",
                        second=lambda out, x: divide(x, (1.0 - x * x) * sqrt(1.0 - x * x)),
                        taylor=_series.arcsin_rule)
arccos = defelementwise("arccos", scalar_first(math.acos, np.arccos),
                        (lambda out, x: divide(-1.0, sqrt(1.0 - x * x)),), domain="open_unit",
                        second=lambda out, x: divide(-x, (1.0 - x * x) * sqrt(1.0 - x * x)),
                        taylor=_series.arccos_rule)
arctan = defelementwise("arctan", scalar_first(math.atan, np.arctan),
                        (lambda out, x: 1.0 / (1.0 + x * x),),
                        second=lambda out, x: -2.0 * x / ((1.0 + x * x) * (1.0 + x * x)),
                        taylor=_series.arctan_rule)
arctan2 = defelementwise("arctan2", keep_float(np.arctan2),
                         (lambda out, y, x: x / (x * x + y * y),
                          lambda out, y, x: -y / (x * x + y * y)),
                         domain=("real", "nonzero"),
                         second={(0, 0): lambda out, y, x: -2.0 * x * y / ((x * x + y * y) * (x * x + y * y)),
                                 (0, 1): lambda out, y, x: (y * y - x * x) / ((x * x + y * y) * (x * x + y * y)),
                                 (1, 1): lambda out, y, x: 2.0 * x * y / ((x * x + y * y) * (x * x + y * y))})
sinh = defelementwise("sinh", scalar_first(math.sinh, np.sinh), (lambda out, x: cosh(x),),
                      second=lambda out, x: out, taylor=_series.sinh_rule)
cosh = defelementwise("cosh", scalar_first(math.cosh, np.cosh), (lambda out, x: sinh(x),),
                      second=lambda out, x: out, taylor=_series.cosh_rule)
tanh = defelementwise("tanh", scalar_first(math.tanh, np.tanh), (lambda out, x: 1.0 - out * out,),
                      scalar=lambda x: (lambda th: (th, 1.0 - th * th))(math.tanh(x)),
                      second=lambda out, x: -2.0 * out * (1.0 - out * out), taylor=_series.tanh_rule)

# --- piecewise ---------------------------------------------------------------------


def _raw_cmp(op, x, y):
    from ..core.box import raw
    return op(raw(x), raw(y))


maximum = defelementwise(
    "maximum", keep_float(np.maximum),
    (lambda out, x, y: _mask(_raw_cmp(operator.gt, x, y)) + 0.5 * _mask(_raw_cmp(operator.eq, x, y)),
     lambda out, x, y: _mask(_raw_cmp(operator.lt, x, y)) + 0.5 * _mask(_raw_cmp(operator.eq, x, y))),
    domain=("real", "real"), second={})
minimum = defelementwise(
    "minimum", keep_float(np.minimum),
    (lambda out, x, y: _mask(_raw_cmp(operator.lt, x, y)) + 0.5 * _mask(_raw_cmp(operator.eq, x, y)),
     lambda out, x, y: _mask(_raw_cmp(operator.gt, x, y)) + 0.5 * _mask(_raw_cmp(operator.eq, x, y))),
    domain=("real", "real"), second={})


def _clip_impl(x, lo, hi):
    if type(x) is float and type(lo) is float and type(hi) is float:
        return x if x != x else min(max(x, lo), hi)
    return np.clip(x, lo, hi)


_clip = defelementwise(
    "clip", _clip_impl,
    (lambda out, x, lo, hi: _mask((_raw_cmp(operator.ge, x, lo)) & (_raw_cmp(operator.le, x, hi))),
     lambda out, x, lo, hi: _mask(_raw_cmp(operator.lt, x, lo)),
     lambda out, x, lo, hi: _mask(_raw_cmp(operator.gt, x, hi))),
    domain=("real", "below", "above"), second={})


def clip(a, a_min=None, a_max=None):
    """``numpy.clip``; at a bound the inside derivative is taken (1 for `a`).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.clip(x, 0.0, 1.0), (1.0,), (1.0,))
        (1.0, 1.0)
    """
    if a_min is None and a_max is None:
        raise ValueError("clip: at least one of a_min and a_max must be given")
    return _clip(a, -np.inf if a_min is None else a_min, np.inf if a_max is None else a_max)


__all__.append("clip")

# --- where: the condition is static (comparisons on boxes are plain booleans) ------

_where = defelementwise(
    "where", keep_float(lambda x, y, condition: np.where(condition, x, y)),
    (lambda out, x, y, condition: _mask(condition),
     lambda out, x, y, condition: _mask(np.logical_not(condition))),
    static=("condition",), second={},
    examples=lambda rng: [
        ((rng.standard_normal((3, 4)), rng.standard_normal((3, 4))),
         dict(condition=rng.random((3, 4)) > 0.5)),
        ((rng.standard_normal((3, 1)), rng.standard_normal(())),
         dict(condition=rng.random((2, 3, 4)) > 0.5))])


def where(condition, x, y):
    """``numpy.where(condition, x, y)``: derivative flows to the chosen branch.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.where(x > 0, x, 0.0).sum())(np.array([-1.0, 2.0]))
        array([0., 1.])
    """
    from ..core.box import raw
    condition = raw(condition)
    return _where(x, y, condition=np.asarray(condition, dtype=bool) if not isinstance(condition, bool) else condition)


__all__.append("where")
__all__.extend(["true_divide", "abs"])
