"""TensorFlow's names reached from ``import dualtape as tf``: the fallback to
dualtape.tensorflow, dtypes, TensorShape, conversions and casts, and the
features that are refused with a NotImplementedError naming them."""
import copy
import inspect

import numpy as np
import pytest

import dualtape as tf
import dualtape.reverse
import dualtape.tensorflow as dtf


def test_the_fallback_finds_tensorflow_names_but_dualtape_names_win():
    assert tf.reduce_sum is dtf.reduce_sum and tf.math is dtf.math and tf.keras is dtf.keras
    assert tf.float32 is dtf.float32 and tf.linalg.solve is dtf.linalg.solve
    # names dualtape defines itself are dualtape's own objects
    assert tf.GradientTape is dtf.GradientTape and tf.Variable is dtf.Variable
    assert tf.numpy.sum is not dtf.reduce_sum
    # dir() lists both, so tab completion shows TensorFlow's names too
    names = dir(tf)
    assert {"reduce_sum", "math", "keras", "float32", "gradient", "jvp"} <= set(names)


def test_an_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no attribute 'reduce_everything'"):
        tf.reduce_everything
    assert not hasattr(tf, "no_such_function")


def test_every_exported_name_exists():
    for name in dtf.__all__:
        assert getattr(tf, name) is not None or name == "newaxis", name


@pytest.mark.parametrize("dtype, numpy_dtype", [
    (tf.float16, np.float16), (tf.float32, np.float32), (tf.float64, np.float64),
    (tf.int32, np.int32), (tf.int64, np.int64), (tf.complex64, np.complex64),
    (tf.complex128, np.complex128), (tf.bool, np.bool_)])
def test_dtypes_are_numpy_dtypes_under_tensorflow_names(dtype, numpy_dtype):
    assert dtype == np.dtype(numpy_dtype) and np.dtype(numpy_dtype) == dtype
    assert np.zeros(2, dtype=dtype).dtype == numpy_dtype
    assert dtype.as_numpy_dtype is numpy_dtype
    assert tf.as_dtype(numpy_dtype) is dtype and tf.as_dtype(dtype.name) is dtype
    assert repr(dtype) == f"tf.{np.dtype(numpy_dtype).name}"
    assert hash(dtype) == hash(np.dtype(numpy_dtype))


def test_dtype_attributes():
    assert tf.float32.is_floating and not tf.float32.is_integer and tf.float32.size == 4
    assert tf.int32.is_integer and tf.int32.max == 2**31 - 1 and tf.int32.min == -2**31
    assert tf.complex64.is_complex and tf.complex64.real_dtype is tf.float32
    assert tf.complex128.real_dtype is tf.float64 and tf.bool.is_bool
    assert tf.float16.max == 65504.0 and tf.double is tf.float64 and tf.half is tf.float16
    assert tf.float64 != None and tf.float64 != tf.float32      # noqa: E711 (np.dtype(None) is float64)
    assert str(tf.float32) == "<dtype: 'float32'>"
    with pytest.raises(TypeError, match="no min or max"):
        tf.bool.max


def test_float32_is_asked_for_and_float64_is_the_default():
    assert tf.Variable(3.0).dtype == tf.float64
    assert tf.Variable(3.0, dtype=tf.float32).dtype == tf.float32
    assert tf.constant([1.0], dtype=tf.float32).dtype == tf.float32
    assert tf.zeros(2).dtype == tf.float64 and tf.ones(2, dtype=tf.float16).dtype == tf.float16
    w = tf.Variable([1.0, 2.0], dtype=tf.float32)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(w * w)
    assert y.dtype == tf.float32
    np.testing.assert_allclose(tape.gradient(y, w).numpy(), [2.0, 4.0])     # 2 w


