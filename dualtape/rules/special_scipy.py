"""Special functions computed by SciPy, with dualtape's own derivative rules:
inverse error functions, ``erfcx``, the normal quantile and log-CDF, ``gamma``,
``beta``/``betaln``, the regularized incomplete gamma functions (in x), the
relative-entropy family and the Huber losses.

Registered only when SciPy is installed (SciPy is imported the first time one
of them is evaluated).  Each derivative is a closed form in table operations,
so every order is available:

    erfinv' = √π/2·e^{w²}            erfcinv' = −√π/2·e^{w²}         (w the result)
    erfcx'  = 2x·erfcx(x) − 2/√π     ndtri'   = √(2π)·e^{w²/2}
    log_ndtr' = √(2/π) / erfcx(−x/√2)  (φ/Φ without underflow in either tail)
    gamma'  = Γ·ψ                     beta: ∂ₐ = B·(ψ(a) − ψ(a + b)),  betaln: ∂ₐ = ψ(a) − ψ(a + b)
    gammainc' = x^{a−1}e^{−x}/Γ(a) = −gammaincc'   (in x; a is a constant)
    rel_entr: ∂ₓ = log(x/y) + 1, ∂ᵧ = −x/y      kl_div: ∂ₓ = log(x/y), ∂ᵧ = 1 − x/y
    huber(δ, r): ∂ᵣ = r inside |r| <= δ, δ·sign(r) outside; ∂δ = 0 inside, |r| − δ outside
    pseudo_huber(δ, r) = δ²(s − 1), s = √(1 + (r/δ)²): ∂ᵣ = r/s, ∂δ = δ(s − 1)²/s
"""
import math

import numpy as np

from ..core.box import raw
from .elementwise import exp, log, sqrt, sign, abs as _abs, divide, power, where
from .elementwise_entry import defelementwise, elementwise_listed_in, mask
from .complex_values import refuse_complex as refuse_complex_input, REAL_KERNEL
from .special import digamma, gammaln, polygamma, xlogy
from .special_helpers import SCIPY_SPECIAL, python_floats, refuse_complex, static_constant

__all__ = []
__test__ = {}
_elementwise = elementwise_listed_in(__all__, __test__, "special_scipy")

SQRT_PI_OVER_2 = math.sqrt(math.pi) / 2.0
SQRT_2PI = math.sqrt(2.0 * math.pi)
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _scipy(name, real_only=True):
    """The implementation ``scipy.special.<name>`` (Python floats stay floats)."""
    def impl(*xs, **params):
        if real_only:
            refuse_complex(name, *xs)
        return getattr(SCIPY_SPECIAL, name)(*xs, **params)
    impl.__name__ = name
    return python_floats(impl)


def _unit_interval(rng, s):
    return rng.uniform(0.05, 0.95, s)


def _positive(rng, s):
    return rng.uniform(0.3, 4.0, s)


# --- inverse error functions and the normal distribution ------------------------------------

def _erfinv_partial(out, y):
    return SQRT_PI_OVER_2 * exp(out * out)


def _inverse_second(out, y):
    """w'' = 2w·w'² for w = erfinv or erfcinv (w' = ±√π/2·e^{w²})."""
    return 2.0 * out * (SQRT_PI_OVER_2 * exp(out * out)) ** 2


erfinv = _elementwise(
    "erfinv", _scipy("erfinv"), (_erfinv_partial,),
    """The inverse of erf on (−1, 1); derivative √π/2·exp(erfinv(y)²).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.erfinv, (0.0,), (1.0,))
        (0.0, 0.886226925452758)
    """, domain="open_unit", second=_inverse_second)

erfcinv = _elementwise(
    "erfcinv", _scipy("erfcinv"), (lambda out, y: -_erfinv_partial(out, y),),
    """The inverse of erfc on (0, 2); derivative −√π/2·exp(erfcinv(y)²).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.erfcinv, (1.0,), (1.0,))
        (0.0, -0.886226925452758)
    """, domain=lambda rng, s: rng.uniform(0.1, 1.9, s), second=_inverse_second)

erfcx = _elementwise(
    "erfcx", _scipy("erfcx", real_only=False),
    (lambda out, x: 2.0 * x * out - TWO_OVER_SQRT_PI,),
    """The scaled complementary error function e^{x²}·erfc(x); derivative 2x·erfcx(x) − 2/√π.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.erfcx, (0.0,), (1.0,))
        (1.0, -1.1283791670955126)
    """, domain=lambda rng, s: rng.uniform(-2.0, 4.0, s),
    second=lambda out, x: 2.0 * out + 2.0 * x * (2.0 * x * out - TWO_OVER_SQRT_PI))

ndtri = _elementwise(
    "ndtri", _scipy("ndtri"), (lambda out, p: SQRT_2PI * exp(0.5 * out * out),),
    """The standard normal quantile Φ⁻¹(p); derivative √(2π)·exp(ndtri(p)²/2).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.ndtri, (0.5,), (1.0,))
        (0.0, 2.5066282746310002)
    """, domain=_unit_interval, second=lambda out, p: out * (SQRT_2PI * exp(0.5 * out * out)) ** 2)

