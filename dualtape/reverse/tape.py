"""The tape: a flat list of records in execution order, and the backward pass.

Each primitive applied while a tape records appends one `Record`: what the
adjoint rule needs (primitive, static parameters, argument values, output),
the node of each argument, and the node of its first output.  Node ids are
dense integers handed out in order, so a value's node is always larger than
the nodes of the values it was computed from.

`Tape.backward` makes two passes over the records, both plain loops (no
recursion, no graph sort, so a 10**6-operation chain works; see
`dualtape.reverse.backward`):

1. forward, `live_nodes`: which nodes depend on a source (skipped when the
   pass asks for every source of the tape: then every node does, since every
   record reads at least one tensor of the tape);
2. backward, the chain rule: each record on a path from a source to a seeded
   node takes the cotangent of its outputs, runs its adjoint rule and adds the
   results to the cotangents of its live inputs.  A cotangent is dropped as
   soon as it has been propagated (sources keep theirs: they are the answer).

The seeds may be a batch of cotangents, each with the same leading axes in
front of its node's shape (a reverse Jacobian seeds the identity): adjoint
rules carry those axes through (see `dualtape.core.primitive`), so one pass
pulls the whole batch back, and every source's cotangent has them in front.

A tape records in one thread (tapes are thread-local, see `Tape.process`).

Nothing the adjoints read may change after it was recorded (the guards of
`dualtape.reverse.guards`; linear primitives, and elementwise ones with
constant partials such as add, are exempt: their adjoints read shapes, never
values).

Scalar code is the hot path: an operation whose arguments are Python floats or
complex numbers (and tensors of this tape holding them) is recorded by
`Tape.record_floats`,
with nothing to unbox, guard or freeze; the record is the one the generic
path makes (tests/test_fast_paths.py).
"""
import threading
from bisect import bisect_left, bisect_right
from operator import attrgetter, itemgetter
from threading import get_ident

import numpy as np

from ..core.box import new_level
from ..core.dispatch import apply_inside
from .backward import EVERY_NODE, live_nodes, pull_back
from .guards import frozen_value, guard_arguments
from .records import SEAL_MASK, in_order, named
from .tensor import NUMBERS, SCALARS, Tensor, constant_or_box


_new_tensor = object.__new__
_first_node = itemgetter(5)         # a record's `node`
_value_and_node = attrgetter("_value", "_node")


