"""Indexing: ``x[index]`` (basic slices, integer arrays, boolean masks) and its
adjoint, a scatter-add that accumulates repeated indices.

Indices are static.  Both entries are linear, registered by `deflinear` from
their adjoints.  A tangent's leading direction axes cannot simply get full
slices in front of the index (advanced indices separated by a slice would move
to the front of the result), so both entries take a static ``directions``
count: the implementation moves that many leading axes to the end, applies the
index (trailing axes are implicit full slices), and moves them back.  The
adjoints count a cotangent's leading batch axes among those directions.
"""
import numpy as np

from ..core.box import raw, Box
from ..core.dispatch import bind
from ..core.primitive import deflinear
from ..core.arrays import shape, ndim, float_dtype
from .helpers import cotangent_batch, read_only_copy
from .complex_values import accept_complex, HOLOMORPHIC

__all__ = ["getitem", "scatter_add"]


def normalize_index(index, nd):
    """`index` as a tuple with its Ellipsis spelled out as full slices, and
    every array index as a raw, read-only NumPy array of its own: the adjoint
    reads it later, and the caller may change their array in the meantime."""
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
        if isinstance(item, np.ndarray):
            item = read_only_copy(item)
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


def is_basic(index):
    """Whether a normalized `index` has only slices, integers and None: then the
    leading direction axes stay in front of the result, and full slices put in
    front of the index reach them with no moving of axes.

    Example:
        >>> is_basic((slice(1, None), 0, None)), is_basic((np.array([0, 1]),))
        (True, False)
    """
    return all(type(i) is slice or type(i) is int or i is None for i in index)


def _directions_last(x, directions):
    """`x` with its first `directions` axes moved to the end (raw NumPy)."""
    return np.moveaxis(x, range(directions), range(-directions, 0)) if directions else x


def _directions_first(x, directions):
    """Undo `_directions_last`."""
    return np.moveaxis(x, range(-directions, 0), range(directions)) if directions else x


def _more_directions(batch, x, index, directions=0, **params):
    """The params for a tangent with `batch` further leading direction axes."""
    return dict(params, index=index, directions=directions + len(batch))


def _getitem_impl(x, index, directions=0):
    if directions and is_basic(index):
        return x[(slice(None),) * directions + index]      # the same view, sooner
    return _directions_first(_directions_last(x, directions)[index], directions)


_getitem = deflinear(
    "getitem", _getitem_impl,
    lambda g, out, x, index, directions=0: (
        bind(_scatter_add, g, index=index, shape=shape(x)[directions:],
             directions=directions + len(cotangent_batch(g, out))),),
    batch_params=_more_directions, static=("index", "directions"), family="indexing",
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


def _scatter_impl(g, index, shape, directions=0):
    # complex cotangents (of complex intermediates) keep their dtype
    dtype = np.result_type(g) if np.iscomplexobj(g) else float_dtype(g)
    if directions and is_basic(index):
        # the directions stay in front: the scatter writes one contiguous block, not
        # an array with its directions last that is then read across its rows
        out = np.zeros(np.shape(g)[:directions] + tuple(shape), dtype=dtype)
        # g + 0 written straight into the block: what ``+=`` on the zeros gives
        # (0 + (-0) is +0), without reading the zeros back
        np.add(g, 0.0, out=out[(slice(None),) * directions + index])
        return out
    out = np.zeros(tuple(shape) + np.shape(g)[:directions], dtype=dtype)
    g = _directions_last(g, directions)
    if _has_integer_array(index):
        np.add.at(out, index, g)
    else:
        out[index] += g            # basic slices and masks never repeat an element
    return _directions_first(out, directions)


def _has_integer_array(index):
    return any(isinstance(i, np.ndarray) and i.dtype != np.bool_ for i in index)


_scatter_add = deflinear(
    "scatter_add", _scatter_impl,
    lambda ct, out, g, index, shape, directions=0: (
        bind(_getitem, ct, index=index, directions=directions + len(cotangent_batch(ct, out))),),
    batch_params=_more_directions, static=("index", "shape", "directions"), family="indexing",
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


# --- complex values: reading and adding at indices is complex-linear ------------------------
accept_complex(HOLOMORPHIC, _getitem, _scatter_add)
