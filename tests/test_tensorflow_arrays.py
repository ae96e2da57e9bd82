"""TensorFlow's creation, shape and reduction functions: values against NumPy,
TensorFlow's argument forms (axis lists, perm=, paddings, tensors as sizes), and
tape Jacobians against central finite differences."""
import numpy as np
import pytest

import dualtape as tf
import dualtape.tensorflow as dtf
from conftest import numeric_jacobian

RNG = np.random.default_rng(12)
X = RNG.standard_normal((2, 3))


def tape_jacobian(fn, x):
    """d fn(x) / dx recorded by a GradientTape watching a constant x."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.jacobian(y, x).numpy()


def assert_jacobian_matches_finite_differences(fn, x):
    jac = tape_jacobian(fn, x)
    fd = numeric_jacobian(lambda a: fn(a).numpy(), x)
    np.testing.assert_allclose(jac, fd, rtol=1e-6, atol=1e-8)


# --- creation ---------------------------------------------------------------------------

def test_creation_functions_give_numpys_values_as_constant_tensors():
    assert isinstance(tf.zeros([2, 3]), tf.Tensor)
    np.testing.assert_array_equal(tf.zeros([2, 3]).numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(tf.ones(tf.TensorShape([2])).numpy(), np.ones(2))
    np.testing.assert_array_equal(tf.fill([2, 1], 2.5).numpy(), [[2.5], [2.5]])
    np.testing.assert_array_equal(tf.zeros_like(X).numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(tf.ones_like([1, 2], dtype=tf.float32).numpy(), [1.0, 1.0])
    assert tf.ones_like([1, 2]).dtype == tf.int64
    np.testing.assert_array_equal(tf.eye(3).numpy(), np.eye(3))
    np.testing.assert_array_equal(tf.eye(2, 3, batch_shape=[4]).numpy(),
                                  np.broadcast_to(np.eye(2, 3), (4, 2, 3)))
    np.testing.assert_array_equal(tf.range(2, 11, 3).numpy(), [2, 5, 8])
    np.testing.assert_allclose(tf.range(0.0, 1.0, 0.25).numpy(), [0.0, 0.25, 0.5, 0.75])
    np.testing.assert_array_equal(tf.one_hot([0, 2, 5], 3).numpy(), [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    np.testing.assert_array_equal(tf.one_hot([1], 2, on_value=5.0, off_value=-1.0, axis=0).numpy(),
                                  [[-1.0], [5.0]])
    with pytest.raises(ValueError, match="scalar"):
        tf.fill([2], [1.0, 2.0])


def test_linspace_includes_both_ends_and_is_differentiable_in_them():
    np.testing.assert_allclose(tf.linspace(-10.0, 10.0, 201).numpy(), np.linspace(-10.0, 10.0, 201))
    a, b = tf.Variable(1.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf.linspace(a, b, 5))     # sum_k a + (b - a) k / 4, k = 0..4
    da, db = tape.gradient(total, [a, b])
    assert float(da) == pytest.approx(2.5) and float(db) == pytest.approx(2.5)
    stacked = tf.linspace([0.0, 10.0], [1.0, 20.0], 3, axis=1)
    np.testing.assert_allclose(stacked.numpy(), [[0.0, 0.5, 1.0], [10.0, 15.0, 20.0]])


# --- shapes ------------------------------------------------------------------------------

def test_reshape_accepts_tensors_in_the_shape():
    n = tf.reduce_prod(tf.TensorShape([2, 3]))
    assert int(n) == 6
    np.testing.assert_array_equal(tf.reshape(X, [n, 1]).numpy(), X.reshape(6, 1))
    np.testing.assert_array_equal(tf.reshape(X, [-1]).numpy(), X.ravel())
    assert_jacobian_matches_finite_differences(lambda x: tf.reshape(x, [3, 2]) ** 2, X)


def test_transpose_with_perm_and_by_default_reversed():
    a = RNG.standard_normal((2, 3, 4, 5))
    np.testing.assert_array_equal(tf.transpose(a, perm=[1, 0, 3, 2]).numpy(), a.transpose(1, 0, 3, 2))
    np.testing.assert_array_equal(tf.transpose(a).numpy(), a.transpose())
    weights = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert_jacobian_matches_finite_differences(lambda x: tf.transpose(x, [1, 0]) * weights, X)


def test_pad_constant_reflect_and_symmetric():
    pads = [[1, 0], [0, 2]]
    np.testing.assert_array_equal(tf.pad(X, pads, constant_values=-3.0).numpy(),
                                  np.pad(X, pads, constant_values=-3.0))
    np.testing.assert_array_equal(tf.pad(X, [[1, 1], [2, 2]], mode="REFLECT").numpy(),
                                  np.pad(X, [[1, 1], [2, 2]], mode="reflect"))
    np.testing.assert_array_equal(tf.pad(X, [[1, 1], [1, 1]], mode="symmetric").numpy(),
                                  np.pad(X, [[1, 1], [1, 1]], mode="symmetric"))
    assert_jacobian_matches_finite_differences(lambda x: tf.pad(x, pads, constant_values=1.0) ** 2, X)
    assert_jacobian_matches_finite_differences(lambda x: tf.pad(x, [[1, 1], [2, 2]], mode="REFLECT") ** 2, X)
    with pytest.raises(ValueError, match="mode"):
        tf.pad(X, pads, mode="EDGE")


def test_pad_with_a_tensor_constant_value_as_the_guides_do():
    lim = tf.reduce_max(abs(tf.constant(X)))
    padded = tf.pad(X, [[0, 0], [1, 1]], constant_values=-lim)
    assert padded.shape == (2, 5)
    np.testing.assert_array_equal(padded.numpy()[:, 0], [-np.abs(X).max()] * 2)


def test_concat_stack_unstack():
    a, b = X, 2 * X
    np.testing.assert_array_equal(tf.concat([a, b], axis=1).numpy(), np.concatenate([a, b], 1))
    np.testing.assert_array_equal(tf.stack([a, b], axis=-1).numpy(), np.stack([a, b], -1))
    parts = tf.unstack(X, axis=1)
    assert len(parts) == 3
    for k, p in enumerate(parts):
        np.testing.assert_array_equal(p.numpy(), X[:, k])
    with pytest.raises(ValueError, match="num=2"):
        tf.unstack(X, num=2, axis=1)
    assert_jacobian_matches_finite_differences(lambda x: tf.concat([x, x * x], 0), X)
    assert_jacobian_matches_finite_differences(
        lambda x: tf.unstack(x, axis=1)[2] * tf.stack([x[1, 0], x[0, 1]]), X)


def test_expand_dims_squeeze_tile_broadcast_to():
    assert tf.expand_dims(X, 1).shape == (2, 1, 3) and tf.expand_dims(X, -1).shape == (2, 3, 1)
    assert tf.squeeze(np.zeros((1, 2, 1, 3))).shape == (2, 3)
    assert tf.squeeze(np.zeros((1, 2, 1, 3)), axis=[2]).shape == (1, 2, 3)
    np.testing.assert_array_equal(tf.tile(X, [2, 3]).numpy(), np.tile(X, (2, 3)))
    with pytest.raises(ValueError, match="one multiple per axis"):
        tf.tile(X, [2])
    np.testing.assert_array_equal(tf.broadcast_to([1.0, 2.0, 3.0], [2, 3]).numpy(),
                                  np.broadcast_to([1.0, 2.0, 3.0], (2, 3)))
    assert_jacobian_matches_finite_differences(lambda x: tf.tile(x, [2, 1]) ** 3, X)


def test_gather_takes_slices_and_refuses_negative_indices():
    np.testing.assert_array_equal(tf.gather(X, [2, 0, 2], axis=1).numpy(), X[:, [2, 0, 2]])
    np.testing.assert_array_equal(tf.gather(X, [1]).numpy(), X[[1]])
    with pytest.raises(IndexError, match=r"\[0, 3\)"):
        tf.gather(X, [-1], axis=1)
    # a repeated index collects its gradient twice
    jac = tape_jacobian(lambda x: tf.reduce_sum(tf.gather(x, [2, 0, 2], axis=1)), X)
    np.testing.assert_array_equal(jac, [[1.0, 0.0, 2.0], [1.0, 0.0, 2.0]])


def test_where_selects_and_with_one_argument_finds_coordinates():
    cond = X > 0
    np.testing.assert_array_equal(tf.where(cond, X, -X).numpy(), np.abs(X))
    np.testing.assert_array_equal(tf.where(cond).numpy(), np.argwhere(cond))
    assert tf.where(cond).dtype == tf.int64
    jac = tape_jacobian(lambda x: tf.where(x > 0, x, 0.0), X)
    np.testing.assert_array_equal(jac.reshape(6, 6), np.diag(cond.ravel().astype(float)))
    with pytest.raises(ValueError, match="both"):
        tf.where(cond, X)


def test_reverse_flips_the_given_axes():
    np.testing.assert_array_equal(dtf.reverse(X, [0, 1]).numpy(), X[::-1, ::-1])


# --- reductions --------------------------------------------------------------------------

@pytest.mark.parametrize("name, numpy_fn", [
    ("reduce_sum", np.sum), ("reduce_mean", np.mean), ("reduce_max", np.max),
    ("reduce_min", np.min), ("reduce_prod", np.prod), ("reduce_std", np.std),
    ("reduce_variance", np.var)])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, [0, 1], (1,)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_numpy_for_every_axis_form(name, numpy_fn, axis, keepdims):
    fn = getattr(tf.math, name)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(fn(X, axis=axis, keepdims=keepdims).numpy(),
                               numpy_fn(X, axis=np_axis, keepdims=keepdims), rtol=1e-14)


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min",
                                  "reduce_prod", "reduce_logsumexp", "reduce_std", "reduce_variance"])
def test_reduction_gradients_match_finite_differences(name):
    fn = getattr(tf.math, name)
    assert_jacobian_matches_finite_differences(lambda x: fn(x, axis=[1]), X)
    assert_jacobian_matches_finite_differences(lambda x: fn(x, axis=0, keepdims=True), X)


def test_reduce_logsumexp_is_log_of_sum_of_exp_without_overflow():
    np.testing.assert_allclose(tf.reduce_logsumexp(X, axis=1).numpy(), np.log(np.exp(X).sum(1)))
    big = tf.reduce_logsumexp([1000.0, 1000.0, 1000.0]).numpy()
    assert big == pytest.approx(1000.0 + np.log(3.0))


def test_reduce_max_ties_share_the_gradient_as_in_tensorflow():
    jac = tape_jacobian(lambda x: tf.reduce_max(x), np.array([2.0, 5.0, 5.0, 1.0]))
    np.testing.assert_array_equal(jac, [0.0, 0.5, 0.5, 0.0])


def test_integer_reductions_keep_the_dtype_and_truncate_the_mean():
    ints = np.array([[1, 2], [4, -7]], dtype=np.int32)
    assert tf.reduce_sum(ints).dtype == tf.int32 and int(tf.reduce_sum(ints)) == 0
    np.testing.assert_array_equal(tf.reduce_mean(ints, axis=0).numpy(), [2, -2])   # 5/2, -5/2 toward 0
    assert tf.reduce_mean(ints, axis=0).dtype == tf.int32
    assert int(tf.reduce_prod((5, 8))) == 40


def test_boolean_reductions_argmax_and_scans():
    b = X > 0
    np.testing.assert_array_equal(tf.reduce_all(b, axis=1).numpy(), b.all(1))
    np.testing.assert_array_equal(tf.reduce_any(b, axis=0).numpy(), b.any(0))
    np.testing.assert_array_equal(tf.argmax(X).numpy(), X.argmax(0))          # axis 0 by default
    np.testing.assert_array_equal(tf.argmin(X, axis=1).numpy(), X.argmin(1))
    assert tf.argmax(X).dtype == tf.int64
    v = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(tf.cumsum(v).numpy(), [1, 3, 6, 10])
    np.testing.assert_array_equal(tf.cumsum(v, exclusive=True).numpy(), [0, 1, 3, 6])
    np.testing.assert_array_equal(tf.cumsum(v, reverse=True).numpy(), [10, 9, 7, 4])
    np.testing.assert_array_equal(tf.cumsum(v, exclusive=True, reverse=True).numpy(), [9, 7, 4, 0])
    np.testing.assert_array_equal(tf.math.cumprod(v, exclusive=True).numpy(), [1, 1, 2, 6])
    np.testing.assert_array_equal(tf.cumsum(X, axis=1).numpy(), np.cumsum(X, 1))
    assert_jacobian_matches_finite_differences(
        lambda x: tf.cumsum(x, axis=1, exclusive=True, reverse=True), X)
    assert_jacobian_matches_finite_differences(lambda x: tf.math.cumprod(x, axis=0, exclusive=True), X)
