"""The tape's TensorFlow extra ``tf.UnconnectedGradients``: what ``tape.gradient``
returns for a source the target does not depend on. (``tape.jacobian`` and
``tape.batch_jacobian`` are the tape's own methods.)

Example:
    >>> import dualtape as tf
    >>> x = tf.Variable([1.0, 2.0])
    >>> with tf.GradientTape() as tape:
    ...     y = tf.constant(3.0) * 2.0
    >>> tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy()
    array([0., 0.])
"""
import enum

__all__ = ["UnconnectedGradients"]


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
