"""``tf.math`` and the clipping functions: values against NumPy and the math
module, derivatives against central finite differences, and TensorFlow's
conventions where they differ from NumPy's (ties of maximum/minimum,
divide_no_nan, NaN propagation)."""
import inspect
import math

import numpy as np
import pytest

import dualtape as tf
from dualtape.tensorflow.elementwise import BINARY, UNARY

from conftest import numeric_jacobian

# Independent references: NumPy or the math module, never the table.
UNARY_REFERENCES = {
    "abs": np.abs, "acos": np.arccos, "acosh": np.arccosh, "asin": np.arcsin,
    "asinh": np.arcsinh, "atan": np.arctan, "atanh": np.arctanh, "ceil": np.ceil,
    "cos": np.cos, "cosh": np.cosh, "erf": np.vectorize(math.erf), "erfc": np.vectorize(math.erfc),
    "exp": np.exp, "expm1": np.expm1, "floor": np.floor, "lgamma": np.vectorize(math.lgamma),
    "log": np.log, "log1p": np.log1p, "log_sigmoid": lambda x: -np.log1p(np.exp(-x)),
    "negative": np.negative, "reciprocal": lambda x: 1.0 / x, "round": np.round,
    "rsqrt": lambda x: 1.0 / np.sqrt(x), "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "sign": np.sign, "sin": np.sin, "sinh": np.sinh, "softplus": lambda x: np.log1p(np.exp(x)),
    "sqrt": np.sqrt, "square": lambda x: x * x, "tan": np.tan, "tanh": np.tanh,
}
# points inside every domain (acosh needs > 1, acos/asin/atanh need |x| < 1), away from kinks
SAMPLES = {"acosh": np.array([1.2, 1.7, 3.0]), "acos": np.array([-0.6, 0.1, 0.7]),
           "asin": np.array([-0.6, 0.1, 0.7]), "atanh": np.array([-0.6, 0.1, 0.7]),
           "log": np.array([0.3, 1.1, 2.5]), "sqrt": np.array([0.3, 1.1, 2.5]),
           "rsqrt": np.array([0.3, 1.1, 2.5]), "lgamma": np.array([0.3, 1.1, 2.5]),
           "reciprocal": np.array([-1.3, 0.4, 2.5]), "log1p": np.array([-0.6, 0.4, 2.5])}
DEFAULT_SAMPLE = np.array([-1.3, 0.4, 2.2])
PIECEWISE_CONSTANT = {"ceil", "floor", "round", "sign"}


def tape_jacobian(fn, *xs):
    """The Jacobian of fn at xs with respect to each x, recorded by one tape (a
    piecewise-constant function is unconnected, so TensorFlow's None is asked as zeros)."""
    xs = [tf.constant(x) for x in xs]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xs)
        y = fn(*xs)
    return [tape.jacobian(y, x, unconnected_gradients="zero").numpy() for x in xs]


def test_every_unary_function_has_an_independent_reference():
    assert set(UNARY_REFERENCES) | {"digamma"} == set(UNARY)


@pytest.mark.parametrize("name", sorted(UNARY_REFERENCES))
def test_unary_values_match_numpy_and_derivatives_match_finite_differences(name):
    x = SAMPLES.get(name, DEFAULT_SAMPLE)
    fn = getattr(tf.math, name)
    np.testing.assert_allclose(fn(x).numpy(), UNARY_REFERENCES[name](x), rtol=1e-13, atol=1e-15)
    jac, = tape_jacobian(fn, x)
    if name in PIECEWISE_CONSTANT:
        np.testing.assert_array_equal(jac, np.zeros((3, 3)))
    else:
        np.testing.assert_allclose(jac, numeric_jacobian(UNARY_REFERENCES[name], x), rtol=1e-6, atol=1e-9)


def test_digamma_at_closed_form_points():
    # psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(2) = 1 - gamma
    np.testing.assert_allclose(tf.math.digamma([1.0, 0.5, 2.0]).numpy(),
                               [-np.euler_gamma, -np.euler_gamma - 2 * np.log(2), 1 - np.euler_gamma])
    # psi'(1) = pi^2 / 6
    jac, = tape_jacobian(tf.math.digamma, np.array([1.0]))
    assert jac[0, 0] == pytest.approx(np.pi ** 2 / 6, rel=1e-10)


BINARY_REFERENCES = {
    "add": np.add, "atan2": np.arctan2, "divide": np.divide, "divide_no_nan": np.divide,
    "floordiv": lambda x, y: np.floor(x / y), "floormod": np.mod, "maximum": np.maximum,
    "minimum": np.minimum, "multiply": np.multiply, "pow": np.power,
    "squared_difference": lambda x, y: (x - y) ** 2, "subtract": np.subtract,
    "truediv": np.true_divide, "xlogy": lambda x, y: x * np.log(y),
}


