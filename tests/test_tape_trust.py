"""GradientTape answers what TensorFlow's tape answers, or raises and names the fix:
a Variable that is its own target, a None target, re-entering a tape, gradients asked
inside a persistent tape's own context, float32 and
float16 cotangents, watch_accessed_variables, jacobian's options and unconnected
sources, and batch_jacobian."""
import numpy as np
import pytest

import dualtape as tf
import dualtape.numpy as dnp


# --- a Variable that is itself the target -----------------------------------------------------

def test_a_variable_returned_as_the_target_has_gradient_one_and_the_other_none():
    # TensorFlow's autodiff guide, "Control flow": result = v0 on one branch gives
    # dv0 = 1.0 (d v0 / d v0) and dv1 = None (v1 was not used).
    x = tf.constant(1.0)
    v0, v1 = tf.Variable(2.0), tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        result = v0 if x > 0.0 else v1 ** 2
    dv0, dv1 = tape.gradient(result, [v0, v1])
    assert dv0.numpy() == 1.0 and dv1 is None


def test_a_variable_target_is_weighted_by_output_gradients():
    # d sum(w * v) / dv = w, so the output gradients come back unchanged
    v = tf.Variable(np.array([2.0, 3.0]))
    with tf.GradientTape() as tape:
        result = v
    np.testing.assert_array_equal(
        tape.gradient(result, v, output_gradients=np.array([5.0, 7.0])).numpy(), [5.0, 7.0])


def test_a_variable_target_has_the_identity_as_jacobian():
    # d v / d v is the 2x2 identity; d v / d w is unconnected: None, as in TensorFlow
    v, w = tf.Variable(np.array([2.0, 3.0])), tf.Variable(1.0)
    with tf.GradientTape() as tape:
        result = v
    jv, jw = tape.jacobian(result, [v, w])
    np.testing.assert_array_equal(jv.numpy(), np.eye(2))
    assert jw is None


