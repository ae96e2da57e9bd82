"""Truncated Taylor series arithmetic: the recurrences the `taylor` rules are built from.

A series is a list ``[x0, x1, ..., xk]`` of *normalized* Taylor coefficients,
x(t) = Σ x_j t^j (so x_j = x⁽ʲ⁾(0) / j!).  Each recurrence comes from an ODE the
function satisfies (``y' = y x'`` for exp, ``x y' = x'`` for log, ...) and costs
O(k²) products: never 2^k.

A `taylor` rule has the signature ``taylor(coeffs, out, *primals, **params)``:
`coeffs` holds one entry per positional argument, the list ``[x1, ..., xk]`` of
its higher coefficients, or None for an argument that is constant along the
jet; `out` is the primitive's value (the zeroth coefficient).  It returns
``[y1, ..., yk]`` (None for a zero coefficient), or None to ask the engine for
its exact fallback (nested Duals), e.g. at a point where the recurrence would
divide by zero.

The rules themselves sit beside their entries (``rules/elementwise.py``,
``rules/matmul.py``); this module holds what they share.  Everything here uses
Python operators and table operations only, so the rules work on boxed values of
every mode (jets of HyperDuals, jets on a tape, ...).

Two details keep a Python float and a 0-d array on the same answer at the
edges of a domain:

* every division by a coefficient is `ieee_divide`, so a pole gives ``inf`` or
  ``nan`` for a Python float as it does for an array (``/`` on floats raises);
  the loop counters j >= 1 divide with ``/``;
* a term whose input coefficient is an exact zero that no box carries is left
  out (`zero_marks`, `times`): the seed x(t) = x0 + t has x2 = x3 = ... = 0,
  and those terms are not there, so exp(1000) = inf has infinite derivatives of
  every order, not 0·inf = nan.  (A boxed zero keeps its term, and so its
  derivative.)
"""
import numpy as np

from ..core.box import Box, raw
from .helpers import ieee_divide


def full(x0, c, k):
    """The whole series ``[x0, x1, ..., xk]``; a constant argument has zeros."""
    return [x0] + (list(c) if c is not None else [0.0] * k)


def order_of(coeffs):
    """k, the number of higher coefficients (from the first non-constant argument)."""
    for c in coeffs:
        if c is not None:
            return len(c)
    return 0


def sum_of(terms):
    """The sum of `terms` (0.0 for none), in order, by Python's `+`."""
    total = None
    for t in terms:
        total = t if total is None else total + t
    return 0.0 if total is None else total


def zero_marks(series):
    """Where each coefficient of `series` is an exact zero that no box carries: for
    each, False (nowhere), True (everywhere) or a boolean array (elementwise).

    Example:
        >>> import numpy as np
        >>> zero_marks([1.0, 0.0, np.zeros(2), np.array([0.0, 3.0])])
        [False, True, True, array([ True, False])]
    """
    marks = []
    for c in series:
        if isinstance(c, Box):
            marks.append(False)         # a boxed zero keeps its derivative: never left out
            continue
        zero = np.asarray(c) == 0 if type(c) is np.ndarray else c == 0
        if type(zero) is np.ndarray:
            zero = zero if zero.any() and not zero.all() else bool(zero.any())
        marks.append(zero if type(zero) is np.ndarray else bool(zero))
    return marks


def _either(a_zero, b_zero):
    """The marks of a product's factors combined: zero where either is."""
    if a_zero is True or b_zero is True:
        return True
    if a_zero is False:
        return b_zero
    if b_zero is False:
        return a_zero
    return a_zero | b_zero


def times(a, b, zero):
    """``a · b`` in a recurrence, 0 where `zero` (from `zero_marks`) marks a factor
    as an exact zero, also against an infinite or NaN partner: such a term is
    not there.

    Example:
        >>> import numpy as np
        >>> times(0.0, np.inf, True), times(2.0, np.inf, False)
        (0.0, inf)
        >>> times(np.array([0.0, 1.0]), np.inf, np.array([True, False]))
        array([ 0., inf])
    """
    if zero is False:
        return a * b
    if zero is True:
        ra, rb = raw(a), raw(b)
        if type(ra) is np.ndarray or type(rb) is np.ndarray:
            return np.zeros(np.broadcast_shapes(np.shape(ra), np.shape(rb)))
        return 0.0
    # elementwise imports this module while it loads, so its `where` is imported here
    from .elementwise import where
    # the inner where keeps 0·inf from being computed at all (no warning, no NaN)
    return where(zero, 0.0, a * where(zero, 1.0, b))


def terms(a, b, j, zero, lo=1, hi=None, marks_b=False):
    """The products ``(i, a_i · b_{j-i})`` for i = lo..hi (default j) of a
    recurrence, leaving out every term whose marked factor (a_i, or b_{j-i} with
    `marks_b`) `zero` marks as an exact zero everywhere, as `times` would make it 0.

    The common case, an unmarked factor, is one product and no call: a jet's seed
    x0 + t has every coefficient past x1 marked, and the other terms are plain
    products (what keeps a jet's cost per order low).

    Example:
        >>> terms([1.0, 2.0, 0.0], [5.0, 6.0, 7.0], 2, [False, False, True])
        [(1, 12.0)]
    """
    out = []
    for i in range(lo, j + 1 if hi is None else hi + 1):
        z = zero[j - i] if marks_b else zero[i]
        if z is False:
            out.append((i, a[i] * b[j - i]))
        elif z is not True:
            out.append((i, times(a[i], b[j - i], z)))
    return out


