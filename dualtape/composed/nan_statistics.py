"""NaN-ignoring statistics composed from entries: ``nansum`` with NumPy's
``dtype=`` (its entry is in `dualtape.rules.nan_reductions`), ``nanprod``, ``nancumsum``,
``nancumprod``, ``nanvar``, ``nanstd``, ``nanmedian``, ``nanquantile`` and
``nanpercentile``; and NumPy 2's ``cumulative_sum`` and ``cumulative_prod``.

As NumPy does, the NaN entries are replaced by the operation's identity (0
for sums, 1 for products) with ``where``, so they get derivative 0 (the
``nansum`` entry skips them itself, to the same effect); ``nanvar``
repeats NumPy's steps (count, mean, squared deviations, sum).  The order
statistics reduce each slice without its NaNs through the ``quantile`` entry
(one slice at a time, where a slice holds NaN); an all-NaN slice gives NaN.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis
from ..rules.casting import astype, astype_or_keep
from ..rules.elementwise import where as _where, sqrt
from ..rules.elementwise_more import real, conj
from ..rules.indexing import getitem
from ..rules.reductions import sum as _sum, prod
from ..rules.reduction_helpers import keepdims_shape
from ..rules.shapes import reshape, stack, transpose, concatenate, ravel
from ..rules.nan_reductions import nansum as entry_nansum
from ..rules.statistics import cumsum, cumprod, quantile, median, var, percent_as_fraction
from .positions import as_operand

__all__ = ["nansum", "nanprod", "nancumsum", "nancumprod", "nanvar", "nanstd", "nanmedian", "nanquantile",
           "nanpercentile", "cumulative_sum", "cumulative_prod"]


def _nan_mask(a):
    r = np.asarray(raw(a))
    return np.isnan(r) if np.issubdtype(r.dtype, np.inexact) else None


def _replaced(a, value):
    a = as_operand(a)
    mask = _nan_mask(a)
    return (a, mask) if mask is None or not mask.any() else (_where(mask, value, a), mask)


def _nan_reduction(name, reduce, doc):
    """NumPy's `name` (``nansum``, ``nanprod``): `reduce(a, dtype, axis, keepdims)`, with
    NumPy's signature of the two and ``out=`` refused."""
    def reduction(a, axis=None, dtype=None, out=None, keepdims=False):
        reject_out(out, name)
        return reduce(a, dtype, axis, keepdims)
    reduction.__name__ = reduction.__qualname__ = name
    reduction.__doc__ = doc
    return reduction


def _nansum(a, dtype, axis, keepdims):
    if dtype is None:
        return entry_nansum(a, axis, keepdims)
    # NumPy reads NaN as 0 before the cast to `dtype` (an integer NaN would be garbage)
    return entry_nansum(astype(_replaced(a, 0.0)[0], dtype), axis, keepdims)


def working_dtype(a, dtype, who):
    """The dtype NumPy's NaN-ignoring mean, variance and deviation of `a` compute in:
    `dtype`, or `a`'s own; an integer `dtype` for float data is NumPy's TypeError.

    Example:
        >>> import numpy as np
        >>> working_dtype(np.ones(2, np.float32), None, "nanmean")
        dtype('float32')
    """
    own = np.asarray(raw(a)).dtype
    if dtype is None:
        return own
    if np.issubdtype(own, np.inexact) and not np.issubdtype(np.dtype(dtype), np.inexact):
        raise TypeError(f"{who}: if a is inexact ({own}), then dtype must be inexact, got "
                        f"dtype={np.dtype(dtype)}; pass a float dtype, or cast the result")
    return np.dtype(dtype)


def counts_in(count, dtype):
    """Integer counts as the real float type of `dtype` (float32 for complex64), so dividing
    by them keeps the width of the data."""
    return count.astype(np.finfo(dtype).dtype)


# nansum's entry skips the NaN entries itself; nanprod reads them as 1 first, as NumPy does
nansum = _nan_reduction(
    "nansum", _nansum,
    """``numpy.nansum``: the sum treating NaN as zero; NaN entries get derivative zero.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nansum(x))(np.array([1.0, np.nan, 2.0]))
        array([1., 0., 1.])
    """)
nanprod = _nan_reduction(
    "nanprod", lambda a, dtype, axis, keepdims: prod(astype_or_keep(_replaced(a, 1.0)[0], dtype),
                                                     axis=axis, keepdims=keepdims),
    """``numpy.nanprod``: the product with NaNs read as 1.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanprod(x))(np.array([2.0, np.nan, 3.0]))
        array([3., 0., 2.])
    """)


def _nan_running(entry, identity, name, what, example, result):
    def running(a, axis=None, dtype=None, out=None):
        reject_out(out, name)
        return entry(astype_or_keep(_replaced(a, identity)[0], dtype), axis)
    running.__name__ = running.__qualname__ = name
    running.__doc__ = f"""``numpy.{name}``: running {what} with NaNs read as {identity:g}.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}(np.array({example}))
        {result}
    """
    return running


nancumsum = _nan_running(cumsum, 0.0, "nancumsum", "sums", "[1.0, np.nan, 2.0]",
                         "array([1., 1., 3.])")
