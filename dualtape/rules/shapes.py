"""Shape primitives: reshape, broadcast_to, expand_dims, squeeze, transpose,
concatenate, stack (and swapaxes/moveaxis, composed from transpose).

All are linear, so each is registered by `deflinear` from its adjoint alone:
the tangent rule is the entry applied to the tangent.  Axes reach the entries
as negative integers, which keep their meaning when a tangent carries leading
direction axes; an output shape (``reshape``, ``broadcast_to``) gets them in
front, and ``transpose`` keeps them in place.
"""
import math

import numpy as np

from ..core.dispatch import bind
from ..core.primitive import deflinear, prefix_batch
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis
from .helpers import cotangent_batch, sum_to_shape
from .indexing import getitem
from .complex_values import accept_complex, HOLOMORPHIC

__all__ = ["reshape", "broadcast_to", "expand_dims", "squeeze", "transpose",
           "swapaxes", "moveaxis", "concatenate", "stack", "ravel"]


# --- reshape ------------------------------------------------------------------------

_reshape = deflinear(
    "reshape", lambda x, shape: np.reshape(x, shape),
    lambda g, out, x, shape: (reshape(g, cotangent_batch(g, out) + _shape(x)),),
    batch_params=prefix_batch("shape"), static=("shape",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 6)),), dict(shape=(3, 4))),
                          ((rng.standard_normal((4,)),), dict(shape=(2, 1, 2)))])
_shape = shape


def _resolve_shape(newshape, size):
    if isinstance(newshape, (int, np.integer)):
        newshape = (int(newshape),)
    newshape = tuple(int(n) for n in newshape)
    if -1 in newshape:
        known = math.prod(n for n in newshape if n != -1)
        if newshape.count(-1) > 1 or known == 0 or size % known:
            raise ValueError(f"reshape: cannot reshape array of size {size} into shape {newshape}")
        newshape = tuple(size // known if n == -1 else n for n in newshape)
    if math.prod(newshape) != size:
        raise ValueError(f"reshape: cannot reshape array of size {size} into shape {newshape}")
    return newshape


def reshape(a, newshape, *more):
    """``numpy.reshape`` (``-1`` allowed once; C order).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.reshape(np.arange(6.0), (2, -1)).shape
        (2, 3)
    """
    if more:
        newshape = (newshape,) + more
    if type(a) is np.ndarray:
        # a plain array: the entry's implementation at once (bind would call it), with
        # NumPy's own checks; rules reshape plain tangents and cotangents all the time
        out = a.reshape(newshape)
        return a if out.shape == a.shape else out
    s = shape(a)
    target = _resolve_shape(newshape, math.prod(s))      # (math.prod: np.prod costs µs)
    if target == s:
        return a
    return bind(_reshape, a, shape=target)


def ravel(a):
    """``numpy.ravel``: the elements as a 1-D array.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.ravel(np.ones((2, 3))).shape
        (6,)
    """
    return reshape(a, (-1,))


# --- broadcast_to -------------------------------------------------------------------

# Flagged `broadcasts`: the forward engine gives a batched tangent unit axes up
# to the output's rank, so it broadcasts like the input.
_broadcast_to = deflinear(
    "broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
    lambda g, out, x, shape: (sum_to_shape(g, _shape(x), cotangent_batch(g, out)),),
    batch_params=prefix_batch("shape"), broadcasts=True, static=("shape",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((3, 1)),), dict(shape=(2, 3, 4))),
                          ((rng.standard_normal(()),), dict(shape=(3,)))])


def broadcast_to(array, shape):
    """``numpy.broadcast_to``; the adjoint sums over the broadcast axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.broadcast_to(x, (3, 2)).sum())(np.ones(2))
        array([3., 3.])
    """
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(int(n) for n in shape)
    if _shape(array) == shape:
        return array
    return bind(_broadcast_to, array, shape=shape)


# --- expand_dims / squeeze -----------------------------------------------------------

_expand_dims = deflinear(
    "expand_dims", lambda x, axis: np.expand_dims(x, axis),
    lambda g, out, x, axis: (reshape(g, cotangent_batch(g, out) + _shape(x)),),
    static=("axis",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 3)),), dict(axis=(-1,))),
                          ((rng.standard_normal((2, 3)),), dict(axis=(-4, -2)))])


def expand_dims(a, axis):
    """``numpy.expand_dims`` (int or tuple of axes).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.expand_dims(np.ones(3), 0).shape
        (1, 3)
    """
    naxes = 1 if isinstance(axis, (int, np.integer)) else len(axis)
    return bind(_expand_dims, a, axis=normalize_axes(axis, ndim(a) + naxes))


_squeeze = deflinear(
    "squeeze", lambda x, axis: np.squeeze(x, axis),
    lambda g, out, x, axis: (reshape(g, cotangent_batch(g, out) + _shape(x)),),
    static=("axis",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 1, 3, 1)),), dict(axis=(-3, -1)))])


def squeeze(a, axis=None):
    """``numpy.squeeze``: remove axes of length one.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.squeeze(np.ones((1, 3, 1))).shape
        (3,)
    """
    s = shape(a)
    if axis is None:
        axis = tuple(i for i, n in enumerate(s) if n == 1)
    axes = normalize_axes(axis, len(s))
    for ax in axes:
        if s[ax] != 1:
            raise ValueError(f"squeeze: cannot select an axis to squeeze out which has size "
                             f"not equal to one (axis {ax} of shape {s})")
    if not axes:
        return a
    return bind(_squeeze, a, axis=axes)


# --- transpose ------------------------------------------------------------------------

