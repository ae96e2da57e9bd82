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
Python operators only, so the rules work on boxed values of every mode (jets of
HyperDuals, jets on a tape, ...).
"""
import numpy as np

from ..core.box import raw


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


def cauchy(a, b, j, lo=0):
    """Σ_{i=lo..j-lo} a_i b_{j-i}: the j-th coefficient of a product."""
    return sum_of(a[i] * b[j - i] for i in range(lo, j - lo + 1))


def product(a, b, k):
    """The series of a·b."""
    return [cauchy(a, b, j) for j in range(k + 1)]


def exp_of(x, y0, k):
    """y = exp(x) (or any y with y' = y·x'), given y0: y_j = Σ_{i=1..j} i x_i y_{j-i} / j."""
    y = [y0]
    for j in range(1, k + 1):
        y.append(sum_of(i * x[i] * y[j - i] for i in range(1, j + 1)) / j)
    return y


def log_of(x, y0, k):
    """y = log(x), given y0: x y' = x' gives y_j = (x_j - Σ_{i=1..j-1} i y_i x_{j-i} / j) / x0."""
    y = [y0]
    for j in range(1, k + 1):
        y.append((x[j] - sum_of(i * y[i] * x[j - i] for i in range(1, j)) / j) / x[0])
    return y


def sqrt_of(x, y0, k):
    """y = sqrt(x), given y0: y² = x gives y_j = (x_j - Σ_{i=1..j-1} y_i y_{j-i}) / (2 y0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append((x[j] - cauchy(y, y, j, lo=1)) / (2.0 * y0))
    return y


def quotient(u, v, z0, k):
    """z = u / v, given z0: v z = u gives z_j = (u_j - Σ_{i=1..j} v_i z_{j-i}) / v0."""
    z = [z0]
    for j in range(1, k + 1):
        z.append((u[j] - sum_of(v[i] * z[j - i] for i in range(1, j + 1))) / v[0])
    return z


def sin_cos_of(x, s0, c0, k, sign):
    """s' = c x' and c' = sign·s x' (sign -1: sin/cos, +1: sinh/cosh)."""
    s, c = [s0], [c0]
    for j in range(1, k + 1):
        s.append(sum_of(i * x[i] * c[j - i] for i in range(1, j + 1)) / j)
        c.append(sign * sum_of(i * x[i] * s[j - i] for i in range(1, j + 1)) / j)
    return s, c


def tan_of(x, y0, k, sign):
    """y' = (1 + sign·y²) x' (sign +1: tan, -1: tanh); w = 1 + sign·y² built alongside."""
    y = [y0]
    w = [1.0 + sign * (y0 * y0)]
    for j in range(1, k + 1):
        y.append(sum_of(i * x[i] * w[j - i] for i in range(1, j + 1)) / j)
        w.append(sign * cauchy(y, y, j))
    return y


def integral_of_quotient(x, w, y0, k):
    """y with y' = x' / w (arctan: w = 1 + x², arcsin: w = sqrt(1 - x²)):
    y_j = (j x_j - Σ_{i=1..j-1} i y_i w_{j-i}) / (j w0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append((j * x[j] - sum_of(i * y[i] * w[j - i] for i in range(1, j))) / (j * w[0]))
    return y


def power_of(x, p, y0, k):
    """y = x**p for an exponent p constant along the jet: x y' = p y x' gives
    y_j = Σ_{i=1..j} (p·i - (j - i)) x_i y_{j-i} / (j x0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append(sum_of((p * i - (j - i)) * x[i] * y[j - i] for i in range(1, j + 1)) / (j * x[0]))
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
