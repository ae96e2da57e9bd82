"""Selecting elements: diagonals (``diagonal``, ``diag``), triangles
(``triu``, ``tril``), gathers (``take``, ``take_along_axis``) and sorting
(``sort``; ``argsort``, ``argmax`` and ``argmin``, which return plain integers).

Each is a composition of ``getitem`` and its scatter-add adjoint (so repeated
indices accumulate), ``scatter_add`` and ``where``.  Integer index arrays are
computed on plain values: they carry no derivative.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axis
from ..rules.complex_values import ORDERED, is_complex
from ..rules.elementwise import where
from ..rules.indexing import getitem, scatter_add
from ..rules.shapes import ravel, moveaxis
from .array_helpers import as_array, along, integer_indices

__all__ = ["diag", "diagonal", "triu", "tril", "take", "take_along_axis", "sort", "argsort",
           "argmax", "argmin"]


# --- diagonals and triangles ------------------------------------------------------------------

def diagonal(a, offset=0, axis1=0, axis2=1):
    """``numpy.diagonal``: the `offset` diagonal of the 2-D sub-arrays in the
    plane (`axis1`, `axis2`), appended as the last axis (a gather; the adjoint
    embeds the cotangent on that diagonal).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.diagonal(np.arange(6.0).reshape(2, 3), offset=1)
        array([1., 5.])
    """
    a = as_array(a)
    nd = ndim(a)
    if nd < 2:
        raise ValueError("diagonal: diag requires an array of at least two dimensions")
    a1, a2 = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    if a1 == a2:
        raise ValueError("diagonal: axis1 and axis2 cannot be the same")
    x = moveaxis(a, (a1, a2), (-2, -1))
    n, m = shape(x)[-2:]
    offset = int(offset)
    r0, c0 = max(-offset, 0), max(offset, 0)
    i = np.arange(max(0, min(n - r0, m - c0)))
    return getitem(x, (Ellipsis, i + r0, i + c0))


def diag(v, k=0):
    """``numpy.diag``: a 1-D `v` placed on diagonal `k` of a square matrix, or
    diagonal `k` of a 2-D `v` (a scatter, resp. a gather).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.diag(np.array([1.0, 2.0]), k=1)
        array([[0., 1., 0.],
               [0., 0., 2.],
               [0., 0., 0.]])
    """
    v = as_array(v)
    s = shape(v)
    k = int(k)
    if len(s) == 1:
        n = s[0] + abs(k)
        i = np.arange(s[0])
        return scatter_add(v, (i + max(-k, 0), i + max(k, 0)), (n, n))
    if len(s) == 2:
        return diagonal(v, k)
    raise ValueError("diag: Input must be 1- or 2-d.")


def _triangle(m, mask_of, who):
    m = as_array(m)
    s = shape(m)
    if len(s) == 0:
        raise ValueError(f"{who}: input must be at least 1-d")
    rows, cols = s[-2:] if len(s) >= 2 else (s[0], s[0])
    return where(mask_of(rows, cols), m, np.zeros((), dtype=np.result_type(raw(m))))


def tril(m, k=0):
    """``numpy.tril``: zero the elements above diagonal `k` of the last two
    axes (a 1-D input is broadcast to a square matrix, as in NumPy).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.tril(np.ones((2, 2)))
        array([[1., 0.],
               [1., 1.]])
    """
    return _triangle(m, lambda n, mm: np.tri(n, mm, int(k), dtype=bool), "tril")


def triu(m, k=0):
    """``numpy.triu``: zero the elements below diagonal `k` of the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.triu(np.ones((2, 2)))
        array([[1., 1.],
               [0., 1.]])
    """
    return _triangle(m, lambda n, mm: ~np.tri(n, mm, int(k) - 1, dtype=bool), "triu")


# --- gathering and sorting --------------------------------------------------------------------

def take(a, indices, axis=None, mode="raise"):
    """``numpy.take``: elements at integer `indices` along `axis` (the
    flattened array when None); repeated indices accumulate in the adjoint.
    `mode` ``"wrap"`` or ``"clip"`` maps out-of-range indices like NumPy.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.take(x, [2, 2, 0]).sum())(np.ones(3))
        array([1., 0., 2.])
    """
    a = as_array(a)
    if axis is None:
        a, axis = ravel(a), 0
    ax = normalize_axis(axis, ndim(a)) + ndim(a)
    idx = integer_indices(indices, "take")
    n = shape(a)[ax]
    if mode == "wrap":
        idx = idx % n
    elif mode == "clip":
        idx = np.clip(idx, 0, n - 1)
    elif mode != "raise":
        raise ValueError(f"take: mode must be 'raise', 'wrap' or 'clip', got {mode!r}")
    return getitem(a, along(ax, int(idx) if idx.ndim == 0 else idx))


def take_along_axis(arr, indices, axis=-1):
    """``numpy.take_along_axis``: gather along `axis` with an index array that
    broadcasts against `arr` in the other axes (``axis=None``: flattened).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = np.array([[3.0, 1.0], [0.0, 2.0]])
        >>> dt.numpy.take_along_axis(x, np.argsort(x, axis=1), axis=1)
        array([[1., 3.],
               [0., 2.]])
    """
    arr = as_array(arr)
    idx = integer_indices(indices, "take_along_axis")
    if axis is None:
        if idx.ndim != 1:
            raise ValueError("take_along_axis: when axis=None, `indices` must have a single dimension.")
        arr, axis = ravel(arr), 0
    nd = ndim(arr)
    if idx.ndim != nd:
        raise ValueError("take_along_axis: `indices` and `arr` must have the same number of dimensions")
    ax = normalize_axis(axis, nd) + nd
    index = tuple(idx if d == ax else
                  np.arange(shape(arr)[d]).reshape((1,) * d + (-1,) + (1,) * (nd - d - 1))
                  for d in range(nd))
    return getitem(arr, index)


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """``numpy.sort`` along `axis` (flattened when None); the derivative follows
    the sorting permutation (ties keep their original order).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.sort(x)[0])(np.array([3.0, 1.0, 2.0]))
        array([0., 1., 0.])
    """
    if order is not None:
        raise ValueError("sort: `order` (structured arrays) is not supported")
    if is_complex(a):
        raise TypeError(f"sort: {ORDERED.format(name='sort')}; got complex input "
                        f"({np.result_type(raw(a))})")
    a = as_array(a)
    if axis is None:
        a, axis = ravel(a), -1
    perm = np.argsort(raw(a), axis=axis, kind="stable")
    return take_along_axis(a, perm, axis)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """``numpy.argsort`` on the plain values: an integer array, no derivative.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.argsort(dt.Dual(np.array([3.0, 1.0, 2.0])))
        array([1, 2, 0])
    """
    return np.argsort(raw(a), axis=axis, kind=kind, order=order, stable=stable)


def argmax(a, axis=None, *, keepdims=False):
    """``numpy.argmax`` on the plain values: integers, no derivative.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> int(dt.numpy.argmax(dt.Dual(np.array([3.0, 5.0, 2.0]))))
        1
    """
    return np.argmax(raw(a), axis=axis, keepdims=keepdims)


def argmin(a, axis=None, *, keepdims=False):
    """``numpy.argmin`` on the plain values: integers, no derivative.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> int(dt.numpy.argmin(dt.Dual(np.array([3.0, 5.0, 2.0]))))
        2
    """
    return np.argmin(raw(a), axis=axis, keepdims=keepdims)
