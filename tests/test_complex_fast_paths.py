"""The scalar fast paths of Python complex numbers pinned against the generic path:
Dual's operators, the `scalar=` shortcut of unary primitives (forward and
backward) and the implementations give exactly what the generic rules give,
and Python complex numbers stay Python complex numbers."""
import numpy as np
import pytest

import dualtape as dt
from dualtape import Dual
from dualtape.core.box import new_level
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE
from dualtape.forward.parts import own_parts
from test_fast_paths import generic          # the table's impl and tangent rule, called directly

VALUES = [0.5 + 0.25j, -1.5 - 2.0j, 3j, 0j]
OTHERS = [2.0, -0.5 + 1.5j, 3]
TANGENTS = [1.5 - 0.5j, 1.0, 0j]


OPERATORS = [("add", lambda a, b: a + b, False), ("add", lambda a, b: b + a, True),
             ("subtract", lambda a, b: a - b, False), ("subtract", lambda a, b: b - a, True),
             ("multiply", lambda a, b: a * b, False), ("multiply", lambda a, b: b * a, True)]


@pytest.mark.parametrize("prim, op, reflected", OPERATORS)
@pytest.mark.parametrize("p", VALUES)
@pytest.mark.parametrize("q", OTHERS)
@pytest.mark.parametrize("dp", TANGENTS)
def test_dual_complex_operator_with_a_number_equals_the_generic_rule(prim, op, reflected, p, q, dp):
    y = op(Dual._make(p, dp, new_level()), q)
    out, t = generic(prim, (q, p) if reflected else (p, q), (None, dp) if reflected else (dp, None))
    yp, yt = own_parts(y)
    assert type(yp) is complex and yp == out and yt == t


@pytest.mark.parametrize("prim, op", [(o[0], o[1]) for o in OPERATORS if not o[2]])
@pytest.mark.parametrize("p", VALUES)
def test_dual_complex_operator_between_two_duals_equals_the_generic_rule(prim, op, p):
    lv = new_level()
    y = op(Dual._make(p, 1.5 - 0.5j, lv), Dual._make(-0.5 + 1.5j, 0.25j, lv))
    out, t = generic(prim, (p, -0.5 + 1.5j), (1.5 - 0.5j, 0.25j))
    yp, yt = own_parts(y)
    assert type(yp) is complex and yp == out and yt == t


@pytest.mark.parametrize("p", VALUES)
def test_dual_complex_negation_equals_the_generic_rule(p):
    y = -Dual._make(p, 1.5 - 0.5j, new_level())
    assert own_parts(y) == generic("negative", (p,), (1.5 - 0.5j,))


SCALAR_PRIMS = sorted(name for name, prim in TABLE.items() if prim.scalar is not None)


@pytest.mark.parametrize("name", SCALAR_PRIMS)
@pytest.mark.parametrize("p", VALUES[:3])
def test_unary_scalar_fast_path_of_a_complex_dual_equals_the_generic_rule(name, p):
    lv = new_level()
    y = Dual._make(p, 1.5 - 0.5j, lv)._process(TABLE[name], (Dual._make(p, 1.5 - 0.5j, lv),), {})
    out, t = generic(name, (p,), (1.5 - 0.5j,))
    yp, yt = own_parts(y)
    assert type(yp) is complex and yp == out and yt == t


@pytest.mark.parametrize("name", SCALAR_PRIMS)
@pytest.mark.parametrize("p", VALUES[:3])
def test_unary_scalar_fast_path_of_complex_cotangents_equals_the_generic_adjoint(name, p):
    prim = TABLE[name]
    _, pullback = dt.vjp(lambda x: bind(prim, x), p)
    (fast,) = pullback(0.5 - 2.0j)
    (slow,) = prim.vjp(0.5 - 2.0j, prim.impl(p), (p,), {}, [True])
    assert type(fast) is complex and fast == slow


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "exp", "log", "sqrt", "sinh", "cosh", "tanh",
                                  "arcsin", "arctan", "arcsinh"])
def test_a_python_complex_stays_a_python_complex_with_numpys_value(name):
    z = 0.5 + 0.25j
    out = TABLE[name].impl(z)
    assert type(out) is complex
    assert out == pytest.approx(complex(getattr(np, name)(np.complex128(z))), rel=1e-15)
