"""Indexing: ``x[index]`` (basic slices, integer arrays, boolean masks) and its
adjoint, a scatter-add that accumulates repeated indices.

Indices are static.  To carry a tangent's leading direction axes through an
arbitrary index, those axes are moved to the end, the index is applied with
full slices appended for them, and they are moved back to the front.
"""
import numpy as np

from ..core.box import raw, Box
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim, batch_ndim, float_dtype

__all__ = ["getitem", "scatter_add"]


def normalize_index(index, nd):
    """`index` as a tuple with its Ellipsis spelled out as full slices, and
    every array index as a raw NumPy array (so it can be hashed out of rules)."""
    if not isinstance(index, tuple):
        index = (index,)
    items = []
    for item in index:
        if isinstance(item, Box):
            item = raw(item)
            if not np.issubdtype(np.asarray(item).dtype, np.integer) and \
                    not np.issubdtype(np.asarray(item).dtype, np.bool_):
                raise IndexError("only integers, slices, None, Ellipsis and integer or boolean "
                                 "arrays are valid indices (a differentiable value was used as an index)")
        if isinstance(item, list):
            item = np.asarray(item)
            if item.size == 0:
                item = item.astype(np.intp)
        items.append(item)
    used = 0
    for item in items:
        if item is None or item is Ellipsis:
            continue
        if isinstance(item, np.ndarray) and item.dtype == np.bool_:
            used += max(item.ndim, 1)
        else:
            used += 1
    n_ellipsis = sum(1 for item in items if item is Ellipsis)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    out = []
    for item in items:
        if item is Ellipsis:
            out.extend([slice(None)] * max(nd - used, 0))
        else:
            out.append(item)
    return tuple(out)


def _with_directions_last(fn, t, nb, index, indexed_ndim):
    """Apply ``fn(t, index)`` to a tangent with `nb` leading direction axes:
    move them last, extend the index over them with full slices, move back."""
    from .shapes import transpose
    if nb == 0:
        return fn(t, index)
    nd = ndim(t)
    moved = transpose(t, tuple(range(nb, nd)) + tuple(range(nb)))
    rest = indexed_ndim - _consumed(index)
    res = fn(moved, index + (slice(None),) * rest + (slice(None),) * nb)
    rn = ndim(res)
    return transpose(res, tuple(range(rn - nb, rn)) + tuple(range(rn - nb)))


def _consumed(index):
    used = 0
    for item in index:
        if item is None:
            continue
        if isinstance(item, np.ndarray) and item.dtype == np.bool_:
            used += max(item.ndim, 1)
        else:
            used += 1
    return used


def _getitem_tangent(ts, out, x, index):
    t = ts[0]
    return _with_directions_last(lambda tt, i: bind(_getitem, tt, index=i), t,
                                 batch_ndim(t, x), index, ndim(x))


_getitem = defprimitive(
    "getitem", lambda x, index: x[index],
    _getitem_tangent,
    lambda g, out, x, index: (scatter_add(g, index, shape(x)),),
    static=("index",), linear=True,
    examples=lambda rng: [
        ((rng.standard_normal((4, 3)),), dict(index=(slice(1, None, 2), slice(None)))),
        ((rng.standard_normal((4, 3)),), dict(index=(np.array([0, 2, 2, 3]),))),
        ((rng.standard_normal((4, 3)),), dict(index=(np.array([[True, False, True]] * 4),))),
        ((rng.standard_normal((2, 3, 4)),), dict(index=(np.array([1, 0]), slice(None), np.array([3, 3])))),
        ((rng.standard_normal((3, 3)),), dict(index=(1, None, slice(None, None, -1)))),
    ])


def getitem(x, index):
    """``x[index]``: basic slicing, integer arrays and boolean masks.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.sum(x[[0, 0, 2]]))(np.ones(3))
        array([2., 0., 1.])
    """
    return bind(_getitem, x, index=normalize_index(index, ndim(x)))


def _scatter_impl(g, index, shape):
    # complex cotangents (of complex intermediates) keep their dtype
    out = np.zeros(shape, dtype=np.result_type(g) if np.iscomplexobj(g) else float_dtype(g))
    if _has_integer_array(index):
        np.add.at(out, index, g)
    else:
        out[index] += g            # basic slices and masks never repeat an element
    return out


def _has_integer_array(index):
    return any(isinstance(i, np.ndarray) and i.dtype != np.bool_ for i in index)


def _scatter_tangent(ts, out, g, index, shape):
    t = ts[0]
    nb = batch_ndim(t, g)
    if nb == 0:
        return scatter_add(t, index, shape)
    batch = _shape_of(t)[:nb]
    return _with_directions_last(
        lambda tt, i: bind(_scatter_add, tt, index=i, shape=shape + batch), t, nb,
        index, len(shape))


_shape_of = shape

_scatter_add = defprimitive(
    "scatter_add", _scatter_impl,
    _scatter_tangent,
    lambda ct, out, g, index, shape: (getitem(ct, index),),
    static=("index", "shape"), linear=True,
    examples=lambda rng: [
        ((rng.standard_normal((4, 3)),), dict(index=(np.array([0, 2, 2, 3]),), shape=(5, 3))),
        ((rng.standard_normal((2, 3)),), dict(index=(slice(None, None, 2),), shape=(4, 3))),
    ])


def scatter_add(values, index, shape):
    """Zeros of `shape` with `values` added at `index` (repeated indices accumulate).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.scatter_add(np.ones(3), [0, 0, 2], (3,))
        array([2., 0., 1.])
    """
    shape = tuple(shape)
    return bind(_scatter_add, values, index=normalize_index(index, len(shape)), shape=shape)