log_ndtr = _elementwise(
    "log_ndtr", _scipy("log_ndtr"), (lambda out, x: divide(SQRT_2_OVER_PI, erfcx(x * -math.sqrt(0.5))),),
    """log Φ(x), the log of the standard normal CDF, accurate far in both tails;
    derivative φ(x)/Φ(x) = √(2/π)/erfcx(−x/√2).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> round(dt.derivative(dss.log_ndtr)(-40.0), 6)       # ≈ −x/(1 − 1/x² + 3/x⁴) far left
        40.024969
    """, domain=lambda rng, s: rng.uniform(-6.0, 4.0, s))


# --- gamma and beta --------------------------------------------------------------------------

gamma = _elementwise(
    "gamma", _scipy("gamma"), (lambda out, x: out * digamma(x),),
    """The gamma function Γ(x); derivative Γ(x)·ψ(x).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(dss.gamma, (1.0,), (1.0,))                 # Γ(1) = 1, Γ'(1) = −γ
        (1.0, -0.5772156649015329)
    """, domain=_positive,
    second=lambda out, x: out * (digamma(x) ** 2 + polygamma(1, x)))

beta = _elementwise(
    "beta", _scipy("beta"),
    (lambda out, a, b: out * (digamma(a) - digamma(a + b)),
     lambda out, a, b: out * (digamma(b) - digamma(a + b))),
    """The beta function B(a, b) = Γ(a)Γ(b)/Γ(a + b); ∂B/∂a = B·(ψ(a) − ψ(a + b)).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.beta, argnums=(0, 1))(1.0, 1.0)  # B(a, 1) = 1/a, B(1, b) = 1/b
        (-1.0, -1.0)
    """, domain=(_positive, _positive))

betaln = _elementwise(
    "betaln", _scipy("betaln"),
    (lambda out, a, b: digamma(a) - digamma(a + b),
     lambda out, a, b: digamma(b) - digamma(a + b)),
    """log |B(a, b)|; ∂/∂a = ψ(a) − ψ(a + b).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.betaln)(1.0, 2.0)                 # log B(a, 2) = −log(a(a + 1))
        -1.5
    """, domain=(_positive, _positive))


def _gammainc_partial(out, x, a):
    """x^{a−1}e^{−x}/Γ(a), in log space (x^{a−1} alone may overflow), with 0·log 0 = 0 so
    that a = 1 gives e^{−x} at x = 0 too.  At x = 0 it is written as the power itself:
    the log form's own derivative there is 0·∞, where the power's is the one-sided
    derivative (1 for a = 2: P(2, x) = 1 − (1 + x)e^{−x} has P'' = (1 − x)e^{−x})."""
    at_zero = raw(x) == 0
    if not np.any(at_zero):
        return exp(xlogy(a - 1.0, x) - x - gammaln(a))
    away = where(at_zero, 1.0, x)                # keeps the log form's branch free of log 0
    return where(at_zero, power(x, a - 1.0) * exp(-x - gammaln(a)),
                 exp(xlogy(a - 1.0, away) - away - gammaln(a)))


def _gammainc_examples(rng):
    return [((rng.uniform(0.2, 6.0, (3, 4)),), dict(a=rng.uniform(0.5, 4.0, (3, 4)))),
            ((float(rng.uniform(0.5, 3.0)),), dict(a=2.5)),
            ((rng.uniform(0.2, 3.0, (4,)),), dict(a=1.0))]


_gammainc = defelementwise(
    "gammainc", python_floats(lambda x, a: SCIPY_SPECIAL.gammainc(a, x)), (_gammainc_partial,),
    static=("a",), examples=_gammainc_examples, family="special_scipy")
_gammaincc = defelementwise(
    "gammaincc", python_floats(lambda x, a: SCIPY_SPECIAL.gammaincc(a, x)),
    (lambda out, x, a: -_gammainc_partial(out, x, a),), static=("a",), examples=_gammainc_examples,
    family="special_scipy")


def gammainc(a, x):
    """The regularized lower incomplete gamma function P(a, x), differentiable in x
    (derivative x^{a−1}e^{−x}/Γ(a)); `a` is a constant.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(lambda x: dss.gammainc(1.0, x), (0.0,), (1.0,))     # 1 − e^{−x}
        (0.0, 1.0)
    """
    refuse_complex("gammainc", raw(x))
    return _gammainc(x, a=static_constant(a, "gammainc", "a", "x"))


def gammaincc(a, x):
    """The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), differentiable in x.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.jvp(lambda x: dss.gammaincc(1.0, x), (0.0,), (1.0,))    # e^{−x}
        (1.0, -1.0)
    """
    refuse_complex("gammaincc", raw(x))
    return _gammaincc(x, a=static_constant(a, "gammaincc", "a", "x"))


__all__ += ["gammainc", "gammaincc"]


# --- relative entropy and the Huber losses ----------------------------------------------------

