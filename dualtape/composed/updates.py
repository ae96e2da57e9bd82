"""Functional index updates: ``x.at[index].set(v)`` and friends, JAX's spelling.

``x.at[index].set(v)`` is a new array equal to `x` with ``x[index] = v``
applied; ``add``, ``subtract``, ``multiply``, ``divide``, ``power``, ``min`` and
``max`` combine instead of replacing, and ``apply(f)`` applies a unary function
there; ``get()`` is ``x[index]``.  `x` may be any box or a plain array (``dualtape.numpy.at(x)``);
derivatives flow to both `x` and `v`.  Repeated integer indices behave like
NumPy's unbuffered ``ufunc.at``: ``add`` accumulates, ``multiply`` multiplies,
and ``set`` keeps the last write (the earlier writes get no derivative).

No new table entries: the update is composed from ``getitem``, ``scatter_add``
and ``where`` on the flattened array.  Writes to one position are applied in
rounds (the k-th round holds each position's k-th write), so within a round
every position is written at most once.  ``x[index] = v`` on a box records this
update and rebinds the box to the result (composed/views.py, which also
carries the write to the views that share the entries).

A masked array is refused as `x` or `v` (core/interop.py says why).
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape
from ..core.interop import reject_masked
from ..rules.elementwise import add, divide, maximum, minimum, multiply, power, subtract, where
from ..rules.indexing import getitem, scatter_add, normalize_index
from ..rules.shapes import reshape, broadcast_to
from .operands import sequence_operand

__all__ = ["at"]


def flat_positions(xshape, index):
    """The flat (C-order) positions of the entries ``x[index]`` reads, in its shape.

    Example:
        >>> flat_positions((2, 3), (slice(None), 1))
        array([1, 4])
    """
    index = normalize_index(index, len(xshape))
    return np.arange(int(np.prod(xshape)), dtype=np.intp).reshape(xshape)[index]


def _rounds(flat_targets):
    """Write numbers grouped so each group hits every position at most once."""
    order = np.argsort(flat_targets, kind="stable")
    sorted_t = flat_targets[order]
    start = np.r_[0, np.flatnonzero(np.diff(sorted_t)) + 1]
    occurrence = np.empty(len(flat_targets), dtype=np.intp)
    counts = np.diff(np.r_[start, len(sorted_t)])
    occurrence[order] = np.arange(len(sorted_t)) - np.repeat(start, counts)
    return [np.flatnonzero(occurrence == k) for k in range(int(occurrence.max(initial=-1)) + 1)]


_COMBINE = {"set": lambda current, new: new, "add": add, "subtract": subtract,
            "multiply": multiply, "divide": divide, "power": power, "min": minimum,
            "max": maximum}


def update(x, index, v, op):
    """``x`` with ``x[index] (op)= v`` applied functionally (see the module docstring).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.at(np.zeros(3))[[0, 0, 2]].add(1.0)
        array([2., 0., 1.])
    """
    reject_masked((x, v), f"at[...].{op}")
    return update_positions(x, flat_positions(shape(x), index), v, op)


def update_positions(x, targets, v, op):
    """``x`` with its entries at the flat positions `targets` combined with `v` by `op`
    (``"set"``, ``"add"``, ...); `v` broadcasts to the shape of `targets`, and a
    list or tuple is read as NumPy reads it.

    Example:
        >>> import numpy as np
        >>> update_positions(np.zeros((2, 2)), np.array([3, 0]), np.array([5.0, 7.0]), "set")
        array([[7., 0.],
               [0., 5.]])
    """
    x, v = (sequence_operand(a) if type(a) in (list, tuple) else a for a in (x, v))
    xshape = shape(x)
    flat_t = targets.reshape(-1)
    n = int(np.prod(xshape))
    out = reshape(x, (n,))
    if not np.issubdtype(np.result_type(raw(x)), np.inexact):
        out = out * 1.0            # an integer array becomes float: it is about to carry a derivative
    if op == "apply":                  # v is a unary function, applied at each write
        vals, combine = None, lambda current, _: v(current)
    else:
        vals = reshape(broadcast_to(v, targets.shape), (-1,)) if flat_t.size else None
        combine = _COMBINE[op]
    for writes in _rounds(flat_t):
        pos = flat_t[writes]
        written = np.zeros(n, dtype=bool)
        written[pos] = True
        new = combine(getitem(out, (pos,)), None if vals is None else getitem(vals, (writes,)))
        out = where(written, scatter_add(new, (pos,), (n,)), out)
    return reshape(out, xshape)


def _combining(op, what):
    """The method of ``x.at[index]`` that combines the entries there with v by `op`."""
    def method(self, v):
        return update(self.x, self.index, v, op)
    method.__name__ = method.__qualname__ = op
    method.__doc__ = f"x with {what}."
    return method


class _Updater:
    """``x.at[index]``: the operations that build an updated copy of x."""

    __slots__ = ("x", "index")

    def __init__(self, x, index):
        self.x, self.index = x, index

    def get(self):
        """``x[index]``."""
        return getitem(self.x, self.index)

    set = _combining("set", "``x[index] = v`` (the last of repeated writes wins)")
    add = _combining("add", "v added at index (repeated indices accumulate)")
    subtract = _combining("subtract", "v subtracted at index (repeated indices accumulate)")
    multiply = _combining("multiply", "the entries at index multiplied by v")
    divide = _combining("divide", "the entries at index divided by v")
    power = _combining("power", "the entries at index raised to the power v")
    min = _combining("min", "the entries at index replaced by ``minimum(x[index], v)``")
    max = _combining("max", "the entries at index replaced by ``maximum(x[index], v)``")
    apply = _combining("apply", "the unary function v applied to the entries at index (once "
                                "per occurrence of a repeated index, as JAX does)")


class At:
    """``x.at``: index it to get the update operations (``x.at[i].set(v)``)."""

    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x

    def __getitem__(self, index):
        return _Updater(self.x, index)


def at(x):
    """Functional updates of any array or box: ``at(x)[index].set(v)`` (also ``add``,
    ``subtract``, ``multiply``, ``divide``, ``power``, ``min``, ``max``, ``apply``,
    ``get``), the same as ``x.at[index]`` on boxes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda v: dt.numpy.sum(dt.numpy.at(np.ones(3))[1].set(v) ** 2)
        >>> float(dt.gradient(f)(3.0))
        6.0
    """
    return At(x)
