"""Modified Bessel functions of the first kind as table entries, on NumPy alone:
``i0`` (NumPy's ``numpy.i0``), ``i1``, and the exponentially scaled ``i0e``, ``i1e``.

Every derivative is a whole-order Bessel function again, with no division by x
(so every order is exact at 0 too):

    Iₙ' = (Iₙ₋₁ + Iₙ₊₁)/2,  I₀' = I₁;   (e^{−|x|}Iₙ)' = (Iₙ₋₁e + Iₙ₊₁e)/2 − sign(x)·Iₙe

with I₋₁ = I₁.  Orders 2 and above are the entries ``bessel_i`` and
``bessel_ie`` (static whole order ``n``), which the rules reach; the numerics
are `dualtape.kernels.bessel`.
"""
from ..kernels.bessel import bessel_i_kernel
from .elementwise import sign
from .complex_values import refuse_complex as refuse_complex_input, REAL_KERNEL
from .elementwise_entry import elementwise_listed_in
from .special_helpers import plain_kernel

__all__ = []
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__, "bessel_modified")


def _kernel(n, scaled, name):
    def kernel(x, n=n):
        return bessel_i_kernel(x, n=n, scaled=scaled)
    kernel.__name__ = name
    return plain_kernel(kernel, name=name)


def _order(n, x, scaled):
    """The entry for Iₙ(x) (or its scaled form) of whole order n >= 0, applied to x."""
    n = abs(n)
    if n == 0:
        return i0e(x) if scaled else i0(x)
    if n == 1:
        return i1e(x) if scaled else i1(x)
    return bessel_ie(x, n=n) if scaled else bessel_i(x, n=n)


def _partial(n, scaled):
    """∂/∂x of Iₙ (scaled or not), from the neighbouring orders."""
    def partial(out, x, **params):
        if n == 0 and not scaled:
            return i1(x)
        middle = (_order(n - 1, x, scaled) + _order(n + 1, x, scaled)) * 0.5
        return middle - sign(x) * out if scaled else middle
    return partial


def _whole_order_partial(scaled):
    def partial(out, x, n):
        return _partial(n, scaled)(out, x)
    return partial


def _examples(rng):
    return [((rng.standard_normal((3, 4)) * 3.0,), {}), ((float(rng.uniform(0.5, 3.0)),), {}),
            ((rng.uniform(25.0, 40.0, (5,)),), {})]      # both sides of the kernel's switch at 30


def _order_examples(rng):
    return [((rng.standard_normal((3, 4)) * 3.0,), dict(n=2)), ((float(rng.uniform(0.5, 3.0)),), dict(n=3)),
            ((rng.uniform(25.0, 40.0, (5,)),), dict(n=2))]


i0 = _elementwise(
    "i0", _kernel(0, False, "i0"), (_partial(0, False),),
    """The modified Bessel function I₀ (``numpy.i0``, ``scipy.special.i0``); derivative I₁.

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.i0, (0.0,), (1.0,))
        (1.0, 0.0)
    """, examples=_examples, second=lambda out, x: (out + bessel_i(x, n=2)) * 0.5)

i1 = _elementwise(
    "i1", _kernel(1, False, "i1"), (_partial(1, False),),
    """The modified Bessel function I₁ (``scipy.special.i1``); derivative (I₀ + I₂)/2.

    Example:
        >>> import dualtape as dt, dualtape.special as dsp
        >>> dt.jvp(dsp.i1, (0.0,), (1.0,))                 # I₁'(0) = 1/2
        (0.0, 0.5)
    """, examples=_examples)

i0e = _elementwise(
    "i0e", _kernel(0, True, "i0e"), (_partial(0, True),),
    """e^{−|x|}·I₀(x), finite for large |x| (``scipy.special.i0e``); derivative I₁e − sign(x)·I₀e.

    Example:
        >>> import dualtape.special as dsp
        >>> round(dsp.i0e(1000.0) * (2 * 3.141592653589793 * 1000.0) ** 0.5, 6)   # → 1 as x → ∞
        1.000125
    """, examples=_examples)

i1e = _elementwise(
    "i1e", _kernel(1, True, "i1e"), (_partial(1, True),),
    """e^{−|x|}·I₁(x) (``scipy.special.i1e``); derivative (I₀e + I₂e)/2 − sign(x)·I₁e.

    Example:
        >>> import dualtape.special as dsp
        >>> dsp.i1e(0.0)
        0.0
    """, examples=_examples)

bessel_i = _elementwise(
    "bessel_i", plain_kernel(lambda x, n: bessel_i_kernel(x, n=n), name="bessel_i"),
    (_whole_order_partial(False),),
    """Iₙ(x) for a whole order n >= 2 (static), the orders the derivatives of ``i0`` and ``i1`` reach.

    Example:
        >>> bessel_i(0.0, n=2)
        0.0
    """, static=("n",), examples=_order_examples)

bessel_ie = _elementwise(
    "bessel_ie", plain_kernel(lambda x, n: bessel_i_kernel(x, n=n, scaled=True), name="bessel_ie"),
    (_whole_order_partial(True),),
    """e^{−|x|}·Iₙ(x) for a whole order n >= 2 (static).

    Example:
        >>> bessel_ie(0.0, n=3)
        0.0
    """, static=("n",), examples=_order_examples)


# --- complex values: the kernels are real series ----------------------------------------------
refuse_complex_input(REAL_KERNEL, i0, i1, i0e, i1e, bessel_i, bessel_ie)
