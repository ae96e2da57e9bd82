"""Axis bookkeeping shared by the rules of reductions (``sum``, ``max``, ``var``,
``nanmax``, ...) and by the functions composed from them.

Every rule receives ``axis`` as a sorted tuple of negative axes (see
`dualtape.core.arrays.normalize_axes`); these helpers turn it into shapes,
counts, tie weights and audit inputs.  The ones that touch a possibly boxed
value use table operations, so they are differentiable like the rules.
"""
import math

import numpy as np

from ..core.box import raw
from ..core.arrays import shape
from .shapes import reshape, broadcast_to


def keepdims_shape(xshape, axis):
    """The shape of a reduction of `xshape` over `axis` with ``keepdims=True``.

    Example:
        >>> keepdims_shape((2, 3, 4), (-3, -1))
        (1, 3, 1)
    """
    nd = len(xshape)
    reduced = {a + nd for a in axis}
    return tuple(1 if i in reduced else n for i, n in enumerate(xshape))


def reduced_shape(xshape, axis):
    """The shape of a reduction of `xshape` over `axis` with ``keepdims=False``.

    Example:
        >>> reduced_shape((2, 3, 4), (-3, -1))
        (3,)
    """
    nd = len(xshape)
    return tuple(n for i, n in enumerate(xshape) if i - nd not in axis)


def reduced_count(xshape, axis):
    """How many elements of `xshape` one output element of the reduction over `axis` reads.

    Example:
        >>> reduced_count((2, 3, 4), (-3, -1))
        8
    """
    nd = len(xshape)
    return math.prod(xshape[a + nd] for a in axis)


def unreduce(g, x, axis, keepdims):
    """A reduced cotangent (or output) reshaped so that it broadcasts against `x`.

    Leading axes of `g` beyond the reduction's rank are a batch of cotangents:
    they stay in front.

    Example:
        >>> import numpy as np
        >>> unreduce(np.ones(3), np.zeros((2, 3)), (-2,), False).shape
        (1, 3)
        >>> unreduce(np.ones((5, 3)), np.zeros((2, 3)), (-2,), False).shape
        (5, 1, 3)
    """
    if keepdims:
        return g
    xshape = shape(x)
    batch = shape(g)[:len(shape(g)) - (len(xshape) - len(axis))]
    return reshape(g, batch + keepdims_shape(xshape, axis))


def spread(g, x, axis, keepdims):
    """A reduced cotangent broadcast back over the reduced axes of `x` (`x`'s shape,
    after g's leading batch axes).

    Example:
        >>> import numpy as np
        >>> spread(np.array([1.0, 2.0]), np.zeros((2, 3)), (-1,), False)
        array([[1., 1., 1.],
               [2., 2., 2.]])
    """
    g = unreduce(g, x, axis, keepdims)
    xshape = shape(x)
    return broadcast_to(g, shape(g)[:len(shape(g)) - len(xshape)] + xshape)


def tie_weights(x, out, axis, keepdims, where_none=np.nan):
    """Raw weights 1/(number of ties) on the elements of `x` equal to the reduced
    `out` (how ``max``-like reductions share their derivative between ties).

    NaN never compares equal, so where no element matches (``max`` of a slice
    holding NaN, ``nanmax`` of an all-NaN slice) the slice's weights are
    `where_none`.

    Example:
        >>> import numpy as np
        >>> tie_weights(np.array([1.0, 3.0, 3.0]), 3.0, (-1,), False)
        array([0. , 0.5, 0.5])
    """
    xr = np.asarray(raw(x))
    o = np.asarray(raw(out))
    if not keepdims:
        o = o.reshape(keepdims_shape(xr.shape, axis))
    hit = xr == o
    count = np.sum(hit, axis=axis, keepdims=True)
    return np.divide(hit, count, out=np.full(hit.shape, where_none), where=count > 0)


def reduction_examples(rng, **params):
    """Audit inputs for a reduction entry: all axes, one axis with and without
    ``keepdims``, and two axes of three; `params` are added to every case.

    Example:
        >>> import numpy as np
        >>> [p for _, p in reduction_examples(np.random.default_rng(0), ddof=0)][-1]
        {'axis': (-3, -1), 'keepdims': False, 'ddof': 0}
    """
    x = rng.standard_normal((3, 4))
    return [((x,), dict(axis=(-2, -1), keepdims=False, **params)),
            ((x,), dict(axis=(-1,), keepdims=False, **params)),
            ((x,), dict(axis=(-2,), keepdims=True, **params)),
            ((rng.standard_normal((2, 3, 2)),), dict(axis=(-3, -1), keepdims=False, **params))]