def test_tensor_shape_is_a_tuple_with_tensorflows_methods():
    s = tf.TensorShape([7, 10])
    assert s == (7, 10) and s == [7, 10] and s != (10, 7) and isinstance(s, tuple)
    assert s.as_list() == [7, 10] and s.rank == s.ndims == 2 and s.num_elements() == 70
    assert repr(s) == "TensorShape([7, 10])" and str(s) == "(7, 10)"
    assert s[0] == 7 and isinstance(s[0], int) and s[1:] == tf.TensorShape([10])
    assert repr(s[1:]) == "TensorShape([10])"
    assert np.zeros(s).shape == (7, 10)
    assert tf.TensorShape([None, 3]).num_elements() is None
    assert not tf.TensorShape([None, 3]).is_fully_defined()
    assert tf.TensorShape(4).as_list() == [4] and tf.TensorShape([]).num_elements() == 1
    assert s.concatenate([2]) == (7, 10, 2)
    assert hash(s) == hash((7, 10))


def test_shape_rank_and_size_are_int32_tensors():
    x = np.zeros((2, 3, 4))
    np.testing.assert_array_equal(tf.shape(x).numpy(), [2, 3, 4])
    assert tf.shape(x).dtype == tf.int32
    assert int(tf.rank(x)) == 3 and int(tf.size(x)) == 24


def test_convert_to_tensor_keeps_tensors_and_checks_their_dtype():
    t = tf.constant([1.0, 2.0])
    assert tf.convert_to_tensor(t) is t
    assert tf.convert_to_tensor([1, 2]).dtype == tf.int64
    assert tf.convert_to_tensor([1, 2], dtype=tf.float32).dtype == tf.float32
    assert tf.convert_to_tensor(3, dtype_hint=tf.float32).dtype == tf.float32
    assert tf.convert_to_tensor(np.int16(3), dtype_hint=tf.float32).dtype == np.int16
    with pytest.raises(ValueError, match="tf.cast"):
        tf.convert_to_tensor(t, dtype=tf.float32)


def test_cast_between_floats_is_differentiable_and_to_integers_is_not():
    x = tf.Variable([1.75, -1.75])
    with tf.GradientTape(persistent=True) as tape:
        y32 = tf.cast(x, tf.float32)
        loss = tf.reduce_sum(y32 * y32)
        as_int = tf.cast(x, tf.int32)
    assert y32.dtype == tf.float32
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), [3.5, -3.5])   # 2 x
    np.testing.assert_array_equal(as_int.numpy(), [1, -1])                  # toward zero
    assert as_int.dtype == tf.int32
    assert tape.gradient(as_int, x) is None                                # no path to x
    np.testing.assert_array_equal(tf.cast([0.0, 2.0], tf.bool).numpy(), [False, True])


def test_identity_of_a_variable_is_a_snapshot_with_gradient_one():
    v = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        t = tf.identity(v)
        y = tf.reduce_sum(3.0 * t)
    v.assign([7.0, 7.0])
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [3.0, 3.0])
    assert tf.is_tensor(t) and tf.is_tensor(v) and not tf.is_tensor(np.ones(2))


@pytest.mark.parametrize("use, feature", [
    (lambda: tf.function(lambda x: x), "tf.function"),
    (lambda: tf.TensorSpec(None), "tf.function"),
    (lambda: type("M", (tf.Module,), {})(), "tf.saved_model"),
    (lambda: tf.saved_model.save(None, "path"), "tf.saved_model"),
    (lambda: tf.saved_model.load("path"), "tf.saved_model"),
    (lambda: tf.saved_model.SaveOptions(experimental_custom_gradients=True), "tf.saved_model"),
    (lambda: tf.image.adjust_contrast(np.zeros((1, 1, 3)), 0.1), "tf.image")])
def test_graph_serialisation_and_image_features_are_refused_by_name(use, feature):
    with pytest.raises(NotImplementedError, match=feature.replace(".", r"\.")):
        use()


def test_a_refused_namespace_refuses_before_the_arguments_are_evaluated():
    def undefined():
        raise NameError("the model was never built")
    with pytest.raises(NotImplementedError, match=r"tf\.saved_model\.save"):
        tf.saved_model.save(undefined(), "path")
    assert not hasattr(tf.image, "_repr_html_") and "not part of dualtape" in repr(tf.image)


