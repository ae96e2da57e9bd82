"""Modes nest: levels keep derivative computations apart (no perturbation
confusion), nested tapes reach any order, and mixed nests agree.

Reference numbers for exp(sin(x)) at 0.5 are the sympy values pinned in
test_closed_forms.py: d/dx .. d⁴/dx⁴ = 1.4174242246593913, 0.46956439926573407,
-2.3644414408552015, -5.707734036177334.
"""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import Dual, HyperDual, Jet
from dualtape.forward.dual import dual_parts
from dualtape.forward.hyperdual import hyperdual_parts
from dualtape.forward.jet import jet_parts

EXP_SIN_AT_HALF = [math.exp(math.sin(0.5)), 1.4174242246593913, 0.46956439926573407,
                   -2.3644414408552015, -5.707734036177334]


def exp_sin(x):
    return dnp.exp(dnp.sin(x))


def close(a, b, rel=1e-13):
    return abs(a - b) <= rel * max(abs(b), 1e-300)


# --- perturbation confusion: d/dx [x · d/dy (x + y)] at x = y = 1 is 1 ----------------

def inner_forward(g):
    return dt.jvp(g, (1.0,), (1.0,))[1]


def inner_reverse(g):
    return dt.gradient(g)(1.0)


def inner_dual_by_hand(g):
    y = Dual(1.0, 1.0)
    return dual_parts(g(y), y)[1]


def inner_hyperdual(g):
    y = HyperDual(1.0, 1.0, 0.0)
    return hyperdual_parts(g(y), y)[1]


def inner_jet(g):
    y = Jet(1.0, [1.0])
    return jet_parts(g(y), y)[1][0]


def outer_forward(f):
    return dt.jvp(f, (1.0,), (1.0,))[1]


def outer_reverse(f):
    return dt.gradient(f)(1.0)


def outer_hyperdual(f):
    # Hand-built HyperDuals share their ε's, as in the textbook, so the inner HyperDual
    # (built from floats) would share this one's: a hand-built outer computation is
    # built one level deeper, from a HyperDual, to have ε's of its own.
    x = HyperDual(HyperDual(1.0, 0.0, 0.0), 1.0, 1.0)
    _, e1, e2, e12 = hyperdual_parts(f(x), x)
    assert e12 == 0.0             # x · 1 is linear in x
    return e1


def outer_tape(f):
    x = dt.Variable(1.0)
    with dt.GradientTape() as tape:
        y = f(x)
    return tape.gradient(y, x).numpy()


def outer_jet(f):
    return dt.derivative(f)(1.0)


INNERS = {"Dual": inner_forward, "tape": inner_reverse, "Dual by hand": inner_dual_by_hand,
          "HyperDual": inner_hyperdual, "Jet": inner_jet}
OUTERS = {"Dual": outer_forward, "tape": outer_reverse, "HyperDual": outer_hyperdual,
          "GradientTape": outer_tape, "Jet": outer_jet}


@pytest.mark.parametrize("inner", INNERS)
@pytest.mark.parametrize("outer", OUTERS)
def test_no_perturbation_confusion_in_any_nesting(outer, inner):
    def f(x):
        return x * INNERS[inner](lambda y: x + y)
    assert float(OUTERS[outer](f)) == 1.0


@pytest.mark.parametrize("inner", INNERS)
@pytest.mark.parametrize("outer", OUTERS)
def test_the_inner_derivative_of_a_constant_is_zero_in_any_nesting(outer, inner):
    # d/dx [x · d/dy x] = d/dx [x · 0] = 0; reading the outer ε instead gives d/dx [x · 1] = 1
    def f(x):
        return x * INNERS[inner](lambda y: x)
    assert float(OUTERS[outer](f)) == 0.0


# --- the documented parts, read by hand inside a transform ---------------------------------
# Inside dualtape.derivative (or taylor, or hessian's HyperDual mode) the function's own
# argument x is the transform's Jet (HyperDual).  The inner y ↦ x does not depend on y, so
# d/dy x is 0 and d/dx [x² · d/dy x] is 0; reading the transform's own series off x instead
# would give d/dx [x² · 1] = 2x.

def series_by_hand(g):
    return g(Jet(1.0, [1.0])).series[0]


def e1_by_hand(g):
    return g(HyperDual(1.0, 1.0, 0.0, 0.0)).e1


