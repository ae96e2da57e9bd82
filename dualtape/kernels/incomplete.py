"""How many terms the series and continued fractions of the regularized incomplete
gamma and beta functions need, found on plain float arrays (NumPy only).

`dualtape.composed.incomplete` evaluates those expansions with table operations,
so that they are differentiable in every argument; it first asks here, on the
plain values, how deep to go.  Each function runs the expansion forwards until
the next term (or the next factor of the modified Lentz algorithm) changes the
result by less than `TOLERANCE` relative, everywhere in the array, and returns
that depth plus a margin: the derivatives of a truncated expansion converge a
little more slowly than its value.

    P(a, x) = e^{−x} x^a / Γ(a + 1) · Σ_k x^k / ((a + 1)···(a + k))              (x < a + 1)
    Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − ...)))
    I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + ...))),
        d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)),  d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m))
"""
import numpy as np

TOLERANCE = 1e-17            # a series term relative to the sum
FRACTION_TOLERANCE = 3e-16   # a Lentz factor's distance from 1 (it cannot go below an ulp)
MARGIN = 8
MAX_DEPTH = 50000
_TINY = 1e-300


def _converged(changes, depth, what, tolerance=TOLERANCE):
    if depth >= MAX_DEPTH:
        raise ValueError(f"{what}: no convergence within {MAX_DEPTH} terms")
    return not np.any(changes > tolerance)


def gamma_series_depth(a, x):
    """The number of terms of the series for P(a, x) to use (x >= 0, a > 0).

    Example:
        >>> gamma_series_depth(np.array([2.0]), np.array([0.0]))       # P(a, 0) = 0: one term
        9
    """
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    term = np.ones(a.shape)
    total = np.ones(a.shape)
    k = 0
    while True:
        k += 1
        term = term * x / (a + k)
        total = total + term
        if _converged(np.abs(term) / np.abs(total), k, "gammainc series"):
            return k + MARGIN


def gamma_fraction_depth(a, x):
    """The depth of the continued fraction for Q(a, x) to use (x >= a + 1 > 1).

    Example:
        >>> int(gamma_fraction_depth(np.array([1.0]), np.array([5.0])))   # Q(1, x) = e^{−x}: exact at once
        9
    """
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    b = x + 1.0 - a
    c = np.full(a.shape, 1.0 / _TINY)
    d = 1.0 / b
    k = 0
    while True:
        k += 1
        an = -k * (k - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        if _converged(np.abs(c * d - 1.0), k, "gammaincc continued fraction", FRACTION_TOLERANCE):
            return k + MARGIN


def beta_fraction_coefficient(j, a, b, x):
    """d_j of the continued fraction of I_x(a, b) (j >= 1); works on boxes too.

    Example:
        >>> beta_fraction_coefficient(1, 1.0, 1.0, 0.5)          # −(a)(a + b)x / (a(a + 1))
        -0.5
    """
    m = j // 2
    if j % 2:
        return -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
    return m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))


def beta_fraction_depth(a, b, x):
    """The depth of the continued fraction for I_x(a, b) to use (x < (a + 1)/(a + b + 2)).

    Example:
        >>> int(beta_fraction_depth(np.array([2.0]), np.array([3.0]), np.array([0.2])))
        14
    """
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    c = np.ones(a.shape)
    d = np.zeros(a.shape)
    j = 0
    while True:
        j += 1
        dj = beta_fraction_coefficient(j, a, b, x)
        d = 1.0 + dj * d
        d = 1.0 / np.where(np.abs(d) < _TINY, _TINY, d)
        c = 1.0 + dj / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        if _converged(np.abs(c * d - 1.0), j, "betainc continued fraction", FRACTION_TOLERANCE):
            return j + MARGIN