def test_reverse_is_the_engine_package_so_tf_reverse_lives_in_dualtape_tensorflow():
    # ``dualtape.reverse`` is the reverse-mode engine; TensorFlow's tf.reverse is reached
    # as dualtape.tensorflow.reverse
    assert tf.reverse is dualtape.reverse
    np.testing.assert_array_equal(dtf.reverse([[1.0, 2.0, 3.0]], [1]).numpy(), [[3.0, 2.0, 1.0]])


def test_a_variable_is_named_as_tensorflow_names_it():
    # TensorFlow's name is the given name and the output index; eager mode does not make
    # names unique, so two unnamed Variables are both "Variable:0".
    x0 = tf.Variable(3.0, name="x0")
    assert x0.name == "x0:0"
    assert tf.Variable(1.0).name == tf.Variable(2.0).name == "Variable:0"
    assert tf.Variable(1.0, name="w").name == tf.Variable(2.0, name="w").name == "w:0"
    assert "'x0:0'" in repr(x0)
    with pytest.raises(AttributeError):
        x0.name = "y"                       # read-only, as in TensorFlow
    twin = copy.deepcopy(x0)
    assert twin is not x0 and twin.name == "x0:0" and copy.copy(x0) is x0


def test_the_watched_variables_are_listed_by_name():
    x0, x1 = tf.Variable(3.0, name="x0"), tf.Variable(3.0, name="x1", trainable=False)
    x3 = tf.constant(3.0, name="x3")
    with tf.GradientTape() as tape:
        y = x0 ** 2 + x1 ** 2 + x3
    assert [v.name for v in tape.watched_variables()] == ["x0:0"]     # x1 is not trainable
    assert tape.gradient(y, [x0, x1, x3])[1:] == [None, None]


def test_a_constant_shows_as_a_tensor():
    assert repr(tf.constant([1.0, 2.0])) == \
        "<dualtape.Tensor: shape=(2,), dtype=float64, numpy=array([1., 2.])>"
    assert str(tf.constant(3.0, dtype=tf.float32)) == \
        "<dualtape.Tensor: shape=(), dtype=float32, numpy=3.0>"


def test_functions_made_from_tables_have_tensorflows_names_and_signatures():
    # each unpacked name is the function made for that name, with TensorFlow's parameters
    for name in dtf.reductions.REDUCTIONS:
        assert getattr(dtf.math, name).__name__ == name
        assert list(inspect.signature(getattr(dtf.math, name)).parameters) == \
            ["input_tensor", "axis", "keepdims", "name"]
    parameters = {"det": "input", "cholesky": "input", "eigvalsh": "tensor", "trace": "x"}
    for name, parameter in parameters.items():
        f = getattr(tf.linalg, name)
        assert f.__name__ == name and list(inspect.signature(f).parameters) == [parameter, "name"]
    assert float(tf.linalg.trace(x=[[1.0, 2.0], [3.0, 4.0]])) == 5.0       # TensorFlow's keyword
    with pytest.raises(TypeError, match="tensor"):
        tf.linalg.eigvalsh()
    with pytest.raises(TypeError):
        tf.linalg.det(input=np.eye(2), matrix=np.eye(2))
    np.testing.assert_array_equal(dtf.elementwise.UNARY["acos"][0](np.array([1.0])), np.arccos([1.0]))
    assert set(dtf.elementwise.NUMPY_NAMES) <= set(dtf.math.__all__)


def test_a_variables_name_and_dtype_are_given_by_keyword():
    # TensorFlow's third positional argument is validate_shape: taking it as the name
    # would name the variable "False"; an error says so instead
    with pytest.raises(TypeError):
        tf.Variable(1.0, True, False)
    v = tf.Variable(1, True, name="n", dtype=tf.float32)
    assert v.name == "n:0" and v.dtype == tf.float32 and v.trainable
