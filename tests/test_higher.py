"""hessian, hvp, derivative and taylor: every Hessian mode against the others,
against jacobian(gradient(f)) and against closed forms."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.transforms import higher_order as higher

MODES = ["auto", "forward-over-reverse", "reverse-over-reverse", "hyperdual"]


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosenbrock_hessian(x):
    """Closed form: tridiagonal, written out by hand."""
    n = x.size
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200.0 * x[i] ** 2 - 400.0 * x[i + 1] + 2.0
        H[i + 1, i + 1] += 200.0
        H[i, i + 1] += -400.0 * x[i]
        H[i + 1, i] += -400.0 * x[i]
    return H


def log_sum_exp(x):
    m = 0.5            # any constant shift; keeps the formula the textbook one
    return m + dnp.log(dnp.sum(dnp.exp(x - m)))


def log_sum_exp_hessian(x):
    """Closed form: diag(p) - p pᵀ with p = softmax(x)."""
    p = np.exp(x - x.max())
    p /= p.sum()
    return np.diag(p) - np.outer(p, p)


_rng = np.random.default_rng(42)
W1 = _rng.standard_normal((3, 4)) * 0.7
W2 = _rng.standard_normal((4,)) * 0.7
DATA = _rng.standard_normal((5, 3))
TARGET = _rng.standard_normal(5)


def mlp_loss(w):
    """A small MLP's squared loss as a function of its flattened first-layer weights."""
    hidden = dnp.tanh(DATA @ w.reshape(3, 4))
    return dnp.mean((hidden @ W2 - TARGET) ** 2)


B0 = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.8]])
B1 = np.array([[0.5, 0.1, 0.0], [0.1, -0.2, 0.3], [0.0, 0.3, 0.4]])
B2 = np.array([[0.1, 0.0, 0.2], [0.0, 0.3, 0.1], [0.2, 0.1, -0.1]])


def det3(A):
    """3×3 determinant by cofactors along the first row (table operations only)."""
    return (A[0, 0] * (A[1, 1] * A[2, 2] - A[1, 2] * A[2, 1])
            - A[0, 1] * (A[1, 0] * A[2, 2] - A[1, 2] * A[2, 0])
            + A[0, 2] * (A[1, 0] * A[2, 1] - A[1, 1] * A[2, 0]))


def log_det(x):
    """log det A(x), A(x) = B0 + x0 B1 + x1 B2 + x0 x1 (B1 B2 + B2 B1)/2 (SPD near 0)."""
    A = B0 + x[0] * B1 + x[1] * B2 + x[0] * x[1] * (B1 @ B2 + B2 @ B1) / 2.0
    return dnp.log(det3(A))


def log_det_by_slogdet(x):
    """The same log det A(x) through the table's numpy.linalg.slogdet entry."""
    A = B0 + x[0] * B1 + x[1] * B2 + x[0] * x[1] * (B1 @ B2 + B2 @ B1) / 2.0
    return dnp.linalg.slogdet(A)[1]


def log_det_hessian(x, h=1e-4):
    """Independent check: central differences of the NumPy log-det of A(x)."""
    def f(z):
        A = B0 + z[0] * B1 + z[1] * B2 + z[0] * z[1] * (B1 @ B2 + B2 @ B1) / 2.0
        return np.linalg.slogdet(A)[1]
    H = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return H


PROBLEMS = [
    pytest.param(rosenbrock, np.array([-1.2, 1.0, 0.8, 1.3, 0.5]), rosenbrock_hessian, 1e-13, id="rosenbrock"),
    pytest.param(log_sum_exp, np.array([0.3, -1.0, 2.0, 0.7]), log_sum_exp_hessian, 1e-13, id="log-sum-exp"),
    pytest.param(mlp_loss, _rng.standard_normal(12) * 0.5, None, None, id="mlp-loss"),
    pytest.param(log_det, np.array([0.2, -0.3]), log_det_hessian, 1e-6, id="log-det"),
    pytest.param(log_det_by_slogdet, np.array([0.2, -0.3]), log_det_hessian, 1e-6, id="log-det-slogdet"),
]


@pytest.mark.parametrize("f, x, closed, tol", PROBLEMS)
def test_all_hessian_modes_and_jacobian_of_gradient_agree(f, x, closed, tol):
    reference = np.asarray(dt.jacobian(dt.gradient(f), mode="forward")(x))
    scale = np.max(np.abs(reference))
    for mode in MODES:
        H = np.asarray(dt.hessian(f, mode=mode)(x))
        assert H.shape == (x.size, x.size)
        assert np.max(np.abs(H - reference)) <= 1e-12 * scale, mode
    backward = np.asarray(dt.jacobian(dt.gradient(f), mode="reverse")(x))
    assert np.max(np.abs(backward - reference)) <= 1e-12 * scale
    if closed is not None:
        assert np.max(np.abs(reference - closed(x))) <= tol * scale


def test_default_mode_pulls_back_for_a_scalar_f_and_pushes_forward_for_a_vector_f(monkeypatch):
    from dualtape.transforms import jacobians
    forward_passes = []
    original = jacobians._jac_forward
    monkeypatch.setattr(jacobians, "_jac_forward",
                        lambda *args: forward_passes.append(1) or original(*args))
    x = np.array([0.5, 1.5, -0.5, 0.25])
    H = dt.hessian(rosenbrock)(x)               # the gradient has 4 elements, as x: reverse
    assert forward_passes == []
    assert np.array_equal(H, dt.hessian(rosenbrock, mode="reverse-over-reverse")(x))
    vector = dt.hessian(lambda z: z * z[0])(x)     # 4 × 4 Jacobian rows for 4 inputs: forward
    assert forward_passes == [1]
    assert np.array_equal(vector, dt.hessian(lambda z: z * z[0], mode="forward-over-reverse")(x))


