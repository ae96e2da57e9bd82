"""dualtape.special: values against reference numbers (computed with mpmath at
30 digits, written here beside their formula), exact derivative formulas in
every mode, and stability of the log-sum-exp family at ±1000."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.special as dsp
from conftest import assert_all_modes_match_fd, fwd_derivative, rev_derivative

EULER_GAMMA = 0.5772156649015329          # γ
ZETA3 = 1.2020569031595942                # ζ(3)

# (function, x, reference value)
REFERENCE = [
    (dsp.erf, 0.5, 0.5204998778130465),                 # mpmath.erf(0.5)
    (dsp.erf, 1.5, 0.9661051464753108),                 # mpmath.erf(1.5)
    (dsp.erf, 3.0, 0.9999779095030014),                 # mpmath.erf(3)
    (dsp.erf, -2.5, -0.999593047982555),                # mpmath.erf(-2.5)
    (dsp.erf, 1e-8, 1.1283791670955126e-08),            # 2/√π · 1e-8 to 16 digits
    (dsp.erfc, 0.3, 0.6713732405408726),                # mpmath.erfc(0.3)
    (dsp.erfc, 1.0, 0.15729920705028513),               # mpmath.erfc(1)
    (dsp.erfc, 5.0, 1.537459794428035e-12),             # mpmath.erfc(5)
    (dsp.erfc, 10.0, 2.088487583762545e-45),            # mpmath.erfc(10)
    (dsp.erfc, 26.0, 5.663192408856143e-296),           # mpmath.erfc(26)
    (dsp.erfc, -1.0, 1.8427007929497148),               # 2 − erfc(1)
    (dsp.gammaln, 1e-5, 11.512919692895826),            # log Γ(1e-5)
    (dsp.gammaln, 0.5, 0.5723649429247001),             # log √π
    (dsp.gammaln, 1.4616321449683623, -0.12148629053584961),  # log Γ at its minimum
    (dsp.gammaln, 2.5, 0.2846828704729192),             # log(3√π/4)
    (dsp.gammaln, 10.5, 13.940625219403763),            # mpmath.loggamma(10.5)
    (dsp.gammaln, 100.3, 360.5147057290581),            # mpmath.loggamma(100.3)
    (dsp.digamma, 0.25, -4.2274535333762655),           # −γ − π/2 − 3 log 2
    (dsp.digamma, 1.0, -EULER_GAMMA),                   # ψ(1) = −γ
    (dsp.digamma, 10.0, 2.251752589066721),             # H_9 − γ
    (lambda x: dsp.polygamma(1, x), 0.5, 4.934802200544679),     # ψ'(1/2) = π²/2
    (lambda x: dsp.polygamma(2, x), 1.0, -2 * ZETA3),            # ψ''(1) = −2ζ(3)
    (lambda x: dsp.polygamma(3, x), 2.5, 0.22390584881725206),   # mpmath.polygamma(3, 2.5)
    (lambda x: dsp.polygamma(1, x), 7.25, 0.14787923315893217),  # mpmath.polygamma(1, 7.25)
]


@pytest.mark.parametrize("fn, x, ref", REFERENCE)
def test_values_match_reference_numbers_on_the_array_path(fn, x, ref):
    got = fn(np.array([x]))[0]
    assert got == pytest.approx(ref, rel=2e-15, abs=0)


@pytest.mark.parametrize("fn, x, ref", REFERENCE)
def test_python_floats_give_python_floats_agreeing_with_the_array_path(fn, x, ref):
    scalar = fn(x)
    assert type(scalar) is float
    assert scalar == pytest.approx(float(fn(np.array([x]))[0]), rel=2e-15, abs=0)
    assert scalar == pytest.approx(ref, rel=2e-15, abs=0)


# Negative arguments go through reflection formulas: documented to 1e-13 relative.
NEGATIVE_REFERENCE = [
    (dsp.gammaln, -0.5, 1.2655121234846454),            # log |Γ(−1/2)| = log 2√π
    (dsp.gammaln, -2.7, -0.07140708531564588),          # log |Γ(−2.7)|
    (dsp.digamma, -0.5, 0.03648997397857652),           # ψ(−1/2) = 2 − γ − 2 log 2
    (dsp.digamma, -3.3, 3.620353460592126),             # mpmath.digamma(-3.3)
]


@pytest.mark.parametrize("fn, x, ref", NEGATIVE_REFERENCE)
def test_negative_arguments_match_reference_numbers_through_reflection(fn, x, ref):
    assert fn(np.array([x]))[0] == pytest.approx(ref, rel=1e-13, abs=0)
    assert fn(x) == pytest.approx(ref, rel=1e-13, abs=0)


def test_erf_is_odd_and_erfc_complements_it_over_a_wide_grid():
    x = np.linspace(-6.0, 6.0, 241)
    np.testing.assert_array_equal(dsp.erf(-x), -dsp.erf(x))
    np.testing.assert_allclose(dsp.erf(x) + dsp.erfc(x), 1.0, rtol=0, atol=1.2e-15)   # erf to 1e-15
    assert dsp.erfc(30.0) == 0.0 and dsp.erf(np.inf) == 1.0 and np.isnan(dsp.erf(np.nan))


def test_gammaln_satisfies_the_recurrence_and_is_infinite_at_the_poles():
    x = np.linspace(0.05, 30.0, 300)
    np.testing.assert_allclose(dsp.gammaln(x + 1.0), dsp.gammaln(x) + np.log(x), rtol=1e-14, atol=2e-15)
    assert np.all(np.isinf(dsp.gammaln(np.array([0.0, -1.0, -3.0]))))
    np.testing.assert_allclose(dsp.gammaln(np.arange(1.0, 20.0)),
                               [math.lgamma(n) for n in range(1, 20)], rtol=1e-15, atol=1e-15)


# --- derivatives ------------------------------------------------------------------------------

def test_erf_and_erfc_derivatives_are_the_gaussian_formula_in_both_modes():
    for x in (-2.0, 0.0, 0.7, 3.5):
        gauss = 2 / math.sqrt(math.pi) * math.exp(-x * x)
        for deriv in (fwd_derivative, rev_derivative):
            assert deriv(dsp.erf, x) == pytest.approx(gauss, rel=1e-15)
            assert deriv(dsp.erfc, x) == pytest.approx(-gauss, rel=1e-15)


def test_gammaln_derivatives_are_the_polygamma_functions_in_every_mode():
    # d/dx log Γ = ψ; d²/dx² = ψ'; d³/dx³ = ψ''; at 1: −γ, π²/6, −2ζ(3)
    expected = [-EULER_GAMMA, math.pi ** 2 / 6, -2 * ZETA3]
    for order, ref in enumerate(expected, start=1):
        for mode in ("jet", "forward", "reverse"):
            assert dt.derivative(dsp.gammaln, order=order, mode=mode)(1.0) == pytest.approx(ref, rel=1e-14)


def test_psi_is_digamma_and_polygamma_zero_is_digamma():
    x = np.array([0.3, 2.0, 17.0])
    np.testing.assert_array_equal(dsp.psi(x), dsp.digamma(x))
    np.testing.assert_array_equal(dsp.polygamma(0, x), dsp.digamma(x))
    with pytest.raises(ValueError):
        dsp.polygamma(-1, x)


@pytest.mark.parametrize("fn, x", [
    (dsp.erf, np.linspace(-3, 3, 5)), (dsp.erfc, np.linspace(-3, 3, 5)),
    (dsp.gammaln, np.array([0.2, 1.3, 2.4, 7.7, 20.0])), (dsp.digamma, np.array([0.2, 1.3, 2.4, 7.7, 20.0])),
    (lambda v: dsp.polygamma(2, v), np.array([0.6, 1.3, 2.4, 7.7, 20.0])),
    (dsp.expit, np.linspace(-4, 4, 5)), (dsp.softplus, np.linspace(-4, 4, 5)),
    (dsp.entr, np.array([0.1, 0.5, 1.0, 2.0, 3.0])),
])
def test_elementwise_entries_agree_in_all_modes_with_finite_differences(fn, x):
    assert_all_modes_match_fd(fn, x)


def test_xlogy_and_xlog1py_differentiate_in_both_arguments_with_broadcasting():
    x = np.array([[0.0], [1.5], [-2.0]])
    y = np.array([0.5, 1.0, 3.0, 7.0])

    def split(v):
        return dnp.reshape(v[:3], (3, 1)), v[3:]
    v = np.concatenate([x.ravel(), y])
    assert_all_modes_match_fd(lambda w: dsp.xlogy(*split(w)), v)
    assert_all_modes_match_fd(lambda w: dsp.xlog1py(*split(w)), v)
    gx, gy = dt.gradient(lambda a, b: dsp.xlogy(a, b), argnums=(0, 1))(2.0, 3.0)
    assert (gx, gy) == (pytest.approx(math.log(3.0), rel=1e-15), pytest.approx(2.0 / 3.0, rel=1e-15))


def test_xlogy_xlog1py_entr_are_zero_where_x_is_zero():
    assert dsp.xlogy(0.0, 0.0) == 0.0
    assert dsp.xlog1py(0.0, -1.0) == 0.0
    assert dsp.entr(0.0) == 0.0
    assert dsp.entr(-1.0) == -np.inf
    assert dsp.entr(math.e) == pytest.approx(-math.e, rel=1e-15)


# --- the logistic family and log-sum-exp at ±1000 ----------------------------------------------

def test_expit_and_softplus_are_stable_at_plus_and_minus_1000():
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    s = dsp.expit(x)
    np.testing.assert_allclose(s, [0.0, math.exp(-30) / (1 + math.exp(-30)), 0.5,
                                   1 / (1 + math.exp(-30)), 1.0], rtol=1e-15)
    np.testing.assert_allclose(dsp.softplus(x), [0.0, math.log1p(math.exp(-30)), math.log(2),
                                                 30 + math.log1p(math.exp(-30)), 1000.0], rtol=1e-15)
    for mode in ("forward", "reverse"):
        d_expit = np.diag(dt.jacobian(dsp.expit, mode=mode)(x))
        d_softplus = np.diag(dt.jacobian(dsp.softplus, mode=mode)(x))
        assert np.all(np.isfinite(d_expit)) and np.all(np.isfinite(d_softplus))
        e = np.exp(-np.abs(x))
        np.testing.assert_allclose(d_expit, e / (1 + e) ** 2, rtol=1e-15, atol=0)
        np.testing.assert_allclose(d_softplus, s, rtol=1e-15)
    assert dsp.sigmoid is dsp.expit


def test_expit_derivative_keeps_relative_accuracy_in_the_tails():
    # expit'(x) = e^{−|x|}/(1 + e^{−|x|})², which out·(1 − out) would round to 0 at x = 40
    x = 40.0
    assert fwd_derivative(dsp.expit, x) == pytest.approx(math.exp(-x) / (1 + math.exp(-x)) ** 2, rel=1e-15)


def test_logsumexp_matches_the_naive_formula_and_is_stable_at_1000():
    x = np.array([1.0, 2.0, 3.0])
    assert dsp.logsumexp(x, b=np.array([1.0, 2.0, 3.0])) == pytest.approx(4.353537197204962, rel=1e-15)
    assert dsp.logsumexp(x) == pytest.approx(math.log(sum(math.exp(v) for v in x)), rel=1e-15)
    big = np.array([1000.0, 1000.0, 1000.0])
    assert dsp.logsumexp(big) == pytest.approx(1000.0 + math.log(3.0), rel=1e-15)
    assert dsp.logsumexp(-big) == pytest.approx(-1000.0 + math.log(3.0), rel=1e-15)
    np.testing.assert_allclose(dt.gradient(dsp.logsumexp)(big), 1 / 3, rtol=1e-15)
    np.testing.assert_allclose(dt.gradient(dsp.logsumexp)(-big), 1 / 3, rtol=1e-15)
    assert dsp.logsumexp(np.array([-np.inf, -np.inf])) == -np.inf


@pytest.mark.parametrize("kw", [dict(), dict(axis=0), dict(axis=-1, keepdims=True), dict(axis=(0, 2))])
def test_logsumexp_axes_match_the_naive_formula_and_all_modes_agree(kw):
    x = np.random.default_rng(3).normal(size=(2, 3, 4))
    naive = np.log(np.sum(np.exp(x), axis=kw.get("axis"), keepdims=kw.get("keepdims", False)))
    np.testing.assert_allclose(dsp.logsumexp(x, **kw), naive, rtol=1e-14)
    assert_all_modes_match_fd(lambda a: dsp.logsumexp(a, **kw), x)


def test_logsumexp_differentiates_in_broadcast_weights_and_returns_signs():
    a = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    b = np.array([0.5, 2.0, 1.5])
    naive = np.log(np.sum(b * np.exp(a), axis=1))
    np.testing.assert_allclose(dsp.logsumexp(a, axis=1, b=b), naive, rtol=1e-15)
    assert_all_modes_match_fd(lambda w: dsp.logsumexp(a, axis=1, b=w), b)
    assert_all_modes_match_fd(lambda v: dsp.logsumexp(v, axis=1, b=b), a)
    value, sign = dsp.logsumexp(np.array([0.0, 1.0]), b=np.array([1.0, -1.0]), return_sign=True)
    assert sign == -1.0 and value == pytest.approx(math.log(math.e - 1.0), rel=1e-15)


def test_softmax_and_log_softmax_are_stable_at_1000_and_agree_with_finite_differences():
    x = np.array([1000.0, 999.0, -1000.0])
    p = dsp.softmax(x)
    ref = np.exp([0.0, -1.0, -2000.0]) / np.sum(np.exp([0.0, -1.0, -2000.0]))
    np.testing.assert_allclose(p, ref, rtol=1e-15)
    np.testing.assert_allclose(dsp.log_softmax(x), [0.0, -1.0, -2000.0] - np.log1p(np.exp(-1.0)), rtol=1e-15)
    y = np.random.default_rng(4).normal(size=(3, 4))
    for kw in (dict(), dict(axis=0), dict(axis=-1)):
        np.testing.assert_allclose(np.sum(dsp.softmax(y, **kw), axis=kw.get("axis")), 1.0, rtol=1e-15)
        assert_all_modes_match_fd(lambda a: dsp.softmax(a, **kw), y)
        assert_all_modes_match_fd(lambda a: dsp.log_softmax(a, **kw), y)
    # softmax Jacobian: diag(p) − p pᵀ
    p = dsp.softmax(y[0])
    np.testing.assert_allclose(dt.jacobian(dsp.softmax)(y[0]), np.diag(p) - np.outer(p, p), atol=1e-16)


def test_logsumexp_hessian_is_the_softmax_covariance_in_every_mode():
    x = np.array([0.3, -1.2, 2.0])
    p = np.exp(x) / np.sum(np.exp(x))
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        np.testing.assert_allclose(dt.hessian(dsp.logsumexp, mode=mode)(x), np.diag(p) - np.outer(p, p),
                                   atol=1e-16)


def test_every_entry_passes_the_audit():
    report = dt.check_primitives(["erf", "erfc", "gammaln", "digamma", "polygamma", "expit", "softplus",
                                  "xlogy", "xlog1py", "entr"])
    assert report.ok, str(report)
