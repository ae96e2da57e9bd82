"""Truncated Taylor series: the coefficient recurrences behind the `taylor` rules.

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

Everything here uses Python operators and table functions only, so the rules
work on boxed values of every mode (jets of HyperDuals, jets on a tape, ...).
"""
from ..core.box import raw
import numpy as np


def full(x0, c, k):
    """The whole series ``[x0, x1, ..., xk]``; a constant argument has zeros."""
    return [x0] + (list(c) if c is not None else [0.0] * k)


def order_of(coeffs):
    """k, the number of higher coefficients (from the first non-constant argument)."""
    for c in coeffs:
        if c is not None:
            return len(c)
    return 0


def _sum(terms):
    total = None
    for t in terms:
        total = t if total is None else total + t
    return 0.0 if total is None else total


def cauchy(a, b, j, lo=0):
    """Σ_{i=lo..j-lo} a_i b_{j-i}: the j-th coefficient of a product."""
    return _sum(a[i] * b[j - i] for i in range(lo, j - lo + 1))


def product(a, b, k):
    """The series of a·b."""
    return [cauchy(a, b, j) for j in range(k + 1)]


def exp_of(x, y0, k):
    """y = exp(x) (or any y with y' = y·x'), given y0: y_j = Σ_{i=1..j} i x_i y_{j-i} / j."""
    y = [y0]
    for j in range(1, k + 1):
        y.append(_sum(i * x[i] * y[j - i] for i in range(1, j + 1)) / j)
    return y


def log_of(x, y0, k):
    """y = log(x), given y0: x y' = x' gives y_j = (x_j - Σ_{i=1..j-1} i y_i x_{j-i} / j) / x0."""
    y = [y0]
    for j in range(1, k + 1):
        y.append((x[j] - _sum(i * y[i] * x[j - i] for i in range(1, j)) / j) / x[0])
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
        z.append((u[j] - _sum(v[i] * z[j - i] for i in range(1, j + 1))) / v[0])
    return z


def sin_cos_of(x, s0, c0, k, sign):
    """s' = c x' and c' = sign·s x' (sign -1: sin/cos, +1: sinh/cosh)."""
    s, c = [s0], [c0]
    for j in range(1, k + 1):
        s.append(_sum(i * x[i] * c[j - i] for i in range(1, j + 1)) / j)
        c.append(sign * _sum(i * x[i] * s[j - i] for i in range(1, j + 1)) / j)
    return s, c


def tan_of(x, y0, k, sign):
    """y' = (1 + sign·y²) x' (sign +1: tan, -1: tanh); w = 1 + sign·y² built alongside."""
    y = [y0]
    w = [1.0 + sign * (y0 * y0)]
    for j in range(1, k + 1):
        y.append(_sum(i * x[i] * w[j - i] for i in range(1, j + 1)) / j)
        w.append(sign * cauchy(y, y, j))
    return y


