"""The NaN-ignoring reductions that are table entries: ``nansum``, ``nanmax`` and
``nanmin`` (family ``statistics``), with NumPy's ``axis``/``keepdims``.

NaN entries get derivative zero.  ``nanmax`` and ``nanmin`` weight the element
their value is read from, and tied elements share that weight equally, like
the ties of ``max``; an all-NaN slice gives NaN, and its elements derivative
zero.  NumPy's full signature of ``nansum`` (``dtype=``, ``out=``) and the
NaN-ignoring functions composed from entries (``nanprod``, ``nanmean``,
``nanvar``, ...) are in `dualtape.composed.nan_statistics` and
`dualtape.composed.statistics`.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import ndim, normalize_axes
from .complex_values import accept_complex, refuse_complex, HOLOMORPHIC, ORDERED
from .elementwise import where
from .reduction_helpers import spread, reduction_examples
from .reductions import sum as _sum, extremum_rules

__all__ = ["nansum", "nanmax", "nanmin"]


def _nan_mask(x):
    return np.isnan(np.asarray(raw(x)))


# Linear in the numbers but not `deflinear`: the derivative skips the places where
# x is NaN, which the entry applied to a tangent (NaN-free) would not.
_nansum = defprimitive(
    "nansum", lambda x, axis, keepdims: np.nansum(x, axis=axis, keepdims=keepdims),
    lambda ts, out, x, axis, keepdims: _sum(where(_nan_mask(x), 0.0, ts[0]), axis=axis, keepdims=keepdims),
    lambda g, out, x, axis, keepdims: (where(_nan_mask(x), 0.0,
                                             spread(g, x, axis, keepdims)),),
    static=("axis", "keepdims"), linear=True, family="statistics",
    examples=reduction_examples)


def nansum(a, axis=None, keepdims=False):
    """The sum of `a` over `axis` treating NaN as zero; NaN entries get derivative zero
    (the entry; ``dualtape.numpy.nansum`` adds NumPy's ``dtype=`` and ``out=``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: nansum(x))(np.array([1.0, np.nan, 2.0]))
        array([1., 0., 1.])
    """
    return bind(_nansum, a, axis=normalize_axes(axis, ndim(a)), keepdims=bool(keepdims))


def _nan_extremum(name, np_fn, doc):
    prim = defprimitive(
        name, lambda x, axis, keepdims: np_fn(x, axis=axis, keepdims=keepdims),
        *extremum_rules(where_none=0.0), static=("axis", "keepdims"), family="statistics",
        examples=reduction_examples)

    def fn(a, axis=None, out=None, keepdims=False):
        reject_out(out, name)
        return bind(prim, a, axis=normalize_axes(axis, ndim(a)), keepdims=bool(keepdims))
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    fn.primitive = prim
    return fn


nanmax = _nan_extremum("nanmax", np.nanmax, """
    ``numpy.nanmax``: the maximum ignoring NaN; tied maxima share the derivative.

    An all-NaN slice gives NaN (with NumPy's warning), and its elements get
    derivative zero.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanmax(x))(np.array([1.0, np.nan, 3.0]))
        array([0., 0., 1.])
    """)
nanmin = _nan_extremum("nanmin", np.nanmin, """
    ``numpy.nanmin``: the minimum ignoring NaN, with the conventions of `nanmax`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.nanmin(x))(np.array([1.0, np.nan, 3.0]))
        array([1., 0., 0.])
    """)


# --- complex values: a sum is holomorphic; an order has no complex meaning ------------------------
accept_complex(HOLOMORPHIC, _nansum)
refuse_complex(ORDERED, nanmax, nanmin)