def cauchy(a, b, j, lo=0, a_zero=None, b_zero=None):
    """Σ_{i=lo..j-lo} a_i b_{j-i}: the j-th coefficient of a product; terms with a
    factor marked zero (`zero_marks` of a series, None: not marked) are left out."""
    terms = []
    for i in range(lo, j - lo + 1):
        zero = _either(False if a_zero is None else a_zero[i], False if b_zero is None else b_zero[j - i])
        terms.append(times(a[i], b[j - i], zero))
    return sum_of(terms)


def product(a, b, k):
    """The series of a·b."""
    a_zero, b_zero = zero_marks(a), zero_marks(b)
    return [cauchy(a, b, j, a_zero=a_zero, b_zero=b_zero) for j in range(k + 1)]


def exp_of(x, y0, k):
    """y = exp(x) (or any y with y' = y·x'), given y0: y_j = Σ_{i=1..j} i x_i y_{j-i} / j."""
    y, zero = [y0], zero_marks(x)
    for j in range(1, k + 1):
        y.append(sum_of([i * p for i, p in terms(x, y, j, zero)]) / j)
    return y


def log_of(x, y0, k):
    """y = log(x), given y0: x y' = x' gives y_j = (x_j - Σ_{i=1..j-1} i y_i x_{j-i} / j) / x0."""
    y, zero = [y0], zero_marks(x)
    for j in range(1, k + 1):
        y.append(ieee_divide(x[j] - sum_of([i * p for i, p in terms(y, x, j, zero, hi=j - 1,
                                                                     marks_b=True)]) / j, x[0]))
    return y


def sqrt_of(x, y0, k):
    """y = sqrt(x), given y0: y² = x gives y_j = (x_j - Σ_{i=1..j-1} y_i y_{j-i}) / (2 y0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append(ieee_divide(x[j] - cauchy(y, y, j, lo=1), 2.0 * y0))
    return y


def quotient(u, v, z0, k):
    """z = u / v, given z0: v z = u gives z_j = (u_j - Σ_{i=1..j} v_i z_{j-i}) / v0."""
    z, zero = [z0], zero_marks(v)
    for j in range(1, k + 1):
        z.append(ieee_divide(u[j] - sum_of([p for _, p in terms(v, z, j, zero)]), v[0]))
    return z


def sin_cos_of(x, s0, c0, k, sign):
    """s' = c x' and c' = sign·s x' (sign -1: sin/cos, +1: sinh/cosh)."""
    s, c, zero = [s0], [c0], zero_marks(x)
    for j in range(1, k + 1):
        s.append(sum_of([i * p for i, p in terms(x, c, j, zero)]) / j)
        c.append(sign * sum_of([i * p for i, p in terms(x, s, j, zero)]) / j)
    return s, c


def tan_of(x, y0, k, sign):
    """y' = (1 + sign·y²) x' (sign +1: tan, -1: tanh); w = 1 + sign·y² built alongside."""
    y, zero = [y0], zero_marks(x)
    w = [1.0 + sign * (y0 * y0)]
    for j in range(1, k + 1):
        y.append(sum_of([i * p for i, p in terms(x, w, j, zero)]) / j)
        w.append(sign * cauchy(y, y, j))
    return y


def integral_of_quotient(x, w, y0, k):
    """y with y' = x' / w (arctan: w = 1 + x², arcsin: w = sqrt(1 - x²)):
    y_j = (j x_j - Σ_{i=1..j-1} i y_i w_{j-i}) / (j w0)."""
    y, zero = [y0], zero_marks(w)
    for j in range(1, k + 1):
        y.append(ieee_divide(j * x[j] - sum_of([i * p for i, p in terms(y, w, j, zero, hi=j - 1,
                                                                         marks_b=True)]),
                             j * w[0]))
    return y


def power_of(x, p, y0, k):
    """y = x**p for an exponent p constant along the jet: x y' = p y x' gives
    y_j = Σ_{i=1..j} (p·i - (j - i)) x_i y_{j-i} / (j x0)."""
    y, zero = [y0], zero_marks(x)
    for j in range(1, k + 1):
        y.append(ieee_divide(sum_of([(p * i - (j - i)) * q for i, q in terms(x, y, j, zero)]),
                             j * x[0]))
    return y


def all_nonzero(x):
    """True when no element of the (possibly boxed) value is zero."""
    return bool(np.all(np.asarray(raw(x)) != 0))


def all_positive(x):
    """True when every element of the (possibly boxed) value is positive."""
    return bool(np.all(np.asarray(raw(x)) > 0))


# --- building rules ------------------------------------------------------------------------

def unary_rule(series_fn):
    """A `taylor` rule for f(x) from ``series_fn(X, out, x, k) -> [y0, ..., yk]``
    (or None for the exact fallback), where X is x's whole series.

    Example:
        >>> rule = unary_rule(lambda X, out, x, k: product(X, X, k))     # x²
        >>> rule([[1.0, 0.0]], 4.0, 2.0)                                   # x = 2 + t
        [4.0, 1.0]
    """
    def rule(coeffs, out, x, **params):
        k = len(coeffs[0])
        y = series_fn(full(x, coeffs[0], k), out, x, k)
        return None if y is None else y[1:]
    return rule


def plus_or_minus(a, b, sign):
    """Coefficient-wise ``a + sign·b`` (sign ±1.0), with None for a constant argument.

    Example:
        >>> plus_or_minus([1.0, 2.0], None, -1.0), plus_or_minus([1.0], [3.0], -1.0)
        ([1.0, 2.0], [-2.0])
    """
    if a is None:
        return list(b) if sign > 0 else [-c for c in b]
    if b is None:
        return list(a)
    return [u + v if sign > 0 else u - v for u, v in zip(a, b)]
