"""Casting between float and complex dtypes (differentiable, linear); integer or
boolean casts return plain values, since such a value carries no derivative.

A real value cast to a complex dtype pairs its cotangent's real part back (the
convention of `complex_values`); a complex value cast to a real dtype is
refused, since NumPy drops the imaginary part (with only a warning).
"""
import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import deflinear
from ..core.arrays import float_dtype
from .complex_values import real_part, accept_complex, HOLOMORPHIC

__all__ = ["astype"]


def _cast(x, dtype):
    if np.issubdtype(np.result_type(x), np.complexfloating) and \
            not np.issubdtype(dtype, np.complexfloating):
        raise TypeError(
            f"astype: casting a complex value ({np.result_type(x)}) to {dtype} would drop its "
            f"imaginary part (NumPy only warns); take np.real(z) (or np.abs(z)) first")
    return np.asarray(x).astype(dtype)


def _astype_adjoint(g, out, x, dtype):
    want = float_dtype(raw(x))
    return (astype(g if want.kind == "c" else real_part(g), want),)


_astype = deflinear(
    "astype", _cast, _astype_adjoint, static=("dtype",), family="casting",
    examples=lambda rng: [((rng.standard_normal((2, 3)),), dict(dtype=np.dtype(np.float64))),
                          ((rng.standard_normal(3),), dict(dtype=np.dtype(np.complex128)))])


def astype(x, dtype):
    """``x.astype(dtype)``: differentiable for float and complex dtypes; an integer
    or boolean dtype gives the plain converted value (no derivative).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.astype(x, np.float32).sum())(np.ones(2))
        array([1., 1.])
        >>> dt.gradient(lambda x: dt.numpy.abs(dt.numpy.astype(x, complex) * 1j).sum())(np.ones(2))
        array([1., 1.])
    """
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.inexact):
        return _cast(raw(x), dtype)
    if np.result_type(raw(x)) == dtype:       # (a Python number has no .dtype, and None == float64)
        return x
    return bind(_astype, x, dtype=dtype)


def astype_or_keep(x, dtype):
    """`x` cast to `dtype`, or `x` itself when `dtype` is None: what NumPy's reductions
    do with their ``dtype=`` argument.

    Example:
        >>> import numpy as np
        >>> astype_or_keep(np.ones(2), None).dtype, astype_or_keep(np.ones(2), np.float32).dtype
        (dtype('float64'), dtype('float32'))
    """
    return x if dtype is None else astype(x, dtype)


# --- complex values: a cast is complex-linear --------------------------------------------------
accept_complex(HOLOMORPHIC, _astype)
