"""Statistics composed from table entries, with no rules of their own:
``average``, ``ptp``, ``nanmean`` and ``percentile``.

Their derivatives are those of the entries they are built from (``sum``,
``mean``, ``max``/``min``, ``nansum``, ``quantile``), so they follow the
same conventions: ties share the derivative, NaN entries get zero.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.box import Box, raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis
from ..rules.reduction_helpers import keepdims_shape, reduced_count
from ..rules.reductions import sum as _sum, mean as _mean, max as _max, min as _min
from ..rules.shapes import reshape, broadcast_to, transpose
from ..rules.statistics import quantile, percent_as_fraction
from .nan_statistics import nansum, working_dtype, counts_in
from .signatures import mean

__all__ = ["average", "ptp", "nanmean", "percentile"]


def ptp(a, axis=None, out=None, keepdims=False):
    """``numpy.ptp``: max − min over `axis` (ties share the derivative, as in max and min).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.ptp(x))(np.array([1.0, 4.0, 2.0]))
        array([-1.,  1.,  0.])
    """
    reject_out(out, "ptp")
    return _max(a, axis=axis, keepdims=keepdims) - _min(a, axis=axis, keepdims=keepdims)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """``numpy.average``: the weighted mean Σ w·a / Σ w, differentiable in `a` and `weights`.

    `weights` has `a`'s shape, or the shape of `a` along `axis` (as in NumPy).
    With ``returned=True`` the pair (average, sum of weights) is returned.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda w: dt.numpy.average(np.array([1.0, 3.0]), weights=w))(np.array([1.0, 1.0]))
        array([-0.5,  0.5])
    """
    nd = ndim(a)
    axes = normalize_axes(axis, nd)
    if weights is None:
        avg = _mean(a, axis=axes, keepdims=keepdims)
        if returned:
            count = float(reduced_count(shape(a), axes))
            return avg, np.full(shape(avg), count) if shape(avg) else count
        return avg
    w = _weights_like(weights, a, axis, axes)
    scl = _sum(broadcast_to(w, shape(a)), axis=axes, keepdims=keepdims)
    if np.any(np.asarray(raw(scl)) == 0.0):
        raise ZeroDivisionError("average: weights sum to zero, can't be normalized")
    avg = _sum(a * w, axis=axes, keepdims=keepdims) / scl
    if returned:
        return avg, broadcast_to(scl, shape(avg))
    return avg


def _weights_like(weights, a, axis, axes):
    """`weights` arranged to broadcast against `a` (NumPy's rule: the same shape as
    `a`, or the shape of `a` along `axis`, in the order `axis` lists them)."""
    ashape, wshape = shape(a), shape(weights)
    if wshape == ashape:
        return weights
    if axis is None:
        raise TypeError("average: axis must be specified when shapes of a and weights differ")
    nd = len(ashape)
    order = [normalize_axis(ax, nd) for ax in (axis if isinstance(axis, (tuple, list)) else (axis,))]
    if wshape != tuple(ashape[ax] for ax in order):
        raise ValueError(f"average: shape of weights {wshape} must match the shape of a "
                         f"{ashape} along axis {axis}")
    if order != sorted(order):
        weights = transpose(weights, tuple(int(i) for i in np.argsort(order)))
    others = tuple(i - nd for i in range(nd) if i - nd not in axes)
    return reshape(weights, keepdims_shape(ashape, others))


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False):
    """``numpy.nanmean``: the mean of the non-NaN entries (``nansum`` over their count).

    An all-NaN slice has no entries to average: its mean is NaN, as in NumPy.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanmean(x))(np.array([1.0, np.nan, 2.0]))
        array([0.5, 0. , 0.5])
    """
    reject_out(out, "nanmean")
    if not np.issubdtype(np.asarray(raw(a)).dtype, np.inexact):
        return mean(a, axis=axis, dtype=dtype, keepdims=keepdims)    # no NaN: NumPy's mean
    dtype = working_dtype(a, dtype, "nanmean")
    axes = normalize_axes(axis, ndim(a))
    total = nansum(a, axis=axes, dtype=dtype, keepdims=keepdims)
    count = np.sum(~np.isnan(np.asarray(raw(a))), axis=axes, keepdims=bool(keepdims))
    return total / counts_in(count, dtype)      # in the data's width, as NumPy divides


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """``numpy.percentile``: `quantile` at q/100.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.percentile(np.array([1.0, 2.0, 3.0, 4.0]), 50))
        2.5
    """
    return quantile(a, percent_as_fraction(q), axis=axis, out=out, method=method, keepdims=keepdims)
