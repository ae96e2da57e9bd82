"""Discrete Fourier transforms: ``fft``/``ifft``/``fft2``/``ifft2``/``fftn``/``ifftn``
(two entries, forward and inverse over any axes), ``rfft``/``irfft`` and the
shifts.

All are linear, registered by `deflinear` from their adjoints alone: each
tangent rule is the transform itself.  With the
complex convention of `complex_values` (cotangents pair through
``Re Σ z̄·ż``) the adjoint of a complex-to-complex DFT is the same DFT, since
the DFT matrix is symmetric; for a real input the engine keeps the real part.
``rfft``'s adjoint pads the half spectrum with zeros and takes the real part of
a full FFT; ``irfft``'s adjoint is a truncated inverse FFT weighted by 2 on the
bins that stand for two conjugate frequencies.

Lengths (``n``, ``s``) are applied by the public functions (truncating or
zero-padding with table operations), so the entries always see the final
length; ``axes`` reach the rules as negative integers.
"""
import numpy as np

from ..core.arguments import reject_out
from ..core.dispatch import bind
from ..core.primitive import deflinear
from ..core.arrays import shape, ndim, normalize_axes, normalize_axis
from .complex_values import (complex_sample, accept_complex, refuse_complex, HOLOMORPHIC,
                             NONHOLOMORPHIC)
from .indexing import getitem
from .shapes import concatenate
from .elementwise_more import real

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft",
           "fftshift", "ifftshift"]

_NORMS = ("backward", "ortho", "forward")


# --- complex-to-complex ---------------------------------------------------------------------

def _c2c(name, np_fn):
    def adjoint(g, out, x, axes, norm):
        return (bind(prim, g, axes=axes, norm=norm),)

    prim = deflinear(
        name, lambda x, axes, norm: np_fn(x, axes=axes, norm=norm), adjoint,
        static=("axes", "norm"), family="fft",
        examples=lambda rng: [
            ((complex_sample(rng, (3, 4)),), dict(axes=(-1,), norm="backward")),
            ((rng.standard_normal((3, 4)),), dict(axes=(-2, -1), norm="ortho")),
            ((complex_sample(rng, (2, 3, 4)),), dict(axes=(-3, -1), norm="forward"))])
    return prim


_fftn = _c2c("fft.fftn", np.fft.fftn)
_ifftn = _c2c("fft.ifftn", np.fft.ifftn)


def _norm(norm):
    norm = "backward" if norm is None else norm
    if norm not in _NORMS:
        raise ValueError(f"fft: invalid norm {norm!r}; use one of {_NORMS} or None")
    return norm


def _resize(x, n, axis):
    """`x` truncated or zero-padded to length `n` along (negative) `axis`."""
    have = shape(x)[axis]
    if n is None or n == have:
        return x
    if n < 1:
        raise ValueError(f"fft: invalid number of data points ({n}) specified")
    if n < have:
        return getitem(x, (Ellipsis, slice(0, n)) + (slice(None),) * (-axis - 1))
    pad_shape = list(shape(x))
    pad_shape[axis] = n - have
    return concatenate([x, np.zeros(pad_shape)], axis=axis)


