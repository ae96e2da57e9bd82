"""HIPS autograd's optimizers (``autograd.misc.optimizers``): `sgd`, `rmsprop` and
`adam`, with autograd's signatures, on any pytree of parameters
(dualtape/composed/optimizers.py).

Example:
    >>> import dualtape as dt
    >>> from dualtape.optimizers import sgd
    >>> round(float(sgd(dt.gradient(lambda x, i: (x - 2.0) ** 2), 0.0, num_iters=300)), 6)
    2.0
"""
from .composed.optimizers import sgd, rmsprop, adam  # noqa: F401

__all__ = ["sgd", "rmsprop", "adam"]


def __getattr__(name):
    """A TensorFlow optimizer asked for here (``tf.optimizers.Adam``) is named where it is."""
    if name[:1].isupper():
        raise AttributeError(f"dualtape.optimizers holds HIPS autograd's sgd, rmsprop and adam; "
                             f"TensorFlow's tf.optimizers.{name} is tf.keras.optimizers.{name}")
    raise AttributeError(f"module 'dualtape.optimizers' has no attribute {name!r}")