def _directions_in_place(batch, x, axes):
    """The permutation for a tangent with leading direction axes: those stay first."""
    nb = len(batch)
    return dict(axes=tuple(range(nb)) + tuple(nb + a for a in axes))


def _transpose_back(g, out, axes):
    """The adjoint of a transpose: the inverse permutation, g's batch axes kept first."""
    inverse = tuple(int(i) for i in np.argsort(axes))
    return bind(_transpose, g, **_directions_in_place(cotangent_batch(g, out), None, inverse))


_transpose = deflinear(
    "transpose", lambda x, axes: np.transpose(x, axes),
    lambda g, out, x, axes: (_transpose_back(g, out, axes),),
    batch_params=_directions_in_place, static=("axes",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 3, 4)),), dict(axes=(2, 0, 1))),
                          ((rng.standard_normal((2, 3)),), dict(axes=(1, 0)))])


def transpose(a, axes=None):
    """``numpy.transpose`` (reverse the axes, or permute them by `axes`).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.transpose(np.ones((2, 3, 4)), (1, 0, 2)).shape
        (3, 2, 4)
    """
    if type(a) is np.ndarray:
        # a plain array: the entry's implementation at once, with NumPy's own checks
        out = a.transpose(axes)
        return a if out.strides == a.strides and out.shape == a.shape else out
    nd = ndim(a)
    if axes is None:
        axes = tuple(range(nd))[::-1]
    axes = tuple(int(ax) % nd if nd else int(ax) for ax in axes)
    if sorted(axes) != list(range(nd)):
        raise ValueError(f"transpose: axes {axes} don't match array of dimension {nd}")
    if axes == tuple(range(nd)):
        return a
    return bind(_transpose, a, axes=axes)


def swapaxes(a, axis1, axis2):
    """``numpy.swapaxes``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.swapaxes(np.ones((2, 3)), 0, 1).shape
        (3, 2)
    """
    if type(a) is np.ndarray:
        return a.swapaxes(axis1, axis2)      # a plain array: NumPy's own, as bind would call
    nd = ndim(a)
    perm = list(range(nd))
    i, j = normalize_axis(axis1, nd) + nd, normalize_axis(axis2, nd) + nd
    perm[i], perm[j] = perm[j], perm[i]
    return transpose(a, perm)


def moveaxis(a, source, destination):
    """``numpy.moveaxis``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.moveaxis(np.ones((2, 3, 4)), 0, -1).shape
        (3, 4, 2)
    """
    nd = ndim(a)
    src = [s + nd for s in _as_axes(source, nd)]
    dst = [d + nd for d in _as_axes(destination, nd)]
    if len(src) != len(dst):
        raise ValueError("moveaxis: `source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(a, order)


def _as_axes(axis, nd):
    if isinstance(axis, (int, np.integer)):
        return [normalize_axis(axis, nd)]
    return [normalize_axis(a, nd) for a in axis]


# --- concatenate / stack --------------------------------------------------------------

def _split_back(g, xs, axis):
    nd = ndim(g)
    cts, start = [], 0
    for x in xs:
        n = shape(x)[axis]
        index = (slice(None),) * (nd + axis) + (slice(start, start + n),)
        cts.append(getitem(g, index))
        start += n
    return tuple(cts)


_concatenate = deflinear(
    "concatenate", lambda *xs, axis: np.concatenate(xs, axis=axis),
    lambda g, out, *xs, axis: _split_back(g, xs, axis),
    static=("axis",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 3)), rng.standard_normal((2, 1))), dict(axis=-1)),
                          ((rng.standard_normal((1, 3)), rng.standard_normal((2, 3)),
                            rng.standard_normal((3, 3))), dict(axis=-2))])


def concatenate(arrays, axis=0):
    """``numpy.concatenate`` along an existing axis (``axis=None`` flattens first).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.concatenate([np.ones(2), np.zeros(3)]).shape
        (5,)
    """
    arrays = list(arrays)
    if not arrays:
        raise ValueError("concatenate: need at least one array to concatenate")
    if axis is None:
        arrays = [ravel(a) for a in arrays]
        axis = 0
    nd = ndim(arrays[0])
    if nd == 0:
        raise ValueError("concatenate: zero-dimensional arrays cannot be concatenated")
    return bind(_concatenate, *arrays, axis=normalize_axis(axis, nd))


def _unstack(g, xs, axis):
    nd = ndim(g)
    return tuple(getitem(g, (slice(None),) * (nd + axis) + (i,)) for i in range(len(xs)))


_stack = deflinear(
    "stack", lambda *xs, axis: np.stack(xs, axis=axis),
    lambda g, out, *xs, axis: _unstack(g, xs, axis),
    static=("axis",), family="shapes",
    examples=lambda rng: [((rng.standard_normal((2, 3)), rng.standard_normal((2, 3))), dict(axis=-1)),
                          ((rng.standard_normal(3), rng.standard_normal(3),
                            rng.standard_normal(3)), dict(axis=-2))])


def stack(arrays, axis=0):
    """``numpy.stack`` along a new axis.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.stack([np.ones(2), np.zeros(2)], axis=1).shape
        (2, 2)
    """
    arrays = list(arrays)
    if not arrays:
        raise ValueError("stack: need at least one array to stack")
    shapes = {shape(a) for a in arrays}
    if len(shapes) != 1:
        raise ValueError(f"stack: all input arrays must have the same shape, got {sorted(shapes)}")
    return bind(_stack, *arrays, axis=normalize_axis(axis, ndim(arrays[0]) + 1))


# --- complex values: rearranging is complex-linear -----------------------------------------
accept_complex(HOLOMORPHIC, _reshape, _broadcast_to, _expand_dims, _squeeze, _transpose,
               _concatenate, _stack)
