"""Complex values: the convention, the entries that are not complex-linear
(``real``, ``imag``, ``conj`` and ``abs`` of complex values), and which entries
take complex input at all.

The convention is JAX's (and HIPS autograd's):

* a tangent of a complex value is a complex number ż;
* a cotangent z̄ pairs with a tangent through the *real bilinear* form
  ``⟨z̄, ż⟩ = Re Σ z̄·ż`` (no conjugation), so for a real loss L the cotangent
  is ``∂L/∂Re z - i ∂L/∂Im z``;
* a real input always gets a real cotangent (the engine keeps the real part).

With this pairing every holomorphic rule (multiply, exp, matmul, sum, FFTs...)
is the same formula as for real values: the adjoint of ż ↦ f'(z)·ż is
z̄ = f'(z)·ȳ, and of a complex matrix product X ↦ A X it is Aᵀ Ȳ (a transpose,
no conjugate).  Only the functions that are not complex-linear need their own
care: here ``real``, ``imag``, ``conj`` and ``abs`` (the public functions send
complex arguments to these entries and real ones to the real entries), and
elsewhere the statistics and decompositions that conjugate.  The adjoint of
conjugation is conjugation, of ``Re`` it is ``Re``:

    real:  ẏ = Re ż        z̄ = ȳ
    imag:  ẏ = Im ż        z̄ = -i ȳ
    conj:  ẏ = conj(ż)     z̄ = conj(ȳ)
    abs:   ẏ = Re(conj(u) ż), z̄ = ȳ conj(u),   u = z/|z|  (u = 0 at z = 0)

Each entry says what it does with complex input in its ``complex`` field, set
by the classification lines at the end of every rule module:
`accept_complex` (``"holomorphic"`` or ``"nonholomorphic"``) or
`refuse_complex`, which makes the entry raise a TypeError naming the reason and
the fix (``REFUSED`` keeps the reasons, for the coverage page).
"""
import functools

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive, deflinear
from .elementwise_entry import outputs_by_keyword, ufunc_with_keywords

__all__ = []


def is_complex(x):
    """True when the value under every box has a complex dtype."""
    r = raw(x)
    kind = type(r)
    if kind is np.ndarray:
        return r.dtype.kind == "c"
    return kind is not float and (kind is complex or np.iscomplexobj(r))


def conj(x):
    """The complex conjugate of a complex value; a real value unchanged (no table
    operation, so real rules stay as cheap as before).

    Example:
        >>> import numpy as np
        >>> conj(np.array([1 + 2j])), conj(3.0)
        (array([1.-2.j]), 3.0)
    """
    return bind(_complex_conjugate, x) if is_complex(x) else x


def real_part(x):
    """The real part of a complex value; a real value unchanged.

    Example:
        >>> real_part(1 + 2j), real_part(3.0)
        (1.0, 3.0)
    """
    return bind(_complex_real, x) if is_complex(x) else x


def imag_part(x):
    """The imaginary part of a complex value (a real value has none: 0.0).

    Example:
        >>> imag_part(1 + 2j), imag_part(3.0)
        (2.0, 0.0)
    """
    return bind(_complex_imag, x) if is_complex(x) else 0.0


def abs_squared(x):
    """|x|² from table operations: x·x for a real value, Re(x·conj(x)) for a complex one.

    Example:
        >>> abs_squared(3.0), abs_squared(3 + 4j)
        (9.0, 25.0)
    """
    if not is_complex(x):
        return x * x
    return bind(_complex_real, x * bind(_complex_conjugate, x))


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


def phase(z, out):
    """z / |z| with 0 at z = 0, from table operations (``out`` is ``|z|``).

    Example:
        >>> import numpy as np
        >>> phase(np.array([3 + 4j, 0j]), np.array([5.0, 0.0]))
        array([0.6+0.8j, 0. +0.j ])
    """
    from .elementwise import where
    zero = np.asarray(raw(out)) == 0
    if not np.any(zero):
        return z / out
    return where(zero, 0.0, z / where(zero, 1.0, out))


# Python complex numbers stay Python numbers (the scalar path), as floats do elsewhere.
def _real_impl(z):
    return z.real if type(z) is complex else np.real(z)


def _imag_impl(z):
    return z.imag if type(z) is complex else np.imag(z)


def _conjugate_impl(z):
    return z.conjugate() if type(z) is complex else np.conjugate(z)


def _absolute_impl(z):
    return abs(z) if type(z) is complex else np.absolute(z)


_complex_real = deflinear(
    "complex.real", _real_impl, lambda g, out, z: (g,),
    broadcasts=True, family="complex_values", examples=_examples, complex="nonholomorphic")

