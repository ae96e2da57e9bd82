"""Fast paths pinned against the generic path: Dual's float operators, the
`scalar=` shortcut of unary primitives (forward and backward), and the tape's
scalar path (float operators and `process` recording floats, the backward
loop calling elementwise partials) must give exactly what the generic rules
give, bit for bit."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import Dual
from dualtape.core.box import Box, new_level
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE
from dualtape.forward.parts import own_parts  # these Duals are at a transform-like level
from dualtape.reverse.backward import EVERY_NODE, add_float_cotangents
from dualtape.reverse.tape import Tape
from dualtape.reverse.tensor import Tensor

VALUES = [-3.5, -1.0, -1e-300, -0.0, 0.0, 1e-300, 0.25, 1.0, 7.0, 1e300, math.inf, -math.inf, math.nan]
# Tangents and cotangents: an exact zero is no term even against an infinite derivative (and
# an infinite one against a zero derivative), as the generic rules' `zero_safe_product` has it.
TANGENTS = [1.5, 0.0, math.inf]


def same(a, b):
    """Bit-level equality of two floats (nan equals nan, 0.0 differs from -0.0)."""
    return type(a) is type(b) and (a == b and math.copysign(1, a) == math.copysign(1, b)
                                   or (a != a and b != b))


def generic(prim_name, primals, tangents):
    """The generic path: the table's impl and joint tangent rule, called directly."""
    prim = TABLE[prim_name]
    with np.errstate(all="ignore"):
        out = prim.impl(*primals)
        t = prim.jvp(list(tangents), out, list(primals), {})
    return out, t


def fast_dual(op, p, t, q=None, s=None):
    lv = new_level()
    a = Dual._make(p, t, lv)
    if q is None:
        with np.errstate(all="ignore"):
            return op(a)
    b = Dual._make(q, s, lv) if s is not None else q
    with np.errstate(all="ignore"):
        return op(a, b)


BINARY_OPERATORS = [
    ("__add__", "add", lambda a, b: a + b, False), ("__radd__", "add", lambda a, b: b + a, True),
    ("__sub__", "subtract", lambda a, b: a - b, False), ("__rsub__", "subtract", lambda a, b: b - a, True),
    ("__mul__", "multiply", lambda a, b: a * b, False), ("__rmul__", "multiply", lambda a, b: b * a, True),
]


@pytest.mark.parametrize("dunder, prim, op, reflected", BINARY_OPERATORS, ids=[b[0] for b in BINARY_OPERATORS])
@pytest.mark.parametrize("p", VALUES)
@pytest.mark.parametrize("q", [-2.0, 0.0, 3.0, math.inf, math.nan])
@pytest.mark.parametrize("dp", TANGENTS)
def test_dual_float_operator_with_a_float_equals_the_generic_rule(dunder, prim, op, reflected, p, q, dp):
    y = fast_dual(op, p, dp, q)
    out, t = generic(prim, (q, p) if reflected else (p, q), (None, dp) if reflected else (dp, None))
    yp, yt = own_parts(y)
    assert type(yp) is float and same(yp, float(out)) and same(yt, float(t))


@pytest.mark.parametrize("dunder, prim, op", [b[:3] for b in BINARY_OPERATORS if not b[3]],
                         ids=[b[0] for b in BINARY_OPERATORS if not b[3]])
@pytest.mark.parametrize("p", VALUES)
@pytest.mark.parametrize("q", [-2.0, 0.0, 3.0, math.inf])
@pytest.mark.parametrize("dp, dq", [(1.5, -0.75), (0.0, -0.75), (1.5, 0.0), (math.inf, 0.0)])
def test_dual_float_operator_between_two_duals_equals_the_generic_rule(dunder, prim, op, p, q, dp, dq):
    y = fast_dual(op, p, dp, q, dq)
    out, t = generic(prim, (p, q), (dp, dq))
    yp, yt = own_parts(y)
    assert same(yp, float(out)) and same(yt, float(t))


def test_dual_float_operator_with_an_int_equals_the_generic_rule():
    for op, prim in [(lambda a: a + 2, "add"), (lambda a: a * 2, "multiply"), (lambda a: a - 2, "subtract")]:
        y = fast_dual(op, 0.5, 1.5)
        out, t = generic(prim, (0.5, 2), (1.5, None))
        yp, yt = own_parts(y)
        assert same(yp, float(out)) and same(yt, float(t))


