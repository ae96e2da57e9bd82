"""Rearranging the elements of an array: ``tile``, ``repeat``, ``flip``,
``fliplr``, ``flipud``, ``roll``, ``rot90`` and ``pad``.

Each is a composition of ``getitem`` (a gather, whose scatter-add adjoint
accumulates repeated indices), ``reshape``, ``broadcast_to``, ``transpose``
and ``concatenate``, mostly following the way NumPy itself defines them.  The
gather's adjoint is what folds ``pad``'s edge and reflect padding back and
sums ``repeat``'s copies.  Integer index arrays are computed on plain values:
they carry no derivative.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis, is_box
from ..rules.indexing import getitem
from ..rules.shapes import reshape, broadcast_to, concatenate, ravel, transpose
from .array_helpers import as_array, along, integer_counts, block_like

__all__ = ["tile", "repeat", "flip", "fliplr", "flipud", "roll", "rot90", "pad"]


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
    A = as_array(A)
    reps = tuple(int(r) for r in np.atleast_1d(integer_counts(reps, "tile")))
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
    a = as_array(a)
    if axis is None:
        a, axis = ravel(a), 0
    ax = normalize_axis(axis, ndim(a)) + ndim(a)
    idx = np.repeat(np.arange(shape(a)[ax]), integer_counts(repeats, "repeat"))
    return getitem(a, along(ax, idx))


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
    m = as_array(m)
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
    a = as_array(a)
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
            a = getitem(a, along(ax, (np.arange(n) - s) % n))
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
    m = as_array(m)
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
    array = as_array(array)
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
                parts.insert(0, block_like(values[ax][0], x, ax, before))
            if after:
                parts.append(block_like(values[ax][1], x, ax, after))
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
        x = getitem(x, along(ax, _gather_index(mode, n, before, after)))
    return x
