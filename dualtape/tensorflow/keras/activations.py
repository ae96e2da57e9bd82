"""Activations by name, for ``Dense(units, activation="relu")``.

Example:
    >>> import dualtape as tf
    >>> tf.keras.activations.get("relu") is tf.nn.relu, tf.keras.activations.get(None)([-1.0]).numpy()
    (True, array([-1.]))
"""
from .. import nn
from ..conversion import identity

__all__ = ["get", "linear", "relu", "elu", "selu", "gelu", "sigmoid", "tanh", "softmax",
           "softplus", "softsign", "swish", "silu", "leaky_relu"]


def linear(x):
    """The identity: Keras's activation for ``activation=None``.

    Example:
        >>> linear([1.0]).numpy()
        array([1.])
    """
    return identity(x)


relu, elu, selu, gelu, sigmoid, tanh = nn.relu, nn.elu, nn.selu, nn.gelu, nn.sigmoid, nn.tanh
softmax, softplus, softsign, swish, silu, leaky_relu = (nn.softmax, nn.softplus, nn.softsign,
                                                        nn.swish, nn.silu, nn.leaky_relu)

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
