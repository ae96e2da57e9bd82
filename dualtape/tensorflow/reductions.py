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
from .. import special as dsp
from ..reverse.tensor import constant
from .arguments import as_result, operand, static_axis, static_int
from .tables import function_named, read_table

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
           "reduce_logsumexp", "reduce_std", "reduce_variance", "reduce_all", "reduce_any",
           "argmax", "argmin", "cumsum", "cumprod"]


def _is_integer(x):
    kind = np.result_type(raw(x)).kind
    return kind in "iub"


def in_input_dtype(reduction):
    """`reduction` ``(x, axes, keepdims)`` of a table function, giving TensorFlow's dtype: an
    integer tensor keeps its own (NumPy widens int32 sums to int64).

    Example:
        >>> import numpy as np
        >>> in_input_dtype(dnp.sum)(np.array([1, 2], np.int32), None, False).dtype
        dtype('int32')
    """
    def compute(x, axes, keepdims):
        x = operand(x)
        out = reduction(x, axis=axes, keepdims=keepdims)
        if _is_integer(x):
            return constant(np.asarray(raw(out)).astype(np.result_type(raw(x))))
        return as_result(out)
    return compute


def as_is(reduction):
    """`reduction` ``(x, axes, keepdims)`` of a table function, whose result is a tensor as it comes.

    Example:
        >>> float(as_is(dnp.var)([1.0, 3.0], None, False))
        1.0
    """
    return lambda x, axes, keepdims: as_result(reduction(operand(x), axis=axes, keepdims=keepdims))


def of_truth_values(reduction):
    """`reduction` ``(x, axes, keepdims)`` of a NumPy logical reduction: a boolean tensor with
    no derivative.

    Example:
        >>> of_truth_values(np.all)([True, False], None, False).numpy()
        np.False_
    """
    return lambda x, axes, keepdims: constant(reduction(raw(x), axis=axes, keepdims=keepdims))


def tensorflow_reduction(tf_name, compute, summary, shows):
    """The TensorFlow reduction `tf_name` ``(input_tensor, axis=None, keepdims=False,
    name=None)``: ``compute(input_tensor, axes, keepdims)`` with `axis` read as TensorFlow
    reads it (None, an int or a list). Its docstring is `summary` and an example: the
    reduction along axis 1 of ``[[1.0, 5.0], [3.0, 4.0]]`` (of ``[[True, False], [True,
    True]]`` for a logical one) shows `shows`.

    Example:
        >>> total = tensorflow_reduction("total", in_input_dtype(dnp.sum), "The sum.", "6., 7.")
        >>> total([[1.0, 2.0]], axis=[1]).numpy(), total.__name__
        (array([3.]), 'total')
    """
    def reduction(input_tensor, axis=None, keepdims=False, name=None):
        return compute(input_tensor, static_axis(axis), keepdims)
    example = "[[True, False], [True, True]]" if "True" in shows else "[[1.0, 5.0], [3.0, 4.0]]"
    reduction.__name__ = reduction.__qualname__ = tf_name
    reduction.__doc__ = f"""{summary}

    Example:
        >>> import dualtape as tf
        >>> tf.math.{tf_name}({example}, axis=1).numpy()
        {shows}
    """
    return reduction


# The reductions of that signature: TensorFlow's name; the function it applies and so the
# result's dtype ("kept": an integer tensor keeps its dtype; "float": a float; "bool": truth
# values); what the docstring example shows (see `tensorflow_reduction`), worked out by hand;
# and what the reduction computes.
_TABLE = """
reduce_sum       | dnp.sum       | kept  | array([6., 7.])               | The sum over `axis`.
reduce_max       | dnp.max       | kept  | array([5., 4.])               | The largest element over
    `axis` (ties share the gradient equally).
reduce_min       | dnp.min       | kept  | array([1., 3.])               | The smallest element over
    `axis` (ties share the gradient equally).
reduce_prod      | dnp.prod      | kept  | array([ 5., 12.])             | The product over `axis`;
    ``tf.reduce_prod(t.shape)`` counts elements.
reduce_logsumexp | dsp.logsumexp | float | array([5.01814993, 4.31326169]) | ``log(sum(exp(x)))``
    over `axis`, computed without overflow.
reduce_variance  | dnp.var       | float | array([4.  , 0.25])           | The (biased, divide-by-n)
    variance over `axis`.
reduce_std       | dnp.std       | float | array([2. , 0.5])             | The (biased, divide-by-n)
    standard deviation over `axis`.
reduce_all       | np.all        | bool  | array([False,  True])         | True where every element
    over `axis` is true.
reduce_any       | np.any        | bool  | array([ True,  True])         | True where some element
    over `axis` is true.
"""
_RESULTS = {"kept": in_input_dtype, "float": as_is, "bool": of_truth_values}
REDUCTIONS = {
    tf_name: tensorflow_reduction(
        tf_name, _RESULTS[result](function_named(function, {"dnp": dnp, "dsp": dsp, "np": np})),
        summary, shows)
    for tf_name, function, result, shows, summary in read_table(_TABLE)}
reduce_sum, reduce_max, reduce_min, reduce_prod, reduce_logsumexp, reduce_variance, \
    reduce_std, reduce_all, reduce_any = REDUCTIONS.values()


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
