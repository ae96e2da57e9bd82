"""The tape: a flat list of records in execution order, and the backward loop.

A record is ``(prim, params, input_nodes, primals, out, out_node)``: what the
adjoint rule needs, and where its cotangents go.  Node ids are dense integers
handed out in order, so a value's node is always larger than its inputs' and
the backward pass is one loop over the list in reverse: no recursion, no
graph sort.  Only records on a path from a source to the target run their
adjoint, and each cotangent is dropped as soon as it has been propagated.

Nothing the adjoints read may change after it was recorded: outputs are stored
read-only, and a plain writeable NumPy array passed into a non-linear
operation is saved as a read-only copy and compared with the caller's array
when its adjoint runs; a difference raises instead of giving a gradient of
values that were never computed.  (Linear primitives are exempt: their
adjoints read shapes, never values.)
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
        self.first_node = 0       # nodes below this were forgotten by reset()
        self._guards = {}         # first out node -> [(arg index, caller's array, saved copy)]

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
        arrays = False
        for a in args:
            if type(a) is Tensor and a._level == level:
                primals.append(a._value)
                nodes.append(a._node)
            else:
                primals.append(a)
                nodes.append(-1)
                if isinstance(a, np.ndarray):
                    arrays = True
        out = bind(prim, *primals, **params)
        if not self.recording:
            # Outside its recording window a tape's values are plain constants.
            if prim.multiple_results:
                return tuple(constant_or_box(o) for o in out)
            return constant_or_box(out)
        node = self.n_nodes
        if arrays and not prim.linear:
            primals = self._guard(primals, node)
        if prim.multiple_results:
            k = len(out)
            self.n_nodes = node + k
            out_nodes = tuple(range(node, node + k))
            out = tuple(_frozen_value(o, primals) for o in out)
            self.records.append((prim, params, tuple(nodes), tuple(primals), out, out_nodes))
            return tuple(Tensor._make(o, self, n) for o, n in zip(out, out_nodes))
        self.n_nodes = node + 1
        if isinstance(out, np.ndarray):
            out = _frozen_value(out, primals)
        self.records.append((prim, params, tuple(nodes), tuple(primals), out, node))
        return Tensor._make(out, self, node)

    def _guard(self, primals, node):
        """Save a read-only copy of each caller-owned writeable array argument."""
        saved = []
        for k, p in enumerate(primals):
            if isinstance(p, np.ndarray) and not is_frozen(p):
                copy = p.copy()
                copy.flags.writeable = False
                saved.append((k, p, copy))
                primals[k] = copy
        if saved:
            self._guards[node] = saved
        return primals

    def reset(self):
        """Forget every record (memory comes back).

        Node ids keep counting up, so a value recorded before the reset can
        never be mistaken for one recorded after it.
        """
        self.records = []
        self._guards = {}
        self.first_node = self.n_nodes

    # --- the backward pass -----------------------------------------------------------
    def backward(self, seeds, sources):
        """Cotangents of `sources` (node ids) given `seeds` ({node: cotangent}).

        Returns a list aligned with `sources`; ``None`` where no path leads
        from that source to a seeded node.
        """
        if not sources or not seeds:
            return [None] * len(sources)
        # live[i - lowest] is 1 when node i depends on a source; nodes below the
        # lowest source cannot, so the array only spans the nodes above it.
        lowest = min(sources)
        live = bytearray(self.n_nodes - lowest)
        for s in sources:
            live[s - lowest] = 1
        records = self.records
        guards = self._guards
        # Forward sweep: which nodes depend on a source.
        for rec in records:
            out_node = rec[5]
            first = out_node if type(out_node) is int else out_node[0]
            if first < lowest:
                continue
            for i in rec[2]:
                if i >= lowest and live[i - lowest]:
                    if type(out_node) is int:
                        live[out_node - lowest] = 1
                    else:
                        for o in out_node:
                            live[o - lowest] = 1
                    break

        keep = set(sources)
        cts = {}
        for node, ct in seeds.items():
            if node >= lowest and live[node - lowest]:
                cts[node] = ct if node not in cts else cts[node] + ct
        if not cts:
            return [None] * len(sources)
        highest = max(cts)
        pop = cts.pop
        for rec in reversed(records):
            out_node = rec[5]
            if type(out_node) is int:
                if out_node < lowest:
                    break                 # every earlier record is older than the sources
                if out_node > highest or not live[out_node - lowest]:
                    continue
                g = cts.get(out_node) if out_node in keep else pop(out_node, None)
                if g is None:
                    continue
            else:
                if out_node[0] < lowest:
                    break
                if out_node[0] > highest or not live[out_node[0] - lowest]:
                    continue
                gs = [cts.get(o) if o in keep else pop(o, None) for o in out_node]
                if all(x is None for x in gs):
                    continue
                g = tuple(np.zeros(np.shape(raw(o)), dtype=float) if x is None else x
                          for x, o in zip(gs, rec[4]))
            prim, params, in_nodes, primals, out = rec[0], rec[1], rec[2], rec[3], rec[4]
            if guards:
                saved = guards.get(out_node if type(out_node) is int else out_node[0])
                if saved is not None:
                    _check_unchanged(prim, saved)
            fast = prim.scalar
            if fast is not None and type(g) is float and type(primals[0]) is float:
                # Scalar fast path (pinned against the generic rule by the tests).
                try:
                    r = fast(primals[0])
                except (ValueError, OverflowError, ZeroDivisionError):
                    r = None      # outside `math`'s domain: the generic rule follows NumPy
                if r is not None:
                    i = in_nodes[0]
                    if i >= lowest and live[i - lowest]:
                        prev = cts.get(i)
                        cts[i] = g * r[1] if prev is None else prev + g * r[1]
                    continue
            wanted = [i >= lowest and live[i - lowest] == 1 for i in in_nodes]
            grads = prim.vjp(g, out, primals, params, wanted)
            for i, want, gi, p in zip(in_nodes, wanted, grads, primals):
                if want and gi is not None:
                    if type(gi) is not float and _complex_for_real(gi, p):
                        gi = _real_part(gi)
                    prev = cts.get(i)
                    cts[i] = gi if prev is None else prev + gi
        return [cts.get(s) for s in sources]


def _complex_for_real(ct, primal):
    """A complex cotangent arriving at a real value (a real input met a complex
    intermediate, as in ``w * fft(x)`` with real w)."""
    c = raw(ct)
    kind = "c" if type(c) is complex else getattr(getattr(c, "dtype", None), "kind", None)
    return kind == "c" and not np.iscomplexobj(raw(primal))


def _real_part(ct):
    """The cotangent of a real value is real: keep the real part (the complex
    convention is in rules/complex_values.py)."""
    from ..rules.elementwise_more import real
    return real(ct)


def is_frozen(a):
    """True when no one can write to the memory of array `a`: it and every
    array it is a view of are read-only."""
    while isinstance(a, np.ndarray):
        if a.flags.writeable:
            return False
        a = a.base
    return a is None or isinstance(a, bytes)


def _frozen_value(out, primals):
    """`out` stored so that nobody can change it under the tape.

    A fresh array is simply made read-only; a view of someone else's
    writeable memory (a slice of the caller's array, say) is copied first.
    """
    if not isinstance(out, np.ndarray) or is_frozen(out):
        return out
    if out.base is not None or any(out is p for p in primals):
        out = out.copy()
    out.flags.writeable = False
    return out


def _check_unchanged(prim, saved):
    for k, original, copy in saved:
        if original.shape != copy.shape or not (
                np.array_equal(original, copy) or np.array_equal(original, copy, equal_nan=True)):
            raise ValueError(
                f"GradientTape: argument {k} of `{prim.name}` (a NumPy array of shape "
                f"{copy.shape}, dtype {copy.dtype}) was changed in place after the operation was "
                f"recorded, so a gradient would mix old and new values. Change it before the "
                f"operation, or pass a copy (x.copy()) or a dualtape.constant to the operation.")


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
