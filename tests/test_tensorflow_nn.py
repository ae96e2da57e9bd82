"""``tf.nn``: activations against their formulas in NumPy, derivatives against
finite differences and TensorFlow's one-sided values at the kinks, softmax and
the cross-entropies against closed-form gradients, moments and batch
normalisation."""
import math

import numpy as np
import pytest

import dualtape as tf
from conftest import numeric_jacobian, tape_jacobian

X = np.array([-2.5, -0.7, 0.4, 1.3, 7.0])     # no kinks (0, 6) among them
SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
erf = np.vectorize(math.erf)

FORMULAS = {
    "relu": lambda x: np.maximum(x, 0.0),
    "relu6": lambda x: np.minimum(np.maximum(x, 0.0), 6.0),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0))),
    "gelu": lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2))),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "tanh": np.tanh,
}


def diagonal_derivative(fn, x):
    return np.diag(tape_jacobian(fn, np.asarray(x, dtype=float))[0])


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_activation_values_and_derivatives(name):
    fn = getattr(tf.nn, name)
    np.testing.assert_allclose(fn(X).numpy(), FORMULAS[name](X), rtol=1e-13, atol=1e-15)
    jac, = tape_jacobian(fn, X)
    np.testing.assert_allclose(jac, numeric_jacobian(FORMULAS[name], X), rtol=1e-6, atol=1e-9)


def test_derivatives_at_the_kinks_are_tensorflows():
    np.testing.assert_array_equal(diagonal_derivative(tf.nn.relu, [0.0]), [0.0])
    np.testing.assert_array_equal(diagonal_derivative(tf.nn.relu6, [0.0, 6.0]), [0.0, 0.0])
    np.testing.assert_array_equal(diagonal_derivative(tf.nn.elu, [0.0]), [1.0])
    np.testing.assert_allclose(diagonal_derivative(tf.nn.selu, [0.0]), [SELU_SCALE])
    np.testing.assert_allclose(diagonal_derivative(tf.nn.leaky_relu, [0.0]), [0.2])
    np.testing.assert_allclose(diagonal_derivative(lambda x: tf.nn.leaky_relu(x, alpha=0.1), [-1.0]), [0.1])


def test_elu_and_selu_of_large_inputs_have_finite_gradients():
    d = diagonal_derivative(tf.nn.elu, [800.0, -800.0])
    np.testing.assert_array_equal(d, [1.0, 0.0])          # exp(-800) underflows to 0
    assert np.isfinite(diagonal_derivative(tf.nn.selu, [800.0])).all()


def test_approximate_gelu_and_swish():
    approx = 0.5 * X * (1 + np.tanh(np.sqrt(2 / np.pi) * (X + 0.044715 * X ** 3)))
    np.testing.assert_allclose(tf.nn.gelu(X, approximate=True).numpy(), approx, rtol=1e-13)
    np.testing.assert_allclose(tf.nn.silu(X, beta=2.0).numpy(), X / (1 + np.exp(-2 * X)), rtol=1e-13)
    assert tf.nn.swish is tf.nn.silu


def _softmax(z, axis=-1):
    e = np.exp(z - z.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def test_softmax_and_log_softmax_over_the_last_axis_by_default():
    z = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]])
    np.testing.assert_allclose(tf.nn.softmax(z).numpy(), _softmax(z), rtol=1e-14)
    np.testing.assert_allclose(tf.nn.softmax(z, axis=0).numpy(), _softmax(z, 0), rtol=1e-14)
    np.testing.assert_allclose(tf.nn.log_softmax(z).numpy(), np.log(_softmax(z)), rtol=1e-14)
    s = _softmax(z[0])
    jac, = tape_jacobian(tf.nn.softmax, z[0])
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), atol=1e-15)     # closed form


def test_sparse_softmax_cross_entropy_value_and_gradient():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    labels = np.array([0, 2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    np.testing.assert_allclose(loss.numpy(), -np.log(_softmax(logits)[[0, 1], labels]), rtol=1e-14)
    jac, = tape_jacobian(lambda z: tf.reduce_sum(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z)), logits)
    np.testing.assert_allclose(jac, _softmax(logits) - np.eye(3)[labels], atol=1e-15)   # softmax - one-hot
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 3], logits=logits)
    with pytest.raises(ValueError, match="shape"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0], logits=logits)


