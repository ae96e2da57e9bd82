"""Activations by name, for ``Dense(units, activation="relu")``.

As Keras's, ``softmax`` and ``sigmoid`` remember the logits they were given, and the
cross-entropy losses read those logits rather than the probabilities (`logits_of`):
no probability clipping, and a derivative at saturated predictions.

Example:
    >>> import dualtape as tf
    >>> tf.keras.activations.get("relu") is tf.nn.relu, tf.keras.activations.get(None)([-1.0]).numpy()
    (True, array([-1.]))
"""
import functools
import weakref

from .. import nn
from ..arguments import operand
from ..conversion import identity

__all__ = ["get", "logits_of", "linear", "relu", "elu", "selu", "gelu", "sigmoid", "tanh", "softmax",
           "softplus", "softsign", "swish", "silu", "leaky_relu"]


def linear(x):
    """The identity: Keras's activation for ``activation=None``.

    Example:
        >>> linear([1.0]).numpy()
        array([1.])
    """
    return identity(x)


relu, elu, selu, gelu, tanh = nn.relu, nn.elu, nn.selu, nn.gelu, nn.tanh
softplus, softsign, swish, silu, leaky_relu = (nn.softplus, nn.softsign, nn.swish, nn.silu,
                                               nn.leaky_relu)

# id(output of softmax or sigmoid) -> (weak reference to it, the logits it came from)
_LOGITS = {}


def _remember_logits(output, logits):
    key = id(output)
    _LOGITS[key] = (weakref.ref(output, functools.partial(_forget, key)), logits)
    return output


def _forget(key, _ref):
    _LOGITS.pop(key, None)


def logits_of(probabilities):
    """The logits that Keras's `softmax` or `sigmoid` turned into `probabilities`, or None.

    Example:
        >>> import dualtape as tf
        >>> p = tf.keras.activations.softmax([[0.0, 2.0]])
        >>> logits_of(p), logits_of(tf.nn.softmax([[0.0, 2.0]]))
        (array([[0., 2.]]), None)
    """
    entry = _LOGITS.get(id(probabilities))
    return entry[1] if entry is not None and entry[0]() is probabilities else None


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x))`` along `axis`, remembering `x` for the cross-entropy losses.

    Example:
        >>> softmax([[0.0, 0.0]]).numpy()
        array([[0.5, 0.5]])
    """
    x = operand(x)
    return _remember_logits(nn.softmax(x, axis=axis), x)


def sigmoid(x):
    """``1 / (1 + exp(-x))``, remembering `x` for the binary cross-entropy.

    Example:
        >>> sigmoid([0.0]).numpy()
        array([0.5])
    """
    x = operand(x)
    return _remember_logits(nn.sigmoid(x), x)


_BY_NAME = {"linear": linear, "relu": relu, "elu": elu, "selu": selu, "gelu": gelu,
            "sigmoid": sigmoid, "tanh": tanh, "softmax": softmax, "softplus": softplus,
            "softsign": softsign, "swish": swish, "silu": silu, "leaky_relu": leaky_relu}


def get(identifier):
    """The activation function named by `identifier`; None is `linear`, a callable is itself.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.activations.get("tanh")(0.0).numpy()
        np.float64(0.0)
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    fn = _BY_NAME.get(identifier)
    if fn is None:
        raise ValueError(f"Unknown activation {identifier!r}; known: {sorted(_BY_NAME)}")
    return fn