class Tape:
    """A recording of primitive applications at one level.

    Example:
        >>> import dualtape as dt
        >>> tape = Tape()
        >>> x = tape.source(3.0)
        >>> with tape.recording_on():
        ...     y = x * x
        >>> tape.backward({y._node: 1.0}, [x._node])
        [6.0]
    """

    def __init__(self):
        self.level = new_level()
        # The records as plain tuples, in sealed blocks and an open list (see
        # reverse/records.py for why); `records` gives them as `Record`s.
        self.sealed = []
        self.trace = []
        self.n_nodes = 0
        self.recording = False
        self.first_node = 0       # nodes below this were forgotten by reset()
        self.source_nodes = set()  # the nodes made by `source` since the last reset
        self.guards = {}          # node -> the mutation guards of the record of that output
        self.thread = None        # the thread that records, while the tape records
        self.thread_id = None     # its identifier, checked on every recorded operation

    def start_recording(self):
        """Record from now on, in this thread: tapes are thread-local (see `process`).

        Example:
            >>> tape = Tape()
            >>> tape.start_recording()
            >>> tape.recording, tape.thread.name
            (True, 'MainThread')
        """
        self.recording = True
        self.thread = threading.current_thread()
        self.thread_id = get_ident()

    @property
    def records(self):
        """The records so far, in recording order, as `Record`s.

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     y = tape.source(2.0) * 3.0
            >>> [(r.prim.name, r.out) for r in tape.records]
            [('multiply', 6.0)]
        """
        return [named(entry) for entry in self.stored()]

    def stored(self):
        """The records as stored (plain tuples, see `dualtape.reverse.records`), in order.

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     y = tape.source(2.0) * 3.0
            >>> tape.stored()[0][2:]
            ((0, None), (2.0, 3.0), 6.0, 1)
        """
        return in_order(self.sealed, self.trace)

    # --- recording -------------------------------------------------------------------
    def source(self, value):
        """A new source node holding `value` (which may be a lower-level box).

        Example:
            >>> Tape().source(2.0)._node
            0
        """
        node = self.n_nodes
        self.n_nodes = node + 1
        self.source_nodes.add(node)
        return Tensor._make(value, self, node)

    def recording_on(self):
        """Context manager: the tape records inside (and is visible to Variable reads).

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     tape.recording
            True
            >>> tape.recording
            False
        """
        return _RecordingSwitch(self, True)

    def recording_off(self):
        """Context manager: the tape does not record inside (its values are constants there).

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     with tape.recording_off():
            ...         print(tape.recording)
            ...     print(tape.recording)
            False
            True
        """
        return _RecordingSwitch(self, False)

    def process(self, prim, args, params):
        """Apply `prim` at this tape's level, recording it while the tape records.

        Tapes are thread-local: while the tape records, an operation on its
        tensors in another thread raises, since that thread's reads of Variables
        are no sources of this tape and a part-recorded gradient would be wrong.
        """
        if self.recording and not prim.multiple_results and get_ident() == self.thread_id:
            floats = _float_arguments(self, args)
            if floats is not None:
                values, nodes = floats
                return self.record_floats(prim, prim.impl(*values, **params), nodes, values,
                                          params or None)
        return self.process_generic(prim, args, params)

    def process_generic(self, prim, args, params):
        """`process` for any arguments (boxes of lower levels, arrays, ...): the path
        the scalar hot path of `process` must agree with."""
        out, primals, in_nodes = apply_inside(prim, args, params, Tensor, self.level,
                                              _value_and_node)
        if not self.recording:
            # Outside its recording window a tape's values are plain constants.
            return constant_or_box(out)
        if get_ident() != self.thread_id:
            raise _used_in_another_thread(self, prim)
        saved = None
        if prim.adjoint_reads_values and None in in_nodes:
            for p, i in zip(primals, in_nodes):
                if i is None and type(p) is not float and isinstance(p, np.ndarray):
                    saved = guard_arguments(primals, in_nodes)        # a plain array is an argument
                    break
        node = self.n_nodes
        if saved is not None:
            self.guards[node] = saved
        if prim.multiple_results:
            out = tuple([frozen_value(o, primals) for o in out])
            result = tuple([Tensor._make(o, self, node + k) for k, o in enumerate(out)])
            self.n_nodes = node + len(out)
        else:
            if type(out) is not float and isinstance(out, np.ndarray):
                out = frozen_value(out, primals)
            result = _new_tensor(Tensor)         # Tensor._make(out, self, node), without its call
            result._value, result._tape, result._node, result._level = out, self, node, self.level
            self.n_nodes = node + 1
        self.trace.append((prim.index, params or None, in_nodes, primals, out, node))
        if not node & SEAL_MASK:
            self.seal()
        return result

    def record_floats(self, prim, out, in_nodes, values, params=None):
        """Record `prim` applied to Python floats (and ints): `values`, of nodes
        `in_nodes` (None for a constant), gave `out`.  The caller, which checked
        that the tape records in this thread, computed `out` with ``prim.impl``;
        returns the new tensor.  Nothing is guarded or frozen: no array is involved
        (an array `out` of a float, such as a broadcast, is frozen all the same).

        Example:
            >>> from dualtape.core.primitive import TABLE
            >>> tape = Tape()
            >>> x = tape.source(3.0)
            >>> with tape.recording_on():
            ...     y = tape.record_floats(TABLE["multiply"], 6.0, (x._node, None), (3.0, 2.0))
            >>> tape.records[0] == (TABLE["multiply"], {}, (0, None), (3.0, 2.0), 6.0, 1)
            True
        """
        if type(out) is not float and isinstance(out, np.ndarray):
            out = frozen_value(out, values)
        node = self.n_nodes
        self.n_nodes = node + 1
        self.trace.append((prim.index, params, in_nodes, values, out, node))
        if not node & SEAL_MASK:
            self.seal()
        result = _new_tensor(Tensor)
        result._value, result._tape, result._node, result._level = out, self, node, self.level
        return result

    def seal(self):
        """Close the open list of records into a tuple (a sealed block).

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     y = tape.source(2.0) * 3.0
            >>> tape.seal()
            >>> len(tape.sealed), tape.trace, len(tape.stored())
            (1, [], 1)
        """
        if self.trace:
            self.sealed.append(tuple(self.trace))
            self.trace = []

    def reset(self):
        """Forget every record (memory comes back).

        Node ids keep counting up, so a value recorded before the reset can
        never be mistaken for one recorded after it.

        Example:
            >>> tape = Tape()
            >>> with tape.recording_on():
            ...     y = tape.source(2.0) * 3.0
            >>> tape.reset()
            >>> tape.records, tape.first_node
            ([], 2)
        """
        self.sealed = []
        self.trace = []
        self.guards = {}
        self.source_nodes = set()
        self.first_node = self.n_nodes

    # --- the backward pass -----------------------------------------------------------
    def backward(self, seeds, sources, recorded=False, consume=False):
        """Cotangents of `sources` (node ids) given `seeds` ({node: cotangent}).

        Returns a list aligned with `sources`; ``None`` where no path leads
        from that source to a seeded node.  Seeds that carry the same leading
        batch axes (shape ``batch + shape(node)``) are pulled back together,
        and each source's cotangent has shape ``batch + shape(source)``.  With
        ``recorded=True`` (the tape must be recording) the adjoint rules read the
        recorded values as this tape's tensors, so the backward pass is itself
        recorded on this tape and the cotangents are tensors it can
        differentiate again (tests/test_tape.py).  With ``consume=True`` the
        records are dropped as the pass goes (the tape is left empty, as after
        `reset`), so their values are freed early: for a tape asked once.

        Example (one cotangent: the class docstring; a batch of three):
            >>> import numpy as np
            >>> tape = Tape()
            >>> x = tape.source(np.array([1.0, 2.0]))
            >>> with tape.recording_on():
            ...     y = x * x
            >>> tape.backward({y._node: np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])}, [x._node])
            [array([[2., 0.],
                   [0., 4.],
                   [2., 4.]])]
        """
        if not sources or not seeds:
            return [None] * len(sources)
        # Only the records between the oldest source and the newest seed can lie on a path.
        records = self.stored()
        first = bisect_left(records, min(sources), key=_first_node)
        last = bisect_right(records, max(seeds), key=_first_node)
        span = records if first == 0 and last == len(records) else records[first:last]
        wanted = frozenset(sources)
        # Every record reads a tensor of this tape, so when every source since the tape
        # began is asked for, every node depends on one: no liveness pass is needed.
        if self.first_node == 0 and wanted >= self.source_nodes:
            live = EVERY_NODE
            cotangents = dict(seeds)
        else:
            live = live_nodes(span, sources)
            cotangents = {node: ct for node, ct in seeds.items() if node in live}
        guards = self.guards
        if consume:
            self.reset()        # `span` is now the pass's alone (the old list, or a slice of it)
            records = None
        if cotangents:
            pull_back(span, live, cotangents, wanted, guards, self if recorded else None, consume)
        return [cotangents.get(s) for s in sources]


