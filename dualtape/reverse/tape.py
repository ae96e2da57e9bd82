"""The tape: a flat list of records in execution order, and the backward pass.

Each primitive applied while a tape records appends one `Record`: what the
adjoint rule needs (primitive, static parameters, argument values, output),
the node of each argument, and the nodes of its outputs.  Node ids are dense
integers handed out in order, so a value's node is always larger than the
nodes of the values it was computed from.

`Tape.backward` makes two passes over the records, both plain loops (no
recursion, no graph sort, so a 10**6-operation chain works):

1. forward, `live_nodes`: which nodes depend on a source;
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
`dualtape.reverse.guards`; linear primitives are exempt: their adjoints read
shapes, never values).
"""
import threading
from bisect import bisect_left, bisect_right
from operator import attrgetter
from threading import get_ident
from typing import NamedTuple

import numpy as np

from ..core.box import new_level, raw
from ..core.dispatch import apply_inside
from ..rules.elementwise_entry import zero_safe_product
from ..rules.elementwise_more import real
from .guards import check_unchanged, frozen_value, guard_arguments
from .tensor import Tensor, constant_or_box


class Record(NamedTuple):
    """One primitive application on a tape.

    `in_nodes` has the node of each positional argument (None for a value the
    tape does not track).  `out` is the output value, or the tuple of them for
    a primitive with multiple results; the outputs are the `n_out` consecutive
    nodes from `node` (`out_nodes`).  `saved` holds the mutation guards,
    ``[(argument index, caller's array, saved copy)]``, or None.

    Example:
        >>> tape = Tape()
        >>> x = tape.source(3.0)
        >>> with tape.recording_on():
        ...     y = x * 2.0
        >>> rec = tape.records[0]
        >>> rec.prim.name, rec.in_nodes, rec.primals, rec.out, rec.node, rec.n_out
        ('multiply', [0, None], [3.0, 2.0], 6.0, 1, 1)
    """

    prim: object
    params: dict
    in_nodes: list
    primals: list         # the argument values, as the adjoint rule reads them
    out: object
    node: int             # the first output node
    n_out: int
    saved: object

    @property
    def out_nodes(self):
        """The nodes of the outputs, in order."""
        return range(self.node, self.node + self.n_out)


