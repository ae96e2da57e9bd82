"""Shape and axis arithmetic on possibly boxed values, shared by every layer.

Nothing here computes a derivative: these read the NumPy shape under the
boxes and normalise axes, so rules and engines agree on what an axis means.
"""
import numpy as np

from .box import Box


def shape(x):
    """NumPy shape of a possibly boxed value."""
    while isinstance(x, Box):
        x = x._inner()
    if type(x) is float or type(x) is complex:
        return ()
    try:
        return x.shape
    except AttributeError:
        return np.shape(x)


def ndim(x):
    return len(shape(x))


def batch_ndim(t, x):
    """How many leading direction axes tangent `t` carries beyond `x`'s shape."""
    return ndim(t) - ndim(x)


def normalize_axes(axis, nd):
    """`axis` (None, int or tuple) as a sorted tuple of *negative* axes.

    Negative axes keep meaning the same axis when a tangent carries extra
    leading direction axes, which is why every rule receives them this way.
    """
    if axis is None:
        return tuple(range(-nd, 0))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    out = []
    for a in axis:
        a = int(a)
        if not -nd <= a < max(nd, 1) and not (nd == 0 and a in (0, -1)):
            raise np.exceptions.AxisError(f"axis {a} is out of bounds for array of dimension {nd}")
        out.append(a - nd if a >= 0 else a)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis!r}")
    return tuple(sorted(out))


def normalize_axis(axis, nd):
    """One axis as a negative int."""
    (a,) = normalize_axes(axis, nd)
    return a


_FLOAT64 = np.dtype(np.float64)


def float_dtype(x):
    """The dtype derivatives of `x` are carried in: its own for a floating or
    complex array, complex128 for a Python complex, float64 otherwise.

    Example:
        >>> float_dtype(np.ones(2, np.float32)), float_dtype(1j), float_dtype(3)
        (dtype('float32'), dtype('complex128'), dtype('float64'))
    """
    if type(x) is float:
        return _FLOAT64
    dt = getattr(x, "dtype", None)
    if dt is not None and getattr(dt, "kind", None) in ("f", "c"):   # NumPy's inexact kinds
        return dt
    return np.dtype(np.complex128 if type(x) is complex else np.float64)


def is_box(x):
    return isinstance(x, Box)


class Shape(tuple):
    """A box's shape: NumPy's tuple of ints, with TensorFlow's ``as_list()`` too.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.constant(np.ones((2, 3)))
        >>> x.shape, x.shape.as_list(), x.shape == (2, 3)
        ((2, 3), [2, 3], True)
    """

    __slots__ = ()

    def __repr__(self):
        return tuple.__repr__(self)

    def as_list(self):
        """The dimensions as a list, as TensorFlow's ``TensorShape.as_list``."""
        return list(self)
