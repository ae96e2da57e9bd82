"""Keras's cross-entropy losses and ``tf.linalg.matvec``: the numbers of TensorFlow's own
documentation, the closed forms, Keras's clipping of probabilities to [1e-7, 1 − 1e-7],
and derivatives that agree across forward mode, reverse mode and finite differences."""
import numpy as np
import pytest

import dualtape as dt
import dualtape as tf

EPS = 1e-7                                   # keras.backend.epsilon()

# The example of TensorFlow's API pages for the categorical cross-entropies
ONE_HOT = [[0, 1, 0], [0, 0, 1]]
LABELS = [1, 2]
PROBABILITIES = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]


@pytest.mark.parametrize("loss_class, labels", [
    (tf.keras.losses.CategoricalCrossentropy, ONE_HOT),
    (tf.keras.losses.SparseCategoricalCrossentropy, LABELS)])
def test_categorical_losses_give_tensorflows_documented_numbers(loss_class, labels):
    # TensorFlow's page: 1.177 (default "sum_over_batch_size"), 0.814 with sample_weight
    # [0.3, 0.7], 2.354 with "sum", [0.0513, 2.303] with "none"
    assert float(loss_class()(labels, PROBABILITIES)) == pytest.approx(1.177, abs=5e-4)
    weighted = loss_class()(labels, PROBABILITIES, sample_weight=tf.constant([0.3, 0.7]))
    assert float(weighted) == pytest.approx(0.814, abs=5e-4)
    assert float(loss_class(reduction="sum")(labels, PROBABILITIES)) == pytest.approx(2.354, abs=5e-4)
    per_example = loss_class(reduction="none")(labels, PROBABILITIES).numpy()
    np.testing.assert_allclose(per_example, [0.0513, 2.303], atol=5e-4)
    # and the closed form: −log 0.95 and −log 0.1, the 0 clipped to 1e-7 (the sparse loss
    # normalises after clipping, as Keras: −log(0.95 / (1 + 1e-7)))
    first = 0.95 if loss_class is tf.keras.losses.CategoricalCrossentropy else 0.95 / (1 + EPS)
    np.testing.assert_allclose(per_example, [-np.log(first), -np.log(0.1)], rtol=1e-12)


def test_binary_loss_gives_tensorflows_documented_numbers():
    # tf.keras.losses.binary_crossentropy's page: [0.916, 0.714]
    y_true, y_pred = [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]
    per_example = tf.keras.losses.binary_crossentropy(y_true, y_pred).numpy()
    np.testing.assert_allclose(per_example, [0.916, 0.714], atol=5e-4)
    closed = [-(np.log(0.4) + np.log(0.4)) / 2, -(np.log(0.6) + np.log(0.4)) / 2]
    np.testing.assert_allclose(per_example, closed, rtol=1e-12)
    assert float(tf.keras.losses.BinaryCrossentropy()(y_true, y_pred)) == pytest.approx(np.mean(closed))
    # keras.ops.binary_crossentropy's page, one entry per row: [0.10536, 0.10536, 0.22314, 0.22314]
    target, output = np.array([[0.0], [1.0], [1.0], [0.0]]), np.array([[0.1], [0.9], [0.8], [0.2]])
    np.testing.assert_allclose(tf.keras.losses.binary_crossentropy(target, output).numpy(),
                               [0.10536054, 0.10536054, 0.22314355, 0.22314355], rtol=1e-6)
    # (those are float32: −log 0.9 = 0.1053605157 and −log 0.8 = 0.2231435513 exactly)


def _log_softmax(x):
    x = np.asarray(x, float)
    return x - np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)) - x.max(-1, keepdims=True)


LOGITS = np.array([[-1.0, 2.0, 0.5], [0.3, -0.2, 1.5]])