@pytest.mark.parametrize("p", VALUES)
def test_dual_float_negation_equals_the_generic_rule(p):
    y = fast_dual(lambda a: -a, p, 1.5)
    out, t = generic("negative", (p,), (1.5,))
    yp, yt = own_parts(y)
    assert same(yp, float(out)) and same(yt, float(t))


SCALAR_PRIMS = sorted(name for name, prim in TABLE.items() if prim.scalar is not None)


def test_the_scalar_fast_paths_under_test_include_the_common_unary_functions():
    assert {"sin", "cos", "exp", "log", "sqrt", "tanh"} <= set(SCALAR_PRIMS)


@pytest.mark.parametrize("name", SCALAR_PRIMS)
@pytest.mark.parametrize("p", VALUES)
@pytest.mark.parametrize("dp", TANGENTS)
def test_unary_scalar_fast_path_in_forward_mode_equals_the_generic_rule(name, p, dp):
    prim = TABLE[name]
    lv = new_level()
    with np.errstate(all="ignore"):
        y = Dual._make(p, dp, lv)._process(prim, (Dual._make(p, dp, lv),), {})
    out, t = generic(name, (p,), (dp,))
    yp, yt = own_parts(y)
    assert same(yp, float(out)), (yp, out)
    assert same(float(yt), float(t)), (yt, t)


@pytest.mark.parametrize("name", SCALAR_PRIMS)
@pytest.mark.parametrize("p", [v for v in VALUES if not math.isinf(v)])
@pytest.mark.parametrize("g", TANGENTS)
def test_unary_scalar_fast_path_in_the_backward_pass_equals_the_generic_adjoint(name, p, g):
    prim = TABLE[name]
    with np.errstate(all="ignore"):
        _, pullback = dt.vjp(lambda x: dt.core.dispatch.bind(prim, x), p)
        (fast,) = pullback(g)
        out = prim.impl(p)
        (slow,) = prim.vjp(g, out, (p,), {}, [True])
    assert same(float(fast), float(slow)), (fast, slow)


def test_bind_hands_a_primitive_to_a_box_of_any_subclass_defined_later():
    # bind's cheap box test (type(x) in BOX_TYPES) must see boxes defined outside the package.
    class Marked(Box):
        __slots__ = ()
        _level = 10 ** 9

        def _process(self, prim, args, params):
            return ("processed", prim.name, len(args))

    class MarkedAgain(Marked):
        __slots__ = ()

    assert bind(TABLE["sin"], Marked()) == ("processed", "sin", 1)
    assert bind(TABLE["add"], 1.0, MarkedAgain()) == ("processed", "add", 2)


# --- the tape's scalar hot path: recording ------------------------------------------------
# A tensor holding a Python float is recorded without the generic unboxing; the record and
# the result must be the ones `Tape.process_generic` makes.

def _recorded(tape, op, *args):
    with np.errstate(all="ignore"), tape.recording_on():
        out = op(*args)
    return out, tape.records[-1]


def _same_record(fast, slow):
    """Records equal field by field (argument lists and tuples alike), values bit for bit."""
    assert fast.prim is slow.prim and dict(fast.params) == dict(slow.params)
    assert list(fast.in_nodes) == list(slow.in_nodes) and fast.node == slow.node
    assert all(type(a) is type(b) and (same(a, b) if type(a) is float else a == b)
               for a, b in zip(fast.primals, slow.primals))
    assert type(fast.out) is type(slow.out) and same(float(fast.out), float(slow.out))


def _two_tapes(p, q):
    """Two fresh tapes, each with sources p and q (nodes 0 and 1)."""
    tapes = (Tape(), Tape())
    return [(t, t.source(p), t.source(q)) for t in tapes]


OPERATOR_CASES = [("__add__", "add"), ("__radd__", "add"), ("__sub__", "subtract"),
                  ("__rsub__", "subtract"), ("__mul__", "multiply"), ("__rmul__", "multiply"),
                  ("__truediv__", "divide"), ("__rtruediv__", "divide"), ("__pow__", "power"),
                  ("__rpow__", "power")]


@pytest.mark.parametrize("dunder, prim", OPERATOR_CASES, ids=[c[0] for c in OPERATOR_CASES])
@pytest.mark.parametrize("p", [-1.5, -0.0, 0.0, 2.0, math.inf, math.nan])
@pytest.mark.parametrize("q", [-2.0, 0.0, 3.0, 2, math.inf])
def test_tensor_float_operator_records_what_the_generic_path_records(dunder, prim, p, q):
    (fast_tape, x, _), (slow_tape, x2, _) = _two_tapes(p, 1.0)
    fast, fast_rec = _recorded(fast_tape, getattr(Tensor, dunder), x, q)
    reflected = dunder.startswith("__r")
    args = (q, x2) if reflected else (x2, q)
    slow, slow_rec = _recorded(slow_tape, slow_tape.process_generic, TABLE[prim], args, {})
    _same_record(fast_rec, slow_rec)
    assert type(fast) is Tensor and same(fast._value, slow._value) and fast._node == slow._node


