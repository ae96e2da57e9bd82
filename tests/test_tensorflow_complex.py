"""TensorFlow's names on complex values (dualtape/tensorflow/complex_numbers.py, tf.abs,
tf.cast): TensorFlow's dtypes and values, and GradientTape's conjugate convention through
them, checked against finite differences in the real and imaginary directions."""
import numpy as np
import pytest

import dualtape as tf

Z = np.array([3.0 + 4.0j, -1.0 + 0.5j, 0.2 - 2.0j])


def test_complex_pairs_float32_and_float64_and_refuses_other_dtypes():
    z32 = tf.complex(tf.constant([1.0, 2.0], dtype=tf.float32), tf.constant([3.0, 4.0],
                                                                          dtype=tf.float32))
    assert z32.dtype == tf.complex64
    np.testing.assert_array_equal(z32.numpy(), np.array([1 + 3j, 2 + 4j], dtype=np.complex64))
    assert tf.complex(1.0, -2.0).dtype == tf.complex128 and tf.complex(1.0, -2.0).numpy() == 1 - 2j
    np.testing.assert_array_equal(tf.complex([1.0, 2.0], 0.5).numpy(), [1 + 0.5j, 2 + 0.5j])
    with pytest.raises(TypeError, match="both float32 or both float64"):
        tf.complex(tf.constant(1.0, dtype=tf.float32), 2.0)
    with pytest.raises(TypeError, match="int64"):
        tf.complex(1, 2)


def test_real_imag_conj_angle_and_abs_of_complex_tensors_are_numpys():
    z = tf.constant(Z.astype(np.complex64))
    for name, expected in [("real", Z.real), ("imag", Z.imag), ("angle", np.angle(Z)),
                           ("abs", np.abs(Z))]:
        out = getattr(tf.math, name)(z)
        assert out.dtype == tf.float32, name             # the real dtype of complex64
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    assert tf.math.conj(z).dtype == tf.complex64
    np.testing.assert_array_equal(tf.math.conj(z).numpy(), np.conj(Z.astype(np.complex64)))
    assert tf.abs is tf.math.abs


def test_on_real_tensors_they_follow_tensorflow():
    x = tf.constant([-2.0, -0.0, 0.0, 1.5])
    np.testing.assert_array_equal(tf.math.real(x).numpy(), x.numpy())
    np.testing.assert_array_equal(tf.math.conj(x).numpy(), x.numpy())
    np.testing.assert_array_equal(tf.math.imag(x).numpy(), np.zeros(4))
    # TensorFlow: π where x < 0 (so not at -0.0, where NumPy's angle gives π), 0 elsewhere
    np.testing.assert_array_equal(tf.math.angle(x).numpy(), [np.pi, 0.0, 0.0, 0.0])


def test_cast_between_real_and_complex_dtypes():
    z = tf.constant(Z)
    np.testing.assert_array_equal(tf.cast(z, tf.float64).numpy(), Z.real)   # the real part
    assert tf.cast(z, tf.float32).dtype == tf.float32
    np.testing.assert_array_equal(tf.cast(z, tf.int32).numpy(), [3, -1, 0])
    np.testing.assert_array_equal(tf.cast(tf.constant([0j, 1j]), tf.bool).numpy(), [False, True])
    w = tf.cast(tf.constant([1.5, -2.0], dtype=tf.float32), tf.complex64)
    assert w.dtype == tf.complex64
    np.testing.assert_array_equal(w.numpy(), [1.5 + 0j, -2 + 0j])


def _tensorflow_gradient_by_differences(loss, z, h=1e-6):
    """TensorFlow's gradient of a real loss of complex z, ∂L/∂Re z + i·∂L/∂Im z, by central
    differences of the loss evaluated on plain values."""
    grad = np.zeros_like(z)
    for k in range(z.size):
        e = np.zeros_like(z)
        e[k] = h
        d_re = (loss(z + e) - loss(z - e)) / (2 * h)
        d_im = (loss(z + 1j * e) - loss(z - 1j * e)) / (2 * h)
        grad[k] = d_re + 1j * d_im
    return grad


LOSSES = {
    "|z|² by conj": lambda z: tf.reduce_sum(tf.math.real(z * tf.math.conj(z))),
    "abs": lambda z: tf.reduce_sum(tf.abs(z)),
    "angle and imag": lambda z: tf.reduce_sum(tf.math.angle(z) + tf.math.imag(z) ** 2),
    "cast to float": lambda z: tf.reduce_sum(3.0 * tf.cast(z, tf.float64) ** 2),
    "rebuilt by complex": lambda z: tf.reduce_sum(tf.abs(tf.complex(tf.math.real(z) ** 2,
                                                                   tf.math.imag(z))) ** 2),
}


@pytest.mark.parametrize("name", LOSSES)
def test_a_complex_variables_gradient_is_tensorflows_conjugate_convention(name):
    loss = LOSSES[name]
    z = tf.Variable(Z)
    with tf.GradientTape() as tape:
        value = loss(z)
    expected = _tensorflow_gradient_by_differences(lambda v: loss(tf.constant(v)).numpy(), Z)
    np.testing.assert_allclose(tape.gradient(value, z).numpy(), expected, rtol=1e-7)


def test_the_real_variables_of_tf_complex_get_the_real_and_imaginary_parts_of_its_gradient():
    x, y = tf.Variable([3.0, -1.0]), tf.Variable([4.0, 0.5])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.abs(tf.complex(x, y)))
    gx, gy = tape.gradient(loss, [x, y])
    r = np.hypot([3.0, -1.0], [4.0, 0.5])                  # d|x + iy|/dx = x/r, d/dy = y/r
    np.testing.assert_allclose(gx.numpy(), [3.0 / r[0], -1.0 / r[1]], rtol=1e-15)
    np.testing.assert_allclose(gy.numpy(), [4.0 / r[0], 0.5 / r[1]], rtol=1e-15)


def test_a_holomorphic_target_gives_the_conjugate_derivative_as_tensorflow():
    z = tf.Variable(1.0 + 2.0j)
    with tf.GradientTape() as tape:
        w = tf.math.conj(tf.math.conj(z)) ** 3            # z³ through conj twice
    assert tape.gradient(w, z).numpy() == pytest.approx(np.conj(3 * (1 + 2j) ** 2), rel=1e-15)
