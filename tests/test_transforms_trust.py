"""The functional transforms give the derivative the user asked for, or an error:
inside a GradientTape on a Variable or a watched constant, with a position named
twice in `argnums`, after a vjp input was refilled, and in float32 and float16.

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


# --- 4. float32 and float16 stay float32 and float16 -----------------------------------------
# f(x) = Σ sin(x)·x: gradient cos(x)·x + sin(x), Hessian diag(2cos(x) − x·sin(x)).

def _grad_closed_form(x):
    return np.cos(x) * x + np.sin(x)


def _hessian_diagonal_closed_form(x):
    return 2 * np.cos(x) - x * np.sin(x)


def _f(x):
    return dnp.sum(dnp.sin(x) * x)


def _elementwise(x):
    return dnp.sin(x) * x


DTYPE_CASES = {
    # name: (derivative of _f or _elementwise at x, its closed form at x in float64)
    "gradient": (lambda x: dt.gradient(_f)(x), _grad_closed_form),
    "value_and_gradient": (lambda x: dt.value_and_gradient(_f)(x)[1], _grad_closed_form),
    "vjp": (lambda x: dt.vjp(_elementwise, x)[1](np.ones(2, x.dtype))[0], _grad_closed_form),
    "jvp": (lambda x: dt.jvp(_elementwise, (x,), (np.ones(2, x.dtype),))[1], _grad_closed_form),
    "jacobian-reverse": (lambda x: dt.jacobian(_elementwise)(x),
                         lambda x: np.diag(_grad_closed_form(x))),
    "jacobian-forward": (lambda x: dt.jacobian(_elementwise, mode="forward")(x),
                         lambda x: np.diag(_grad_closed_form(x))),
    "hessian-forward-over-reverse": (lambda x: dt.hessian(_f)(x),
                                     lambda x: np.diag(_hessian_diagonal_closed_form(x))),
    "hessian-reverse-over-reverse": (lambda x: dt.hessian(_f, mode="reverse-over-reverse")(x),
                                     lambda x: np.diag(_hessian_diagonal_closed_form(x))),
    "hessian-hyperdual": (lambda x: dt.hessian(_f, mode="hyperdual")(x),
                          lambda x: np.diag(_hessian_diagonal_closed_form(x))),
    "hvp": (lambda x: dt.hvp(_f, (x,), (np.ones(2, x.dtype),)), _hessian_diagonal_closed_form),
    "derivative-jet": (lambda x: dt.derivative(_elementwise)(x), _grad_closed_form),
    "derivative-forward": (lambda x: dt.derivative(_elementwise, mode="forward")(x),
                           _grad_closed_form),
    "derivative-reverse": (lambda x: dt.derivative(_elementwise, mode="reverse")(x),
                           _grad_closed_form),
    "derivative-order-2": (lambda x: dt.derivative(_elementwise, order=2)(x),
                           _hessian_diagonal_closed_form),
    "taylor": (lambda x: dt.taylor(_elementwise, x, 2)[2],
               lambda x: _hessian_diagonal_closed_form(x) / 2),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("name", list(DTYPE_CASES))
def test_a_float32_or_float16_input_gives_a_derivative_of_its_dtype(name, dtype):
    transform, closed_form = DTYPE_CASES[name]
    x = np.array([0.5, 1.5], dtype=dtype)
    d = transform(x)
    assert d.dtype == dtype
    # within a few roundings of the closed form at the same (rounded) point
    np.testing.assert_allclose(d.astype(np.float64), closed_form(x.astype(np.float64)),
                               rtol=4 * np.finfo(dtype).eps)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_values_of_a_float32_or_float16_input_keep_its_dtype(dtype):
    x = np.array([0.5, 1.5], dtype=dtype)
    value, _ = dt.value_and_gradient(_f)(x)
    out, _ = dt.vjp(_elementwise, x)
    primal, _ = dt.jvp(_elementwise, (x,), (np.ones(2, dtype),))
    coefficients = dt.taylor(_elementwise, x, 3)
    assert value.dtype == out.dtype == primal.dtype == dtype
    assert [c.dtype for c in coefficients] == [dtype] * 4


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_a_numpy_scalar_of_a_narrow_dtype_gives_a_scalar_of_that_dtype(dtype):
    x = dtype(2.0)
    results = [dt.gradient(cube)(x), dt.jacobian(cube)(x), dt.jacfwd(cube)(x),
               dt.hessian(cube, mode="hyperdual")(x), dt.derivative(cube, order=2)(x),
               dt.hvp(cube, (x,), (dtype(1.0),))]
    assert [type(r) for r in results] == [dtype] * 6
    assert [float(r) for r in results] == [12.0, 12.0, 12.0, 12.0, 12.0, 12.0]   # 3x², 6x at 2


def test_a_float32_input_with_a_float64_tangent_or_constant_still_gives_float32():
    # as in TensorFlow and JAX's grad, a derivative has its input's dtype
    x = np.array([1.0, 2.0], dtype=np.float32)
    g = dt.gradient(lambda v: dnp.sum(v * np.array([3.0, 4.0])))(x)     # 3, 4
    _, t = dt.jvp(lambda v: v * 2.0, (x,), (np.ones(2),))
    assert g.dtype == t.dtype == np.float32
    np.testing.assert_array_equal(g, [3.0, 4.0])
    np.testing.assert_array_equal(t, [2.0, 2.0])


@pytest.mark.parametrize("order", [9, 11, 14])
def test_a_high_order_float16_derivative_by_jet_survives_the_factorials(order):
    # dᵏ/dxᵏ exp(x) = exp(x): 1 at 0 and e at 1.  The k-th Taylor coefficient e/k! is below
    # float16's smallest number past k = 10 and k! is past its largest past k = 8, so a jet
    # carried in float16 would give 0 or inf.
    d = dt.derivative(dnp.exp, order=order)(np.array([0.0, 1.0], dtype=np.float16))
    assert d.dtype == np.float16
    np.testing.assert_allclose(d.astype(np.float64), [1.0, np.e], rtol=np.finfo(np.float16).eps)
