"""Array creation on dualtape values: ``array``, ``asarray`` and their
relatives, the ``*_like`` functions, ``full``, ``copy``, ``arange``,
``logspace``, ``geomspace``, ``meshgrid`` and ``vander``.

A list or tuple holding dualtape values (nested, mixed with numbers and
arrays) is their stack, as NumPy would make the array; a dualtape value is
itself (a copy where NumPy copies).  The constant-shaped creators (``zeros``,
``ones``, ``eye``, ...) take no values and are NumPy's own (composed/passthrough.py);
``zeros_like`` and its relatives read only the shape and dtype of a dualtape
value, so their results are plain arrays.  Values that carry a derivative
(``full``'s fill value, ``arange``'s start and step, the ends of ``logspace``
and ``geomspace``) carry it into the result.
"""
import operator

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, is_box
from ..rules.casting import astype
from ..rules.elementwise import power, where
from ..rules.elementwise_more import log10
from ..rules.indexing import getitem
from ..rules.shapes import broadcast_to, reshape, concatenate, expand_dims, moveaxis
from ..rules.statistics import cumprod
from .positions import holds_box
from .operands import sequence_operand
from .sequences import linspace

__all__ = ["array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray",
           "asarray_chkfinite", "require", "copy", "zeros_like", "ones_like", "empty_like",
           "full_like", "full", "arange", "logspace", "geomspace", "meshgrid", "vander"]


def _with_dtype(x, dtype):
    if dtype is None or np.result_type(raw(x)) == np.dtype(dtype):
        return x
    return astype(x, dtype)


def _boxed_object(obj):
    """A box, or the stack of the boxes a list, tuple or object array holds; None when none does."""
    if is_box(obj):
        return obj
    if isinstance(obj, np.ndarray) and obj.dtype == object:
        obj = obj.tolist()
    if type(obj) in (list, tuple) and holds_box(obj):
        return sequence_operand(obj)
    return None


def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, like=None):
    """``numpy.array``: a list or tuple holding dualtape values becomes their
    differentiable stack; a dualtape value is copied.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x, y: dt.numpy.array([[x, 1.0], [2.0, y]]).sum() * x,   # (x+3+y)·x
        ...             argnums=(0, 1))(2.0, 3.0)
        (10.0, 2.0)
    """
    boxed = _boxed_object(object)
    if boxed is None:
        return np.array(object, dtype=dtype, copy=copy, order=order, subok=subok, ndmin=ndmin)
    if copy is False:
        raise ValueError("array: copy=False is impossible for a list of dualtape values; the "
                         "stack is a new value (use copy=None)")
    out = boxed.copy() if boxed is object and copy else boxed
    out = _with_dtype(out, dtype)
    if ndim(out) < ndmin:
        out = reshape(out, (1,) * (ndmin - ndim(out)) + shape(out))
    return out


def asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """``numpy.asarray``: a dualtape value as it is, a list holding dualtape values as
    their stack, anything else NumPy's array.

    Example:
        >>> import dualtape as dt
        >>> x = dt.Dual(1.0, 1.0)
        >>> dt.numpy.asarray([x, x * 2.0]).tangent
        array([1., 2.])
    """
    boxed = _boxed_object(a)
    if boxed is None:
        return np.asarray(a, dtype=dtype, order=order, copy=copy)
    out = boxed.copy() if copy and boxed is a else boxed
    return _with_dtype(out, dtype)


def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """``numpy.asanyarray``: as `asarray` (dualtape values have no subclasses to keep).

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.asanyarray([dt.Dual(1.0, 1.0)]).shape
        (1,)
    """
    if _boxed_object(a) is None:
        return np.asanyarray(a, dtype=dtype, order=order, copy=copy)
    return asarray(a, dtype, copy=copy)


def ascontiguousarray(a, dtype=None, *, like=None):
    """``numpy.ascontiguousarray``: as `asarray` (a dualtape value has no memory layout
    of its own), at least 1-d.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.ascontiguousarray(dt.Dual(1.0, 1.0)).shape
        (1,)
    """
    if _boxed_object(a) is None:
        return np.ascontiguousarray(a, dtype=dtype)
    return array(a, dtype, copy=None, ndmin=1)


def asfortranarray(a, dtype=None, *, like=None):
    """``numpy.asfortranarray``: as `ascontiguousarray` for dualtape values.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.asfortranarray([dt.Dual(1.0, 1.0)]).shape
        (1,)
    """
    if _boxed_object(a) is None:
        return np.asfortranarray(a, dtype=dtype)
    return array(a, dtype, copy=None, ndmin=1)


