"""NumPy's array-manipulation functions under one name, gathered from the
modules that build them by job: `stacking` (joining and splitting),
`rearranging` (tiles, flips, rolls, padding), `selection` (diagonals,
triangles, gathers, sorting) and `sequences` (``diff``, ``linspace``).

Every one is a composition of table entries with no rules of its own; see
those modules for how each derivative comes out of the entries it uses.

Example:
    >>> import numpy as np, dualtape as dt
    >>> dt.gradient(lambda x: dt.numpy.pad(x, 1, mode="edge").sum())(np.ones(2))
    array([2., 2.])
"""
from .stacking import (atleast_1d, atleast_2d, atleast_3d, hstack, vstack, dstack,  # noqa: F401
                       column_stack, split, array_split, hsplit, vsplit, append)
from .rearranging import tile, repeat, flip, fliplr, flipud, roll, rot90, pad  # noqa: F401
from .selection import (diag, diagonal, triu, tril, take, take_along_axis, sort,  # noqa: F401
                        argsort, argmax, argmin)
from .sequences import diff, linspace  # noqa: F401

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack", "dstack",
           "column_stack", "split", "array_split", "hsplit", "vsplit", "tile", "repeat",
           "flip", "fliplr", "flipud", "roll", "rot90", "pad", "diag", "diagonal", "triu",
           "tril", "take", "take_along_axis", "sort", "argsort", "argmax", "argmin", "diff",
           "append", "linspace"]
