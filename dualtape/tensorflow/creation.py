"""New tensors: ``tf.zeros``, ``ones``, ``zeros_like``, ``ones_like``, ``fill``, ``eye``,
``linspace``, ``range``, ``one_hot``.

Floats are float64 unless ``dtype=`` asks otherwise (TensorFlow's default is
float32); Python ints give int64, NumPy's default (TensorFlow's is int32).
Every result is a constant tensor, ready for ``tape.watch``.

Example:
    >>> import dualtape as tf
    >>> tf.linspace(0.0, 1.0, 3).numpy(), tf.range(3).numpy()
    (array([0. , 0.5, 1. ]), array([0, 1, 2]))
"""
import numpy as np

from ..core.box import raw
from ..numpy import linspace as _linspace, moveaxis
from ..reverse.tensor import constant
from .arguments import as_result, numpy_dtype, static_int, static_shape
from .dtypes import float64

__all__ = ["zeros", "ones", "zeros_like", "ones_like", "fill", "eye", "linspace", "range",
           "one_hot"]


def zeros(shape, dtype=float64, name=None):
    """A tensor of zeros of the given shape (an int, a list or a TensorShape).

    Example:
        >>> import dualtape as tf
        >>> tf.zeros([2, 3]).shape, tf.zeros(2, dtype=tf.float32).dtype
        ((2, 3), dtype('float32'))
    """
    return constant(np.zeros(static_shape(shape), dtype=numpy_dtype(dtype)))


def ones(shape, dtype=float64, name=None):
    """A tensor of ones of the given shape.

    Example:
        >>> import dualtape as tf
        >>> tf.ones([2]).numpy()
        array([1., 1.])
    """
    return constant(np.ones(static_shape(shape), dtype=numpy_dtype(dtype)))


def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and, unless `dtype` is given, the dtype) of `input`.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.zeros_like(np.ones((1, 2), dtype=np.float32)).numpy()
        array([[0., 0.]], dtype=float32)
    """
    return constant(np.zeros_like(np.asarray(raw(input)), dtype=numpy_dtype(dtype)))


def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and, unless `dtype` is given, the dtype) of `input`.

    Example:
        >>> import dualtape as tf
        >>> tf.ones_like([[1.0, 2.0]]).numpy()
        array([[1., 1.]])
    """
    return constant(np.ones_like(np.asarray(raw(input)), dtype=numpy_dtype(dtype)))


def fill(dims, value, name=None):
    """A tensor of shape `dims` with every element `value` (and `value`'s dtype).

    Example:
        >>> import dualtape as tf
        >>> tf.fill([2, 2], 7.0).numpy()
        array([[7., 7.],
               [7., 7.]])
    """
    v = np.asarray(raw(value))
    if v.ndim:
        raise ValueError(f"tf.fill: value must be a scalar, got shape {v.shape}")
    return constant(np.full(static_shape(dims), v, dtype=v.dtype))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=float64, name=None):
    """Identity matrices: `num_rows` x `num_columns`, stacked over `batch_shape`.

    Example:
        >>> import dualtape as tf
        >>> tf.eye(2, 3).numpy()
        array([[1., 0., 0.],
               [0., 1., 0.]])
        >>> tf.eye(2, batch_shape=[4]).shape
        (4, 2, 2)
    """
    rows = static_int(num_rows)
    cols = rows if num_columns is None else static_int(num_columns)
    m = np.eye(rows, cols, dtype=numpy_dtype(dtype))
    if batch_shape is not None:
        m = np.broadcast_to(m, static_shape(batch_shape) + m.shape).copy()
    return constant(m)


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop`, both included.

    `start` and `stop` may be tensors (of one shape); the values run along `axis`
    and are differentiable in `start` and `stop`.

    Example:
        >>> import dualtape as tf
        >>> tf.linspace(-1.0, 1.0, 5).numpy()
        array([-1. , -0.5,  0. ,  0.5,  1. ])
    """
    values = _linspace(start, stop, static_int(num))
    if axis != 0:
        values = moveaxis(values, 0, axis)
    return as_result(values)


def one_hot(indices, depth, on_value=1.0, off_value=0.0, axis=-1, dtype=float64, name=None):
    """One-hot vectors: `on_value` where the last axis equals the index, `off_value`
    elsewhere (an index outside ``[0, depth)`` gives a row of `off_value`).

    Example:
        >>> import dualtape as tf
        >>> tf.one_hot([2, 0], 3).numpy()
        array([[0., 0., 1.],
               [1., 0., 0.]])
    """
    idx = np.asarray(raw(indices))
    hot = idx[..., None] == np.arange(static_int(depth))
    out = np.where(hot, on_value, off_value).astype(numpy_dtype(dtype))
    if axis != -1:
        out = np.moveaxis(out, -1, axis)
    return constant(out)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 (TensorFlow's name)
    """``start, start + delta, ...`` up to but not including `limit`; ``tf.range(n)``
    counts from 0. Defined last in this module, since it takes the builtin's name.

    Example:
        >>> import dualtape as tf
        >>> tf.range(1.0, 2.0, 0.25).numpy()
        array([1.  , 1.25, 1.5 , 1.75])
    """
    if limit is None:
        start, limit = 0, start
    return constant(np.arange(raw(start), raw(limit), raw(delta), dtype=numpy_dtype(dtype)))