rel_entr = _elementwise(
    "rel_entr", _scipy("rel_entr"),
    (lambda out, x, y: log(x) - log(y) + 1.0, lambda out, x, y: -divide(x, y)),
    """x·log(x/y) for x, y > 0 (0 at x = 0, inf elsewhere), as ``scipy.special.rel_entr``.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.rel_entr, argnums=(0, 1))(1.0, 1.0)
        (1.0, -1.0)
    """, domain=(_positive, _positive))

kl_div = _elementwise(
    "kl_div", _scipy("kl_div"),
    (lambda out, x, y: log(x) - log(y), lambda out, x, y: 1.0 - divide(x, y)),
    """x·log(x/y) − x + y for x, y > 0 (y at x = 0, inf elsewhere), as ``scipy.special.kl_div``.

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.kl_div, argnums=(0, 1))(2.0, 1.0)
        (0.6931471805599453, -1.0)
    """, domain=(_positive, _positive))


def _inside(delta, r):
    """1 where |r| <= δ (the quadratic piece), else 0: a mask, with no derivative."""
    return mask(np.abs(raw(r)) <= raw(delta))


huber = _elementwise(
    "huber", _scipy("huber"),
    (lambda out, delta, r: (1.0 - _inside(delta, r)) * (_abs(r) - delta),
     lambda out, delta, r: _inside(delta, r) * r + (1.0 - _inside(delta, r)) * delta * sign(r)),
    """The Huber loss: r²/2 where |r| <= δ, δ(|r| − δ/2) beyond (``scipy.special.huber(delta, r)``).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.huber, argnums=(0, 1))(1.0, 3.0)     # outside: (|r| − δ, δ)
        (2.0, 1.0)
    """, domain=(lambda rng, s: rng.uniform(0.5, 1.5, s), lambda rng, s: rng.uniform(-3.0, 3.0, s)),
    second={(0, 0): lambda out, delta, r: _inside(delta, r) - 1.0,
            (0, 1): lambda out, delta, r: (1.0 - _inside(delta, r)) * sign(r),
            (1, 1): lambda out, delta, r: _inside(delta, r)})


def _pseudo_huber_s(delta, r):
    u = divide(r, delta)
    return u, sqrt(1.0 + u * u)


def _pseudo_huber_delta(out, delta, r):
    u, s = _pseudo_huber_s(delta, r)
    excess = divide(u * u, s + 1.0)               # s − 1 without cancellation
    return delta * excess * divide(excess, s)


pseudo_huber = _elementwise(
    "pseudo_huber", _scipy("pseudo_huber"),
    (_pseudo_huber_delta, lambda out, delta, r: divide(r, _pseudo_huber_s(delta, r)[1])),
    """The pseudo-Huber loss δ²(√(1 + (r/δ)²) − 1) (``scipy.special.pseudo_huber(delta, r)``).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> dt.gradient(dss.pseudo_huber, argnums=(0, 1))(1.0, 0.0)
        (0.0, 0.0)
    """, domain=(lambda rng, s: rng.uniform(0.5, 2.0, s), "real"))


# --- Lambert W --------------------------------------------------------------------------------

def _lambertw_partial(out, z, k, tol):
    """W' = W/(z(1 + W)) = e^{−W}/(1 + W) (the second form also holds at z = 0)."""
    return divide(exp(-out), 1.0 + out)


def _lambertw_second(out, z, k, tol):
    """W'' = −W'²(2 + W)/(1 + W)."""
    first = _lambertw_partial(out, z, k, tol)
    return -first * first * divide(2.0 + out, 1.0 + out)


_lambertw = defelementwise(
    "lambertw", python_floats(lambda z, k, tol: SCIPY_SPECIAL.lambertw(z, k, tol)),
    (_lambertw_partial,), static=("k", "tol"), second=_lambertw_second, family="special_scipy",
    examples=lambda rng: [((rng.uniform(-0.3, 3.0, (3, 4)),), dict(k=0, tol=1e-8)),
                          ((float(rng.uniform(0.5, 5.0)),), dict(k=0, tol=1e-8)),
                          ((rng.uniform(-0.3, -0.05, (4,)),), dict(k=-1, tol=1e-8))])


def lambertw(z, k=0, tol=1e-8):
    """The Lambert W function, branch `k`: the w with w·e^w = z (``scipy.special.lambertw``).

    The result is complex, as SciPy's is (take ``.real`` on the real branches);
    the derivative is W/(z(1 + W)) = e^{−W}/(1 + W).

    Example:
        >>> import dualtape as dt, dualtape.scipy.special as dss
        >>> value, slope = dt.jvp(lambda x: dss.lambertw(x).real, (1.0,), (1.0,))
        >>> round(float(value), 12), round(float(slope), 12)       # W(1) = Ω, W'(1) = Ω/(1 + Ω)
        (0.56714329041, 0.361896256635)
    """
    return _lambertw(z, k=int(raw(k)), tol=float(raw(tol)))


__all__.append("lambertw")


# --- complex values: the rules are written for real arguments ----------------------------------
refuse_complex_input(REAL_KERNEL, erfinv, erfcinv, erfcx, ndtri, log_ndtr, gamma, beta, betaln,
                     _gammainc, _gammaincc, rel_entr, kl_div, huber, pseudo_huber, _lambertw)
