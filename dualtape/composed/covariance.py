"""Covariances and counts composed from entries: ``cov``, ``corrcoef``,
``bincount``, ``histogram``, ``histogramdd`` and ``histogram2d``.

``cov`` and ``corrcoef`` repeat NumPy's steps (weighted ``average``, centred
rows, one matrix product, the normalisation), so they are differentiable in
the data and in the weights.  The histograms and ``bincount`` are
differentiable in their `weights`, and constant in the data: the bin of each
sample is an integer, found on the plain values as NumPy finds it, and the
weights are summed into the bins in NumPy's order (so the sums are NumPy's).
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, is_box
from ..rules.elementwise import clip, sqrt
from ..rules.elementwise_more import real, imag, conj
from ..rules.indexing import getitem, scatter_add
from ..rules.matmul import matmul
from ..rules.reductions import sum as _sum
from ..rules.shapes import reshape, concatenate, squeeze, transpose, expand_dims
from ..rules.statistics import cumsum
from .positions import as_operand, holds_box
from .selection import diag
from .statistics import average

__all__ = ["cov", "corrcoef", "bincount", "histogram", "histogramdd", "histogram2d"]


def _rows(m, dtype, rowvar, is_y=False):
    """`m` as a 2-D array of `dtype`, one variable per row (NumPy's rules for m and y)."""
    x = as_operand(m)
    if ndim(x) > 2:
        raise ValueError(f"{'y' if is_y else 'm'} has more than 2 dimensions")
    given = ndim(x)
    if np.result_type(raw(x)) != dtype:
        x = x * np.ones((), dtype)
    if ndim(x) < 2:
        x = reshape(x, (1,) * (2 - ndim(x)) + shape(x))
    flip = shape(x)[0] != 1 if is_y else given != 1
    return transpose(x) if not rowvar and flip else x


def _weights(fweights, aweights, n):
    w = None
    if fweights is not None:
        f = np.asarray(raw(fweights), dtype=float)
        if not np.all(f == np.around(f)):
            raise TypeError("fweights must be integer")
        if f.ndim > 1 or f.shape[0] != n or np.any(f < 0):
            raise ValueError("fweights must be a non-negative 1-D array with one weight per "
                             "observation")
        w = f
    if aweights is not None:
        aweights = as_operand(aweights) * 1.0
        if ndim(aweights) > 1 or shape(aweights)[0] != n or np.any(raw(aweights) < 0):
            raise ValueError("aweights must be a non-negative 1-D array with one weight per "
                             "observation")
        w = aweights if w is None else w * aweights
    return w, aweights


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """``numpy.cov``: the covariance matrix of the rows (variables) of `m` (and `y`),
    differentiable in the data and the analytic weights `aweights`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.cov(x))(np.array([1.0, 2.0, 4.0]))
        array([-1.33333333, -0.33333333,  1.66666667])
    """
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    if dtype is None:
        dtype = np.result_type(*[raw(as_operand(v)) for v in (m, y) if v is not None], np.float64)
    x = _rows(m, np.dtype(dtype), rowvar)
    if shape(x)[0] == 0:
        return np.array([]).reshape(0, 0)
    if y is not None:
        x = concatenate([x, _rows(y, np.dtype(dtype), rowvar, is_y=True)], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    w, aweights = _weights(fweights, aweights, shape(x)[1])
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = getitem(w_sum, 0)
    if w is None:
        fact = shape(x)[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * _sum(w * aweights) / w_sum
    if raw(fact) <= 0:
        fact = 0.0
    x = x - expand_dims(avg, -1)
    x_t = transpose(x if w is None else x * w)
    with np.errstate(divide="ignore"):
        scale = (1.0 / fact) if is_box(fact) else np.true_divide(1, fact)
    return squeeze(matmul(x, conj(x_t)) * scale)


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """``numpy.corrcoef``: the correlation coefficients, ``cov`` over the outer product of
    the standard deviations, clipped to [-1, 1] (clip takes the inside derivative).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = np.array([[1.0, 2.0, 4.0], [1.0, 3.0, 2.0]])
        >>> float(dt.numpy.corrcoef(x)[0, 1])
        0.3273268353539886
    """
    c = cov(x, y, rowvar, dtype=dtype)
    if ndim(c) == 0:
        return c / c
    stddev = sqrt(real(diag(c)))
    c = c / expand_dims(stddev, -1)
    c = c / stddev
    if np.iscomplexobj(raw(c)):
        return clip(real(c), -1, 1) + 1j * clip(imag(c), -1, 1)
    return clip(c, -1, 1)


def bincount(x, weights=None, minlength=0):
    """``numpy.bincount``: the number of each non-negative integer in `x`, or the sum of
    their `weights` (differentiable in the weights).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda w: dt.numpy.bincount([0, 2, 2], w)[2])(np.ones(3))
        array([0., 1., 1.])
    """
    index = np.asarray(raw(x))
    if not holds_box(weights):
        return np.bincount(index, weights, minlength)
    counts = np.bincount(index, minlength=minlength)         # NumPy's checks and length
    return scatter_add(as_operand(weights) * 1.0, (index,), (counts.shape[0],))


def _bin_sums(a, weights, edges, uniform):
    """Sums of `weights` over the bins of plain samples `a`, as NumPy's histogram adds them."""
    w = as_operand(weights) * 1.0
    if uniform:                       # one bincount of the samples inside the range
        n = edges.shape[0] - 1
        inside = (a >= edges[0]) & (a <= edges[-1])
        index = np.clip(np.searchsorted(edges, a[inside], side="right") - 1, 0, n - 1)
        return scatter_add(getitem(w, (np.flatnonzero(inside),)), (index,), (n,))
    order = np.argsort(a)             # differences of cumulative sums at the sorted edges
    running = concatenate([np.zeros(1), cumsum(getitem(w, (order,)))])
    sa = a[order]
    at = np.concatenate([np.searchsorted(sa, edges[:-1], "left"),
                         np.searchsorted(sa, edges[-1:], "right")])
    picked = getitem(running, (at,))
    return getitem(picked, (slice(1, None),)) - getitem(picked, (slice(None, -1),))


def histogram(a, bins=10, range=None, density=None, weights=None):
    """``numpy.histogram``: counts (or sums of `weights`, differentiable in them) in bins
    whose edges are read from the plain samples.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda w: dt.numpy.histogram(np.array([0.1, 0.2, 0.9]), bins=2, weights=w)[0][0]
        >>> dt.gradient(f)(np.ones(3))
        array([1., 1., 0.])
    """
    samples = np.asarray(raw(a)).ravel()
    if not holds_box(weights):
        return np.histogram(samples, bins, range, density, weights)
    if shape(weights) != np.shape(raw(a)):
        raise ValueError("weights should have the same shape as a.")
    edges = np.histogram_bin_edges(samples, bins, range)
    w = reshape(as_operand(weights), (-1,))
    n = _bin_sums(samples, w, edges, np.ndim(bins) == 0)
    if density:
        n = n / np.diff(edges) / _sum(n)
    return n, edges


def histogramdd(sample, bins=10, range=None, density=None, weights=None):
    """``numpy.histogramdd``: a multidimensional histogram, differentiable in `weights`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> pts = np.array([[0.1, 0.1], [0.9, 0.2], [0.8, 0.9]])
        >>> dt.gradient(lambda w: dt.numpy.histogramdd(pts, 2, weights=w)[0][1, 0])(np.ones(3))
        array([0., 1., 0.])
    """
    plain_sample = [np.asarray(raw(s)) for s in sample] if type(sample) in (list, tuple) \
        else np.asarray(raw(sample))
    if not holds_box(weights):
        return np.histogramdd(plain_sample, bins, range, density, weights)
    _, edges = np.histogramdd(plain_sample, bins, range)
    points = np.atleast_2d(np.array(plain_sample).T if type(sample) in (list, tuple)
                           else plain_sample)
    counts = []
    for i, e in enumerate(edges):
        c = np.searchsorted(e, points[:, i], side="right")
        c[points[:, i] == e[-1]] -= 1
        counts.append(c)
    nbin = np.array([len(e) + 1 for e in edges])
    flat = np.ravel_multi_index(counts, nbin)
    hist = scatter_add(as_operand(weights) * 1.0, (flat,), (int(nbin.prod()),))
    hist = getitem(reshape(hist, tuple(nbin)), (slice(1, -1),) * len(edges))
    if density:
        volume = np.ones(())
        for i, e in enumerate(edges):
            volume = np.multiply.outer(volume, np.diff(e)) if i else np.diff(e)
        hist = hist / _sum(hist) / volume
    return hist, edges


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    """``numpy.histogram2d``: the histogram of the pairs (x, y), differentiable in `weights`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> h, xe, ye = dt.numpy.histogram2d(np.array([0.1, 0.9]), np.array([0.2, 0.8]), 2,
        ...                                  weights=dt.Dual(np.ones(2), np.ones(2)))
        >>> h.tangent
        array([[1., 0.],
               [0., 1.]])
    """
    try:
        n = len(bins)
    except TypeError:
        n = 1
    if n != 1 and n != 2:
        bins = [np.asarray(bins), np.asarray(bins)]
    hist, edges = histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]
