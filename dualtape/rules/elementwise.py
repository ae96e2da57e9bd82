"""Elementwise primitives with closed forms: arithmetic, powers, exponentials,
logarithms, and the piecewise ones (the trigonometric and hyperbolic functions,
with closed forms too, are in `elementwise_trigonometric`).

Each entry is one `defelementwise` call (see `elementwise_entry`) that holds
every derivative it has, side by side: its partials (from which both rules are
built), its float fast path ``scalar``, its closed-form second-order term
``second`` (for HyperDual) and its Taylor recurrence ``taylor`` (for jets,
built with `taylor_series`).  The rest of NumPy's elementwise functions, which
have partials only, are in `elementwise_more` and `elementwise_piecewise`.
Partials divide with the table's ``divide``, never ``/``, so a Python float
gets NumPy's ``inf`` at a pole.

Non-smooth points follow one convention, the same in every mode:
``abs'(0) = 0``, ``sign' = 0``, ``maximum``/``minimum`` ties split the
derivative equally, ``clip`` at a bound takes the inside derivative,
``sqrt'(0) = inf``.
"""
import builtins
import cmath
import math
import operator

import numpy as np

from ..core.box import raw
from .complex_values import (complex_aware as _complex_aware, is_complex, accept_complex,
                             refuse_complex, HOLOMORPHIC, ORDERED, SERVED_BY)
from .elementwise_entry import ONE, MINUS_ONE, defelementwise, elementwise_listed_in, mask, mask_like
from .helpers import scalar_first, keep_float, ieee_divide, read_only_copy
from .taylor_series import (unary_rule, plus_or_minus, full, order_of, product, exp_of, log_of,
                            sqrt_of, quotient, power_of, all_nonzero, all_positive)

__all__ = []
_define = elementwise_listed_in(__all__)


# --- implementations that keep Python floats as Python floats ----------------

def _power(x, y):
    if type(x) is float or type(y) is float:
        if type(x) in (float, int) and type(y) in (float, int):
            # At a zero or infinite base C's pow and NumPy part ways (NumPy takes
            # x**0.5 as sqrt(x): nan at -inf, -0.0 at -0.0), so NumPy decides there.
            if 0.0 < builtins.abs(x) < math.inf:
                try:
                    return math.pow(x, y)
                except (ValueError, OverflowError):
                    pass
            return float(np.power(np.float64(x), y))
    return np.power(x, y)


def _reciprocal(x):
    if type(x) is float:
        return ieee_divide(1.0, x)
    return np.reciprocal(x)          # of integers NumPy's integer reciprocal (1 // x), as NumPy


def _sign(x):
    if type(x) is float:
        return (x > 0) - (x < 0) + 0.0 if x == x else x
    return np.sign(x)


def _abs(x):
    return builtins.abs(x) if type(x) is float else np.absolute(x)


def _square(x):
    return x * x if type(x) is float else np.square(x)


def _raw_positive(x):
    """Where the value under the boxes is positive: a bool, or a boolean array."""
    r = raw(x)
    if type(r) in (float, int):
        return r > 0
    return np.asarray(r) > 0


def _real_float(r):
    """True for a Python float or a real floating-point NumPy array (no box)."""
    return type(r) is float or type(r) is np.ndarray and r.dtype.kind == "f"


def _raw_cmp(op, x, y):
    return op(raw(x), raw(y))


# --- arithmetic -----------------------------------------------------------------

def _multiply_series(coeffs, out, x, y):
    """Cauchy product (a constant factor just scales)."""
    cx, cy = coeffs
    if cx is None:
        return [x * c for c in cy]
    if cy is None:
        return [c * y for c in cx]
    k = len(cx)
    return product(full(x, cx, k), full(y, cy, k), k)[1:]


