"""Softmax attention as transformer code writes it: causal masking with -inf (and with
-1e9), the max subtracted before exp, multi-head attention with einsum, and a TensorFlow
spelling with layer normalisation; against differences of the NumPy program."""
import numpy

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np
import dualtape.special as dsp

from programs.reference import assert_close, central_gradient, central_jacobian

rng = numpy.random.default_rng(14)
N, D = 5, 4
TOKENS = rng.standard_normal((N, D))
WQ, WK, WV = (0.5 * rng.standard_normal((D, D)) for _ in range(3))
CAUSAL = numpy.tril(numpy.ones((N, N), bool))


# --- causal self-attention ------------------------------------------------------------

def attention(wq, xp=np, masked_value=-numpy.inf):
    q, k, v = TOKENS @ wq, TOKENS @ WK, TOKENS @ WV
    scores = xp.where(CAUSAL, q @ k.T / xp.sqrt(D), masked_value)
    scores = scores - xp.max(scores, axis=-1, keepdims=True)
    weights = xp.exp(scores)
    return weights / xp.sum(weights, axis=-1, keepdims=True) @ v


def test_causal_attention_with_minus_infinity_has_finite_exact_derivatives():
    loss = lambda w, xp=np: xp.sum(attention(w, xp) ** 2)
    grad = dt.gradient(loss)(WQ)
    assert numpy.all(numpy.isfinite(grad))          # exp(-inf) = 0 passes no NaN back
    assert_close(grad, central_gradient(lambda w: loss(w, numpy), WQ), 1e-7, 1e-9)
    assert_close(dt.jacfwd(loss)(WQ), grad, 1e-12, 1e-14)
    hessian = dt.hessian(loss)(WQ)
    assert numpy.all(numpy.isfinite(hessian))
    assert_close(dt.hessian(loss, mode="hyperdual")(WQ), hessian, 1e-10, 1e-12)


def test_masking_with_minus_1e9_and_special_softmax_gives_the_same_gradient():
    def loss(w):
        q, k, v = TOKENS @ w, TOKENS @ WK, TOKENS @ WV
        scores = np.where(CAUSAL, q @ k.T / np.sqrt(D), -1e9)
        return np.sum((dsp.softmax(scores, axis=-1) @ v) ** 2)
    assert_close(dt.gradient(loss)(WQ), dt.gradient(lambda w: np.sum(attention(w) ** 2))(WQ),
                 1e-12, 1e-14, "exp(-1e9) is exactly 0: the same arithmetic")


def test_multi_head_attention_with_einsum_matches_differences():
    heads = 0.5 * rng.standard_normal((3, 2, D, 2))

    def multi_head(x, w, xp=np):
        q, k, v = (xp.einsum("nd,hde->hne", x, w[i]) for i in range(3))
        scores = xp.einsum("hne,hme->hnm", q, k) / xp.sqrt(2.0)
        scores = scores - xp.max(scores, axis=-1, keepdims=True)
        weights = xp.exp(scores) / xp.sum(xp.exp(scores), axis=-1, keepdims=True)
        return xp.einsum("hnm,hme->nhe", weights, v).reshape(N, -1)
    assert_close(dt.jacobian(lambda x: multi_head(x, heads))(TOKENS),
                 central_jacobian(lambda x: multi_head(x, heads, numpy), TOKENS), 1e-6, 1e-9)


def test_the_tensorflow_spelling_with_layer_normalisation():
    wq = tf.Variable(WQ)
    with tf.GradientTape() as tape:
        scores = tf.matmul(tf.matmul(TOKENS, wq), tf.matmul(TOKENS, WK), transpose_b=True) / 2.0
        weights = tf.nn.softmax(scores + (1.0 - CAUSAL) * -1e9, axis=-1)
        out = tf.matmul(weights, tf.matmul(TOKENS, WV))
        mean, variance = tf.nn.moments(out, axes=[-1], keepdims=True)
        loss = tf.reduce_sum(((out - mean) / tf.sqrt(variance + 1e-5)) ** 3)

    def loss_numpy(w):
        out = attention(w, numpy)
        normalised = (out - out.mean(-1, keepdims=True)) / numpy.sqrt(out.var(-1, keepdims=True) + 1e-5)
        return numpy.sum(normalised ** 3)
    assert_close(tape.gradient(loss, wq).numpy(), central_gradient(loss_numpy, WQ), 1e-6, 1e-8)
