"""The pattern box: a value that carries, per element, the inputs it depends on.

A `PatternBox` holds the real value (so the program runs as usual, branches
included), the `IndexSets` of input keys each element depends on, and, when a
Hessian pattern is wanted, the input pairs that interact non-linearly in each
element.  Like every box it has a level; `bind` hands it a table entry, it
applies the entry to the contents and asks the entry's pattern rule
(`rule_book.rule_for`) which argument elements each output element depends on
(the links) and where the entry is non-linear (the curvature).  Then, per
output element:

* inputs: the union of the inputs of the linked argument elements;
* pairs: the pairs of the linked argument elements (carried through, as the
  chain rule carries f'·H), plus the new pairs of the curvature terms.

With ``local=True`` the links are kept only where the entry's own partial
derivative is non-zero at this point (by its tangent rule applied to ones, or
its adjoint rule applied to ones): ``where``, ``maximum`` and ``max`` then
follow the branch taken here.  Curvature always comes from the structure,
since a second derivative may be non-zero where the first is zero (x² at 0).

When the pairs of one step would be many (a dense block of the Hessian), they
are pooled in the `Trace` instead, as "every pair of these inputs", which is
more than enough and keeps the cost bounded.
"""
import numpy as np

from ..composed.array_methods import ArrayLike
from ..core.arrays import shape as _shape
from ..core.box import Box, new_level, raw
from ..core.dispatch import bind
from .index_sets import INDEX, IndexSets, distinct, pair_count, pair_entries
from .rule_book import rule_for
from .structure import ALL, IDENTITY, MAP, SCATTER, SELF, PatternCall, size_of

# Pairs made by one curvature term, or held by one value, beyond which they go to the pool.
PAIR_BUDGET = 4_000_000


class Trace:
    """One detection: its level, the number n of inputs, whether patterns are
    local, whether pairs are tracked, and what was pooled or noticed.

    Example:
        >>> trace = Trace(4, hessian=True)
        >>> trace.n, trace.local, trace.hessian, trace.compared
        (4, False, True, False)
    """

    __slots__ = ("level", "n", "local", "hessian", "pooled", "dense_inputs", "compared")

    def __init__(self, n, local=False, hessian=False):
        self.level = new_level()
        self.n = int(n)
        self.local = bool(local)
        self.hessian = bool(hessian)
        self.pooled = []              # arrays of pair keys that belong to the Hessian pattern
        self.dense_inputs = None      # inputs of which every pair belongs to it
        self.compared = False         # whether the program compared traced values

    def pool_inputs(self, keys):
        """Note that every pair of the inputs `keys` interacts (a dense Hessian block).

        Example:
            >>> trace = Trace(4, hessian=True)
            >>> trace.pool_inputs(np.array([1, 3])); trace.dense_inputs.tolist()
            [False, True, False, True]
        """
        if self.dense_inputs is None:
            self.dense_inputs = np.zeros(self.n, dtype=bool)
        self.dense_inputs[keys] = True

    def seed(self, value, offset):
        """A box for an input occupying keys ``offset, offset + 1, ...``.

        Example:
            >>> Trace(5).seed(np.zeros(2), 3).deps.indices
            array([3, 4])
        """
        m = size_of(value)
        deps = IndexSets.singletons(np.arange(offset, offset + m, dtype=INDEX), self.n)
        pairs = IndexSets.empty(m, self.n * self.n) if self.hessian else None
        return PatternBox._make(value, deps, pairs, self)


class PatternBox(ArrayLike):
    """A traced value: ``value`` and, per element, its input keys (``deps``)
    and interacting input pairs (``pairs``, or None when not tracked).

    Example:
        >>> import numpy as np
        >>> trace = Trace(3)
        >>> y = trace.seed(np.ones(3), 0)[1:] * 2.0
        >>> [y.deps.row(k).tolist() for k in range(2)]
        [[1], [2]]
    """

    __slots__ = ("value", "deps", "pairs", "_level", "_trace")

    @staticmethod
    def _make(value, deps, pairs, trace):
        box = object.__new__(PatternBox)
        box.value = value
        box.deps = deps
        box.pairs = pairs
        box._level = trace.level
        box._trace = trace
        return box

    def _inner(self):
        return self.value

    def __repr__(self):
        return f"PatternBox({self.value!r}, {self.deps.nnz} dependencies)"

    __hash__ = object.__hash__

    def _process(self, prim, args, params):
        trace = self._trace
        values, sets, boxes = [], [], []
        for a in args:
            if type(a) is PatternBox and a._level == trace.level:
                values.append(a.value)
                sets.append(a.deps)
                boxes.append(a)
            else:
                values.append(a)
                sets.append(None)
                boxes.append(None)
        out = bind(prim, *values, **params)
        plain = tuple(raw(o) for o in out) if prim.multiple_results else raw(out)
        call = PatternCall(prim, values, sets, plain, params, trace.local)
        answer = rule_for(prim)(call)
        if prim.multiple_results:
            return tuple(_result(trace, call, boxes, s, o, p) for s, o, p in zip(answer, out, plain))
        return _result(trace, call, boxes, answer, out, plain)


def _noting_comparison(name):
    # Comparisons read the values, as on every box; they are noted, because a
    # Python branch on them makes the pattern that of the branch taken here.
    compare = getattr(ArrayLike, name)

    def method(self, *other):
        self._trace.compared = True
        return compare(self, *other)
    method.__name__ = name
    return method


for _name in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__bool__"):
    setattr(PatternBox, _name, _noting_comparison(_name))


