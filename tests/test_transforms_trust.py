"""The functional transforms give the derivative the user asked for, or an error:
inside a GradientTape on a Variable or a watched constant, with a position named
twice in `argnums`, and after a vjp input was refilled.

Every expected value is a closed form written beside it, a central finite
difference of the whole program, or JAX's documented behaviour."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def cube(z):
    return z ** 3


# --- 1. transforms inside a tape -----------------------------------------------------------
# At x = 2 with f(z) = z³: f = 8, f' = 3x² = 12, f'' = 6x = 12, f''' = 6.  Each entry gives
# what the transform returns (summed to one number) and d/dx of that sum, in closed form.

def _taylor_sum(x):
    return sum(dt.taylor(cube, x, 3))     # x³ + 3x² + 3x + 1


TRANSFORMS_OF_CUBE = {
    # name: (the transform applied at x, d/dx of its result)
    "gradient": (lambda x: dt.gradient(cube)(x), 12.0),                        # d/dx 3x² = 6x
    "grad": (lambda x: dt.grad(cube)(x), 12.0),
    "value_and_gradient": (lambda x: sum(dt.value_and_gradient(cube)(x)), 24.0),  # 3x² + 6x
    "jvp": (lambda x: sum(dt.jvp(cube, (x,), (1.0,))), 24.0),                  # x³ + 3x²
    "vjp": (lambda x: (lambda out, pb: out + pb(1.0)[0])(*dt.vjp(cube, x)), 24.0),
    "jacobian-reverse": (lambda x: dt.jacobian(cube)(x), 12.0),
    "jacobian-forward": (lambda x: dt.jacobian(cube, mode="forward")(x), 12.0),
    "jacrev": (lambda x: dt.jacrev(cube)(x), 12.0),
    "jacfwd": (lambda x: dt.jacfwd(cube)(x), 12.0),
    "hessian-forward-over-reverse": (lambda x: dt.hessian(cube)(x), 6.0),    # d/dx 6x = 6
    "hessian-reverse-over-reverse":
        (lambda x: dt.hessian(cube, mode="reverse-over-reverse")(x), 6.0),
    "hessian-hyperdual": (lambda x: dt.hessian(cube, mode="hyperdual")(x), 6.0),
    "hvp": (lambda x: dt.hvp(cube, (x,), (1.0,)), 6.0),
    "derivative-jet": (lambda x: dt.derivative(cube)(x), 12.0),
    "derivative-forward": (lambda x: dt.derivative(cube, mode="forward")(x), 12.0),
    "derivative-reverse": (lambda x: dt.derivative(cube, mode="reverse")(x), 12.0),
    "derivative-order-2-jet": (lambda x: dt.derivative(cube, order=2)(x), 6.0),
    "derivative-order-2-reverse": (lambda x: dt.derivative(cube, order=2, mode="reverse")(x), 6.0),
    "taylor": (_taylor_sum, 27.0),                                             # 3x² + 6x + 3
}


@pytest.mark.parametrize("name", list(TRANSFORMS_OF_CUBE))
def test_a_transform_of_a_variable_inside_a_tape_is_recorded_on_the_tape(name):
    transform, expected = TRANSFORMS_OF_CUBE[name]
    x = dt.Variable(2.0)
    with dt.GradientTape() as tape:
        y = transform(x)
    assert float(tape.gradient(y, x)) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("name", ["gradient", "jvp", "jacobian-forward", "hessian-hyperdual",
                                  "derivative-jet", "taylor"])
def test_a_transform_of_a_watched_constant_inside_a_tape_is_recorded_on_the_tape(name):
    transform, expected = TRANSFORMS_OF_CUBE[name]
    c = dt.constant(2.0)
    with dt.GradientTape() as tape:
        tape.watch(c)
        y = transform(c)
    assert float(tape.gradient(y, c)) == pytest.approx(expected, rel=1e-14)


def test_the_issue_example_gradient_of_a_gradient_through_a_tape_is_twelve():
    x = dt.Variable(2.0)
    with dt.GradientTape() as tape:
        g = dt.grad(lambda z: z ** 3)(x)
    assert float(g) == 12.0                                 # 3x² at 2
    assert float(tape.gradient(g, x)) == 12.0               # d/dx 3x² = 6x at 2


def test_array_transforms_of_a_variable_inside_a_tape_match_their_closed_forms():
    # f(z) = Σ z³ at z = (1, 2): gradient 3z², Jacobian of z³ diag(3z²), Hessian diag(6z)
    z = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape(persistent=True) as tape:
        g = dnp.sum(dt.gradient(lambda v: dnp.sum(v ** 3))(z))
        j = dnp.sum(dt.jacobian(cube, mode="forward")(z))
        h = dnp.sum(dt.hessian(lambda v: dnp.sum(v ** 3), mode="hyperdual")(z))
    np.testing.assert_allclose(tape.gradient(g, z).numpy(), [6.0, 12.0], rtol=1e-14)   # 6z
    np.testing.assert_allclose(tape.gradient(j, z).numpy(), [6.0, 12.0], rtol=1e-14)   # 6z
    np.testing.assert_allclose(tape.gradient(h, z).numpy(), [6.0, 6.0], rtol=1e-14)    # 6


def test_a_variable_tangent_of_jvp_inside_a_tape_is_recorded():
    # jvp(z³, x, u) has tangent 3x²u: d/du = 3x² = 12 and d/dx = 6xu = 6 at x = 2, u = 0.5
    x, u = dt.Variable(2.0), dt.Variable(0.5)
    with dt.GradientTape() as tape:
        _, t = dt.jvp(cube, (x,), (u,))
    gx, gu = tape.gradient(t, [x, u])
    assert (float(gx), float(gu)) == (6.0, 12.0)


def test_an_f_that_returns_a_variable_keeps_its_dependence_on_the_tape():
    # jvp(lambda z: w, ...) returns w itself as the primal output: d w / d w = 1
    w = dt.Variable(3.0)
    with dt.GradientTape() as tape:
        out, _ = dt.jvp(lambda z: w, (2.0,), (1.0,))
    assert float(tape.gradient(out, w)) == 1.0


def test_a_gradient_through_two_nested_tapes_differentiates_again_on_the_outer_one():
    # inner: d/dx (3x²) = 6x = 12; outer: d/dx 6x = 6
    x = dt.Variable(2.0)
    with dt.GradientTape() as outer:
        with dt.GradientTape() as inner:
            g = dt.gradient(cube)(x)
        gg = inner.gradient(g, x)
    assert float(gg) == 12.0
    assert float(outer.gradient(gg, x)) == 6.0


X0 = np.array([0.5, -1.0, 2.0])
W0 = np.array([0.3, -0.7, 1.1])


def _penalised_loss_by_numpy(w):
    """The same loss written out by hand: with model = Σ tanh(v·x)·w taken at v = w,
    ∂/∂x = sech²(w·x)·w·w and ∂/∂v = sech²(w·x)·x·w."""
    s = 1.0 / np.cosh(w * X0) ** 2
    return np.sum(w ** 2) + np.sum((s * w * w) ** 2) + np.sum((s * X0 * w) ** 2)


def _central_differences(f, w, h=1e-6):
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(len(w))])


def test_a_gradient_norm_penalty_whose_variable_is_captured_and_passed_matches_finite_differences():
    # loss(w) = Σ w² + ‖∇_x model‖² + ‖∇_v model‖², model(x, v) = Σ tanh(v·x)·w, v = w:
    # w is both an argument of the inner gradient and captured by the model's closure.
    w = dt.Variable(W0)
    with dt.GradientTape() as tape:
        gx, gv = dt.grad(lambda x, v: dnp.sum(dnp.tanh(v * x) * w), argnums=(0, 1))(X0, w)
        loss = dnp.sum(w ** 2) + dnp.sum(gx ** 2) + dnp.sum(gv ** 2)
    assert float(loss) == pytest.approx(_penalised_loss_by_numpy(W0), rel=1e-14)
    expected = _central_differences(_penalised_loss_by_numpy, W0)     # [0.8380, -1.8057, 2.1194]
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), expected, rtol=1e-7)


def test_a_hessian_penalty_on_a_captured_and_passed_variable_matches_its_closed_form():
    # H = hessian of v ↦ Σ v⁴/12 · w_0 (w captured) at v = w has diagonal w_i²·w_0, so
    # loss(w) = Σ (w_i² w_0)² = w_0² Σ w_i⁴, with gradient 4 w_0² w_i³ + [i = 0]·2 w_0 Σ w⁴.
    w = dt.Variable(W0)
    with dt.GradientTape() as tape:
        hess = dt.hessian(lambda v: dnp.sum(v ** 4) / 12.0 * w[0], mode="hyperdual")(w)
        loss = dnp.sum(dnp.diagonal(hess) ** 2)
    expected = 4 * W0[0] ** 2 * W0 ** 3
    expected[0] += 2 * W0[0] * np.sum(W0 ** 4)
    assert float(loss) == pytest.approx(W0[0] ** 2 * np.sum(W0 ** 4), rel=1e-14)
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), expected, rtol=1e-13)
    np.testing.assert_allclose(expected, _central_differences(
        lambda v: v[0] ** 2 * np.sum(v ** 4), W0), rtol=1e-7)


# --- 2. a position named twice in argnums ----------------------------------------------------
# JAX's documented behaviour: each position argnums names gets its full derivative, so
# grad(f, argnums=(0, 0))(x) is (f'(x), f'(x)).

def test_gradient_with_a_position_named_twice_gives_the_full_gradient_twice():
    assert dt.gradient(lambda x: x ** 2, argnums=(0, 0))(3.0) == (6.0, 6.0)       # 2x at 3
    assert dt.value_and_gradient(lambda x: x ** 2, argnums=(0, 0))(3.0) == (9.0, (6.0, 6.0))
    # f(x, y) = x²y at (3, 2): ∂x = 2xy = 12, ∂y = x² = 9, in the order asked for
    assert dt.gradient(lambda x, y: x ** 2 * y, argnums=(1, 0, 1))(3.0, 2.0) == (9.0, 12.0, 9.0)


def test_repeated_gradient_arrays_are_separate_arrays():
    g0, g1 = dt.gradient(lambda x: dnp.sum(x ** 2), argnums=(0, 0))(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(g0, [2.0, 4.0])                                # 2x
    g0[0] = 100.0
    np.testing.assert_array_equal(g1, [2.0, 4.0])


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_jacobian_with_a_position_named_twice_gives_the_block_twice(mode):
    x = np.array([1.0, 2.0])
    j0, j1 = dt.jacobian(lambda v: v ** 2, argnums=(0, 0), mode=mode)(x)
    np.testing.assert_array_equal(j0, np.diag(2 * x))                            # diag(2x)
    np.testing.assert_array_equal(j1, np.diag(2 * x))


@pytest.mark.parametrize("mode", ["forward-over-reverse", "reverse-over-reverse", "hyperdual"])
def test_hessian_with_a_position_named_twice_gives_every_block(mode):
    # f(x, y) = x²y at (3, 2): ∂xx = 2y = 4, ∂xy = 2x = 6, ∂yy = 0
    h = dt.hessian(lambda x, y: x ** 2 * y, argnums=(0, 1, 0), mode=mode)(3.0, 2.0)
    assert h == ((4.0, 6.0, 4.0), (6.0, 0.0, 6.0), (4.0, 6.0, 4.0))


# --- 3. a vjp input refilled before the pullback runs ---------------------------------------
# As in JAX, the pullback differentiates at the values f was called with.

def test_a_vjp_input_refilled_before_the_pullback_still_gives_the_gradient_at_the_call():
    x = np.array([1.0, 2.0])
    out, pullback = dt.vjp(lambda v: v ** 3, x)
    x[:] = 100.0
    (g,) = pullback(np.ones(2))
    np.testing.assert_array_equal(g, [3.0, 12.0])        # 3x² at the original x = (1, 2)
    np.testing.assert_array_equal(out, [1.0, 8.0])       # x³ at the original x


def test_a_vjp_input_inside_a_container_refilled_later_does_not_change_the_pullback():
    a, b = np.array([1.0, 2.0]), np.array([3.0])
    _, pullback = dt.vjp(lambda p: dnp.sum(p["a"] ** 2) * p["b"][0], {"a": a, "b": b})
    a[:] = -5.0
    b[:] = 7.0
    (g,) = pullback(1.0)
    np.testing.assert_array_equal(g["a"], [6.0, 12.0])   # 2a·b at a = (1, 2), b = 3
    np.testing.assert_array_equal(g["b"], [5.0])         # Σ a² = 5
