"""``tf.nn``: activations, softmax and cross-entropies, ``moments`` and ``batch_normalization``.

Non-smooth points take TensorFlow's one-sided derivatives, chosen by which
branch a ``where`` selects: ``relu'(0) = 0``, ``elu'(0) = selu'(0)/scale = 1``,
``leaky_relu'(0) = alpha``. The branch not taken is evaluated where it is
harmless (``expm1`` of at most 0), so no inf times 0 turns a gradient into NaN.

Example:
    >>> import dualtape as tf
    >>> x = tf.constant([-1.0, 0.0, 2.0])
    >>> with tf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = tf.reduce_sum(tf.nn.relu(x))
    >>> tape.gradient(y, x).numpy()
    array([0., 0., 1.])
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from .. import special as dsp
from ..transforms.stop_gradient import stop_gradient
from .arguments import as_result, operand, static_axis, static_int
from .elementwise import FUNCTIONS

__all__ = ["relu", "relu6", "elu", "selu", "gelu", "leaky_relu", "silu", "swish", "softsign",
           "sigmoid", "tanh", "softplus", "softmax", "log_softmax",
           "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "sigmoid_cross_entropy_with_logits", "l2_loss", "moments", "batch_normalization",
           "bias_add"]

sigmoid = FUNCTIONS["sigmoid"]
tanh = FUNCTIONS["tanh"]
softplus = FUNCTIONS["softplus"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def relu(features, name=None):
    """``max(x, 0)``, with derivative 0 at 0 (TensorFlow's).

    Example:
        >>> import dualtape as tf
        >>> tf.nn.relu([-1.0, 2.0]).numpy()
        array([0., 2.])
    """
    features = operand(features)
    return as_result(dnp.where(raw(features) > 0, features, 0.0))


def relu6(features, name=None):
    """``min(max(x, 0), 6)``, with derivative 0 at 0 and at 6.

    Example:
        >>> import dualtape as tf
        >>> tf.nn.relu6([-1.0, 3.0, 9.0]).numpy()
        array([0., 3., 6.])
    """
    features = operand(features)
    x = raw(features)
    return as_result(dnp.where(x >= 6, 6.0, dnp.where(x > 0, features, 0.0)))


def _expm1_of_negative_part(features):
    """``expm1(x)`` where x < 0 and 0 elsewhere, never evaluating exp of a large x."""
    return dnp.expm1(dnp.where(raw(features) >= 0, 0.0, features))


def elu(features, name=None):
    """``x`` for x >= 0, ``exp(x) - 1`` below.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.allclose(tf.nn.elu([-1.0, 2.0]).numpy(), [np.expm1(-1.0), 2.0]))
        True
    """
    features = operand(features)
    return as_result(dnp.where(raw(features) >= 0, features, _expm1_of_negative_part(features)))


def selu(features, name=None):
    """``scale * elu_alpha(x)`` with the self-normalising constants of Klambauer et al.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> scale, alpha = 1.0507009873554805, 1.6732632423543772
        >>> bool(np.isclose(tf.nn.selu(-1.0).numpy(), scale * alpha * np.expm1(-1.0)))
        True
    """
    features = operand(features)
    negative = dnp.multiply(_SELU_ALPHA, _expm1_of_negative_part(features))
    return as_result(dnp.multiply(_SELU_SCALE, dnp.where(raw(features) >= 0, features, negative)))


def gelu(features, approximate=False, name=None):
    """``x * Phi(x)`` (Phi the normal CDF); `approximate` uses the tanh formula.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.nn.gelu(1.0).numpy(), 0.8413447460685429))    # Phi(1)
        True
    """
    features = operand(features)
    x = features
    if approximate:
        inner = dnp.multiply(np.sqrt(2.0 / np.pi), dnp.add(x, dnp.multiply(0.044715, dnp.power(x, 3))))
        return as_result(dnp.multiply(dnp.multiply(0.5, x), dnp.add(1.0, dnp.tanh(inner))))
    return as_result(dnp.multiply(dnp.multiply(0.5, x), dnp.add(1.0, dsp.erf(dnp.divide(x, np.sqrt(2.0))))))


def leaky_relu(features, alpha=0.2, name=None):
    """``x`` for x > 0, ``alpha * x`` otherwise (derivative `alpha` at 0).

    Example:
        >>> import dualtape as tf
        >>> tf.nn.leaky_relu([-1.0, 2.0]).numpy()
        array([-0.2,  2. ])
    """
    features = operand(features)
    return as_result(dnp.where(raw(features) > 0, features, dnp.multiply(alpha, features)))


def silu(features, beta=1.0, name=None):
    """``x * sigmoid(beta * x)`` (also called swish).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.nn.silu(1.0).numpy(), 1 / (1 + np.exp(-1.0))))
        True
    """
    features = operand(features)
    return as_result(dnp.multiply(features, dsp.expit(dnp.multiply(beta, features))))


swish = silu


def softsign(features, name=None):
    """``x / (1 + |x|)``.

    Example:
        >>> import dualtape as tf
        >>> tf.nn.softsign([-1.0, 3.0]).numpy()
        array([-0.5 ,  0.75])
    """
    features = operand(features)
    return as_result(dnp.divide(features, dnp.add(1.0, dnp.abs(features))))


def softmax(logits, axis=None, name=None):
    """``exp(x) / sum(exp(x))`` along `axis` (the last axis when None).

    Example:
        >>> import dualtape as tf
        >>> tf.nn.softmax([[0.0, 0.0]]).numpy()
        array([[0.5, 0.5]])
    """
    logits = operand(logits)
    return as_result(dsp.softmax(logits, axis=-1 if axis is None else static_int(axis)))


def log_softmax(logits, axis=None, name=None):
    """``x - logsumexp(x)`` along `axis` (the last axis when None).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.allclose(tf.nn.log_softmax([0.0, 0.0]).numpy(), np.log(0.5)))
        True
    """
    logits = operand(logits)
    return as_result(dsp.log_softmax(logits, axis=-1 if axis is None else static_int(axis)))


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """``-log softmax(logits)[label]`` for each row: `labels` are class indices.

    `labels` has the shape of `logits` without its last axis; a label outside
    ``[0, classes)`` raises, as TensorFlow does on CPU.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> loss = tf.nn.sparse_softmax_cross_entropy_with_logits([1], [[0.0, 0.0, 0.0]])
        >>> bool(np.isclose(loss.numpy()[0], np.log(3.0)))
        True
    """
    logits = operand(logits)
    idx = np.asarray(raw(labels))
    classes = np.shape(raw(logits))[-1]
    if idx.shape != np.shape(raw(logits))[:-1]:
        raise ValueError(f"tf.nn.sparse_softmax_cross_entropy_with_logits: labels of shape "
                         f"{idx.shape} need logits of shape {idx.shape + (classes,)}, got "
                         f"{np.shape(raw(logits))}")
    if idx.size and (idx.min() < 0 or idx.max() >= classes):
        raise ValueError(f"tf.nn.sparse_softmax_cross_entropy_with_logits: labels must be in "
                         f"[0, {classes}), got {idx.min()}..{idx.max()}")
    one_hot = (idx[..., None] == np.arange(classes)).astype(np.result_type(raw(logits), np.float32))
    return as_result(dnp.negative(dnp.sum(dnp.multiply(one_hot, dsp.log_softmax(logits, axis=-1)), -1)))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """``-sum(labels * log_softmax(logits))`` along `axis`: `labels` are probabilities
    (the gradient reaches them too).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> loss = tf.nn.softmax_cross_entropy_with_logits([[0.5, 0.5]], [[0.0, 0.0]])
        >>> bool(np.isclose(loss.numpy()[0], np.log(2.0)))
        True
    """
    labels = operand(labels)
    logits = operand(logits)
    axis = static_int(axis)
    return as_result(dnp.negative(dnp.sum(dnp.multiply(labels, dsp.log_softmax(logits, axis=axis)), axis)))


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """The logistic loss ``-z log sigmoid(x) - (1 - z) log(1 - sigmoid(x))``, in
    TensorFlow's overflow-free form ``max(x, 0) - x z + log(1 + exp(-|x|))``.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.nn.sigmoid_cross_entropy_with_logits([1.0], [0.0]).numpy()[0], np.log(2.0)))
        True
    """
    if labels is None or logits is None:
        raise ValueError("tf.nn.sigmoid_cross_entropy_with_logits: give both labels= and logits=")
    x, labels = operand(logits), operand(labels)
    # max(x, 0) and -|x| take the same side at x = 0 (as TensorFlow's do), so their kinks
    # cancel and the derivative there is the smooth one, sigmoid(0) - z = 0.5 - z.
    nonnegative = raw(x) >= 0
    positive_part = dnp.where(nonnegative, x, 0.0)
    minus_abs = dnp.where(nonnegative, dnp.negative(x), x)
    out = dnp.add(dnp.subtract(positive_part, dnp.multiply(x, labels)),
                  dnp.log1p(dnp.exp(minus_abs)))
    return as_result(out)


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``.

    Example:
        >>> import dualtape as tf
        >>> float(tf.nn.l2_loss([3.0, 4.0]))
        12.5
    """
    t = operand(t)
    return as_result(dnp.multiply(0.5, dnp.sum(dnp.square(t))))