nancumprod = _nan_running(cumprod, 1.0, "nancumprod", "products", "[2.0, np.nan, 3.0]",
                          "array([2., 2., 6.])")


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=None, correction=None):
    """``numpy.nanvar``: the variance of the non-NaN entries (NumPy's steps: count, mean,
    squared deviations); a slice with no more than `ddof` entries gives NaN.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanvar(x))(np.array([1.0, np.nan, 3.0]))
        array([-1.,  0.,  1.])
    """
    reject_out(out, "nanvar")
    if where is not True or mean is not None:
        raise NotImplementedError("nanvar: `where=` and `mean=` are not supported on dualtape "
                                  "values; select the entries first")
    if correction is not None:
        ddof = correction
    dtype = working_dtype(a, dtype, "nanvar")
    arr, mask = _replaced(as_operand(a), 0.0)
    if mask is None or not mask.any():
        return var(arr, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims)
    axes = normalize_axes(axis, ndim(arr))
    arr = astype_or_keep(arr, dtype)
    count = np.sum(~mask, axis=axes, keepdims=True)
    avg = _sum(arr, axis=axes, keepdims=True) / counts_in(count, dtype)
    dev = _where(mask, 0.0, arr - avg)
    square = real(dev * conj(dev)) if np.iscomplexobj(raw(dev)) else dev * dev
    total = _sum(square, axis=axes, keepdims=keepdims)
    dof = (count if keepdims else count.reshape(shape(total))) - ddof
    with np.errstate(divide="ignore", invalid="ignore"):
        out = total / counts_in(np.where(dof > 0, dof, np.nan), dtype)
    return out


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=None, correction=None):
    """``numpy.nanstd``: the square root of `nanvar`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanstd(x))(np.array([1.0, np.nan, 3.0]))
        array([-0.5,  0. ,  0.5])
    """
    v = nanvar(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
               correction=correction)
    return sqrt(v)


def _per_slice(reduce_one, a, axis, keepdims, empty):
    """`reduce_one` (a 1-D, NaN-free array -> a result shaped like `empty`) over each slice of
    `a` along `axis` (all axes when None), without its NaNs, `empty` where a slice is all NaN;
    NumPy's layout (q axes first)."""
    q_shape = np.shape(empty)
    a = as_operand(a)
    nd = ndim(a)
    axes = normalize_axes(axis, nd)
    kept = [i for i in range(nd) if i - nd not in axes]
    reduced = [a_ + nd for a_ in axes]
    rows = reshape(transpose(a, kept + reduced), (-1, int(np.prod([shape(a)[i] for i in reduced]))))
    mask = np.isnan(np.asarray(raw(rows)))
    results = []
    for r in range(shape(rows)[0]):
        keep = ~mask[r]
        if keep.any():
            results.append(reduce_one(getitem(rows, (r, np.flatnonzero(keep)))))
        else:
            results.append(empty)
    out = stack(results, axis=-1)                     # q_shape + (rows,)
    outer = tuple(shape(a)[i] for i in kept)
    out = reshape(out, q_shape + outer)
    if keepdims:
        out = reshape(out, q_shape + keepdims_shape(shape(a), axes))
    return out


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None):
    """``numpy.nanquantile``: `quantile` of the non-NaN entries of each slice.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanquantile(x, 0.5))(np.array([1.0, np.nan, 3.0]))
        array([0.5, 0. , 0.5])
    """
    reject_out(out, "nanquantile")
    if weights is not None:
        raise NotImplementedError("nanquantile: `weights=` is not differentiable in dualtape")
    a = as_operand(a)
    mask = _nan_mask(a)
    if mask is None or not mask.any():
        return quantile(a, q, axis=axis, method=method, keepdims=keepdims)
    # an all-NaN slice gives NaN in NumPy's result type (float32 data stay float32)
    empty = np.full(np.shape(q), np.nan, np.result_type(np.asarray(raw(a)).dtype,
                                                    q if type(q) in (int, float) else np.asarray(q)))
    return _per_slice(lambda row: quantile(row, q, method=method), a, axis, keepdims, empty)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """``numpy.nanmedian``: `median` of the non-NaN entries of each slice.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.nanmedian(np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 9.0]]), axis=1)
        array([2., 5.])
    """
    reject_out(out, "nanmedian")
    a = as_operand(a)
    mask = _nan_mask(a)
    if mask is None or not mask.any():
        return median(a, axis=axis, keepdims=keepdims)
    return _per_slice(median, a, axis, keepdims, np.full((), np.nan, np.asarray(raw(a)).dtype))


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, weights=None):
    """``numpy.nanpercentile``: `nanquantile` at q/100.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.nanpercentile(np.array([1.0, np.nan, 3.0]), 50))
        2.0
    """
    return nanquantile(a, percent_as_fraction(q), axis, out, overwrite_input, method, keepdims,
                       weights=weights)


def _cumulative(running, identity, x, axis, dtype, out, include_initial, who):
    reject_out(out, who)
    x = as_operand(x)
    if axis is None:
        if ndim(x) > 1:
            raise ValueError(f"{who}: the input has more than one dimension, so `axis` must be "
                             f"given")
        x, axis = ravel(x), 0
    x = astype_or_keep(x, dtype)
    result = running(x, axis)
    if include_initial:
        ax = normalize_axis(axis, ndim(x))
        edge = list(shape(x))
        edge[ax] = 1
        result = concatenate([np.full(edge, identity, np.result_type(raw(result))), result],
                             axis=ax)
    return result


def _numpy_2_cumulative(running, identity, name):
    def cumulative(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
        return _cumulative(running, identity, x, axis, dtype, out, include_initial, name)
    cumulative.__name__ = cumulative.__qualname__ = name
    start = np.array([2.0, 3.0])
    cumulative.__doc__ = f"""``numpy.{name}``: `{running.__name__}` with an optional leading {identity}
    (``include_initial``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}(np.array([2.0, 3.0]), include_initial=True)
        {getattr(np, name)(start, include_initial=True)!r}
    """
    return cumulative


cumulative_sum = _numpy_2_cumulative(cumsum, 0, "cumulative_sum")
cumulative_prod = _numpy_2_cumulative(cumprod, 1, "cumulative_prod")