def _divide_series(coeffs, out, x, y):
    cx, cy = coeffs
    if cy is None:
        return [divide(c, y) for c in cx]
    if not all_nonzero(y):
        return None
    k = order_of(coeffs)
    return quotient(full(x, cx, k), full(y, cy, k), out, k)[1:]


add = _define("add", operator.add, (ONE, ONE), second={},
              taylor=lambda coeffs, out, x, y: plus_or_minus(coeffs[0], coeffs[1], 1.0))
subtract = _define("subtract", operator.sub, (ONE, MINUS_ONE), second={},
                   taylor=lambda coeffs, out, x, y: plus_or_minus(coeffs[0], coeffs[1], -1.0))
multiply = _define("multiply", operator.mul, (lambda out, x, y: y, lambda out, x, y: x),
                   second={(0, 1): lambda out, x, y: 1.0}, taylor=_multiply_series)
divide = _define("divide", ieee_divide,
                 (lambda out, x, y: divide(1.0, y), lambda out, x, y: divide(-out, y)),
                 domain=("real", "nonzero"),
                 second={(0, 1): lambda out, x, y: divide(-1.0, y * y),
                         (1, 1): lambda out, x, y: divide(2.0 * out, y * y)},
                 taylor=_divide_series)
true_divide = divide
negative = _define("negative", operator.neg, (MINUS_ONE,), second={},
                   taylor=unary_rule(lambda X, out, x, k: [-c for c in X]))

# --- powers ----------------------------------------------------------------------


def _falling_power(x, y, k):
    """y (y-1) ... (y-k+1) · x**(y-k): the k-th derivative of x**y in x.

    Where the coefficient is exactly zero (an integer exponent y < k) the
    result is an exact 0, also at x = 0 where x**(y-k) is infinite: repeated
    derivatives of x**3 end in zeros, not in 0·inf = nan.  The power goes
    through the table (0.0 ** -1 is inf, as on arrays, not a Python error).
    """
    coefficient = 1.0
    for j in range(k):
        coefficient = coefficient * (y - float(j))
    c = raw(coefficient)
    if type(c) in (float, int):
        if c == 0:
            return 0.0
        if type(y) in (float, int) and y - float(k) == 1.0 and _real_float(x):
            # x**1 is x, bit for bit (x**2's partial): a pass spared.  Only unboxed: a box's
            # x**1 stays recorded, so a derivative of it stays connected to x (nested tapes
            # give the fourth derivative of x**3 as 0, as TensorFlow does, not None)
            return coefficient * x
        return coefficient * power(x, y - float(k))
    zero = np.asarray(c) == 0
    if not zero.any():
        return coefficient * power(x, y - float(k))
    # the inner where keeps the unused branch finite, so no 0·inf reaches an adjoint
    return where(zero, 0.0, coefficient * power(x, where(zero, 1.0, y - float(k))))


def power_exponent_partial(out, x, y):
    """∂(x**y)/∂y = x**y log x (`out` is x**y), taken as 0 where x <= 0: at x = 0
    the power is 0 for y > 0, and for x < 0 a real power exists only at integer
    y, where y is not varied.  ``float_power`` shares it.  A complex power is
    exp(y log x) with the principal log, as in NumPy, and has x**y log x everywhere.

    Example:
        >>> power_exponent_partial(8.0, 2.0, 3.0) == 8.0 * math.log(2.0)
        True
        >>> complex(power_exponent_partial(-8.0 + 0j, -2.0, 3.0)) == -8.0 * cmath.log(-2.0)
        True
    """
    if is_complex(out):
        return out * log(x if is_complex(x) else x + 0j)
    positive = _raw_positive(x)
    if positive is True:
        return out * log(x)
    return out * log(where(positive, x, 1.0)) * mask(positive)


def _d2pow_mixed(out, x, y):
    # ∂²(x**y)/∂x∂y = x**(y-1) (1 + y log x); the log part is 0 where x <= 0, as for ∂/∂y
    lower = power(x, y - 1.0)
    if is_complex(out):
        return lower + y * power_exponent_partial(lower, x, y)
    return lower * mask(_raw_positive(x)) + y * power_exponent_partial(lower, x, y)