def moments(x, axes, shift=None, keepdims=False, name=None):
    """``(mean, variance)`` of `x` over `axes` (the variance divides by n).

    As in TensorFlow, the variance is the mean of ``(x - stop_gradient(mean))**2``:
    the same value and gradient as ``var(x)``, but second derivatives see the
    mean as a constant.

    Example:
        >>> import dualtape as tf
        >>> mean, variance = tf.nn.moments(tf.constant([1.0, 2.0, 3.0, 4.0]), axes=[0])
        >>> float(mean), float(variance)
        (2.5, 1.25)
    """
    x = operand(x)
    axes = static_axis(axes)
    mean = dnp.mean(x, axes, keepdims=True)
    variance = dnp.mean(dnp.square(dnp.subtract(x, stop_gradient(mean))), axes, keepdims=True)
    if not keepdims:
        mean, variance = dnp.squeeze(mean, axes), dnp.squeeze(variance, axes)
    return as_result(mean), as_result(variance)


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """``(x - mean) / sqrt(variance + epsilon) * scale + offset`` (None `offset` or
    `scale` leave that step out).

    Example:
        >>> import dualtape as tf
        >>> tf.nn.batch_normalization([1.0, 3.0], 2.0, 1.0, None, None, 0.0).numpy()
        array([-1.,  1.])
    """
    x = operand(x)
    mean = operand(mean)
    variance = operand(variance)
    inv = dnp.power(dnp.add(variance, variance_epsilon), -0.5)
    if scale is not None:
        inv = dnp.multiply(inv, scale)
    shift = dnp.negative(dnp.multiply(mean, inv))
    if offset is not None:
        shift = dnp.add(shift, offset)
    return as_result(dnp.add(dnp.multiply(x, inv), shift))


def bias_add(value, bias, name=None):
    """`value` plus `bias` along its last axis.

    Example:
        >>> import dualtape as tf
        >>> tf.nn.bias_add([[1.0, 2.0]], [10.0, 20.0]).numpy()
        array([[11., 22.]])
    """
    value = operand(value)
    bias = operand(bias)
    if np.ndim(raw(bias)) != 1 or np.shape(raw(bias))[0] != np.shape(raw(value))[-1]:
        raise ValueError(f"tf.nn.bias_add: bias of shape {np.shape(raw(bias))} does not match the "
                         f"last axis of a value of shape {np.shape(raw(value))}")
    return as_result(dnp.add(value, bias))