_complex_imag = deflinear(
    "complex.imag", _imag_impl, lambda g, out, z: (g * -1j,),
    broadcasts=True, family="complex_values", examples=_examples, complex="nonholomorphic")

_complex_conjugate = deflinear(
    "complex.conjugate", _conjugate_impl, lambda g, out, z: (_conj(g),),
    broadcasts=True, family="complex_values", examples=_examples, complex="nonholomorphic")

_complex_absolute = defprimitive(
    "complex.absolute", _absolute_impl,
    lambda ts, out, z: _real(_conj(phase(z, out)) * ts[0]),
    lambda g, out, z: (g * _conj(phase(z, out)),), broadcasts=True, family="complex_values",
    examples=_examples, complex="nonholomorphic")

def _complex_sign(z):
    """NumPy's sign of a complex number: z / |z| (0 at 0), not locally constant."""
    return phase(z, bind(_complex_absolute, z))


_FOR_COMPLEX = {"real": functools.partial(bind, _complex_real),
                "imag": functools.partial(bind, _complex_imag),
                "conjugate": functools.partial(bind, _complex_conjugate),
                "absolute": functools.partial(bind, _complex_absolute),
                "sign": _complex_sign}


def complex_aware(fn):
    """Wrap a unary real-input entry's public function so a complex argument goes to
    the matching complex entry above, or for ``sign`` to z/|z| (the real path is
    unchanged).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.abs(np.array(3.0 + 4.0j))), complex(dt.numpy.sign(3.0 + 4.0j))
        (5.0, (0.6+0.8j))
    """
    for_complex = _FOR_COMPLEX[fn.__name__]
    ufunc = getattr(np, fn.__name__, None)

    @functools.wraps(fn)
    def wrapper(x, *args, **kwargs):
        if type(x) is not float and is_complex(x):
            if (args or kwargs) and isinstance(ufunc, np.ufunc):   # out=, where=, ... as NumPy's
                return ufunc_with_keywords(ufunc, *outputs_by_keyword(ufunc, (x, *args), kwargs),
                                           compute=for_complex)
            return for_complex(x)
        return fn(x, *args, **kwargs)
    return wrapper


# --- which entries take complex values -------------------------------------------------------

HOLOMORPHIC = "holomorphic"
NONHOLOMORPHIC = "nonholomorphic"

# entry name -> why it refuses complex input (a sentence with the fix)
REFUSED = {}

# Reasons shared by several entries; {name} is the entry's name.
ORDERED = ("complex numbers have no order (NumPy compares them by real part first, an "
           "order with no derivative); apply {name} to np.real(z) or np.abs(z)")
REAL_ONLY = ("NumPy's {name} takes real numbers only; apply it to np.real(z) and np.imag(z) "
             "or to np.abs(z)")
REAL_KERNEL = ("complex arguments are not supported: dualtape's {name} is a function of a real "
               "argument (its rules and kernels assume one); apply it to np.real(z) or np.abs(z)")
SERVED_BY = ("complex values of {name} go to the entry complex.{name} (the public function "
             "sends them there); bind that entry instead")


def entry_of(fn):
    """The table entry behind a public function (or the entry itself)."""
    return getattr(fn, "primitive", fn)


def accept_complex(kind, *fns):
    """Mark the entries of `fns` as taking complex input, with rules that are
    `kind` (``"holomorphic"`` or ``"nonholomorphic"``) there.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> TABLE["sin"].complex, TABLE["complex.absolute"].complex, TABLE["floor"].complex
        ('holomorphic', 'nonholomorphic', None)
    """
    if kind not in (HOLOMORPHIC, NONHOLOMORPHIC):
        raise ValueError(f"accept_complex: kind must be {HOLOMORPHIC!r} or {NONHOLOMORPHIC!r}")
    for fn in fns:
        entry_of(fn).complex = kind


def refuse_complex(reason, *fns):
    """Make the entries of `fns` raise a TypeError on complex input that gives
    `reason` (with ``{name}`` filled in) and the dtype it got.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.floor(np.array([1.5 + 1j]))
        Traceback (most recent call last):
        ...
        TypeError: floor: NumPy's floor takes real numbers only; ... got complex input (complex128)
    """
    for fn in fns:
        prim = entry_of(fn)
        why = reason.format(name=prim.name)
        prim.impl = _refusing(prim.name, prim.impl, why)
        prim.complex = None
        REFUSED[prim.name] = why


def _refusing(name, impl, why):
    def refusing_impl(*args, **params):
        for a in args:
            if type(a) is float:
                continue
            if type(a) is complex or getattr(getattr(a, "dtype", None), "kind", None) == "c":
                raise TypeError(f"{name}: {why}; got complex input ({np.result_type(a)})")
        return impl(*args, **params)
    refusing_impl.__name__ = getattr(impl, "__name__", name)
    return refusing_impl
