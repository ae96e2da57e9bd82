"""Shapes as TensorFlow shows them: `TensorShape`, and ``tf.shape`` / ``tf.rank`` / ``tf.size``.

`TensorShape` is a tuple, so it goes wherever NumPy takes a shape, and it
adds TensorFlow's ``as_list()``, ``rank`` and ``num_elements()``.

Example:
    >>> import dualtape as tf
    >>> s = tf.TensorShape([7, 10])
    >>> s, s.as_list(), s.num_elements(), s == (7, 10)
    (TensorShape([7, 10]), [7, 10], 70, True)
"""
import math

import numpy as np

from ..core.box import raw
from ..reverse.tensor import constant

__all__ = ["TensorShape", "shape", "rank", "size"]


class TensorShape(tuple):
    """A tensor's shape: a tuple of ints (``None`` for an unknown dimension).

    Example:
        >>> import dualtape as tf
        >>> print(tf.TensorShape([3, 2]))
        (3, 2)
        >>> tf.TensorShape([3, 2])[1:]
        TensorShape([2])
    """

    __slots__ = ()

    def __new__(cls, dims=()):
        if isinstance(dims, (int, np.integer)):
            dims = (dims,)
        return super().__new__(cls, (None if d is None else int(raw(d)) for d in dims))

    @property
    def rank(self):
        return len(self)

    ndims = rank

    @property
    def dims(self):
        return list(self)

    def as_list(self):
        """The dimensions as a list of ints."""
        return list(self)

    def num_elements(self):
        """The number of elements, or None when a dimension is unknown."""
        return None if None in self else math.prod(self)

    def is_fully_defined(self):
        return None not in self

    def concatenate(self, other):
        return TensorShape(tuple(self) + tuple(TensorShape(other)))

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return TensorShape(item) if isinstance(key, slice) else item

    def __eq__(self, other):
        try:
            return tuple(self) == tuple(other)
        except TypeError:
            return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __repr__(self):
        return f"TensorShape({list(self)})"

    def __str__(self):
        return repr(tuple(self))


def shape(input, out_type=np.int32, name=None):
    """``tf.shape(x)``: the shape as an int32 tensor (plain numbers, no derivative).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.shape(np.zeros((2, 3))).numpy()
        array([2, 3], dtype=int32)
    """
    return constant(np.array(np.shape(raw(input)), dtype=np.dtype(out_type)))


def rank(input, name=None):
    """``tf.rank(x)``: the number of dimensions as an int32 tensor.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> int(tf.rank(np.zeros((2, 3))))
        2
    """
    return constant(np.int32(np.ndim(raw(input))))


def size(input, out_type=np.int32, name=None):
    """``tf.size(x)``: the number of elements as an int32 tensor.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> int(tf.size(np.zeros((2, 3))))
        6
    """
    return constant(np.array(np.size(raw(input)), dtype=np.dtype(out_type))[()])
