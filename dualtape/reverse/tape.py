"""The tape: a flat list of records in execution order, and the backward loop.

A record is ``(prim, params, input_nodes, primals, out, out_node)``: what the
adjoint rule needs, and where its cotangents go.  Node ids are dense integers
handed out in order, so a value's node is always larger than its inputs' and
the backward pass is one loop over the list in reverse: no recursion, no
graph sort.  Only records on a path from a source to the target run their
adjoint, and each cotangent is dropped as soon as it has been propagated.
"""
import numpy as np

from ..core.box import new_level, raw
from ..core.dispatch import bind
from .active import active_tapes  # noqa: F401  (re-exported for callers of this module)
from .tensor import Tensor, constant_or_box


class Tape:
    """A recording of primitive applications at one level.

    Example:
        >>> import dualtape as dt
        >>> from dualtape.reverse.tape import Tape
        >>> tape = Tape()
        >>> x = tape.source(3.0)
        >>> with tape.recording_on():
        ...     y = x * x
        >>> tape.backward({y._node: 1.0}, [x._node])
        [6.0]
    """

    def __init__(self):
        self.level = new_level()
        self.records = []
        self.n_nodes = 0
        self.recording = False

    # --- recording -------------------------------------------------------------------
    def source(self, value):
        """A new source node holding `value` (which may be a lower-level box)."""
        node = self.n_nodes
        self.n_nodes = node + 1
        return Tensor._make(value, self, node)

    def recording_on(self):
        return _Recording(self)

    def process(self, prim, args, params):
        level = self.level
        primals = []
        nodes = []
        for a in args:
            if type(a) is Tensor and a._level == level:
                primals.append(a._value)
                nodes.append(a._node)
            else:
                primals.append(a)
                nodes.append(-1)
        out = bind(prim, *primals, **params)
        if not self.recording:
            # Outside its recording window a tape's values are plain constants.
            if prim.multiple_results:
                return tuple(constant_or_box(o) for o in out)
            return constant_or_box(out)
        node = self.n_nodes
        if prim.multiple_results:
            k = len(out)
            self.n_nodes = node + k
            out_nodes = tuple(range(node, node + k))
            self.records.append((prim, params, tuple(nodes), tuple(primals), out, out_nodes))
            return tuple(Tensor._make(o, self, n) for o, n in zip(out, out_nodes))
        self.n_nodes = node + 1
        self.records.append((prim, params, tuple(nodes), tuple(primals), out, node))
        return Tensor._make(out, self, node)

    def reset(self):
        """Forget every record (memory comes back); node ids start over."""
        self.records = []
        self.n_nodes = 0

    # --- the backward pass -----------------------------------------------------------
    def backward(self, seeds, sources):
        """Cotangents of `sources` (node ids) given `seeds` ({node: cotangent}).

        Returns a list aligned with `sources`; ``None`` where no path leads
        from that source to a seeded node.
        """
        if not sources or not seeds:
            return [None] * len(sources)
        n = self.n_nodes
        live = bytearray(n)
        for s in sources:
            live[s] = 1
        lowest = min(sources)
        records = self.records
        # Forward sweep: which nodes depend on a source.
        for rec in records:
            out_node = rec[5]
            first = out_node if type(out_node) is int else out_node[0]
            if first < lowest:
                continue
            for i in rec[2]:
                if i >= 0 and live[i]:
                    if type(out_node) is int:
                        live[out_node] = 1
                    else:
                        for o in out_node:
                            live[o] = 1
                    break

        keep = set(sources)
        cts = {}
        for node, ct in seeds.items():
            if live[node]:
                cts[node] = ct if node not in cts else cts[node] + ct
        if not cts:
            return [None] * len(sources)
        highest = max(cts)
        pop = cts.pop
        for rec in reversed(records):
            out_node = rec[5]
            if type(out_node) is int:
                if out_node > highest or not live[out_node]:
                    continue
                g = cts.get(out_node) if out_node in keep else pop(out_node, None)
                if g is None:
                    continue
            else:
                if out_node[0] > highest or not live[out_node[0]]:
                    continue
                gs = [cts.get(o) if o in keep else pop(o, None) for o in out_node]
                if all(x is None for x in gs):
                    continue
                g = tuple(np.zeros(np.shape(raw(o)), dtype=float) if x is None else x
                          for x, o in zip(gs, rec[4]))
            prim, params, in_nodes, primals, out = rec[0], rec[1], rec[2], rec[3], rec[4]
            fast = prim.scalar
            if fast is not None and type(g) is float and type(primals[0]) is float:
                # Scalar fast path (pinned against the generic rule by the tests).
                r = fast(primals[0])
                if r is not None:
                    i = in_nodes[0]
                    if i >= 0 and live[i]:
                        prev = cts.get(i)
                        cts[i] = g * r[1] if prev is None else prev + g * r[1]
                    continue
            wanted = [i >= 0 and live[i] == 1 for i in in_nodes]
            grads = prim.vjp(g, out, primals, params, wanted)
            for i, want, gi in zip(in_nodes, wanted, grads):
                if want and gi is not None:
                    prev = cts.get(i)
                    cts[i] = gi if prev is None else prev + gi
        return [cts.get(s) for s in sources]


class _Recording:
    """Context manager: the tape records (and is visible to Variable reads)."""

    def __init__(self, tape):
        self.tape = tape

    def __enter__(self):
        self.previous = self.tape.recording
        self.tape.recording = True
        return self.tape

    def __exit__(self, *exc):
        self.tape.recording = self.previous
        return False