def _result(trace, call, boxes, structure, out, plain):
    """The output value, boxed with its sets (or plain if it depends on nothing)."""
    m = size_of(plain)
    links = [(i, box, link) for i, (box, link) in enumerate(zip(boxes, structure.links))
             if box is not None and link is not None]
    if call.local:
        used = [(box, _at_this_point(call, i, link, plain)) for i, box, link in links]
        used = [(box, link) for box, link in used if link is not None]
    else:
        used = [(box, link) for _, box, link in links]
    deps = combine([(box.deps, link) for box, link in used], m, trace.n)
    pairs = None
    if trace.hessian:
        # a second derivative may be non-zero where the first is zero here (x² at 0)
        structural = combine([(box.deps, link) for _, box, link in links], m, trace.n) \
            if call.local else deps
        pairs = _pairs(trace, boxes, structure, used, structural, m)
    if deps.nnz == 0 and (pairs is None or pairs.nnz == 0):
        return out
    return PatternBox._make(out, deps, pairs, trace)


def _at_this_point(call, i, link, plain):
    """`link` kept only where the entry's partial derivative is non-zero here.

    A complex argument (or output) is probed along 1 and along i, since a
    derivative may see only the imaginary part (``imag``)."""
    if call.prim.multiple_results or link.kind not in (IDENTITY, MAP, SCATTER):
        return link
    n_args = len(call.values)
    if link.kind == SCATTER:         # each argument element feeds one output element
        wanted = [k == i for k in range(n_args)]
        partial = np.zeros(call.shape(i), dtype=bool)
        for unit in _units(plain):
            with np.errstate(all="ignore"):
                cts = call.prim.vjp(np.full(_shape(plain), unit), plain, call.values, call.params, wanted)
            if cts[i] is not None:
                partial = partial | np.broadcast_to(np.asarray(raw(cts[i])) != 0, call.shape(i))
        return link.kept(mask_in=partial.ravel())
    partial = np.zeros(_shape(plain), dtype=bool)
    for unit in _units(call.values[i]):
        tangents = [np.full(call.shape(i), unit) if k == i else None for k in range(n_args)]
        with np.errstate(all="ignore"):
            t = call.prim.jvp(tangents, plain, call.values, call.params)
        if t is not None:
            partial = partial | np.broadcast_to(np.asarray(raw(t)) != 0, _shape(plain))
    return link.kept(mask_out=partial.ravel())


def _units(value):
    return (1.0, 1j) if np.iscomplexobj(value) else (1.0,)


def combine(parts, m, width):
    """The union, per output element, of the sets its links point at.

    `parts` is a list of (argument sets, `Links`); the output has m elements.

    Example:
        >>> from dualtape.sparsity.structure import Links
        >>> x = IndexSets.singletons(np.array([0, 1]), 3)
        >>> y = IndexSets.singletons(np.array([2]), 3)
        >>> u = combine([(x, Links.identity()), (y, Links.mapped(np.array([0, 0])))], 2, 3)
        >>> u.row(0), u.row(1)
        (array([0, 2]), array([1, 2]))
    """
    parts = [(sets, link) for sets, link in parts if sets.nnz]
    if not parts:
        return IndexSets.empty(m, width)
    if len(parts) == 1:
        sets, link = parts[0]
        if link.kind == IDENTITY:
            return sets
        if link.kind == MAP:
            return sets.take(link.in_rows)
        if link.kind == ALL:
            return IndexSets.repeated(sets.all_keys(), m, width)
    rows, keys = [], []
    for sets, link in parts:
        if link.kind == ALL:
            every = sets.all_keys()
            rows.append(np.repeat(np.arange(m, dtype=INDEX), every.size))
            keys.append(np.tile(every, m))
            continue
        r, k = sets.gathered(*link.as_pairs(m, sets.nrows))
        rows.append(r)
        keys.append(k)
    return IndexSets.from_entries(np.concatenate(rows), np.concatenate(keys), m, width)


def _pairs(trace, boxes, structure, used, structural, m):
    """The interacting pairs of each output element."""
    n = trace.n
    carried = combine([(b.pairs, link) for b, link in used], m, n * n)
    rows, keys = [], []
    everyone = np.arange(m, dtype=INDEX)
    for term in structure.curvature:
        if term is SELF:
            left = right = structural
            left_rows = right_rows = out_rows = everyone
        else:
            if boxes[term.i] is None or boxes[term.j] is None:
                continue
            left, left_rows = boxes[term.i].deps, term.rows_i
            right, right_rows = boxes[term.j].deps, term.rows_j
            out_rows = term.out_rows
        if pair_count(left, left_rows, right, right_rows) > PAIR_BUDGET:
            # a dense block: pool "every pair of these inputs" rather than list the pairs
            trace.pool_inputs(np.concatenate([left.gathered(left_rows, left_rows)[1],
                                              right.gathered(right_rows, right_rows)[1]]))
            continue
        r, k = pair_entries(left, left_rows, right, right_rows, out_rows, n)
        rows.append(r)
        keys.append(k)
    if rows:
        r0, k0 = carried.entries()
        carried = IndexSets.from_entries(np.concatenate([r0] + rows), np.concatenate([k0] + keys),
                                         m, n * n)
    if carried.nnz > PAIR_BUDGET:
        trace.pooled.append(distinct(carried.indices))
        return IndexSets.empty(m, n * n)
    return carried


def box_of(value, trace):
    """The pattern box of `value` at this trace (under any boxes of higher
    levels), or None for a value that does not depend on the trace's inputs.

    Example:
        >>> trace = Trace(1)
        >>> box_of(trace.seed(1.0, 0), trace) is not None, box_of(1.0, trace)
        (True, None)
    """
    while isinstance(value, Box) and value._level > trace.level:
        value = value._inner()
    return value if type(value) is PatternBox and value._level == trace.level else None
