"""What a pattern rule is given and what it returns.

A pattern rule is the sparsity counterpart of a tangent rule: given a
`PatternCall` (the entry, its plain argument values, which of them are traced,
its output and params) it returns one `Structure` per result:

* ``links``: one `Links` per positional argument (None: the output does not
  depend on it), saying which of its elements each output element may depend
  on;
* ``curvature``: where the entry is non-linear, the terms of its second
  derivative: `SELF` (every pair of inputs in an output element's set
  interacts, the conservative answer) or `Cross` terms (the inputs of two
  argument elements interact in an output element, as x and y do in x·y).

The engine (`dualtape.sparsity.box`) turns these into index sets, so a rule
never touches a set.
"""
import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import raw
from .index_sets import INDEX, IndexSets

IDENTITY = "identity"     # output element r depends on argument element r
MAP = "map"               # output element r depends on argument element in_rows[r] (-1: none)
SCATTER = "scatter"       # argument element k feeds output element out_rows[k] (-1: none)
PAIRS = "pairs"           # output element out_rows[t] depends on argument element in_rows[t]
ALL = "all"               # every output element depends on every argument element


class Links:
    """Which argument elements each output element may depend on (see the kinds above).

    Example:
        >>> Links.mapped(np.array([0, 0, 1])).as_pairs(3, 2)
        (array([0, 1, 2]), array([0, 0, 1]))
    """

    __slots__ = ("kind", "out_rows", "in_rows")

    def __init__(self, kind, out_rows=None, in_rows=None):
        self.kind = kind
        self.out_rows = out_rows
        self.in_rows = in_rows

    @classmethod
    def identity(cls):
        """Output element r on argument element r."""
        return cls(IDENTITY)

    @classmethod
    def mapped(cls, in_rows):
        """Output element r on argument element ``in_rows[r]`` (none where it is -1)."""
        return cls(MAP, in_rows=np.asarray(in_rows, dtype=INDEX).ravel())

    @classmethod
    def scattered(cls, out_rows):
        """Argument element k into output element ``out_rows[k]`` (nowhere where it is -1)."""
        return cls(SCATTER, out_rows=np.asarray(out_rows, dtype=INDEX).ravel())

    @classmethod
    def pairs(cls, out_rows, in_rows):
        """Output element ``out_rows[t]`` on argument element ``in_rows[t]``, for every t."""
        return cls(PAIRS, np.asarray(out_rows, dtype=INDEX).ravel(),
                   np.asarray(in_rows, dtype=INDEX).ravel())

    @classmethod
    def every(cls):
        """Every output element on every argument element."""
        return cls(ALL)

    def as_pairs(self, m, k):
        """(out rows, argument rows) of every link, for an output of m and an argument of k elements.

        Example:
            >>> Links.scattered(np.array([1, -1, 0])).as_pairs(2, 3)
            (array([1, 0]), array([0, 2]))
        """
        if self.kind == IDENTITY:
            r = np.arange(m, dtype=INDEX)
            return r, r
        if self.kind == MAP:
            keep = self.in_rows >= 0
            return np.arange(m, dtype=INDEX)[keep], self.in_rows[keep]
        if self.kind == SCATTER:
            keep = self.out_rows >= 0
            return self.out_rows[keep], np.arange(k, dtype=INDEX)[keep]
        if self.kind == ALL:
            return np.repeat(np.arange(m, dtype=INDEX), k), np.tile(np.arange(k, dtype=INDEX), m)
        return self.out_rows, self.in_rows

    def kept(self, mask_out=None, mask_in=None):
        """These links restricted to output elements where `mask_out` holds
        (for MAP links) or argument elements where `mask_in` holds (SCATTER links).

        Example:
            >>> Links.identity().kept(mask_out=np.array([True, False, True])).in_rows
            array([ 0, -1,  2])
        """
        if mask_out is not None:
            rows = self.in_rows if self.kind == MAP else np.arange(mask_out.size, dtype=INDEX)
            return Links.mapped(np.where(mask_out, rows, -1))
        rows = self.out_rows if self.kind == SCATTER else np.arange(mask_in.size, dtype=INDEX)
        return Links.scattered(np.where(mask_in, rows, -1))


