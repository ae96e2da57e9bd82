"""The TensorFlow-style API: Tensor, Variable, constant, GradientTape options,
gradient structure, output_gradients, unconnected sources, jacobian,
stop_recording, reset, watched_variables, nested tapes, stop_gradient."""
import math
import warnings

import numpy as np
import pytest

import dualtape as tf
import dualtape.numpy as dnp


def test_tensor_behaves_like_its_value():
    v = tf.Variable(np.arange(6.0).reshape(2, 3))
    with tf.GradientTape():
        y = v * 2.0
    assert isinstance(y, tf.Tensor)
    assert (y.shape, y.ndim, y.size, y.dtype, len(y)) == ((2, 3), 2, 6, np.float64, 2)
    np.testing.assert_array_equal(y.numpy(), np.arange(6.0).reshape(2, 3) * 2)
    np.testing.assert_array_equal(y.T.numpy(), (np.arange(6.0).reshape(2, 3) * 2).T)
    np.testing.assert_array_equal([r.numpy() for r in y], [[0, 2, 4], [6, 8, 10]])
    np.testing.assert_array_equal(y.sum(axis=1).numpy(), [6.0, 24.0])
    np.testing.assert_array_equal(y.reshape(-1).numpy(), [0, 2, 4, 6, 8, 10])
    assert y.max().numpy() == 10.0 and y.min().numpy() == 0.0 and y.mean().numpy() == 5.0
    np.testing.assert_array_equal(y.dot(np.ones(3)).numpy(), [6.0, 24.0])
    assert y.astype(np.float32).dtype == np.float32
    np.testing.assert_array_equal(y > 4.0, [[False, False, False], [True, True, True]])


def test_tensor_methods_are_differentiable():
    v = tf.Variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with tf.GradientTape() as tape:
        y = v.T.reshape(-1).dot(np.arange(4.0)) + v.max() + v.mean(axis=0).sum()
    # d/dv of sum(v.T.ravel() * [0,1,2,3]) is [[0,2],[1,3]]; max -> 1 at (1,1); mean over rows -> 0.5
    np.testing.assert_allclose(tape.gradient(y, v).numpy(),
                               np.array([[0.0, 2.0], [1.0, 3.0]]) + np.array([[0, 0], [0, 1.0]]) + 0.5)