def asarray_chkfinite(a, dtype=None, order=None):
    """``numpy.asarray_chkfinite``: `asarray`, raising ``ValueError`` on inf or NaN.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.asarray_chkfinite(dt.Dual(np.array([1.0, np.inf]), np.ones(2)))
        Traceback (most recent call last):
        ...
        ValueError: array must not contain infs or NaNs
    """
    out = asarray(a, dtype, order)
    if np.result_type(raw(out)).char in np.typecodes["AllFloat"] and \
            not np.isfinite(raw(out)).all():
        raise ValueError("array must not contain infs or NaNs")
    return out


def require(a, dtype=None, requirements=None, *, like=None):
    """``numpy.require``: `asarray` with `dtype`; memory-layout requirements hold for a
    dualtape value trivially (it is not shared memory a caller could see).

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.require([dt.Dual(1.0, 1.0)], requirements="C").shape
        (1,)
    """
    if _boxed_object(a) is None:
        return np.require(a, dtype, requirements)
    return asarray(a, dtype)


def copy(a, order="K", subok=False):
    """``numpy.copy``: a new value equal to `a`; a dualtape value keeps its derivative.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.copy(x) * 2.0, (1.0,), (1.0,))
        (2.0, 2.0)
    """
    boxed = _boxed_object(a)
    if boxed is None:
        return np.copy(a, order=order, subok=subok)
    return boxed.copy() if boxed is a else boxed


