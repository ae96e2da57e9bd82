"""Reductions with NumPy's ``axis`` and ``keepdims``: sum, mean, prod, max, min.

Wrappers hand the rules ``axis`` as a sorted tuple of negative axes, which
keeps its meaning when a tangent carries leading direction axes.  ``max`` and
``min`` split the derivative equally between tied elements.
"""
import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive, deflinear
from ..core.arrays import shape, ndim, normalize_axes
from .elementwise import where
from .reduction_helpers import reduced_count, unreduce, spread, tie_weights, reduction_examples
from .shapes import reshape, broadcast_to, transpose
from .complex_values import accept_complex, refuse_complex, HOLOMORPHIC, ORDERED

__all__ = ["sum", "mean", "prod", "max", "min", "amax", "amin"]


def _entry(define, name, np_fn, *rules):
    """A reduction entry registered by `define` (`defprimitive`, or `deflinear` with
    the adjoint alone); its params are the normalized ``axis`` and ``keepdims``."""
    return define(name, lambda x, axis, keepdims: np_fn(x, axis=axis, keepdims=keepdims),
                  *rules, static=("axis", "keepdims"), family="reductions",
                  examples=reduction_examples)


def _public(prim, doc):
    """The NumPy-facing function of reduction entry `prim` (axis: int, tuple or None)."""
    def fn(a, axis=None, keepdims=False):
        return bind(prim, a, axis=normalize_axes(axis, ndim(a)), keepdims=bool(keepdims))
    fn.__name__ = fn.__qualname__ = prim.name
    fn.__doc__ = prim.doc = doc
    fn.primitive = prim
    return fn


def _reduction(name, np_fn, tangent, adjoint, doc):
    return _public(_entry(defprimitive, name, np_fn, tangent, adjoint), doc)


# sum and mean are linear: `deflinear` derives their tangent rules (the entry
# applied to the tangent; the axes are negative, so they keep their meaning
# when the tangent carries leading direction axes).
sum = _public(_entry(
    deflinear, "sum", np.sum,
    lambda g, out, x, axis, keepdims: (spread(g, x, axis, keepdims),)),
    """``numpy.sum`` over `axis` (None: all axes), optionally keeping dimensions.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.sum(x ** 2))(np.array([1.0, 2.0]))
        array([2., 4.])
    """)

mean = _public(_entry(
    deflinear, "mean", np.mean,
    lambda g, out, x, axis, keepdims: (spread(g, x, axis, keepdims) / reduced_count(shape(x), axis),)),
    """``numpy.mean`` over `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.mean(x))(np.ones(4))
        array([0.25, 0.25, 0.25, 0.25])
    """)


def _product_of_others(x, out, axis):
    """∂ prod(x) / ∂ x_i = product of every other element along `axis`.

    ``out / x`` when no element is zero; otherwise the exact product of the
    others, built from table operations (so it stays differentiable).
    """
    xr = raw(x)
    xshape = shape(x)
    if not np.any(np.asarray(xr) == 0):
        return spread(out, x, axis, True) / x
    nd = len(xshape)
    keep = [i for i in range(nd) if i - nd not in axis]
    red = [a + nd for a in axis]
    perm = keep + red
    moved = transpose(x, tuple(perm))
    n = reduced_count(xshape, axis)
    flat = reshape(moved, tuple(xshape[i] for i in keep) + (n,))
    # row i of `grid` is x with its i-th element replaced by 1
    eye = np.eye(n, dtype=bool)
    grid = where(eye, 1.0, broadcast_to(reshape(flat, shape(flat)[:-1] + (1, n)), shape(flat)[:-1] + (n, n)))
    others = prod(grid, axis=-1)
    others = reshape(others, tuple(xshape[i] for i in keep) + tuple(xshape[i] for i in red))
    inverse = np.argsort(perm)
    return transpose(others, tuple(int(i) for i in inverse))


def _prod_tangent(ts, out, x, axis, keepdims):
    others = _product_of_others(x, unreduce(out, x, axis, keepdims), axis)
    return sum(ts[0] * others, axis=axis, keepdims=keepdims)


prod = _reduction(
    "prod", np.prod,
    _prod_tangent,
    lambda g, out, x, axis, keepdims: (
        spread(g, x, axis, keepdims)
        * _product_of_others(x, unreduce(out, x, axis, keepdims), axis),),
    """``numpy.prod`` over `axis`; exact also where elements are zero.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.prod(x))(np.array([2.0, 0.0, 5.0]))
        array([ 0., 10.,  0.])
    """)


def extremum_rules(where_none=np.nan):
    """Tangent and adjoint rules of a reduction that reads one element (``max``,
    ``min``, ``nanmax``, ...): tied elements share the derivative equally, and
    a slice where no element equals the output gets `where_none` (NaN for
    ``max`` of a slice with NaN, 0 for ``nanmax`` of an all-NaN slice).

    Example:
        >>> import numpy as np
        >>> tangent, adjoint = extremum_rules()
        >>> x = np.array([1.0, 3.0, 3.0])
        >>> float(tangent([np.ones(3)], 3.0, x, axis=(-1,), keepdims=False))
        1.0
        >>> adjoint(2.0, 3.0, x, axis=(-1,), keepdims=False)
        (array([0., 1., 1.]),)
    """
    def tangent(ts, out, x, axis, keepdims):
        weights = tie_weights(x, out, axis, keepdims, where_none)
        return sum(ts[0] * weights, axis=axis, keepdims=keepdims)

    def adjoint(g, out, x, axis, keepdims):
        return (spread(g, x, axis, keepdims) * tie_weights(x, out, axis, keepdims, where_none),)
    return tangent, adjoint


def _extremum(name, np_fn, doc):
    return _reduction(name, np_fn, *extremum_rules(), doc)


max = _extremum("max", np.max, """``numpy.max``; tied maxima share the derivative equally.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.max(x))(np.array([1.0, 3.0, 3.0]))
        array([0. , 0.5, 0.5])
    """)
min = _extremum("min", np.min, """``numpy.min``; tied minima share the derivative equally.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.min(x))(np.array([1.0, 3.0, 1.0]))
        array([0.5, 0. , 0.5])
    """)
amax = max
amin = min


# --- complex values -------------------------------------------------------------------------
accept_complex(HOLOMORPHIC, sum, mean, prod)
refuse_complex(ORDERED, max, min)
