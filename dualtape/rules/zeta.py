"""The zeta function ζ(x, q) (Riemann's for q = None, Hurwitz's otherwise) computed
by SciPy, differentiable in x; q is a constant.

Its derivatives in x are the entry ``zeta_derivative`` (order n >= 1, static),
computed by Euler–Maclaurin summation on NumPy (`dualtape.kernels.zeta`), whose
own derivative is the next order, so every order is available.  Euler–Maclaurin
serves x > 1, and for Riemann's ζ also −1/2 <= x < 1 (analytic continuation);
below −1/2 the derivative of Riemann's ζ comes from the reflection formula
ζ(s) = 2ˢ πˢ⁻¹ sin(πs/2) Γ(1 − s) ζ(1 − s), written with table operations:

    ζ'(s) = 2ˢ πˢ⁻¹ Γ(1 − s) [(sin(πs/2)(log 2π − ψ(1 − s)) + π/2·cos(πs/2)) ζ(1 − s)
                              − sin(πs/2) ζ'(1 − s)]

Hurwitz's ζ(x, q) is nan for x < 1 in SciPy, and so is its derivative here;
derivatives need q > 0.  Registered only when SciPy is installed.
"""
import math

import numpy as np

from ..core.box import raw
from ..kernels.zeta import zeta_derivative_kernel
from .elementwise import exp, where
from .elementwise_trigonometric import sin, cos
from .elementwise_entry import defelementwise
from .complex_values import refuse_complex as refuse_complex_input, REAL_KERNEL
from .special import digamma
from .special_helpers import SCIPY_SPECIAL, python_floats, refuse_complex, static_constant
from .special_scipy import gamma

__all__ = ["zeta"]

_FAMILY = "zeta"
# Below this x the Euler–Maclaurin sum for Riemann's ζ loses digits; the reflection formula takes over.
REFLECT_BELOW = -0.5
LOG_2PI = math.log(2.0 * math.pi)


def _derivative_impl(x, n, q):
    """∂ⁿζ(x, q)/∂xⁿ where Euler–Maclaurin is accurate, nan elsewhere."""
    x = np.asarray(x, dtype=float)
    lowest = REFLECT_BELOW if q is None else 1.0
    with np.errstate(all="ignore"):
        out = zeta_derivative_kernel(x, 1.0 if q is None else q, n)
    return np.where(np.broadcast_to(x, out.shape) < lowest, np.nan, out)


def _derivative_examples(rng):
    return [((rng.uniform(1.5, 6.0, (3, 4)),), dict(n=1, q=None)),
            ((float(rng.uniform(-0.4, 0.8)),), dict(n=2, q=None)),
            ((rng.uniform(1.5, 4.0, (4,)),), dict(n=1, q=rng.uniform(0.5, 3.0, (4,))))]


_zeta_derivative = defelementwise(
    "zeta_derivative", python_floats(_derivative_impl),
    (lambda out, x, n, q: _zeta_derivative(x, n=n + 1, q=q),), static=("n", "q"), family=_FAMILY,
    examples=_derivative_examples,
    doc="""∂ⁿζ(x, q)/∂xⁿ for a whole order n >= 1 (static), by Euler–Maclaurin summation.

    Example:
        >>> round(_zeta_derivative(2.0, n=1, q=None), 15)      # ζ'(2)
        -0.937548254315844
    """)


def _reflected_derivative(s):
    """ζ'(s) for s < −1/2 (Riemann) from the reflection formula."""
    half_angle = s * (math.pi / 2.0)
    front = exp(s * math.log(2.0) + (s - 1.0) * math.log(math.pi)) * gamma(1.0 - s)
    sine = sin(half_angle)
    bracket = (sine * (LOG_2PI - digamma(1.0 - s)) + cos(half_angle) * (math.pi / 2.0)) * \
        _zeta(1.0 - s, q=None) - sine * _zeta_derivative(1.0 - s, n=1, q=None)
    return front * bracket


def _zeta_partial(out, x, q):
    if q is not None:
        return _zeta_derivative(x, n=1, q=q)
    far = np.asarray(raw(x)) < REFLECT_BELOW
    if not far.any():
        return _zeta_derivative(x, n=1, q=None)
    if far.all():
        return _reflected_derivative(x)
    # each branch sees arguments inside its own range, so neither puts nan into the other
    return where(far, _reflected_derivative(where(far, x, -1.0)),
                 _zeta_derivative(where(far, 2.0, x), n=1, q=None))


def _zeta_examples(rng):
    return [((rng.uniform(1.5, 6.0, (3, 4)),), dict(q=None)),
            ((rng.uniform(-4.0, 0.8, (6,)),), dict(q=None)),
            ((float(rng.uniform(1.2, 3.0)),), dict(q=2.5)),
            ((rng.uniform(1.5, 4.0, (3, 1)),), dict(q=rng.uniform(0.5, 3.0, (4,))))]


_zeta = defelementwise(
    "zeta", python_floats(lambda x, q: SCIPY_SPECIAL.zeta(x, q)), (_zeta_partial,), static=("q",),
    family=_FAMILY, examples=_zeta_examples)


def zeta(x, q=None):
    """The Riemann zeta function ζ(x) (``q=None``) or the Hurwitz zeta function
    ζ(x, q) = Σ_k (k + q)^{−x}, as ``scipy.special.zeta``; differentiable in x.

    Example:
        >>> import math, dualtape as dt, dualtape.scipy.special as dss
        >>> value, slope = dt.jvp(dss.zeta, (2.0,), (1.0,))
        >>> value == math.pi ** 2 / 6, round(slope, 15)       # ζ'(2) = −0.93754825431584...
        (True, -0.937548254315844)
    """
    refuse_complex("zeta", raw(x))
    return _zeta(x, q=None if q is None else static_constant(q, "zeta", "q", "x"))


# --- complex values: the rules are written for real arguments ----------------------------------
refuse_complex_input(REAL_KERNEL, _zeta_derivative, _zeta)
