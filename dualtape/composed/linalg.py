"""Linear-algebra functions composed from table entries: ``norm``,
``matrix_power``, ``lstsq`` (NumPy's four results), ``trace`` (of the last two
axes, as ``numpy.linalg.trace``), ``solve_triangular`` and ``multi_dot``.

They add no table entries: their derivatives come from the entries they are
built from, so every mode differentiates them.

Convention at the zero vector: every vector norm (and the Frobenius norm) has
derivative 0 there, the subgradient of smallest size, as ``abs'(0) = 0``; an
entry that is exactly 0 likewise contributes 0 to the derivative of a p-norm.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes
from ..rules.elementwise import where, sqrt, absolute
from ..rules.indexing import getitem
from ..rules.linalg_svd import svd
from ..rules.linalg_inverses import solve, inv, lstsq_solution
from ..rules.matmul import matmul
from ..rules.complex_values import abs_squared
from ..rules.matrix_helpers import mT, mH, lower as _lower, upper as _upper, check_square
from ..rules.reductions import sum as _sum, max as _max, min as _min
from ..rules.shapes import reshape, broadcast_to, moveaxis, squeeze, expand_dims

__all__ = ["norm", "matrix_power", "lstsq", "trace", "solve_triangular", "multi_dot"]


# --- norm ----------------------------------------------------------------------------------

def _root(s, p):
    """``s ** (1/p)`` with derivative 0 where ``s == 0`` (the zero-vector convention)."""
    zero = np.asarray(raw(s)) == 0
    if not np.any(zero):
        return sqrt(s) if p == 2 else s ** (1.0 / p)
    safe = where(zero, 1.0, s)
    return where(zero, 0.0, sqrt(safe) if p == 2 else safe ** (1.0 / p))


def _abs_power(x, p):
    """``|x| ** p`` with derivative 0 at entries equal to 0 (for every p > 0)."""
    zero = np.asarray(raw(x)) == 0
    if not np.any(zero):
        return absolute(x) ** p
    return where(zero, 0.0, where(zero, 1.0, absolute(x)) ** p)


def _vector_norm(x, ord, axis, keepdims):
    if ord is None or ord == 2:
        return _root(_sum(abs_squared(x), axis=axis, keepdims=keepdims), 2)
    if ord == np.inf:
        return _max(absolute(x), axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return _min(absolute(x), axis=axis, keepdims=keepdims)
    if ord == 0:                                   # a count: no derivative
        return np.sum(np.asarray(raw(x)) != 0, axis=axis, keepdims=keepdims).astype(float)
    if ord == 1:
        return _sum(absolute(x), axis=axis, keepdims=keepdims)
    if isinstance(ord, str):
        raise ValueError(f"linalg.norm: invalid norm order {ord!r} for vectors")
    p = float(ord)
    return _root(_sum(_abs_power(x, p), axis=axis, keepdims=keepdims), p)


def _matrix_norm(x, ord, axes, keepdims):
    row, col = axes
    if ord is None or ord == "fro":
        return _root(_sum(abs_squared(x), axis=axes, keepdims=keepdims), 2)
    if ord in ("nuc", 2, -2):
        s = svd(moveaxis(x, (row, col), (-2, -1)), compute_uv=False)
        out = _sum(s, axis=-1) if ord == "nuc" else (_max if ord == 2 else _min)(s, axis=-1)
        if keepdims:
            nd = ndim(x)
            out = expand_dims(out, tuple(sorted((row + nd, col + nd))))
        return out
    if ord in (1, -1, np.inf, -np.inf):
        inner, outer = (row, col) if ord in (1, -1) else (col, row)
        pick = _max if ord in (1, np.inf) else _min
        out = pick(_sum(absolute(x), axis=inner, keepdims=True), axis=outer, keepdims=True)
        return out if keepdims else squeeze(out, axes)
    raise ValueError(f"linalg.norm: invalid norm order {ord!r} for matrices")


def norm(x, ord=None, axis=None, keepdims=False):
    """``numpy.linalg.norm``: vector norms (``ord`` 2, 1, inf, -inf, 0, any p) along one
    axis, matrix norms ('fro', 'nuc', 2, -2, 1, -1, inf, -inf) over two axes.

    Every vector norm has derivative 0 at the zero vector (like ``abs'(0) = 0``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(dt.numpy.linalg.norm)(np.array([3.0, 4.0]))
        array([0.6, 0.8])
        >>> dt.gradient(dt.numpy.linalg.norm)(np.zeros(2))
        array([0., 0.])
    """
    nd = ndim(x)
    if axis is None:
        if ord is None:
            out = _vector_norm(reshape(x, (-1,)), None, (-1,), False)
            return reshape(out, (1,) * nd) if keepdims else out
        if nd not in (1, 2):
            raise ValueError("linalg.norm: improper number of dimensions to norm; give `axis`")
        axis = tuple(range(nd))
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    axes = normalize_axes(axis, nd)
    # NumPy's order matters for the matrix 1/inf norms: keep the axes as given
    given = tuple(int(a) - nd if int(a) >= 0 else int(a) for a in axis)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix_norm(x, ord, given, keepdims)
    raise ValueError("linalg.norm: improper number of dimensions to norm")


# --- matrix_power ---------------------------------------------------------------------------

def matrix_power(a, n):
    """``numpy.linalg.matrix_power``: ``a`` multiplied by itself `n` times (repeated
    squaring); ``n = 0`` gives the identity, ``n < 0`` powers of the inverse.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.matrix_power(a, 3)[0, 0])(np.eye(2))
        array([[3., 0.],
               [0., 0.]])
    """
    check_square(a, "linalg.matrix_power")
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"linalg.matrix_power: the exponent must be an integer, got {n!r}")
    n = int(n)
    if n == 0:                                     # constant: no derivative
        return np.array(broadcast_to(np.eye(shape(a)[-1]), shape(a)))
    if n < 0:
        a, n = inv(a), -n
    result, base = None, a
    while n:
        if n & 1:
            result = base if result is None else matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    return result


# --- lstsq ----------------------------------------------------------------------------------

def lstsq(a, b, rcond=None):
    """``numpy.linalg.lstsq``: ``(x, residuals, rank, s)``, each as NumPy returns it;
    `x`, the residuals and the singular values `s` are differentiable (full rank).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> x, res, rank, s = dt.numpy.linalg.lstsq(a, np.array([1.0, 1.0, 1.0]))
        >>> x, rank
        (array([0.66666667, 0.66666667]), np.int32(2))
    """
    x = lstsq_solution(a, b, rcond)
    # the rank as NumPy's lstsq gives it: LAPACK's integer (int32), not a Python int
    rank = np.int32(np.linalg.matrix_rank(np.asarray(raw(a))) if rcond is None else
                    np.linalg.lstsq(np.asarray(raw(a)), np.asarray(raw(b)), rcond=rcond)[2])
    m, n = shape(a)
    if rank == n and m > n:
        r = b - matmul(a, x)
        residuals = _sum(abs_squared(r), axis=0)
        if ndim(b) == 1:
            residuals = reshape(residuals, (1,))
    else:
        residuals = np.empty((0,), np.finfo(np.result_type(raw(x))).dtype)   # real, in x's width
    return x, residuals, rank, svd(a, compute_uv=False)


# --- trace, solve_triangular, multi_dot ----------------------------------------------------

def trace(x, offset=0):
    """``numpy.linalg.trace``: the sum of the `offset` diagonal of the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(dt.numpy.linalg.trace)(np.ones((2, 2)))
        array([[1., 0.],
               [0., 1.]])
    """
    if ndim(x) < 2:
        raise ValueError(f"linalg.trace: expected a matrix, got shape {shape(x)}")
    m, n = shape(x)[-2:]
    rows = np.arange(max(0, -offset), min(m, n - offset))
    if rows.size == 0:
        return np.zeros(shape(x)[:-2])
    return _sum(getitem(x, (Ellipsis, rows, rows + offset)), axis=-1)


def solve_triangular(a, b, lower=False, trans=0, unit_diagonal=False):
    """SciPy's ``solve_triangular`` through `solve`: only the chosen triangle of `a`
    is read (and receives a derivative); ``trans`` 0/'N', 1/'T' or 2/'C' (the
    conjugate transpose).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[2.0, 0.0], [99.0, 4.0]])     # the 99 is not read
        >>> dt.numpy.linalg.solve_triangular(a, np.array([2.0, 4.0]))
        array([1., 1.])
    """
    check_square(a, "linalg.solve_triangular")
    n = shape(a)[-1]
    if unit_diagonal:
        tri = (_lower(a, -1) if lower else _upper(a, 1)) + np.eye(n)
    else:
        tri = _lower(a) if lower else _upper(a)
    if trans in (1, "T"):
        tri = mT(tri)
    elif trans in (2, "C"):
        tri = mH(tri)
    elif trans not in (0, "N"):
        raise ValueError(f"linalg.solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C', "
                         f"got {trans!r}")
    return solve(tri, b)


def multi_dot(arrays):
    """``numpy.linalg.multi_dot``: the product of the matrices, left to right (a 1-D
    first or last operand is a row or column vector).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.linalg.multi_dot([np.ones(2), np.eye(2), np.ones(2)]))
        2.0
    """
    arrays = list(arrays)
    if len(arrays) < 2:
        raise ValueError("linalg.multi_dot: expecting at least two arrays")
    out = arrays[0]
    for x in arrays[1:]:
        out = matmul(out, x)
    return out
