"""Array manipulation NumPy builds from slicing, indexing and concatenation:
stacking, splitting, tiling, flipping, rolling, padding, diagonals, triangles,
gathering, sorting, differences and ``linspace`` in its endpoints.

Every function here is a composition of table entries (``getitem`` and its
scatter-add adjoint, ``concatenate``, ``reshape``, ``broadcast_to``,
``transpose``, ``where``, arithmetic), mostly following the way NumPy itself
defines them.  Their derivatives are therefore those entries' rules: a
gather's adjoint accumulates repeated indices, which is what folds ``pad``'s
edge and reflect padding back and sums ``repeat``'s and ``take``'s copies.
Integer index arrays are computed on plain values: they carry no derivative.

``split`` and its relatives return a list of ``getitem`` slices rather than
one multiple-results primitive: each piece is then an ordinary value whose
adjoint is a slice scatter run only when that piece is used.
"""
import operator

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis, is_box

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack", "dstack",
           "column_stack", "split", "array_split", "hsplit", "vsplit", "tile", "repeat",
           "flip", "fliplr", "flipud", "roll", "rot90", "pad", "diag", "diagonal", "triu",
           "tril", "take", "take_along_axis", "sort", "argsort", "argmax", "argmin", "diff",
           "append", "linspace"]


def _array(x):
    """Boxes as they are; anything else as a NumPy array."""
    return x if is_box(x) else np.asarray(x)


def _along(axis, index):
    """An index tuple that applies `index` at the non-negative `axis`."""
    return (slice(None),) * axis + (index,)


def _int_indices(indices, who):
    idx = np.asarray(raw(indices))
    if idx.size == 0 and idx.dtype != np.intp:
        idx = idx.astype(np.intp)
    if not np.issubdtype(idx.dtype, np.integer):
        raise IndexError(f"{who}: indices must be integers, got dtype {idx.dtype}")
    return idx


# --- atleast_nd ---------------------------------------------------------------------------

def _one_or_tuple(results):
    return results[0] if len(results) == 1 else tuple(results)


def _at_least(a, nd):
    from ..rules.shapes import reshape
    a = _array(a)
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
    from ..rules.shapes import concatenate
    arrs = [_at_least(a, 1) for a in tup]
    return concatenate(arrs, axis=0 if arrs and ndim(arrs[0]) == 1 else 1)