@pytest.mark.parametrize("dunder, prim", [c for c in OPERATOR_CASES if not c[0].startswith("__r")])
@pytest.mark.parametrize("p, q", [(1.5, -2.0), (0.0, math.inf), (-3.0, 0.0), (math.nan, 2.0)])
def test_tensor_float_operator_between_two_tensors_records_what_the_generic_path_records(
        dunder, prim, p, q):
    (fast_tape, x, y), (slow_tape, x2, y2) = _two_tapes(p, q)
    fast, fast_rec = _recorded(fast_tape, getattr(Tensor, dunder), x, y)
    slow, slow_rec = _recorded(slow_tape, slow_tape.process_generic, TABLE[prim], (x2, y2), {})
    _same_record(fast_rec, slow_rec)
    assert same(fast._value, slow._value)


@pytest.mark.parametrize("p", VALUES)
def test_tensor_float_negation_records_what_the_generic_path_records(p):
    (fast_tape, x, _), (slow_tape, x2, _) = _two_tapes(p, 1.0)
    fast_rec = _recorded(fast_tape, lambda a: -a, x)[1]
    slow_rec = _recorded(slow_tape, slow_tape.process_generic, TABLE["negative"], (x2,), {})[1]
    _same_record(fast_rec, slow_rec)


@pytest.mark.parametrize("name", SCALAR_PRIMS + ["arctan2", "hypot", "maximum", "logaddexp"])
def test_tape_process_of_floats_records_what_the_generic_path_records(name):
    prim = TABLE[name]
    n_args = 2 if name in ("arctan2", "hypot", "maximum", "logaddexp") else 1
    (fast_tape, x, y), (slow_tape, x2, y2) = _two_tapes(0.5, -1.25)
    fast_rec = _recorded(fast_tape, fast_tape.process, prim, (x, y)[:n_args], {})[1]
    slow_rec = _recorded(slow_tape, slow_tape.process_generic, prim, (x2, y2)[:n_args], {})[1]
    _same_record(fast_rec, slow_rec)


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
        cases += [((p, q, 0.75)[:n], {}) for p, q in PAIRS]
    return cases


def _float_cotangents(prim, primals, params, g):
    """(fast, generic) input cotangents of `prim` at float `primals` for cotangent `g`,
    or None where the output is not a Python float (the float path is not taken)."""
    n = len(primals)
    with np.errstate(all="ignore"):
        try:
            out = prim.impl(*primals, **params)
        except TypeError:
            return None                     # NumPy's refusal: arguments the entry does not take
        if type(out) is not float:
            return None
        return [_outcome(_float_path, prim, g, out, primals, params),
                _outcome(prim.vjp, g, out, list(primals), params, [True] * n)]


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
        for g in (1.5, 0.0, -math.inf):
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
                assert a is None or (type(a) is type(b) and same(float(a), float(b))), (primals, a, b)
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


def _elementwise_functions():
    """name -> the public function `defelementwise` made, from every rule module."""
    import importlib
    import pkgutil
    import dualtape.rules
    found = {}
    for info in pkgutil.iter_modules(dualtape.rules.__path__):
        module = importlib.import_module(f"dualtape.rules.{info.name}")
        for value in vars(module).values():
            prim = getattr(value, "primitive", None)
            if callable(value) and getattr(prim, "partials", None) is not None:
                found[prim.name] = value
    return found


UNARY_FUNCTIONS = {name: fn for name, fn in _elementwise_functions().items()
                   if len(fn.primitive.partials) == 1 and not fn.primitive.static}


def test_the_unary_functions_under_test_include_the_common_ones():
    assert {"sin", "exp", "log", "tanh", "negative", "sqrt"} <= set(UNARY_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(UNARY_FUNCTIONS))
def test_a_unary_elementwise_function_hands_its_box_what_bind_hands_it(name):
    fn = UNARY_FUNCTIONS[name]
    lv = new_level()
    for x in (Dual._make(0.3, 1.5, lv), 0.3, np.array([0.3, 0.6])):
        with np.errstate(all="ignore"):
            fast, slow = fn(x), bind(fn.primitive, x)
        if isinstance(x, Dual):
            fast, slow = own_parts(fast), own_parts(slow)
        assert type(fast) is type(slow)
        np.testing.assert_array_equal(fast, slow)


