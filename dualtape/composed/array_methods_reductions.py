"""NumPy's array methods that compute a new value, with NumPy's signatures: reductions
and statistics (``x.sum(axis, dtype, out, keepdims=...)``, ``x.std(ddof=1)``), running
sums, selections (``take``, ``choose``, ``compress``, ``repeat``) and ``dot``, ``clip``,
``round``, ``trace``.

Each is NumPy's function of the same name on the box (``x.sum(...)`` is
``numpy.sum(x, ...)``, through the function ``dualtape.numpy`` routes it to), so every
keyword NumPy's method takes works here, ``out=`` included; the call with no keyword
beyond the axis goes straight to its table entry, as it is the one programs make in
their loops.

Example:
    >>> import numpy as np, dualtape as dt
    >>> x = np.array([[1.0, 2.0], [3.0, 5.0]])
    >>> dt.gradient(lambda x: x.std(axis=0, ddof=1).sum())(x)     # ±1/√2 per column
    array([[-0.70710678, -0.70710678],
           [ 0.70710678,  0.70710678]])
"""
import numpy as np

from ..core.interop import HANDLED
from ..rules import reductions as red, statistics
from . import selection

__all__ = ["ReductionMethods"]

_NO_VALUE = np._NoValue


def _plain_call(dtype=None, out=None, initial=_NO_VALUE, where=True):
    """Whether a reduction's call asks for nothing beyond its table entry's own arguments."""
    return dtype is None and out is None and initial is _NO_VALUE and where is True


def _entry_or_numpy(x, entry, numpy_fn, axis, dtype, out, keepdims, initial, where):
    """`entry(x, axis, keepdims)` when the call asks for nothing more, else NumPy's function
    `numpy_fn` (``np.sum``, ``np.max``, ...) through dualtape.numpy, which takes every keyword.
    ``max`` and ``min`` have no `dtype`, so it is passed only when given."""
    if _plain_call(dtype, out, initial, where):
        return entry(x, axis, keepdims)
    more = {} if dtype is None else {"dtype": dtype}
    return HANDLED[numpy_fn](x, axis, out=out, keepdims=keepdims, initial=initial, where=where,
                             **more)


def _moment_or_numpy(x, entry, numpy_fn, axis, dtype, out, ddof, keepdims, where, mean,
                     correction):
    """`entry` (``var``, ``std``) of `x` when the call asks for nothing beyond its `ddof`,
    else NumPy's function `numpy_fn` through dualtape.numpy."""
    if _plain_call(dtype, out, _NO_VALUE, where) and mean is None and correction is None:
        return entry(x, axis=axis, ddof=ddof, keepdims=keepdims)
    return HANDLED[numpy_fn](x, axis, dtype, out, ddof, keepdims=keepdims, where=where,
                             mean=mean, correction=correction)