def test_every_binary_function_has_an_independent_reference():
    assert set(BINARY_REFERENCES) == set(BINARY)


@pytest.mark.parametrize("name", sorted(BINARY_REFERENCES))
def test_binary_values_and_both_gradients(name):
    x = np.array([0.7, 1.9, 2.6])
    y = np.array([1.3, 0.4, 3.1])
    fn, ref = getattr(tf.math, name), BINARY_REFERENCES[name]
    np.testing.assert_allclose(fn(x, y).numpy(), ref(x, y), rtol=1e-14)
    jx, jy = tape_jacobian(fn, x, y)
    np.testing.assert_allclose(jx, numeric_jacobian(lambda a: ref(a, y), x), rtol=1e-6, atol=1e-9)
    if name != "floordiv":     # floor(x / y) is piecewise constant in y as well
        np.testing.assert_allclose(jy, numeric_jacobian(lambda b: ref(x, b), y), rtol=1e-6, atol=1e-9)


def test_binary_functions_broadcast():
    np.testing.assert_array_equal(tf.math.multiply([[1.0], [2.0]], [10.0, 20.0]).numpy(),
                                  [[10, 20], [20, 40]])


def test_maximum_and_minimum_give_a_tie_to_x_as_tensorflow_does():
    # TensorFlow's gradient of maximum(x, y) at x == y is 1 for x and 0 for y
    jx, jy = tape_jacobian(tf.math.maximum, np.array([1.0, 2.0, 3.0]), np.array([1.0, 5.0, 0.0]))
    np.testing.assert_array_equal(np.diag(jx), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(np.diag(jy), [0.0, 1.0, 0.0])
    jx, jy = tape_jacobian(tf.math.minimum, np.array([1.0, 2.0]), np.array([1.0, 0.0]))
    np.testing.assert_array_equal(np.diag(jx), [1.0, 0.0])
    np.testing.assert_array_equal(np.diag(jy), [0.0, 1.0])
    assert tf.maximum is tf.math.maximum


def test_maximum_and_minimum_propagate_nan():
    out = tf.math.maximum([np.nan, 1.0], [0.0, np.nan]).numpy()
    assert np.isnan(out).all()
    assert np.isnan(tf.math.minimum([np.nan, 1.0], [0.0, np.nan]).numpy()).all()


def test_divide_no_nan_is_zero_where_the_divisor_is_zero_with_zero_gradient():
    np.testing.assert_array_equal(tf.math.divide_no_nan([3.0, 3.0], [0.0, 2.0]).numpy(), [0.0, 1.5])
    jx, jy = tape_jacobian(tf.math.divide_no_nan, np.array([3.0, 3.0]), np.array([0.0, 2.0]))
    np.testing.assert_array_equal(np.diag(jx), [0.0, 0.5])          # 1 / y
    np.testing.assert_array_equal(np.diag(jy), [0.0, -0.75])        # -x / y^2


def test_integer_floordiv_and_sign_conventions():
    np.testing.assert_array_equal(tf.math.floordiv([7, -7], [2, 2]).numpy(), [3, -4])
    np.testing.assert_array_equal(tf.math.floormod([7.0, -7.0], [2.0, 2.0]).numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(tf.math.round([0.5, 1.5, 2.5]).numpy(), [0.0, 2.0, 2.0])   # half to even
    jac, = tape_jacobian(tf.math.abs, np.array([0.0]))
    assert jac[0, 0] == 0.0                                       # TensorFlow's abs'(0) = sign(0) = 0


def test_predicates_give_boolean_tensors():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 2.0])
    for name, ref in [("equal", np.equal), ("not_equal", np.not_equal), ("greater", np.greater),
                      ("greater_equal", np.greater_equal), ("less", np.less), ("less_equal", np.less_equal)]:
        out = getattr(tf.math, name)(a, b)
        assert out.dtype == tf.bool
        np.testing.assert_array_equal(out.numpy(), ref(a, b))
    p, q = np.array([True, True, False]), np.array([True, False, False])
    np.testing.assert_array_equal(tf.math.logical_and(p, q).numpy(), [True, False, False])
    np.testing.assert_array_equal(tf.math.logical_or(p, q).numpy(), [True, True, False])
    np.testing.assert_array_equal(tf.math.logical_xor(p, q).numpy(), [False, True, False])
    np.testing.assert_array_equal(tf.math.logical_not(p).numpy(), [False, False, True])
    v = np.array([np.nan, np.inf, 1.0])
    np.testing.assert_array_equal(tf.math.is_nan(v).numpy(), [True, False, False])
    np.testing.assert_array_equal(tf.math.is_inf(v).numpy(), [False, True, False])
    np.testing.assert_array_equal(tf.math.is_finite(v).numpy(), [False, False, True])