def vstack(tup):
    """``numpy.vstack``: concatenate along axis 0 after ``atleast_2d``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.vstack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    from ..rules.shapes import concatenate
    return concatenate([_at_least(a, 2) for a in tup], axis=0)


def dstack(tup):
    """``numpy.dstack``: concatenate along axis 2 after ``atleast_3d``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.dstack([np.ones(2), np.zeros(2)]).shape
        (1, 2, 2)
    """
    from ..rules.shapes import concatenate
    return concatenate([_at_least(a, 3) for a in tup], axis=2)


def column_stack(tup):
    """``numpy.column_stack``: 1-D arrays become columns, then concatenate
    along axis 1.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.column_stack([np.ones(3), np.zeros(3)]).shape
        (3, 2)
    """
    from ..rules.shapes import concatenate, reshape
    cols = []
    for a in tup:
        a = _array(a)
        if ndim(a) < 2:
            a = reshape(a, (-1, 1))
        cols.append(a)
    return concatenate(cols, axis=1)


# --- splitting ----------------------------------------------------------------------------

def _split_at(ary, bounds, axis):
    from ..rules.indexing import getitem
    return [getitem(ary, _along(axis, slice(lo, hi))) for lo, hi in zip(bounds[:-1], bounds[1:])]


def array_split(ary, indices_or_sections, axis=0):
    """``numpy.array_split``: a list of slices along `axis`; an int gives that
    many pieces, the first ``n % sections`` one element longer.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> [p.shape for p in dt.numpy.array_split(np.ones(5), 3)]
        [(2,), (2,), (1,)]
    """
    ary = _array(ary)
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
        ary = _array(ary)
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
    ary = _array(ary)
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
    ary = _array(ary)
    if ndim(ary) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


# --- tile / repeat ------------------------------------------------------------------------

def tile(A, reps):
    """``numpy.tile``: `A` repeated `reps` times along each axis (a reshape that
    interleaves unit axes, a ``broadcast_to`` and a reshape; the adjoint sums
    the copies).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.tile(np.array([1.0, 2.0]), (2, 2))
        array([[1., 2., 1., 2.],
               [1., 2., 1., 2.]])
    """
    from ..rules.shapes import reshape, broadcast_to
    A = _array(A)
    reps = tuple(int(r) for r in np.atleast_1d(reps))
    s = shape(A)
    s = (1,) * (len(reps) - len(s)) + s
    reps = (1,) * (len(s) - len(reps)) + reps
    if any(r < 0 for r in reps):
        raise ValueError(f"tile: negative repetitions {reps}")
    spread = reshape(A, tuple(n for k in s for n in (1, k)))
    spread = broadcast_to(spread, tuple(n for r, k in zip(reps, s) for n in (r, k)))
    return reshape(spread, tuple(r * k for r, k in zip(reps, s)))


def repeat(a, repeats, axis=None):
    """``numpy.repeat``: each element repeated (per-element counts allowed);
    ``axis=None`` works on the flattened array (a gather; the adjoint sums the
    copies).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.repeat(x, [1, 3]).sum())(np.ones(2))
        array([1., 3.])
    """
    from ..rules.shapes import ravel
    from ..rules.indexing import getitem
    a = _array(a)
    if axis is None:
        a, axis = ravel(a), 0
    ax = normalize_axis(axis, ndim(a)) + ndim(a)
    idx = np.repeat(np.arange(shape(a)[ax]), _int_indices(repeats, "repeat"))
    return getitem(a, _along(ax, idx))


# --- flips, rolls, rotations ----------------------------------------------------------------

def flip(m, axis=None):
    """``numpy.flip``: reverse the order of elements along `axis` (all axes
    when None); a reversed slice.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.flip(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1)
        array([[2., 1.],
               [4., 3.]])
    """
    from ..rules.indexing import getitem
    m = _array(m)
    nd = ndim(m)
    axes = normalize_axes(axis, nd)
    if not axes:
        return m
    index = [slice(None)] * nd
    for ax in axes:
        index[ax + nd] = slice(None, None, -1)
    return getitem(m, tuple(index))


def fliplr(m):
    """``numpy.fliplr``: ``flip(m, axis=1)`` for arrays of 2 or more dimensions.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fliplr(np.array([[1.0, 2.0]]))
        array([[2., 1.]])
    """
    if ndim(m) < 2:
        raise ValueError("fliplr: Input must be >= 2-d.")
    return flip(m, 1)


def flipud(m):
    """``numpy.flipud``: ``flip(m, axis=0)``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.flipud(np.array([1.0, 2.0]))
        array([2., 1.])
    """
    if ndim(m) < 1:
        raise ValueError("flipud: Input must be >= 1-d.")
    return flip(m, 0)


def roll(a, shift, axis=None):
    """``numpy.roll``: elements shifted cyclically along `axis` (the flattened
    array when None); shifts and axes may be paired sequences.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.roll(np.arange(4.0), 1)
        array([3., 0., 1., 2.])
    """
    from ..rules.shapes import ravel, reshape
    from ..rules.indexing import getitem
    a = _array(a)
    if axis is None:
        return reshape(roll(ravel(a), shift, 0), shape(a))
    nd = ndim(a)
    shifts = {}
    for s, ax in np.broadcast(np.asarray(shift), np.asarray(axis)):
        ax = normalize_axis(int(ax), nd) + nd
        shifts[ax] = shifts.get(ax, 0) + int(s)
    for ax, s in sorted(shifts.items()):
        n = shape(a)[ax]
        if n and s % n:
            a = getitem(a, _along(ax, (np.arange(n) - s) % n))
    return a


def rot90(m, k=1, axes=(0, 1)):
    """``numpy.rot90``: rotate by 90° `k` times in the plane of `axes`, from
    the first axis towards the second (NumPy's definition: a flip and a
    transpose).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.rot90(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[2., 4.],
               [1., 3.]])
    """
    from ..rules.shapes import transpose
    m = _array(m)
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("rot90: len(axes) must be 2.")
    nd = ndim(m)
    a0, a1 = normalize_axis(axes[0], nd) + nd, normalize_axis(axes[1], nd) + nd
    if a0 == a1:
        raise ValueError("rot90: Axes must be different.")
    k = int(k) % 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, a0), a1)
    perm = list(range(nd))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return transpose(flip(m, a1), perm)
    return flip(transpose(m, perm), a1)


# --- pad ----------------------------------------------------------------------------------------

def _pad_pairs(pad_width, nd):
    pw = np.asarray(pad_width)
    if not np.issubdtype(pw.dtype, np.integer):
        raise TypeError("pad: `pad_width` must be of integral type.")
    try:
        pw = np.broadcast_to(pw, (nd, 2))
    except ValueError:
        raise ValueError(f"pad: pad_width {pad_width!r} cannot be broadcast to ({nd}, 2)") from None
    if (pw < 0).any():
        raise ValueError("pad: index can't contain negative values")
    return [(int(b), int(e)) for b, e in pw]


def _gather_index(mode, n, before, after):
    """Source positions for the padded axis ``-before .. n + after - 1``."""
    i = np.arange(-before, n + after)
    if mode == "edge":
        return np.clip(i, 0, n - 1)
    if mode == "wrap":
        return i % n
    if mode == "symmetric":
        j = i % (2 * n)
        return np.where(j >= n, 2 * n - 1 - j, j)
    if n == 1:                                    # reflect about a single element
        return np.zeros_like(i)
    period = 2 * (n - 1)
    j = i % period
    return np.where(j >= n, period - j, j)


def _block(value, like, ax, width):
    """`value` broadcast to `like`'s shape with `width` along `ax`."""
    from ..rules.shapes import broadcast_to
    s = list(shape(like))
    s[ax] = width
    return broadcast_to(value, tuple(s))


