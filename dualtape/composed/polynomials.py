"""NumPy's polynomial functions on coefficient arrays (highest power first):
``polyval``, ``polyfit``, ``polyder``, ``polyint``, ``polyadd``, ``polysub``,
``polymul``, ``polydiv``, ``poly`` and ``roots``.

Each repeats NumPy's own steps with table operations: Horner's rule for
``polyval``; the scaled Vandermonde least-squares problem for ``polyfit``
(differentiable in `y`, and in `x` and the weights too, through ``lstsq``);
the companion matrix's eigenvalues for ``roots`` (``linalg.eigvals``, so the
roots must be distinct to be differentiated); repeated ``convolve`` for
``poly``.  ``poly1d`` objects are NumPy's (they refuse dualtape values).
"""
import operator

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, is_box
from ..rules.casting import astype
from ..rules.elementwise_more import real
from ..rules.indexing import getitem
from ..rules.linalg_eig import eigvals
from ..rules.reductions import sum as _sum
from ..rules.linalg_inverses import inv
from ..rules.matmul import matmul
from ..rules.shapes import concatenate, reshape, expand_dims, transpose
from ..rules.elementwise import sqrt
from ..rules.signals import convolve_full
from .creation import vander
from .linalg import lstsq
from .positions import as_operand
from .updates import update

__all__ = ["polyval", "polyfit", "polyder", "polyint", "polyadd", "polysub", "polymul",
           "polydiv", "poly", "roots"]


def _coefficients(p):
    p = as_operand(p)
    return reshape(p, (1,)) if ndim(p) == 0 else p


def polyval(p, x):
    """``numpy.polyval``: ``p[0]·x**(n-1) + ... + p[n-1]`` by Horner's rule.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.polyval([3.0, 0.0, 1.0], x), (2.0,), (1.0,))   # 3x² + 1
        (np.float64(13.0), np.float64(12.0))
    """
    p, x = as_operand(p), as_operand(x)
    y = np.zeros_like(raw(x), dtype=np.result_type(raw(x)))
    for k in range(shape(p)[0]):
        y = y * x + getitem(p, k)
    return y


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """``numpy.polyfit``: least-squares polynomial coefficients, differentiable in `y`
    (and `x`, `w`); ``full`` and ``cov`` give NumPy's further results.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = np.array([0.0, 1.0, 2.0, 3.0])
        >>> dt.jacobian(lambda y: dt.numpy.polyfit(x, y, 1))(x * 2.0 + 1.0).round(2)
        array([[-0.3, -0.1,  0.1,  0.3],
               [ 0.7,  0.4,  0.1, -0.2]])
    """
    order = operator.index(deg) + 1
    x, y = as_operand(x) * 1.0, as_operand(y) * 1.0
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if ndim(x) != 1:
        raise TypeError("expected 1D vector for x")
    if shape(x)[0] == 0:
        raise TypeError("expected non-empty vector for x")
    if ndim(y) not in (1, 2):
        raise TypeError("expected 1D or 2D array for y")
    if shape(x)[0] != shape(y)[0]:
        raise TypeError("expected x and y to have same length")
    if rcond is None:
        rcond = shape(x)[0] * np.finfo(np.result_type(raw(x))).eps
    lhs = vander(x, order) if is_box(x) else np.vander(x, order)
    rhs = y
    if w is not None:
        w = as_operand(w) * 1.0
        if ndim(w) != 1 or shape(w)[0] != shape(y)[0]:
            raise TypeError("expected a 1-d array for weights of the length of y")
        lhs = lhs * expand_dims(w, -1)
        rhs = rhs * (expand_dims(w, -1) if ndim(rhs) == 2 else w)
    scale = sqrt(_sum(lhs * lhs, axis=0))
    lhs = lhs / scale
    c, resids, rank, s = lstsq(lhs, rhs, rcond)
    c = c / (expand_dims(scale, -1) if ndim(c) == 2 else scale)
    if full:
        return c, resids, rank, s, rcond
    if cov:
        vbase = _inverse_gram(lhs) / (expand_dims(scale, -1) * scale)
        if cov == "unscaled":
            fac = 1.0
        else:
            if shape(x)[0] <= order:
                raise ValueError("the number of data points must exceed order to scale the "
                                 "covariance matrix")
            fac = resids / (shape(x)[0] - order)
        return c, (vbase * fac if ndim(y) == 1 else expand_dims(vbase, -1) * fac)
    return c


def _inverse_gram(lhs):
    """(lhsᵀ lhs)⁻¹, NumPy's ``inv(dot(lhs.T, lhs))``."""
    return inv(matmul(transpose(lhs), lhs))


