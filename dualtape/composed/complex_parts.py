"""Complex numbers taken apart: ``angle``, composed from table entries, and
NumPy's questions about complex values (``iscomplexobj``, ``isrealobj``,
``iscomplex``, ``isreal``), answered from the plain values.

``angle(z) = arctan2(Im z, Re z)``: the ``real``/``imag`` entries of
`dualtape.rules.complex_values` take the complex value apart and the real
``arctan2`` entry measures it, so every mode differentiates it through them:
``d angle = Im(conj(z) dz) / |z|²``.  The questions return booleans, which
carry no derivative, so they read the value under the boxes.
"""
import numpy as np

from ..core.box import raw
from ..rules.elementwise import arctan2, multiply
from ..rules.elementwise_more import real, imag

__all__ = ["angle", "iscomplexobj", "isrealobj", "iscomplex", "isreal"]


def angle(z, deg=False):
    """``numpy.angle``: the argument of `z` in (-π, π] (degrees with ``deg=True``); a
    real number has angle 0 or π, with derivative 0.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> round(float(dt.numpy.angle(1j)), 6)
        1.570796
        >>> dt.gradient(dt.numpy.angle)(3.0 + 4.0j)     # ∂/∂Re z - i ∂/∂Im z = -(4 + 3i)/25
        (-0.16-0.12j)
    """
    out = arctan2(imag(z), real(z))
    return multiply(out, 180.0 / np.pi) if deg else out


def iscomplexobj(x):
    """``numpy.iscomplexobj`` of the value under the boxes (a complex dtype).

    Example:
        >>> import dualtape as dt
        >>> iscomplexobj(dt.Dual(1j, 1.0)), iscomplexobj(dt.Dual(1.0, 1.0))
        (True, False)
    """
    return np.iscomplexobj(raw(x))


def isrealobj(x):
    """``numpy.isrealobj`` of the value under the boxes (not a complex dtype).

    Example:
        >>> import dualtape as dt
        >>> isrealobj(dt.Dual(1.0, 1.0))
        True
    """
    return np.isrealobj(raw(x))


def iscomplex(x):
    """``numpy.iscomplex``: where the value under the boxes has a non-zero imaginary part.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> iscomplex(dt.Dual(np.array([1 + 0j, 2j]), np.ones(2)))
        array([False,  True])
    """
    return np.iscomplex(raw(x))


def isreal(x):
    """``numpy.isreal``: where the value under the boxes has a zero imaginary part.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> isreal(dt.Dual(np.array([1 + 0j, 2j]), np.ones(2)))
        array([ True, False])
    """
    return np.isreal(raw(x))
