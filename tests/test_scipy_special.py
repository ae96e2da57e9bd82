"""dualtape.scipy.special: every function against SciPy's values, its derivatives in
forward and reverse mode against finite differences of SciPy's values, higher
orders in every mode against each other, and closed forms."""
import math

import numpy as np
import pytest
import scipy.special as ss

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.scipy.special as dss
from conftest import assert_hessian_modes_agree, numeric_jacobian

RNG = np.random.default_rng(11)


def _u(lo, hi, n=5):
    return RNG.uniform(lo, hi, n)


# (name, dualtape function, SciPy function, arguments: differentiable arrays)
UNARY = [
    ("erf", dss.erf, ss.erf, _u(-3, 3)), ("erfc", dss.erfc, ss.erfc, _u(-3, 3)),
    ("erfinv", dss.erfinv, ss.erfinv, _u(-0.95, 0.95)), ("erfcinv", dss.erfcinv, ss.erfcinv, _u(0.05, 1.95)),
    ("erfcx", dss.erfcx, ss.erfcx, _u(-2, 8)), ("gamma", dss.gamma, ss.gamma, _u(0.2, 6)),
    ("gammaln", dss.gammaln, ss.gammaln, _u(0.2, 30)), ("digamma", dss.digamma, ss.digamma, _u(0.2, 30)),
    ("expit", dss.expit, ss.expit, _u(-8, 8)), ("logit", dss.logit, ss.logit, _u(0.01, 0.99)),
    ("entr", dss.entr, ss.entr, _u(0.1, 3)), ("ndtr", dss.ndtr, ss.ndtr, _u(-6, 6)),
    ("ndtri", dss.ndtri, ss.ndtri, _u(0.01, 0.99)), ("log_ndtr", dss.log_ndtr, ss.log_ndtr, _u(-30, 6)),
    ("i0", dss.i0, ss.i0, _u(-40, 40)), ("i1", dss.i1, ss.i1, _u(-40, 40)),
    ("i0e", dss.i0e, ss.i0e, _u(-40, 40)), ("i1e", dss.i1e, ss.i1e, _u(-40, 40)),
    ("j0", dss.j0, ss.j0, _u(-10, 10)), ("j1", dss.j1, ss.j1, _u(-10, 10)),
    ("y0", dss.y0, ss.y0, _u(0.3, 10)), ("y1", dss.y1, ss.y1, _u(0.3, 10)),
    ("zeta", dss.zeta, ss.zeta, np.array([-7.3, -2.5, -0.3, 0.4, 1.3, 2.0, 5.5])),
    ("lambertw", lambda x: dss.lambertw(x).real, lambda x: ss.lambertw(x).real, _u(-0.35, 5)),
    ("lambertw k=-1", lambda x: dss.lambertw(x, k=-1).real, lambda x: ss.lambertw(x, k=-1).real,
     _u(-0.35, -0.05)),
]
WITH_CONSTANT = [
    ("jv", lambda x: dss.jv(2.5, x), lambda x: ss.jv(2.5, x), _u(0.2, 10)),
    ("jv order array", lambda x: dss.jv(np.array([-0.5, 0.0, 1.0, 3.3, 7.0]), x),
     lambda x: ss.jv(np.array([-0.5, 0.0, 1.0, 3.3, 7.0]), x), _u(0.2, 10)),
    ("yv", lambda x: dss.yv(1.5, x), lambda x: ss.yv(1.5, x), _u(0.3, 10)),
    ("iv", lambda x: dss.iv(0.7, x), lambda x: ss.iv(0.7, x), _u(0.1, 8)),
    ("kv", lambda x: dss.kv(2.0, x), lambda x: ss.kv(2.0, x), _u(0.1, 8)),
    ("gammainc", lambda x: dss.gammainc(np.array([0.5, 1.0, 2.0, 4.5, 9.0]), x),
     lambda x: ss.gammainc(np.array([0.5, 1.0, 2.0, 4.5, 9.0]), x), _u(0.1, 10)),
    ("gammaincc", lambda x: dss.gammaincc(3.0, x), lambda x: ss.gammaincc(3.0, x), _u(0.1, 10)),
    ("polygamma", lambda x: dss.polygamma(2, x), lambda x: ss.polygamma(2, x), _u(0.3, 10)),
    ("zeta hurwitz", lambda x: dss.zeta(x, np.array([0.5, 1.0, 2.0, 3.5, 7.0])),
     lambda x: ss.zeta(x, np.array([0.5, 1.0, 2.0, 3.5, 7.0])), _u(1.2, 6)),
    ("multigammaln", lambda a: dss.multigammaln(a, 3), lambda a: ss.multigammaln(a, 3), _u(1.2, 9)),
]
BINARY = [
    ("beta", dss.beta, ss.beta, _u(0.3, 5), _u(0.3, 5)),
    ("betaln", dss.betaln, ss.betaln, _u(0.3, 50), _u(0.3, 50)),
    ("xlogy", dss.xlogy, ss.xlogy, _u(-2, 2), _u(0.2, 4)),
    ("xlog1py", dss.xlog1py, ss.xlog1py, _u(-2, 2), _u(-0.8, 4)),
    ("rel_entr", dss.rel_entr, ss.rel_entr, _u(0.1, 4), _u(0.1, 4)),
    ("kl_div", dss.kl_div, ss.kl_div, _u(0.1, 4), _u(0.1, 4)),
    ("huber", dss.huber, ss.huber, _u(0.5, 2), _u(-4, 4)),
    ("pseudo_huber", dss.pseudo_huber, ss.pseudo_huber, _u(0.5, 2), _u(-4, 4)),
]
ONE_ARGUMENT = UNARY + WITH_CONSTANT