class Cross:
    """A second-order term: in output element ``out_rows[t]`` the inputs of
    argument i's element ``rows_i[t]`` interact with those of argument j's
    element ``rows_j[t]`` (i may equal j: a square).

    Example:
        >>> term = Cross(np.arange(2), 0, np.arange(2), 1, np.arange(2))   # x·y, elementwise
        >>> term.i, term.j, term.rows_j
        (0, 1, array([0, 1]))
    """

    __slots__ = ("out_rows", "i", "rows_i", "j", "rows_j")

    def __init__(self, out_rows, i, rows_i, j, rows_j):
        self.out_rows = np.asarray(out_rows, dtype=INDEX).ravel()
        self.i = i
        self.rows_i = np.asarray(rows_i, dtype=INDEX).ravel()
        self.j = j
        self.rows_j = np.asarray(rows_j, dtype=INDEX).ravel()


SELF = "self"             # every pair within an output element's own set interacts


class Structure:
    """A rule's answer for one result: links per argument, and curvature terms.

    Example:
        >>> s = Structure([Links.identity(), None], [SELF])
        >>> s.links[0].kind, s.curvature
        ('identity', ['self'])
    """

    __slots__ = ("links", "curvature")

    def __init__(self, links, curvature=()):
        self.links = list(links)
        self.curvature = list(curvature)


class PatternCall:
    """One application of an entry, as a pattern rule sees it.

    ``values`` are the plain (unboxed) argument values, ``traced[i]`` says
    whether argument i depends on the inputs, ``dependent(i)`` which of its
    elements do (a flat boolean array), ``out`` is the plain output (a tuple
    for several results) and ``local`` whether patterns are taken at this
    point only.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> call = PatternCall.at(TABLE["add"], (np.ones((2, 1)), np.ones(3)), traced=(True, False))
        >>> call.traced, call.shape(0), np.shape(call.out), call.dependent(0)
        ([True, False], (2, 1), (2, 3), array([ True,  True]))
    """

    __slots__ = ("prim", "values", "traced", "out", "params", "local", "_sets")

    def __init__(self, prim, values, sets, out, params, local):
        self.prim = prim
        self.values = [raw(v) for v in values]
        self.traced = [s is not None for s in sets]
        self.out = out
        self.params = params
        self.local = local
        self._sets = sets

    @classmethod
    def at(cls, prim, args, params=None, *, traced=None, local=False):
        """The call of `prim` on plain `args`, each argument traced (or those
        `traced` names) as if it were an input of its own: for trying rules out."""
        params = {} if params is None else params
        traced = [True] * len(args) if traced is None else traced
        sizes = [size_of(a) for a in args]
        sets, offset = [], 0
        for m, t in zip(sizes, traced):
            sets.append(IndexSets.singletons(np.arange(offset, offset + m), sum(sizes)) if t else None)
            offset += m
        return cls(prim, list(args), sets, prim.impl(*args, **params), params, local)

    def shape(self, i):
        """The shape of argument i."""
        return _shape(self.values[i])

    def size(self, i):
        """The number of elements of argument i."""
        return int(np.prod(self.shape(i), dtype=INDEX))

    def dependent(self, i):
        """Which elements of (traced) argument i depend on the inputs: a flat boolean array."""
        return self._sets[i].lengths() > 0


def size_of(value):
    """The number of elements of a (plain) value.

    Example:
        >>> size_of(2.0), size_of(np.zeros((2, 3)))
        (1, 6)
    """
    return int(np.prod(_shape(value), dtype=INDEX))


def element_ids(shape, offset=0):
    """An integer array of `shape` numbering its elements in C order from `offset`.

    Example:
        >>> element_ids((2, 2), 10)
        array([[10, 11],
               [12, 13]])
    """
    return np.arange(offset, offset + int(np.prod(shape, dtype=INDEX)), dtype=INDEX).reshape(shape)


def broadcast_ids(arg_shape, out_shape):
    """For each element of an `out_shape` result of broadcasting, the element
    of the `arg_shape` argument it reads.

    Example:
        >>> broadcast_ids((2, 1), (2, 3))
        array([0, 0, 0, 1, 1, 1])
    """
    return np.broadcast_to(element_ids(arg_shape), out_shape).ravel()
