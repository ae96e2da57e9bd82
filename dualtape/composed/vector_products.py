"""NumPy 2's vector and matrix products over the last axes: ``vecdot``,
``matvec``, ``vecmat`` and ``matrix_transpose`` (also under ``numpy.linalg``).

Each is one ``einsum`` (or a ``swapaxes``) with NumPy's broadcasting of the
leading axes; ``vecdot`` and ``vecmat`` conjugate their first argument, as
NumPy does (on real values that is the identity).
"""
import numpy as np

from ..core.arrays import shape, ndim
from ..core.box import raw
from ..rules.einsum import einsum
from ..rules.elementwise_more import conj
from ..rules.shapes import moveaxis, swapaxes
from .positions import as_operand

__all__ = ["vecdot", "matvec", "vecmat", "matrix_transpose"]


def _check_last(a, b, who, ia=-1, ib=-1):
    if ndim(a) < 1 or ndim(b) < 1 or shape(a)[ia] != shape(b)[ib]:
        raise ValueError(f"{who}: the core dimensions do not match: shapes {shape(a)} and "
                         f"{shape(b)}")


def _logical(x1, x2):
    """Both operands boolean: NumPy's product is then a logical one (or of ands), a boolean
    with no derivative, where a sum of products would count."""
    return np.result_type(raw(x1)) == np.result_type(raw(x2)) == np.bool_


def vecdot(x1, x2, /, *, axis=-1):
    """``numpy.vecdot``: ``Σ conj(x1)·x2`` over `axis`, the other axes broadcast.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.vecdot(a, np.array([1.0, 2.0])))(np.zeros(2))
        array([1., 2.])
    """
    x1, x2 = as_operand(x1), as_operand(x2)
    x1, x2 = moveaxis(x1, axis, -1), moveaxis(x2, axis, -1)
    _check_last(x1, x2, "vecdot")
    if _logical(x1, x2):
        return np.vecdot(raw(x1), raw(x2))
    return einsum("...i,...i->...", conj(x1), x2)


def matvec(x1, x2, /):
    """``numpy.matvec``: matrices (last two axes of `x1`) times vectors (last axis of `x2`).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.matvec(np.eye(2) * 3.0, np.array([1.0, 2.0]))
        array([3., 6.])
    """
    x1, x2 = as_operand(x1), as_operand(x2)
    if ndim(x1) < 2:
        raise ValueError(f"matvec: the matrix operand has shape {shape(x1)}; it needs 2 axes")
    _check_last(x1, x2, "matvec")
    return einsum("...ij,...j->...i", x1, x2)


def vecmat(x1, x2, /):
    """``numpy.vecmat``: conjugated vectors (last axis of `x1`) times matrices (`x2`).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.vecmat(np.array([1.0, 2.0]), np.eye(2) * 3.0)
        array([3., 6.])
    """
    x1, x2 = as_operand(x1), as_operand(x2)
    if ndim(x2) < 2:
        raise ValueError(f"vecmat: the matrix operand has shape {shape(x2)}; it needs 2 axes")
    _check_last(x1, x2, "vecmat", -1, -2)
    if _logical(x1, x2):
        return np.vecmat(raw(x1), raw(x2))
    return einsum("...j,...jk->...k", conj(x1), x2)


def matrix_transpose(x, /):
    """``numpy.matrix_transpose``: the last two axes swapped.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.matrix_transpose(np.ones((4, 2, 3))).shape
        (4, 3, 2)
    """
    x = as_operand(x)
    if ndim(x) < 2:
        raise ValueError(f"matrix_transpose: input array must be at least 2-dimensional, got "
                         f"shape {shape(x)}")
    return swapaxes(x, -1, -2)
