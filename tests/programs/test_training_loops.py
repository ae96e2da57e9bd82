"""Training loops as TensorFlow users write them (``import dualtape as tf``) and as NumPy
users write them (``import dualtape.numpy as np``): logistic regression with a
GradientTape and an optimiser, and an MLP with softmax cross-entropy."""
import numpy

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(0)
X = rng.standard_normal((40, 3))
LABELS = (X @ numpy.array([1.5, -2.0, 0.5]) + 0.3 > 0).astype(float)


# --- logistic regression, GradientTape and SGD --------------------------------------

def train_logistic_regression(steps, learning_rate=0.5):
    w = tf.Variable(tf.zeros([3], dtype=tf.float64))
    b = tf.Variable(0.0)
    optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
    history = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            logits = tf.squeeze(tf.matmul(X, tf.expand_dims(w, -1)), -1) + b
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=LABELS,
                                                                          logits=logits))
        grads = tape.gradient(loss, [w, b])
        history.append((w.numpy().copy(), b.numpy().copy(), [g.numpy() for g in grads]))
        optimizer.apply_gradients(zip(grads, [w, b]))
    return w, b, history


def logistic_gradient(w, b):
    """The closed form: ∂/∂w mean CE = Xᵀ(σ(Xw + b) − y)/n, ∂/∂b = mean(σ − y)."""
    s = 1.0 / (1.0 + numpy.exp(-(X @ w + b)))
    return X.T @ (s - LABELS) / len(X), numpy.mean(s - LABELS)


def test_every_step_of_the_tape_training_loop_has_the_closed_form_gradient():
    _, _, history = train_logistic_regression(steps=6)
    for w, b, (gw, gb) in history:
        want_w, want_b = logistic_gradient(w, b)
        assert_close(gw, want_w, 1e-13, 1e-16, "closed form evaluated in float64: round-off")
        assert_close(gb, want_b, 1e-13, 1e-16)


def test_the_sgd_updates_are_the_numpy_updates():
    w, b, history = train_logistic_regression(steps=6)
    w_np, b_np = numpy.zeros(3), 0.0
    for _ in range(6):
        gw, gb = logistic_gradient(w_np, b_np)
        w_np, b_np = w_np - 0.5 * gw, b_np - 0.5 * gb
    assert_close(w.numpy(), w_np, 1e-12, 0.0, "six float64 updates: round-off only")
    assert_close(b.numpy(), b_np, 1e-12, 1e-15)


def test_the_tape_gradient_equals_the_functional_gradient_of_the_same_loss():
    def loss(w, b):
        z = X @ w + b
        return np.mean(np.logaddexp(0.0, z) - LABELS * z)      # the same cross-entropy
    w0, b0 = numpy.array([0.3, -0.2, 0.1]), 0.05
    gw, gb = dt.gradient(loss, argnums=(0, 1))(w0, b0)
    want_w, want_b = logistic_gradient(w0, b0)
    assert_close(gw, want_w, 1e-13, 1e-16)
    assert_close(gb, want_b, 1e-13, 1e-16)


# --- an MLP with softmax cross-entropy -------------------------------------------

X_MLP = rng.standard_normal((8, 4))
CLASSES = rng.integers(0, 3, 8)
ONE_HOT = numpy.eye(3)[CLASSES]
PARAMS = [rng.standard_normal((4, 5)) * 0.5, numpy.zeros(5), rng.standard_normal((5, 3)) * 0.5,
          numpy.zeros(3)]


def mlp_loss(params, xp=np):
    w1, b1, w2, b2 = params
    logits = xp.tanh(X_MLP @ w1 + b1) @ w2 + b2
    logits = logits - xp.max(logits, axis=1, keepdims=True)
    log_p = logits - xp.log(xp.sum(xp.exp(logits), axis=1, keepdims=True))
    return -xp.mean(xp.sum(ONE_HOT * log_p, axis=1))


def test_the_mlp_gradient_matches_differences_of_the_numpy_program():
    grads = dt.gradient(mlp_loss)(PARAMS)
    for i in range(4):
        def loss_of_one(p, i=i):
            params = list(PARAMS)
            params[i] = p
            return mlp_loss(params, numpy)
        assert_close(grads[i], central_gradient(loss_of_one, PARAMS[i]), 1e-6, 1e-9,
                     "central differences, h = 1e-6: error ~1e-10")


def test_the_last_layer_gradient_is_softmax_minus_one_hot():
    w1, b1, w2, b2 = PARAMS
    hidden = numpy.tanh(X_MLP @ w1 + b1)
    z = hidden @ w2 + b2
    p = numpy.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    grads = dt.gradient(mlp_loss)(PARAMS)
    assert_close(grads[3], (p - ONE_HOT).mean(0), 1e-13, 1e-16, "closed form, round-off")
    assert_close(grads[2], hidden.T @ (p - ONE_HOT) / 8, 1e-13, 1e-16)


def test_the_tensorflow_spelling_of_the_mlp_gives_the_same_gradients():
    variables = [tf.Variable(p) for p in PARAMS]
    with tf.GradientTape(persistent=True) as tape:
        hidden = tf.tanh(tf.matmul(X_MLP, variables[0]) + variables[1])
        logits = tf.matmul(hidden, variables[2]) + variables[3]
        dense = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=ONE_HOT,
                                                                       logits=logits))
        sparse = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=CLASSES,
                                                                               logits=logits))
    want = dt.gradient(mlp_loss)(PARAMS)
    for loss in (dense, sparse):
        for got, expected in zip(tape.gradient(loss, variables), want):
            assert_close(got.numpy(), expected, 1e-12, 1e-15, "the same float64 sums")
