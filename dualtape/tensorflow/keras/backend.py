"""Names of layers and of their variables, as TensorFlow 2's Keras gives them: ``dense``,
``dense_1``, ... and ``dense/kernel:0``; `clear_session` starts the counts again.

(Keras 3, in TensorFlow 2.16 and later, names a layer's variable ``kernel`` and
keeps ``dense/kernel`` as its ``path``; we follow the form TensorFlow's guides
print, ``dense/kernel:0``.)

Example:
    >>> from dualtape.tensorflow.keras import backend
    >>> backend.clear_session()
    >>> backend.unique_layer_name("dense"), backend.unique_layer_name("dense")
    ('dense', 'dense_1')
"""
import itertools

from ...reverse.tensor import Variable

__all__ = ["clear_session", "unique_layer_name", "make_variable"]

_counts = {}


def clear_session():
    """Forget the layer names handed out so far (the next Dense layer is ``dense`` again).

    Example:
        >>> import dualtape as tf
        >>> tf.keras.backend.clear_session()
        >>> tf.keras.layers.Dense(1).name
        'dense'
    """
    _counts.clear()


def unique_layer_name(base):
    """`base` the first time, then ``base_1``, ``base_2``, ...

    Example:
        >>> clear_session()
        >>> [unique_layer_name("layer") for _ in range(3)]
        ['layer', 'layer_1', 'layer_2']
    """
    counter = _counts.setdefault(base, itertools.count())
    k = next(counter)
    return base if k == 0 else f"{base}_{k}"


def make_variable(value, name, trainable=True):
    """A layer's Variable named `name` (a Variable's ``.name`` adds TensorFlow's ``:0``).

    Example:
        >>> make_variable(1.0, "dense/bias").name
        'dense/bias:0'
    """
    return Variable(value, trainable=trainable, name=name)
