"""The backward pass over a tape's records: which nodes are live, and the chain rule.

Both read a tape's records as stored (plain tuples, see `dualtape.reverse.records`).
`live_nodes` is one forward pass over the records: the nodes that depend on a
source.  `pull_back` is one backward pass: each live record with a cotangent
runs its adjoint rule and adds the results into the cotangents of its live
inputs.  Both are plain loops (no recursion, no graph sort), so a chain of a
million operations works.

The hot path is scalar code: a record whose cotangent and output are Python
floats takes its entry's `scalar` shortcut (unary entries) or calls its
elementwise partial derivatives directly, which is what the generic rule does
on floats without its calls (`tests/test_fast_paths.py` pins both, bit for bit).
"""
from sys import getrefcount

import numpy as np

from ..core.box import raw
from ..core.primitive import PRIMITIVES
from ..rules.elementwise_entry import ONE, MINUS_ONE, zero_safe_product
from ..rules.elementwise_more import real
from .guards import check_unchanged
from .records import NO_PARAMS
from .tensor import SCALARS, Tensor

EVERY_NODE = None      # the `live` of a pass in which every node depends on a source
CONSUMED_BLOCK = 256   # records freed at a time by a pass that consumes them


def live_nodes(records, sources):
    """The nodes that depend on a source: the sources, and the outputs of
    every record with a live input.

    One pass in recording order suffices, since a record comes after the
    records that computed its inputs.

    Example:
        >>> from dualtape.reverse.tape import Tape
        >>> tape = Tape()
        >>> x, w = tape.source(1.0), tape.source(2.0)
        >>> with tape.recording_on():
        ...     a, b = x * 2.0, w * 3.0
        ...     c = a + b
        >>> sorted(live_nodes(tape.stored(), [x._node]))       # x, a and c; not w or b
        [0, 2, 4]
    """
    live = set(sources)
    for index, _, in_nodes, _, out, node in records:
        if not live.isdisjoint(in_nodes):
            if PRIMITIVES[index].multiple_results:
                live.update(range(node, node + len(out)))
            else:
                live.add(node)
    return live


def pull_back(records, live, cotangents, sources, guards, recording_tape=None, consume=False):
    """The chain rule, run backwards over `records`: each record's adjoint
    turns the cotangent of its outputs into cotangents of its inputs, which are
    summed into `cotangents` ({node: cotangent}, updated in place).

    `live` is the set of nodes that depend on a source, or `EVERY_NODE`.  A
    cotangent is dropped once propagated, except at `sources` (the answer).
    `guards` ({node: saved arrays}) are checked before their record's adjoint
    runs.  With a `recording_tape` (the records' own, recording), each adjoint
    reads the record's values as that tape's tensors, so what it computes is
    recorded there too.  With `consume`, the list `records` is emptied as the
    pass goes, so each record's values are freed once its adjoint has run.
    """
    for block in _last_first(records, consume):
        _pull_back_block(block, live, cotangents, sources, guards, recording_tape)


