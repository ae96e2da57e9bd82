"""Fast paths pinned against the generic path: Dual's float operators, the
`scalar=` shortcut of unary primitives (forward and backward), a unary
function handing its box the primitive without bind, matmul folding a batch
into one product, the terms of a jet's recurrences and zero_safe_product
beside a batch must give what the generic rules give (bit for bit where the
arithmetic is the same).  The tape's scalar path is in test_tape_fast_paths.py."""
import math

import numpy as np
import pytest

import dualtape as dt
from dualtape import Dual
from dualtape.core.box import Box, new_level
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE
from dualtape.forward.parts import own_parts  # these Duals are at a transform-like level

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
# A 1-D operand is a row (first) or a column (second), as NumPy's matmul reads it, and
# its tangent a stack of such rows or columns.

MATMUL_CASES = [((4, 3), (3, 2), (5,)), ((4, 3), (3, 1), (6, 2)), ((2, 4, 3), (3, 2), (5,)),
                ((4, 3), (2, 3, 2), (5,)), ((4, 3), (3,), (5,)), ((3,), (3, 2), (6, 2)),
                ((3,), (3,), (5,)), ((3,), (2, 3, 4), (5,)), ((2, 1, 4, 3), (3,), (5,))]


def _as_matrices(x, batch, row):
    """A batch of operands as NumPy's matmul reads each: a 1-D one as a row or a
    column, with unit axes after the batch (so that the stacks broadcast)."""
    s = x.shape[len(batch):]
    if len(s) == 1:
        s = (1,) + s if row else s + (1,)
    return x.reshape(batch + (1,) * (5 - len(s)) + s)


def _matmul_operands(seed, a_shape, b_shape):
    """A random generator, the matmul entry, random operands and NumPy's product."""
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    return rng, TABLE["matmul"], a, b, np.matmul(a, b)


@pytest.mark.parametrize("a_shape, b_shape, batch", MATMUL_CASES)
def test_matmul_tangent_of_a_batch_equals_the_stacked_product(a_shape, b_shape, batch):
    rng, prim, a, b, out = _matmul_operands(3, a_shape, b_shape)
    ta, tb = rng.standard_normal(batch + a_shape), rng.standard_normal(batch + b_shape)
    got = prim.jvp([ta, tb], out, [a, b], {})
    # each direction's product with the operands as matrices, the added axes dropped
    want = (np.matmul(_as_matrices(ta, batch, True), _as_matrices(b, (), False))
            + np.matmul(_as_matrices(a, (), True), _as_matrices(tb, batch, False)))
    np.testing.assert_allclose(got, want.reshape(batch + out.shape), rtol=1e-14, atol=1e-14)
    for k in np.ndindex(*batch):                      # and each direction alone
        one = prim.jvp([ta[k], tb[k]], out, [a, b], {})
        np.testing.assert_allclose(got[k], one, rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(one, np.matmul(ta[k], b) + np.matmul(a, tb[k]),
                                   rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("a_shape, b_shape, batch", MATMUL_CASES)
def test_matmul_adjoint_of_a_batch_equals_each_cotangent_alone(a_shape, b_shape, batch):
    rng, prim, a, b, out = _matmul_operands(4, a_shape, b_shape)
    g = rng.standard_normal(batch + out.shape)
    ga, gb = prim.vjp(g, out, [a, b], {}, [True, True])
    assert ga.shape == batch + a_shape and gb.shape == batch + b_shape
    for k in np.ndindex(*batch):
        # one cotangent: ⟨g, ta @ b + a @ tb⟩ = ⟨ga, ta⟩ + ⟨gb, tb⟩ for every ta, tb, which
        # pins ga and gb as the gradients of ⟨g, a @ b⟩ (the dot-product identity, entry by entry)
        want_a = np.array([np.sum(g[k] * np.matmul(e.reshape(a_shape), b))
                           for e in np.eye(a.size)]).reshape(a_shape)
        want_b = np.array([np.sum(g[k] * np.matmul(a, e.reshape(b_shape)))
                           for e in np.eye(b.size)]).reshape(b_shape)
        np.testing.assert_allclose(ga[k], want_a, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(gb[k], want_b, rtol=1e-13, atol=1e-13)


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