def _power_series(coeffs, out, x, y):
    """x**y: the power recurrence for a constant exponent, exp(y·log x) otherwise."""
    cx, cy = coeffs
    k = order_of(coeffs)
    if cy is None:
        return power_of(full(x, cx, k), y, out, k)[1:] if all_nonzero(x) else None
    if not all_positive(x):
        return None
    logx = log(x)
    ls = log_of(full(x, cx, k), logx, k) if cx is not None else full(logx, None, k)
    return exp_of(product(full(y, cy, k), ls, k), out, k)[1:]


power = _define("power", _power,
                (lambda out, x, y: _falling_power(x, y, 1), power_exponent_partial),
                domain=("positive", "real"),
                second={(0, 0): lambda out, x, y: _falling_power(x, y, 2),
                        (0, 1): _d2pow_mixed,
                        (1, 1): lambda out, x, y: power_exponent_partial(
                            power_exponent_partial(out, x, y), x, y)},
                taylor=_power_series)
square = _define("square", _square, (lambda out, x: 2.0 * x,),
                 second=lambda out, x: 2.0,
                 taylor=unary_rule(lambda X, out, x, k: product(X, X, k)))
sqrt = _define("sqrt", scalar_first(math.sqrt, np.sqrt), (lambda out, x: divide(0.5, out),),
               domain="positive",
               scalar=lambda x: ((math.sqrt(x), 0.5 / math.sqrt(x)) if x > 0 else None)
               if type(x) is float else None,
               second=lambda out, x: divide(-0.25, out * x),
               taylor=unary_rule(lambda X, out, x, k: sqrt_of(X, out, k) if all_positive(out) else None))
reciprocal = _define("reciprocal", _reciprocal, (lambda out, x: -(out * out),),
                     domain="nonzero", second=lambda out, x: 2.0 * out * out * out,
                     taylor=unary_rule(lambda X, out, x, k: quotient([1.0] + [0.0] * k, X, out, k)
                                       if all_nonzero(x) else None))
absolute = _complex_aware(_define(
    "absolute", _abs, (lambda out, x: sign(x),), domain="nonzero", second={},
    # |x| = sign(x0)·x near x0 (all zero at x0 = 0, the convention abs'(0) = 0)
    taylor=lambda coeffs, out, x: [np.sign(raw(x)) * c for c in coeffs[0]]))
abs = absolute
sign = _complex_aware(_define(
    "sign", _sign, (None,), second={},
    taylor=lambda coeffs, out, x: [None] * len(coeffs[0])))    # locally constant on reals

# --- exponentials and logarithms --------------------------------------------------


def _logaddexp_series(coeffs, out, x, y):
    """log(e^x + e^y) = out0 + log(e^(x-out0) + e^(y-out0)), with the shift keeping it stable."""
    k = order_of(coeffs)
    ex = exp_of(full(x - out, coeffs[0], k), exp(x - out), k)
    ey = exp_of(full(y - out, coeffs[1], k), exp(y - out), k)
    return log_of([a + b for a, b in zip(ex, ey)], 0.0, k)[1:]


exp = _define("exp", scalar_first(math.exp, np.exp), (lambda out, x: out,),
              scalar=lambda x: (lambda e: (e, e))(math.exp(x) if type(x) is float else cmath.exp(x)),
              second=lambda out, x: out,
              taylor=unary_rule(lambda X, out, x, k: exp_of(X, out, k)))
expm1 = _define("expm1", scalar_first(math.expm1, np.expm1), (lambda out, x: out + 1.0,),
                second=lambda out, x: out + 1.0,
                taylor=unary_rule(lambda X, out, x, k: exp_of(X, out + 1.0, k)))
