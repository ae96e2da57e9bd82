"""The argument of a complex number, ``angle``, composed from table entries.

``angle(z) = arctan2(Im z, Re z)``: the ``real``/``imag`` entries of
`dualtape.rules.complex_values` take the complex value apart and the real
``arctan2`` entry measures it, so every mode differentiates it through them:
``d angle = Im(conj(z) dz) / |z|²``.  (NumPy's questions about complex values,
``iscomplexobj`` and the like, read plain values: `plain_values`.)
"""
import numpy as np

from ..rules.elementwise import arctan2, multiply
from ..rules.elementwise_more import real, imag

__all__ = ["angle"]


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