def _like(np_like, name):
    def like_fn(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
        value = raw(a) if is_box(a) else a
        return np_like(value, dtype=dtype, order=order, subok=subok, shape=shape)
    like_fn.__name__ = like_fn.__qualname__ = name
    like_fn.__doc__ = f"""``numpy.{name}``: reads only the shape and dtype of `a` (a dualtape value
    too), so the result is a plain array.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}(dt.Dual(np.ones(2), np.ones(2))).shape
        (2,)
    """
    return like_fn


zeros_like = _like(np.zeros_like, "zeros_like")
ones_like = _like(np.ones_like, "ones_like")
empty_like = _like(np.empty_like, "empty_like")


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    """``numpy.full``: an array of `shape` filled with `fill_value`, which may carry a
    derivative (then every entry carries it).

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda c: dt.numpy.full((2, 3), c).sum())(1.5)
        6.0
    """
    if not holds_box(fill_value):
        return np.full(shape, fill_value, dtype=dtype, order=order)
    shape = (operator.index(shape),) if np.ndim(shape) == 0 else tuple(int(n) for n in shape)
    value = sequence_operand(fill_value) if type(fill_value) in (list, tuple) else fill_value
    out = broadcast_to(value, shape)
    return _with_dtype(out.copy() if out is fill_value else out, dtype)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """``numpy.full_like``: `full` with the shape and dtype of `a`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda c: dt.numpy.full_like(np.zeros(4), c).sum())(1.5)
        4.0
    """
    value = raw(a) if is_box(a) else np.asarray(a)
    if not holds_box(fill_value):
        return np.full_like(value, fill_value, dtype=dtype, order=order, subok=subok, shape=shape)
    return full(value.shape if shape is None else shape, fill_value,
                dtype=value.dtype if dtype is None else dtype)


def arange(start_or_stop, stop=None, step=None, dtype=None, *, device=None, like=None):
    """``numpy.arange``, differentiable in `start` and `step` (``start + i·step``); the
    number of entries depends on the values only piecewise, so `stop` has derivative 0.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda s: dt.numpy.arange(s, 3.0, 0.5).sum())(1.0)
        4.0
    """
    args = (start_or_stop, stop, step)
    if not holds_box(args):
        if stop is None:
            return np.arange(start_or_stop, step=step, dtype=dtype)
        return np.arange(start_or_stop, stop, step, dtype=dtype)
    start, stop = (0.0, start_or_stop) if stop is None else (start_or_stop, stop)
    step = 1.0 if step is None else step
    plain = np.arange(raw(start), raw(stop), raw(step), dtype=dtype)
    counts = np.arange(plain.size, dtype=float)
    out = counts * step + start if is_box(step) or is_box(start) else plain
    return _with_dtype(out, plain.dtype)


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """``numpy.logspace``: ``base ** linspace(start, stop)``, differentiable in the
    ends and the base.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.logspace(0.0, dt.Dual(2.0, 1.0), 3).primal
        array([  1.,  10., 100.])
    """
    if not holds_box((start, stop, base)):
        return np.logspace(start, stop, num, endpoint, base, dtype, axis)
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    if ndim(base) > 0:
        base = expand_dims(base, axis)
    out = power(base, y)
    return out if dtype is None else _with_dtype(out, dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """``numpy.geomspace``: a geometric sequence from `start` to `stop` (real, of one
    sign), differentiable in both ends; the ends are exactly `start` and `stop`.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.geomspace(dt.Dual(1.0, 1.0), 1000.0, 4).primal
        array([   1.,   10.,  100., 1000.])
    """
    if not holds_box((start, stop)):
        return np.geomspace(start, stop, num, endpoint, dtype, axis)
    rs, re = np.asarray(raw(start)), np.asarray(raw(stop))
    if np.any(rs == 0) or np.any(re == 0):
        raise ValueError("Geometric sequence cannot include zero")
    if np.iscomplexobj(rs) or np.iscomplexobj(re) or np.any(np.sign(rs) != np.sign(re)):
        raise NotImplementedError("geomspace: dualtape differentiates real sequences whose ends "
                                  "have one sign; for others use exp(linspace(log(start), "
                                  "log(stop))) on complex values")
    # NumPy's steps: rotate to positive ends, 10 ** linspace(log10 ...), exact ends, rotate back
    out_sign = np.sign(np.result_type(rs, re, float).type(1) * rs)
    start, stop = start / out_sign, stop / out_sign
    y = power(10.0, linspace(log10(start), log10(stop), num=num, endpoint=endpoint, axis=0))
    if num > 0:
        first = np.zeros(num, dtype=bool).reshape((num,) + (1,) * (ndim(y) - 1))
        first[0] = True
        y = where(first, start, y)
        if endpoint and num > 1:
            last = np.zeros_like(first)
            last[-1] = True
            y = where(last, stop, y)
    y = y * out_sign
    if axis != 0:
        y = moveaxis(y, 0, axis)
    return y if dtype is None else _with_dtype(y, dtype)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """``numpy.meshgrid``: coordinate arrays from coordinate vectors (broadcasts).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> xx, yy = dt.numpy.meshgrid(dt.Dual(np.array([1.0, 2.0]), np.ones(2)), np.zeros(3))
        >>> xx.shape, xx.tangent.sum()
        ((3, 2), np.float64(6.0))
    """
    if not holds_box(xi):
        return np.meshgrid(*xi, copy=copy, sparse=sparse, indexing=indexing)
    if indexing not in ("xy", "ij"):
        raise ValueError("meshgrid: Valid values for `indexing` are 'xy' and 'ij'.")
    n = len(xi)
    vectors = [reshape(x if is_box(x) else np.asarray(x), (-1,)) for x in xi]
    shapes = [(1,) * i + (-1,) + (1,) * (n - i - 1) for i in range(n)]
    if indexing == "xy" and n > 1:
        shapes[0], shapes[1] = (1, -1) + (1,) * (n - 2), (-1, 1) + (1,) * (n - 2)
    grids = [reshape(v, s) for v, s in zip(vectors, shapes)]
    if not sparse:
        target = np.broadcast_shapes(*[shape(g) for g in grids])
        grids = [broadcast_to(g, target) for g in grids]
    return tuple(grids)


def vander(x, N=None, increasing=False):
    """``numpy.vander``: the powers of `x` as columns (decreasing unless `increasing`),
    built by repeated products, so the derivative is exact at ``x = 0`` too.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.vander(x, 3), (np.array([0.0, 2.0]),), (np.ones(2),))[1]
        array([[0., 1., 0.],
               [4., 1., 0.]])
    """
    if not holds_box(x):
        return np.vander(x, N, increasing)
    if ndim(x) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = shape(x)[0] if N is None else operator.index(N)
    columns = [np.ones((shape(x)[0], 1), dtype=np.result_type(raw(x)))] if n > 0 else []
    if n > 1:
        repeated = broadcast_to(expand_dims(x, -1), (shape(x)[0], n - 1))
        columns.append(cumprod(repeated, axis=-1))
    if not columns:
        return np.empty((shape(x)[0], 0))
    out = concatenate(columns, axis=-1) if len(columns) > 1 else columns[0]
    if not increasing:
        out = getitem(out, (slice(None), slice(None, None, -1)))
    return out
