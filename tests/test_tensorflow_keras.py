"""``tf.keras``'s small part: Dense and BatchNormalization against their formulas
in NumPy, Keras's names and initial values, SGD and Adam against the update
rules written out here step by step, and MeanSquaredError's reductions."""
import warnings

import numpy as np
import pytest

import dualtape as tf
from conftest import numeric_jacobian

RNG = np.random.default_rng(21)


@pytest.fixture(autouse=True)
def fresh_names_and_seed():
    # Kernels are drawn from tf.random: seeded, a failing draw can be replayed
    tf.keras.backend.clear_session()
    tf.random.set_seed(12)


U = 2.0 ** -53          # the unit roundoff of float64


def rounding_bound(a, b):
    """How far two computations of ``a @ b`` may be apart when they add the products in
    different orders (a rank-3 Dense contracts with tensordot, a reference with ``@``;
    an adjoint may use another kernel than the test). Each is within gamma_n *
    (|a| @ |b|) of the exact sum, gamma_n = n u / (1 - n u), n the number of products
    plus one for their own rounding (Higham, Accuracy and Stability of Numerical
    Algorithms, eq. 3.5), so the two differ by at most twice that. An entry that
    cancels to near zero may differ a lot relatively, so no relative tolerance would do."""
    n = np.shape(a)[-1] + 1
    gamma = n * U / (1 - n * U)
    return 2 * gamma * (np.abs(a) @ np.abs(b))


# --- Dense ---------------------------------------------------------------------------------

def test_dense_builds_on_first_call_with_keras_names_and_shapes():
    layer = tf.keras.layers.Dense(2, activation="relu")
    assert not layer.built and layer.kernel is None and layer.name == "dense"
    y = layer(tf.constant([[1.0, 2.0, 3.0]]))
    assert layer.built and y.shape == (1, 2)
    assert [v.name for v in layer.trainable_variables] == ["dense/kernel:0", "dense/bias:0"]
    assert layer.kernel.shape == (3, 2) and layer.bias.shape == (2,)
    np.testing.assert_array_equal(layer.bias.numpy(), [0.0, 0.0])
    assert tf.keras.layers.Dense(1).name == "dense_1"
    assert tf.keras.layers.Dense(1, name="head").name == "head"
    assert layer.weights == layer.trainable_variables and layer.non_trainable_variables == []


def test_dense_kernel_is_glorot_uniform():
    layer = tf.keras.layers.Dense(300)
    layer(np.zeros((1, 200)))
    k = layer.kernel.numpy()
    limit = np.sqrt(6.0 / (200 + 300))
    assert np.abs(k).max() <= limit
    assert abs(k.var() - limit ** 2 / 3) < 0.03 * limit ** 2 / 3       # the uniform's variance
    assert abs(k.mean()) < 0.01 * limit


def test_dense_computes_activation_of_x_times_kernel_plus_bias():
    x = RNG.standard_normal((5, 3))
    layer = tf.keras.layers.Dense(4, activation=tf.nn.tanh, bias_initializer="ones")
    y = layer(x).numpy()
    kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
    reference = np.tanh(x @ kernel + bias)
    # the bias is one more term of the sum; tanh is 1-Lipschitz, and rounds each result
    # to within an ulp or two
    with_bias = rounding_bound(np.c_[x, np.ones(5)], np.r_[kernel, bias[None]])
    assert np.all(np.abs(y - reference) <= with_bias + 4 * U * np.abs(reference))
    linear = tf.keras.layers.Dense(2, use_bias=False)
    out = linear(x).numpy()
    k = linear.kernel.numpy()
    assert np.all(np.abs(out - x @ k) <= rounding_bound(x, k))
    assert linear.bias is None and len(linear.trainable_variables) == 1
    rank3 = tf.keras.layers.Dense(2)
    z = RNG.standard_normal((2, 5, 3))
    out = rank3(z).numpy()
    k = rank3.kernel.numpy()
    assert out.shape == (2, 5, 2) and np.all(np.abs(out - z @ k) <= rounding_bound(z, k))


def test_dense_gradients_are_the_closed_forms():
    x = RNG.standard_normal((5, 3))
    layer = tf.keras.layers.Dense(2)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) ** 2)
    dk, db = tape.gradient(loss, layer.trainable_variables)
    r = 2 * (x @ layer.kernel.numpy() + layer.bias.numpy())       # d loss / d y
    # sums of 5 products each, perhaps added in another order by the adjoint
    assert np.all(np.abs(dk.numpy() - x.T @ r) <= rounding_bound(x.T, r))
    assert np.all(np.abs(db.numpy() - r.sum(0)) <= rounding_bound(np.ones((1, 5)), r)[0])


def test_dense_dtype_casts_floating_inputs():
    layer = tf.keras.layers.Dense(2, dtype=tf.float32)
    y = layer(np.ones((1, 3)))
    assert layer.kernel.dtype == tf.float32 and y.dtype == tf.float32
    assert tf.keras.layers.Dense(2)(np.ones((1, 3), np.float32)).dtype == tf.float64


