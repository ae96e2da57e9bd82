"""Numbers built by hand behave as in the textbook: Duals share one ε, HyperDuals one
ε1 and one ε2, Jets one t; a number built from numbers of its kind is a separate,
nested computation; and none is confused with a transform's own ε.

The expected values are worked out by hand beside each assertion, from
(a + bε)(c + dε) = ac + (ad + bc)ε with ε² = 0 (and ε1² = ε2² = 0 for HyperDuals),
or compared with another mode of the library on the same function.
"""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import Dual, HyperDual, Jet


# --- Duals built by hand share one ε --------------------------------------------------------

def test_two_duals_built_by_hand_add_in_one_eps():
    # (1 + ε) + (2 + 0ε) = 3 + ε: the textbook sum, not a Dual nested in a Dual
    y = Dual(1.0, 1.0) + Dual(2.0, 0.0)
    assert repr(y) == "Dual(3.0, 1.0)"
    assert type(y.primal) is float and type(y.tangent) is float


def test_two_duals_built_by_hand_multiply_by_the_product_rule():
    # (3 + ε)(5 + 2ε) = 15 + (3·2 + 1·5)ε = 15 + 11ε
    y = Dual(3.0, 1.0) * Dual(5.0, 2.0)
    assert (y.primal, y.tangent) == (15.0, 11.0)
    # and through the generic path (the table's rules), in either order: 5 + 2ε − (3 + ε)
    z = dnp.subtract(Dual(5.0, 2.0), Dual(3.0, 1.0))
    assert (z.primal, z.tangent) == (2.0, 1.0)


def test_one_eps_through_table_functions():
    # f(x, y) = sin(x) · y with x = 0.5 + ε, y = 2 + 0ε: f = 2 sin 0.5, f' = 2 cos 0.5
    y = dnp.sin(Dual(0.5, 1.0)) * Dual(2.0, 0.0)
    assert (y.primal, y.tangent) == (2.0 * math.sin(0.5), 2.0 * math.cos(0.5))


def test_one_eps_for_array_duals():
    # ([1, 2] + [1, 1]ε) · ([3, 4] + 0ε) = [3, 8] + [3, 4]ε
    y = Dual(np.array([1.0, 2.0]), np.ones(2)) * Dual(np.array([3.0, 4.0]), np.zeros(2))
    np.testing.assert_array_equal(y.primal, [3.0, 8.0])
    np.testing.assert_array_equal(y.tangent, [3.0, 4.0])


def test_duals_with_different_batches_of_directions_refuse_to_share_eps():
    with pytest.raises(ValueError, match="different batches of directions"):
        Dual(np.ones(2), np.eye(2)) * Dual(np.ones(2), np.ones(2))


def test_a_dual_built_from_duals_is_nested_and_gives_second_derivatives():
    # x = (2 + ε_a) + ε_b: x³ has ∂/∂b = 3(2 + ε_a)² = 12 + 12 ε_a, so f''(2) = 6·2 = 12
    x = Dual(Dual(2.0, 1.0), 1.0)
    y = x ** 3
    assert (y.tangent.primal, y.tangent.tangent) == (12.0, 12.0)
    assert (y.primal.primal, y.primal.tangent) == (8.0, 12.0)


def test_a_shallow_dual_built_after_a_nested_one_joins_the_inner_eps():
    # z = 3 + ε_a shares the inner ε of x = (2 + ε_a) + ε_b although it was built later:
    # x·z = (6 + 5ε_a) + (3 + ε_a)ε_b
    x = Dual(Dual(2.0, 1.0), 1.0)
    z = Dual(3.0, 1.0)
    y = x * z
    assert (y.primal.primal, y.primal.tangent) == (6.0, 5.0)
    assert (y.tangent.primal, y.tangent.tangent) == (3.0, 1.0)


def test_a_dual_built_inside_a_transform_from_its_value_sits_above_it():
    # Dual(x, 1)·x = x² + xε, so its tangent is x, whose derivative is 1
    assert dt.jvp(lambda x: (Dual(x, 1.0) * x).tangent, (2.0,), (1.0,)) == (2.0, 1.0)


def test_duals_built_inside_a_transform_share_eps_whatever_their_parts():
    # (x + ε)(3 + ε) = 3x + (3 + x)ε: the tangent 3 + x is 5 at x = 2, with derivative 1
    def tangent_of_product(x):
        return (Dual(x, 1.0) * Dual(3.0, 1.0)).tangent
    assert dt.jvp(tangent_of_product, (2.0,), (1.0,)) == (5.0, 1.0)
    # the tape agrees on the derivative of 3 + x
    assert dt.gradient(tangent_of_product)(2.0) == 1.0


# --- HyperDuals built by hand share ε1 and ε2 -------------------------------------------------