def pad(array, pad_width, mode="constant", constant_values=0, reflect_type="even"):
    """``numpy.pad`` with modes ``constant``, ``edge``, ``reflect``,
    ``symmetric`` and ``wrap``.  Constant padding concatenates blocks of the
    constant (differentiable in a scalar `constant_values` too); the other
    modes gather, so the adjoint folds the padding back onto the elements it
    copied.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.pad(x, 2, mode="edge").sum())(np.ones(3))
        array([3., 1., 3.])
    """
    from ..rules.shapes import concatenate
    from ..rules.indexing import getitem
    array = _array(array)
    nd = ndim(array)
    pairs = _pad_pairs(pad_width, nd)
    if mode == "constant":
        if is_box(constant_values):
            if ndim(constant_values) != 0:
                raise ValueError("pad: a differentiable constant_values must be a scalar")
            values = [(constant_values, constant_values)] * nd
        else:
            dtype = np.result_type(raw(array))
            values = np.broadcast_to(np.asarray(constant_values).astype(dtype), (nd, 2))
        x = array
        for ax, (before, after) in enumerate(pairs):
            if not before and not after:
                continue
            parts = [x]
            if before:
                parts.insert(0, _block(values[ax][0], x, ax, before))
            if after:
                parts.append(_block(values[ax][1], x, ax, after))
            x = concatenate(parts, axis=ax)
        return x
    if mode not in ("edge", "reflect", "symmetric", "wrap"):
        raise ValueError(f"pad: mode {mode!r} is not supported; use 'constant', 'edge', 'reflect', "
                         f"'symmetric' or 'wrap'")
    if reflect_type != "even":
        raise ValueError("pad: only reflect_type='even' is supported")
    x = array
    for ax, (before, after) in enumerate(pairs):
        if not before and not after:
            continue
        n = shape(x)[ax]
        if n == 0:
            raise ValueError(f"pad: can't extend empty axis {ax} using modes other than 'constant'")
        x = getitem(x, _along(ax, _gather_index(mode, n, before, after)))
    return x


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
    from ..rules.shapes import moveaxis
    from ..rules.indexing import getitem
    a = _array(a)
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
    from ..rules.indexing import scatter_add
    v = _array(v)
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
    from ..rules.elementwise import where
    m = _array(m)
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
    from ..rules.shapes import ravel
    from ..rules.indexing import getitem
    a = _array(a)
    if axis is None:
        a, axis = ravel(a), 0
    ax = normalize_axis(axis, ndim(a)) + ndim(a)
    idx = _int_indices(indices, "take")
    n = shape(a)[ax]
    if mode == "wrap":
        idx = idx % n
    elif mode == "clip":
        idx = np.clip(idx, 0, n - 1)
    elif mode != "raise":
        raise ValueError(f"take: mode must be 'raise', 'wrap' or 'clip', got {mode!r}")
    return getitem(a, _along(ax, int(idx) if idx.ndim == 0 else idx))


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
    from ..rules.shapes import ravel
    from ..rules.indexing import getitem
    arr = _array(arr)
    idx = _int_indices(indices, "take_along_axis")
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
    from ..rules.shapes import ravel
    if order is not None:
        raise ValueError("sort: `order` (structured arrays) is not supported")
    a = _array(a)
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


