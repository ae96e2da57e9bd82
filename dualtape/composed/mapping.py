"""NumPy's functions that call your function on parts of an array: ``vectorize``,
``apply_along_axis``, ``apply_over_axes`` and ``piecewise``.

On dualtape values they follow NumPy's loops with table operations: the parts
are slices (``getitem``) of the array, your function computes with them as it
likes (so it is differentiated as it is), and the results are stacked or
written back functionally.  One call of your function per part, as in NumPy:
fine for the sizes these functions are used with.  Plain values go straight
to NumPy, unless your function returns a dualtape value (it uses one it closes
over): then NumPy's loop stops at the first such result, and the parts are
computed again the differentiable way.
"""
import collections.abc

import numpy as np

from ..core.box import raw
from ..core.arrays import shape, ndim, normalize_axis, is_box
from ..rules.casting import astype
from ..rules.indexing import getitem
from ..rules.shapes import broadcast_to, moveaxis, reshape, stack, expand_dims
from .plain_values import plain
from .positions import as_operand, holds_box
from .updates import update

__all__ = ["vectorize", "apply_along_axis", "apply_over_axes", "piecewise"]


class _BoxedResult(Exception):
    """Raised inside NumPy's loop: the user's function returned a dualtape value."""


def _plain_results(func):
    """`func`, stopping NumPy's loop (`_BoxedResult`) at a result that holds a dualtape
    value, which NumPy would store into its plain output array and lose."""
    if not callable(func):
        return func

    def checked(*args, **kwargs):
        out = func(*args, **kwargs)
        if holds_box(out):
            raise _BoxedResult
        return out
    return checked


