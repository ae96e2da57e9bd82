"""The methods of NumPy's binary ufuncs for the table's ufuncs: ``reduce``,
``accumulate``, ``outer`` and ``at`` (``dualtape.numpy.add.reduce``, and
``np.add.reduce(x)`` on a dualtape value, which NumPy routes here).

* ``add``, ``multiply``, ``maximum`` and ``minimum`` reduce through the
  ``sum``, ``prod``, ``max`` and ``min`` entries (NumPy's own values; ties of
  ``max`` share the derivative equally) and accumulate through ``cumsum`` and
  ``cumprod``;
* every other binary ufunc (``logaddexp``, ``hypot``, ``maximum.accumulate``,
  ...) folds along the axis, ``out = f(out, a[i])``, as NumPy's reduction loop
  does: the same values, one table operation per step;
* ``outer`` is the ufunc on ``a[..., None, ...]`` and ``b``;
* ``at`` writes into its first argument as NumPy does (a dualtape value is
  rebound, as by ``x[i] = v``), for ``add``, ``subtract``, ``multiply``,
  ``maximum`` and ``minimum``, with NumPy's accumulation of repeated indices.

`attach` gives a ufunc's function these methods.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis, is_box
from ..rules.casting import astype
from ..rules.elementwise import where
from ..rules.indexing import getitem
from ..rules.reductions import sum as _sum, prod as _prod, max as _max, min as _min
from ..rules.shapes import moveaxis, reshape, stack, expand_dims
from ..rules.statistics import cumsum, cumprod
from .positions import as_operand
from .updates import update

__all__ = ["attach"]

_REDUCTIONS = {"add": _sum, "multiply": _prod, "maximum": _max, "minimum": _min}
_ACCUMULATIONS = {"add": cumsum, "multiply": cumprod}
_AT = {"add": "add", "multiply": "multiply", "maximum": "max", "minimum": "min"}
_NO_VALUE = np._NoValue


def _reject_out(out, what):
    if out is not None:
        raise TypeError(f"{what}: `out=` writes in place and would drop the derivative; use the "
                        f"returned value")


def _prepare(a, dtype):
    a = as_operand(a)
    if dtype is not None:
        a = astype(a, dtype)
    return a


def _fold(fn, a, axis):
    """``f(...f(f(a[0], a[1]), a[2])..., a[n-1])`` along the (negative) `axis`, and the
    partial results (the accumulation)."""
    a = moveaxis(a, axis, 0)
    n = shape(a)[0]
    if n == 0:
        return None, []
    out = getitem(a, 0)
    partial = [out]
    for i in range(1, n):
        out = fn(out, getitem(a, i))
        partial.append(out)
    return out, partial


def _reduce(fn, ufunc):
    name = ufunc.__name__

    def reduce(array, axis=0, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
        _reject_out(out, f"{name}.reduce")
        a = _prepare(array, dtype)
        if where is not True:
            if ufunc.identity is None:
                raise NotImplementedError(f"{name}.reduce: `where=` needs a ufunc with an "
                                          f"identity; mask the values first")
            a = _masked(a, where, ufunc.identity)
        entry = _REDUCTIONS.get(name)
        if entry is not None:
            axes = normalize_axes(axis, ndim(a))
            if name in ("maximum", "minimum") and any(shape(a)[ax] == 0 for ax in axes):
                if initial is _NO_VALUE:
                    raise ValueError(f"zero-size array to reduction operation {name} which has "
                                     f"no identity")
                return np.full(np.sum(np.zeros(shape(a)), axis=axes, keepdims=keepdims).shape,
                               float(initial))
            result = entry(a, axis=axes, keepdims=keepdims)
        else:
            result = _folded(fn, a, axis, keepdims)
        if initial is not _NO_VALUE:
            init = np.asarray(initial)
            result = init if result is None else fn(result, init)
        return result
    reduce.__doc__ = f"""``numpy.{name}.reduce``: `{name}` applied along `axis` (0 by default).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.{name}.reduce(x))(np.array([0.5, 2.0])).shape
        (2,)
    """
    return reduce


def _folded(fn, a, axis, keepdims):
    """A reduction by folding along one axis (all axes, flattened, when `axis` is None)."""
    nd = ndim(a)
    if axis is None:
        a = reshape(a, (-1,))
        axes = tuple(range(-nd, 0))
    else:
        axes = normalize_axes(axis, nd)
        if len(axes) > 1:
            raise ValueError("reduction over several axes needs a reorderable operation")
    result, _ = _fold(fn, a, -1 if axis is None else axes[0])
    if result is not None and keepdims:
        result = reshape(result, tuple(1 if i - nd in axes else n for i, n in enumerate(shape(a)))
                         if axis is not None else (1,) * nd)
    return result


def _masked(a, where_mask, identity):
    mask = np.broadcast_to(np.asarray(raw(where_mask), dtype=bool), shape(a))
    return where(mask, a, float(identity))


def _accumulate(fn, ufunc):
    name = ufunc.__name__

    def accumulate(array, axis=0, dtype=None, out=None):
        _reject_out(out, f"{name}.accumulate")
        a = _prepare(array, dtype)
        if ndim(a) == 0:
            raise TypeError(f"{name}.accumulate: cannot accumulate on a scalar")
        ax = normalize_axis(axis, ndim(a))
        entry = _ACCUMULATIONS.get(name)
        if entry is not None:
            return entry(a, axis=ax)
        _, partial = _fold(fn, a, ax)
        if not partial:
            return a
        return moveaxis(stack(partial, axis=0), 0, ax)
    accumulate.__doc__ = f"""``numpy.{name}.accumulate``: the running `{name}` along `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}.accumulate(np.array([0.5, 2.0, 1.0])).shape
        (3,)
    """
    return accumulate


def _outer(fn, ufunc):
    name = ufunc.__name__

    def outer(A, B, /, **kwargs):
        if kwargs:
            raise TypeError(f"{name}.outer: keyword arguments {sorted(kwargs)} are not supported "
                            f"on dualtape values")
        a, b = as_operand(A), as_operand(B)
        return fn(reshape(a, shape(a) + (1,) * ndim(b)), b)
    outer.__doc__ = f"""``numpy.{name}.outer``: `{name}` of every entry of `A` with every entry of `B`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}.outer(np.array([1.0, 2.0]), np.array([0.5, 1.0, 2.0])).shape
        (2, 3)
    """
    return outer


def _at(fn, ufunc):
    name = ufunc.__name__
    op = _AT.get("add" if name == "subtract" else name)

    def at(a, indices, b=None, /):
        if op is None:
            raise NotImplementedError(
                f"{name}.at is not differentiable in dualtape; write the update functionally: "
                f"`a = dualtape.numpy.at(a)[indices].set({name}(a[indices], b))` (indices "
                f"without repeats)")
        if b is None:
            raise TypeError(f"{name}.at: second operand needed for a binary ufunc")
        values = as_operand(b)
        if name == "subtract":
            values = -values
        index = raw(indices) if is_box(indices) else indices
        if not is_box(a) and not is_box(values):
            getattr(np, name).at(a, index, b)
            return None
        new = update(as_operand(a), index, values, op)
        if not is_box(a):
            raise TypeError(
                f"{name}.at: a NumPy array cannot hold a dualtape value (its derivative would "
                f"be lost); take the updated copy: `a = dualtape.numpy.at(a)[indices].{op}(b)`")
        a[...] = new               # recorded like `x[...] = v`; views follow
        return None
    at.__doc__ = f"""``numpy.{name}.at``: unbuffered in-place `{name}` at `indices` (repeats accumulate).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.ones(2), np.zeros(2))
        >>> dt.numpy.add.at(x, [0, 0], dt.Dual(2.0, 1.0))
        >>> x.primal, x.tangent
        (array([5., 1.]), array([2., 0.]))
    """
    return at


def _reduceat(ufunc):
    name = ufunc.__name__

    def reduceat(array, indices, axis=0, dtype=None, out=None):
        raise NotImplementedError(
            f"{name}.reduceat is not differentiable in dualtape; reduce the slices one by one, "
            f"e.g. `[dualtape.numpy.{name}.reduce(a[i:j]) for i, j in zip(starts, stops)]`")
    reduceat.__doc__ = f"""``numpy.{name}.reduceat``: not differentiable here; raises ``NotImplementedError``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.{name}.reduceat(np.ones(3), [0, 2])
        Traceback (most recent call last):
        ...
        NotImplementedError: {name}.reduceat is not differentiable in dualtape; ...
    """
    return reduceat


def attach(fn, ufunc):
    """Give `fn`, the table's function for the binary NumPy `ufunc`, NumPy's ufunc methods.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.logaddexp.reduce(x))(np.zeros(2))
        array([0.5, 0.5])
    """
    fn.reduce = _reduce(fn, ufunc)
    fn.accumulate = _accumulate(fn, ufunc)
    fn.outer = _outer(fn, ufunc)
    fn.at = _at(fn, ufunc)
    fn.reduceat = _reduceat(ufunc)
    for attribute in ("nin", "nout", "nargs", "identity", "signature", "ntypes", "types"):
        setattr(fn, attribute, getattr(ufunc, attribute))
    return fn
