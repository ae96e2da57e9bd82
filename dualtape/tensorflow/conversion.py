"""Values into tensors and between dtypes: ``tf.convert_to_tensor``, ``tf.cast``,
``tf.identity``, ``tf.is_tensor``.

A float-to-float cast is the table's differentiable ``astype``; a cast to an
integer or boolean dtype gives a plain tensor, so its gradient is None, as in
TensorFlow.

Example:
    >>> import dualtape as tf
    >>> x = tf.Variable(2.5)
    >>> with tf.GradientTape() as tape:
    ...     y = tf.cast(x, tf.float32) ** 2
    >>> y.dtype == tf.float32, float(tape.gradient(y, x)), tf.cast(x, tf.int32).numpy()
    (True, 5.0, np.int32(2))
"""
import numpy as np

from ..core.box import Box, raw
from ..numpy import astype, positive, real
from ..reverse.tensor import Tensor, Variable, constant
from .arguments import as_result, numpy_dtype

__all__ = ["convert_to_tensor", "cast", "identity", "is_tensor"]


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """A tensor holding `value`: a tensor of the right dtype comes back unchanged.

    Lists, NumPy arrays and Python numbers become constant tensors; `dtype`
    must agree with a tensor's dtype (use ``tf.cast`` to convert), and
    `dtype_hint` is used only for values that have no dtype of their own.

    Example:
        >>> import dualtape as tf
        >>> tf.convert_to_tensor([1.0, 2.0]).numpy()
        array([1., 2.])
        >>> tf.convert_to_tensor(1, dtype_hint=tf.float32).dtype
        dtype('float32')
    """
    wanted = numpy_dtype(dtype)
    if isinstance(value, Box):
        have = np.result_type(raw(value))
        if wanted is not None and have != wanted:
            raise ValueError(f"tf.convert_to_tensor: the tensor has dtype {have}, not the requested "
                             f"{wanted}; convert it with tf.cast(x, dtype)")
        return value
    if wanted is None and dtype_hint is not None and not hasattr(value, "dtype"):
        wanted = numpy_dtype(dtype_hint)
    return constant(np.asarray(value, dtype=wanted))


def cast(x, dtype, name=None):
    """`x` converted to `dtype`: differentiable between float dtypes, plain otherwise.

    As in TensorFlow, casting a float to an integer truncates toward zero, a
    complex value cast to a real dtype keeps its real part, and a real value cast
    to a complex dtype has imaginary part 0.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.cast([1.7, -1.7], tf.int32).numpy()
        array([ 1, -1], dtype=int32)
        >>> tf.cast(3.0 + 4.0j, tf.float32).numpy(), tf.cast(2.0, tf.complex64).numpy()
        (np.float32(3.0), np.complex64(2+0j))
    """
    if not isinstance(x, Box):
        x = np.asarray(x)
    wanted = numpy_dtype(dtype)
    if np.result_type(raw(x)).kind == "c" and wanted.kind != "c":
        if wanted.kind == "b":
            return constant(raw(x) != 0)
        x = real(x)                 # TensorFlow keeps the real part (NumPy would warn)
    return as_result(astype(x, wanted))


def identity(input, name=None):
    """The same values, as a tensor (the gradient passes through unchanged).

    Of a Variable it is a tensor holding the current value, which a later
    ``assign`` does not change.

    Example:
        >>> import dualtape as tf
        >>> v = tf.Variable([1.0, 2.0])
        >>> t = tf.identity(v)
        >>> _ = v.assign([5.0, 5.0])
        >>> t.numpy()
        array([1., 2.])
    """
    t = convert_to_tensor(input)
    return as_result(positive(t)) if isinstance(t, Variable) else t


def is_tensor(x):
    """True for dualtape tensors and Variables.

    Example:
        >>> import dualtape as tf
        >>> tf.is_tensor(tf.constant(1.0)), tf.is_tensor(1.0)
        (True, False)
    """
    return isinstance(x, Tensor)
