"""Elementwise functions of the floating-point representation: ``ldexp``,
``spacing`` and ``nextafter``, with partials only.

* ``ldexp(x, n) = x · 2ⁿ`` for an integer exponent n (static): ∂/∂x = 2ⁿ,
  exact (a power of two), where NumPy's own routine gives the value;
* ``spacing(x)``, the distance to the next float away from zero, is
  piecewise constant: derivative 0;
* ``nextafter(x, y)``, the next float after x towards y, is ``x`` plus a
  piecewise-constant step: ∂/∂x = 1 and ∂/∂y = 0 (a finite difference sees
  exactly that).

``frexp`` and ``modf`` are composed from these and the rounding entries
(composed/floating_point.py).
"""
import numpy as np

from ..core.box import raw
from .complex_values import refuse_complex, REAL_ONLY
from .elementwise_entry import ONE, elementwise_listed_in
from .helpers import keep_float as _keep_float

__all__ = []
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__, family="floating_point")


def _power_of_two(out, x, n):
    """2ⁿ in the dtype of the result (raw: n is an integer, it carries no derivative)."""
    if type(raw(out)) is float:
        return float(np.ldexp(1.0, raw(n)))
    return np.ldexp(np.asarray(raw(out)).dtype.type(1), raw(n))


def _ldexp_examples(rng):
    return [((rng.standard_normal((3, 4)), rng.integers(-3, 4, (3, 4))), {}),
            ((rng.standard_normal((3, 1)), rng.integers(-3, 4, (4,))), {}),
            ((1.5, rng.integers(-2, 3, (2, 3))), {})]


ldexp = _elementwise(
    "ldexp", _keep_float(np.ldexp), (_power_of_two, None),
    """``numpy.ldexp``: ``x · 2ⁿ`` for integers n; derivative ``2ⁿ`` in x.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.ldexp(x, 3), (1.5,), (1.0,))
        (12.0, 8.0)
    """, examples=_ldexp_examples, second={})


def _float_steps(rng):
    """Inputs away from powers of two, where spacing and nextafter's step jump."""
    def away(s):
        return rng.choice([-1.0, 1.0], s) * 2.0 ** rng.integers(-2, 3, s) * rng.uniform(1.2, 1.8, s)
    return [((away((3, 4)),), {}), ((away(()).item(),), {})]


spacing = _elementwise(
    "spacing", _keep_float(np.spacing), (None,),
    """``numpy.spacing``: the gap to the next float away from zero; derivative 0.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(dt.numpy.spacing, (1.0,), (1.0,))
        (2.220446049250313e-16, 0.0)
    """, examples=_float_steps, second={})


def _nextafter_examples(rng):
    x = [a for (a,), _ in _float_steps(rng)]
    return [((x[0], rng.standard_normal((3, 4)) * 4.0), {}), ((x[1], 10.0), {})]


nextafter = _elementwise(
    "nextafter", _keep_float(np.nextafter), (ONE, None),
    """``numpy.nextafter``: the float after x towards y; derivative 1 in x, 0 in y.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: dt.numpy.nextafter(x, 2.0), (1.0,), (1.0,))
        (1.0000000000000002, 1.0)
    """, examples=_nextafter_examples, second={})


# --- complex values: NumPy defines these for real numbers only -------------------------------
refuse_complex(REAL_ONLY, ldexp, spacing, nextafter)
