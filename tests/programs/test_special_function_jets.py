"""Third derivatives of special functions by Taylor jets, as in perturbation expansions and
moment computations, with `scipy.special` called directly on dualtape values: each against
its closed form (recurrences of the Bessel functions, polygamma for log Γ, the logistic
polynomial, the derivatives of the inverse normal CDF and of Lambert's W), and the three
ways of taking it (a jet, `derivative`, a HyperDual Hessian differentiated once more)."""
import math

import numpy
import pytest
import scipy.special as ss
import scipy.stats

import dualtape as dt
import dualtape.scipy.special as dss
import dualtape.scipy.stats as dst

from programs.reference import assert_close, richardson


def bessel_third(family, v, x):
    """The third derivative from the order recurrences: J, Y: (F_{v−3} − 3F_{v−1} + 3F_{v+1}
    − F_{v+3})/8; I: (I_{v−3} + 3I_{v−1} + 3I_{v+1} + I_{v+3})/8; K: minus that with K."""
    f = lambda n: family(v + n, x)
    if family in (ss.jv, ss.yv):
        return (f(-3) - 3 * f(-1) + 3 * f(1) - f(3)) / 8
    sign = -1.0 if family is ss.kv else 1.0
    return sign * (f(-3) + 3 * f(-1) + 3 * f(1) + f(3)) / 8


def expit_third(x):
    s = ss.expit(x)
    return s * (1 - s) * (1 - 6 * s + 6 * s * s)


def ndtri_third(p):
    # x = Φ⁻¹(p): x' = √(2π) e^{x²/2}, x'' = x·x'², x''' = x'³ (1 + 2x²)
    x = ss.ndtri(p)
    slope = math.sqrt(2 * math.pi) * math.exp(x * x / 2)
    return slope ** 3 * (1 + 2 * x * x)


def lambertw_third(z):
    # W' = W/(z(1 + W)), W''' = W³(2W² + 8W + 9)/(z³(1 + W)⁵)
    w = ss.lambertw(z).real
    return w ** 3 * (2 * w * w + 8 * w + 9) / (z ** 3 * (1 + w) ** 5)


def gamma_third(x):
    # Γ''' = Γ (ψ³ + 3ψψ' + ψ'')
    psi, psi1, psi2 = ss.digamma(x), ss.polygamma(1, x), ss.polygamma(2, x)
    return ss.gamma(x) * (psi ** 3 + 3 * psi * psi1 + psi2)


def gammainc_third(a, x):
    # ∂ₓP(a, x) = g = x^{a−1}e^{−x}/Γ(a); ∂ₓ³P = g'' = g[((a−1)/x − 1)² − (a−1)/x²]
    g = x ** (a - 1) * math.exp(-x) / ss.gamma(a)
    return g * (((a - 1) / x - 1) ** 2 - (a - 1) / x ** 2)


# --- jets of scipy.special functions ----------------------------------------------------

CASES = {
    "jv": (lambda x: ss.jv(1.5, x), 2.3, bessel_third(ss.jv, 1.5, 2.3)),
    "j0": (ss.j0, 1.7, bessel_third(ss.jv, 0.0, 1.7)),
    "yv": (lambda x: ss.yv(1.0, x), 2.1, bessel_third(ss.yv, 1.0, 2.1)),
    "iv": (lambda x: ss.iv(2.0, x), 0.8, bessel_third(ss.iv, 2.0, 0.8)),
    "kv": (lambda x: ss.kv(0.5, x), 1.3, bessel_third(ss.kv, 0.5, 1.3)),
    "erf": (ss.erf, 0.4, 2 / math.sqrt(math.pi) * (4 * 0.16 - 2) * math.exp(-0.16)),
    "gammaln": (ss.gammaln, 2.5, ss.polygamma(2, 2.5)),
    "digamma": (ss.digamma, 2.5, ss.polygamma(3, 2.5)),
    "gamma": (ss.gamma, 2.5, gamma_third(2.5)),
    "expit": (ss.expit, 0.7, expit_third(0.7)),
    "ndtri": (ss.ndtri, 0.3, ndtri_third(0.3)),
    "gammainc": (lambda x: ss.gammainc(2.5, x), 1.2, gammainc_third(2.5, 1.2)),
    "lambertw": (lambda x: ss.lambertw(x).real, 0.9, lambertw_third(0.9)),
}


