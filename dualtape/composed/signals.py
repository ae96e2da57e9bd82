"""Signals and sampled functions: ``convolve`` and ``correlate`` in every mode,
``interp``, ``gradient``, ``trapezoid``, ``ediff1d`` and ``unwrap``.

Each follows NumPy's own steps with table operations, so it gives NumPy's
values and is differentiable through them:

* ``convolve``/``correlate``: slices of the full entries (rules/signals.py),
  at the offsets NumPy's ``"same"`` and ``"valid"`` modes take;
* ``interp``: ``slope·(x − xp[j]) + fp[j]`` on the segment NumPy's search
  finds, so it is differentiable in `x`, `xp` and `fp`; at a knot the segment
  is the one to its right (the last knot and points outside take constants);
* ``unwrap`` adds NumPy's piecewise-constant multiples of the period, so its
  derivative is the identity.
"""
import operator

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis, is_box
from ..rules.casting import astype
from ..rules.elementwise import where
from ..rules.elementwise_piecewise import remainder
from ..rules.indexing import getitem
from ..rules.reductions import sum as _sum
from ..rules.shapes import concatenate, reshape, ravel, expand_dims
from ..rules.signals import convolve_full, correlate_full
from .array_helpers import along
from .positions import as_operand
from .sequences import diff

__all__ = ["convolve", "correlate", "interp", "gradient", "trapezoid", "ediff1d", "unwrap"]


def _mode_window(full, n, m, mode, same_start):
    if mode == "full":
        return full
    if mode == "same":
        return getitem(full, (slice(same_start, same_start + max(n, m)),))
    if mode == "valid":
        return getitem(full, (slice(min(n, m) - 1, max(n, m)),))
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def _one_d(a, v, who):
    a, v = as_operand(a), as_operand(v)
    if ndim(a) == 0:
        a = reshape(a, (1,))
    if ndim(v) == 0:
        v = reshape(v, (1,))
    if ndim(a) != 1 or ndim(v) != 1:
        raise ValueError(f"{who}: object too deep for desired array (operands must be 1-D)")
    if not shape(a)[0] or not shape(v)[0]:
        raise ValueError(f"{who}: a cannot be empty" if not shape(a)[0] else
                         f"{who}: v cannot be empty")
    return a, v


