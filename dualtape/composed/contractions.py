"""The products NumPy defines as contractions: ``vdot``, ``inner``, ``outer``,
``tensordot``, ``kron``, ``cross`` and ``trace``.

Each one is composed from the ``einsum`` entry and the shape entries (``trace``
from ``diagonal`` and ``sum``), so its derivatives are those entries' rules;
none adds a table entry.
"""
import string

import numpy as np

from ..core.arrays import shape, ndim, normalize_axis
from ..core.box import raw
from ..rules.complex_values import conj
from ..rules.einsum import einsum
from ..rules.reductions import sum as _sum
from ..rules.shapes import ravel, reshape, moveaxis
from .selection import diagonal

__all__ = ["vdot", "inner", "outer", "tensordot", "kron", "cross", "trace"]

_LETTERS = string.ascii_letters          # the subscript labels einsum accepts


def vdot(a, b):
    """``numpy.vdot``: the dot product of the flattened arrays, conjugating the first
    (a composition: ravel both, conjugate `a`, then ``einsum("i,i")``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.vdot(np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((2, 2))))
        10.0
        >>> complex(dt.numpy.vdot(np.array([1j]), np.array([1j])))       # conj(i)·i = 1
        (1+0j)
    """
    if int(np.prod(shape(a))) != int(np.prod(shape(b))):
        raise ValueError(f"vdot: vectors have different lengths (shapes {shape(a)} and {shape(b)})")
    return einsum("i,i", conj(ravel(a)), ravel(b))


def inner(a, b):
    """``numpy.inner``: sum over the last axes of `a` and `b` (a composition:
    a ``tensordot`` over those axes; a product when either is a scalar).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.inner(np.ones((2, 3)), np.arange(3.0))
        array([3., 3.])
    """
    if ndim(a) == 0 or ndim(b) == 0:
        return a * b
    if shape(a)[-1] != shape(b)[-1]:
        raise ValueError(f"inner: shapes {shape(a)} and {shape(b)} not aligned on their last axes")
    return tensordot(a, b, axes=([-1], [-1]))


def outer(a, b):
    """``numpy.outer``: ``out[i, j] = a.ravel()[i] * b.ravel()[j]`` (a
    composition: ravel both, then ``einsum("i,j->ij")``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.outer(np.array([1.0, 2.0]), np.array([1.0, 10.0, 100.0]))
        array([[  1.,  10., 100.],
               [  2.,  20., 200.]])
    """
    return einsum("i,j->ij", ravel(a), ravel(b))


def _tensordot_axes(axes, na, nb):
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0 or n > min(na, nb):
            raise ValueError(f"tensordot: axes={n} is out of range for operands of rank {na} and {nb}")
        return list(range(na - n, na)), list(range(n))
    try:
        axes_a, axes_b = axes
    except (TypeError, ValueError):
        raise ValueError("tensordot: axes must be an int or a pair of sequences of axes") from None
    if isinstance(axes_a, (int, np.integer)):
        axes_a = [axes_a]
    if isinstance(axes_b, (int, np.integer)):
        axes_b = [axes_b]
    axes_a = [normalize_axis(x, na) + na for x in axes_a]
    axes_b = [normalize_axis(x, nb) + nb for x in axes_b]
    if len(axes_a) != len(axes_b):
        raise ValueError("tensordot: shape-mismatch for sum (the two axis lists differ in length)")
    return axes_a, axes_b


def tensordot(a, b, axes=2):
    """``numpy.tensordot``: sum products over the last `axes` axes of `a` and the
    first of `b`, or over the axes paired by ``axes=(axes_a, axes_b)`` (a
    composition: one einsum).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.tensordot(np.ones((2, 3, 4)), np.ones((4, 3)), axes=([1, 2], [1, 0]))
        array([12., 12.])
    """
    na, nb = ndim(a), ndim(b)
    axes_a, axes_b = _tensordot_axes(axes, na, nb)
    sa, sb = shape(a), shape(b)
    for i, j in zip(axes_a, axes_b):
        if sa[i] != sb[j]:
            raise ValueError(f"tensordot: shape-mismatch for sum: axis {i} of {sa} and axis {j} of {sb}")
    la = _LETTERS[:na]
    lb = list(_LETTERS[na:na + nb])
    for i, j in zip(axes_a, axes_b):
        lb[j] = la[i]
    lb = "".join(lb)
    out = "".join(c for k, c in enumerate(la) if k not in axes_a) + \
        "".join(c for k, c in enumerate(lb) if k not in axes_b)
    return einsum(f"{la},{lb}->{out}", a, b)


def kron(a, b):
    """``numpy.kron``: the Kronecker product, block ``(i, j, ...)`` is
    ``a[i, j, ...] * b`` (a composition: an einsum that interleaves the axes,
    then a reshape).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.kron(np.array([1.0, 10.0]), np.array([1.0, 2.0, 3.0]))
        array([ 1.,  2.,  3., 10., 20., 30.])
    """
    nd = max(ndim(a), ndim(b))
    if nd == 0:
        return a * b
    sa = (1,) * (nd - ndim(a)) + shape(a)
    sb = (1,) * (nd - ndim(b)) + shape(b)
    a = reshape(a, sa)
    b = reshape(b, sb)
    la, lb = _LETTERS[:nd], _LETTERS[nd:2 * nd]
    out = einsum(f"{la},{lb}->" + "".join(x + y for x, y in zip(la, lb)), a, b)
    return reshape(out, tuple(x * y for x, y in zip(sa, sb)))


def _levi_civita():
    eps = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        eps[i, j, k] = 1.0
        eps[i, k, j] = -1.0
    return eps


_EPS = _levi_civita()


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """``numpy.cross`` of 3-vectors (and 2-vectors) along an axis, broadcasting
    the other axes (a composition: ``c_i = ε_ijk a_j b_k`` as one einsum with
    the Levi-Civita tensor).

    Two 2-vectors give the scalar z-component ``a0 b1 - a1 b0``; a 2-vector with
    a 3-vector is taken with z = 0 (NumPy's rules, without its deprecation
    warning for 2-vectors).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.cross(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
        array([0., 0., 1.])
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    a = moveaxis(a, axisa, -1)
    b = moveaxis(b, axisb, -1)
    da, db = shape(a)[-1], shape(b)[-1]
    if da not in (2, 3) or db not in (2, 3):
        raise ValueError(f"cross: incompatible dimensions for cross product "
                         f"(dimension must be 2 or 3), got {da} and {db}")
    # the Levi-Civita tensor in the operands' type, so the product keeps it (float32 stays float32)
    eps = _EPS[:, :da, :db].astype(np.result_type(raw(a), raw(b)), copy=False)
    if da == 2 and db == 2:
        return einsum("jk,...j,...k->...", eps[2], a, b)
    c = einsum("ijk,...j,...k->...i", eps, a, b)
    return moveaxis(c, -1, normalize_axis(axisc, ndim(c)))


def trace(a, offset=0, axis1=0, axis2=1):
    """``numpy.trace``: the sum along a diagonal (a composition: ``diagonal``,
    then ``sum`` over its last axis).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.trace(a, offset=1))(np.zeros((2, 3)))
        array([[0., 1., 0.],
               [0., 0., 1.]])
    """
    return _sum(diagonal(a, offset, axis1, axis2), axis=-1)