class vectorize:
    """``numpy.vectorize``: `pyfunc` applied to each entry of the broadcast arguments;
    on dualtape values each call gets dualtape scalars, and the results are stacked.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = dt.numpy.vectorize(lambda x: x * x if x > 1.0 else 0.0)
        >>> dt.gradient(lambda x: f(x).sum())(np.array([0.5, 2.0]))
        array([0., 4.])
    """

    def __init__(self, pyfunc=np._NoValue, otypes=None, doc=None, excluded=None, cache=False,
                 signature=None):
        self.pyfunc = pyfunc
        self.otypes, self.excluded, self.signature = otypes, set(excluded or ()), signature
        self._numpy = np.vectorize(_plain_results(pyfunc), otypes, doc, excluded, cache,
                                   signature) if pyfunc is not np._NoValue else None
        self.__doc__ = doc if doc is not None else getattr(pyfunc, "__doc__", None)

    def __call__(self, *args, **kwargs):
        if self.pyfunc is np._NoValue:         # used as @vectorize(otypes=...): wrap the function
            return vectorize(args[0], self.otypes, None, self.excluded, False, self.signature)
        if not holds_box(args) and not holds_box(tuple(kwargs.values())):
            try:
                return self._numpy(*args, **kwargs)
            except _BoxedResult:
                pass
        if self.signature is not None:
            raise NotImplementedError("vectorize: `signature=` is not supported on dualtape "
                                      "values; loop over the core slices yourself")
        positions = [i for i in range(len(args)) if i not in self.excluded]
        keys = [k for k in kwargs if k not in self.excluded]
        mapped = [as_operand(args[i]) for i in positions] + [as_operand(kwargs[k]) for k in keys]
        target = np.broadcast_shapes(*[shape(m) for m in mapped])
        mapped = [broadcast_to(m, target) if is_box(m) else np.broadcast_to(m, target)
                  for m in mapped]
        results = []
        for index in np.ndindex(target):
            entries = [getitem(m, index) if is_box(m) else m[index] for m in mapped]
            call_args, call_kwargs = list(args), dict(kwargs)
            for i, e in zip(positions, entries):
                call_args[i] = e
            for k, e in zip(keys, entries[len(positions):]):
                call_kwargs[k] = e
            results.append(self.pyfunc(*call_args, **call_kwargs))
        if isinstance(results[0], tuple):
            return tuple(self._assemble([r[k] for r in results], target, k)
                         for k in range(len(results[0])))
        return self._assemble(results, target, 0)

    def _assemble(self, results, target, k):
        out = reshape(stack(results), target) if target else results[0]
        if self.otypes:
            dtype = np.dtype(self.otypes[k] if len(self.otypes) > k else self.otypes[0])
            if np.result_type(raw(out)) != dtype:
                out = astype(out, dtype)
        return out


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``numpy.apply_along_axis``: `func1d` on each 1-D slice along `axis`; its results
    take the place of that axis.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda a: dt.numpy.apply_along_axis(lambda r: (r * r).sum(), 1, a).sum()
        >>> dt.gradient(f)(np.ones((2, 3)))
        array([[2., 2., 2.],
               [2., 2., 2.]])
    """
    if not holds_box((arr, args, tuple(kwargs.values()))):
        try:
            return np.apply_along_axis(_plain_results(func1d), axis, arr, *args, **kwargs)
        except _BoxedResult:
            pass
    arr = as_operand(arr)
    nd = ndim(arr)
    axis = normalize_axis(axis, nd) + nd
    moved = moveaxis(arr, axis, -1)
    outer = shape(moved)[:-1]
    if 0 in outer:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    results = [as_operand(func1d(getitem(moved, index), *args, **kwargs))
               for index in np.ndindex(outer)]
    core = shape(results[0])
    out = reshape(stack(results), outer + core)
    if core:
        out = moveaxis(out, tuple(range(len(outer), len(outer) + len(core))),
                       tuple(range(axis, axis + len(core))))
    return out


def apply_over_axes(func, a, axes):
    """``numpy.apply_over_axes``: ``func(a, axis)`` for each axis in turn, keeping the
    number of dimensions (a reduced axis is kept with length 1).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.apply_over_axes(dt.numpy.sum, np.ones((2, 3)), [0, 1])
        array([[6.]])
    """
    if not holds_box(a):
        try:
            return np.apply_over_axes(_plain_results(func), a, plain(axes))
        except _BoxedResult:
            pass
    val = as_operand(a)
    n = ndim(val)
    for axis in np.atleast_1d(plain(axes)):
        axis = int(axis) + n if axis < 0 else int(axis)
        res = as_operand(func(val, axis))
        if ndim(res) != ndim(val):
            res = expand_dims(res, axis)
            if ndim(res) != ndim(val):
                raise ValueError("function is not returning an array of the correct shape")
        val = res
    return val


def piecewise(x, condlist, funclist, *args, **kw):
    """``numpy.piecewise``: each function (or constant) on the entries where its condition
    holds; a last function without a condition takes the rest; 0 elsewhere.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda x: dt.numpy.piecewise(x, [x < 0, x >= 0], [lambda v: -v, lambda v: v * v])
        >>> dt.gradient(lambda x: f(x).sum())(np.array([-2.0, 3.0]))
        array([-1.,  6.])
    """
    if not holds_box((x, list(funclist))):
        try:
            return np.piecewise(x, plain(condlist), [_plain_results(f) for f in funclist],
                                *args, **kw)
        except _BoxedResult:
            pass
    x = as_operand(x)
    n2 = len(funclist)
    condlist = plain(condlist)
    if np.isscalar(condlist) or (not isinstance(condlist[0], (list, np.ndarray)) and ndim(x) != 0):
        condlist = [condlist]
    conds = np.asarray(condlist, dtype=bool)
    n = len(conds)
    if n == n2 - 1:
        conds = np.concatenate([conds, ~np.any(conds, axis=0, keepdims=True)], axis=0)
    elif n != n2:
        raise ValueError(f"with {n} condition(s), either {n} or {n + 1} functions are expected")
    y = np.zeros(shape(x), np.result_type(raw(x)))
    for cond, func in zip(conds, funclist):
        cond = np.broadcast_to(cond, shape(x))
        if not isinstance(func, collections.abc.Callable):
            y = update(y, cond, func, "set")
        elif cond.any():
            y = update(y, cond, func(getitem(x, cond), *args, **kw), "set")
    return y
