"""Programs in float32, as GPU-minded code writes them: a least-squares loss whose every
derivative must come back in float32 (from every transform and from the tape), a Keras
Adam loop on float32 Variables, and float32 through the linear algebra, FFT and special
functions a model uses; each value against the float64 computation."""
import numpy
import pytest
import scipy.special

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np
import dualtape.scipy.linalg as dsl

from programs.reference import assert_close

rng = numpy.random.default_rng(15)
X = rng.standard_normal((20, 3)).astype(numpy.float32)
Y = (X @ numpy.array([1.0, -2.0, 0.5], numpy.float32)).astype(numpy.float32)
W = numpy.array([0.3, 0.2, -0.1], numpy.float32)
ONES = numpy.ones(3, numpy.float32)

# float32 carries 24 bits: a sum of 20 products keeps about 1e-6 relative accuracy
F32 = 1e-5


# --- least squares in float32 ------------------------------------------------------------

def loss(w):
    residual = X @ w - Y
    return np.mean(residual * residual)


TRANSFORMS = {
    "gradient": lambda: dt.gradient(loss)(W),
    "value_and_gradient": lambda: dt.value_and_gradient(loss)(W)[1],
    "jacfwd": lambda: dt.jacfwd(loss)(W),
    "jacrev": lambda: dt.jacrev(loss)(W),
    "hessian": lambda: dt.hessian(loss)(W),
    "hessian hyperdual": lambda: dt.hessian(loss, mode="hyperdual")(W),
    "hvp": lambda: dt.hvp(loss, (W,), (ONES,)),
    "jvp": lambda: dt.jvp(loss, (W,), (ONES,))[1],
    "vjp": lambda: dt.vjp(loss, W)[1](numpy.float32(1.0))[0],
    "taylor": lambda: dt.taylor(lambda t: loss(W + t * ONES), numpy.float32(0.0), order=2)[2],
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_every_transform_gives_float32_derivatives_of_a_float32_program(name):
    got = TRANSFORMS[name]()
    assert numpy.result_type(got) == numpy.float32, name


def test_the_float32_derivatives_are_the_float64_closed_forms_to_float32_accuracy():
    x, y, w = X.astype(float), Y.astype(float), W.astype(float)
    gradient = 2 * x.T @ (x @ w - y) / 20                        # ∂ mean(r²)/∂w
    hessian = 2 * x.T @ x / 20
    assert_close(dt.gradient(loss)(W), gradient, F32, F32)
    assert_close(dt.hessian(loss)(W), hessian, F32, F32)
    assert_close(dt.hvp(loss, (W,), (ONES,)), hessian @ numpy.ones(3), F32, F32)


def test_an_adam_loop_on_float32_variables_stays_float32_and_fits():
    w = tf.Variable(numpy.zeros(3, numpy.float32))
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    for _ in range(150):
        with tf.GradientTape() as tape:
            fit = tf.reduce_mean(tf.square(tf.squeeze(tf.matmul(X, tf.reshape(w, (3, 1))), 1) - Y))
        grad = tape.gradient(fit, w)
        optimizer.apply_gradients([(grad, w)])
    assert w.dtype == grad.dtype == fit.dtype == numpy.float32
    assert_close(w.numpy(), [1.0, -2.0, 0.5], 0, 1e-2, "Adam's last steps oscillate by ~lr/10")


# --- float32 through a model's library calls ------------------------------------------------

A32 = (rng.standard_normal((3, 3)) + 3 * numpy.eye(3)).astype(numpy.float32)

LIBRARY = {
    "solve": lambda a, xp: xp.sum(xp.linalg.solve(a, numpy.ones(3, a.dtype))),
    "slogdet": lambda a, xp: xp.linalg.slogdet(a)[1],
    "eigh": lambda a, xp: xp.sum(xp.linalg.eigh(a + a.T)[0] ** 3),
    "cholesky": lambda a, xp: xp.sum(xp.linalg.cholesky(a @ a.T)),
    "svd": lambda a, xp: xp.sum(xp.linalg.svd(a, compute_uv=False)),
    "rfft": lambda a, xp: xp.sum(xp.abs(xp.fft.rfft(a)) ** 2),
    "erf": lambda a, xp: xp.sum(scipy.special.erf(a)),
    "gammaln": lambda a, xp: xp.sum(scipy.special.gammaln(a * a + 1)),
    "norm": lambda a, xp: xp.linalg.norm(a),
}


@pytest.mark.parametrize("name", LIBRARY)
def test_library_calls_keep_float32_and_the_float64_derivative(name):
    f = LIBRARY[name]
    got = dt.gradient(lambda a: f(a, np))(A32)
    assert got.dtype == numpy.float32
    assert numpy.result_type(f(A32, np)) == numpy.result_type(f(A32, numpy))     # NumPy's dtype
    assert_close(got, dt.gradient(lambda a: f(a, np))(A32.astype(float)), 1e-4, 1e-4,
                 "a float32 factorisation of a matrix with condition ~3: ~1e-6 relative, "
                 "times the size of the derivative")


def test_an_expm_in_float32_keeps_float32():
    got = dt.gradient(lambda a: np.sum(dsl.expm(0.1 * a)))(A32)
    assert got.dtype == numpy.float32
    assert_close(got, dt.gradient(lambda a: np.sum(dsl.expm(0.1 * a)))(A32.astype(float)), 1e-4, 1e-5)
