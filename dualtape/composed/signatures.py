"""NumPy's full signatures for the table's most used functions: the keyword
arguments NumPy 2 accepts (``dtype``, ``out``, ``initial``, ``where``,
``casting``, ``correction``, ``copy``, ``order``, ``min``/``max``, ...), around the
table's own functions, which take only what their rules need.

``out=`` is refused (a write into an array would drop the derivative), as is
a memory ``order`` other than C; ``where=`` masks entries with the
reduction's identity; ``dtype=`` casts first; ``where(condition)`` alone is
``nonzero``.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.box import Box, raw
from ..core.arrays import shape, ndim, normalize_axes
from ..rules import reductions as _red, statistics as _stats, shapes as _shapes
from ..rules.casting import astype as _astype
from ..rules.elementwise import where as _where, clip as _clip, maximum, minimum
from ..rules.elementwise_piecewise import round as _round
from ..rules.einsum import einsum as _einsum
from ..rules.matmul import dot as _dot
from . import stacking as _stacking, selection as _selection, contractions as _contractions
from .array_methods_layout import reshaped, raveled
from .positions import as_operand
from .views import memory_of

__all__ = ["sum", "prod", "mean", "max", "min", "amax", "amin", "cumsum", "cumprod", "var", "std",
           "concatenate", "concat", "stack", "vstack", "hstack", "dstack", "row_stack", "clip",
           "reshape", "ravel", "where", "round", "around", "astype", "dot", "outer", "take",
           "trace", "einsum", "argmax", "argmin"]

_NO_VALUE = np._NoValue


def _cast(a, dtype):
    a = as_operand(a)
    return a if dtype is None or np.result_type(raw(a)) == np.dtype(dtype) else _astype(a, dtype)


def _masked(a, where_mask, fill):
    if where_mask is True:
        return a
    return _where(np.broadcast_to(np.asarray(raw(where_mask), dtype=bool), shape(a)), a, fill)


def _reduction(entry, name, identity, combine, doc):
    def reduce(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
        reject_out(out, name)
        a = _cast(a, dtype)
        if where is not True and identity is None and initial is _NO_VALUE:
            raise ValueError(f"reduction operation '{name}' does not have an identity, so to use "
                             f"a where mask one has to specify 'initial'")
        a = _masked(a, where, identity if identity is not None else initial)
        result = entry(a, axis=axis, keepdims=keepdims)
        return result if initial is _NO_VALUE else combine(result, initial)
    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = doc
    return reduce


sum = _reduction(_red.sum, "sum", 0.0, lambda r, i: r + i, """``numpy.sum`` with NumPy's
    keywords: `dtype`, `initial` (added) and `where` (other entries count as 0).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.sum(x, where=[True, False], initial=1.0))(np.ones(2))
        array([1., 0.])
    """)
prod = _reduction(_red.prod, "prod", 1.0, lambda r, i: r * i, """``numpy.prod`` with `dtype`,
    `initial` (multiplied) and `where` (other entries count as 1).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.prod(np.array([2.0, 3.0]), initial=2.0))
        12.0
    """)
max = _reduction(_red.max, "max", None, maximum, """``numpy.max`` with `initial` and `where`
    (which needs `initial`, as in NumPy).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.max(np.array([2.0, 3.0]), initial=5.0))
        5.0
    """)
min = _reduction(_red.min, "min", None, minimum, """``numpy.min`` with `initial` and `where`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.min(np.array([2.0, 3.0]), where=[False, True], initial=9.0))
        3.0
    """)
amax, amin = max, min


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """``numpy.mean`` with `dtype` and `where` (the mean of the selected entries).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.mean(np.array([1.0, 2.0, 6.0]), where=[True, True, False]))
        1.5
    """
    reject_out(out, "mean")
    a = _cast(a, dtype)
    if where is True:
        result = _red.mean(a, axis=axis, keepdims=keepdims)
    else:
        mask = np.broadcast_to(np.asarray(raw(where), dtype=bool), shape(a))
        axes = normalize_axes(axis, ndim(a))
        result = _red.sum(_where(mask, a, 0.0), axis=axes, keepdims=keepdims) / \
            np.sum(mask, axis=axes, keepdims=keepdims)
    # NumPy sums in an integer dtype and casts the quotient back to it (truncating):
    # mean([1, 2], dtype=int) is 1
    if dtype is not None and not np.issubdtype(np.dtype(dtype), np.inexact):
        result = _astype(result, dtype)
    return result


def _running(entry, name):
    def running(a, axis=None, dtype=None, out=None):
        reject_out(out, name)
        return entry(_cast(a, dtype), axis)
    running.__name__ = running.__qualname__ = name
    running.__doc__ = f"""``numpy.{name}`` with `dtype`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}(np.array([1, 2, 3]), dtype=float)
        {getattr(np, name)(np.array([1.0, 2.0, 3.0]))!r}
    """
    return running


cumsum = _running(_stats.cumsum, "cumsum")
cumprod = _running(_stats.cumprod, "cumprod")


def _moment(entry, name):
    def moment(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
               mean=None, correction=None):
        if where is not True or mean is not None:
            raise NotImplementedError(f"{name}: `where=` and `mean=` are not supported on "
                                      f"dualtape values; select the entries first")
        if correction is not None:
            ddof = correction
        return entry(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims)
    moment.__name__ = moment.__qualname__ = name
    moment.__doc__ = f"""``numpy.{name}`` with NumPy 2's `correction` (another name for `ddof`).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.{name}(np.array([1.0, 3.0]), correction=1))
        {float(getattr(np, name)(np.array([1.0, 3.0]), ddof=1))!r}
    """
    return moment


var = _moment(_stats.var, "var")
std = _moment(_stats.std, "std")


def _with_casting(arrays, dtype, casting, who):
    arrays = [as_operand(a) for a in arrays]
    if dtype is None:
        return arrays
    for a in arrays:
        if not np.can_cast(np.result_type(raw(a)), dtype, casting):
            raise TypeError(f"{who}: Cannot cast array data from {np.result_type(raw(a))!r} to "
                            f"{np.dtype(dtype)!r} according to the rule {casting!r}")
    return [_cast(a, dtype) for a in arrays]


def concatenate(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """``numpy.concatenate`` with `dtype` and `casting`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.concatenate([np.array([1, 2]), np.array([3])], dtype=float)
        array([1., 2., 3.])
    """
    reject_out(out, "concatenate")
    return _shapes.concatenate(_with_casting(arrays, dtype, casting, "concatenate"), axis=axis)


concat = concatenate


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """``numpy.stack`` with `dtype` and `casting`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.stack([np.array([1, 2]), np.array([3, 4])], dtype=float).dtype
        dtype('float64')
    """
    reject_out(out, "stack")
    return _shapes.stack(_with_casting(arrays, dtype, casting, "stack"), axis=axis)


def _stacker(fn, name):
    def stacker(tup, *, dtype=None, casting="same_kind"):
        return fn(_with_casting(tup, dtype, casting, name))
    stacker.__name__ = stacker.__qualname__ = name
    stacker.__doc__ = f"""``numpy.{name}`` with NumPy 2's `dtype` and `casting`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}([np.array([1, 2]), np.array([3, 4])], dtype=float).dtype
        dtype('float64')
    """
    return stacker


vstack = _stacker(_stacking.vstack, "vstack")
hstack = _stacker(_stacking.hstack, "hstack")
dstack = _stacker(_stacking.dstack, "dstack")
row_stack = vstack


def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, out=None, *, min=_NO_VALUE, max=_NO_VALUE):
    """``numpy.clip`` with NumPy 2's `min` and `max` keywords.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.clip(np.array([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
        array([0. , 0.5, 1. ])
    """
    reject_out(out, "clip")
    lo = min if a_min is _NO_VALUE else a_min
    hi = max if a_max is _NO_VALUE else a_max
    return _clip(a, None if lo is _NO_VALUE else lo, None if hi is _NO_VALUE else hi)


def reshape(a, /, shape=None, order="C", *, newshape=None, copy=None):
    """``numpy.reshape`` with NumPy 2's `shape`, `order` (read from the memory for ``"A"``)
    and `copy`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.reshape(dt.Dual(np.arange(4.0), np.ones(4)), shape=(2, 2), order="F").primal
        array([[0., 2.],
               [1., 3.]])
    """
    target = newshape if shape is None else shape
    a = as_operand(a)
    if not isinstance(a, Box):
        return np.reshape(a, target, order=order, copy=copy)
    if copy is False:                         # NumPy's own error where it would have to copy
        np.reshape(memory_of(a), target, order=order, copy=False)
    out = reshaped(a, target, order)
    return out.copy() if copy and out is a else out


def ravel(a, order="C"):
    """``numpy.ravel`` with `order` (``"A"`` and ``"K"`` read from the memory).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.ravel(dt.Dual(np.ones((2, 2)), np.eye(2)), order="F").tangent
        array([1., 0., 0., 1.])
    """
    a = as_operand(a)
    return raveled(a, order) if isinstance(a, Box) else np.ravel(a, order)


def where(condition, x=_NO_VALUE, y=_NO_VALUE, /):
    """``numpy.where``: ``where(condition, x, y)`` differentiable in x and y; with the
    condition alone it is ``nonzero`` (plain indices).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.where(dt.Dual(np.array([0.0, 2.0]), np.ones(2)) > 1.0)
        (array([1]),)
    """
    if x is _NO_VALUE and y is _NO_VALUE:
        return np.nonzero(raw(condition))
    if x is _NO_VALUE or y is _NO_VALUE:
        raise ValueError("either both or neither of x and y should be given")
    return _where(condition, x, y)


def round(a, decimals=0, out=None):
    """``numpy.round`` (also ``around``), refusing `out`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.round(np.array([1.26]), 1)
        array([1.3])
    """
    reject_out(out, "round")
    return _round(a, decimals)


around = round


def astype(x, dtype, /, *, copy=True, device=None):
    """``numpy.astype`` (NumPy 2): `x` cast to `dtype` (a copy unless ``copy=False``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.astype(np.array([1, 2]), float)
        array([1., 2.])
    """
    x = as_operand(x)
    out = _astype(x, dtype)
    return out.copy() if copy and out is x and hasattr(out, "copy") else out


def _refusing_out(fn, name):
    def with_out(*args, out=None, **kwargs):
        reject_out(out, name)
        return fn(*args, **kwargs)
    with_out.__name__ = with_out.__qualname__ = name
    with_out.__doc__ = f"""``numpy.{name}``, refusing `out` (a write would drop the derivative).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}.__name__
        '{name}'
    """
    return with_out


dot = _refusing_out(_dot, "dot")
outer = _refusing_out(_contractions.outer, "outer")
take = _refusing_out(_selection.take, "take")
argmax = _refusing_out(_selection.argmax, "argmax")
argmin = _refusing_out(_selection.argmin, "argmin")
einsum = _refusing_out(_einsum, "einsum")


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """``numpy.trace`` with `dtype`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.trace(np.eye(3), dtype=float))
        3.0
    """
    reject_out(out, "trace")
    return _contractions.trace(_cast(a, dtype), offset, axis1, axis2)