class ReductionMethods:
    """The value-computing ndarray methods that `ArrayLike` gets from here (a mixin, no state)."""

    __slots__ = ()

    def sum(self, axis=None, dtype=None, out=None, *, keepdims=False, initial=_NO_VALUE,
            where=True):
        """The sum over `axis` (NumPy's ``ndarray.sum``)."""
        return _entry_or_numpy(self, red.sum, np.sum, axis, dtype, out, keepdims, initial, where)

    def prod(self, axis=None, dtype=None, out=None, *, keepdims=False, initial=_NO_VALUE,
             where=True):
        """The product over `axis` (NumPy's ``ndarray.prod``)."""
        return _entry_or_numpy(self, red.prod, np.prod, axis, dtype, out, keepdims, initial, where)

    def max(self, axis=None, out=None, *, keepdims=False, initial=_NO_VALUE, where=True):
        """The largest entry over `axis` (NumPy's ``ndarray.max``); ties share the derivative."""
        return _entry_or_numpy(self, red.max, np.max, axis, None, out, keepdims, initial, where)

    def min(self, axis=None, out=None, *, keepdims=False, initial=_NO_VALUE, where=True):
        """The smallest entry over `axis` (NumPy's ``ndarray.min``); ties share the derivative."""
        return _entry_or_numpy(self, red.min, np.min, axis, None, out, keepdims, initial, where)

    def mean(self, axis=None, dtype=None, out=None, *, keepdims=False, where=True):
        """The mean over `axis` (NumPy's ``ndarray.mean``)."""
        if _plain_call(dtype, out, _NO_VALUE, where):
            return red.mean(self, axis, keepdims)
        return HANDLED[np.mean](self, axis, dtype, out, keepdims=keepdims, where=where)

    def var(self, axis=None, dtype=None, out=None, ddof=0, *, keepdims=False, where=True,
            mean=None, correction=None):
        """The variance over `axis`, dividing by N − ddof (NumPy's ``ndarray.var``)."""
        return _moment_or_numpy(self, statistics.var, np.var, axis, dtype, out, ddof, keepdims,
                                where, mean, correction)

    def std(self, axis=None, dtype=None, out=None, ddof=0, *, keepdims=False, where=True,
            mean=None, correction=None):
        """The standard deviation over `axis` (NumPy's ``ndarray.std``)."""
        return _moment_or_numpy(self, statistics.std, np.std, axis, dtype, out, ddof, keepdims,
                                where, mean, correction)

    def cumsum(self, axis=None, dtype=None, out=None):
        """The running sum along `axis`, of the flattened value when None (``ndarray.cumsum``)."""
        return HANDLED[np.cumsum](self, axis, dtype, out)

    def cumprod(self, axis=None, dtype=None, out=None):
        """The running product along `axis` (NumPy's ``ndarray.cumprod``)."""
        return HANDLED[np.cumprod](self, axis, dtype, out)

    def ptp(self, axis=None, out=None, keepdims=False):
        """``numpy.ptp(x, ...)``, max − min (NumPy 2 keeps only the function; kept as a method)."""
        return HANDLED[np.ptp](self, axis, out, keepdims)

    def trace(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
        """The sum of the diagonal `offset` of the axes `axis1`, `axis2` (``ndarray.trace``)."""
        return HANDLED[np.trace](self, offset, axis1, axis2, dtype, out)

    def dot(self, other, /, out=None):
        """``numpy.dot(x, other)`` (NumPy's ``ndarray.dot``)."""
        return HANDLED[np.dot](self, other, out=out)

    def clip(self, min=_NO_VALUE, max=_NO_VALUE, out=None, **kwargs):
        """The entries limited to [min, max] (NumPy 2's ``ndarray.clip``, also ``a_min=``,
        ``a_max=``); at a bound the derivative is the inside one."""
        return HANDLED[np.clip](self, kwargs.pop("a_min", min), kwargs.pop("a_max", max),
                                out=out, **kwargs)

    def round(self, decimals=0, out=None):
        """The entries rounded to `decimals` places (NumPy's ``ndarray.round``); derivative 0."""
        return HANDLED[np.round](self, decimals, out)

    def take(self, indices, axis=None, out=None, mode="raise"):
        """The entries at `indices` along `axis` (NumPy's ``ndarray.take``)."""
        if out is None:
            return selection.take(self, indices, axis, mode)
        return HANDLED[np.take](self, indices, axis, out, mode)

    def repeat(self, repeats, axis=None):
        """Each entry repeated `repeats` times along `axis` (NumPy's ``ndarray.repeat``)."""
        return HANDLED[np.repeat](self, repeats, axis)

    def choose(self, choices, out=None, mode="raise"):
        """``numpy.choose(x, choices)``: x holds the integer choices; the derivative flows
        to the chosen entries of `choices`."""
        return HANDLED[np.choose](self, choices, out=out, mode=mode)

    def compress(self, condition, axis=None, out=None):
        """The slices along `axis` where `condition` is true (NumPy's ``ndarray.compress``)."""
        return HANDLED[np.compress](condition, self, axis, out)

    def argmax(self, axis=None, out=None, *, keepdims=False):
        """The index of the largest entry (plain: an index has no derivative)."""
        return HANDLED[np.argmax](self, axis, out, keepdims=keepdims)

    def argmin(self, axis=None, out=None, *, keepdims=False):
        """The index of the smallest entry (plain)."""
        return HANDLED[np.argmin](self, axis, out, keepdims=keepdims)

    def argsort(self, axis=-1, kind=None, order=None, *, stable=None):
        """The indices that sort the value along `axis` (plain)."""
        return HANDLED[np.argsort](self, axis, kind, order, stable=stable)

    def all(self, axis=None, out=None, *, keepdims=False, where=True):
        """Whether every entry is true (NumPy's ``ndarray.all``, on the plain value)."""
        return HANDLED[np.all](self, axis, out, keepdims=keepdims, where=where)

    def any(self, axis=None, out=None, *, keepdims=False, where=True):
        """Whether some entry is true (NumPy's ``ndarray.any``, on the plain value)."""
        return HANDLED[np.any](self, axis, out, keepdims=keepdims, where=where)