log = _define("log", scalar_first(math.log, np.log), (lambda out, x: divide(1.0, x),),
              domain="positive", scalar=lambda x: ((math.log(x), 1.0 / x) if x > 0 else None)
              if type(x) is float else (cmath.log(x), 1.0 / x),
              second=lambda out, x: divide(-1.0, x * x),
              taylor=unary_rule(lambda X, out, x, k: log_of(X, out, k)))
log1p = _define("log1p", scalar_first(math.log1p, np.log1p), (lambda out, x: divide(1.0, 1.0 + x),),
                domain="above_minus_one",
                second=lambda out, x: divide(-1.0, (1.0 + x) * (1.0 + x)),
                taylor=unary_rule(lambda X, out, x, k: log_of([1.0 + x] + X[1:], out, k)))
logaddexp = _define("logaddexp", keep_float(np.logaddexp),
                    (lambda out, x, y: exp(x - out), lambda out, x, y: exp(y - out)),
                    second={(0, 0): lambda out, x, y: exp(x - out) * exp(y - out),
                            (0, 1): lambda out, x, y: -(exp(x - out) * exp(y - out)),
                            (1, 1): lambda out, x, y: exp(x - out) * exp(y - out)},
                    taylor=_logaddexp_series)

# --- piecewise ---------------------------------------------------------------------


def _pick_partials(op):
    """The partials of a two-way pick (``>`` for maximum): 1 for the argument `op`
    picks, ½ each at a tie."""
    def first(out, x, y):
        return mask(_raw_cmp(op, x, y)) + 0.5 * mask(_raw_cmp(operator.eq, x, y))

    def second(out, x, y):
        return first(out, y, x)
    return first, second


maximum = _define("maximum", keep_float(np.maximum), _pick_partials(operator.gt),
                  domain=("real", "real"), second={})
minimum = _define("minimum", keep_float(np.minimum), _pick_partials(operator.lt),
                  domain=("real", "real"), second={})


def _clip_impl(x, lo, hi):
    if type(x) is float and type(lo) is float and type(hi) is float:
        return x if x != x else min(max(x, lo), hi)
    return np.clip(x, lo, hi)


_clip = defelementwise(
    "clip", _clip_impl,
    (lambda out, x, lo, hi: mask(_raw_cmp(operator.ge, x, lo) & _raw_cmp(operator.le, x, hi)),
     lambda out, x, lo, hi: mask(_raw_cmp(operator.lt, x, lo)),
     lambda out, x, lo, hi: mask(_raw_cmp(operator.gt, x, hi))),
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


# --- where: the condition is static (comparisons on boxes are plain booleans) ------

_where = defelementwise(
    "where", keep_float(lambda x, y, condition: np.where(condition, x, y)),
    (lambda out, x, y, condition: mask_like(condition, out),
     lambda out, x, y, condition: mask_like(np.logical_not(condition), out)),
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
    condition = raw(condition)
    # a copy of its own: the adjoint reads the mask later, after the caller may have changed it
    return _where(x, y, condition=condition if isinstance(condition, bool) else
                  read_only_copy(condition, dtype=bool))


__all__ += ["clip", "where", "true_divide", "abs"]

# --- complex values ------------------------------------------------------------------
# The smooth functions here are holomorphic (their partials are the complex
# derivatives, principal branches, as NumPy's); abs and sign of a complex value
# go to rules/complex_values.py; an order has no complex meaning.
accept_complex(HOLOMORPHIC, add, subtract, multiply, divide, negative, power, square, sqrt,
               reciprocal, exp, expm1, log, log1p, _where)
refuse_complex(ORDERED, maximum, minimum, _clip)
refuse_complex(SERVED_BY, absolute)
refuse_complex("the sign of a complex number is z/|z|, which dualtape.numpy.sign computes "
               "from complex.absolute; call that function", sign)
refuse_complex("NumPy's {name} takes real numbers only; write log(exp(x) + exp(y)) for "
               "complex values", logaddexp)