def convolve(a, v, mode="full"):
    """``numpy.convolve`` of 1-D arrays, mode ``"full"``, ``"same"`` or ``"valid"``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda v: dt.numpy.convolve(np.ones(4), v, "valid").sum())(np.ones(2))
        array([3., 3.])
    """
    a, v = _one_d(a, v, "convolve")
    n, m = shape(a)[0], shape(v)[0]
    return _mode_window(convolve_full(a, v), n, m, mode, (min(n, m) - 1) // 2)


def correlate(a, v, mode="valid"):
    """``numpy.correlate`` of 1-D arrays (``v`` conjugated, as in NumPy), every mode.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]))
        array([2., 3.])
    """
    a, v = _one_d(a, v, "correlate")
    n, m = shape(a)[0], shape(v)[0]
    start = (min(n, m) - 1) // 2 if n >= m else min(n, m) // 2
    return _mode_window(correlate_full(a, v), n, m, mode, start)


def _periodic(x, xp, fp, period):
    """NumPy's periodic `interp`: everything modulo the period, sorted and wrapped."""
    period = abs(period)
    x, xp = remainder(x, period), remainder(xp, period)
    order = np.argsort(raw(xp))
    xp, fp = getitem(xp, (order,)), getitem(fp, (order,))
    xp = concatenate([getitem(xp, (slice(-1, None),)) - period, xp,
                      getitem(xp, (slice(0, 1),)) + period])
    fp = concatenate([getitem(fp, (slice(-1, None),)), fp, getitem(fp, (slice(0, 1),))])
    return x, xp, fp


def interp(x, xp, fp, left=None, right=None, period=None):
    """``numpy.interp``: piecewise-linear interpolation, differentiable in `x`, `xp`,
    `fp` (and `left`/`right`); at a knot the slope is that of the segment to its right.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> xp, fp = np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 3.0])
        >>> dt.jvp(lambda x: dt.numpy.interp(x, xp, fp), (2.0,), (1.0,))
        (np.float64(2.5), np.float64(0.5))
    """
    x, xp, fp = (as_operand(v) for v in (x, xp, fp))
    if ndim(x) == 0:                   # a scalar: NumPy's scalar result
        return getitem(interp(reshape(x, (1,)), xp, fp, left, right, period), 0)
    if ndim(xp) != 1 or ndim(fp) != 1:
        raise ValueError("Data points must be 1-D sequences")
    if shape(xp)[0] != shape(fp)[0]:
        raise ValueError("fp and xp are not of the same length")
    if shape(xp)[0] == 0:
        raise ValueError("array of sample points is empty")
    if period is not None:
        if period == 0:
            raise ValueError("period must be a non-zero value")
        x, xp, fp = _periodic(x, xp, fp, period)
        left = right = None
    xr, xpr = np.asarray(raw(x), dtype=float), np.asarray(raw(xp), dtype=float)
    n = xpr.shape[0]
    j = np.searchsorted(xpr, xr, side="right") - 1          # xp[j] <= x < xp[j+1]
    below, above = xr < xpr[0], xr > xpr[-1]
    inner = (j >= 0) & (j < n - 1)
    lo, hi = np.clip(j, 0, max(n - 2, 0)), np.clip(j + 1, 0, n - 1)
    x0, x1 = getitem(xp, (lo,)), getitem(xp, (hi,))
    f0, f1 = getitem(fp, (lo,)), getitem(fp, (hi,))
    with np.errstate(all="ignore"):
        slope = (f1 - f0) / where(inner, x1 - x0, 1.0)
        y = slope * where(inner, x - x0, 0.0) + f0
        if np.any(np.isnan(raw(y)) & inner):           # NumPy then tries the other end
            y = where(np.isnan(raw(y)) & inner, slope * (x - x1) + f1, y)
    last = getitem(fp, (-1,))
    y = where(inner, y, last)
    y = where(below, getitem(fp, (0,)) if left is None else left, y)
    y = where(above, last if right is None else right, y)
    return where(np.isnan(xr), np.nan, y)


def _spacings(varargs, f, axes):
    """NumPy's spacing per axis: a scalar, or the differences of coordinates."""
    if not varargs:
        return [1.0] * len(axes)
    if len(varargs) == 1 and ndim(varargs[0]) == 0:
        return list(varargs) * len(axes)
    if len(varargs) != len(axes):
        raise TypeError("invalid number of arguments")
    out = []
    for ax, distances in zip(axes, varargs):
        distances = as_operand(distances)
        if ndim(distances) == 0:
            out.append(distances)
            continue
        if ndim(distances) != 1:
            raise ValueError("distances must be either scalars or 1d")
        if shape(distances)[0] != shape(f)[ax]:
            raise ValueError("when 1d, distances must match the length of the corresponding "
                             "dimension")
        if np.issubdtype(np.result_type(raw(distances)), np.integer):
            distances = distances * 1.0
        d = diff(distances)
        rd = np.asarray(raw(d))
        out.append(getitem(d, 0) if (rd == rd[0]).all() else d)
    return out


def _along(v, nd, axis):
    return reshape(v, tuple(-1 if k == axis else 1 for k in range(nd)))


def _one_axis_gradient(f, h, axis, edge_order):
    nd = ndim(f)
    at = lambda i: getitem(f, along(axis, i))        # noqa: E731  (a slice along `axis`)
    uniform = ndim(h) == 0
    if uniform:
        interior = (at(slice(2, None)) - at(slice(None, -2))) / (2.0 * h)
    else:
        h1, h2 = getitem(h, (slice(0, -1),)), getitem(h, (slice(1, None),))
        a = _along(-h2 / (h1 * (h1 + h2)), nd, axis)
        b = _along((h2 - h1) / (h1 * h2), nd, axis)
        c = _along(h1 / (h2 * (h1 + h2)), nd, axis)
        interior = a * at(slice(None, -2)) + b * at(slice(1, -1)) + c * at(slice(2, None))
    if edge_order == 1:
        first = (at(1) - at(0)) / (h if uniform else getitem(h, 0))
        last = (at(-1) - at(-2)) / (h if uniform else getitem(h, -1))
    else:
        if uniform:
            a, b, c = -1.5 / h, 2.0 / h, -0.5 / h
        else:
            h1, h2 = getitem(h, 0), getitem(h, 1)
            a = -(2.0 * h1 + h2) / (h1 * (h1 + h2))
            b = (h1 + h2) / (h1 * h2)
            c = -h1 / (h2 * (h1 + h2))
        first = a * at(0) + b * at(1) + c * at(2)
        if uniform:
            a, b, c = 0.5 / h, -2.0 / h, 1.5 / h
        else:
            h1, h2 = getitem(h, -2), getitem(h, -1)
            a = h2 / (h1 * (h1 + h2))
            b = -(h2 + h1) / (h1 * h2)
            c = (2.0 * h2 + h1) / (h2 * (h1 + h2))
        last = a * at(-3) + b * at(-2) + c * at(-1)
    return concatenate([expand_dims(first, axis), interior, expand_dims(last, axis)], axis=axis)


def gradient(f, *varargs, axis=None, edge_order=1):
    """``numpy.gradient``: second-order central differences inside, one-sided ones of
    order `edge_order` at the ends, with scalar or coordinate spacings (all
    differentiable).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.gradient(np.array([1.0, 4.0, 9.0, 16.0]), 2.0)
        array([1.5, 2. , 3. , 3.5])
    """
    f = as_operand(f)
    if not np.issubdtype(np.result_type(raw(f)), np.inexact):
        f = f * 1.0
    nd = ndim(f)
    axes = tuple(a + nd for a in normalize_axes(axis, nd)) if axis is not None else tuple(range(nd))
    if isinstance(axis, (int, np.integer)):
        axes = (normalize_axis(axis, nd) + nd,)
    edge_order = operator.index(edge_order)
    if edge_order > 2:
        raise ValueError("'edge_order' greater than 2 not supported")
    outs = []
    for ax, h in zip(axes, _spacings(varargs, f, axes)):
        if shape(f)[ax] < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at "
                             "least (edge_order + 1) elements are required.")
        outs.append(_one_axis_gradient(f, h, ax, edge_order))
    return outs[0] if len(axes) == 1 else tuple(outs)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """``numpy.trapezoid``: the trapezoidal rule along `axis`, differentiable in `y`,
    `x` and `dx`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda y: dt.numpy.trapezoid(y))(np.ones(4))
        array([0.5, 1. , 1. , 0.5])
    """
    y = as_operand(y)
    nd = ndim(y)
    ax = normalize_axis(axis, nd) + nd
    if x is None:
        d = dx
    else:
        x = as_operand(x)
        if ndim(x) == 1:
            d = _along(diff(x), nd, ax)
        else:
            d = diff(x, axis=ax)
    pairs = getitem(y, along(ax, slice(1, None))) + getitem(y, along(ax, slice(None, -1)))
    return _sum(d * pairs / 2.0, axis=ax)