# The hot path builds records with tuple.__new__: the same tuple that Record(...)
# builds, without the Python-level frame of the generated constructor.
_new_record = tuple.__new__
_new_tensor = object.__new__
_first_node = attrgetter("node")
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
        self.records = []
        self.n_nodes = 0
        self.recording = False
        self.first_node = 0       # nodes below this were forgotten by reset()
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

    # --- recording -------------------------------------------------------------------
    def source(self, value):
        """A new source node holding `value` (which may be a lower-level box).

        Example:
            >>> Tape().source(2.0)._node
            0
        """
        node = self.n_nodes
        self.n_nodes = node + 1
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
        out, primals, in_nodes = apply_inside(prim, args, params, Tensor, self.level,
                                              _value_and_node)
        if not self.recording:
            # Outside its recording window a tape's values are plain constants.
            return constant_or_box(out)
        if get_ident() != self.thread_id:
            raise _used_in_another_thread(self, prim)
        saved = None
        if not prim.linear and None in in_nodes:
            for p in primals:
                if type(p) is not float and isinstance(p, np.ndarray):
                    saved = guard_arguments(primals, in_nodes)        # a plain array is an argument
                    break
        node = self.n_nodes
        if prim.multiple_results:
            n_out = len(out)
            out = tuple([frozen_value(o, primals) for o in out])
            result = tuple([Tensor._make(o, self, node + k) for k, o in enumerate(out)])
        else:
            n_out = 1
            if type(out) is not float and isinstance(out, np.ndarray):
                out = frozen_value(out, primals)
            result = _new_tensor(Tensor)         # Tensor._make(out, self, node), without its call
            result._value, result._tape, result._node, result._level = out, self, node, self.level
        self.n_nodes = node + n_out
        self.records.append(_new_record(Record, (prim, params, in_nodes, primals, out, node, n_out,
                                                 saved)))
        return result

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
        self.records = []
        self.first_node = self.n_nodes

    # --- the backward pass -----------------------------------------------------------
    def backward(self, seeds, sources, recorded=False):
        """Cotangents of `sources` (node ids) given `seeds` ({node: cotangent}).

        Returns a list aligned with `sources`; ``None`` where no path leads
        from that source to a seeded node.  Seeds that carry the same leading
        batch axes (shape ``batch + shape(node)``) are pulled back together,
        and each source's cotangent has shape ``batch + shape(source)``.  With
        ``recorded=True`` (the tape must be recording) the adjoint rules read the
        recorded values as this tape's tensors, so the backward pass is itself
        recorded on this tape and the cotangents are tensors it can
        differentiate again (tests/test_tape.py).

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
        records = self.records
        first = bisect_left(records, min(sources), key=_first_node)
        last = bisect_right(records, max(seeds), key=_first_node)
        span = records[first:last]
        live = live_nodes(span, sources)
        cotangents = {node: ct for node, ct in seeds.items() if node in live}
        if cotangents:
            _pull_back(span, live, cotangents, frozenset(sources), self if recorded else None)
        return [cotangents.get(s) for s in sources]


def live_nodes(records, sources):
    """The nodes that depend on a source: the sources, and the outputs of
    every record with a live input.

    One pass in recording order suffices, since a record comes after the
    records that computed its inputs.

    Example:
        >>> tape = Tape()
        >>> x, w = tape.source(1.0), tape.source(2.0)
        >>> with tape.recording_on():
        ...     a, b = x * 2.0, w * 3.0
        ...     c = a + b
        >>> sorted(live_nodes(tape.records, [x._node]))        # x, a and c; not w or b
        [0, 2, 4]
    """
    live = set(sources)
    for rec in records:
        if not live.isdisjoint(rec.in_nodes):
            if rec.n_out == 1:
                live.add(rec.node)
            else:
                live.update(rec.out_nodes)
    return live


def _pull_back(records, live, cotangents, sources, recording_tape=None):
    """The chain rule, run backwards over `records`: each record's adjoint
    turns the cotangent of its outputs into cotangents of its inputs, which are
    summed into `cotangents` ({node: cotangent}, updated in place).

    A cotangent is dropped once propagated, except at `sources` (the answer).
    With a `recording_tape` (the records' own, recording), each adjoint reads
    the record's values as that tape's tensors, so what it computes is
    recorded there too.
    """
    get = cotangents.get
    pop = cotangents.pop
    is_live = live.__contains__
    for prim, params, in_nodes, primals, out, node, n_out, saved in reversed(records):
        if node not in live:
            continue                                  # on no path from a source
        if prim.multiple_results:
            g = _cotangent_of_outputs(out, range(node, node + n_out), cotangents, sources)
        else:
            g = get(node) if node in sources else pop(node, None)
        if g is None:
            continue                                  # on no path to a seeded node
        if saved is not None:
            check_unchanged(prim, saved)
        if recording_tape is not None:
            primals, out = _as_tensors(recording_tape, primals, in_nodes, out, node, n_out)
        input_cts = None
        # (a Python number is one cotangent: a batch of them is always an array)
        if prim.scalar is not None and (type(g) is float or type(g) is complex) \
                and (type(primals[0]) is float or type(primals[0]) is complex):
            input_cts = _scalar_pull_back(prim.scalar, g, primals[0])
        if input_cts is None:
            input_cts = prim.vjp(g, out, primals, params, list(map(is_live, in_nodes)))
        for i, gi, p in zip(in_nodes, input_cts, primals):
            if gi is not None and i in live:
                if type(gi) is not float:
                    gi = _real_if_real(gi, p)
                previous = get(i)
                cotangents[i] = gi if previous is None else previous + gi


def _as_tensors(tape, primals, in_nodes, out, node, n_out):
    """A record's argument values and output as the tensors of `tape` they are
    (plain values the tape does not track stay plain)."""
    primals = [p if i is None else Tensor._make(p, tape, i) for p, i in zip(primals, in_nodes)]
    if n_out == 1 and type(out) is not tuple:
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


def _scalar_pull_back(derivative, g, x):
    """``(g · f'(x),)`` from a unary primitive's `scalar` shortcut (pinned against the
    generic adjoint by the tests), or None outside `math`'s domain, where the
    generic rule follows NumPy."""
    try:
        r = derivative(x)
    except (ValueError, OverflowError, ZeroDivisionError):
        return None
    if r is None:
        return None
    ct = g * r[1]
    return (ct if ct == ct else zero_safe_product(g, r[1]),)     # NaN: as the generic rule


def _real_if_real(ct, primal):
    """The cotangent of a real value is real: a complex cotangent arriving at a
    real value (a real input met a complex intermediate, as in ``w * fft(x)``
    with real w) keeps its real part (the convention is in rules/complex_values.py)."""
    if type(ct) is complex and type(primal) is complex:
        return ct                    # the scalar path of complex programs: nothing to do
    c = raw(ct)
    kind = "c" if type(c) is complex else getattr(getattr(c, "dtype", None), "kind", None)
    if kind == "c" and not np.iscomplexobj(raw(primal)):
        return real(ct)
    return ct


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