def test_from_logits_is_the_softmax_and_sigmoid_cross_entropy():
    expected = -(np.array(ONE_HOT) * _log_softmax(LOGITS)).sum(-1)       # −Σ y log softmax(x)
    cce = tf.keras.losses.CategoricalCrossentropy(from_logits=True, reduction="none")
    np.testing.assert_allclose(cce(ONE_HOT, LOGITS).numpy(), expected, rtol=1e-12)
    scce = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")
    np.testing.assert_allclose(scce(LABELS, LOGITS).numpy(), expected, rtol=1e-12)
    z = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]])
    # max(x, 0) − x z + log(1 + e^−|x|), averaged over the last axis
    bce_closed = (np.maximum(LOGITS, 0) - LOGITS * z + np.log1p(np.exp(-abs(LOGITS)))).mean(-1)
    bce = tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction="none")
    np.testing.assert_allclose(bce(z, LOGITS).numpy(), bce_closed, rtol=1e-12)


def test_probabilities_are_clipped_to_keras_epsilon_and_clipped_ones_have_no_derivative():
    # a true class with probability 0 costs −log 1e-7 ≈ 16.118, not infinity
    assert float(tf.keras.losses.categorical_crossentropy([[1.0, 0.0]], [[0.0, 1.0]])[0]) == \
        pytest.approx(-np.log(EPS), rel=1e-9)
    assert float(tf.keras.losses.binary_crossentropy([[0.0]], [[1.0]])[0]) == \
        pytest.approx(-np.log(EPS), rel=1e-6)                    # log(1 − (1 − 1e-7))
    # d/dp of −log(p_j / S), S = Σ p: −1/p_j + 1/S for the label j, 1/S for the others; the
    # clipped 0 passes no derivative through its own log, only through S
    p = np.array([[0.05, 0.95, 0.0]])
    loss = lambda p: tf.keras.losses.categorical_crossentropy([[0, 1, 0]], p)[0]
    expected = np.array([[1.0, -1.0 / 0.95 + 1.0, 1.0]])
    np.testing.assert_allclose(dt.gradient(loss)(p), expected, rtol=1e-12)
    np.testing.assert_allclose(dt.jacfwd(loss)(p), expected, rtol=1e-12)
    b = tf.Variable([[1.0, 0.3]])
    with tf.GradientTape() as tape:
        value = tf.keras.losses.BinaryCrossentropy()([[1.0, 1.0]], b)
    # −(log p)/2 per entry: −1/(2p) inside, 0 where p = 1 was clipped to 1 − 1e-7
    np.testing.assert_allclose(tape.gradient(value, b).numpy(), [[0.0, -1 / 0.6]], rtol=1e-12)


def test_losses_read_the_logits_of_keras_activations_as_keras_does():
    logits = tf.Variable([[0.0, 30.0]])
    with tf.GradientTape(persistent=True) as tape:
        from_activation = tf.keras.losses.CategoricalCrossentropy()([[1.0, 0.0]],
                                                                    tf.keras.activations.softmax(logits))
        from_nn = tf.keras.losses.CategoricalCrossentropy()([[1.0, 0.0]], tf.nn.softmax(logits))
    # Keras's activation remembers its logits: log(1 + e^30), derivative softmax − one_hot
    assert float(from_activation) == pytest.approx(np.log1p(np.exp(30.0)), rel=1e-12)
    softmax = np.exp(_log_softmax([[0.0, 30.0]]))
    np.testing.assert_allclose(tape.gradient(from_activation, logits).numpy(),
                               softmax - [[1.0, 0.0]], rtol=1e-12)
    # probabilities from elsewhere are clipped: −log 1e-7, and p₀ below 1e-7 passes nothing on
    assert float(from_nn) == pytest.approx(-np.log(EPS), rel=1e-9)
    # (only the normalisation by S = Σ p is left: Σ p = 1, so the derivative is 0)
    np.testing.assert_allclose(tape.gradient(from_nn, logits).numpy(), [[0.0, 0.0]], atol=1e-12)
    layer = tf.keras.layers.Dense(2, activation="sigmoid")
    x = np.array([[1.0, -2.0]])
    bce = tf.keras.losses.BinaryCrossentropy()
    with tf.GradientTape() as tape:
        remembered = bce([[1.0, 0.0]], layer(x))
    pre_activation = x @ layer.kernel.numpy() + layer.bias.numpy()
    closed = (np.maximum(pre_activation, 0) - pre_activation * [[1.0, 0.0]]
              + np.log1p(np.exp(-abs(pre_activation)))).mean()
    assert float(remembered) == pytest.approx(closed, rel=1e-12)
    assert all(g is not None for g in tape.gradient(remembered, layer.trainable_variables))