def test_variable_assign_assign_add_assign_sub_keep_shape_and_dtype():
    v = tf.Variable(np.array([1.0, 2.0]))
    assert v.assign([3.0, 4.0]) is v
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])
    v.assign_add(np.array([1.0, 1.0]))
    v.assign_sub(tf.constant([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [3.5, 4.5])
    assert v.shape == (2,) and v.dtype == np.float64
    with pytest.raises(ValueError, match=r"shape \(3,\) to a variable of shape \(2,\)"):
        v.assign(np.ones(3))


def test_reads_of_a_variable_before_and_after_assign_both_count_towards_its_gradient():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        a = v * v               # read at 2: d/dv = 4
        v.assign(5.0)
        b = v * v               # read at 5: d/dv = 10
        c = a + b
    assert tape.gradient(a, v).numpy() == 4.0
    assert tape.gradient(b, v).numpy() == 10.0
    assert tape.gradient(c, v).numpy() == 14.0


def test_untrainable_variable_is_not_watched():
    v = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None and tape.watched_variables() == ()


def test_constant_is_watched_only_after_tape_watch():
    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = c * c
    assert tape.gradient(y, c) is None
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * c
    assert tape.gradient(y, c).numpy() == 6.0


def test_watch_accessed_variables_false_watches_only_what_is_watched():
    v, w = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(w)
        y = v * w
    assert tape.gradient(y, v) is None and tape.gradient(y, w).numpy() == 2.0
    assert tape.watched_variables() == (w,)


def test_watched_variables_lists_variables_in_the_order_first_read():
    a, b, c = tf.Variable(1.0), tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        _ = b * a + b
    assert tape.watched_variables() == (b, a)
    del c


def test_gradient_result_mirrors_the_structure_of_sources():
    x, y = tf.Variable(np.array([1.0, 2.0])), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        z = (x * x).sum() * y
    single = tape.gradient(z, x)
    as_list = tape.gradient(z, [x, y])
    as_tuple = tape.gradient(z, (y, x))
    nested = tape.gradient(z, {"w": [x, (y,)], "b": y})
    np.testing.assert_array_equal(single.numpy(), [6.0, 12.0])       # 2 x y
    assert isinstance(as_list, list) and as_list[1].numpy() == 5.0   # sum x^2
    assert isinstance(as_tuple, tuple) and as_tuple[0].numpy() == 5.0
    assert set(nested) == {"w", "b"} and isinstance(nested["w"][1], tuple)
    np.testing.assert_array_equal(nested["w"][0].numpy(), [6.0, 12.0])
    assert nested["w"][1][0].numpy() == 5.0 and nested["b"].numpy() == 5.0


def test_non_scalar_target_is_summed_and_output_gradients_weight_it():
    x = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        y = x * x
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(y, x, output_gradients=np.array([1.0, 10.0])).numpy(),
                                  [2.0, 40.0])
    with pytest.raises(ValueError, match=r"output_gradients has shape \(3,\) but the target has shape \(2,\)"):
        tape.gradient(y, x, output_gradients=np.ones(3))


def test_unconnected_source_gives_none_or_zeros_when_asked():
    x, u = tf.Variable(np.array([1.0, 2.0])), tf.Variable(np.ones((2, 2)))
    with tf.GradientTape() as tape:
        y = (x * x).sum()
    assert tape.gradient(y, u) is None
    np.testing.assert_array_equal(tape.gradient(y, u, unconnected_gradients="zero").numpy(), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="'none' or 'zero'"):
        tape.gradient(y, u, unconnected_gradients="zeros")


def test_integer_variable_source_gives_none_with_a_warning():
    i, x = tf.Variable(3), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = i * x
    with pytest.warns(UserWarning, match="integer type"):
        g = tape.gradient(y, [i, x])
    assert g[0] is None and g[1].numpy() == 3.0


def test_tape_jacobian_matches_the_closed_form():
    x = tf.Variable(np.array([0.5, -1.0]))
    with tf.GradientTape() as tape:
        y = dnp.sin(x) * x[::-1]
    # y0 = sin(x0) x1, y1 = sin(x1) x0
    x0, x1 = 0.5, -1.0
    expected = np.array([[math.cos(x0) * x1, math.sin(x0)], [math.sin(x1), math.cos(x1) * x0]])
    np.testing.assert_allclose(tape.jacobian(y, x).numpy(), expected, rtol=1e-15)


def test_stop_recording_makes_values_constants_for_the_tape():
    x = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        a = x * 2.0
        with tape.stop_recording():
            b = a * 3.0             # b = 6 x, but not recorded
        c = (b * x).sum()
    np.testing.assert_array_equal(tape.gradient(c, x).numpy(), [6.0, 12.0])


def test_reset_forgets_earlier_records():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        _ = x * x
        tape.reset()
        y = x * 5.0
    assert len(tape.records) == 1 and tape.gradient(y, x).numpy() == 5.0


@pytest.mark.parametrize("persistent", [False, True])
def test_gradient_may_be_asked_twice_of_any_tape(persistent):
    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=persistent) as tape:
        y = x ** 2
    assert tape.gradient(y, x).numpy() == 6.0
    assert tape.gradient(y, x).numpy() == 6.0


def test_gradient_with_respect_to_an_intermediate_tensor():
    x = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        a = x * 2.0
        b = (a * a).sum()
    np.testing.assert_array_equal(tape.gradient(b, a).numpy(), [4.0, 8.0])        # 2 a
    np.testing.assert_array_equal(tape.gradient(b, x).numpy(), [8.0, 16.0])       # 8 x


def _nested_derivatives(f, x0, order):
    x = tf.Variable(x0)
    tapes = [tf.GradientTape() for _ in range(order)]
    for t in tapes:
        t.__enter__()
    y = f(x)
    out = []
    for t in reversed(tapes):
        t.__exit__(None, None, None)
        y = t.gradient(y, x)
        out.append(y.numpy())
    return out


def test_nested_tapes_give_third_and_fourth_derivatives_of_x_cubed():
    # d/dx x^3 = 3x^2, 6x, 6, 0 at x = 2
    assert _nested_derivatives(lambda x: x ** 3, 2.0, 4) == [12.0, 12.0, 6.0, 0.0]


def test_nested_tapes_give_four_derivatives_of_sin():
    x0 = 1.3
    got = _nested_derivatives(dnp.sin, x0, 4)
    np.testing.assert_allclose(got, [math.cos(x0), -math.sin(x0), -math.cos(x0), math.sin(x0)], rtol=1e-15)


def test_stop_gradient_blocks_the_derivative_in_the_tape():
    x = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        y = (x * tf.stop_gradient(x)).sum()
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1.0, 2.0])


def test_nested_tape_gradient_has_no_perturbation_confusion():
    # d/dx [x * d/dy (x + y)] = 1
    x = tf.Variable(1.0)
    with tf.GradientTape() as outer:
        y = tf.Variable(1.0)
        with tf.GradientTape() as inner:
            z = x + y
        w = x * inner.gradient(z, y)
    assert outer.gradient(w, x).numpy() == 1.0
