"""The parts of a complex number: ``angle``, composed from table entries, and
``real``/``imag``, which of a dualtape value give views of its entries, as NumPy's do.

``angle(z) = arctan2(Im z, Re z)``: the ``real``/``imag`` entries of
`dualtape.rules.complex_values` take the complex value apart and the real
``arctan2`` entry measures it, so every mode differentiates it through them:
``d angle = Im(conj(z) dz) / |z|²``.  (NumPy's questions about complex values,
``iscomplexobj`` and the like, read plain values: `plain_values`.)
"""
import numpy as np

from ..core.arrays import is_box
from ..core.box import raw
from ..rules.elementwise import multiply
from ..rules.elementwise_trigonometric import arctan2
from ..rules import elementwise_more

__all__ = ["angle", "real", "imag"]


def real(val):
    """``numpy.real``: the real part; of a dualtape value a view of its entries, as
    NumPy's (``np.real(z)[0] = 1.0`` writes the real part of z's first entry).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda z: dt.numpy.real(z * z))(1.0 + 2.0j)     # Re(z²) = x² − y²: 2z
        (2+4j)
    """
    return val.real if is_box(val) else elementwise_more.real(val)


def imag(val):
    """``numpy.imag``: the imaginary part; of a complex dualtape value a view, as NumPy's.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda z: dt.numpy.imag(z * z))(1.0 + 2.0j)     # Im(z²) = 2xy
        (4-2j)
    """
    return val.imag if is_box(val) else elementwise_more.imag(val)


# the table's entries, so that the coverage page counts these names as entries
real.primitive = elementwise_more.real.primitive
imag.primitive = elementwise_more.imag.primitive


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
    if np.iscomplexobj(raw(z)):
        out = arctan2(elementwise_more.imag(z), elementwise_more.real(z))
    else:       # NumPy's arctan2(0, z), whose weak 0 sets the type: bool gives float64
        out = arctan2(0, z)
    return multiply(out, 180.0 / np.pi) if deg else out