def _float_arguments(tape, args):
    """``(values, nodes)`` when every argument is a Python number, or a tensor
    of `tape` holding a Python float or complex (the scalar hot path); else None.

    Example:
        >>> tape = Tape()
        >>> x = tape.source(2.0)
        >>> _float_arguments(tape, (x, 3)), _float_arguments(tape, (x, [3.0])) is None
        (((2.0, 3), (0, None)), True)
    """
    if len(args) == 1:                      # a unary function of a tensor: the common case
        (a,) = args
        if type(a) is Tensor and a._tape is tape and type(a._value) in SCALARS:
            return (a._value,), (a._node,)
        return None
    values = []
    nodes = []
    for a in args:
        kind = type(a)
        if kind is Tensor and a._tape is tape:
            v = a._value
            if type(v) not in SCALARS:
                return None
            values.append(v)
            nodes.append(a._node)
        elif kind in NUMBERS:
            values.append(a)
            nodes.append(None)
        else:
            return None
    return tuple(values), tuple(nodes)


def _used_in_another_thread(tape, prim):
    here = threading.current_thread().name
    return RuntimeError(
        f"GradientTape: `{prim.name}` in thread {here!r} reads a tensor that a tape records in "
        f"thread {tape.thread.name!r}. Tapes are thread-local, as in TensorFlow: recorded here "
        f"in part (a Variable read in this thread is no source of that tape), the gradient would "
        f"be wrong. Compute with the tape's tensors in thread {tape.thread.name!r}, or pass "
        f"plain values (x.numpy()) to this thread and open a GradientTape in it.")


class _RecordingSwitch:
    """Context manager: sets whether the tape records, and restores it on exit."""

    def __init__(self, tape, recording):
        self.tape = tape
        self.recording = recording

    def __enter__(self):
        self.previous = self.tape.recording
        if self.recording and not self.previous:
            self.tape.start_recording()
        self.tape.recording = self.recording
        return self.tape

    def __exit__(self, *exc):
        self.tape.recording = self.previous
        return False
