"""``tf.random``: TensorFlow's seeding rules (global seed, operation seeds),
shapes and dtypes, and the distributions' moments on many samples."""
import numpy as np
import pytest

import dualtape as tf


def test_set_seed_makes_the_sequence_of_draws_repeatable():
    tf.random.set_seed(5)
    first = [tf.random.normal([3]).numpy(), tf.random.uniform([2]).numpy()]
    tf.random.set_seed(5)
    again = [tf.random.normal([3]).numpy(), tf.random.uniform([2]).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], tf.random.normal([3]).numpy())     # the sequence moves on
    tf.random.set_seed(6)
    assert not np.array_equal(first[0], tf.random.normal([3]).numpy())


def test_an_operation_seed_has_a_sequence_of_its_own():
    tf.random.set_seed(1)
    a1 = tf.random.normal([2], seed=42).numpy()
    a2 = tf.random.normal([2], seed=42).numpy()
    assert not np.array_equal(a1, a2)                # successive calls differ, as in TensorFlow
    tf.random.set_seed(1)
    tf.random.normal([10])                           # other draws do not disturb seed 42's sequence
    np.testing.assert_array_equal(tf.random.normal([2], seed=42).numpy(), a1)
    tf.random.set_seed(2)
    assert not np.array_equal(tf.random.normal([2], seed=42).numpy(), a1)


def test_shapes_and_dtypes():
    assert tf.random.normal((3, 2)).shape == (3, 2)
    assert tf.random.normal([7, 5]).dtype == tf.float64
    assert tf.random.normal([2], dtype=tf.float32).dtype == tf.float32
    assert tf.random.uniform(tf.TensorShape([4])).shape == (4,)
    assert isinstance(tf.random.normal([1]), tf.Tensor)
    with pytest.raises(ValueError, match="float"):
        tf.random.normal([2], dtype=tf.int32)


def test_normal_has_the_requested_mean_and_standard_deviation():
    tf.random.set_seed(0)
    z = tf.random.normal([40000], mean=3.0, stddev=0.5).numpy()
    # standard errors: 0.5 / 200 for the mean, about 0.5 / 283 for the deviation
    assert abs(z.mean() - 3.0) < 0.01 and abs(z.std() - 0.5) < 0.01


def test_uniform_bounds_and_moments():
    tf.random.set_seed(0)
    u = tf.random.uniform([40000], minval=-2.0, maxval=4.0).numpy()
    assert u.min() >= -2.0 and u.max() < 4.0
    assert abs(u.mean() - 1.0) < 0.05 and abs(u.var() - 3.0) < 0.1       # (b - a)^2 / 12 = 3
    unit = tf.random.uniform([1000]).numpy()
    assert unit.min() >= 0.0 and unit.max() < 1.0
    k = tf.random.uniform([1000], minval=2, maxval=5, dtype=tf.int32).numpy()
    assert k.dtype == np.int32 and set(np.unique(k)) == {2, 3, 4}
    with pytest.raises(ValueError, match="maxval"):
        tf.random.uniform([3], dtype=tf.int64)


def test_truncated_normal_stays_within_two_deviations():
    tf.random.set_seed(0)
    t = tf.random.truncated_normal([20000], mean=1.0, stddev=2.0).numpy()
    assert np.abs(t - 1.0).max() <= 4.0
    # a standard normal truncated to [-2, 2] has variance 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.7737
    assert abs(((t - 1.0) / 2.0).var() - 0.7737) < 0.02


def test_shuffle_permutes_the_first_axis():
    x = np.arange(12.0).reshape(6, 2)
    tf.random.set_seed(3)
    s = tf.random.shuffle(x).numpy()
    assert sorted(map(tuple, s)) == sorted(map(tuple, x)) and not np.array_equal(s, x)