def test_label_smoothing_and_ignored_classes():
    # y (1 − s) + s / classes; for binary y (1 − s) + s / 2
    smoothed = np.array(ONE_HOT) * 0.9 + 0.1 / 3
    cce = tf.keras.losses.categorical_crossentropy(ONE_HOT, PROBABILITIES, label_smoothing=0.1)
    p = np.clip(np.array(PROBABILITIES) / np.sum(PROBABILITIES, -1, keepdims=True), EPS, 1 - EPS)
    np.testing.assert_allclose(cce.numpy(), -(smoothed * np.log(p)).sum(-1), rtol=1e-12)
    bce = tf.keras.losses.binary_crossentropy([[1.0, 0.0]], [[0.7, 0.2]], label_smoothing=0.2)
    z = np.array([0.9, 0.1])
    closed = -(z * np.log([0.7, 0.2]) + (1 - z) * np.log([0.3, 0.8])).mean()
    assert float(bce[0]) == pytest.approx(closed, rel=1e-12)
    # an ignored label: loss 0 there, and the mean runs over the others (Keras: total/(valid + ε))
    scce = tf.keras.losses.SparseCategoricalCrossentropy(ignore_class=-1)
    value = float(scce([1, -1], PROBABILITIES))
    assert value == pytest.approx(-np.log(0.95 / (1 + EPS)) * 2 / (1 + EPS) / 2, rel=1e-9)


@pytest.mark.parametrize("make", [
    lambda: tf.keras.losses.CategoricalCrossentropy(),
    lambda: tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
    lambda: tf.keras.losses.SparseCategoricalCrossentropy(),
    lambda: tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    lambda: tf.keras.losses.BinaryCrossentropy(),
    lambda: tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction="sum")])
def test_loss_derivatives_agree_across_modes_and_with_finite_differences(make):
    loss = make()
    sparse = isinstance(loss, tf.keras.losses.SparseCategoricalCrossentropy)
    labels = LABELS if sparse else [[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]]
    predictions = np.array([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]])
    dt.check_gradients(lambda p: loss(labels, p, sample_weight=[0.4, 1.5]), predictions)


def test_matvec_is_matrices_times_vectors_with_tensorflows_options():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((2, 3, 4)) + 1j * rng.standard_normal((2, 3, 4))
    b, c = rng.standard_normal(4), rng.standard_normal((2, 3))
    np.testing.assert_allclose(tf.linalg.matvec(a, b).numpy(), np.einsum("kij,j->ki", a, b))
    np.testing.assert_allclose(tf.linalg.matvec(a, c, transpose_a=True).numpy(),
                               np.einsum("kji,kj->ki", a, c))
    np.testing.assert_allclose(tf.linalg.matvec(a, c, adjoint_a=True).numpy(),
                               np.einsum("kji,kj->ki", a.conj(), c))
    with pytest.raises(ValueError, match="matvec"):
        tf.linalg.matvec(b, b)
    m = tf.Variable(a.real[0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.linalg.matvec(m, b) * [1.0, 2.0, 3.0])
    # d/dM Σ_i w_i (M b)_i = w bᵀ
    np.testing.assert_allclose(tape.gradient(y, m).numpy(), np.outer([1.0, 2.0, 3.0], b))
    dt.check_gradients(lambda m, v: tf.linalg.matvec(m, v, transpose_a=True), a.real, c)