def test_add_n_and_l2_normalize():
    parts = [np.arange(3.0), np.ones(3), 10 * np.ones(3)]
    np.testing.assert_array_equal(tf.math.add_n(parts).numpy(), sum(parts))
    with pytest.raises(ValueError, match="non-empty"):
        tf.math.add_n([])
    x = np.array([[3.0, 4.0], [1.0, 0.0]])
    np.testing.assert_allclose(tf.math.l2_normalize(x, axis=1).numpy(), [[0.6, 0.8], [1.0, 0.0]])
    v = np.array([3.0, 4.0, 12.0])
    jac, = tape_jacobian(tf.math.l2_normalize, v)
    n = np.linalg.norm(v)
    np.testing.assert_allclose(jac, (np.eye(3) - np.outer(v, v) / n ** 2) / n)   # d(v/|v|)/dv


def test_math_namespace_has_the_reductions_and_the_top_level_has_the_aliases():
    assert tf.math.reduce_sum is tf.reduce_sum and tf.math.softmax is tf.nn.softmax
    for name in ["abs", "sin", "exp", "sqrt", "square", "pow", "sigmoid", "tanh", "add", "multiply"]:
        assert getattr(tf, name) is getattr(tf.math, name)


# --- clipping ------------------------------------------------------------------------------

def test_clip_by_value_values_and_gradient_one_inside_and_at_the_bounds():
    x = np.array([-2.0, -1.0, 0.3, 1.0, 4.0])
    np.testing.assert_array_equal(tf.clip_by_value(x, -1.0, 1.0).numpy(), np.clip(x, -1, 1))
    jac, = tape_jacobian(lambda t: tf.clip_by_value(t, -1.0, 1.0), x)
    np.testing.assert_array_equal(np.diag(jac), [0.0, 1.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="must not exceed"):
        tf.clip_by_value(x, 1.0, -1.0)


def test_clip_by_norm_values_and_gradient():
    v = np.array([3.0, 4.0])
    np.testing.assert_allclose(tf.clip_by_norm(v, 2.0).numpy(), [1.2, 1.6])       # 2 v / |v|
    np.testing.assert_allclose(tf.clip_by_norm(v, 10.0).numpy(), v)               # short enough already
    jac, = tape_jacobian(lambda t: tf.clip_by_norm(t, 2.0), v)
    n = 5.0
    np.testing.assert_allclose(jac, 2.0 * (np.eye(2) - np.outer(v, v) / n ** 2) / n)
    jac, = tape_jacobian(lambda t: tf.clip_by_norm(t, 10.0), v)
    np.testing.assert_allclose(jac, np.eye(2))
    rows = np.array([[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(tf.clip_by_norm(rows, 1.0, axes=[1]).numpy(), [[0.6, 0.8], [0.3, 0.4]])
    jac, = tape_jacobian(lambda t: tf.clip_by_norm(t, 1.0), np.zeros(2))
    np.testing.assert_array_equal(jac, np.eye(2))                                  # no NaN at zero


def test_clip_by_global_norm_scales_all_tensors_together():
    a, b = np.array([3.0]), np.array([[4.0]])
    clipped, total = tf.clip_by_global_norm([a, None, b], 2.5)
    assert float(total) == 5.0 and clipped[1] is None
    np.testing.assert_allclose(clipped[0].numpy(), [1.5])
    np.testing.assert_allclose(clipped[2].numpy(), [[2.0]])
    unchanged, _ = tf.clip_by_global_norm([a], 10.0)
    np.testing.assert_array_equal(unchanged[0].numpy(), a)


def test_arguments_are_found_by_tensorflows_keywords():
    # tf.math.atan2 takes (y, x): a call by keyword must not swap them
    assert float(tf.math.atan2(y=1.0, x=0.0)) == pytest.approx(math.pi / 2)      # atan2(1, 0)
    assert float(tf.math.atan2(x=1.0, y=0.0)) == 0.0
    assert float(tf.nn.softplus(features=0.0)) == pytest.approx(math.log(2.0))
    assert tf.math.softplus is tf.nn.softplus
    for f, first in [(tf.math.sin, "x"), (tf.math.pow, "x"), (tf.nn.relu, "features"),
                     (tf.nn.elu, "features"), (tf.nn.softmax, "logits")]:
        assert list(inspect.signature(f).parameters)[0] == first
    with pytest.raises(TypeError):
        tf.math.atan2(1.0, x=2.0, y=3.0)
