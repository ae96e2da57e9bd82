"""``unique`` and NumPy 2's ``unique_values``, ``unique_counts``,
``unique_inverse`` and ``unique_all`` on dualtape values.

The values found are entries of the input, so each is gathered from the
entry NumPy's ``return_index`` names (the first occurrence): that entry gets
the derivative and its repeats get none.  The indices, inverse indices and
counts are integers, computed by NumPy on the plain values.
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.arrays import ndim
from ..rules.indexing import getitem
from ..rules.shapes import ravel
from .positions import as_operand, holds_box
from .selection import take

__all__ = ["unique", "unique_values", "unique_counts", "unique_inverse", "unique_all"]

UniqueAllResult = collections.namedtuple("UniqueAllResult",
                                         ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = collections.namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = collections.namedtuple("UniqueInverseResult", ["values", "inverse_indices"])


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):
    """``numpy.unique``: the distinct values (rows along `axis`), each gathered from its
    first occurrence; the optional indices, inverse and counts are NumPy's.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.unique(x).sum())(np.array([2.0, 1.0, 2.0]))
        array([1., 1., 0.])
    """
    if not holds_box(ar):
        return np.unique(ar, return_index, return_inverse, return_counts, axis,
                         equal_nan=equal_nan, sorted=sorted)
    ar = as_operand(ar)
    found = np.unique(np.asarray(raw(ar)), True, return_inverse, return_counts, axis,
                      equal_nan=equal_nan, sorted=True)
    first = found[1]
    values = take(ravel(ar), first) if axis is None or ndim(ar) <= 1 else take(ar, first, axis)
    if not (return_index or return_inverse or return_counts):
        return values
    extras = found[1:] if return_index else found[2:]
    return (values, *extras)


def _first_positions(flat, values):
    """The position in `flat` of the first occurrence of each of `values` (each NaN of
    `values` taking the next NaN position of `flat`)."""
    distinct, first = np.unique(flat, return_index=True, equal_nan=False)
    out = np.empty(values.shape, dtype=np.intp)
    nan = np.isnan(values) if np.issubdtype(values.dtype, np.inexact) else np.zeros(values.shape, bool)
    numbers = ~np.isnan(distinct) if np.issubdtype(distinct.dtype, np.inexact) else \
        np.ones(distinct.shape, bool)
    out[~nan] = first[numbers][np.searchsorted(distinct[numbers], values[~nan])]
    out[nan] = first[~numbers][:int(nan.sum())]
    return out


def unique_values(x):
    """``numpy.unique_values``: the distinct values, in NumPy's order, each gathered from
    its first occurrence.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.unique_values(x).sum())(np.array([2.0, 2.0]))
        array([1., 0.])
    """
    if not holds_box(x):
        return np.unique_values(x)
    x = as_operand(x)
    flat = np.asarray(raw(x)).ravel()
    values = np.unique_values(flat)
    return getitem(ravel(x), (_first_positions(flat, values),))


def _all(x):
    """The values, first indices, inverse indices (shaped like x) and counts of a dualtape x."""
    values, index, inverse, counts = unique(x, True, True, True, equal_nan=False)
    return values, index, inverse.reshape(np.shape(raw(as_operand(x)))), counts


def _numpy_2_unique(np_fn, result, what, field, shown):
    """NumPy 2's `np_fn` (one of unique_counts, unique_inverse, unique_all): its
    `result` fields taken from `_all` on dualtape values."""
    fields = ("values", "indices", "inverse_indices", "counts")

    def fn(x):
        if not holds_box(x):
            return np_fn(x)
        found = dict(zip(fields, _all(x)))
        return result(*[found[f] for f in result._fields])
    fn.__name__ = fn.__qualname__ = np_fn.__name__
    fn.__doc__ = f"""``numpy.{np_fn.__name__}``: the distinct values and {what}.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{np_fn.__name__}(np.array([2.0, 1.0, 2.0])).{field}
        {shown}
    """
    return fn


unique_counts = _numpy_2_unique(np.unique_counts, UniqueCountsResult, "how often each occurs",
                                "counts", "array([1, 2])")
unique_inverse = _numpy_2_unique(np.unique_inverse, UniqueInverseResult,
                                 "where each entry of `x` is among them", "inverse_indices",
                                 "array([1, 0, 1])")
unique_all = _numpy_2_unique(np.unique_all, UniqueAllResult,
                             "their first indices, inverse indices and counts", "indices",
                             "array([1, 0])")
