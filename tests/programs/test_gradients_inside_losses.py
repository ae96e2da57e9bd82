"""Losses that contain a derivative: a WGAN-style gradient penalty (the critic's gradient in
its input, penalised, then differentiated in the critic's weights) and a physics-informed
loss (the second derivative of a network in its input, in the residual of u'' = -π² sin πx).
Written with nested GradientTapes as in TensorFlow's guides and with the functional
transforms as in JAX, against closed forms of the inner derivative."""
import numpy

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(4)


# --- the gradient penalty of a WGAN critic -----------------------------------------
# critic D(x) = w2 · tanh(W1 x + b1); ∇ₓD = W1ᵀ (w2 ⊙ (1 − tanh²)); penalty mean (|∇ₓD| − 1)²

W1 = rng.standard_normal((6, 2))
B1 = 0.1 * rng.standard_normal(6)
W2 = rng.standard_normal(6)
REAL, FAKE = rng.standard_normal((5, 2)), rng.standard_normal((5, 2)) + 1.0
MIX = rng.uniform(size=(5, 1))
X_HAT = MIX * REAL + (1 - MIX) * FAKE


def penalty_by_hand(w1):
    h = numpy.tanh(X_HAT @ w1.T + B1)
    input_gradient = ((1 - h ** 2) * W2) @ w1
    return numpy.mean((numpy.linalg.norm(input_gradient, axis=1) - 1) ** 2)


EXPECTED = central_gradient(penalty_by_hand, W1)     # differences of the closed-form penalty


def test_the_penalty_through_nested_tapes_has_the_closed_form_gradient():
    w1, b1, w2 = tf.Variable(W1), tf.Variable(B1), tf.Variable(W2)
    x_hat = tf.constant(X_HAT)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            inner.watch(x_hat)
            scores = tf.reduce_sum(tf.tanh(tf.matmul(x_hat, w1, transpose_b=True) + b1) * w2)
        input_gradient = inner.gradient(scores, x_hat)
        penalty = tf.reduce_mean((tf.norm(input_gradient, axis=1) - 1.0) ** 2)
    assert_close(penalty.numpy(), penalty_by_hand(W1), 1e-14, 0, "the same arithmetic")
    assert_close(outer.gradient(penalty, w1).numpy(), EXPECTED, 1e-6, 1e-9,
                 "central differences, h = 1e-6")


def test_the_penalty_with_a_functional_gradient_inside_a_tape():
    w1 = tf.Variable(W1)
    with tf.GradientTape() as tape:
        critic = lambda x: np.sum(np.tanh(x @ w1.T + B1) @ W2)     # closes over the Variable
        input_gradient = dt.gradient(critic)(X_HAT)
        penalty = np.mean((np.linalg.norm(input_gradient, axis=1) - 1) ** 2)
    assert_close(tape.gradient(penalty, w1).numpy(), EXPECTED, 1e-6, 1e-9)


def test_the_penalty_as_a_pure_function_in_forward_and_reverse_mode():
    def penalty(w1):
        critic = lambda x: np.sum(np.tanh(x @ w1.T + B1) @ W2)
        return np.mean((np.linalg.norm(dt.gradient(critic)(X_HAT), axis=1) - 1) ** 2)
    assert_close(dt.gradient(penalty)(W1), EXPECTED, 1e-6, 1e-9)
    assert_close(dt.jacfwd(penalty)(W1), dt.gradient(penalty)(W1), 1e-12, 1e-14,
                 "forward over reverse against reverse over reverse")


# --- a physics-informed loss for u'' = -π² sin(πx), u(0) = u(1) = 0 --------------
# network u(x) = Σ w2 tanh(w1 x + b1) + b2

NET = [rng.standard_normal(6), rng.standard_normal(6), rng.standard_normal(6), 0.1]
POINTS = numpy.linspace(0.05, 0.95, 7)


def network(params, x):
    w1, b1, w2, b2 = params
    return np.sum(w2 * np.tanh(w1 * x + b1)) + b2


def residual_loss_by_hand(params):
    """The loss with u and u'' written out: u'' = Σ w2 w1² (−2 t (1 − t²)), t = tanh(w1 x + b1)."""
    w1, b1, w2, b2 = params
    def u(x):
        return numpy.sum(w2 * numpy.tanh(w1 * x + b1)) + b2
    def u_xx(x):
        t = numpy.tanh(w1 * x + b1)
        return numpy.sum(w2 * w1 ** 2 * (-2 * t * (1 - t ** 2)))
    residual = numpy.array([u_xx(x) + numpy.pi ** 2 * numpy.sin(numpy.pi * x) for x in POINTS])
    return numpy.mean(residual ** 2) + u(0.0) ** 2 + u(1.0) ** 2


def expected_gradient():
    grads = []
    for i in range(3):
        def loss_in(p, i=i):
            params = list(NET)
            params[i] = p
            return residual_loss_by_hand(params)
        grads.append(central_gradient(loss_in, NET[i]))
    return grads


def pinn_loss(params, second_derivative):
    u_xx = second_derivative(lambda s: network(params, s))
    residual = np.stack([u_xx(x) + np.pi ** 2 * np.sin(np.pi * x) for x in POINTS])
    return np.mean(residual ** 2) + network(params, 0.0) ** 2 + network(params, 1.0) ** 2


SECOND_DERIVATIVES = {
    "jets": lambda u: dt.derivative(u, order=2),
    "hessian": lambda u: dt.hessian(u),
    "gradient of gradient": lambda u: dt.gradient(dt.gradient(u)),
}


def test_the_physics_informed_loss_has_one_gradient_however_u_xx_is_taken():
    expected = expected_gradient()
    for name, second in SECOND_DERIVATIVES.items():
        assert_close(pinn_loss(NET, second), residual_loss_by_hand(NET), 1e-12, 0, name)
        grads = dt.gradient(lambda p: pinn_loss(p, second))(NET)
        for got, want in zip(grads[:3], expected):
            assert_close(got, want, 1e-6, 1e-7, f"{name}: central differences, h = 1e-6")


def test_the_physics_informed_loss_through_three_nested_tapes():
    w1, b1, w2, b2 = (tf.Variable(v) for v in NET)
    x = tf.constant(POINTS.reshape(-1, 1))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as second:
            second.watch(x)
            with tf.GradientTape() as first:
                first.watch(x)
                u = tf.reduce_sum(w2 * tf.tanh(x * w1 + b1), axis=1, keepdims=True) + b2
            u_x = first.gradient(u, x)
        u_xx = second.gradient(u_x, x)
        residual = u_xx + numpy.pi ** 2 * tf.sin(numpy.pi * x)
        boundary = (tf.reduce_sum(w2 * tf.tanh(b1)) + b2) ** 2 + \
            (tf.reduce_sum(w2 * tf.tanh(w1 + b1)) + b2) ** 2
        loss = tf.reduce_mean(residual ** 2) + boundary
    assert_close(loss.numpy(), residual_loss_by_hand(NET), 1e-12, 0)
    grads = outer.gradient(loss, [w1, b1, w2])
    for got, want in zip(grads, expected_gradient()):
        assert_close(got.numpy(), want, 1e-6, 1e-7)