@pytest.mark.parametrize("name", CASES)
def test_the_third_derivative_of_a_special_function_is_its_closed_form(name):
    f, x, third = CASES[name]
    series = dt.taylor(f, x, order=3)                  # f, f', f''/2, f'''/6
    assert_close(6 * series[3], third, 1e-9, 1e-12, "jets against the closed form: the "
                 "special-function routines' own accuracy, ~1e-12 relative")
    assert_close(series[0], f(x), 1e-15, 0)
    assert_close(dt.derivative(f, order=3)(x), 6 * series[3], 1e-11, 1e-13)
    hessian_slope = dt.jvp(dt.hessian(f, mode="hyperdual"), (x,), (1.0,))[1]
    assert_close(hessian_slope, 6 * series[3], 1e-11, 1e-13, "a Dual over a HyperDual")


# --- scipy.special functions written in Python around private ufuncs -------------------------------
# Regression: scipy.special.zeta and lambertw call private ufuncs (_riemann_zeta, _zeta,
# _lambertw) that were not routed, so they raised on dualtape values although
# dualtape.scipy.special has both; scipy.special.expm1, log1p and cbrt raised likewise.

@pytest.mark.parametrize("f, x", [
    (lambda x: ss.zeta(x), 3.1), (lambda x: ss.zeta(x, 2.0), 3.1),
    (lambda x: ss.lambertw(x).real, 0.9), (lambda x: ss.lambertw(x, 0, 1e-10).real, 0.9),
    (ss.expm1, 0.3), (ss.log1p, 0.3), (ss.cbrt, 0.3),
], ids=["riemann-zeta", "hurwitz-zeta", "lambertw", "lambertw-tol", "expm1", "log1p", "cbrt"])
def test_scipy_functions_around_private_ufuncs_are_differentiated(f, x):
    series = dt.taylor(f, x, order=3)
    assert_close(series[0], f(x), 1e-15, 0)
    for k in (1, 2, 3):
        def lower(t, k=k):          # the exact (k − 1)-th derivative
            value = f(t) if k == 1 else math.factorial(k - 1) * dt.taylor(f, t, order=k - 1)[k - 1]
            return float(numpy.real(value))
        assert_close(math.factorial(k) * series[k], richardson(lower, x), 1e-8, 1e-10,
                     "Richardson differences of the exact lower derivative: error ~1e-12")
    assert_close(dss.zeta(3.1), ss.zeta(3.1), 1e-15, 0)


# --- at the edge of the domain -------------------------------------------------------------------------

def test_the_incomplete_gamma_function_has_its_taylor_series_at_zero():
    # Regression: ∂ₓP(a, x) was computed as exp((a − 1) log x − x − log Γ(a)), whose own
    # derivative at x = 0 is 0·∞: every mode gave P''(0) = 0 for a = 2 (and a Python float
    # raised ZeroDivisionError in xlogy's partial). P(2, x) = 1 − (1 + x)e^{−x} = x²/2 − x³/3 + ...
    for f in (lambda x: ss.gammainc(2.0, x), lambda x: dss.gammainc(2.0, x)):
        assert_close(dt.taylor(f, 0.0, order=3), [0.0, 0.0, 0.5, -1.0 / 3.0], 1e-15, 1e-16)
        assert_close(dt.hessian(f)(0.0), 1.0, 1e-15, 0)
        assert_close(dt.hessian(lambda x: f(x)[0], mode="hyperdual")(numpy.zeros(1)), [[1.0]], 1e-15, 0)
    # P(3, x) = x³/6 − ...; P(1, x) = 1 − e^{−x} = x − x²/2 + x³/6
    assert_close(dt.taylor(lambda x: ss.gammainc(3.0, x), 0.0, order=3), [0, 0, 0, 1 / 6], 1e-15, 1e-16)
    assert_close(dt.taylor(lambda x: ss.gammainc(1.0, x), 0.0, order=3), [0, 1, -0.5, 1 / 6], 1e-15, 1e-16)


@pytest.mark.parametrize("z", [0.0, 1e-300, 1e-160, -3e-7, 2e-5])
def test_the_student_t_cdf_has_its_density_as_slope_near_zero(z):
    # Regression: for |z| < 1e-154, z² underflowed inside the incomplete beta function and
    # the slope of t.cdf came out 0 (or NaN) instead of the density, 2/(π√3) at 0 for ν = 3.
    assert_close(dt.gradient(lambda x: dst.t.cdf(x, 3.0))(z), scipy.stats.t.pdf(z, 3.0), 1e-14, 0)
    assert_close(dst.t.cdf(z, 3.0), scipy.stats.t.cdf(z, 3.0), 1e-15, 0)
