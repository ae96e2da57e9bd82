"""Elementwise functions NumPy builds from others: ``fabs``, ``frexp``, ``modf``,
``divmod``, ``real_if_close`` and ``sort_complex``.

* ``frexp(x) = (m, e)`` with ``x = m · 2ᵉ``: the exponent e is an integer
  (no derivative) and ``m = ldexp(x, -e)``, so ∂m/∂x = 2⁻ᵉ exactly;
* ``modf(x) = (f, i)``: the integral part is ``trunc`` (derivative 0) and the
  fractional part ``fmod(x, 1)`` (derivative 1), with NumPy's ``±0`` at ``±inf``;
* ``divmod`` is ``(floor_divide, remainder)``.
"""
import numpy as np

from ..core.box import raw
from ..rules.casting import astype
from ..rules.elementwise import absolute, where
from ..rules.elementwise_more import real
from ..rules.elementwise_piecewise import fmod, trunc, remainder
from ..rules.floating_point import ldexp
from .operands import floor_divide, integral
from .positions import as_operand
from .selection import take_along_axis

__all__ = ["fabs", "frexp", "modf", "divmod", "floor_divide", "real_if_close", "sort_complex"]


def fabs(x, /):
    """``numpy.fabs``: the absolute value of real numbers (complex input is a ``TypeError``,
    as in NumPy).

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.fabs, (-2.0,), (1.0,))
        (2.0, -1.0)
    """
    if np.iscomplexobj(raw(x)):
        raise TypeError("ufunc 'fabs' not supported for complex input; use absolute")
    return absolute(as_float(x))


def as_float(x):
    """`x` in the float type NumPy's float-only ufuncs (``fabs``, ``modf``) give it: a float
    stays in its width, an integer or boolean goes to the smallest float that holds it
    (bool and int8 to float16, int64 to float64).

    Example:
        >>> import numpy as np
        >>> as_float(np.array([True])).dtype, as_float(np.array([1])).dtype
        (dtype('float16'), dtype('float64'))
    """
    own = np.result_type(raw(x))
    wanted = np.result_type(own, np.float16)
    return x if own == wanted else astype(x, wanted)


def frexp(x, /):
    """``numpy.frexp``: mantissa and exponent, ``x = m · 2**e``; the mantissa is
    differentiable (∂m/∂x = 2**-e), the exponent an integer array.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.frexp(x)[0], (3.0,), (1.0,))
        (0.75, 0.25)
    """
    exponent = np.frexp(raw(x))[1]
    return ldexp(x, -int(exponent) if exponent.ndim == 0 else -exponent), exponent


def modf(x, /):
    """``numpy.modf``: fractional and integral parts with the sign of x; the fractional
    part has derivative 1, the integral part 0.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.modf(x)[0], (-2.5,), (1.0,))
        (-0.5, 1.0)
    """
    x = as_float(x)
    r = raw(x)
    infinite = np.isinf(r)
    if np.any(infinite):
        x = where(infinite, np.copysign(0.0, r), x)      # modf(±inf) = (±0, ±inf)
    return fmod(x, 1.0), trunc(as_operand(r) if np.any(infinite) else x)


def divmod(x1, x2, /):
    """``numpy.divmod``: ``(floor_divide(x1, x2), remainder(x1, x2))``.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.divmod(x, 2.0)[1], (5.5,), (1.0,))
        (1.5, 1.0)
    """
    if integral(x1, x2):           # NumPy's integer quotient and remainder: no derivative
        return np.divmod(raw(x1), raw(x2))
    return floor_divide(x1, x2), remainder(x1, x2)


def real_if_close(a, tol=100):
    """``numpy.real_if_close``: the real part when every imaginary part is within `tol`
    machine epsilons of zero (``tol`` > 1), else `a` unchanged.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.real_if_close(np.array([1.0 + 1e-20j]))
        array([1.])
    """
    r = np.asarray(raw(a))
    if not np.iscomplexobj(r):
        return a
    if tol > 1:
        tol = np.finfo(r.dtype.char.lower()).eps * tol
    return real(a) if np.all(np.abs(r.imag) < tol) else a


def sort_complex(a):
    """``numpy.sort_complex``: sorted by real part, then imaginary part; complex result.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y = dt.numpy.sort_complex(dt.Dual(np.array([3.0, 1.0]), np.array([1.0, 2.0])))
        >>> y.primal, y.tangent
        (array([1.+0.j, 3.+0.j]), array([2.+0.j, 1.+0.j]))
    """
    a = as_operand(a)
    order = np.argsort(raw(a), axis=-1, kind="stable")
    out = take_along_axis(a, order, axis=-1)
    own = np.result_type(raw(out))
    if own.kind == "c":
        return out
    # NumPy's complex type for real input: complex64 for 8- and 16-bit integers only,
    # complex128 for the rest (float32 and float16 included)
    return astype(out, np.complex64 if own.char in "bhBH" else
                  np.clongdouble if own.char == "g" else np.complex128)
