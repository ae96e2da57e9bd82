"""Fast paths pinned against the generic path: Dual's float operators and the
`scalar=` shortcut of unary primitives (forward and backward) must give
exactly what the generic rules give, bit for bit."""
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
