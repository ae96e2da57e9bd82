"""TensorFlow's dtypes (``tf.float32``, ``tf.int64``, ...) as thin names for NumPy dtypes.

A `DType` compares equal to the NumPy dtype it names and carries it in its
``dtype`` attribute, so NumPy accepts it anywhere a dtype goes:
``np.zeros(2, dtype=tf.float32)``, ``tf.Variable(1.0, dtype=tf.float32)``.
dualtape's default float type stays float64: only an explicit ``dtype=`` asks for
another one.

Example:
    >>> import numpy as np, dualtape as tf
    >>> tf.zeros(2, dtype=tf.float32).dtype == tf.float32
    True
    >>> np.ones(1, dtype=tf.float16).dtype
    dtype('float16')
"""
import numpy as np

__all__ = ["DType", "as_dtype", "float16", "half", "float32", "float64", "double",
           "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "complex64", "complex128", "bool"]


class DType:
    """A TensorFlow dtype: a name for one NumPy dtype, with TensorFlow's attributes.

    Example:
        >>> import dualtape as tf
        >>> tf.float32.name, tf.float32.is_floating, tf.int32.max
        ('float32', True, 2147483647)
    """

    __slots__ = ("dtype",)

    def __init__(self, numpy_dtype):
        self.dtype = np.dtype(numpy_dtype)

    @property
    def name(self):
        return self.dtype.name

    @property
    def as_numpy_dtype(self):
        """The NumPy scalar type (``np.float32`` for ``tf.float32``)."""
        return self.dtype.type

    @property
    def is_floating(self):
        return self.dtype.kind == "f"

    @property
    def is_integer(self):
        return self.dtype.kind in "iu"

    @property
    def is_complex(self):
        return self.dtype.kind == "c"

    @property
    def is_bool(self):
        return self.dtype.kind == "b"

    @property
    def size(self):
        """Bytes per element."""
        return self.dtype.itemsize

    @property
    def real_dtype(self):
        """float32 for complex64, float64 for complex128, the dtype itself otherwise."""
        if self.is_complex:
            return as_dtype(np.finfo(self.dtype).dtype)
        return self

    @property
    def min(self):
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    def _limits(self):
        if self.is_floating:
            return np.finfo(self.dtype)
        if self.is_integer:
            return np.iinfo(self.dtype)
        raise TypeError(f"tf.{self.name} has no min or max")

    def __eq__(self, other):
        if other is None:       # np.dtype(None) is float64, but no dtype equals None
            return False
        try:
            return self.dtype == np.dtype(other)
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(self.dtype)

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"


def as_dtype(type_value):
    """The `DType` named by a DType, a NumPy dtype or type, or a name like ``"float32"``.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.as_dtype(np.float64), tf.as_dtype("int32")
        (tf.float64, tf.int32)
    """
    if isinstance(type_value, DType):
        return type_value
    numpy_dtype = np.dtype(type_value)
    return _BY_NUMPY.get(numpy_dtype) or DType(numpy_dtype)


float16 = half = DType(np.float16)
float32 = DType(np.float32)
float64 = double = DType(np.float64)
int8 = DType(np.int8)
int16 = DType(np.int16)
int32 = DType(np.int32)
int64 = DType(np.int64)
uint8 = DType(np.uint8)
uint16 = DType(np.uint16)
uint32 = DType(np.uint32)
uint64 = DType(np.uint64)
complex64 = DType(np.complex64)
complex128 = DType(np.complex128)
_BOOL = DType(np.bool_)

_BY_NUMPY = {d.dtype: d for d in (float16, float32, float64, int8, int16, int32, int64, uint8,
                                  uint16, uint32, uint64, complex64, complex128, _BOOL)}

# TensorFlow's name; bound last so that the builtin `bool` stays usable above.
bool = _BOOL  # noqa: A001
