"""``tf.math``: TensorFlow's elementwise functions, reductions and scans in one namespace.

Example:
    >>> import dualtape as tf
    >>> x = tf.constant(0.0)
    >>> with tf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = tf.math.sin(x) + tf.math.exp(x)
    >>> float(tape.gradient(y, x))        # cos(0) + exp(0)
    2.0
"""
from .elementwise import FUNCTIONS
from .reductions import (reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,  # noqa: F401
                         reduce_logsumexp, reduce_std, reduce_variance, reduce_all, reduce_any,
                         argmax, argmin, cumsum, cumprod)
from .nn import softmax, log_softmax  # noqa: F401
from .complex_numbers import real, imag, conj, angle  # noqa: F401

globals().update(FUNCTIONS)

__all__ = sorted(set(FUNCTIONS) | {
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_logsumexp",
    "reduce_std", "reduce_variance", "reduce_all", "reduce_any", "argmax", "argmin", "cumsum",
    "cumprod", "softmax", "log_softmax", "real", "imag", "conj", "angle"})
