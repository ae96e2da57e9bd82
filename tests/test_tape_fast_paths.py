"""The tape's scalar fast paths, pinned against the generic path bit for bit:
float operators and `process` recording Python floats make the record the
generic path makes, and the backward loop's float path (an elementwise entry's
partials called directly, also under boxes) gives what the entry's adjoint
gives; asking for every source skips the liveness pass; a gradient frees its
tape as it goes."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import Dual
from dualtape.core.box import new_level
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE
from dualtape.forward.parts import own_parts  # these Duals are at a transform-like level
from dualtape.reverse.backward import EVERY_NODE, add_float_cotangents
from dualtape.reverse.tape import Tape
from dualtape.reverse.tensor import Tensor
from test_fast_paths import SCALAR_PRIMS, VALUES, same


# --- the tape's scalar hot path: recording ------------------------------------------------
# A tensor holding a Python float is recorded without the generic unboxing; the record and
# the result must be the ones `Tape.process_generic` makes.

def _recorded(tape, op, *args):
    with np.errstate(all="ignore"), tape.recording_on():
        out = op(*args)
    return out, tape.records[-1]


def same_number(a, b):
    """`same` for Python floats and the parts of Python complex numbers."""
    if isinstance(a, complex) and isinstance(b, complex):       # (NumPy's complex128 too)
        return type(a) is type(b) and same(float(a.real), float(b.real)) and \
            same(float(a.imag), float(b.imag))
    return same(a, b) if type(a) is float else type(a) is type(b) and a == b


def _same_record(fast, slow):
    """Records equal field by field (argument lists and tuples alike), values bit for bit."""
    assert fast.prim is slow.prim and dict(fast.params) == dict(slow.params)
    assert list(fast.in_nodes) == list(slow.in_nodes) and fast.node == slow.node
    assert all(same_number(a, b) for a, b in zip(fast.primals, slow.primals))
    assert same_number(fast.out, slow.out)


def _two_tapes(p, q):
    """Two fresh tapes, each with sources p and q (nodes 0 and 1)."""
    tapes = (Tape(), Tape())
    return [(t, t.source(p), t.source(q)) for t in tapes]


OPERATOR_CASES = [("__add__", "add"), ("__radd__", "add"), ("__sub__", "subtract"),
                  ("__rsub__", "subtract"), ("__mul__", "multiply"), ("__rmul__", "multiply"),
                  ("__truediv__", "divide"), ("__rtruediv__", "divide"), ("__pow__", "power"),
                  ("__rpow__", "power")]


@pytest.mark.parametrize("dunder, prim", OPERATOR_CASES, ids=[c[0] for c in OPERATOR_CASES])
@pytest.mark.parametrize("p", [-1.5, -0.0, 0.0, 2.0, math.inf, math.nan, 0.5 - 1.5j])
@pytest.mark.parametrize("q", [-2.0, 0.0, 3.0, 2, math.inf, 2.0 + 0.5j])
def test_tensor_float_operator_records_what_the_generic_path_records(dunder, prim, p, q):
    (fast_tape, x, _), (slow_tape, x2, _) = _two_tapes(p, 1.0)
    reflected = dunder.startswith("__r")
    args = (q, x2) if reflected else (x2, q)
    slow = _outcome(_recorded, slow_tape, slow_tape.process_generic, TABLE[prim], args, {})
    if isinstance(slow, type):                  # the entry raises (on both paths)
        assert _outcome(_recorded, fast_tape, getattr(Tensor, dunder), x, q) is slow
        return
    fast, fast_rec = _recorded(fast_tape, getattr(Tensor, dunder), x, q)
    slow, slow_rec = slow
    _same_record(fast_rec, slow_rec)
    assert type(fast) is Tensor and same_number(fast._value, slow._value)
    assert fast._node == slow._node


@pytest.mark.parametrize("dunder, prim", [c for c in OPERATOR_CASES if not c[0].startswith("__r")])
@pytest.mark.parametrize("p, q", [(1.5, -2.0), (0.0, math.inf), (-3.0, 0.0), (math.nan, 2.0),
                                  (1.5 + 2.0j, -0.5), (2.0, 0.25 - 1.0j)])
def test_tensor_float_operator_between_two_tensors_records_what_the_generic_path_records(
        dunder, prim, p, q):
    (fast_tape, x, y), (slow_tape, x2, y2) = _two_tapes(p, q)
    fast, fast_rec = _recorded(fast_tape, getattr(Tensor, dunder), x, y)
    slow, slow_rec = _recorded(slow_tape, slow_tape.process_generic, TABLE[prim], (x2, y2), {})
    _same_record(fast_rec, slow_rec)
    assert same_number(fast._value, slow._value)


@pytest.mark.parametrize("p", VALUES + [0.5 - 1.5j])
def test_tensor_float_negation_records_what_the_generic_path_records(p):
    (fast_tape, x, _), (slow_tape, x2, _) = _two_tapes(p, 1.0)
    fast_rec = _recorded(fast_tape, lambda a: -a, x)[1]
    slow_rec = _recorded(slow_tape, slow_tape.process_generic, TABLE["negative"], (x2,), {})[1]
    _same_record(fast_rec, slow_rec)


@pytest.mark.parametrize("name", SCALAR_PRIMS + ["arctan2", "hypot", "maximum", "logaddexp"])
@pytest.mark.parametrize("p, q", [(0.5, -1.25), (0.5 + 0.25j, -1.25)])
def test_tape_process_of_floats_records_what_the_generic_path_records(name, p, q):
    prim = TABLE[name]
    n_args = 2 if name in ("arctan2", "hypot", "maximum", "logaddexp") else 1
    (fast_tape, x, y), (slow_tape, x2, y2) = _two_tapes(p, q)
    fast = _outcome(_recorded, fast_tape, fast_tape.process, prim, (x, y)[:n_args], {})
    slow = _outcome(_recorded, slow_tape, slow_tape.process_generic, prim, (x2, y2)[:n_args], {})
    if isinstance(slow, type):               # an entry that refuses complex input, on both paths
        assert fast is slow and type(p) is complex
        return
    _same_record(fast[1], slow[1])


def test_tensor_operators_of_arrays_and_of_other_boxes_take_the_generic_path():
    inner = Dual(2.0, 1.0)                           # a lower level than the tape's
    tape = Tape()
    x, s, d = tape.source(np.array([1.0, 2.0])), tape.source(2.0), tape.source(inner)
    with tape.recording_on():
        y = x * 3.0                                  # an array value: generic, and frozen
        z = s * np.float64(3.0)                      # a NumPy scalar operand: generic
        w = d * 3.0                                  # a forward box inside: generic
    assert all(isinstance(r.in_nodes, list) for r in tape.records)
    assert not y._value.flags.writeable and z._value == 6.0
    assert type(w._value) is Dual and own_parts(w._value) == (6.0, 3.0)


# --- the tape's scalar hot path: the backward pass ---------------------------------------
# For a float cotangent of a float output, the backward loop calls an elementwise entry's
# partials itself; that must be what the entry's adjoint parts give.

PARTIAL_PRIMS = sorted(name for name, prim in TABLE.items() if prim.partials is not None)
PAIRS = [(0.5, -1.25), (0.0, 2.0), (-3.0, 0.0), (1e300, 1e-300), (math.inf, 2.0), (2.0, math.nan)]
COMPLEX_PAIRS = [(0.5 + 0.25j, -1.25), (2.0, 1.5 - 0.5j), (0.5 - 1j, 2j)]


def test_the_float_partials_under_test_include_the_arithmetic():
    assert {"add", "subtract", "multiply", "divide", "power", "negative", "sin"} <= set(PARTIAL_PRIMS)


def _float_cases(prim):
    """Python-float arguments (and static params) for an elementwise entry: the first
    element of each of its audit examples, and, without static params, the edge PAIRS."""
    rng = np.random.default_rng(0)
    n = len(prim.partials)
    cases = [(tuple(np.ravel(a)[0].item() for a in args), params)
             for args, params in prim.examples(rng)] if prim.examples else []
    if not prim.static:
        cases += [((p, q, 0.75)[:n], {}) for p, q in PAIRS + COMPLEX_PAIRS]
    return cases


def _float_cotangents(prim, primals, params, g):
    """(fast, generic) input cotangents of `prim` at Python-number `primals` for
    cotangent `g`, or None where the output is not a Python number (the float path
    is not taken).  The generic ones get the engine's last step: a real input keeps
    the real part of a complex cotangent."""
    n = len(primals)
    with np.errstate(all="ignore"):
        try:
            out = prim.impl(*primals, **params)
        except TypeError:
            return None                     # NumPy's refusal: arguments the entry does not take
        if type(out) is not float and type(out) is not complex:
            return None
        slow = _outcome(prim.vjp, g, out, list(primals), params, [True] * n)
        if not isinstance(slow, type):
            slow = [c.real if type(c) is complex and type(p) is not complex else c
                    for c, p in zip(slow, primals)]
        return [_outcome(_float_path, prim, g, out, primals, params), slow]


def _float_path(prim, g, out, primals, params):
    """The backward loop's float path for one record whose inputs are nodes 0, 1, ..."""
    cts = {}
    add_float_cotangents(prim.partials, g, out, primals, params, tuple(range(len(primals))),
                         EVERY_NODE, cts)
    return [cts.get(i) for i in range(len(primals))]


