"""More of NumPy's array methods for every box: the in-place ones (``x.sort()``,
``x.partition(k)``, ``x.put(i, v)``, ``x.fill(v)``, which write into the box as
``x[...] = v`` does), the ones with plain results (``argpartition``, ``nonzero``,
``searchsorted``), ``conj``, ``conjugate``, ``mT``, and ``tolist``, which would drop
the derivative and so raises unless the value carries none.

Example:
    >>> import numpy as np, dualtape as dt
    >>> def f(x):
    ...     y = x * 1.0
    ...     y.sort()                               # in place, as NumPy's
    ...     return (y * np.array([1.0, 2.0, 3.0])).sum()
    >>> dt.gradient(f)(np.array([3.0, 1.0, 2.0]))  # x sorted is [1, 2, 3]: weights follow
    array([3., 1., 2.])
"""
import numpy as np

from ..core.box import raw
from ..rules import shapes as sh
from ..rules.elementwise_more import conj
from . import selection, views, moving_entries, writers

__all__ = ["MoreArrayMethods"]


class MoreArrayMethods:
    """NumPy's ndarray methods that `ArrayLike` gets from here (a mixin with no state)."""

    __slots__ = ()

    def sort(self, axis=-1, kind=None, order=None, *, stable=None):
        """Sort in place along `axis` (NumPy's ``ndarray.sort``); derivatives follow the entries."""
        views.write(self, Ellipsis, selection.sort(self, axis, kind, order, stable=stable))

    def partition(self, kth, axis=-1, kind="introselect", order=None):
        """Partition in place along `axis` (NumPy's ``ndarray.partition``): the `kth` entries
        in sorted position, the others on their side; derivatives follow the entries."""
        views.write(self, Ellipsis, moving_entries.partition(self, kth, axis, kind, order))

    def argpartition(self, kth, axis=-1, kind="introselect", order=None):
        """The indices that partition the value (plain: an index has no derivative); the
        arrangement ``partition`` uses."""
        return np.argpartition(raw(self), kth, axis=axis, kind=kind, order=order)

    def put(self, indices, values, mode="raise"):
        """``x.flat[indices] = values`` in place, `values` repeated as needed (``ndarray.put``)."""
        writers.put(self, indices, values, mode)

    def fill(self, value):
        """Set every entry to `value`, in place (NumPy's ``ndarray.fill``)."""
        views.write(self, Ellipsis, value)

    def nonzero(self):
        """NumPy's ``ndarray.nonzero``: the indices of the non-zero entries (plain)."""
        return np.nonzero(raw(self))

    def searchsorted(self, v, side="left", sorter=None):
        """NumPy's ``ndarray.searchsorted``: insertion indices (plain)."""
        return np.searchsorted(raw(self), raw(v), side=side, sorter=sorter)

    def conj(self):
        """The complex conjugate (NumPy's ``ndarray.conj``; the value itself for reals)."""
        return conj(self)

    def conjugate(self):
        """The complex conjugate (``ndarray.conjugate``, the same as ``conj``)."""
        return conj(self)

    @property
    def mT(self):
        """The transpose of the last two axes, a view (NumPy 2's ``ndarray.mT``)."""
        if np.ndim(raw(self)) < 2:
            raise ValueError("matrix transpose with ndim < 2 is undefined")
        return views.derived(self, sh.swapaxes(self, -1, -2), lambda s: s.swapaxes(-1, -2))

    def tolist(self):
        """The entries as Python numbers, for a value that carries no derivative."""
        if self._plain_value_allowed():
            return np.asarray(raw(self)).tolist()
        raise self._conversion_error(
            "x.tolist()", "Python numbers carry no derivative: keep the entries as a dualtape "
                          "value (`list(x)` is a list of dualtape values).")