def test_a_jets_series_read_by_hand_inside_derivative_is_its_own():
    f = lambda x: x * x * series_by_hand(lambda y: x)         # noqa: E731
    assert dt.derivative(f)(2.0) == 0.0
    assert dt.taylor(f, 2.0, order=2) == [0.0, 0.0, 0.0]
    # and with a y it depends on: d/dy (x + y) = 1, so f = x², f' = 2x = 4, f''/2 = 1
    g = lambda x: x * x * series_by_hand(lambda y: x + y)     # noqa: E731
    assert dt.derivative(g)(2.0) == 4.0
    assert dt.taylor(g, 2.0, order=2) == [4.0, 4.0, 1.0]


def test_a_hyperduals_parts_read_by_hand_inside_hessian_are_its_own():
    f = lambda x: x * x * e1_by_hand(lambda y: x)             # noqa: E731
    assert dt.hessian(f, mode="hyperdual")(2.0) == 0.0
    g = lambda x: x * x * e1_by_hand(lambda y: x + y)         # noqa: E731
    assert dt.hessian(g, mode="hyperdual")(2.0) == 2.0       # (x²)'' = 2


def test_the_primal_read_by_hand_inside_a_transform_keeps_the_transforms_derivative():
    # y ↦ x² read at its primal is x², whose derivative is 2x = 6 at 3 and second derivative 2
    assert dt.derivative(lambda x: (lambda y: x * x)(Jet(1.0, [1.0])).primal)(3.0) == 6.0
    hd = lambda x: (lambda y: x * x)(HyperDual(1.0, 1.0, 0.0, 0.0)).primal     # noqa: E731
    assert dt.hessian(hd, mode="hyperdual")(3.0) == 2.0


# The same nestings with the inner derivative read off the box by its documented attribute
# (`.tangent`, `.e1`, `.e2`, `.series`), as a textbook does.  The inner y ↦ x returns the
# outer transform's own box; reading that box's part as the inner derivative would give
# d/dx [x · 1] = 1 (the old result), where d/dx [x · d/dy x] = d/dx [x · 0] = 0.  With
# y ↦ x + y the inner derivative is 1 and the result is d/dx [x · 1] = 1.

def tangent_by_hand(g):
    return g(Dual(1.0, 1.0)).tangent


def e2_by_hand(g):
    return g(HyperDual(1.0, 0.0, 1.0, 0.0)).e2


def e12_by_hand(g):                 # d²/dy² (x + y²)/2 = 1; of x it is 0
    y = HyperDual(1.0, 1.0, 1.0, 0.0)
    return g(y).e12


ATTRIBUTE_READS = {"Dual .tangent": (tangent_by_hand, lambda x: lambda y: x, lambda x: lambda y: x + y),
                   "HyperDual .e1": (e1_by_hand, lambda x: lambda y: x, lambda x: lambda y: x + y),
                   "HyperDual .e2": (e2_by_hand, lambda x: lambda y: x, lambda x: lambda y: x + y),
                   "HyperDual .e12": (e12_by_hand, lambda x: lambda y: x,
                                      lambda x: lambda y: x + 0.5 * y * y),
                   "Jet .series": (series_by_hand, lambda x: lambda y: x, lambda x: lambda y: x + y)}

# Each transform that hands f a box, with the kind of that box and the first derivative it
# gives of a scalar function (the Hessian mode: the second derivative of x·f(x)/2, the same
# number here).  sparse_jacobian first runs f on its pattern boxes, which have no parts.
FORWARD_TRANSFORMS = {
    "jvp": ("Dual", lambda f: dt.jvp(f, (1.0,), (1.0,))[1]),
    "jacobian forward": ("Dual", lambda f: dt.jacobian(lambda v: f(v[0]) * np.ones(1),
                                                       mode="forward")(np.array([1.0]))[0, 0]),
    "sparse_jacobian": ("pattern", lambda f: dt.sparse_jacobian(lambda v: f(v[0]) * np.ones(1))(
        np.array([1.0])).toarray()[0, 0]),
    "hessian hyperdual": ("HyperDual", lambda f: dt.hessian(lambda x: 0.5 * x * f(x),
                                                           mode="hyperdual")(1.0)),
    "derivative": ("Jet", lambda f: dt.derivative(f)(1.0)),
    "taylor": ("Jet", lambda f: dt.taylor(f, 1.0, order=1)[1]),
}


