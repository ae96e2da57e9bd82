"""Bessel functions computed by SciPy, differentiable in the argument (the order is
a constant): ``j0``, ``j1``, ``y0``, ``y1`` and ``jv``, ``yv``, ``iv``, ``kv`` of any real order.

The derivatives are the recurrences in the order, so each is again a Bessel
function and every derivative order is available:

    Jᵥ' = (Jᵥ₋₁ − Jᵥ₊₁)/2     Yᵥ' = (Yᵥ₋₁ − Yᵥ₊₁)/2
    Iᵥ' = (Iᵥ₋₁ + Iᵥ₊₁)/2     Kᵥ' = −(Kᵥ₋₁ + Kᵥ₊₁)/2
    J₀' = −J₁,  Y₀' = −Y₁,  J₁' = (J₀ − J₂)/2,  Y₁' = (Y₀ − Y₂)/2

The rules are holomorphic, so a complex argument (which SciPy accepts for the
``*v`` functions) follows the same formulas.  Registered only when SciPy is
installed; the NumPy-only ``i0``, ``i1``, ``i0e``, ``i1e`` are in `bessel_modified`.
"""
from ..core.box import raw
from .elementwise_entry import defelementwise, elementwise_listed_in
from .complex_values import refuse_complex as refuse_complex_input, REAL_KERNEL
from .special_helpers import SCIPY_SPECIAL, python_floats, refuse_complex, static_constant

__all__ = []
__test__ = {}
_FAMILY = "bessel_scipy"
_elementwise = elementwise_listed_in(__all__, __test__, _FAMILY)


def _positive(rng, s):
    return rng.uniform(0.5, 6.0, s)


j0 = _elementwise(
    "j0", python_floats(lambda x: SCIPY_SPECIAL.j0(x)), (lambda out, x: -j1(x),),
    """The Bessel function of the first kind J₀; derivative −J₁.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.j0, (0.0,), (1.0,))
        (1.0, -0.0)
    """, domain=lambda rng, s: rng.uniform(-6.0, 6.0, s))

j1 = _elementwise(
    "j1", python_floats(lambda x: SCIPY_SPECIAL.j1(x)), (lambda out, x: (j0(x) - jv(2.0, x)) * 0.5,),
    """The Bessel function of the first kind J₁; derivative (J₀ − J₂)/2.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.j1, (0.0,), (1.0,))
        (0.0, 0.5)
    """, domain=lambda rng, s: rng.uniform(-6.0, 6.0, s))

y0 = _elementwise(
    "y0", python_floats(lambda x: SCIPY_SPECIAL.y0(x)), (lambda out, x: -y1(x),),
    """The Bessel function of the second kind Y₀ (x > 0); derivative −Y₁.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> round(dt.derivative(dss.y0)(1.0), 12)      # −Y₁(1)
        0.781212821300
    """, domain=_positive)

y1 = _elementwise(
    "y1", python_floats(lambda x: SCIPY_SPECIAL.y1(x)), (lambda out, x: (y0(x) - yv(2.0, x)) * 0.5,),
    """The Bessel function of the second kind Y₁ (x > 0); derivative (Y₀ − Y₂)/2.

    Example:
        >>> import dualtape.scipy.special as dss
        >>> round(dss.y1(1.0), 12)
        -0.781212821300
    """, domain=_positive)


def _order_entry(name, neighbours, domain):
    """An entry ``name(x, v=...)`` whose derivative combines orders v − 1 and v + 1."""
    def impl(x, v):
        return getattr(SCIPY_SPECIAL, name)(v, x)
    impl.__name__ = name

    def partial(out, x, v):
        return neighbours(bind_order(x, v - 1.0), bind_order(x, v + 1.0))

    prim_fn = defelementwise(
        name, python_floats(impl), (partial,), static=("v",), family=_FAMILY,
        examples=lambda rng: [((domain(rng, (3, 4)),), dict(v=rng.uniform(-1.5, 2.5, (3, 4)))),
                              ((float(domain(rng, ())),), dict(v=0.0)),
                              ((domain(rng, (5,)),), dict(v=1.5))])

    def bind_order(x, v):
        return prim_fn(x, v=v)
    return prim_fn


_jv = _order_entry("jv", lambda lo, hi: (lo - hi) * 0.5, lambda rng, s: rng.uniform(0.5, 6.0, s))
_yv = _order_entry("yv", lambda lo, hi: (lo - hi) * 0.5, _positive)
_iv = _order_entry("iv", lambda lo, hi: (lo + hi) * 0.5, lambda rng, s: rng.uniform(0.5, 4.0, s))
_kv = _order_entry("kv", lambda lo, hi: -(lo + hi) * 0.5, _positive)


def jv(v, z):
    """The Bessel function of the first kind Jᵥ(z) of real order v (a constant),
    differentiable in z: Jᵥ' = (Jᵥ₋₁ − Jᵥ₊₁)/2.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(lambda z: dss.jv(1.0, z), (0.0,), (1.0,))      # J₁'(0) = 1/2
        (0.0, 0.5)
    """
    return _jv(z, v=static_constant(v, "jv", "v", "z"))


def yv(v, z):
    """The Bessel function of the second kind Yᵥ(z) of real order v (a constant),
    differentiable in z: Yᵥ' = (Yᵥ₋₁ − Yᵥ₊₁)/2.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> round(dt.derivative(lambda z: dss.yv(0.0, z))(1.0), 12)      # −Y₁(1)
        0.7812128213
    """
    return _yv(z, v=static_constant(v, "yv", "v", "z"))


def iv(v, z):
    """The modified Bessel function of the first kind Iᵥ(z) of real order v (a
    constant), differentiable in z: Iᵥ' = (Iᵥ₋₁ + Iᵥ₊₁)/2.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(lambda z: dss.iv(0.0, z), (0.0,), (1.0,))      # I₀'(0) = I₁(0) = 0
        (1.0, 0.0)
    """
    return _iv(z, v=static_constant(v, "iv", "v", "z"))


def kv(v, z):
    """The modified Bessel function of the second kind Kᵥ(z) of real order v (a
    constant), differentiable in z: Kᵥ' = −(Kᵥ₋₁ + Kᵥ₊₁)/2.

    Example:
        >>> import math, dualtape as dt, dualtape.scipy.special as dss
        >>> k = lambda z: dss.kv(0.5, z)                   # K_{1/2}(z) = √(π/(2z))·e^{−z}
        >>> d = -math.sqrt(math.pi / 2) * math.exp(-1.0) * 1.5           # its derivative at 1
        >>> abs(dt.derivative(k)(1.0) - d) < 1e-14
        True
    """
    return _kv(z, v=static_constant(v, "kv", "v", "z"))


__all__ += ["jv", "yv", "iv", "kv"]


def _real_only(fn, name):
    def checked(x):
        refuse_complex(name, raw(x))
        return fn(x)
    checked.__name__ = checked.__qualname__ = name
    checked.__doc__ = fn.__doc__
    checked.primitive = fn.primitive
    return checked


# SciPy's j0, j1, y0, y1 take real arguments only
j0, j1, y0, y1 = (_real_only(f, n) for f, n in ((j0, "j0"), (j1, "j1"), (y0, "y0"), (y1, "y1")))


# --- complex values: the rules are written for real arguments ----------------------------------
refuse_complex_input(REAL_KERNEL, j0, j1, y0, y1, _jv, _yv, _iv, _kv)
