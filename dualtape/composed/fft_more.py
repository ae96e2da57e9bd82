"""More of ``numpy.fft``, composed from the transform entries as NumPy composes
them: ``rfftn``, ``irfftn``, ``rfft2``, ``irfft2`` (a real transform along the
last axis and complex ones along the others), ``hfft`` and ``ihfft`` (the
real transforms of conjugated data, with the normalisation's direction
swapped), and ``fftfreq`` and ``rfftfreq``, differentiable in the spacing `d`.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.arrays import shape, ndim
from ..rules.elementwise_more import conj
from ..rules.fft import fft, ifft, rfft, irfft
from .positions import as_operand

__all__ = ["rfftn", "irfftn", "rfft2", "irfft2", "hfft", "ihfft", "fftfreq", "rfftfreq"]

_SWAPPED = {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}


def _sizes_and_axes(a, s, axes, inverse_real=False):
    """NumPy's `s` and `axes` defaults for an n-dimensional transform."""
    shapeless = s is None
    if s is None:
        s = list(shape(a)) if axes is None else [shape(a)[ax] for ax in axes]
    s = list(s)
    if axes is None:
        axes = list(range(-len(s), 0))
    axes = list(axes)
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    if inverse_real and shapeless:
        s[-1] = (shape(a)[axes[-1]] - 1) * 2
    return [shape(a)[ax] if n == -1 else n for n, ax in zip(s, axes)], axes


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """``numpy.fft.rfftn``: the n-dimensional DFT of real input (half spectrum on the last axis).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.rfftn(np.ones((2, 4))).shape
        (2, 3)
    """
    reject_out(out, "fft.rfftn")
    a = as_operand(a)
    s, axes = _sizes_and_axes(a, s, axes)
    a = rfft(a, s[-1], axes[-1], norm)
    for k in range(len(axes) - 2, -1, -1):
        a = fft(a, s[k], axes[k], norm)
    return a


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """``numpy.fft.irfftn``: the inverse of `rfftn` (a real result).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = np.arange(8.0).reshape(2, 4)
        >>> np.allclose(dt.numpy.fft.irfftn(dt.numpy.fft.rfftn(x)), x)
        True
    """
    reject_out(out, "fft.irfftn")
    a = as_operand(a)
    s, axes = _sizes_and_axes(a, s, axes, inverse_real=True)
    for k in range(len(axes) - 1):
        a = ifft(a, s[k], axes[k], norm)
    return irfft(a, s[-1], axes[-1], norm)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """``numpy.fft.rfft2``: `rfftn` over the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.rfft2(np.ones((3, 4)))[0, 0]
        np.complex128(12+0j)
    """
    return rfftn(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """``numpy.fft.irfft2``: `irfftn` over the last two axes.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.irfft2(np.ones((2, 3))).shape
        (2, 4)
    """
    return irfftn(a, s, axes, norm, out)


def _swapped(norm):
    if norm not in _SWAPPED:
        raise ValueError(f'Invalid norm value {norm}; should be "backward", "ortho" or "forward".')
    return _SWAPPED[norm]


def hfft(a, n=None, axis=-1, norm=None, out=None):
    """``numpy.fft.hfft``: the real spectrum of a signal with Hermitian symmetry, given its
    first half (``irfft`` of the conjugate, normalisation direction swapped).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.hfft(np.array([1.0, 2.0, 3.0]))
        array([ 9., -3.,  1., -3.])
    """
    reject_out(out, "fft.hfft")
    a = as_operand(a)
    if n is None:
        n = (shape(a)[axis] - 1) * 2
    return irfft(conj(a), n, axis, norm=_swapped(norm))


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    """``numpy.fft.ihfft``: the inverse of `hfft` (the conjugate of ``rfft``, normalisation
    direction swapped).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.ihfft(np.array([9.0, -3.0, 1.0, -3.0]))
        array([1.-0.j, 2.-0.j, 3.-0.j])
    """
    reject_out(out, "fft.ihfft")
    a = as_operand(a)
    if n is None:
        n = shape(a)[axis]
    return conj(rfft(a, n, axis, norm=_swapped(norm)))


def fftfreq(n, d=1.0, *, device=None):
    """``numpy.fft.fftfreq``: the sample frequencies ``k / (n d)``, differentiable in `d`.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda d: dt.numpy.fft.fftfreq(4, d), (0.5,), (1.0,))[1]
        array([-0., -1.,  2.,  1.])
    """
    if not isinstance(n, (int, np.integer)):
        raise ValueError("n should be an integer")
    half = (n - 1) // 2 + 1
    k = np.concatenate([np.arange(0, half, dtype=int), np.arange(-(n // 2), 0, dtype=int)])
    return k * (1.0 / (n * d))


def rfftfreq(n, d=1.0, *, device=None):
    """``numpy.fft.rfftfreq``: the non-negative sample frequencies of `rfft`.

    Example:
        >>> import dualtape as dt
        >>> dt.numpy.fft.rfftfreq(4, 0.5)
        array([0. , 0.5, 1. ])
    """
    if not isinstance(n, (int, np.integer)):
        raise ValueError("n should be an integer")
    return np.arange(0, n // 2 + 1, dtype=int) * (1.0 / (n * d))