# --- differences, appending, linspace -----------------------------------------------------------

def _edge_block(value, like, ax):
    """`value` as a block to concatenate to `like` along `ax` (a scalar
    becomes one slab, as in NumPy's ``diff(prepend=...)``)."""
    from ..rules.shapes import broadcast_to
    value = _array(value)
    if ndim(value) == 0:
        s = list(shape(like))
        s[ax] = 1
        value = broadcast_to(value, tuple(s))
    return value


def diff(a, n=1, axis=-1, prepend=None, append=None):
    """``numpy.diff``: the `n`-th forward difference along `axis`, after
    concatenating `prepend`/`append` (NumPy's definition: repeated
    ``a[1:] - a[:-1]``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.diff(np.array([1.0, 4.0, 9.0, 16.0]), n=2)
        array([2., 2.])
    """
    from ..rules.shapes import concatenate
    from ..rules.indexing import getitem
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"diff: order must be non-negative but got {n}")
    a = _array(a)
    nd = ndim(a)
    if nd == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    ax = normalize_axis(axis, nd) + nd
    parts = []
    if prepend is not None:
        parts.append(_edge_block(prepend, a, ax))
    parts.append(a)
    if append is not None:
        parts.append(_edge_block(append, a, ax))
    if len(parts) > 1:
        a = concatenate(parts, axis=ax)
    for _ in range(n):
        a = getitem(a, _along(ax, slice(1, None))) - getitem(a, _along(ax, slice(None, -1)))
    return a


def append(arr, values, axis=None):
    """``numpy.append``: `values` concatenated after `arr` along `axis` (both
    flattened when None).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.append(np.ones((1, 2)), [3.0])
        array([1., 1., 3.])
    """
    from ..rules.shapes import concatenate, ravel
    arr, values = _array(arr), _array(values)
    if axis is None:
        arr, values, axis = ravel(arr), ravel(values), 0
    return concatenate([arr, values], axis=axis)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``numpy.linspace``, differentiable in `start` and `stop` (which may be
    arrays that broadcast): ``start + i * (stop - start) / div``, with the last
    sample exactly `stop` when `endpoint` is true.

    Example:
        >>> import dualtape as dt
        >>> float(dt.gradient(lambda b: dt.numpy.linspace(0.0, b, 5).sum())(2.0))
        2.5
    """
    from ..rules.elementwise import where
    from ..rules.shapes import moveaxis
    from ..rules.casting import astype
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"linspace: Number of samples, {num}, must be non-negative.")
    div = num - 1 if endpoint else num
    start, stop = _array(start), _array(stop)
    rank = len(np.broadcast_shapes(shape(start), shape(stop)))
    steps = np.arange(num, dtype=float).reshape((num,) + (1,) * rank)
    delta = stop - start
    if div > 0:
        step = delta / div
        y = steps * step + start
        if endpoint and num > 1:
            last = np.zeros(steps.shape, dtype=bool)
            last[-1] = True
            y = where(last, stop, y)
    else:
        step = np.nan
        y = steps * delta + start
    if axis != 0:
        y = moveaxis(y, 0, normalize_axis(axis, ndim(y)))
    if dtype is not None:
        if np.issubdtype(np.dtype(dtype), np.integer):
            y = np.floor(raw(y))
        y = astype(y, dtype)
    return (y, step) if retstep else y