def _outcome(fn, *args, **params):
    """What `fn(*args, **params)` returns, or the type of the exception it raises."""
    try:
        return fn(*args, **params)
    except Exception as error:          # the generic rule may raise: the fast path must too
        return type(error)


@pytest.mark.parametrize("name", PARTIAL_PRIMS)
def test_float_partials_in_the_backward_pass_equal_the_generic_adjoint(name):
    prim = TABLE[name]
    compared = 0
    for primals, params in _float_cases(prim):
        for g in (1.5, 0.0, -math.inf, 0.5 - 2.0j):
            both = _float_cotangents(prim, primals, params, g)
            if both is None:
                continue
            compared += 1
            fast, slow = both
            if isinstance(slow, type):
                assert fast is slow, (primals, fast, slow)
                continue
            for a, b in zip(fast, slow):
                assert (a is None) == (b is None)
                assert a is None or same_number(a, b) or (
                    type(a) is type(b) and same(float(a), float(b))), (primals, a, b)
    if name in ("add", "subtract", "multiply", "divide", "power", "sin", "exp", "tanh"):
        assert compared >= 3 * len(PAIRS)


def _dual_parts(values):
    return [None if v is None else own_parts(v) if isinstance(v, Dual) else (v, 0.0)
            for v in values]


@pytest.mark.parametrize("name", PARTIAL_PRIMS)
def test_float_partials_under_boxes_equal_the_generic_adjoint(name):
    # a derivative of a derivative: the record's values are boxes holding floats
    prim = TABLE[name]
    for primals, params in _float_cases(prim)[:3]:
        if not all(type(p) is float for p in primals):
            continue
        lv = new_level()
        boxed = tuple(Dual._make(p, 0.5 + k, lv) for k, p in enumerate(primals))
        with np.errstate(all="ignore"):
            out = _outcome(bind, prim, *boxed, **params)
            if isinstance(out, type):
                continue                     # the entry refuses these arguments in forward mode
            if type(out) is not Dual or type(out.primal) is not float:
                continue
        with np.errstate(all="ignore"):
            both = [_outcome(_float_path, prim, Dual._make(1.5, -1.0, lv), out, boxed, params),
                    _outcome(prim.vjp, Dual._make(1.5, -1.0, lv), out, list(boxed), params,
                             [True] * len(boxed))]
        if isinstance(both[1], type):
            assert both[0] is both[1]
            continue
        for a, b in zip(*map(_dual_parts, both)):
            assert (a is None) == (b is None)
            assert a is None or all(same(float(u), float(v)) for u, v in zip(a, b)), (a, b)


def test_asking_for_every_source_skips_the_liveness_pass_with_the_same_gradients():
    def f(x, y):
        a = dnp.sin(x) * y
        return a * a + y / x - dnp.exp(y)
    tape = Tape()
    x, y = tape.source(0.7), tape.source(-0.4)
    with tape.recording_on():
        out = f(x, y)
    both = tape.backward({out._node: 1.0}, [x._node, y._node])      # every source: no liveness pass
    alone = [tape.backward({out._node: 1.0}, [n])[0] for n in (x._node, y._node)]
    assert both == alone and both[0] != 0.0


def test_a_gradient_frees_the_tape_as_its_backward_pass_goes_and_gives_the_same_answer():
    x = np.linspace(0.1, 1.0, 5)
    _, pullback = dt.vjp(lambda v: (dnp.sin(v) * v).sum(), x)
    again = pullback(1.0)
    (last,) = pullback.last(1.0)
    np.testing.assert_array_equal(last, again[0])
    np.testing.assert_array_equal(last, np.cos(x) * x + np.sin(x))      # d/dv Σ v sin v
    assert pullback.tape.records == []
