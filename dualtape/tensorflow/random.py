"""``tf.random``: ``normal``, ``uniform``, ``truncated_normal``, ``shuffle`` and ``set_seed``.

Draws come from NumPy's default generator (PCG64), so the numbers are not
TensorFlow's (its generator is Philox); the seeding rules are TensorFlow's:
``set_seed(s)`` makes the whole sequence of later draws repeatable, and an
operation ``seed=`` gives that call site a sequence of its own. Floats are
float64 unless ``dtype=`` says otherwise.

Example:
    >>> import dualtape as tf
    >>> tf.random.set_seed(1); a = tf.random.normal([2])
    >>> tf.random.set_seed(1); b = tf.random.normal([2])
    >>> bool((a.numpy() == b.numpy()).all()), a.dtype
    (True, dtype('float64'))
"""
import numpy as np

from ..core.box import raw
from ..reverse.tensor import constant
from .arguments import numpy_dtype, static_shape
from .dtypes import float64

__all__ = ["set_seed", "normal", "uniform", "truncated_normal", "shuffle"]

# TensorFlow's stand-in global seed when only an operation seed is given.
_DEFAULT_GLOBAL_SEED = 87654321


class _Seeds:
    """The global generator and one generator per operation seed, reset by `set_seed`."""

    def __init__(self):
        self.global_seed = None
        self.generator = np.random.default_rng()
        self.by_op_seed = {}

    def generator_for(self, seed):
        if seed is None:
            return self.generator
        g = self.by_op_seed.get(seed)
        if g is None:
            base = _DEFAULT_GLOBAL_SEED if self.global_seed is None else self.global_seed
            g = self.by_op_seed[seed] = np.random.default_rng([base, int(seed)])
        return g


_SEEDS = _Seeds()


def set_seed(seed):
    """Make later random draws repeatable (None goes back to fresh entropy).

    Example:
        >>> import dualtape as tf
        >>> tf.random.set_seed(7); first = tf.random.uniform([3]).numpy()
        >>> tf.random.set_seed(7); bool((tf.random.uniform([3]).numpy() == first).all())
        True
    """
    _SEEDS.global_seed = None if seed is None else int(seed)
    _SEEDS.generator = np.random.default_rng(_SEEDS.global_seed)
    _SEEDS.by_op_seed = {}


def _float_dtype(dtype, who):
    d = numpy_dtype(dtype)
    if d.kind != "f":
        raise ValueError(f"tf.random.{who}: dtype must be a float type, got {d}")
    return d


def normal(shape, mean=0.0, stddev=1.0, dtype=float64, seed=None, name=None):
    """A tensor of normal samples with the given mean and standard deviation.

    Example:
        >>> import dualtape as tf
        >>> tf.random.normal([3, 2], dtype=tf.float32).shape
        (3, 2)
    """
    d = _float_dtype(dtype, "normal")
    z = _SEEDS.generator_for(seed).standard_normal(static_shape(shape))
    return constant((raw(mean) + raw(stddev) * z).astype(d))


def uniform(shape, minval=0, maxval=None, dtype=float64, seed=None, name=None):
    """Samples uniform on ``[minval, maxval)`` (maxval defaults to 1 for floats and
    must be given for integers).

    Example:
        >>> import dualtape as tf
        >>> x = tf.random.uniform([100], -1.0, 1.0).numpy()
        >>> bool(((-1.0 <= x) & (x < 1.0)).all())
        True
    """
    d = numpy_dtype(dtype)
    g = _SEEDS.generator_for(seed)
    if d.kind in "iu":
        if maxval is None:
            raise ValueError("tf.random.uniform: an integer dtype needs maxval")
        return constant(g.integers(raw(minval), raw(maxval), static_shape(shape)).astype(d))
    hi = 1.0 if maxval is None else raw(maxval)
    lo = raw(minval)
    return constant((lo + (hi - lo) * g.random(static_shape(shape))).astype(_float_dtype(d, "uniform")))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=float64, seed=None, name=None):
    """Normal samples, each redrawn until it lies within two standard deviations of the mean.

    Example:
        >>> import dualtape as tf
        >>> bool((abs(tf.random.truncated_normal([1000]).numpy()) <= 2.0).all())
        True
    """
    d = _float_dtype(dtype, "truncated_normal")
    g = _SEEDS.generator_for(seed)
    z = g.standard_normal(static_shape(shape))
    outside = np.abs(z) > 2.0
    while outside.any():
        z[outside] = g.standard_normal(int(outside.sum()))
        outside = np.abs(z) > 2.0
    return constant((raw(mean) + raw(stddev) * z).astype(d))


def shuffle(value, seed=None, name=None):
    """`value` with its first axis in a random order (a plain tensor: no derivative).

    Example:
        >>> import dualtape as tf
        >>> sorted(tf.random.shuffle([1.0, 2.0, 3.0]).numpy().tolist())
        [1.0, 2.0, 3.0]
    """
    return constant(_SEEDS.generator_for(seed).permutation(np.asarray(raw(value))))
