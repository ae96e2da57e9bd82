"""More of ``numpy.linalg``, composed from the table's linear algebra: ``cond``,
``tensorsolve``, ``tensorinv``, ``svdvals``, and NumPy 2's ``matrix_norm``,
``vector_norm``, ``outer``, ``cross``, ``diagonal`` and ``tensordot``
(``vecdot`` and ``matrix_transpose`` are in `vector_products`).

Each follows NumPy's own steps (reshapes and transposes, then ``solve``,
``inv``, ``svd`` or ``norm``), so it gives NumPy's values, and its derivative
is that of the entries it calls.  ``matrix_rank`` has none (an integer).
"""
import math

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axis, is_box
from ..rules.linalg_svd import svd
from ..rules.linalg_inverses import solve, inv
from ..rules.shapes import reshape, transpose, ravel
from .contractions import outer as _outer, cross as _cross, tensordot as _tensordot
from .linalg import norm
from .positions import as_operand
from .selection import diagonal as _diagonal

__all__ = ["cond", "tensorsolve", "tensorinv", "svdvals", "matrix_norm", "vector_norm", "outer",
           "cross", "diagonal", "tensordot"]


def cond(x, p=None):
    """``numpy.linalg.cond``: the condition number ``‖x‖ ‖x⁻¹‖`` in norm `p` (None or ±2:
    the ratio of extreme singular values); a singular matrix gives inf.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(dt.numpy.linalg.cond)(np.diag([4.0, 2.0]))      # s0/s1: [1/s1, -s0/s1²]
        array([[ 0.5,  0. ],
               [ 0. , -1. ]])
    """
    if not is_box(x):
        return np.linalg.cond(x, p)
    if 0 in shape(x)[-2:]:
        raise np.linalg.LinAlgError("cond is not defined on empty arrays")
    with np.errstate(all="ignore"):
        if p is None or p in (2, -2):
            s = svd(x, compute_uv=False)
            first, last = s[..., 0], s[..., -1]
            r = last / first if p == -2 else first / last
        else:
            r = norm(x, p, axis=(-2, -1)) * norm(inv(x), p, axis=(-2, -1))
    nan = np.isnan(raw(r)) & ~np.isnan(np.asarray(raw(x))).any(axis=(-2, -1))
    if np.any(nan):
        raise np.linalg.LinAlgError(
            "linalg.cond: the matrix is singular, so its condition number is inf and has no "
            "derivative; compute np.linalg.cond on the plain matrix")
    return r


def tensorsolve(a, b, axes=None):
    """``numpy.linalg.tensorsolve``: x with ``tensordot(a, x, x.ndim) = b``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.eye(6).reshape(6, 2, 3) * 2.0
        >>> dt.numpy.linalg.tensorsolve(a, np.ones(6)).shape
        (2, 3)
    """
    a, b = as_operand(a), as_operand(b)
    an = ndim(a)
    if axes is not None:
        order = list(range(an))
        for k in axes:
            order.remove(k)
            order.insert(an, k)
        a = transpose(a, order)
    old = shape(a)[-(an - ndim(b)):]
    size = math.prod(old)
    if int(np.prod(shape(a))) != size ** 2:
        raise np.linalg.LinAlgError("Input arrays must satisfy the requirement "
                                    "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")
    return reshape(solve(reshape(a, (size, size)), ravel(b)), old)


def tensorinv(a, ind=2):
    """``numpy.linalg.tensorinv``: the inverse of `a` read as a matrix whose rows are its
    first `ind` axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), ind=1).shape
        (2, 2, 4)
    """
    a = as_operand(a)
    old = shape(a)
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    rows = math.prod(old[ind:])
    return reshape(inv(reshape(a, (rows, -1))), old[ind:] + old[:ind])


def svdvals(x, /):
    """``numpy.linalg.svdvals``: the singular values, descending.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.svdvals(a)[0])(np.diag([1.0, 3.0]))
        array([[0., 0.],
               [0., 1.]])
    """
    return svd(as_operand(x), compute_uv=False)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """``numpy.linalg.matrix_norm``: `norm` over the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.linalg.matrix_norm(np.ones((2, 2))))
        2.0
    """
    return norm(as_operand(x), ord=ord, axis=(-2, -1), keepdims=keepdims)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """``numpy.linalg.vector_norm``: the vector norm over `axis` (all axes when None,
    several axes taken together as one vector).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.linalg.vector_norm(x))(np.array([[3.0], [4.0]]))
        array([[0.6],
               [0.8]])
    """
    x = as_operand(x)
    old = list(shape(x))
    nd = len(old)
    if axis is None:
        y, along = reshape(x, (-1,)), 0
    elif isinstance(axis, tuple):
        axes = [normalize_axis(a, nd) + nd for a in axis]
        rest = [i for i in range(nd) if i not in axes]
        y = reshape(transpose(x, axes + rest), (math.prod(old[i] for i in axes),) +
                    tuple(old[i] for i in rest))
        along = 0
    else:
        y, along = x, axis
    out = norm(y, ord=ord, axis=along)
    if keepdims:
        kept = range(nd) if axis is None else \
            [normalize_axis(a, nd) + nd for a in (axis if isinstance(axis, tuple) else (axis,))]
        for i in kept:
            old[i] = 1
        out = reshape(out, tuple(old))
    return out


def outer(x1, x2, /):
    """``numpy.linalg.outer``: the outer product of two 1-D arrays.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.outer(np.array([1.0, 2.0]), np.array([3.0])).shape
        (2, 1)
    """
    x1, x2 = as_operand(x1), as_operand(x2)
    if ndim(x1) != 1 or ndim(x2) != 1:
        raise ValueError(f"Input arrays must be one-dimensional, but they are x1.ndim={ndim(x1)} "
                         f"and x2.ndim={ndim(x2)}.")
    return _outer(x1, x2)


def cross(x1, x2, /, *, axis=-1):
    """``numpy.linalg.cross``: the cross product of 3-vectors along `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.cross(np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0]))
        array([1., 0., 0.])
    """
    x1, x2 = as_operand(x1), as_operand(x2)
    if shape(x1)[axis] != 3 or shape(x2)[axis] != 3:
        raise ValueError(f"Both input arrays must be (arrays of) 3-dimensional vectors, but they "
                         f"are {shape(x1)[axis]} and {shape(x2)[axis]} dimensional instead.")
    return _cross(x1, x2, axis=axis)


def diagonal(x, /, *, offset=0):
    """``numpy.linalg.diagonal``: the `offset` diagonal of the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.diagonal(np.arange(4.0).reshape(2, 2))
        array([0., 3.])
    """
    return _diagonal(as_operand(x), offset, axis1=-2, axis2=-1)


def tensordot(x1, x2, /, *, axes=2):
    """``numpy.linalg.tensordot``: `numpy.tensordot` with keyword `axes`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.linalg.tensordot(np.ones((2, 3)), np.ones((2, 3))))
        6.0
    """
    return _tensordot(as_operand(x1), as_operand(x2), axes=axes)