@pytest.mark.parametrize("name, f, ref, x", ONE_ARGUMENT, ids=[c[0] for c in ONE_ARGUMENT])
def test_values_are_scipys_on_arrays_and_on_python_floats(name, f, ref, x):
    np.testing.assert_allclose(f(x), ref(x), rtol=3e-15, atol=1e-300)
    if name not in ("jv order array", "gammainc", "zeta hurwitz"):
        scalar = f(float(x[0]))
        assert type(scalar) is float
        assert scalar == pytest.approx(float(ref(x[0])), rel=3e-15)


@pytest.mark.parametrize("name, f, ref, x, y", BINARY, ids=[c[0] for c in BINARY])
def test_values_of_two_argument_functions_are_scipys_with_broadcasting(name, f, ref, x, y):
    np.testing.assert_allclose(f(x[:, None], y), ref(x[:, None], y), rtol=3e-15, atol=1e-300)


@pytest.mark.parametrize("name, f, ref, x", ONE_ARGUMENT, ids=[c[0] for c in ONE_ARGUMENT])
def test_derivatives_in_both_modes_match_finite_differences_of_scipys_values(name, f, ref, x):
    fwd = np.diag(dt.jacobian(f, mode="forward")(x))
    rev = np.diag(dt.jacobian(f, mode="reverse")(x))
    fd = np.diag(numeric_jacobian(ref, x, h=1e-7))
    np.testing.assert_allclose(fwd, rev, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(fwd, fd, rtol=2e-7, atol=1e-9 * np.max(np.abs(fd)))


@pytest.mark.parametrize("name, f, ref, x, y", BINARY, ids=[c[0] for c in BINARY])
def test_both_partials_of_two_argument_functions_match_finite_differences(name, f, ref, x, y):
    for argnum in (0, 1):
        fwd = dt.jacobian(f, argnums=argnum, mode="forward")(x, y)
        rev = dt.jacobian(f, argnums=argnum, mode="reverse")(x, y)
        fd = numeric_jacobian(lambda v: ref(v, y) if argnum == 0 else ref(x, v), (x, y)[argnum], h=1e-7)
        np.testing.assert_allclose(fwd, rev, rtol=1e-14, atol=1e-300)
        np.testing.assert_allclose(fwd, fd, rtol=2e-7, atol=1e-9 * np.max(np.abs(fd)))


SECOND_ORDER = [c for c in ONE_ARGUMENT if c[0] not in ("lambertw k=-1",)]


@pytest.mark.parametrize("name, f, ref, x", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_and_third_derivatives_agree_in_every_mode(name, f, ref, x):
    point = float(x[1]) if name not in ("jv order array", "gammainc", "zeta hurwitz") else None
    if point is None:
        return _second_derivatives_of_vector_functions_agree(f, x)
    second = {mode: dt.derivative(f, order=2, mode=mode)(point) for mode in ("jet", "forward", "reverse")}
    third = {mode: dt.derivative(f, order=3, mode=mode)(point) for mode in ("jet", "forward", "reverse")}
    assert second["jet"] == pytest.approx(second["forward"], rel=1e-12, abs=1e-300)
    assert second["jet"] == pytest.approx(second["reverse"], rel=1e-12, abs=1e-300)
    # a third derivative may be a small difference of terms the size of the second one
    # (far left, log_ndtr'' → −1 while the third derivative → 0): round-off is on that scale
    scale = 1e-13 * max(abs(second["jet"]), abs(third["jet"]))
    assert third["jet"] == pytest.approx(third["forward"], rel=1e-11, abs=scale)
    assert third["jet"] == pytest.approx(third["reverse"], rel=1e-11, abs=scale)
    first = dt.derivative(f)
    h = 1e-5 * (1 + abs(point))
    fd = (first(point + h) - first(point - h)) / (2 * h)
    assert second["jet"] == pytest.approx(fd, rel=1e-6, abs=1e-8)


def _second_derivatives_of_vector_functions_agree(f, x):
    def total(v):
        return dnp.sum(f(v))
    fwd_rev = assert_hessian_modes_agree(total, x, rtol=1e-12, atol=1e-14)
    grad = dt.gradient(total)
    np.testing.assert_allclose(np.diag(fwd_rev), np.diag(numeric_jacobian(grad, x, h=1e-6)), rtol=1e-6)


# --- closed forms ---------------------------------------------------------------------------------

def test_bessel_derivatives_are_the_order_recurrences():
    x = 2.3
    d = dt.derivative
    assert d(dss.j0)(x) == pytest.approx(-ss.j1(x), rel=1e-15)                  # J0' = −J1
    assert d(dss.y0)(x) == pytest.approx(-ss.y1(x), rel=1e-15)                  # Y0' = −Y1
    assert d(lambda z: dss.kv(1.5, z))(x) == pytest.approx(-(ss.kv(0.5, x) + ss.kv(2.5, x)) / 2, rel=1e-15)
    assert d(lambda z: dss.iv(1.5, z))(x) == pytest.approx((ss.iv(0.5, x) + ss.iv(2.5, x)) / 2, rel=1e-15)
    # I1'''(0) = 3/8 from I1(x) = x/2 + x³/16 + ...; I0''(0) = 1/2
    for mode in ("jet", "forward", "reverse"):
        assert d(dss.i1, order=3, mode=mode)(0.0) == pytest.approx(3 / 8, rel=1e-15)
        assert d(dss.i0, order=2, mode=mode)(0.0) == pytest.approx(1 / 2, rel=1e-15)


def test_zeta_derivatives_match_known_constants():
    # ζ'(2) = −0.93754825431584375370, ζ'(0) = −log(2π)/2, ζ'(−2) = −ζ(3)/(4π²), ζ''(2) = 1.98928023429890...
    assert dt.derivative(dss.zeta)(2.0) == pytest.approx(-0.93754825431584375370, rel=1e-14)
    assert dt.derivative(dss.zeta)(0.0) == pytest.approx(-0.5 * math.log(2 * math.pi), rel=1e-13)
    assert dt.derivative(dss.zeta)(-2.0) == pytest.approx(-ss.zeta(3.0) / (4 * math.pi ** 2), rel=1e-13)
    assert dt.derivative(dss.zeta, order=2, mode="jet")(2.0) == pytest.approx(1.98928023429890, rel=1e-13)


def test_lambertw_derivative_is_w_over_x_one_plus_w_and_one_at_zero():
    x = 1.7
    w = ss.lambertw(x).real
    assert dt.derivative(lambda v: dss.lambertw(v).real)(x) == pytest.approx(w / (x * (1 + w)), rel=1e-15)
    assert dt.derivative(lambda v: dss.lambertw(v).real)(0.0) == 1.0
    value = dss.lambertw(np.array([0.5, 2.0]))
    assert value.dtype == np.complex128        # complex, as SciPy's is
    np.testing.assert_array_equal(value, ss.lambertw(np.array([0.5, 2.0])))


def test_gammainc_derivative_is_the_gamma_density_and_a_is_a_constant():
    x, a = 1.3, 2.5
    assert dt.derivative(lambda v: dss.gammainc(a, v))(x) == pytest.approx(
        x ** (a - 1) * math.exp(-x) / math.gamma(a), rel=1e-14)
    assert dt.derivative(lambda v: dss.gammainc(1.0, v))(0.0) == 1.0            # e^{−x} at 0
    with pytest.raises(TypeError, match="gammainc: the argument a is a constant here"):
        dt.gradient(lambda a: dss.gammainc(a, 1.0))(2.0)
    with pytest.raises(TypeError, match="jv: the argument v is a constant"):
        dt.gradient(lambda v: dss.jv(v, 1.0))(2.0)


def test_log_ndtr_derivative_stays_accurate_far_in_both_tails():
    # φ(x)/Φ(x) ≈ −x − 1/x·... on the left (from the Mills ratio), and φ(x)/Φ(x) ≈ φ(x) on the right
    x = np.array([-200.0, -40.0, 10.0, 30.0])
    slope = np.diag(dt.jacobian(dss.log_ndtr)(x))
    left = -x[:2] / (1 - 1 / x[:2] ** 2 + 3 / x[:2] ** 4 - 15 / x[:2] ** 6)
    np.testing.assert_allclose(slope[:2], left, rtol=1e-9)
    # on the right e^{−x²/2} has condition number x², so at x = 30 (x/√2 rounded) ~x²·ε
    np.testing.assert_allclose(slope[2:], np.exp(-x[2:] ** 2 / 2) / np.sqrt(2 * np.pi) / ss.ndtr(x[2:]),
                               rtol=2e-13)


def test_inverse_functions_have_the_reciprocal_derivative():
    p = np.array([0.02, 0.3, 0.7, 0.98])
    np.testing.assert_allclose(np.diag(dt.jacobian(dss.ndtri)(p)),
                               1 / (np.exp(-ss.ndtri(p) ** 2 / 2) / np.sqrt(2 * np.pi)), rtol=1e-14)
    np.testing.assert_allclose(np.diag(dt.jacobian(dss.erfinv)(p)),
                               np.sqrt(np.pi) / 2 * np.exp(ss.erfinv(p) ** 2), rtol=1e-14)


def test_huber_pieces_and_the_pseudo_huber_delta_derivative_without_cancellation():
    assert dt.gradient(dss.huber, argnums=(0, 1))(2.0, 0.5) == (0.0, 0.5)          # inside: (0, r)
    # outside: (|r| − δ, δ sign r)
    assert dt.gradient(dss.huber, argnums=(0, 1))(1.0, -3.0) == (2.0, -1.0)
    # ∂δ pseudo_huber = δ(s − 1)²/s with s = √(1 + u²) → δu⁴/4 for small u = r/δ
    d_delta = dt.gradient(dss.pseudo_huber)(1.0, 1e-5)
    assert d_delta == pytest.approx(1e-20 / 4, rel=1e-9)


def test_multigammaln_refuses_a_below_its_domain_as_scipy_does():
    with pytest.raises(ValueError, match=r"multigammaln: every a must be greater than \(d - 1\)/2 = 1.0"):
        dss.multigammaln(1.0, 3)
    with pytest.raises(ValueError):
        ss.multigammaln(1.0, 3)