@pytest.mark.parametrize("mode", MODES)
def test_hessian_blocks_for_several_arguments(mode):
    # f(x, y) = sum(x² y) + sum(y³): H_xx = diag(2y), H_xy = diag(2x), H_yy = diag(6y)
    def f(x, y):
        return dnp.sum(x * x * y) + dnp.sum(y ** 3)
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.5])
    H = dt.hessian(f, argnums=(0, 1), mode=mode)(x, y)
    assert np.allclose(H[0][0], np.diag(2 * y), rtol=1e-14)
    assert np.allclose(H[0][1], np.diag(2 * x), rtol=1e-14)
    assert np.allclose(H[1][0], np.diag(2 * x), rtol=1e-14)
    assert np.allclose(H[1][1], np.diag(6 * y), rtol=1e-14)


@pytest.mark.parametrize("mode", MODES)
def test_hessian_of_a_vector_function_has_shape_out_in_in(mode):
    # f(x) = x * x[0]: ∂²f_i/∂x_0∂x_i = 1 (i ≠ 0), ∂²f_0/∂x_0² = 2
    x = np.array([1.0, 2.0, 3.0])
    H = np.asarray(dt.hessian(lambda z: z * z[0], mode=mode)(x))
    want = np.zeros((3, 3, 3))
    want[0, 0, 0] = 2.0
    for i in (1, 2):
        want[i, 0, i] = want[i, i, 0] = 1.0
    assert H.shape == (3, 3, 3)
    assert np.allclose(H, want, rtol=0, atol=1e-14)


def test_hyperdual_hessian_in_chunks_equals_one_pass(monkeypatch):
    x = np.linspace(-1.0, 1.5, 7)
    whole = dt.hessian(rosenbrock, mode="hyperdual")(x)
    monkeypatch.setattr(higher, "HYPERDUAL_BUDGET", 7 * 7 * 2)      # ε2 in chunks of 2
    chunked = dt.hessian(rosenbrock, mode="hyperdual")(x)
    assert np.allclose(chunked, whole, rtol=1e-15, atol=0)
    assert np.allclose(whole, rosenbrock_hessian(x), rtol=1e-13)


def test_hessian_of_a_matrix_argument_has_shape_in_plus_in():
    A = np.array([[1.0, 2.0], [0.5, -1.0]])
    H = dt.hessian(lambda a: dnp.sum(a ** 3), mode="hyperdual")(A)
    assert H.shape == (2, 2, 2, 2)
    assert np.allclose(H.reshape(4, 4), np.diag(6 * A.ravel()))


def test_hvp_equals_hessian_times_vector():
    x = np.array([-1.2, 1.0, 0.8, 1.3])
    v = np.array([0.3, -0.5, 1.0, 2.0])
    assert np.allclose(dt.hvp(rosenbrock, (x,), (v,)), rosenbrock_hessian(x) @ v, rtol=1e-13)


def test_hvp_with_several_arguments_returns_one_block_per_argument():
    def f(x, y):
        return dnp.sum(x * x * y)
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.5])
    u, w = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    hx, hy = dt.hvp(f, (x, y), (u, w))
    # H_xx u + H_xy w = 2y·u + 2x·w ; H_yx u + H_yy w = 2x·u
    assert np.allclose(hx, 2 * y * u + 2 * x * w)
    assert np.allclose(hy, 2 * x * u)


def test_log_det_by_cofactors_and_by_slogdet_have_the_same_hessian():
    x = np.array([0.2, -0.3])
    for mode in MODES:
        assert np.allclose(dt.hessian(log_det, mode=mode)(x), dt.hessian(log_det_by_slogdet, mode=mode)(x),
                           rtol=1e-12, atol=1e-14)


def test_jacobian_of_gradient_equals_hessian_for_the_mlp():
    w = np.linspace(-0.5, 0.5, 12)
    assert np.allclose(dt.jacobian(dt.gradient(mlp_loss))(w), dt.hessian(mlp_loss)(w), rtol=1e-12,
                       atol=1e-14)


@pytest.mark.parametrize("mode", ["jet", "forward", "reverse"])
def test_derivative_modes_agree_on_x_cubed(mode):
    f = lambda x: x ** 3.0        # noqa: E731
    for k, want in [(1, 12.0), (2, 12.0), (3, 6.0), (4, 0.0)]:
        assert dt.derivative(f, order=k, mode=mode)(2.0) == pytest.approx(want, abs=1e-12)


def test_derivative_of_order_zero_is_the_function():
    assert dt.derivative(dnp.sin, order=0) is dnp.sin


def test_derivative_and_taylor_reject_bad_arguments():
    with pytest.raises(ValueError, match="order"):
        dt.derivative(dnp.sin, order=-1)
    with pytest.raises(ValueError, match="order"):
        dt.taylor(dnp.sin, 0.0, order=1.5)
    with pytest.raises(ValueError, match="mode"):
        dt.derivative(dnp.sin, order=2, mode="complex-step")
    with pytest.raises(ValueError, match="mode"):
        dt.hessian(dnp.sin, mode="finite-difference")
    with pytest.raises(TypeError, match="float"):
        dt.derivative(dnp.sin, order=2)(np.array([1, 2]))
    with pytest.raises(ValueError, match="direction"):
        dt.taylor(dnp.sin, np.ones(2), order=2, direction=np.ones(3))
