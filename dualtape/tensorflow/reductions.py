"""TensorFlow's reductions: ``tf.reduce_sum``, ``reduce_mean``, ``reduce_max``, ``reduce_min``,
``reduce_prod``, ``reduce_logsumexp``, ``reduce_all``, ``reduce_any``, ``argmax``, ``argmin``,
``cumsum``, and (in ``tf.math`` only, as in TensorFlow) ``reduce_std``, ``reduce_variance``
and ``cumprod``.

`axis` is None (every axis), an int or a list; `keepdims` keeps the reduced
axes with length 1. Ties of ``reduce_max`` / ``reduce_min`` share the gradient
equally, as in TensorFlow. An integer tensor keeps its dtype, and its mean is
truncated toward zero, as TensorFlow computes it.

Example:
    >>> import dualtape as tf
    >>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    >>> tf.reduce_sum(x, axis=0).numpy(), tf.reduce_mean(x, axis=[0, 1], keepdims=True).numpy()
    (array([4., 6.]), array([[2.5]]))
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from ..special import logsumexp
from ..reverse.tensor import constant
from .arguments import as_result, operand, static_axis, static_int

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
           "reduce_logsumexp", "reduce_std", "reduce_variance", "reduce_all", "reduce_any",
           "argmax", "argmin", "cumsum", "cumprod"]


def _is_integer(x):
    kind = np.result_type(raw(x)).kind
    return kind in "iub"


def _keep_integer_dtype(out, x):
    """NumPy widens int32 sums to int64; TensorFlow keeps the input's dtype."""
    if _is_integer(x):
        return constant(np.asarray(raw(out)).astype(np.result_type(raw(x))))
    return as_result(out)


def _reduce(reduction, input_tensor, axis, keepdims):
    """`reduction` of the tensor over TensorFlow's `axis`, in TensorFlow's dtype."""
    input_tensor = operand(input_tensor)
    return _keep_integer_dtype(reduction(input_tensor, static_axis(axis), keepdims=keepdims), input_tensor)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """The sum over `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_sum([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
        array([3., 7.])
    """
    return _reduce(dnp.sum, input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """The mean over `axis` (integers: the sum divided with truncation toward zero).

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_mean([1.0, 2.0]).numpy(), tf.reduce_mean([1, 2]).numpy()
        (np.float64(1.5), np.int64(1))
    """
    axes = static_axis(axis)
    input_tensor = operand(input_tensor)
    if _is_integer(input_tensor):
        values = np.asarray(raw(input_tensor))
        total = np.sum(values, axis=axes, keepdims=keepdims)
        count = values.size // max(np.size(total), 1) if values.size else 1
        return constant((np.sign(total) * (np.abs(total) // count)).astype(values.dtype))
    return as_result(dnp.mean(input_tensor, axes, keepdims=keepdims))


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """The largest element over `axis` (ties share the gradient equally).

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_max([[1.0, 5.0], [3.0, 4.0]], axis=0).numpy()
        array([3., 5.])
    """
    return _reduce(dnp.max, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """The smallest element over `axis` (ties share the gradient equally).

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_min([[1.0, 5.0], [3.0, 4.0]], axis=1).numpy()
        array([1., 3.])
    """
    return _reduce(dnp.min, input_tensor, axis, keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """The product over `axis`; ``tf.reduce_prod(t.shape)`` counts elements.

    Example:
        >>> import dualtape as tf
        >>> int(tf.reduce_prod((5, 8)))
        40
    """
    return _reduce(dnp.prod, input_tensor, axis, keepdims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """``log(sum(exp(x)))`` over `axis`, computed without overflow.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.reduce_logsumexp([1000.0, 1000.0]).numpy(), 1000.0 + np.log(2.0)))
        True
    """
    return as_result(logsumexp(operand(input_tensor), axis=static_axis(axis), keepdims=keepdims))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased, divide-by-n) variance over `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.math.reduce_variance([1.0, 2.0, 3.0, 4.0]).numpy()
        np.float64(1.25)
    """
    return as_result(dnp.var(operand(input_tensor), axis=static_axis(axis), keepdims=keepdims))


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased, divide-by-n) standard deviation over `axis`.

    Example:
        >>> import dualtape as tf
        >>> tf.math.reduce_std([1.0, 3.0]).numpy()
        np.float64(1.0)
    """
    return as_result(dnp.std(operand(input_tensor), axis=static_axis(axis), keepdims=keepdims))


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """True where every element over `axis` is true.

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_all([[True, False], [True, True]], axis=1).numpy()
        array([False,  True])
    """
    return constant(np.all(raw(input_tensor), axis=static_axis(axis), keepdims=keepdims))


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """True where some element over `axis` is true.

    Example:
        >>> import dualtape as tf
        >>> tf.reduce_any([[True, False], [False, False]], axis=1).numpy()
        array([ True, False])
    """
    return constant(np.any(raw(input_tensor), axis=static_axis(axis), keepdims=keepdims))


def argmax(input, axis=None, output_type=np.int64, name=None):
    """The index of the largest element along `axis` (0 when None, as in TensorFlow).

    Example:
        >>> import dualtape as tf
        >>> tf.argmax([[1.0, 9.0], [8.0, 2.0]]).numpy()
        array([1, 0])
    """
    axis = 0 if axis is None else static_int(axis)
    return constant(np.argmax(raw(input), axis=axis).astype(np.dtype(output_type)))


def argmin(input, axis=None, output_type=np.int64, name=None):
    """The index of the smallest element along `axis` (0 when None, as in TensorFlow).

    Example:
        >>> import dualtape as tf
        >>> tf.argmin([[1.0, 9.0], [8.0, 2.0]], axis=1).numpy()
        array([0, 1])
    """
    axis = 0 if axis is None else static_int(axis)
    return constant(np.argmin(raw(input), axis=axis).astype(np.dtype(output_type)))


def _scan(op, x, axis, exclusive, reverse, identity):
    axis = static_int(axis)
    x = operand(x)
    if reverse:
        x = dnp.flip(x, axis)
    out = op(x, axis)
    if exclusive:
        # shift by one along the axis: the first entry is the identity element
        n = np.shape(raw(out))[axis]
        head = dnp.getitem(out, (slice(None),) * (axis % np.ndim(raw(out))) + (slice(0, n - 1),))
        width = [(0, 0)] * np.ndim(raw(out))
        width[axis] = (1, 0)
        out = dnp.pad(head, width, constant_values=identity)
    if reverse:
        out = dnp.flip(out, axis)
    return as_result(out)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along `axis`; `exclusive` leaves each element out of its own
    sum, `reverse` runs from the end.

    Example:
        >>> import dualtape as tf
        >>> x = [1.0, 2.0, 3.0]
        >>> tf.cumsum(x).numpy(), tf.cumsum(x, exclusive=True, reverse=True).numpy()
        (array([1., 3., 6.]), array([5., 3., 0.]))
    """
    return _scan(dnp.cumsum, x, axis, exclusive, reverse, 0.0)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running products along `axis`, with `exclusive` and `reverse` as in ``cumsum``.

    Example:
        >>> import dualtape as tf
        >>> tf.math.cumprod([1.0, 2.0, 3.0], exclusive=True).numpy()
        array([1., 1., 2.])
    """
    return _scan(dnp.cumprod, x, axis, exclusive, reverse, 1.0)
