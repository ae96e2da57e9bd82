"""The static arguments of TensorFlow's functions, read as plain Python values.

TensorFlow lets an axis, a shape or a permutation be an int, a list, a
`TensorShape` or even a tensor (``tf.reshape(g, [n, 1])`` with ``n`` a tensor);
the table's functions want ints and tuples. Results go back as tensors, as in
TensorFlow: a plain NumPy value becomes a constant tensor, a box stays a box.

Example:
    >>> import dualtape as tf
    >>> static_axis([0, tf.constant(2)]), static_shape(tf.constant([2, 3]))
    ((0, 2), (2, 3))
"""
import functools
import inspect

import numpy as np

from ..core.box import Box, raw
from ..reverse.tensor import constant_or_box
from .dtypes import as_dtype

__all__ = ["static_axis", "static_shape", "static_int", "numpy_dtype", "as_result", "operand",
           "with_argument_names"]

as_result = constant_or_box


def operand(value):
    """A tensor argument as the table's functions take it: a box stays a box, and
    anything else (a nested list, a Python number) becomes a NumPy array, as
    ``tf.convert_to_tensor`` would make it.

    Example:
        >>> operand([[1.0, 2.0]]).shape
        (1, 2)
    """
    return value if isinstance(value, Box) else np.asarray(value)


def static_int(value):
    """An int from an int, a NumPy integer or a 0-d integer tensor.

    Example:
        >>> import dualtape as tf
        >>> static_int(tf.constant(3))
        3
    """
    v = raw(value)
    if np.ndim(v) != 0 or not np.issubdtype(np.result_type(v), np.integer):
        raise TypeError(f"expected an integer, got {v!r}")
    return int(v)


def static_axis(axis):
    """None, an int, or a tuple of ints, from TensorFlow's forms of an axis argument.

    Example:
        >>> static_axis(None), static_axis(1), static_axis([0, 1])
        (None, 1, (0, 1))
    """
    if axis is None:
        return None
    v = raw(axis)
    if np.ndim(v) == 0:
        return static_int(v)
    return tuple(static_int(a) for a in np.asarray(v).ravel())


def static_shape(shape):
    """A tuple of ints from an int, a list (of ints or 0-d tensors), a TensorShape or a tensor.

    Example:
        >>> static_shape(3), static_shape([2, 3])
        ((3,), (2, 3))
    """
    v = raw(shape)
    if np.ndim(v) == 0 and not isinstance(v, (list, tuple)):
        return (static_int(v),)
    return tuple(static_int(d) for d in (v if isinstance(v, (list, tuple)) else np.asarray(v)))


def numpy_dtype(dtype):
    """The NumPy dtype of a TensorFlow dtype argument (None stays None).

    Example:
        >>> import dualtape as tf
        >>> numpy_dtype(tf.float32)
        dtype('float32')
    """
    return None if dtype is None else as_dtype(dtype).dtype


def with_argument_names(function, names):
    """`function` of positional tensors, called with TensorFlow's argument `names` and
    ``name=None``: TensorFlow names a tensor argument ``x``, ``input``, ``features`` or
    ``y, x`` from function to function, and a call by keyword must find it.

    Example:
        >>> import inspect
        >>> atan2 = with_argument_names(np.arctan2, ("y", "x"))
        >>> str(inspect.signature(atan2)), float(atan2(x=1.0, y=0.0))
        ('(y, x, name=None)', 0.0)
    """
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    signature = inspect.Signature([inspect.Parameter(n, kind) for n in names] +
                                  [inspect.Parameter("name", kind, default=None)])

    @functools.wraps(function)
    def call(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        return function(*(arguments[n] for n in names))
    call.__signature__ = signature
    return call