def _last_first(records, consume):
    """`records` in blocks, the last block first (each block to be read last record
    first); with `consume`, each block is taken off the list as it is handed out.

    A consumed block is at most half of what is left (and at most `CONSUMED_BLOCK`
    records), so the first records, read last, come one at a time: an array
    computed early is freed as soon as no later record needs it.
    """
    if not consume:
        yield records
        return
    while records:
        size = min(CONSUMED_BLOCK, max(1, len(records) // 2))
        block = records[-size:]
        del records[-size:]
        yield block


def _pull_back_block(records, live, cotangents, sources, guards, recording_tape):
    """`pull_back` over one block of records, last record first."""
    get = cotangents.get
    pop = cotangents.pop
    everything = live is EVERY_NODE
    for index, params, in_nodes, primals, out, node in reversed(records):
        if not everything and node not in live:
            continue                                  # on no path from a source
        prim = PRIMITIVES[index]
        if prim.multiple_results:
            g = _cotangent_of_outputs(out, range(node, node + len(out)), cotangents, sources)
        else:
            g = get(node) if node in sources else pop(node, None)
        if g is None:
            continue                                  # on no path to a seeded node
        if guards and node in guards:
            check_unchanged(prim, guards[node])
        if params is None:
            params = NO_PARAMS
        if recording_tape is not None:
            primals, out = _as_tensors(recording_tape, primals, in_nodes, out, node)
        kind = type(g)
        # (a Python number is one cotangent: a batch of them is always an array)
        if (kind is float or kind is complex) and prim.scalar is not None \
                and (type(primals[0]) is float or type(primals[0]) is complex):
            ct = _scalar_pull_back(prim.scalar, g, primals[0])
            if ct is not None:
                _add(cotangents, in_nodes[0], ct, primals[0], live)
                continue
        elif (kind is float or kind is complex) and type(out) in SCALARS \
                and prim.partials is not None:
            add_float_cotangents(prim.partials, g, out, primals, params, in_nodes, live, cotangents)
            continue
        elif prim.partials is not None and type(raw(g)) is float and type(raw(out)) is float:
            # the same under boxes (a derivative of a derivative): the partials' products
            # are computed, and recorded, by the boxes' own operators
            add_float_cotangents(prim.partials, g, out, primals, params, in_nodes, live,
                                 cotangents)
            continue
        wanted = [i is not None for i in in_nodes] if everything else [i in live for i in in_nodes]
        for i, gi, p in zip(in_nodes, prim.vjp(g, out, primals, params, wanted), primals):
            if gi is not None:
                _add(cotangents, i, gi, p, live)


def _add(cotangents, node, ct, primal, live):
    """Add cotangent `ct` of value `primal` into ``cotangents[node]``, if `node` is live."""
    if node is not None and (live is EVERY_NODE or node in live):
        kind = type(ct)
        if kind is not float and (kind is not np.ndarray or ct.dtype.kind == "c"):
            ct = _real_if_real(ct, primal)
        previous = cotangents.get(node)
        if previous is None:
            cotangents[node] = ct
        elif kind is np.ndarray and sole_array_like(previous, ct):
            np.add(previous, ct, out=previous)
        else:
            cotangents[node] = previous + ct


def sole_array_like(previous, ct):
    """True when `previous`, a cotangent being summed, may take `ct` in place: an
    array of ct's shape and dtype (so ``previous + ct`` is an array like it) that
    owns its memory and that nothing but the cotangents (and the caller's one
    name for it) refers to, so no other value can see it change.  Summing in
    place spares a new array per addition, which for a batch of cotangents (a
    Hessian's) is most of the time the sum takes.

    Example:
        >>> import numpy as np
        >>> cotangents = {0: np.ones(3)}
        >>> previous = cotangents[0]
        >>> sole_array_like(previous, np.ones(3)), sole_array_like(previous, np.ones(2))
        (True, False)
        >>> also = previous
        >>> sole_array_like(previous, np.ones(3))         # seen under another name too
        False
    """
    return (type(previous) is np.ndarray and previous.shape == ct.shape
            and previous.dtype == ct.dtype and previous.flags.owndata
            and previous.flags.writeable and getrefcount(previous) == SOLE_REFERENCES)


def _references_seen(previous, ct):
    return getrefcount(previous)


def _sole_references():
    """The references getrefcount shows in `sole_array_like` to an array that only
    the cotangents hold (the dictionary, the caller's name, the argument, its own),
    measured the way `_add` asks, since Python versions count a call's names
    differently (3.10 one more than 3.11)."""
    cotangents = {0: np.zeros(1)}
    previous = cotangents.get(0)
    return _references_seen(previous, None)


SOLE_REFERENCES = _sole_references()


def add_float_cotangents(partials, g, out, primals, params, in_nodes, live, cotangents):
    """Add into `cotangents` the cotangents of an elementwise entry's live inputs,
    from its `partials`, for a Python-number cotangent `g` of a Python-number output
    (float or complex, or boxes holding floats):
    what each adjoint part of `defelementwise` computes (``g · ∂_i``, an exact-zero
    factor no term), without its calls.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> cts = {}
        >>> add_float_cotangents(TABLE["multiply"].partials, 2.0, 12.0, (3.0, 4.0), {},
        ...                      (0, 1), EVERY_NODE, cts)
        >>> cts
        {0: 8.0, 1: 6.0}
    """
    everything = live is EVERY_NODE
    for i, partial, p in zip(in_nodes, partials, primals):
        if partial is None or i is None or not (everything or i in live):
            continue
        if partial is ONE:
            c = g
        elif partial is MINUS_ONE:
            c = -g
        else:
            d = partial(out, *primals, **params) if params else partial(out, *primals)
            c = g * d
            if type(c) is not float or c != c:
                c = zero_safe_product(g, d, c)        # NaN, or a NumPy scalar: as the generic rule
        if type(c) is not float:
            c = _real_if_real(c, p)
        previous = cotangents.get(i)
        cotangents[i] = c if previous is None else previous + c


def _scalar_pull_back(derivative, g, x):
    """``g · f'(x)`` from a unary primitive's `scalar` shortcut (pinned against the
    generic adjoint by the tests), or None outside `math`'s domain, where the
    generic rule follows NumPy."""
    try:
        r = derivative(x)
    except (ValueError, OverflowError, ZeroDivisionError):
        return None
    if r is None:
        return None
    ct = g * r[1]
    return ct if ct == ct else zero_safe_product(g, r[1])     # NaN: as the generic rule


def _as_tensors(tape, primals, in_nodes, out, node):
    """A record's argument values and output as the tensors of `tape` they are
    (plain values the tape does not track stay plain)."""
    primals = [p if i is None else Tensor._make(p, tape, i) for p, i in zip(primals, in_nodes)]
    if type(out) is not tuple:
        return primals, Tensor._make(out, tape, node)
    return primals, tuple(Tensor._make(o, tape, node + k) for k, o in enumerate(out))


def _cotangent_of_outputs(out, out_nodes, cotangents, sources):
    """The tuple of output cotangents of a multiple-results record (zeros for
    outputs nothing reached, with the batch axes the others carry), or None
    when no output has one."""
    gs = [cotangents.get(o) if o in sources else cotangents.pop(o, None) for o in out_nodes]
    reached = [k for k, g in enumerate(gs) if g is not None]
    if len(reached) == len(gs):
        return tuple(gs)
    if not reached:
        return None
    k = reached[0]
    batch = np.shape(raw(gs[k]))[:np.ndim(raw(gs[k])) - np.ndim(raw(out[k]))]
    return tuple(np.zeros(batch + np.shape(raw(o)), dtype=float) if g is None else g
                 for g, o in zip(gs, out))


def _real_if_real(ct, primal):
    """The cotangent of a real value is real: a complex cotangent arriving at a
    real value (a real input met a complex intermediate, as in ``w * fft(x)``
    with real w) keeps its real part (the convention is in rules/complex_values.py)."""
    if type(ct) is complex and type(primal) is complex:
        return ct                    # the scalar path of complex programs: nothing to do
    c = raw(ct)
    if type(c) is float:
        return ct
    kind = "c" if type(c) is complex else getattr(getattr(c, "dtype", None), "kind", None)
    if kind == "c" and not np.iscomplexobj(raw(primal)):
        return real(ct)
    return ct