# --- matmul with a batch of tangents or cotangents: one folded matrix product ---------------
# NumPy multiplies a stack of matrices one at a time; with one matrix on the other side the
# rules fold the stack into the rows of one product.  A BLAS product blocks its sums
# differently from a loop of products, so the two agree to rounding, not bit for bit.

@pytest.mark.parametrize("a_shape, b_shape, batch", [((4, 3), (3, 2), (5,)), ((4, 3), (3, 1), (6, 2)),
                                                     ((2, 4, 3), (3, 2), (5,)), ((4, 3), (2, 3, 2), (5,))])
def test_matmul_tangent_of_a_batch_equals_the_stacked_product(a_shape, b_shape, batch):
    rng = np.random.default_rng(3)
    prim = TABLE["matmul"]
    a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    out = np.matmul(a, b)
    # (the engine pads broadcasting entries' batched tangents to the output's rank)
    ta = rng.standard_normal(batch + (1,) * (out.ndim - len(a_shape)) + a_shape)
    tb = rng.standard_normal(batch + (1,) * (out.ndim - len(b_shape)) + b_shape)
    got = prim.jvp([ta, tb], out, [a, b], {})
    want = np.matmul(ta, b) + np.matmul(a, tb)
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-14)
    for k in np.ndindex(*batch):                      # and each direction alone
        one = prim.jvp([ta[k], tb[k]], out, [a, b], {})
        np.testing.assert_allclose(got[k], one, rtol=1e-14, atol=1e-14)


def test_matmul_adjoint_of_a_batch_equals_the_stacked_product():
    rng = np.random.default_rng(4)
    prim = TABLE["matmul"]
    a, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2))
    g = rng.standard_normal((7, 4, 2))
    ga, gb = prim.vjp(g, a @ b, [a, b], {}, [True, True])
    np.testing.assert_allclose(ga, np.matmul(g, b.T), rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(gb, np.matmul(np.swapaxes(a, 0, 1), g), rtol=1e-14, atol=1e-14)


# --- jets: the terms of a recurrence ----------------------------------------------------------
# `terms` computes a plain product where no factor is marked zero, leaves out a term marked
# zero everywhere, and calls `times` otherwise: what `times` gives for each term it keeps.

def test_recurrence_terms_equal_times_on_every_term_they_keep():
    from dualtape.rules.taylor_series import terms, times, zero_marks
    a = [2.0, 0.0, 1.5, np.array([0.0, 3.0]), -0.0, math.inf]
    b = [0.5, math.inf, -2.0, np.array([4.0, math.inf]), 7.0, 0.0]
    for marks_b in (False, True):
        zero = zero_marks(b if marks_b else a)
        for j in range(1, 6):
            with np.errstate(all="ignore"):
                kept = dict(terms(a, b, j, zero, marks_b=marks_b))
                for i in range(1, j + 1):
                    z = zero[j - i] if marks_b else zero[i]
                    full = times(a[i], b[j - i], z)
                    if z is True:
                        assert i not in kept and not np.any(full)      # a zero term, left out
                    else:
                        assert type(kept[i]) is type(full)
                        np.testing.assert_array_equal(kept[i], full)


# --- zero_safe_product beside a batch: the small factor is checked, not the product -----------

@pytest.mark.parametrize("seed", range(6))
def test_zero_safe_product_with_a_small_never_zero_factor_equals_the_full_check(seed):
    from dualtape.rules.elementwise_entry import zero_safe_product
    rng = np.random.default_rng(seed)
    big = rng.standard_normal((8, 5))
    big[rng.random((8, 5)) < 0.2] = 0.0
    big[rng.random((8, 5)) < 0.1] = np.inf
    big[rng.random((8, 5)) < 0.1] = np.nan
    small = rng.uniform(0.5, 2.0, 5) * rng.choice([-1.0, 1.0], 5)     # finite, never zero
    if seed % 2:
        small[seed % 5] = [0.0, np.inf][seed % 3 == 0]                   # the full check again
    with np.errstate(all="ignore"):
        fast = zero_safe_product(big, small)
        # the same factors with the small one spread to full size: no shortcut is taken
        full = zero_safe_product(big, np.broadcast_to(small, big.shape).copy())
        reference = np.where(np.isnan(big * small) & ((big == 0) | (small == 0)), 0.0, big * small)
    np.testing.assert_array_equal(fast, full)
    np.testing.assert_array_equal(fast, reference)