def ediff1d(ary, to_end=None, to_begin=None):
    """``numpy.ediff1d``: differences of the flattened array, with `to_begin` and
    `to_end` around them.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.ediff1d(np.array([1.0, 4.0, 9.0]), to_begin=0.0)
        array([0., 3., 5.])
    """
    flat = ravel(as_operand(ary))
    dtype = np.result_type(raw(flat))
    parts = [getitem(flat, (slice(1, None),)) - getitem(flat, (slice(None, -1),))]
    for edge, first in ((to_begin, True), (to_end, False)):
        if edge is None:
            continue
        edge = as_operand(edge)
        if not np.can_cast(np.result_type(raw(edge)), dtype, casting="same_kind"):
            raise TypeError(f"dtype of `{'to_begin' if first else 'to_end'}` must be compatible "
                            f"with input `ary` under the `same_kind` rule.")
        parts.insert(0 if first else len(parts), ravel(edge))
    return concatenate(parts) if len(parts) > 1 else parts[0]


def unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    """``numpy.unwrap``: jumps larger than `discont` replaced by their complement modulo
    `period` (piecewise-constant shifts: derivative 1).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jvp(dt.numpy.unwrap, (np.array([0.0, 3.0, -3.0]),), (np.ones(3),))[1]
        array([1., 1., 1.])
    """
    p = as_operand(p)
    nd = ndim(p)
    ax = normalize_axis(axis, nd) + nd
    dd = np.diff(np.asarray(raw(p)), axis=ax)          # NumPy's steps, on plain values
    dtype = np.result_type(dd, period)
    if np.issubdtype(dtype, np.integer):
        high, rem = divmod(period, 2)
        ambiguous = rem == 0
    else:
        high, ambiguous = period / 2, True
    ddmod = np.mod(dd - -high, period) + -high
    if ambiguous:
        np.copyto(ddmod, high, where=(ddmod == -high) & (dd > 0))
    correct = ddmod - dd
    np.copyto(correct, 0, where=np.abs(dd) < (period / 2 if discont is None else discont))
    rest = getitem(p, along(ax, slice(1, None))) + np.cumsum(correct, axis=ax)
    out = concatenate([getitem(p, along(ax, slice(0, 1))), rest], axis=ax)
    return out if np.result_type(raw(out)) == dtype else astype(out, dtype)
