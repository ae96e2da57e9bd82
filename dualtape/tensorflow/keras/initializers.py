"""Initial values of weights: ``GlorotUniform`` (Dense kernels), ``Zeros``, ``Ones``,
``RandomNormal``, drawn from ``tf.random`` so ``tf.random.set_seed`` makes them repeatable.

Example:
    >>> import numpy as np, dualtape as tf
    >>> w = tf.keras.initializers.GlorotUniform()((5, 3)).numpy()
    >>> bool((abs(w) <= np.sqrt(6.0 / (5 + 3))).all())
    True
"""
import numpy as np

from .. import random
from ..creation import ones, zeros
from ..dtypes import float64

__all__ = ["Initializer", "GlorotUniform", "Zeros", "Ones", "RandomNormal", "get"]


class Initializer:
    """Base of the initializers: ``init(shape, dtype)`` gives a constant tensor.

    Example:
        >>> Zeros()((2,)).numpy()
        array([0., 0.])
    """

    def __call__(self, shape, dtype=float64):  # pragma: no cover - abstract
        raise NotImplementedError


class GlorotUniform(Initializer):
    """Uniform on ``[-limit, limit]`` with ``limit = sqrt(6 / (fan_in + fan_out))``
    (Glorot and Bengio, 2010).

    Example:
        >>> GlorotUniform(seed=1)((2, 2)).shape
        (2, 2)
    """

    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype=float64):
        shape = tuple(shape)
        receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
        fan_in = shape[-2] * receptive if len(shape) > 1 else shape[0]
        fan_out = shape[-1] * receptive if len(shape) > 1 else shape[0]
        limit = np.sqrt(6.0 / max(1, fan_in + fan_out))
        return random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)


class RandomNormal(Initializer):
    """Normal with the given mean and standard deviation (Keras's default: 0, 0.05).

    Example:
        >>> RandomNormal(stddev=0.0)((2,)).numpy()
        array([0., 0.])
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=float64):
        return random.normal(shape, self.mean, self.stddev, dtype=dtype, seed=self.seed)


class Zeros(Initializer):
    """All zeros (Dense biases, BatchNormalization's beta and moving mean).

    Example:
        >>> Zeros()((1, 2)).numpy()
        array([[0., 0.]])
    """

    def __call__(self, shape, dtype=float64):
        return zeros(shape, dtype=dtype)


class Ones(Initializer):
    """All ones (BatchNormalization's gamma and moving variance).

    Example:
        >>> Ones()((2,)).numpy()
        array([1., 1.])
    """

    def __call__(self, shape, dtype=float64):
        return ones(shape, dtype=dtype)


_BY_NAME = {"glorot_uniform": GlorotUniform, "zeros": Zeros, "ones": Ones,
            "random_normal": RandomNormal}


def get(identifier):
    """An initializer from a name (``"glorot_uniform"``, ``"zeros"``, ...) or itself.

    Example:
        >>> type(get("zeros")).__name__
        'Zeros'
    """
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    cls = _BY_NAME.get(identifier)
    if cls is None:
        raise ValueError(f"Unknown initializer {identifier!r}; known: {sorted(_BY_NAME)}")
    return cls()