def test_mixed_partial_of_two_hyperduals_built_by_hand():
    # f = x·y at (2, 3), x seeded in ε1 and y in ε2: e1 = ∂f/∂x = 3, e2 = ∂f/∂y = 2,
    # e12 = ∂²f/∂x∂y = 1
    f = HyperDual(2, 1, 0, 0) * HyperDual(3, 0, 1, 0)
    assert (f.primal, f.e1, f.e2, f.e12) == (6.0, 3.0, 2.0, 1.0)


def test_mixed_partial_agrees_with_the_hessian_transform():
    def f(x, y):
        return x * y ** 2 + dnp.sin(x * y)
    x, y = 0.7, 1.3
    got = f(HyperDual(x, 1.0, 0.0, 0.0), HyperDual(y, 0.0, 1.0, 0.0)).e12
    # ∂²f/∂x∂y = 2y + cos(xy) − xy sin(xy), and the tape-over-tape Hessian
    closed = 2 * y + math.cos(x * y) - x * y * math.sin(x * y)
    hessian = dt.hessian(lambda v: f(v[0], v[1]), mode="reverse-over-reverse")
    by_tape = hessian(np.array([x, y]))[0, 1]
    assert got == pytest.approx(closed, rel=1e-14)
    assert got == pytest.approx(by_tape, rel=1e-14)


def test_hyperduals_with_different_direction_axes_refuse_to_share_eps():
    with pytest.raises(ValueError, match="different direction axes"):
        HyperDual(np.ones(2), np.eye(2), np.eye(2)) * HyperDual(np.ones(2))


# --- Jets built by hand move along one curve --------------------------------------------------

def test_two_jets_built_by_hand_move_along_one_curve():
    # x(t) = 2 + t, y(t) = 3 + 0t + t²: x·y = 6 + 3t + 2t² + t³, truncated after t²
    y = Jet(2.0, [1.0, 0.0]) * Jet(3.0, [0.0, 1.0])
    assert (y.primal, y.series) == (6.0, [3.0, 2.0])


def test_jets_of_different_orders_refuse_to_share_a_curve():
    with pytest.raises(ValueError, match="orders 1 and 2"):
        Jet(2.0, [1.0]) + Jet(3.0, [1.0, 0.0])


# --- the parts as plain numbers -----------------------------------------------------------

def test_the_primal_of_a_dual_formats_and_converts_as_a_float():
    y = dnp.sin(Dual(0.5, 1.0)) * 3.0
    assert f"{y.primal:.4f}" == f"{3 * math.sin(0.5):.4f}" == "1.4383"
    assert float(y.primal) == 3 * math.sin(0.5)
    s = dnp.sum(Dual(np.array([1.0, 2.0]), np.ones(2)) ** 2)       # 1 + 4, NumPy's scalar
    assert f"{s.primal:.1f} {float(s.tangent):.1f}" == "5.0 6.0"


def test_the_parts_of_hyperduals_and_jets_format_as_floats():
    h = dnp.exp(HyperDual(0.0, 1.0, 1.0, 0.0))               # e^0 = 1 in every part
    assert f"{h.primal:.2f} {h.e1:.2f} {float(h.e12):.2f}" == "1.00 1.00 1.00"
    j = dnp.exp(Jet(0.0, [1.0, 0.0]))                        # 1 + t + t²/2
    assert f"{j.primal:.2f} {float(j.series[1]):.2f}" == "1.00 0.50"


def test_a_format_spec_on_a_box_raises_and_names_the_primal_while_plain_format_shows_it():
    # f"{d:.4f}" would print the primal and silently drop the derivative parts: it raises,
    # naming the spelling that formats the primal on purpose (before: Python's baffling
    # "unsupported format string passed to Dual.__format__")
    boxes = [Dual(1.23456, 1.0), HyperDual(1.23456, 1.0, 1.0, 0.0), Jet(1.23456, [1.0])]
    for box in boxes:
        with pytest.raises(TypeError, match=r"drop its derivative.*x\.primal:\.4f"):
            f"{box:.4f}"
        assert f"{box}" == str(box) == repr(box)                  # no spec: shown as print shows it
        assert f"{box.primal:.4f}" == "1.2346"                    # round(1.23456, 4)


def test_item_of_a_box_raises_and_names_the_primal():
    # before: AttributeError "'Dual' object has no attribute 'item'"
    for box in (Dual(np.array([1.5]), np.ones(1)), HyperDual(1.5), Jet(1.5, [1.0])):
        with pytest.raises(TypeError, match=r"\.item\(\) of a dualtape \w+ would drop.*x\.primal"):
            box.item()
    assert Dual(np.array([1.5]), np.ones(1)).primal.item() == 1.5     # the primal, a NumPy array