def test_a_watched_constant_target_and_a_variable_read_on_the_tape_also_give_one():
    c, v = tf.constant(4.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = v * 2.0              # v is read: its source node is the target below
    assert tape.gradient(c, c).numpy() == 1.0
    assert tape.gradient(v, v).numpy() == 1.0
    assert tape.gradient(y, v).numpy() == 2.0


# --- a None target -----------------------------------------------------------------------------

def test_a_none_target_raises_as_tensorflow_does():
    # TensorFlow raises TypeError "Argument `target` should be a list or nested structure ..."
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        _ = x * x
    with pytest.raises(TypeError,
                       match=r"GradientTape.gradient: the target is None.*tape.gradient\(loss, w\)"):
        tape.gradient(None, x)
    with pytest.raises(TypeError, match=r"GradientTape.jacobian: the target is None"):
        tape.jacobian(None, x)


# --- a tape entered inside itself ---------------------------------------------------------------

def test_entering_a_tape_inside_itself_raises_as_tensorflow_does():
    # TensorFlow: ValueError "Tape is still recording, This can happen if you try to
    # re-enter an already-active tape."
    x = tf.Variable(3.0)
    tape = tf.GradientTape()
    with tape:
        with pytest.raises(ValueError, match=r"already recording; a tape cannot be entered inside itself"):
            with tape:
                pass
        with tape.stop_recording():
            with pytest.raises(ValueError, match=r"cannot be entered inside itself"):
                tape.__enter__()
        y = x * x                   # the tape still records after the refusals
    assert tape.gradient(y, x).numpy() == 6.0          # d x^2 / dx at 3


def test_a_tape_may_be_entered_again_after_it_stopped():
    x = tf.Variable(3.0)
    tape = tf.GradientTape(persistent=True)
    with tape:
        a = x * x
    with tape:
        b = a * x                   # x^3
    assert tape.gradient(b, x).numpy() == 27.0         # 3 x^2 at 3


# --- gradient inside a persistent tape's own context ----------------------------------------------
# TensorFlow records what tape.gradient computes when a persistent tape is asked inside its
# own `with` block (with a warning that it is slower), so the same tape, or an outer one,
# differentiates it again.  For y = x³ at x = 2: y' = 3x² = 12, y'' = 6x = 12 (TensorFlow's
# answer for this program), and the third derivative is 6.

def test_gradient_inside_a_persistent_tapes_context_is_recorded_on_that_tape():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as t:
        y = x ** 3
        g = t.gradient(y, x)
        h = t.gradient(g, x)
    assert g.numpy() == 12.0 and h.numpy() == 12.0
    assert t.gradient(g, x).numpy() == 12.0           # asked again after the block: 6x
    assert t.gradient(h, x).numpy() == 6.0            # the third derivative


def test_gradient_inside_a_persistent_inner_tape_is_also_seen_by_an_outer_tape():
    # y = x sin x: y' = sin x + x cos x, y'' = 2 cos x - x sin x (at x = 2)
    x = tf.Variable(2.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape(persistent=True) as inner:
            y = dnp.sin(x) * x
            g = inner.gradient(y, x)
    np.testing.assert_allclose(g.numpy(), np.sin(2.0) + 2.0 * np.cos(2.0), rtol=1e-15)
    second = 2.0 * np.cos(2.0) - 2.0 * np.sin(2.0)
    np.testing.assert_allclose(inner.gradient(g, x).numpy(), second, rtol=1e-14)
    np.testing.assert_allclose(outer.gradient(g, x).numpy(), second, rtol=1e-14)


def test_a_jacobian_inside_a_persistent_tapes_context_is_recorded_too():
    # d(v²)/dv = diag(2v); the gradient of the sum of its entries is 2 for each v_i
    v = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape(persistent=True) as t:
        J = t.jacobian(v ** 2, v)
    np.testing.assert_array_equal(J.numpy(), [[2.0, 0.0], [0.0, 4.0]])
    np.testing.assert_array_equal(t.gradient(J, v).numpy(), [2.0, 2.0])


def test_gradient_under_stop_recording_or_of_a_non_persistent_tape_is_a_plain_value():
    # stop_recording pauses the tape, as in TensorFlow: the gradient is a constant for it
    v = tf.Variable(np.array([1.0, 2.0]))
    with tf.GradientTape(persistent=True) as t:
        y = dnp.sum(v ** 3)
        with t.stop_recording():
            g = t.gradient(y, v)
    assert t.gradient(g, v) is None
    # a non-persistent tape is not recorded either (TensorFlow stops such a tape there): the
    # usual `grads = tape.gradient(loss, w)` inside the block gives plain numbers, 3 v²
    with tf.GradientTape() as t:
        loss = dnp.sum(v ** 3)
        grads = t.gradient(loss, v)
        assert float(grads[1]) == 12.0 and f"{grads[0]:.1f}" == "3.0"


# --- dtypes: a float32 program is differentiated in float32 -------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_tape_gradients_and_jacobians_keep_float32_and_float16(dtype):
    x = tf.Variable(np.array([1.0, 2.0], dtype=dtype))
    unused = tf.Variable(np.array([0.0, 0.0, 0.0], dtype=dtype))
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
    g = tape.gradient(y, x)                              # 2x = [2, 4]
    assert g.dtype == dtype
    np.testing.assert_array_equal(g.numpy(), np.array([2.0, 4.0], dtype=dtype))
    j = tape.jacobian(y, x)                              # diag(2x)
    assert j.dtype == dtype
    np.testing.assert_array_equal(j.numpy(), np.diag([2.0, 4.0]).astype(dtype))
    z = tape.gradient(y, unused, unconnected_gradients="zero")
    assert z.dtype == dtype and z.shape == (3,)


def test_jacobian_errors_name_gradient_tape_jacobian():
    n = tf.Variable(np.array([1, 2]))
    with tf.GradientTape() as tape:
        y = n * 2.0
    with pytest.warns(UserWarning, match="integer type"), \
            pytest.raises(TypeError,
                          match=r"GradientTape.jacobian: source 0 \(shape \(2,\)\) has no derivative"):
        tape.jacobian(y, n)


# --- TensorFlow's spellings ----------------------------------------------------------------------

def test_watch_accessed_variables_false_makes_only_watched_values_sources():
    # TensorFlow's autodiff guide: with x1 watched and x0 not, d/dx0 is None and
    # d softplus(x1)/dx1 = sigmoid(10) = 1 / (1 + e^-10) = 0.9999546021312976
    x0, x1 = tf.Variable(0.0), tf.Variable(10.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x1)
        ys = dnp.sum(dnp.sin(x0) + dnp.log1p(dnp.exp(x1)))
    grad = tape.gradient(ys, {"x0": x0, "x1": x1})
    assert grad["x0"] is None
    assert grad["x1"].numpy() == pytest.approx(0.9999546021312976, rel=1e-15)
    assert tape.watched_variables() == (x1,)


def test_jacobian_accepts_and_ignores_tensorflows_vectorisation_options():
    x = tf.Variable(np.array([1.0, 2.0, 3.0]))
    with tf.GradientTape(persistent=True) as tape:
        y = x ** 3
    expected = np.diag(3.0 * np.array([1.0, 2.0, 3.0]) ** 2)      # d x^3 / dx = 3 x^2
    for use_pfor in (True, False):
        np.testing.assert_array_equal(
            tape.jacobian(y, x, experimental_use_pfor=use_pfor, parallel_iterations=4).numpy(), expected)


def test_an_unconnected_source_in_jacobian_is_none_or_zeros_as_asked():
    # TensorFlow: UnconnectedGradients.NONE gives None, ZERO gives zeros of shape
    # target.shape + source.shape
    v0, v1 = tf.Variable(np.array([1.0, 2.0])), tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = v0 * 2.0
    j0, j1 = tape.jacobian(y, [v0, v1])
    np.testing.assert_array_equal(j0.numpy(), 2.0 * np.eye(2))
    assert j1 is None
    j0, j1 = tape.jacobian(y, [v0, v1], unconnected_gradients="zero")
    np.testing.assert_array_equal(j1.numpy(), np.zeros(2))
    assert tape.gradient(y, [v0, v1], unconnected_gradients="zero")[1].numpy() == 0.0


def test_a_source_reached_by_some_rows_only_has_zero_rows_not_none():
    a, b = tf.Variable(2.0), tf.Variable(5.0)
    with tf.GradientTape() as tape:
        y = dnp.stack([a * a, a * b])           # row 0 does not depend on b
    ja, jb = tape.jacobian(y, [a, b])
    np.testing.assert_array_equal(ja.numpy(), [4.0, 5.0])   # [2a, b]
    np.testing.assert_array_equal(jb.numpy(), [0.0, 2.0])   # [0, a]


def _per_example(x):
    """target[i] = [x_i0 x_i1, sin x_i0, x_i1^2]: example i depends on x[i] only."""
    return dnp.stack([x[:, 0] * x[:, 1], dnp.sin(x[:, 0]), x[:, 1] ** 2], axis=1)


def test_batch_jacobian_equals_the_per_example_blocks_of_the_full_jacobian():
    rng = np.random.default_rng(3)
    x = tf.Variable(rng.normal(size=(4, 2)))
    with tf.GradientTape(persistent=True) as tape:
        y = _per_example(x)
    bj = tape.batch_jacobian(y, x).numpy()
    full = tape.jacobian(y, x).numpy()                     # shape (4, 3, 4, 2)
    assert bj.shape == (4, 3, 2)
    for i in range(4):
        np.testing.assert_array_equal(bj[i], full[i, :, i, :])
    x0, x1 = x.numpy()[1]
    np.testing.assert_allclose(bj[1], [[x1, x0], [np.cos(x0), 0.0], [0.0, 2.0 * x1]], rtol=1e-15)


def test_batch_jacobian_with_more_axes_and_its_errors():
    rng = np.random.default_rng(4)
    x = tf.Variable(rng.normal(size=(3, 2, 2)))
    w = tf.Variable(1.0)
    with tf.GradientTape(persistent=True) as tape:
        y = dnp.matmul(x, x)                     # per example: a 2x2 matrix square
    bj = tape.batch_jacobian(y, x).numpy()
    full = tape.jacobian(y, x).numpy()           # (3, 2, 2, 3, 2, 2)
    assert bj.shape == (3, 2, 2, 2, 2)
    for i in range(3):
        np.testing.assert_array_equal(bj[i], full[i, :, :, i])
    assert tape.batch_jacobian(y, tf.Variable(np.ones((3, 1)))) is None
    with pytest.raises(ValueError, match=r"target shape \(3, 2, 2\) and source shape \(\) need a first"):
        tape.batch_jacobian(y, w)
    z = tape.batch_jacobian(y, tf.Variable(np.ones((3, 5))), unconnected_gradients="zero")
    np.testing.assert_array_equal(z.numpy(), np.zeros((3, 2, 2, 5)))