def test_activations_by_name():
    assert tf.keras.activations.get("relu") is tf.nn.relu
    assert tf.keras.activations.get("linear")([1.0, -2.0]).numpy().tolist() == [1.0, -2.0]
    with pytest.raises(ValueError, match="Unknown activation"):
        tf.keras.activations.get("relu7")
    layer = tf.keras.layers.Dense(1, kernel_initializer="ones", activation="sigmoid")
    assert float(layer([[0.0, 0.0]])[0, 0]) == 0.5


# --- BatchNormalization -----------------------------------------------------------------

def test_batch_normalization_in_training_uses_the_batch_and_moves_the_averages():
    x = RNG.standard_normal((8, 3)) * [1.0, 2.0, 3.0] + [0.0, 5.0, -1.0]
    bn = tf.keras.layers.BatchNormalization()
    y = bn(x, training=True).numpy()
    np.testing.assert_allclose(y, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3), rtol=1e-12)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.01 * x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.99 + 0.01 * x.var(0), rtol=1e-12)
    assert [v.name for v in bn.trainable_variables] == ["batch_normalization/gamma:0",
                                                        "batch_normalization/beta:0"]
    assert [v.name for v in bn.non_trainable_variables] == ["batch_normalization/moving_mean:0",
                                                            "batch_normalization/moving_variance:0"]


def test_batch_normalization_at_inference_uses_the_moving_averages():
    bn = tf.keras.layers.BatchNormalization(momentum=0.5, epsilon=0.0)
    x = np.array([[1.0], [3.0]])
    bn(x, training=True)                        # moving mean 0.5 * 2 = 1, variance 0.5 + 0.5 * 1 = 1
    np.testing.assert_allclose(bn(np.array([[3.0]])).numpy(), [[2.0]])       # (3 - 1) / sqrt(1)
    np.testing.assert_allclose(bn(np.array([[3.0]]), training=False).numpy(), [[2.0]])


def test_batch_normalization_jacobian_couples_the_examples():
    x = RNG.standard_normal((4, 2))
    bn = tf.keras.layers.BatchNormalization(epsilon=0.0)
    xc = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xc)
        y = bn(xc, training=True)
    jac = tape.jacobian(y, xc).numpy()
    fd = numeric_jacobian(lambda a: (a - a.mean(0)) / a.std(0), x)
    np.testing.assert_allclose(jac, fd, rtol=1e-6, atol=1e-8)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(bn(x, training=True) * [[1.0, 2.0]])
    dgamma, dbeta = tape.gradient(loss, bn.trainable_variables)
    np.testing.assert_allclose(dbeta.numpy(), [4.0, 8.0])                       # sum of the weights
    np.testing.assert_allclose(dgamma.numpy(), [0.0, 0.0], atol=1e-12)          # normalised rows sum to 0


# --- optimizers ----------------------------------------------------------------------------

def test_sgd_plain_momentum_and_nesterov_follow_the_update_rules():
    grads = [np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([-1.0, 3.0])]
    for momentum, nesterov in [(0.0, False), (0.9, False), (0.9, True)]:
        w = tf.Variable([1.0, 1.0])
        opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=momentum, nesterov=nesterov)
        expect, velocity = np.array([1.0, 1.0]), np.zeros(2)
        for g in grads:
            opt.apply_gradients([(tf.constant(g), w)])
            velocity = momentum * velocity - 0.1 * g
            expect = expect + (momentum * velocity - 0.1 * g if nesterov else velocity)
        np.testing.assert_allclose(w.numpy(), expect, rtol=1e-14)
        assert opt.iterations == 3
    with pytest.raises(ValueError, match="momentum"):
        tf.keras.optimizers.SGD(momentum=1.5)


def test_adam_follows_kingma_and_ba_in_keras_form():
    w = tf.Variable([1.0, -1.0])
    opt = tf.keras.optimizers.Adam(learning_rate=0.01)
    m, v, expect = np.zeros(2), np.zeros(2), np.array([1.0, -1.0])
    for t, g in enumerate([np.array([0.3, -0.1]), np.array([0.2, 0.4]), np.array([-0.5, 0.1])], start=1):
        opt.apply_gradients(zip([tf.constant(g)], [w]))
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        expect = expect - 0.01 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(v) + 1e-7)
    np.testing.assert_allclose(w.numpy(), expect, rtol=1e-13)


def test_adam_amsgrad_keeps_the_largest_second_moment():
    w = tf.Variable(0.0)
    opt = tf.keras.optimizers.Adam(learning_rate=0.1, amsgrad=True)
    m = v = v_hat = 0.0
    expect = 0.0
    for t, g in enumerate([1.0, 0.01], start=1):
        opt.apply_gradients([(tf.constant(g), w)])
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        v_hat = max(v_hat, v)
        expect -= 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(v_hat) + 1e-7)
    assert float(w.numpy()) == pytest.approx(expect, rel=1e-13)


