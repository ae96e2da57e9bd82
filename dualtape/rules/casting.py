"""Casting between float dtypes (differentiable, linear); integer or boolean
casts return plain values, since such a value carries no derivative."""
import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import deflinear
from ..core.arrays import float_dtype

__all__ = ["astype"]

_astype = deflinear(
    "astype", lambda x, dtype: np.asarray(x).astype(dtype),
    lambda g, out, x, dtype: (astype(g, float_dtype(raw(x))),),
    static=("dtype",), family="casting",
    examples=lambda rng: [((rng.standard_normal((2, 3)),), dict(dtype=np.dtype(np.float64)))])


def astype(x, dtype):
    """``x.astype(dtype)``: differentiable for float dtypes; an integer or
    boolean dtype gives the plain converted value (no derivative).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.astype(x, np.float32).sum())(np.ones(2))
        array([1., 1.])
    """
    dtype = np.dtype(dtype)
    if np.issubdtype(dtype, np.complexfloating):
        raise TypeError("astype: complex dtypes are not supported yet by dualtape")
    if not np.issubdtype(dtype, np.floating):
        return np.asarray(raw(x)).astype(dtype)
    if getattr(raw(x), "dtype", None) == dtype:
        return x
    return bind(_astype, x, dtype=dtype)
