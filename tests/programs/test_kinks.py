"""Programs with kinks: ReLU-style `np.where`, `np.maximum`, `np.clip` and `np.abs` at and
near their kinks, where every mode must give the documented one-sided choice (abs'(0) = 0,
ties of maximum split evenly, clip at a bound takes the inside slope), and smooth
functions written with kinks that cancel, whose derivative must be the smooth one."""
import numpy
import pytest

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close

POINTS = numpy.array([-1.0, 0.0, 0.5, 1.0, 2.0])


def every_mode(f, x):
    """f' at each entry of x by reverse mode, a forward Jacobian, a jvp, HyperDual's ε₁
    part, a jet and the tape."""
    total = lambda v: np.sum(f(v))
    variable = tf.Variable(x)
    with tf.GradientTape() as tape:
        target = tf.reduce_sum(f(variable))
    return {
        "gradient": dt.gradient(total)(x),
        "jacfwd": numpy.diag(dt.jacfwd(f)(x)),
        "jvp": dt.jvp(f, (x,), (numpy.ones_like(x),))[1],
        "hyperdual": f(dt.HyperDual(x, numpy.ones_like(x), numpy.ones_like(x), numpy.zeros_like(x))).e1,
        "jet": numpy.array([dt.taylor(f, xi, order=1)[1] for xi in x]),
        "tape": tape.gradient(target, variable, unconnected_gradients="zero").numpy(),
    }


# --- activations and clipping at their kinks ---------------------------------------------

KINKS = {
    # name: (f, f' at POINTS under the documented conventions)
    "abs": (lambda v: np.abs(v), [-1, 0, 1, 1, 1]),
    "relu by where": (lambda v: np.where(v > 0, v, 0.0), [0, 0, 1, 1, 1]),
    "relu by maximum": (lambda v: np.maximum(v, 0.0), [0, 0.5, 1, 1, 1]),
    "maximum at 1": (lambda v: np.maximum(v, 1.0), [0, 0, 0, 0.5, 1]),
    "minimum at 1": (lambda v: np.minimum(v, 1.0), [1, 1, 1, 0.5, 0]),
    "clip": (lambda v: np.clip(v, 0.0, 1.0), [0, 1, 1, 1, 0]),
    "squared hinge": (lambda v: np.maximum(v, 0.0) ** 2, [0, 0, 1, 2, 4]),
    "cubed abs": (lambda v: np.abs(v) ** 3, [-3, 0, 0.75, 3, 12]),
    "hypot with 0": (lambda v: np.hypot(v, 0.0), [-1, 0, 1, 1, 1]),
}


@pytest.mark.parametrize("name", KINKS)
def test_every_mode_takes_the_documented_side_at_a_kink(name):
    f, expected = KINKS[name]
    for mode, got in every_mode(f, POINTS).items():
        assert_close(got, expected, 1e-15, 1e-15, f"{name}, {mode}")


def test_hypot_at_the_origin_has_the_zero_vector_convention_of_norm():
    # Regression: hypot's partials x/hypot and y/hypot were NaN at (0, 0), where
    # np.linalg.norm of the same vector and abs(x + iy) have derivative 0.
    spellings = [lambda v: np.hypot(v[0], v[1]), lambda v: np.linalg.norm(v),
                 lambda v: np.abs(v[0] + 1j * v[1])]
    for f in spellings:
        assert_close(dt.gradient(f)(numpy.zeros(2)), [0.0, 0.0], 0, 0)
        for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
            assert_close(dt.hessian(f, mode=mode)(numpy.zeros(2)), numpy.zeros((2, 2)), 0, 0, mode)
    # away from the origin: ∂(x, y) = (x, y)/r and ∂² = (r²I − vvᵀ)/r³ at (3, 4)
    at = numpy.array([3.0, 4.0])
    assert_close(dt.gradient(spellings[0])(at), at / 5, 1e-15, 0)
    assert_close(dt.hessian(spellings[0])(at), (25 * numpy.eye(2) - numpy.outer(at, at)) / 125,
                 1e-15, 1e-17)


# --- smooth losses written with kinks that cancel -----------------------------------------

LABELS = numpy.array([0.0, 1.0, 0.3])


def test_the_logistic_loss_at_zero_logits_has_the_smooth_derivative():
    # Regression: TensorFlow's max(x, 0) − xz + log(1 + exp(−|x|)) was built from relu
    # (derivative 0 at 0) and abs (derivative 0 at 0), so at x = 0, where logistic
    # regression starts from zero weights, the gradient was −z instead of σ(0) − z = 0.5 − z.
    loss = lambda x: tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=LABELS, logits=x))
    for at in (numpy.zeros(3), numpy.full(3, 1e-3), numpy.full(3, -1e-3)):
        sigmoid = 1 / (1 + numpy.exp(-at))
        assert_close(dt.gradient(loss)(at), sigmoid - LABELS, 1e-15, 1e-16, "σ(x) − z")
        assert_close(dt.jvp(loss, (at,), (numpy.ones(3),))[1], numpy.sum(sigmoid - LABELS), 1e-15, 1e-16)
        assert_close(numpy.diag(dt.hessian(loss)(at)), sigmoid * (1 - sigmoid), 1e-15, 0, "σ(1 − σ)")


def test_softplus_and_logaddexp_are_smooth_at_zero():
    for f in (lambda x: np.logaddexp(x, 0.0), tf.math.softplus, lambda x: -tf.math.log_sigmoid(-x)):
        assert_close(dt.gradient(f)(0.0), 0.5, 1e-15, 0)          # σ(0)
        assert_close(dt.hessian(f)(0.0), 0.25, 1e-15, 0)          # σ(0)(1 − σ(0))