@pytest.mark.parametrize("transform", FORWARD_TRANSFORMS)
@pytest.mark.parametrize("read", ATTRIBUTE_READS)
def test_the_inner_derivative_read_by_its_attribute_inside_any_forward_transform(transform, read):
    by_hand, constant, linear = ATTRIBUTE_READS[read]
    kind, outer = FORWARD_TRANSFORMS[transform]
    assert float(outer(lambda x: x * by_hand(linear(x)))) == 1.0        # d/dx [x · d/dy (x + y)] = 1
    if read.startswith(kind + " "):
        assert float(outer(lambda x: x * by_hand(constant(x)))) == 0.0  # d/dx [x · d/dy x] = 0
    else:          # the transform's box is of another kind: no such part, never a number
        with pytest.raises(AttributeError):
            outer(lambda x: x * by_hand(constant(x)))


def test_the_tangent_of_the_dual_jvp_hands_to_f_reads_as_zero_inside_f():
    # inside f, x is jvp's own Dual: in the ε of the textbook its tangent is 0, so
    # f(x) = x² · (d/dy x) = 0 and its derivative 0 (the old result was 2x = 4 at 2)
    f = lambda x: x * x * x.tangent                               # noqa: E731
    assert dt.jvp(f, (2.0,), (1.0,)) == (0.0, 0.0)
    # and its primal is itself, so nothing is dropped: (x.primal)² has derivative 2x = 4
    assert dt.jvp(lambda x: x.primal * x.primal, (2.0,), (1.0,)) == (4.0, 4.0)
    # a forward Jacobian's batched Dual reads the same: zeros, not its unit directions
    jac = dt.jacobian(lambda v: v * v.tangent.sum(), mode="forward")(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(jac, np.zeros((2, 2)))


def test_formatting_the_dual_jvp_hands_to_f_raises_inside_f():
    # f"{x:.4f}" of jvp's Dual inside f would drop its tangent: it raises and names the primal
    with pytest.raises(TypeError, match=r"format\(x, '.4f'\) of a dualtape Dual would drop"):
        dt.jvp(lambda x: f"{x:.4f}", (2.0,), (1.0,))
    with pytest.raises(TypeError, match="would drop its derivative"):       # x.primal is x here
        dt.jvp(lambda x: f"{x.primal:.4f}", (2.0,), (1.0,))


def test_a_number_built_before_a_transform_is_not_read_inside_it_silently():
    # d/dx [x · d/dy (x·y)] = d/dx [x · x] = 2x: reading y's part inside the transform would
    # drop the transform's derivative of it (the result was 2.0 at x = 2, not 4), so it raises
    jet, hyper, dual = Jet(1.0, [1.0]), HyperDual(1.0, 1.0, 0.0, 0.0), Dual(1.0, 1.0)
    with pytest.raises(ValueError, match="built before the transform"):
        dt.derivative(lambda x: x * (x * jet).series[0])(2.0)
    with pytest.raises(ValueError, match="built before the transform"):
        dt.derivative(lambda x: x * jet_parts(x * jet, jet)[1][0])(2.0)
    with pytest.raises(ValueError, match="built before the transform"):
        dt.hessian(lambda x: x * (x * hyper).e1, mode="hyperdual")(2.0)
    with pytest.raises(ValueError, match="built before the transform"):
        dt.jvp(lambda x: x * dual_parts(x * dual, dual)[1], (2.0,), (1.0,))
    # built inside, the same reading is right: 2x = 4
    assert dt.derivative(lambda x: x * (x * Jet(1.0, [1.0])).series[0])(2.0) == 4.0


def test_no_perturbation_confusion_with_nested_gradient_tapes():
    x, y = dt.Variable(1.0), dt.Variable(1.0)
    with dt.GradientTape() as outer:
        with dt.GradientTape() as inner:
            s = x + y
        z = x * inner.gradient(s, y)
    assert outer.gradient(z, x).numpy() == 1.0


# --- nested tapes and gradients to third and fourth order ----------------------------------

def nested_tapes(f, x0, order):
    """[f'(x0), ..., f^(order)(x0)] with `order` nested GradientTapes (the tutorial's way)."""
    x = dt.Variable(x0)
    tapes = [dt.GradientTape(persistent=True) for _ in range(order)]
    for t in tapes:
        t.__enter__()
    value = f(x)
    derivatives = []
    for t in reversed(tapes):
        t.__exit__(None, None, None)
        value = t.gradient(value, x, unconnected_gradients="zero")
        derivatives.append(value)
    return [float(d.numpy()) for d in derivatives]


def test_nested_tapes_give_third_and_fourth_derivatives_of_x_cubed():
    assert nested_tapes(lambda x: x ** 3, 2.0, 4) == [12.0, 12.0, 6.0, 0.0]


def test_nested_tapes_give_derivatives_of_sin_to_fourth_order():
    got = nested_tapes(dnp.sin, 0.7, 4)
    want = [math.cos(0.7), -math.sin(0.7), -math.cos(0.7), math.sin(0.7)]
    assert all(close(g, w) for g, w in zip(got, want))


def test_nested_tapes_give_derivatives_of_exp_sin_to_fourth_order():
    got = nested_tapes(exp_sin, 0.5, 4)
    assert all(close(g, w) for g, w in zip(got, EXP_SIN_AT_HALF[1:]))


def test_nested_gradient_calls_reach_fourth_order():
    g = exp_sin
    for k in range(1, 5):
        g = dt.gradient(g)
        assert close(g(0.5), EXP_SIN_AT_HALF[k])


# --- mixed nests agree ---------------------------------------------------------------------------

def test_jvp_of_gradient_and_gradient_of_jvp_agree():
    fwd_rev = dt.jvp(dt.gradient(exp_sin), (0.5,), (1.0,))[1]
    rev_fwd = dt.gradient(lambda x: dt.jvp(exp_sin, (x,), (1.0,))[1])(0.5)
    assert close(fwd_rev, EXP_SIN_AT_HALF[2]) and close(rev_fwd, EXP_SIN_AT_HALF[2])


def test_hyperdual_through_a_tape_gives_the_third_derivative():
    # the tape differentiates the HyperDual's ε1ε2 part (HyperDual inside the tape)
    def second(x):
        h = HyperDual(x, 1.0, 1.0)
        return hyperdual_parts(exp_sin(h), h)[3]
    assert close(dt.gradient(second)(0.5), EXP_SIN_AT_HALF[3])


def test_tape_inside_a_hyperdual_gives_second_and_third_derivatives():
    h = HyperDual(0.5, 1.0, 1.0)
    g = dt.gradient(exp_sin)(h)              # f'(h): ε1 part f'', ε1ε2 part f'''
    _, e1, _, e12 = hyperdual_parts(g, h)
    assert close(e1, EXP_SIN_AT_HALF[2]) and close(e12, EXP_SIN_AT_HALF[3])


def test_hyperdual_inside_hyperdual_gives_the_fourth_derivative():
    inner = HyperDual(0.5, 1.0, 1.0)
    outer = HyperDual(inner, 1.0, 1.0)
    y = exp_sin(outer)
    second_outer = hyperdual_parts(y, outer)[3]            # f''(inner), a HyperDual
    assert close(hyperdual_parts(second_outer, inner)[0], EXP_SIN_AT_HALF[2])
    assert close(hyperdual_parts(second_outer, inner)[3], EXP_SIN_AT_HALF[4])


def test_jet_of_a_gradient_gives_higher_derivatives():
    coeffs = dt.taylor(dt.gradient(exp_sin), 0.5, order=3)
    got = [c * math.factorial(j) for j, c in enumerate(coeffs)]
    assert all(close(g, w) for g, w in zip(got, EXP_SIN_AT_HALF[1:]))


def test_gradient_of_a_jet_coefficient_gives_the_next_derivative():
    # d/dx [f'''(x)/3!] · 3! = f''''(x)
    third = lambda x: dt.taylor(exp_sin, x, order=3)[3] * 6.0      # noqa: E731
    assert close(dt.gradient(third)(0.5), EXP_SIN_AT_HALF[4], rel=1e-12)


def test_all_mixed_hessians_agree_on_a_vector_function():
    def f(x):
        return dnp.sum(dnp.sin(x[1:]) * x[:-1] * x[1:])
    x = np.array([0.3, -0.2, 1.1])
    H = [np.asarray(dt.hessian(f, mode=m)(x)) for m in
         ("forward-over-reverse", "reverse-over-reverse", "hyperdual")]
    H.append(np.asarray(dt.jacobian(dt.jacobian(f, mode="forward"), mode="forward")(x)))
    H.append(np.asarray(dt.jacobian(dt.jacobian(f, mode="forward"), mode="reverse")(x)))
    for other in H[1:]:
        assert np.allclose(other, H[0], rtol=1e-13, atol=1e-15)
