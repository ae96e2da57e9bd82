"""Sequences along an axis: ``diff`` (repeated ``a[1:] - a[:-1]``, after
``prepend``/``append``) and ``linspace``, differentiable in its endpoints.

Both are compositions of ``getitem``, ``concatenate``, ``where`` and
arithmetic, so their derivatives are those entries' rules.
"""
import operator

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axis
from ..rules.casting import astype
from ..rules.elementwise import where
from ..rules.indexing import getitem
from ..rules.shapes import concatenate, moveaxis
from .array_helpers import as_array, along, block_like

__all__ = ["diff", "linspace"]


def _edge_block(value, like, ax):
    """`value` as a block to concatenate to `like` along `ax` (a scalar
    becomes one slab, as in NumPy's ``diff(prepend=...)``)."""
    value = as_array(value)
    return block_like(value, like, ax, 1) if ndim(value) == 0 else value


def diff(a, n=1, axis=-1, prepend=None, append=None):
    """``numpy.diff``: the `n`-th forward difference along `axis`, after
    concatenating `prepend`/`append` (NumPy's definition: repeated
    ``a[1:] - a[:-1]``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.diff(np.array([1.0, 4.0, 9.0, 16.0]), n=2)
        array([2., 2.])
    """
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"diff: order must be non-negative but got {n}")
    a = as_array(a)
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
        a = getitem(a, along(ax, slice(1, None))) - getitem(a, along(ax, slice(None, -1)))
    return a


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``numpy.linspace``, differentiable in `start` and `stop` (which may be
    arrays that broadcast): ``start + i * (stop - start) / div``, with the last
    sample exactly `stop` when `endpoint` is true.

    Example:
        >>> import dualtape as dt
        >>> float(dt.gradient(lambda b: dt.numpy.linspace(0.0, b, 5).sum())(2.0))
        2.5
    """
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"linspace: Number of samples, {num}, must be non-negative.")
    div = num - 1 if endpoint else num
    # NumPy's type: that of the endpoints and a float (float32 endpoints stay float32)
    # (a Python number is weak in it, as in NumPy; a list is read as an array first)
    start, stop = (v if type(raw(v)) in (int, float, complex, bool) else as_array(v)
                   for v in (start, stop))
    kind = np.result_type(raw(start), raw(stop), float(num))
    start, stop = (v if np.result_type(raw(v)) == kind else astype(v, kind)
                   for v in (as_array(start), as_array(stop)))
    rank = len(np.broadcast_shapes(shape(start), shape(stop)))
    steps = np.arange(num, dtype=np.finfo(kind).dtype).reshape((num,) + (1,) * rank)
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
