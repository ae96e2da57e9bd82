"""The tape's TensorFlow extras: ``tf.UnconnectedGradients`` and ``tape.batch_jacobian``,
which must equal the per-example blocks of the full ``tape.jacobian`` (and, where the
examples interact, their sum over examples, as TensorFlow computes it)."""
import numpy as np
import pytest

import dualtape as tf
from conftest import numeric_jacobian

RNG = np.random.default_rng(8)


def test_unconnected_gradients_members_are_the_tapes_strings():
    assert tf.UnconnectedGradients.NONE == "none" and tf.UnconnectedGradients.ZERO == "zero"
    x, y = tf.Variable([2.0, 2.0]), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        z = y ** 2
    assert tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.NONE) is None
    zero = tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    np.testing.assert_array_equal(zero.numpy(), [0.0, 0.0])


def _layer(x, w):
    """An example-wise map: row b of the output depends on row b of x only."""
    return tf.math.tanh(tf.matmul(x, w)) * tf.reduce_sum(x ** 2, axis=1, keepdims=True)


def test_batch_jacobian_equals_the_per_example_blocks_of_the_full_jacobian():
    x = tf.constant(RNG.standard_normal((4, 3)))
    w = RNG.standard_normal((3, 2))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = _layer(x, w)
    full = tape.jacobian(y, x).numpy()                       # (4, 2, 4, 3)
    jb = tape.batch_jacobian(y, x).numpy()                  # (4, 2, 3)
    assert jb.shape == (4, 2, 3)
    for b in range(4):
        np.testing.assert_allclose(jb[b], full[b, :, b, :], rtol=1e-13, atol=1e-15)
        # and each block against finite differences of that example alone
        fd = numeric_jacobian(lambda row: np.tanh(row @ w) * (row ** 2).sum(), x.numpy()[b])
        np.testing.assert_allclose(jb[b], fd, rtol=1e-6, atol=1e-8)
    # the off-diagonal blocks of the full Jacobian are zero: examples do not interact
    off = full.copy()
    for b in range(4):
        off[b, :, b, :] = 0.0
    assert not off.any()


def test_batch_jacobian_of_higher_rank_tensors():
    x = tf.constant(RNG.standard_normal((3, 2, 2)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.stack([x[:, 0, 0] * x[:, 1, 1], tf.math.sin(x[:, 0, 1])], axis=1)   # (3, 2)
    jb = tape.batch_jacobian(y, x).numpy()
    assert jb.shape == (3, 2, 2, 2)
    xv = x.numpy()
    np.testing.assert_allclose(jb[:, 0, 0, 0], xv[:, 1, 1])
    np.testing.assert_allclose(jb[:, 0, 1, 1], xv[:, 0, 0])
    np.testing.assert_allclose(jb[:, 1, 0, 1], np.cos(xv[:, 0, 1]))


def test_batch_jacobian_sums_over_examples_when_they_interact_as_tensorflow_does():
    x = tf.constant(RNG.standard_normal((3, 2)))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x - tf.reduce_mean(x, axis=0, keepdims=True)       # couples the examples
    full = tape.jacobian(y, x).numpy()
    jb = tape.batch_jacobian(y, x).numpy()
    np.testing.assert_allclose(jb, full.sum(axis=0).transpose(1, 0, 2), atol=1e-15)
    np.testing.assert_allclose(jb, np.zeros((3, 2, 2)), atol=1e-15)   # sum_b' d(x_b' - mean) / dx_b = 0


def test_batch_jacobian_unconnected_and_batch_checks():
    x = tf.constant(np.ones((2, 3)))
    other = tf.constant(np.ones((2, 1)))
    with tf.GradientTape() as tape:
        tape.watch([x, other])
        y = other * 2.0
    assert tape.batch_jacobian(y, x) is None
    zeros = tape.batch_jacobian(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    np.testing.assert_array_equal(zeros.numpy(), np.zeros((2, 1, 3)))
    with pytest.raises(ValueError, match=r"batch_jacobian.*batch"):
        tape.batch_jacobian(y, tf.constant(np.ones((3, 3))))
    with pytest.raises(ValueError, match="'none' or 'zero'"):
        tape.batch_jacobian(y, x, unconnected_gradients="zeros")


def test_batch_jacobian_inside_an_outer_tape_is_differentiable():
    x = tf.Variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x ** 3
        jb = inner.batch_jacobian(y, x)                      # diag(3 x_b^2) per example
        total = tf.reduce_sum(jb)
    np.testing.assert_allclose(jb.numpy()[1], np.diag([27.0, 48.0]))
    np.testing.assert_allclose(outer.gradient(total, x).numpy(), 6 * x.numpy())   # d/dx sum 3 x^2


def test_batch_jacobian_of_a_two_layer_network_is_the_diagonal_of_its_jacobian():
    tf.random.set_seed(5)
    x = tf.constant(RNG.standard_normal((7, 5)))
    first = tf.keras.layers.Dense(8, activation=tf.nn.elu)
    second = tf.keras.layers.Dense(6, activation=tf.nn.elu)
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
        tape.watch(x)
        y = second(first(x))
    full = tape.jacobian(y, x, experimental_use_pfor=False).numpy()          # (7, 6, 7, 5)
    jb = tape.batch_jacobian(y, x, parallel_iterations=4, experimental_use_pfor=False).numpy()
    assert jb.shape == (7, 6, 5)
    k1, b1, k2, b2 = (v.numpy() for v in first.trainable_variables + second.trainable_variables)

    def elu(a):
        return np.where(a > 0, a, np.expm1(np.minimum(a, 0.0)))
    for b in range(7):
        # two different backward passes: equal but for the order of additions (entries ~1)
        np.testing.assert_allclose(jb[b], full[b, :, b, :], rtol=1e-12, atol=1e-14)
        fd = numeric_jacobian(lambda row: elu(elu(row @ k1 + b1) @ k2 + b2), x.numpy()[b])
        np.testing.assert_allclose(jb[b], fd, rtol=1e-6, atol=1e-9)
    # the examples do not interact: summing the full Jacobian over the examples gives jb
    np.testing.assert_allclose(full.sum(axis=2), jb, rtol=1e-13, atol=1e-15)


def test_a_custom_gradient_can_clip_the_gradient_that_reaches_it():
    @tf.custom_gradient
    def clipped_identity(t):
        def backward(upstream):
            return tf.clip_by_norm(upstream, 1.0)
        return t, backward

    x = np.array([1.0, 2.0])
    w = tf.Variable([0.5, -0.5])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(3.0 * clipped_identity(x * w))
    # upstream [3, 3] has norm 3 sqrt(2): clipped to [1, 1] / sqrt(2); then d(x w)/dw = x
    np.testing.assert_allclose(tape.gradient(y, w).numpy(), x / np.sqrt(2.0), rtol=1e-15)
    assert float(y.numpy()) == 3.0 * (0.5 - 1.0)                      # the value is untouched
