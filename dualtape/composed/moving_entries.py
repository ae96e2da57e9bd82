"""NumPy functions that move entries without computing new ones: ``insert``,
``delete``, ``resize``, ``block``, ``choose``, ``select``, ``compress``,
``extract``, ``trim_zeros``, ``diagflat``, ``unstack``, ``dsplit``, ``rollaxis``
and ``broadcast_arrays``.

Where a box is among the operands, NumPy runs on positions and the result is
gathered (`positions.gather_by_position`), so the layout is NumPy's own and
each entry's derivative goes back to the entry it came from.  Plain operands
go straight to NumPy.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axis
from ..rules.indexing import getitem
from ..rules.shapes import broadcast_to, moveaxis, ravel
from .array_helpers import along
from .plain_values import plain
from .positions import gather_by_position, holds_box, as_operand
from .selection import diag, take_along_axis
from .stacking import split

__all__ = ["insert", "delete", "resize", "block", "choose", "select", "compress", "extract",
           "trim_zeros", "diagflat", "unstack", "dsplit", "rollaxis", "broadcast_arrays",
           "partition"]


def insert(arr, obj, values, axis=None):
    """``numpy.insert``: `values` inserted before the indices `obj` along `axis`
    (flattened when None); differentiable in `arr` and `values`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.insert(np.array([1.0, 2.0]), 1, dt.Dual(5.0, 1.0)).tangent
        array([0., 1., 0.])
    """
    obj = plain(obj)
    if not holds_box((arr, values)):
        return np.insert(arr, obj, values, axis)
    return gather_by_position(lambda a, v: np.insert(a, obj, v, axis), [arr, values],
                              dtype=np.result_type(raw(as_operand(arr))))


def delete(arr, obj, axis=None):
    """``numpy.delete``: `arr` without the entries at `obj` along `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.delete(x, 0).sum())(np.ones(3))
        array([0., 1., 1.])
    """
    obj = plain(obj)
    if not holds_box(arr):
        return np.delete(arr, obj, axis)
    return gather_by_position(lambda a: np.delete(a, obj, axis), [arr])


def resize(a, new_shape):
    """``numpy.resize``: `a` repeated (cycling through its entries) to fill `new_shape`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.resize(x, 5).sum())(np.ones(2))
        array([3., 2.])
    """
    new_shape = plain(new_shape)
    if not holds_box(a):
        return np.resize(a, new_shape)
    return gather_by_position(lambda p: np.resize(p, new_shape), [a])


def _leaves(nested):
    if type(nested) is list:
        return [leaf for item in nested for leaf in _leaves(item)]
    return [nested]


def _rebuild(nested, leaves):
    if type(nested) is list:
        return [_rebuild(item, leaves) for item in nested]
    return next(leaves)


def block(arrays):
    """``numpy.block``: one array assembled from nested lists of blocks.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([1.0, 2.0]), np.ones(2))
        >>> dt.numpy.block([[x, 0.0], [np.zeros(2), 1.0]]).tangent
        array([[1., 1., 0.],
               [0., 0., 0.]])
    """
    if not holds_box(arrays):
        return np.block(arrays)
    if type(arrays) is tuple:
        raise TypeError("block: arrays is a tuple. Only lists can be used to arrange blocks, "
                        "and np.block does not allow implicit conversion from tuple to ndarray.")
    leaves = _leaves(arrays)
    return gather_by_position(lambda *ps: np.block(_rebuild(arrays, iter(ps))), leaves)


def choose(a, choices, out=None, mode="raise"):
    """``numpy.choose``: entry i from ``choices[a[i]]`` (all broadcast together).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([1.0, 2.0]), np.ones(2))
        >>> dt.numpy.choose([0, 1], [x, np.zeros(2)]).tangent
        array([1., 0.])
    """
    if out is not None:
        raise TypeError("choose: `out=` writes in place; dualtape values are never written "
                        "into a NumPy array (use the returned value)")
    choices = list(choices) if type(choices) in (list, tuple) else choices
    if not holds_box(choices):
        return np.choose(plain(a), choices, mode=mode)
    index = np.asarray(plain(a))
    return gather_by_position(lambda *cs: np.choose(index, cs, mode=mode), choices)


def select(condlist, choicelist, default=0):
    """``numpy.select``: entries from the first choice whose condition holds, else `default`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([-1.0, 2.0]), np.ones(2))
        >>> dt.numpy.select([x < 0, x > 0], [-x, x * 3.0]).tangent
        array([-1.,  3.])
    """
    if not holds_box((list(choicelist), default)):
        return np.select([plain(c) for c in condlist], list(choicelist), default)
    conds = [np.asarray(plain(c)) for c in condlist]
    n = len(conds)
    return gather_by_position(lambda *cs: np.select(conds, list(cs[:n]), cs[n]),
                              [*choicelist, default])


def compress(condition, a, axis=None, out=None):
    """``numpy.compress``: the slices of `a` along `axis` where `condition` is true.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.compress([1, 0, 1], x).sum())(np.ones(3))
        array([1., 0., 1.])
    """
    if out is not None:
        raise TypeError("compress: `out=` writes in place; use the returned value")
    if not holds_box(a):
        return np.compress(plain(condition), a, axis)
    cond = np.asarray(plain(condition))
    return gather_by_position(lambda p: np.compress(cond, p, axis), [a])


def extract(condition, arr):
    """``numpy.extract``: the entries of `arr` where `condition` is non-zero, flattened.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([1.0, -2.0, 3.0]), np.ones(3))
        >>> dt.numpy.extract(x > 0, x).primal
        array([1., 3.])
    """
    if not holds_box(arr):
        return np.extract(plain(condition), arr)
    cond = np.asarray(plain(condition))
    return gather_by_position(lambda p: np.extract(cond, p), [arr])


def trim_zeros(filt, trim="fb", axis=None):
    """``numpy.trim_zeros``: `filt` without its leading and/or trailing zeros (a slice).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.trim_zeros(dt.Dual(np.array([0.0, 2.0, 0.0, 3.0, 0.0]), np.ones(5))).primal
        array([2., 0., 3.])
    """
    if not holds_box(filt):
        return np.trim_zeros(filt, trim, axis)
    stand_in = np.asarray(raw(filt)) != 0
    kept = np.trim_zeros(stand_in, trim, axis)     # a basic slice: a view of the stand-in
    start = (kept.__array_interface__["data"][0] - stand_in.__array_interface__["data"][0])
    first = np.unravel_index(start // stand_in.itemsize, stand_in.shape) if kept.size else \
        (0,) * stand_in.ndim
    index = tuple(slice(int(f), int(f) + n) for f, n in zip(first, kept.shape))
    return getitem(filt, index)


def diagflat(v, k=0):
    """``numpy.diagflat``: the flattened `v` on diagonal `k` of a square matrix.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.diagflat(np.array([[1.0, 2.0]]))
        array([[1., 0.],
               [0., 2.]])
    """
    if not holds_box(v):
        return np.diagflat(v, k)
    return diag(ravel(as_operand(v)), k)


def unstack(x, /, *, axis=0):
    """``numpy.unstack``: the slices of `x` along `axis`, as a tuple.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.unstack(np.ones((2, 3)), axis=1)]
        [(2,), (2,), (2,)]
    """
    if not holds_box(x):
        return np.unstack(x, axis=axis)
    x = as_operand(x)
    if ndim(x) == 0:
        raise ValueError("unstack: Input array must be at least 1-d.")
    ax = normalize_axis(axis, ndim(x)) + ndim(x)
    return tuple(getitem(x, along(ax, i)) for i in range(shape(x)[ax]))


def dsplit(ary, indices_or_sections):
    """``numpy.dsplit``: split along the third axis (arrays of 3 or more dimensions).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.dsplit(np.ones((1, 2, 4)), 2)]
        [(1, 2, 2), (1, 2, 2)]
    """
    if ndim(ary) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(as_operand(ary), indices_or_sections, 2)


def rollaxis(a, axis, start=0):
    """``numpy.rollaxis``: move `axis` back until it lies before position `start`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.rollaxis(np.ones((3, 4, 5)), 2).shape
        (5, 3, 4)
    """
    if not holds_box(a):
        return np.rollaxis(a, axis, start)
    nd = ndim(a)
    axis = normalize_axis(axis, nd) + nd
    if start < 0:
        start += nd
    if not 0 <= start < nd + 1:
        raise np.exceptions.AxisError(f"rollaxis: start={start} is out of bounds for {nd} axes")
    if axis < start:
        start -= 1
    if axis == start:
        return a
    return moveaxis(a, axis, start)


def broadcast_arrays(*args, subok=False):
    """``numpy.broadcast_arrays``: the arguments broadcast against each other.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.broadcast_arrays(np.ones(3), dt.Dual(1.0, 1.0))]
        [(3,), (3,)]
    """
    if not holds_box(args):
        return np.broadcast_arrays(*args, subok=subok)
    ops = [as_operand(a) for a in args]
    target = np.broadcast_shapes(*[shape(a) for a in ops])
    return tuple(broadcast_to(a, target) for a in ops)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """``numpy.partition``: the `kth` entries in sorted position, smaller ones before and
    larger ones after (NumPy's arrangement: the gather of ``argpartition``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.partition(x, 1)[1])(np.array([3.0, 1.0, 2.0]))
        array([0., 0., 1.])
    """
    kth = plain(kth)
    if not holds_box(a):
        return np.partition(a, kth, axis, kind, order)
    a = as_operand(a)
    if axis is None:
        a, axis = ravel(a), -1
    return take_along_axis(a, np.argpartition(raw(a), kth, axis, kind, order), axis)