def integral_of_quotient(x, w, y0, k):
    """y with y' = x' / w (arctan: w = 1 + x², arcsin: w = sqrt(1 - x²)):
    y_j = (j x_j - Σ_{i=1..j-1} i y_i w_{j-i}) / (j w0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append((j * x[j] - _sum(i * y[i] * w[j - i] for i in range(1, j))) / (j * w[0]))
    return y


def power_of(x, p, y0, k):
    """y = x**p for an exponent p constant along the jet: x y' = p y x' gives
    y_j = Σ_{i=1..j} (p·i - (j - i)) x_i y_{j-i} / (j x0)."""
    y = [y0]
    for j in range(1, k + 1):
        y.append(_sum((p * i - (j - i)) * x[i] * y[j - i] for i in range(1, j + 1)) / (j * x[0]))
    return y


def all_nonzero(x):
    """True when no element of the (possibly boxed) value is zero."""
    return bool(np.all(np.asarray(raw(x)) != 0))


def all_positive(x):
    """True when every element of the (possibly boxed) value is positive."""
    return bool(np.all(np.asarray(raw(x)) > 0))


# --- the `taylor` rules of the elementwise entries ----------------------------------------

def _ew():
    from . import elementwise    # imported late: elementwise.py imports this module
    return elementwise


def _unary(series_fn):
    """A rule for f(x) from ``series_fn(X, out, x, k) -> [y0, ..., yk]`` (or None)."""
    def rule(coeffs, out, x, **params):
        k = len(coeffs[0])
        y = series_fn(full(x, coeffs[0], k), out, x, k)
        return None if y is None else y[1:]
    return rule


exp_rule = _unary(lambda X, out, x, k: exp_of(X, out, k))
expm1_rule = _unary(lambda X, out, x, k: exp_of(X, out + 1.0, k))
log_rule = _unary(lambda X, out, x, k: log_of(X, out, k))
log1p_rule = _unary(lambda X, out, x, k: log_of([1.0 + x] + X[1:], out, k))
sqrt_rule = _unary(lambda X, out, x, k: sqrt_of(X, out, k) if all_positive(out) else None)
sin_rule = _unary(lambda X, out, x, k: sin_cos_of(X, out, _ew().cos(x), k, -1.0)[0])
cos_rule = _unary(lambda X, out, x, k: sin_cos_of(X, _ew().sin(x), out, k, -1.0)[1])
sinh_rule = _unary(lambda X, out, x, k: sin_cos_of(X, out, _ew().cosh(x), k, 1.0)[0])
cosh_rule = _unary(lambda X, out, x, k: sin_cos_of(X, _ew().sinh(x), out, k, 1.0)[1])
tan_rule = _unary(lambda X, out, x, k: tan_of(X, out, k, 1.0))
tanh_rule = _unary(lambda X, out, x, k: tan_of(X, out, k, -1.0))
square_rule = _unary(lambda X, out, x, k: product(X, X, k))
reciprocal_rule = _unary(
    lambda X, out, x, k: quotient([1.0] + [0.0] * k, X, out, k) if all_nonzero(x) else None)


def _arctan_series(X, out, x, k):
    w = product(X, X, k)
    w[0] = 1.0 + w[0]
    return integral_of_quotient(X, w, out, k)


def _arcsin_series(X, out, x, k):
    q = [-c for c in product(X, X, k)]
    q[0] = 1.0 + q[0]
    return integral_of_quotient(X, sqrt_of(q, _ew().sqrt(q[0]), k), out, k)


arctan_rule = _unary(_arctan_series)
arcsin_rule = _unary(_arcsin_series)
arccos_rule = _unary(lambda X, out, x, k: [out] + [-c for c in _arcsin_series(X, out, x, k)[1:]])
negative_rule = _unary(lambda X, out, x, k: [-c for c in X])


def absolute_rule(coeffs, out, x):
    """|x| = sign(x0)·x near x0 (all zero at x0 = 0, the convention abs'(0) = 0)."""
    s = np.sign(raw(x))
    return [s * c for c in coeffs[0]]


def sign_rule(coeffs, out, x):
    """sign is locally constant (sign' = 0 by convention)."""
    return [None] * len(coeffs[0])


def _each(a, b, op):
    """Coefficient-wise a op b with None for a constant argument."""
    if a is None:
        return b if op == "+" else [-c for c in b]
    if b is None:
        return list(a)
    return [u + v if op == "+" else u - v for u, v in zip(a, b)]


def add_rule(coeffs, out, x, y):
    return _each(coeffs[0], coeffs[1], "+")


def subtract_rule(coeffs, out, x, y):
    return _each(coeffs[0], coeffs[1], "-")


def multiply_rule(coeffs, out, x, y):
    """Cauchy product (a constant factor just scales)."""
    cx, cy = coeffs
    if cx is None:
        return [x * c for c in cy]
    if cy is None:
        return [c * y for c in cx]
    k = len(cx)
    return product(full(x, cx, k), full(y, cy, k), k)[1:]


def divide_rule(coeffs, out, x, y):
    cx, cy = coeffs
    if cy is None:
        return [c / y for c in cx]
    if not all_nonzero(y):
        return None
    k = order_of(coeffs)
    return quotient(full(x, cx, k), full(y, cy, k), out, k)[1:]


def power_rule(coeffs, out, x, y):
    """x**y: the power recurrence for a constant exponent, exp(y·log x) otherwise."""
    cx, cy = coeffs
    k = order_of(coeffs)
    if cy is None:
        return power_of(full(x, cx, k), y, out, k)[1:] if all_nonzero(x) else None
    if not all_positive(x):
        return None
    logx = _ew().log(x)
    ls = log_of(full(x, cx, k), logx, k) if cx is not None else full(logx, None, k)
    return exp_of(product(full(y, cy, k), ls, k), out, k)[1:]


def logaddexp_rule(coeffs, out, x, y):
    """log(e^x + e^y) = out0 + log(e^(x-out0) + e^(y-out0)), with the shift keeping it stable."""
    k = order_of(coeffs)
    exp = _ew().exp
    ex = exp_of(full(x - out, coeffs[0], k), exp(x - out), k)
    ey = exp_of(full(y - out, coeffs[1], k), exp(y - out), k)
    s = [a + b for a, b in zip(ex, ey)]
    return log_of(s, 0.0, k)[1:]


def matmul_rule(coeffs, out, a, b):
    """Cauchy product with matmul in place of multiplication."""
    from .matmul import _matmul
    from ..core.dispatch import bind
    ca, cb = coeffs
    if ca is None:
        return [bind(_matmul, a, c) for c in cb]
    if cb is None:
        return [bind(_matmul, c, b) for c in ca]
    k = len(ca)
    sa, sb = full(a, ca, k), full(b, cb, k)
    return [_sum(bind(_matmul, sa[i], sb[j - i]) for i in range(j + 1)) for j in range(1, k + 1)]
