"""Statistics and cumulative reductions with NumPy's ``axis``/``keepdims``:
the entries ``var``, ``std``, ``cumsum``, ``cumprod``, ``quantile`` and
``median``.  The NaN-ignoring entries (``nansum``, ``nanmax``, ``nanmin``) are
in `nan_reductions`; the statistics composed from entries (``average``,
``ptp``, ``nanmean``, ``percentile``) live in `dualtape.composed.statistics`.

Conventions, the same in every mode:

* order statistics (``quantile``, ``median``) weight the elements their value
  is read from; an element tied with others shares its weight equally with
  them, like the ties of ``max``;
* ``cumprod`` is exact also where elements are zero.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.box import Box, raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive, deflinear
from ..core.arrays import shape, ndim, batch_ndim, normalize_axes, normalize_axis
from .casting import astype_or_keep
from .complex_values import (conj, real_part, accept_complex, refuse_complex, HOLOMORPHIC,
                             NONHOLOMORPHIC, ORDERED)
from .helpers import cotangent_batch, read_only_copy
from .elementwise import where
from .elementwise_entry import zero_safe_product
from .indexing import getitem
from .reduction_helpers import keepdims_shape, reduced_count, unreduce, reduction_examples
from .reductions import sum as _sum, mean as _mean
from .shapes import reshape, broadcast_to, moveaxis, concatenate, expand_dims

__all__ = ["var", "std", "cumsum", "cumprod", "median", "quantile"]


# --- var and std ---------------------------------------------------------------------------

def _moment_examples(rng):
    return (reduction_examples(rng, ddof=0)
            + [((rng.standard_normal((4, 3)),), dict(axis=(-2,), ddof=1, keepdims=False))])


def _deviation(x, axis):
    """conj(x - mean(x)): var = Σ |d|² / (N - ddof) has d var = 2 Re Σ conj(d)·dx / (N - ddof),
    and the cotangent of a real output pairs with conj(d)·ḡ (for real x, conj is no operation)."""
    return conj(x - _mean(x, axis=axis, keepdims=True))


def _var_tangent(ts, out, x, axis, ddof, keepdims):
    scale = 2.0 / (reduced_count(shape(x), axis) - ddof)
    return real_part(_sum(_deviation(x, axis) * ts[0], axis=axis, keepdims=keepdims)) * scale


def _var_adjoint(g, out, x, axis, ddof, keepdims):
    scale = 2.0 / (reduced_count(shape(x), axis) - ddof)
    # a zero deviation passes nothing on, even an infinite cotangent (sqrt(var) at zero
    # spread), as forward mode drops the zero tangent it makes there
    return (zero_safe_product(_deviation(x, axis), unreduce(g, x, axis, keepdims) * scale),)


_var = defprimitive(
    "var", lambda x, axis, ddof, keepdims: np.var(x, axis=axis, ddof=ddof, keepdims=keepdims),
    _var_tangent, _var_adjoint, static=("axis", "ddof", "keepdims"), family="statistics",
    examples=_moment_examples)


def _std_slope(out, x, axis, ddof):
    """1 / ((N − ddof) · std), and 0 where std is 0: at zero spread std, the norm of the
    deviations over √(N − ddof), has derivative 0, as every norm at the zero vector (the
    README's convention; TensorFlow and JAX give NaN there)."""
    n = reduced_count(shape(x), axis) - ddof
    spread = raw(out) != 0
    if np.all(spread):
        return 1.0 / (out * n)
    return where(spread, 1.0 / (where(spread, out, 1.0) * n), 0.0)


def _std_tangent(ts, out, x, axis, ddof, keepdims):
    deviation_step = real_part(_sum(_deviation(x, axis) * ts[0], axis=axis, keepdims=keepdims))
    return deviation_step * _std_slope(out, x, axis, ddof)


def _std_adjoint(g, out, x, axis, ddof, keepdims):
    return (_deviation(x, axis) * unreduce(g * _std_slope(out, x, axis, ddof), x, axis, keepdims),)


_std = defprimitive(
    "std", lambda x, axis, ddof, keepdims: np.std(x, axis=axis, ddof=ddof, keepdims=keepdims),
    _std_tangent, _std_adjoint, static=("axis", "ddof", "keepdims"), family="statistics",
    examples=_moment_examples)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """``numpy.var``: the variance over `axis` (int, tuple or None), dividing by N − ddof.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.var(x))(np.array([1.0, 2.0, 6.0]))
        array([-1.33333333, -0.66666667,  2.        ])
    """
    reject_out(out, "var")
    a = astype_or_keep(a, dtype)
    return bind(_var, a, axis=normalize_axes(axis, ndim(a)), ddof=ddof, keepdims=bool(keepdims))


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """``numpy.std``: the standard deviation over `axis`, dividing by N − ddof.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.std(x))(np.array([1.0, 3.0]))
        array([-0.5,  0.5])
    """
    reject_out(out, "std")
    a = astype_or_keep(a, dtype)
    return bind(_std, a, axis=normalize_axes(axis, ndim(a)), ddof=ddof, keepdims=bool(keepdims))


# --- cumulative sum and product -------------------------------------------------------------

def _reverse(v, axis):
    """`v` reversed along the (negative) `axis`, by table indexing."""
    return getitem(v, (Ellipsis, slice(None, None, -1)) + (slice(None),) * (-axis - 1))


def _reverse_cumsum(g, axis):
    """Σ_{j >= i} g_j along `axis`: the adjoint of a cumulative sum."""
    return _reverse(cumsum(_reverse(g, axis), axis), axis)


_cumsum = deflinear(
    "cumsum", lambda x, axis: np.cumsum(x, axis=axis),
    lambda g, out, x, axis: (_reverse_cumsum(g, axis),),
    static=("axis",), family="statistics",
    examples=lambda rng: [((rng.standard_normal((3, 4)),), dict(axis=-1)),
                          ((rng.standard_normal((3, 4)),), dict(axis=-2)),
                          ((rng.standard_normal(5),), dict(axis=-1))])


def cumsum(a, axis=None):
    """``numpy.cumsum``: running sums along `axis` (None: over the flattened array).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.cumsum(x).sum())(np.ones(3))
        array([3., 2., 1.])
    """
    if axis is None:
        a, axis = reshape(a, (-1,)), -1
    return bind(_cumsum, a, axis=normalize_axis(axis, ndim(a)))


def _cumprod_jacobian(x, axis):
    """∂out_i/∂x_j of a cumulative product along `axis`, as an array (..., j, i) with
    the other axes of `x` in front: prod_{k<j} x_k · prod_{j<k<=i} x_k for i >= j.

    Built without dividing by x, so it is exact where elements are zero.
    """
    xm = moveaxis(x, axis, -1)
    n = shape(xm)[-1]
    j, k = np.indices((n, n))
    rows = broadcast_to(expand_dims(xm, -2), shape(xm)[:-1] + (n, n))
    after_j = cumprod(where(k > j, rows, 1.0), axis=-1)     # prod_{j<k<=i} x_k
    ones = np.ones(shape(xm)[:-1] + (1,))
    before_j = concatenate([ones, cumprod(getitem(xm, (Ellipsis, slice(None, -1))), axis=-1)],
                           axis=-1) if n > 1 else ones
    return where(k >= j, expand_dims(before_j, -1) * after_j, 0.0)


def _has_zero(x):
    return bool(np.any(np.asarray(raw(x)) == 0))


def _cumprod_tangent(ts, out, x, axis):
    t = ts[0]
    if not _has_zero(x):
        return out * cumsum(t / x, axis=axis)
    jac = _cumprod_jacobian(x, axis)
    tm = moveaxis(t, axis, -1)
    return moveaxis(_sum(expand_dims(tm, -1) * jac, axis=-2), -1, axis)


def _cumprod_adjoint(g, out, x, axis):
    if not _has_zero(x):
        return (_reverse_cumsum(g * out, axis) / x,)
    jac = _cumprod_jacobian(x, axis)
    gm = moveaxis(g, axis, -1)
    return (moveaxis(_sum(jac * expand_dims(gm, -2), axis=-1), -1, axis),)


def _cumprod_examples(rng):
    with_zeros = rng.standard_normal((3, 4))
    with_zeros[0, 1] = with_zeros[2, 0] = with_zeros[2, 2] = 0.0
    return [((rng.standard_normal((3, 4)),), dict(axis=-1)),
            ((rng.standard_normal((3, 4)),), dict(axis=-2)),
            ((with_zeros,), dict(axis=-1)),
            ((with_zeros,), dict(axis=-2))]


_cumprod = defprimitive(
    "cumprod", lambda x, axis: np.cumprod(x, axis=axis),
    _cumprod_tangent, _cumprod_adjoint, static=("axis",), family="statistics",
    examples=_cumprod_examples)


def cumprod(a, axis=None):
    """``numpy.cumprod``: running products along `axis`; exact also with zeros.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.cumprod(x)[-1])(np.array([2.0, 0.0, 5.0]))
        array([ 0., 10.,  0.])
    """
    if axis is None:
        a, axis = reshape(a, (-1,)), -1
    return bind(_cumprod, a, axis=normalize_axis(axis, ndim(a)))


# --- order statistics: quantile, median, percentile -------------------------------------------

def _order_weights(x, q, axis):
    """Raw weights W (shape q.shape + x.shape) with quantile(x, q) = Σ_axis W·x.

    Linear interpolation reads sorted positions lo = floor(q(n−1)) and lo + 1
    with weights 1 − f and f; each position's weight is shared equally by the
    elements equal to the value found there (ties split, like ``max``).
    """
    xr = np.asarray(raw(x), dtype=float)
    nd = xr.ndim
    red = [a + nd for a in axis]
    keep = [i for i in range(nd) if i not in red]
    perm = keep + red
    flat = np.transpose(xr, perm).reshape([xr.shape[i] for i in keep] + [-1])
    n = flat.shape[-1]
    qs = np.asarray(q, dtype=float)
    position = qs.reshape(-1) * (n - 1)
    lo = np.floor(position).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    frac = position - lo
    srt = np.sort(flat, axis=-1)
    weights = np.zeros((qs.size,) + flat.shape)
    for idx, share in ((lo, 1.0 - frac), (hi, frac)):
        value = np.moveaxis(srt[..., idx], -1, 0)[..., None]            # (Q, R..., 1)
        hit = flat[None] == value
        count = hit.sum(axis=-1, keepdims=True)
        share = share.reshape((-1,) + (1,) * flat.ndim)
        weights += np.divide(hit * share, count, out=np.zeros(hit.shape), where=count > 0)
    weights = weights.reshape(qs.shape + tuple(xr.shape[i] for i in perm))
    nq = qs.ndim
    return np.transpose(weights, tuple(range(nq)) + tuple(nq + int(i) for i in np.argsort(perm)))


def _weights_for(x, q, axis):
    """`_order_weights` in x's float width (float32 stays float32; integers read as float64)."""
    return _order_weights(x, q, axis).astype(np.result_type(raw(x), np.float16), copy=False)


def _order_tangent(ts, out, x, q, axis, keepdims):
    t = ts[0]
    w = _weights_for(x, q, axis)
    nq = np.ndim(q)
    nb = batch_ndim(t, x)
    t = reshape(t, shape(t)[:nb] + (1,) * nq + shape(x))
    return _sum(t * w, axis=axis, keepdims=keepdims)


def _order_adjoint(g, out, x, q, axis, keepdims):
    w = _weights_for(x, q, axis)
    nq = np.ndim(q)
    batch = cotangent_batch(g, out)
    if not keepdims:
        g = reshape(g, batch + np.shape(q) + keepdims_shape(shape(x), axis))
    spread = w * g
    nb = len(batch)
    return (_sum(spread, axis=tuple(range(nb, nb + nq))) if nq else spread,)


def _quantile_examples(rng):
    return [((rng.standard_normal((3, 4)),), dict(q=0.3, axis=(-1,), keepdims=False)),
            ((rng.standard_normal((3, 4)),),
             dict(q=np.array([0.1, 0.5, 1.0]), axis=(-2, -1), keepdims=False)),
            ((rng.standard_normal((2, 3, 4)),),
             dict(q=np.array([[0.25], [0.8]]), axis=(-3, -1), keepdims=True))]


_quantile = defprimitive(
    "quantile",
    lambda x, q, axis, keepdims: np.quantile(x, q, axis=axis, method="linear", keepdims=keepdims),
    _order_tangent, _order_adjoint, static=("q", "axis", "keepdims"), family="statistics",
    examples=_quantile_examples)

_median = defprimitive(
    "median", lambda x, axis, keepdims: np.median(x, axis=axis, keepdims=keepdims),
    lambda ts, out, x, axis, keepdims: _order_tangent(ts, out, x, 0.5, axis, keepdims),
    lambda g, out, x, axis, keepdims: _order_adjoint(g, out, x, 0.5, axis, keepdims),
    static=("axis", "keepdims"), family="statistics",
    examples=lambda rng: [((rng.standard_normal((3, 4)),), dict(axis=(-1,), keepdims=False)),
                          ((rng.standard_normal((3, 5)),), dict(axis=(-2, -1), keepdims=True))])


def _static_q(q, who):
    if isinstance(q, Box):
        raise TypeError(f"{who}: the quantile levels `q` are not differentiable; pass plain numbers")
    # the adjoint reads q later: keep it as it is now, in its own type, which NumPy's result
    # type follows (a Python number is weak: quantile of float32 stays float32; an integer
    # q of integers picks entries, an integer result)
    qs = q if type(q) in (int, float) else read_only_copy(q)
    if np.any((qs < 0) | (qs > 1)) or np.any(np.isnan(qs)):
        raise ValueError(f"{who}: quantiles must be in the range [0, 1], got {q!r}")
    return qs


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """``numpy.quantile`` with linear interpolation; `q` (scalar or array) is static.

    The output has `q`'s axes first, then the reduced axes of `a`.  The
    derivative goes to the one or two elements the value is interpolated from
    (shared equally among ties).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.quantile(x, 0.25))(np.array([4.0, 1.0, 3.0]))
        array([0. , 0.5, 0.5])
    """
    reject_out(out, "quantile")
    if method != "linear":
        raise NotImplementedError(f"quantile: only method='linear' is differentiable in dualtape, "
                                  f"got method={method!r}")
    return bind(_quantile, a, q=_static_q(q, "quantile"), axis=normalize_axes(axis, ndim(a)),
                keepdims=bool(keepdims))


def percent_as_fraction(q):
    """Percentiles `q` as quantile levels q/100, as NumPy reads them: a Python number stays
    a Python number (weak, so the percentile of float32 data stays float32), an array
    keeps its float width.

    Example:
        >>> import numpy as np
        >>> percent_as_fraction(50), percent_as_fraction(np.array([25.0], np.float32)).dtype
        (0.5, dtype('float32'))
    """
    if isinstance(q, Box):
        raise TypeError("percentile: the percentiles `q` are not differentiable; pass plain numbers")
    return q / 100 if type(q) in (int, float) else np.true_divide(q, 100)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """``numpy.median``: the middle value (mean of the two middle ones for even counts).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.median(x))(np.array([5.0, 1.0, 3.0, 2.0]))
        array([0. , 0. , 0.5, 0.5])
    """
    reject_out(out, "median")
    return bind(_median, a, axis=normalize_axes(axis, ndim(a)), keepdims=bool(keepdims))


# --- complex values: var and std are real, as in NumPy; order statistics refuse -----------------
accept_complex(HOLOMORPHIC, _cumsum, _cumprod)
accept_complex(NONHOLOMORPHIC, _var, _std)
refuse_complex(ORDERED, _quantile, _median)
