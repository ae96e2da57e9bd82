"""Joining and splitting arrays as NumPy builds them from reshapes,
concatenation and slices: ``atleast_1d``/``2d``/``3d``, ``hstack``,
``vstack``, ``dstack``, ``column_stack``, ``append``, ``split``,
``array_split``, ``hsplit`` and ``vsplit``.

Their derivatives are those of ``reshape``, ``concatenate`` and ``getitem``.
``split`` and its relatives return a list of ``getitem`` slices rather than
one multiple-results primitive: each piece is then an ordinary value whose
adjoint is a slice scatter run only when that piece is used.
"""
import numpy as np

from ..core.arrays import shape, ndim, normalize_axis
from ..rules.indexing import getitem
from ..rules.shapes import reshape, concatenate, ravel
from .array_helpers import as_array, along

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack", "dstack", "column_stack",
           "append", "split", "array_split", "hsplit", "vsplit"]


# --- atleast_nd ---------------------------------------------------------------------------

def _one_or_tuple(results):
    return results[0] if len(results) == 1 else tuple(results)


def _at_least(a, nd):
    a = as_array(a)
    s = shape(a)
    if len(s) >= nd:
        return a
    if nd == 1:
        return reshape(a, (1,))
    if nd == 2:
        return reshape(a, (1,) * (2 - len(s)) + s)
    # NumPy's 3-d rule: () -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)
    return reshape(a, {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}[len(s)])


def atleast_1d(*arys):
    """``numpy.atleast_1d``: scalars become 1-element arrays (a reshape).

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.atleast_1d(3.0)
        array([3.])
    """
    return _one_or_tuple([_at_least(a, 1) for a in arys])


def atleast_2d(*arys):
    """``numpy.atleast_2d``: ``(n,)`` becomes ``(1, n)`` (a reshape).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.atleast_2d(np.ones(3)).shape
        (1, 3)
    """
    return _one_or_tuple([_at_least(a, 2) for a in arys])


def atleast_3d(*arys):
    """``numpy.atleast_3d``: ``(n,)`` becomes ``(1, n, 1)`` and ``(m, n)``
    becomes ``(m, n, 1)`` (a reshape).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.atleast_3d(np.ones((2, 3))).shape
        (2, 3, 1)
    """
    return _one_or_tuple([_at_least(a, 3) for a in arys])


# --- stacking -----------------------------------------------------------------------------

def hstack(tup):
    """``numpy.hstack``: concatenate along axis 1 (axis 0 for 1-D inputs).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.hstack([np.ones(2), np.zeros(1)])
        array([1., 1., 0.])
    """
    arrs = [_at_least(a, 1) for a in tup]
    return concatenate(arrs, axis=0 if arrs and ndim(arrs[0]) == 1 else 1)


def vstack(tup):
    """``numpy.vstack``: concatenate along axis 0 after ``atleast_2d``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.vstack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    return concatenate([_at_least(a, 2) for a in tup], axis=0)


def dstack(tup):
    """``numpy.dstack``: concatenate along axis 2 after ``atleast_3d``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.dstack([np.ones(2), np.zeros(2)]).shape
        (1, 2, 2)
    """
    return concatenate([_at_least(a, 3) for a in tup], axis=2)


def column_stack(tup):
    """``numpy.column_stack``: 1-D arrays become columns, then concatenate
    along axis 1.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.column_stack([np.ones(3), np.zeros(3)]).shape
        (3, 2)
    """
    cols = []
    for a in tup:
        a = as_array(a)
        if ndim(a) < 2:
            a = reshape(a, (-1, 1))
        cols.append(a)
    return concatenate(cols, axis=1)


# --- splitting ----------------------------------------------------------------------------

def _split_at(ary, bounds, axis):
    return [getitem(ary, along(axis, slice(lo, hi))) for lo, hi in zip(bounds[:-1], bounds[1:])]


def array_split(ary, indices_or_sections, axis=0):
    """``numpy.array_split``: a list of slices along `axis`; an int gives that
    many pieces, the first ``n % sections`` one element longer.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.array_split(np.ones(5), 3)]
        [(2,), (2,), (1,)]
    """
    ary = as_array(ary)
    ax = normalize_axis(axis, ndim(ary)) + ndim(ary)
    n = shape(ary)[ax]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("array_split: number sections must be larger than 0.")
        each, extra = divmod(n, sections)
        sizes = [each + 1] * extra + [each] * (sections - extra)
        bounds = [0] + list(np.cumsum(sizes))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    return _split_at(ary, bounds, ax)


def split(ary, indices_or_sections, axis=0):
    """``numpy.split``: like ``array_split``, but an int must divide the axis
    evenly; indices may leave empty pieces.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.tolist() for p in dt.numpy.split(np.arange(4.0), [1, 1])]
        [[0.0], [], [1.0, 2.0, 3.0]]
    """
    if isinstance(indices_or_sections, (int, np.integer)):
        ary = as_array(ary)
        n = shape(ary)[normalize_axis(axis, ndim(ary))]
        if indices_or_sections <= 0 or n % int(indices_or_sections):
            raise ValueError("split: array split does not result in an equal division")
    return array_split(ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    """``numpy.hsplit``: split along axis 1 (axis 0 for 1-D arrays).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.hsplit(np.ones((2, 4)), 2)]
        [(2, 2), (2, 2)]
    """
    ary = as_array(ary)
    if ndim(ary) == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ndim(ary) > 1 else 0)


def vsplit(ary, indices_or_sections):
    """``numpy.vsplit``: split along axis 0 of an array of 2 or more dimensions.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.vsplit(np.ones((4, 2)), [3])]
        [(3, 2), (1, 2)]
    """
    ary = as_array(ary)
    if ndim(ary) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


# --- appending ---------------------------------------------------------------------------

def append(arr, values, axis=None):
    """``numpy.append``: `values` concatenated after `arr` along `axis` (both
    flattened when None).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.append(np.ones((1, 2)), [3.0])
        array([1., 1., 3.])
    """
    arr, values = as_array(arr), as_array(values)
    if axis is None:
        arr, values, axis = ravel(arr), ravel(values), 0
    return concatenate([arr, values], axis=axis)