def polyder(p, m=1):
    """``numpy.polyder``: the coefficients of the `m`-th derivative.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polyder(np.array([1.0, 1.0, 1.0]))
        array([2., 1.])
    """
    m = int(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = as_operand(p)
    for _ in range(m):
        n = shape(p)[0] - 1
        p = getitem(p, (slice(None, -1),)) * np.arange(n, 0, -1)
    return p


def polyint(p, m=1, k=None):
    """``numpy.polyint``: the coefficients of the `m`-th antiderivative, with
    integration constants `k` (differentiable too).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polyint(np.array([3.0, 2.0]), k=5.0)
        array([1.5, 2. , 5. ])
    """
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = np.zeros(m, float) if k is None else k
    k = reshape(as_operand(k), (-1,)) if ndim(k) == 0 else as_operand(k)
    if shape(k)[0] == 1 and m > 1:
        k = getitem(k, 0) * np.ones(m)
    if shape(k)[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    p = as_operand(p)
    for i in range(m):
        p = concatenate([p / np.arange(shape(p)[0], 0, -1), getitem(k, (slice(i, i + 1),))])
    return p


def _padded_pair(a1, a2):
    a1, a2 = _coefficients(a1), _coefficients(a2)
    gap = shape(a2)[0] - shape(a1)[0]
    if gap > 0:
        a1 = concatenate([np.zeros(gap, np.result_type(raw(a1))), a1])
    elif gap < 0:
        a2 = concatenate([np.zeros(-gap, np.result_type(raw(a2))), a2])
    return a1, a2


def polyadd(a1, a2):
    """``numpy.polyadd``: the sum of two polynomials (aligned at the constant term).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polyadd(np.array([1.0, 2.0]), np.array([1.0, 0.0, 0.0]))
        array([1., 1., 2.])
    """
    a1, a2 = _padded_pair(a1, a2)
    return a1 + a2


def polysub(a1, a2):
    """``numpy.polysub``: the difference of two polynomials.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polysub(np.array([1.0, 2.0]), np.array([1.0, 0.0, 0.0]))
        array([-1.,  1.,  2.])
    """
    a1, a2 = _padded_pair(a1, a2)
    return a1 - a2


def polymul(a1, a2):
    """``numpy.polymul``: the product of two polynomials (a convolution).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polymul(np.array([1.0, 1.0]), np.array([1.0, -1.0]))
        array([ 1.,  0., -1.])
    """
    return convolve_full(_coefficients(a1), _coefficients(a2))


def polydiv(u, v):
    """``numpy.polydiv``: quotient and remainder of polynomial division (NumPy's long
    division, with its trimming of a leading near-zero remainder).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.polydiv(np.array([1.0, 0.0, -1.0]), np.array([1.0, 1.0]))
        (array([ 1., -1.]), array([0.]))
    """
    u, v = _coefficients(u) * 1.0, _coefficients(v) * 1.0
    m, n = shape(u)[0] - 1, shape(v)[0] - 1
    scale = 1.0 / getitem(v, 0)
    q, r = [], u
    for k in range(m - n + 1):
        d = scale * getitem(r, k)
        q.append(d)
        r = update(r, (slice(k, k + n + 1),), -(d * v), "add")
    quotient = concatenate([reshape(d, (1,)) for d in q]) if q else np.zeros(1)
    while np.allclose(raw(getitem(r, 0)), 0, rtol=1e-14) and shape(r)[-1] > 1:
        r = getitem(r, (slice(1, None),))
    return quotient, r


def poly(seq_of_zeros):
    """``numpy.poly``: the monic polynomial with the given roots (or the characteristic
    polynomial of a square matrix); real when the roots come in conjugate pairs.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.poly(np.array([1.0, 2.0]))
        array([ 1., -3.,  2.])
    """
    zeros = as_operand(seq_of_zeros)
    zeros = reshape(zeros, (1,)) if ndim(zeros) == 0 else zeros
    s = shape(zeros)
    if len(s) == 2 and s[0] == s[1] and s[0] != 0:
        zeros = eigvals(zeros)
    elif len(s) == 1:
        # NumPy computes in float32, float64 or their complex types, others (integers,
        # float16) in float64
        own = np.result_type(raw(zeros))
        if own.char not in "GDFgdf":
            zeros = astype(zeros, np.float64)
    else:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if shape(zeros)[0] == 0:
        return 1.0
    a = np.ones((1,), dtype=np.result_type(raw(zeros)))     # in the roots' type, as NumPy
    for i in range(shape(zeros)[0]):
        a = convolve_full(a, concatenate([np.ones(1, a.dtype if isinstance(a, np.ndarray) else
                                                  np.result_type(raw(a))),
                                          -reshape(getitem(zeros, i), (1,))]))
    r = np.asarray(raw(zeros))
    if np.iscomplexobj(raw(a)) and np.all(np.sort(r.astype(complex)) == np.sort(r.conjugate())):
        a = real(a)
    return a


def roots(p):
    """``numpy.roots``: the eigenvalues of the companion matrix (zeros for trailing zero
    coefficients); differentiable where the roots are distinct.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jvp(lambda c: dt.numpy.roots(dt.numpy.array([1.0, -3.0, c])), (2.0,), (1.0,))[1]
        array([-1.,  1.])
    """
    p = _coefficients(p)
    if ndim(p) != 1:
        raise ValueError("Input must be a rank-1 array.")
    nonzero = np.flatnonzero(raw(p))
    if nonzero.size == 0:
        return np.array([])
    trailing = shape(p)[0] - int(nonzero[-1]) - 1
    p = getitem(p, (slice(int(nonzero[0]), int(nonzero[-1]) + 1),))
    if not np.issubdtype(np.result_type(raw(p)), np.inexact):
        p = p * 1.0
    n = shape(p)[0]
    if n > 1:
        first = reshape(-getitem(p, (slice(1, None),)) / getitem(p, 0), (1, n - 1))
        companion = concatenate([first, np.eye(n - 2, n - 1)]) if n > 2 else first
        found = eigvals(companion)
    else:
        found = np.array([])
    if trailing:
        found = concatenate([found, np.zeros(trailing, np.result_type(raw(found)))])
    return found
