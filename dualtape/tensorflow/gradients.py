"""The tape's TensorFlow extras: ``tf.UnconnectedGradients`` and `batch_jacobian`.

`batch_jacobian` is TensorFlow's ``tape.batch_jacobian`` written on the tape's
public ``gradient`` and the reverse Jacobian builder, so it adds no derivative
of its own and needs nothing above the reverse engine.

Example:
    >>> import numpy as np, dualtape as tf
    >>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    >>> with tf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = x ** 2
    >>> batch_jacobian(tape, y, x).numpy()      # one diag(2 x_b) per example b
    array([[[2., 0.],
            [0., 4.]],
    <BLANKLINE>
           [[6., 0.],
            [0., 8.]]])
"""
import enum

import numpy as np

from ..core.box import raw
from ..reverse.jacobian import jacobian_from_pullback
from ..reverse.tensor import constant_or_box
from ..rules.shapes import moveaxis

__all__ = ["UnconnectedGradients", "batch_jacobian"]


class UnconnectedGradients(str, enum.Enum):
    """What ``tape.gradient`` returns for a source the target does not depend on.

    The members are the strings the tape takes, so both spellings work.

    Example:
        >>> import dualtape as tf
        >>> x, y = tf.Variable(1.0), tf.Variable(2.0)
        >>> with tf.GradientTape() as tape:
        ...     z = y * y
        >>> float(tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO))
        0.0
    """

    NONE = "none"
    ZERO = "zero"


def batch_jacobian(tape, target, source, unconnected_gradients="none",
                   parallel_iterations=None, experimental_use_pfor=True):
    """TensorFlow's ``tape.batch_jacobian``: ``jb[b, y..., x...] = d target[b, y...] / d source[b, x...]``.

    As in TensorFlow, each element ``y`` is pulled back once for the whole batch
    (its cotangent is 1 in every example), so the result is the per-example
    Jacobian when examples do not interact, and the sum over examples of
    ``d target[b', y] / d source[b, x]`` when they do (batch normalisation in
    training mode, say). `unconnected_gradients` is ``"none"`` or ``"zero"`` (or
    the matching `UnconnectedGradients` member); `parallel_iterations` and
    `experimental_use_pfor` are accepted and have no effect. It reads only the
    tape's public ``gradient``, so it can serve as the tape's own method.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> x = tf.constant(np.ones((3, 2)))
        >>> with tf.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = tf.reduce_sum(x, axis=1, keepdims=True) * 2.0
        >>> batch_jacobian(tape, y, x).shape
        (3, 1, 2)
    """
    if unconnected_gradients not in ("none", "zero"):
        raise ValueError(f"batch_jacobian: unconnected_gradients must be 'none' or 'zero', "
                         f"got {unconnected_gradients!r}")
    target_shape, source_shape = np.shape(raw(target)), np.shape(raw(source))
    if not target_shape or not source_shape or target_shape[0] != source_shape[0]:
        raise ValueError(f"batch_jacobian: target {target_shape} and source {source_shape} need "
                         f"the same leading batch dimension")
    connected = []

    def pullback(cotangent):
        weights = np.broadcast_to(cotangent, target_shape).copy()
        g = tape.gradient(target, source, output_gradients=weights)
        connected.append(g is not None)
        return [np.zeros(source_shape) if g is None else g]

    block, = jacobian_from_pullback(pullback, target_shape[1:], [source_shape])
    if connected and not any(connected) and unconnected_gradients == "none":
        return None
    return constant_or_box(moveaxis(block, len(target_shape) - 1, 0))