def test_softmax_cross_entropy_gradients_reach_logits_and_labels():
    logits = np.array([[2.0, 1.0, 0.1]])
    labels = np.array([[0.2, 0.3, 0.5]])
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    np.testing.assert_allclose(loss.numpy(), [-(labels * np.log(_softmax(logits))).sum()])
    d_labels, d_logits = tape_jacobian(lambda y, z: tf.reduce_sum(
        tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)), labels, logits)
    np.testing.assert_allclose(d_logits, _softmax(logits) * labels.sum() - labels, atol=1e-15)
    np.testing.assert_allclose(d_labels, -np.log(_softmax(logits)), atol=1e-15)


def test_sigmoid_cross_entropy_value_gradient_and_no_overflow():
    z = np.array([0.0, 1.0, 1.0, 0.3])
    x = np.array([0.5, -2.0, 3.0, 0.0])
    p = 1 / (1 + np.exp(-x))
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    np.testing.assert_allclose(loss.numpy(), -z * np.log(p) - (1 - z) * np.log(1 - p), rtol=1e-13)
    _, jac = tape_jacobian(lambda a, b: tf.nn.sigmoid_cross_entropy_with_logits(labels=a, logits=b), z, x)
    np.testing.assert_allclose(np.diag(jac)[:3], (p - z)[:3], rtol=1e-13)   # sigmoid(x) - z
    big = tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0], logits=[1000.0]).numpy()
    np.testing.assert_allclose(big, [1000.0])
    with pytest.raises(ValueError, match="labels= and logits="):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0])


def test_l2_loss_and_bias_add():
    t = np.array([[1.0, -2.0], [3.0, 0.5]])
    assert float(tf.nn.l2_loss(t)) == pytest.approx((t ** 2).sum() / 2)
    jac, = tape_jacobian(tf.nn.l2_loss, t)
    np.testing.assert_allclose(jac, t)
    np.testing.assert_array_equal(tf.nn.bias_add(t, [10.0, 20.0]).numpy(), t + [10.0, 20.0])
    with pytest.raises(ValueError, match="last axis"):
        tf.nn.bias_add(t, [1.0, 2.0, 3.0])


def test_moments_values_and_tensorflows_second_derivative():
    x = np.array([[1.0, 2.0, 4.0], [3.0, 5.0, 9.0]])
    mean, var = tf.nn.moments(x, axes=[0])
    np.testing.assert_allclose(mean.numpy(), x.mean(0))
    np.testing.assert_allclose(var.numpy(), x.var(0))
    mean, var = tf.nn.moments(x, axes=[0, 1], keepdims=True)
    assert mean.shape == var.shape == (1, 1)
    v = tf.constant(np.array([1.0, 2.0, 4.0, 7.0]))
    with tf.GradientTape() as outer:
        outer.watch(v)
        with tf.GradientTape() as inner:
            inner.watch(v)
            variance = tf.nn.moments(v, axes=[0])[1]
        g = inner.gradient(variance, v)
    np.testing.assert_allclose(g.numpy(), 2 * (v.numpy() - v.numpy().mean()) / 4)    # d var / dx
    # as in TensorFlow the mean is a constant inside the variance: the Hessian is 2/n I
    np.testing.assert_allclose(outer.jacobian(g, v).numpy(), np.eye(4) / 2)


def test_batch_normalization_formula():
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    mean, var = x.mean(0), x.var(0)
    out = tf.nn.batch_normalization(x, mean, var, offset=[0.5, -0.5], scale=[2.0, 3.0], variance_epsilon=1e-3)
    np.testing.assert_allclose(out.numpy(), (x - mean) / np.sqrt(var + 1e-3) * [2.0, 3.0] + [0.5, -0.5])
    plain = tf.nn.batch_normalization(x, mean, var, None, None, 0.0)
    np.testing.assert_allclose(plain.numpy(), [[-1.0, -1.0], [1.0, 1.0]])
