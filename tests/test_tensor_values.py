"""Tensors and Variables keep their values as TensorFlow does, or raise and name the fix:
assigning a float to an integer Variable, tf.constant's dtype/shape/name, plain numbers
(format, item, float) from tensors, and the copies matplotlib makes of what it plots."""
import copy

import matplotlib
import numpy as np
import pytest

import dualtape as tf

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)


# --- assigning to a Variable never truncates ----------------------------------------------------

@pytest.mark.parametrize("method, value", [("assign", 2.5), ("assign_add", 0.5), ("assign_sub", 0.5)])
def test_a_float_into_an_integer_variable_raises_and_names_the_dtypes_and_the_fix(method, value):
    # NumPy's cast would make 2.5 into 2 (and 3 + 0.5 into 3); TensorFlow refuses:
    # "Cannot convert 2.5 to EagerTensor of dtype int32".
    v = tf.Variable(3)
    with pytest.raises(TypeError, match=rf"Variable.{method}: cannot convert a float64 value to int64 "
                                        rf"without changing it.*Variable\(3.0\) rather than Variable\(3\)"):
        getattr(v, method)(value)
    assert v.numpy() == 3 and v.dtype == np.int64


def test_assigns_of_the_same_kind_keep_the_variables_dtype():
    i = tf.Variable(3)
    assert i.assign(7).numpy() == 7 and i.dtype == np.int64           # int into int
    f = tf.Variable(3.0)
    assert f.assign(2).numpy() == 2.0 and f.dtype == np.float64       # int into float, as TensorFlow
    h = tf.Variable(np.float32(1.0))
    h.assign_sub(np.float64(0.25))                                    # float64 into float32: rounded
    assert h.numpy() == np.float32(0.75) and h.dtype == np.float32


def test_a_dtype_that_would_truncate_is_refused_when_creating_tensors_too():
    # tf.constant(2.5, dtype=tf.int32) raises "Cannot convert 2.5 to EagerTensor of dtype int32"
    with pytest.raises(TypeError, match=r"constant: cannot convert a float64 value to int32"):
        tf.constant(2.5, dtype=np.int32)
    with pytest.raises(TypeError, match=r"Variable: cannot convert a float64 value to int64"):
        tf.Variable(2.5, dtype=np.int64)
    assert tf.constant(3, dtype=np.float32).numpy() == np.float32(3.0)


# --- plain numbers from tensors: only where no derivative is lost -------------------------------

def test_format_item_and_float_work_once_the_tape_has_stopped():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        loss = x * x                         # 2.0 ** 2 = 4
    assert f"{loss:.4f}" == "4.0000" and loss.item() == 4.0 and float(loss) == 4.0
    assert type(loss.item()) is float
    assert f"{tape.gradient(loss, x):.1f}" == "4.0"     # d x^2 / dx = 2 x = 4


def test_format_and_item_work_on_constants_and_variables_outside_a_recording_tape():
    c, v = tf.constant(np.array([1.5, 2.5])), tf.Variable(0.5)
    assert f"{v:.2f}" == "0.50" and v.item() == 0.5
    assert (c * 2.0).item(1) == 5.0                 # NumPy: np.array([3.0, 5.0]).item(1)
    assert f"{tf.constant(2.0) * 3.0:+.1e}" == "+6.0e+00"
    frozen = tf.Variable(1.25, trainable=False)
    with tf.GradientTape():
        # neither an untrainable Variable nor an unwatched constant is recorded
        assert f"{frozen:.2f}" == "1.25" and c.item(0) == 1.5


def test_format_item_and_float_of_a_recorded_value_raise_naming_numpy_and_stop_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape():
        y = x * x
        with pytest.raises(TypeError, match=r"format\(x, '.4f'\) of a dualtape Tensor would drop its "
                                            r"derivative.*after the `with GradientTape\(\)` block, as "
                                            r"x.numpy\(\).*stop_gradient"):
            f"{y:.4f}"
        with pytest.raises(TypeError, match=r"\.item\(\) of a dualtape Tensor would drop.*x.numpy\(\)"):
            y.item()
        with pytest.raises(TypeError, match=r"\.item\(\) of a dualtape Variable would drop"):
            x.item()
        with pytest.raises(TypeError, match=r"float\(\) of a dualtape Tensor.*stop_gradient.*\.numpy\(\)"):
            float(y)
        assert f"{y}" == repr(y)                       # showing the tensor, as print does, is fine
        assert f"{tf.stop_gradient(y):.1f}" == "4.0"   # the named way out: 2.0 ** 2


# --- TensorFlow's spellings ----------------------------------------------------------------------

def test_constant_accepts_tensorflows_name_and_shape():
    assert tf.constant(3.0, name="x3").numpy() == 3.0              # the name is accepted
    np.testing.assert_array_equal(tf.constant([1, 2, 3, 4, 5, 6], shape=(2, 3)).numpy(),
                                  np.arange(1, 7).reshape(2, 3))  # reshaped, as tf.constant does
    np.testing.assert_array_equal(tf.constant(7.0, shape=[2, 2]).numpy(), np.full((2, 2), 7.0))
    with pytest.raises(TypeError, match=r"shape \(3,\) \(3 elements\) cannot take the shape \(2, 2\)"):
        tf.constant([1.0, 2.0, 3.0], shape=(2, 2))


def test_matplotlib_plots_tensors_that_are_not_being_recorded():
    # plt.plot copies what it plots (copy.copy in Line2D.set_xdata)
    x = tf.constant(np.linspace(-1.0, 1.0, 5))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    dy = tape.gradient(y, x)
    fig, ax = plt.subplots()
    (line,) = ax.plot(x, dy)
    np.testing.assert_array_equal(line.get_ydata(), 2.0 * np.linspace(-1.0, 1.0, 5))   # d x^2 = 2x
    (line,) = ax.plot(x, y)
    np.testing.assert_array_equal(line.get_ydata(), np.linspace(-1.0, 1.0, 5) ** 2)
    plt.close(fig)
    np.testing.assert_array_equal(np.asarray(y), [1.0, 0.25, 0.0, 0.25, 1.0])


def test_copies_of_constants_and_variables_follow_tensorflow():
    c = tf.constant([1.0, 2.0])
    for d in (copy.copy(c), copy.deepcopy(c)):
        np.testing.assert_array_equal(d.numpy(), [1.0, 2.0])
    v = tf.Variable([1.0, 2.0], name="w")
    assert copy.copy(v) is v                     # TensorFlow: copy of a Variable is itself
    d = copy.deepcopy(v)                         # TensorFlow: a new Variable, same value
    d.assign([5.0, 6.0])
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    assert isinstance(d, tf.Variable) and d.name == "w:0" and d.trainable


def test_shapes_are_tuples_that_also_give_tensorflow_lists():
    v = tf.Variable(np.ones((2, 3)))
    assert v.shape == (2, 3) and v.shape.as_list() == [2, 3]   # TensorShape.as_list()
    assert (v * 2.0).shape.as_list() == [2, 3] and repr(v.shape) == "(2, 3)"
