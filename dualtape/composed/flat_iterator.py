"""``x.flat`` of a dualtape value: NumPy's flat iterator over the entries in C order.

As NumPy's ``flatiter``: it iterates (``for v in x.flat``, ``next(x.flat)``, with
``index`` and ``coords``), it reads with one flat index (``x.flat[3]``, ``x.flat[1:]``,
``x.flat[[0, 2]]``, a boolean mask: copies, as NumPy's), and it writes into x
(``x.flat[i] = v``, the values repeated over the positions as NumPy repeats them),
the derivative flowing through the written entries like any write into x.
"""
import numpy as np

from ..core.box import raw
from ..rules import shapes as sh
from ..rules.indexing import getitem
from .writers import put

__all__ = ["FlatIterator"]


class FlatIterator:
    """NumPy's ``ndarray.flat`` for a dualtape value `base`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> def f(x):
        ...     y = x * 1.0
        ...     y.flat[[0, 3]] = y.flat[1] * 10.0      # two writes, one value repeated
        ...     return y.sum()
        >>> dt.gradient(f)(np.array([[1.0, 2.0], [3.0, 4.0]]))   # x01 counts 1 + 2 · 10 times
        array([[ 0., 21.],
               [ 1.,  0.]])
    """

    __slots__ = ("base", "index")

    def __init__(self, base):
        self.base = base
        self.index = 0

    def __len__(self):
        return int(np.size(raw(self.base)))

    def __iter__(self):
        return self

    def __next__(self):
        if self.index >= len(self):
            raise StopIteration
        self.index += 1
        return self[self.index - 1]

    @property
    def coords(self):
        """The index (one per axis) of the entry that comes next."""
        return tuple(int(i) for i in np.unravel_index(self.index, np.shape(raw(self.base))))

    def _positions(self, index):
        """The flat positions `index` names, checked as NumPy's flat iterator checks them."""
        if type(index) is tuple:
            if len(index) != 1:
                raise IndexError(f"too many indices for flat iterator: flat iterator is "
                                 f"1-dimensional, but {len(index)} were indexed")
            index = index[0]
        return np.arange(len(self))[raw(index) if index is not Ellipsis else slice(None)]

    def __getitem__(self, index):
        positions = self._positions(index)
        return getitem(sh.ravel(self.base), positions)

    def __setitem__(self, index, value):
        positions = self._positions(index)
        put(self.base, np.ravel(positions), value)

    def copy(self):
        """The entries as a new 1-D value (NumPy's ``flatiter.copy``)."""
        return self[...]

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.copy(), dtype=dtype)

    def __repr__(self):
        return f"<flat iterator of {self.base!r}>"
