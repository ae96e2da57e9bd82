"""Complex intermediates: ``real``, ``imag``, ``conj`` and ``abs`` of complex values.

dualtape differentiates real functions of real inputs, but the values in
between may be complex (an FFT, ``exp(1j * x)``).  The convention is JAX's:

* a tangent of a complex value is a complex number ż;
* a cotangent z̄ pairs with a tangent through the *real bilinear* form
  ``⟨z̄, ż⟩ = Re Σ z̄·ż`` (no conjugation), so for a real loss L the cotangent
  is ``∂L/∂Re z - i ∂L/∂Im z``;
* a real input always gets a real cotangent (the engine keeps the real part).

With this pairing every holomorphic rule (multiply, exp, matmul, sum, FFTs...)
is the same formula as for real values, so the existing entries need no
change.  Only the functions that are not complex-linear need their own
entries, which are the ones here; the public ``real``, ``imag``, ``conj`` and
``abs`` send complex arguments to them and real ones to the real entries.

    real:  ẏ = Re ż        z̄ = ȳ
    imag:  ẏ = Im ż        z̄ = -i ȳ
    conj:  ẏ = conj(ż)     z̄ = conj(ȳ)
    abs:   ẏ = Re(conj(u) ż), z̄ = ȳ conj(u),   u = z/|z|  (u = 0 at z = 0)
"""
import functools

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive, deflinear

__all__ = []


def is_complex(x):
    """True when the value under every box has a complex dtype."""
    r = raw(x)
    return type(r) is not float and np.iscomplexobj(r)


def complex_sample(rng, shape):
    """Audit inputs: complex numbers with normal real and imaginary parts."""
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def _examples(rng):
    return [((complex_sample(rng, (3, 4)),), {}), ((complex_sample(rng, ()),), {})]


# The public real/conjugate/where are imported when called: elementwise_more.py and
# elementwise.py import this module (for `complex_aware`) while they load.

def _real(x):
    from .elementwise_more import real
    return real(x)


def _conj(x):
    from .elementwise_more import conjugate
    return conjugate(x)


def _phase(z, out):
    """z / |z| with 0 at z = 0, from table operations (``out`` is ``|z|``)."""
    from .elementwise import where
    zero = np.asarray(raw(out)) == 0
    if not np.any(zero):
        return z / out
    return where(zero, 0.0, z / where(zero, 1.0, out))


_complex_real = deflinear(
    "complex.real", np.real, lambda g, out, z: (g,),
    broadcasts=True, family="complex_values", examples=_examples)

_complex_imag = deflinear(
    "complex.imag", np.imag, lambda g, out, z: (g * -1j,),
    broadcasts=True, family="complex_values", examples=_examples)

_complex_conjugate = deflinear(
    "complex.conjugate", np.conjugate, lambda g, out, z: (_conj(g),),
    broadcasts=True, family="complex_values", examples=_examples)

_complex_absolute = defprimitive(
    "complex.absolute", np.absolute,
    lambda ts, out, z: _real(_conj(_phase(z, out)) * ts[0]),
    lambda g, out, z: (g * _conj(_phase(z, out)),), broadcasts=True, family="complex_values",
    examples=_examples)

_FOR_COMPLEX = {"real": _complex_real, "imag": _complex_imag,
                "conjugate": _complex_conjugate, "absolute": _complex_absolute}


def complex_aware(fn):
    """Wrap a unary real-input entry's public function so a complex argument goes to
    the matching complex entry above (the real path is unchanged).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.abs(np.array(3.0 + 4.0j)))
        5.0
    """
    prim = _FOR_COMPLEX[fn.__name__]

    @functools.wraps(fn)
    def wrapper(x, *args, **kwargs):
        if type(x) is not float and is_complex(x):
            return bind(prim, x)
        return fn(x, *args, **kwargs)
    return wrapper