def _axes_and_sizes(x, s, axes, who):
    nd = ndim(x)
    if axes is None:
        axes = tuple(range(-len(s), 0)) if s is not None else tuple(range(-nd, 0))
    axes = [normalize_axis(a, nd) for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError(f"fft.{who}: repeated axis in {axes}")
    if s is not None and len(s) != len(axes):
        raise ValueError(f"fft.{who}: `s` and `axes` must have the same length")
    return axes, (None,) * len(axes) if s is None else tuple(int(n) for n in s)


def _transform(prim, x, s, axes, norm, who):
    axes, sizes = _axes_and_sizes(x, s, axes, who)
    for a, n in zip(axes, sizes):
        x = _resize(x, n, a)
    return bind(prim, x, axes=tuple(sorted(axes)), norm=_norm(norm))


def _along_one_axis(name, prim, doc):
    """The public ``name(a, n=None, axis=-1, norm=None, out=None)``: `prim` along one axis."""
    def transform(a, n=None, axis=-1, norm=None, out=None):
        reject_out(out, f"fft.{name}")
        return _transform(prim, a, None if n is None else (n,), (axis,), norm, name)
    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = doc
    return transform


def _over_axes(name, prim, default_axes, over):
    """The public ``name(a, s=None, axes=default_axes, norm=None, out=None)``:
    `prim` over several axes, with a docstring whose example NumPy checks."""
    def transform(a, s=None, axes=default_axes, norm=None, out=None):
        reject_out(out, f"fft.{name}")
        return _transform(prim, a, s, axes, norm, name)
    transform.__name__ = transform.__qualname__ = name
    ones = np.ones((2,) * (3 if default_axes is None else len(default_axes)))
    corner = ", ".join("0" * ones.ndim)
    transform.__doc__ = f"""``numpy.fft.{name}``: the {"inverse " if prim is _ifftn else ""}DFT over {over}.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.{name}(np.ones({ones.shape}))[{corner}]
        np.complex128{complex(getattr(np.fft, name)(ones)[(0,) * ones.ndim])!r}
    """
    return transform


fft = _along_one_axis(
    "fft", _fftn,
    """``numpy.fft.fft``: the one-dimensional DFT along `axis` (complex output).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda x: dt.numpy.sum(dt.numpy.abs(dt.numpy.fft.fft(x)) ** 2)
        >>> dt.gradient(f)(np.array([1.0, 2.0, 3.0]))     # Parseval: 2 n x
        array([ 6., 12., 18.])
    """)

ifft = _along_one_axis(
    "ifft", _ifftn,
    """``numpy.fft.ifft``: the one-dimensional inverse DFT along `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.real(dt.numpy.fft.ifft(x))[0])(np.ones(2))
        array([0.5, 0.5])
    """)

fft2 = _over_axes("fft2", _fftn, (-2, -1), "two axes")
ifft2 = _over_axes("ifft2", _ifftn, (-2, -1), "two axes")
fftn = _over_axes("fftn", _fftn, None, "`axes` (all axes by default)")
ifftn = _over_axes("ifftn", _ifftn, None, "`axes` (all axes by default)")


# --- real-to-complex and back -------------------------------------------------------------------

def _along(v, axis):
    """A 1-D constant shaped to broadcast along (negative) `axis`."""
    return np.reshape(v, (-1,) + (1,) * (-axis - 1))


def _rfft_adjoint(g, out, x, axis, norm):
    n = shape(x)[axis]
    full = _resize(g, n, axis)                 # zeros on the frequencies rfft drops
    return (real(bind(_fftn, full, axes=(axis,), norm=norm)),)


_rfft = deflinear(
    "fft.rfft", lambda x, axis, norm: np.fft.rfft(x, axis=axis, norm=norm),
    _rfft_adjoint, static=("axis", "norm"), family="fft",
    examples=lambda rng: [((rng.standard_normal((3, 6)),), dict(axis=-1, norm="backward")),
                          ((rng.standard_normal((5, 3)),), dict(axis=-2, norm="ortho")),
                          ((rng.standard_normal((4, 5)),), dict(axis=-1, norm="forward"))])


def _irfft_weights(m, n):
    """2 on the bins that stand for a conjugate pair, 1 on the zero (and Nyquist) bin."""
    w = np.full(m, 2.0)
    w[0] = 1.0
    if n % 2 == 0:
        w[-1] = 1.0
    return w


def _irfft_adjoint(g, out, y, n, axis, norm):
    m = shape(y)[axis]
    spectrum = bind(_ifftn, g, axes=(axis,), norm=norm)
    part = getitem(spectrum, (Ellipsis, slice(0, m)) + (slice(None),) * (-axis - 1))
    return (part * _along(_irfft_weights(m, n), axis),)


_irfft = deflinear(
    "fft.irfft", lambda y, n, axis, norm: np.fft.irfft(y, n=n, axis=axis, norm=norm),
    _irfft_adjoint, static=("n", "axis", "norm"), family="fft",
    examples=lambda rng: [((complex_sample(rng, (3, 4)),), dict(n=6, axis=-1, norm="backward")),
                          ((complex_sample(rng, (3, 4)),), dict(n=7, axis=-1, norm="ortho")),
                          ((complex_sample(rng, (2, 3)),), dict(n=2, axis=-2, norm="forward"))])


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """``numpy.fft.rfft``: the DFT of a real signal, non-negative frequencies only.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.real(dt.numpy.fft.rfft(x))[1])(np.zeros(4))
        array([ 1.,  0., -1.,  0.])
    """
    reject_out(out, "fft.rfft")
    axis = normalize_axis(axis, ndim(a))
    return bind(_rfft, _resize(a, n, axis), axis=axis, norm=_norm(norm))


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """``numpy.fft.irfft``: the real signal of length `n` (default ``2(m - 1)``) whose
    half spectrum is `a`; the imaginary parts of the zero (and Nyquist) bin are
    ignored, as NumPy does.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = np.array([1.0, 2.0, 0.5, -1.0])
        >>> np.allclose(dt.numpy.fft.irfft(dt.numpy.fft.rfft(x)), x)
        True
    """
    reject_out(out, "fft.irfft")
    axis = normalize_axis(axis, ndim(a))
    m = shape(a)[axis]
    n = 2 * (m - 1) if n is None else int(n)
    if n < 1:
        raise ValueError(f"fft.irfft: invalid number of data points ({n}) specified")
    return bind(_irfft, _resize(a, n // 2 + 1, axis), n=n, axis=axis, norm=_norm(norm))


# --- shifts ------------------------------------------------------------------------------------

_SHIFTS = {}


def _shift(name, np_fn, inverse, what):
    """The entry ``fft.name`` (its adjoint is the `inverse` shift) and its public
    function, with a docstring whose example NumPy checks."""
    _SHIFTS[name] = prim = deflinear(
        f"fft.{name}", lambda x, axes: np_fn(x, axes=axes),
        lambda g, out, x, axes: (bind(_SHIFTS[inverse], g, axes=axes),),
        static=("axes",), family="fft",
        examples=lambda rng: [((rng.standard_normal((3, 5)),), dict(axes=(-2, -1))),
                              ((complex_sample(rng, (4, 3)),), dict(axes=(-1,)))])

    def shift(x, axes=None):
        return bind(prim, x, axes=normalize_axes(axes, ndim(x)))
    shift.__name__ = shift.__qualname__ = name
    shift.__doc__ = f"""``numpy.fft.{name}``: {what}.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.fft.{name}(np.arange(5.0))
        {np_fn(np.arange(5.0))!r}
    """
    return shift


fftshift = _shift("fftshift", np.fft.fftshift, "ifftshift", "move the zero frequency to the centre")
ifftshift = _shift("ifftshift", np.fft.ifftshift, "fftshift", "the inverse of `fftshift`")


# --- complex values ----------------------------------------------------------------------------
# The complex DFTs and the shifts are complex-linear; irfft is only real-linear (its
# output is real), and rfft refuses complex input, which NumPy would silently make real.
accept_complex(HOLOMORPHIC, _fftn, _ifftn, _SHIFTS["fftshift"], _SHIFTS["ifftshift"])
accept_complex(NONHOLOMORPHIC, _irfft)
refuse_complex("the input must be a real signal (NumPy drops its imaginary part with only a "
               "warning); use fft for complex values", _rfft)