def test_apply_gradients_skips_none_with_a_warning_and_checks_shapes():
    a, b = tf.Variable(1.0, name="a"), tf.Variable(2.0, name="b")
    opt = tf.keras.optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match="b"):
        opt.apply_gradients([(tf.constant(0.5), a), (None, b)])
    assert float(a.numpy()) == 0.5 and float(b.numpy()) == 2.0
    with pytest.raises(ValueError, match="shape"):
        opt.apply_gradients([(tf.constant([1.0, 2.0]), a)])


def test_learning_rate_schedule_and_minimize():
    w = tf.Variable(4.0)
    opt = tf.keras.optimizers.SGD(learning_rate=lambda step: 0.5 / (step + 1))
    opt.minimize(lambda: w ** 2 / 2, [w])           # gradient 4, rate 0.5: w = 2
    opt.minimize(lambda: w ** 2 / 2, [w])           # gradient 2, rate 0.25: w = 1.5
    assert float(w.numpy()) == 1.5
    with tf.GradientTape() as tape:
        loss = w * 2.0
    tf.keras.optimizers.SGD(0.25).minimize(loss, [w], tape=tape)
    assert float(w.numpy()) == 1.0
    with pytest.raises(ValueError, match="tape"):
        opt.minimize(loss, [w])


def test_the_optimizer_keeps_state_per_variable():
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    opt = tf.keras.optimizers.SGD(learning_rate=1.0, momentum=0.5)
    opt.apply_gradients([(tf.constant(1.0), a)])
    opt.apply_gradients([(tf.constant(1.0), a), (tf.constant(1.0), b)])
    assert float(a.numpy()) == -2.5 and float(b.numpy()) == -1.0     # a: -1, then -1.5


# --- losses --------------------------------------------------------------------------------

def test_mean_squared_error_reductions_and_weights():
    y_true = np.array([[0.0, 1.0], [2.0, 2.0], [1.0, -1.0]])
    y_pred = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 1.0]])
    per_example = ((y_pred - y_true) ** 2).mean(-1)                 # [0.5, 2, 2.5]
    np.testing.assert_allclose(tf.keras.losses.mean_squared_error(y_true, y_pred).numpy(), per_example)
    mse = tf.keras.losses.MeanSquaredError()
    assert float(mse(y_true, y_pred)) == pytest.approx(per_example.mean())
    weights = np.array([1.0, 0.0, 2.0])
    weighted = float(mse(y_true, y_pred, sample_weight=weights))
    assert weighted == pytest.approx((per_example * weights).sum() / 3)
    assert float(tf.keras.losses.MeanSquaredError(reduction="sum")(y_true, y_pred)) == pytest.approx(5.0)
    none = tf.keras.losses.MeanSquaredError(reduction="none")(y_true, y_pred)
    np.testing.assert_allclose(none.numpy(), per_example)
    mean = tf.keras.losses.MeanSquaredError(reduction="mean")      # Keras 3's name for the default
    assert float(mean(y_true, y_pred)) == pytest.approx(per_example.mean())
    with pytest.raises(ValueError, match="reduction"):
        tf.keras.losses.MeanSquaredError(reduction="average")


def test_mean_squared_error_gradient():
    y_true = np.array([[0.0, 1.0], [2.0, 2.0]])
    y_pred = tf.Variable([[1.0, 1.0], [2.0, 0.0]])
    with tf.GradientTape() as tape:
        loss = tf.keras.losses.MeanSquaredError()(y_true, y_pred)
    np.testing.assert_allclose(tape.gradient(loss, y_pred).numpy(), 2 * (y_pred.numpy() - y_true) / 4)


def test_a_small_training_loop_fits_a_line():
    tf.random.set_seed(0)
    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    y = 3.0 * x - 0.5
    layer = tf.keras.layers.Dense(1)
    opt = tf.keras.optimizers.Adam(learning_rate=0.1)
    loss_fn = tf.keras.losses.MeanSquaredError()
    for _ in range(300):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, layer(x))
        grads = tape.gradient(loss, layer.trainable_variables)
        opt.apply_gradients(zip(grads, layer.trainable_variables))
    np.testing.assert_allclose(layer.kernel.numpy(), [[3.0]], atol=1e-3)
    np.testing.assert_allclose(layer.bias.numpy(), [-0.5], atol=1e-3)


def test_initializers():
    assert isinstance(tf.keras.initializers.get("glorot_uniform"), tf.keras.initializers.GlorotUniform)
    assert isinstance(tf.keras.initializers.get(tf.keras.initializers.Zeros), tf.keras.initializers.Zeros)
    np.testing.assert_array_equal(tf.keras.initializers.Ones()((2, 1)).numpy(), [[1.0], [1.0]])
    with pytest.raises(ValueError, match="Unknown initializer"):
        tf.keras.initializers.get("he_magic")
    tf.random.set_seed(4)
    r = tf.keras.initializers.RandomNormal(stddev=0.05)((20000,)).numpy()
    assert abs(r.std() - 0.05) < 0.002
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.keras.initializers.GlorotUniform(seed=3)((4, 4, 2, 3))     # conv-shaped fans
