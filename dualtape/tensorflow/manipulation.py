"""Rearranging tensors under TensorFlow's names and arguments: ``tf.reshape``,
``transpose(perm=)``, ``pad(constant_values=)``, ``concat``, ``stack``, ``unstack``,
``expand_dims``, ``squeeze``, ``tile``, ``gather``, ``where``, ``broadcast_to``, ``reverse``.

Each is the table's function of the same job, so gradients flow through it in
every mode.

Example:
    >>> import dualtape as tf
    >>> x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    >>> with tf.GradientTape() as tape:
    ...     y = tf.reduce_sum(tf.transpose(x, perm=[1, 0]) * [[1.0, 10.0], [100.0, 1000.0]])
    >>> tape.gradient(y, x).numpy()      # the weights, transposed back
    array([[   1.,  100.],
           [  10., 1000.]])
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from ..reverse.tensor import constant
from .arguments import as_result, operand, static_axis, static_int, static_shape

__all__ = ["reshape", "transpose", "pad", "concat", "stack", "unstack", "expand_dims", "squeeze",
           "tile", "gather", "where", "broadcast_to", "reverse"]

_PAD_MODES = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}


def reshape(tensor, shape, name=None):
    """`tensor` with a new shape (one dimension may be -1); `shape` may hold tensors.

    Example:
        >>> import dualtape as tf
        >>> tf.reshape(tf.range(6.0), [tf.constant(2), -1]).shape
        (2, 3)
    """
    return as_result(dnp.reshape(operand(tensor), static_shape(shape)))


def transpose(a, perm=None, conjugate=False, name=None):
    """Axes permuted by `perm` (reversed when None), TensorFlow's ``tf.transpose``.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.transpose(np.zeros((2, 3, 4)), perm=[2, 0, 1]).shape
        (4, 2, 3)
    """
    out = dnp.transpose(operand(a), None if perm is None else static_axis(perm))
    return as_result(dnp.conj(out) if conjugate else out)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """`tensor` padded by ``paddings[i] = [before, after]`` along each axis i.

    `mode` is ``"CONSTANT"`` (filled with `constant_values`), ``"REFLECT"`` or
    ``"SYMMETRIC"``, in any case.

    Example:
        >>> import dualtape as tf
        >>> tf.pad([[1.0, 2.0]], [[1, 0], [0, 1]], constant_values=-1.0).numpy()
        array([[-1., -1., -1.],
               [ 1.,  2., -1.]])
    """
    numpy_mode = _PAD_MODES.get(str(mode).upper())
    if numpy_mode is None:
        raise ValueError(f"tf.pad: mode must be one of {sorted(_PAD_MODES)}, got {mode!r}")
    widths = [tuple(static_int(w) for w in pair) for pair in np.asarray(raw(paddings))]
    tensor = operand(tensor)
    if numpy_mode != "constant":
        return as_result(dnp.pad(tensor, widths, mode=numpy_mode))
    return as_result(dnp.pad(tensor, widths, constant_values=constant_values))


def concat(values, axis, name=None):
    """The tensors joined along an existing `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.concat([[[1.0]], [[2.0]]], axis=1).numpy()
        array([[1., 2.]])
    """
    return as_result(dnp.concatenate([operand(v) for v in values], axis=static_int(axis)))


def stack(values, axis=0, name=None):
    """The tensors (of one shape) stacked along a new `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.stack([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
        array([[1., 3.],
               [2., 4.]])
    """
    return as_result(dnp.stack([operand(v) for v in values], axis=static_int(axis)))


def unstack(value, num=None, axis=0, name=None):
    """The list of slices of `value` along `axis` (the inverse of ``tf.stack``).

    Example:
        >>> import dualtape as tf
        >>> [t.numpy() for t in tf.unstack([[1.0, 2.0], [3.0, 4.0]], axis=1)]
        [array([1., 3.]), array([2., 4.])]
    """
    value = operand(value)
    ndim = np.ndim(raw(value))
    axis = static_int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"tf.unstack: axis {axis} is out of range for a tensor of rank {ndim}")
    axis %= ndim
    count = np.shape(raw(value))[axis]
    if num is not None and static_int(num) != count:
        raise ValueError(f"tf.unstack: num={num} but axis {axis} has {count} elements")
    lead = (slice(None),) * axis
    return [as_result(dnp.getitem(value, lead + (i,))) for i in range(count)]


def expand_dims(input, axis, name=None):
    """`input` with a new axis of length 1 at position `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.expand_dims([1.0, 2.0], -1).shape
        (2, 1)
    """
    return as_result(dnp.expand_dims(operand(input), static_int(axis)))


def squeeze(input, axis=None, name=None):
    """`input` without its axes of length 1 (only those in `axis`, if given).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.squeeze(np.zeros((1, 2, 1)), axis=[0]).shape
        (2, 1)
    """
    return as_result(dnp.squeeze(operand(input), static_axis(axis)))


def tile(input, multiples, name=None):
    """`input` repeated ``multiples[i]`` times along each axis i.

    Example:
        >>> import dualtape as tf
        >>> tf.tile([[1.0, 2.0]], [2, 1]).numpy()
        array([[1., 2.],
               [1., 2.]])
    """
    reps = static_shape(multiples)
    input = operand(input)
    if len(reps) != np.ndim(raw(input)):
        raise ValueError(f"tf.tile: multiples has length {len(reps)} but the input has rank "
                         f"{np.ndim(raw(input))}; give one multiple per axis")
    return as_result(dnp.tile(input, reps))


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """The slices of `params` along `axis` (default 0) at `indices`.

    Indices must lie in ``[0, dim)``: TensorFlow does not count from the end,
    so a negative index raises instead of wrapping around as in NumPy.

    Example:
        >>> import dualtape as tf
        >>> tf.gather([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [2, 0], axis=1).numpy()
        array([[3., 1.],
               [6., 4.]])
    """
    if batch_dims != 0:
        raise NotImplementedError("tf.gather: batch_dims other than 0 is not supported by dualtape")
    axis = 0 if axis is None else static_int(axis)
    params = operand(params)
    idx = np.asarray(raw(indices))
    dim = np.shape(raw(params))[axis]
    if idx.size and (idx.min() < 0 or idx.max() >= dim):
        raise IndexError(f"tf.gather: indices must be in [0, {dim}) along axis {axis}, "
                         f"got {idx.min()}..{idx.max()}")
    return as_result(dnp.take(params, idx, axis=axis))


def where(condition, x=None, y=None, name=None):
    """Elements of `x` where `condition` holds and of `y` elsewhere (broadcast).

    With only `condition`, the coordinates of its true elements, one row each
    (int64), as in TensorFlow.

    Example:
        >>> import dualtape as tf
        >>> tf.where([True, False], [1.0, 2.0], [10.0, 20.0]).numpy()
        array([ 1., 20.])
        >>> tf.where([[False, True]]).numpy()
        array([[0, 1]])
    """
    cond = np.asarray(raw(condition), dtype=bool)
    if x is None and y is None:
        return constant(np.argwhere(cond).astype(np.int64))
    if x is None or y is None:
        raise ValueError("tf.where: give both x and y, or neither")
    return as_result(dnp.where(cond, operand(x), operand(y)))


def broadcast_to(input, shape, name=None):
    """`input` broadcast to `shape` (the gradient sums over the new entries).

    Example:
        >>> import dualtape as tf
        >>> tf.broadcast_to([1.0, 2.0], [2, 2]).numpy()
        array([[1., 2.],
               [1., 2.]])
    """
    return as_result(dnp.broadcast_to(operand(input), static_shape(shape)))


def reverse(tensor, axis, name=None):
    """`tensor` with the order of its elements reversed along each axis in `axis`.

    Example:
        >>> import dualtape.tensorflow as tf     # dualtape.reverse is the reverse-mode engine
        >>> tf.reverse([[1.0, 2.0, 3.0]], axis=[1]).numpy()
        array([[3., 2., 1.]])
    """
    return as_result(dnp.flip(operand(tensor), static_axis(axis)))
