"""The elementwise entries with partials only (rules/elementwise_more.py and
rules/elementwise_piecewise.py): NumPy's values, derivatives in forward and
reverse mode against finite differences and closed forms, the non-smooth
conventions, and plain ``np.*`` calls on boxes."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import assert_all_modes_match_fd, fwd_derivative, rev_derivative

RNG = np.random.default_rng(20240504)

# (dualtape function, NumPy function, sample inputs, derivative in closed form)
UNARY = [
    (dnp.exp2, np.exp2, RNG.normal(size=5), lambda x: 2.0 ** x * math.log(2.0)),
    (dnp.log2, np.log2, RNG.uniform(0.3, 3.0, 5), lambda x: 1.0 / (x * math.log(2.0))),
    (dnp.log10, np.log10, RNG.uniform(0.3, 3.0, 5), lambda x: 1.0 / (x * math.log(10.0))),
    (dnp.cbrt, np.cbrt, np.array([-8.0, -0.5, 0.3, 1.0, 27.0]), lambda x: 1.0 / (3.0 * np.cbrt(x) ** 2)),
    (dnp.arcsinh, np.arcsinh, RNG.normal(size=5), lambda x: 1.0 / np.sqrt(x * x + 1.0)),
    (dnp.arccosh, np.arccosh, RNG.uniform(1.1, 4.0, 5), lambda x: 1.0 / np.sqrt(x * x - 1.0)),
    (dnp.arctanh, np.arctanh, RNG.uniform(-0.9, 0.9, 5), lambda x: 1.0 / (1.0 - x * x)),
    (dnp.deg2rad, np.deg2rad, RNG.normal(size=5) * 90, lambda x: np.full_like(x, math.pi / 180)),
    (dnp.radians, np.radians, RNG.normal(size=5) * 90, lambda x: np.full_like(x, math.pi / 180)),
    (dnp.rad2deg, np.rad2deg, RNG.normal(size=5), lambda x: np.full_like(x, 180 / math.pi)),
    (dnp.degrees, np.degrees, RNG.normal(size=5), lambda x: np.full_like(x, 180 / math.pi)),
    # sinc' = (cos(πx) − sinc x)/x, written out independently of the rule
    (dnp.sinc, np.sinc, np.array([-2.3, -0.4, 0.05, 0.7, 1.5]),
     lambda x: (np.cos(np.pi * x) - np.sin(np.pi * x) / (np.pi * x)) / x),
    (dnp.positive, np.positive, RNG.normal(size=5), np.ones_like),
    (dnp.real, np.real, RNG.normal(size=5), np.ones_like),
    (dnp.conj, np.conj, RNG.normal(size=5), np.ones_like),
    (dnp.conjugate, np.conjugate, RNG.normal(size=5), np.ones_like),
]


@pytest.mark.parametrize("fn, np_fn, x, closed", UNARY, ids=[u[0].__name__ + str(i) for i, u in enumerate(UNARY)])
def test_unary_values_match_numpy_and_derivative_matches_closed_form_in_both_modes(fn, np_fn, x, closed):
    np.testing.assert_allclose(fn(x), np_fn(x), rtol=1e-15, atol=0)
    expected = np.diag(closed(x))
    assert_all_modes_match_fd(fn, x)
    np.testing.assert_allclose(dt.jacobian(fn, mode="forward")(x), expected, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(dt.jacobian(fn, mode="reverse")(x), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("fn", [dnp.exp2, dnp.log2, dnp.cbrt, dnp.arcsinh, dnp.sinc, dnp.deg2rad])
def test_python_float_in_gives_python_float_out(fn):
    assert type(fn(0.7)) is float
    assert type(fwd_derivative(fn, 0.7)) is float


# --- binary entries with broadcasting ------------------------------------------------------------

def _split(v):
    """A packed vector as a (3, 1) and a (4,) operand, which broadcast to (3, 4)."""
    return dnp.reshape(v[:3], (3, 1)), v[3:]


BINARY = [
    (dnp.float_power, np.float_power, np.concatenate([RNG.uniform(0.5, 2.0, 3), RNG.normal(size=4)])),
    (dnp.hypot, np.hypot, RNG.normal(size=7)),
    (dnp.logaddexp2, np.logaddexp2, RNG.normal(size=7)),
    (dnp.fmax, np.fmax, RNG.normal(size=7)),
    (dnp.fmin, np.fmin, RNG.normal(size=7)),
    (dnp.copysign, np.copysign, RNG.normal(size=7)),
]


@pytest.mark.parametrize("fn, np_fn, v", BINARY, ids=[b[0].__name__ for b in BINARY])
def test_binary_values_broadcast_like_numpy_and_both_arguments_differentiate(fn, np_fn, v):
    x, y = v[:3].reshape(3, 1), v[3:]
    np.testing.assert_allclose(fn(x, y), np_fn(x, y), rtol=1e-15, atol=0)
    assert_all_modes_match_fd(lambda w: fn(*_split(w)), v)


def test_hypot_and_float_power_partials_match_closed_forms():
    gx, gy = dt.gradient(lambda x, y: dnp.hypot(x, y), argnums=(0, 1))(3.0, -4.0)
    assert (gx, gy) == (0.6, -0.8)
    gx, gy = dt.gradient(lambda x, y: dnp.float_power(x, y), argnums=(0, 1))(2.0, 3.0)
    assert gx == pytest.approx(12.0, rel=1e-15)                          # y x^(y−1)
    assert gy == pytest.approx(8.0 * math.log(2.0), rel=1e-15)           # x^y log x


def test_logaddexp2_is_stable_and_splits_its_derivative_by_weight():
    assert dnp.logaddexp2(1000.0, 1000.0) == 1001.0
    g = dt.gradient(lambda x, y: dnp.logaddexp2(x, y), argnums=(0, 1))(1.0, 2.0)
    np.testing.assert_allclose(g, (1 / 3, 2 / 3), rtol=1e-15)           # 2^x/(2^x+2^y)


# --- remainders ------------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y", [(7.3, 3.0), (-7.3, 3.0), (7.3, -3.0), (-7.3, -3.0), (0.5, 2.0)])
def test_remainder_derivatives_are_one_and_minus_floor_quotient(x, y):
    gx, gy = dt.gradient(lambda a, b: dnp.remainder(a, b), argnums=(0, 1))(x, y)
    assert gx == 1.0
    assert gy == -math.floor(x / y)
    assert dnp.mod(x, y) == np.mod(x, y)
    fx, fy = dt.gradient(lambda a, b: dnp.fmod(a, b), argnums=(0, 1))(x, y)
    assert fx == 1.0
    assert fy == -math.trunc(x / y)
    assert dnp.fmod(x, y) == np.fmod(x, y)


def test_remainder_and_fmod_match_finite_differences_away_from_jumps_with_broadcasting():
    y = np.array([1.5, -2.0, 1.25, -1.1])
    q = np.array([[0.4], [2.6], [-1.5]])                   # quotients away from integers
    v = np.concatenate([(q * np.abs(y)).ravel()[:3], y])    # x (3, 1), y (4,)
    for fn in (dnp.remainder, dnp.fmod):
        assert_all_modes_match_fd(lambda w: fn(*_split(w)), v)


# --- sinc at and near zero -------------------------------------------------------------------------

def test_sinc_derivative_at_zero_is_zero_in_both_modes():
    assert fwd_derivative(dnp.sinc, 0.0) == 0.0
    assert rev_derivative(dnp.sinc, 0.0) == 0.0


def test_sinc_second_derivative_at_zero_is_minus_pi_squared_over_three():
    # sinc x = 1 − (πx)²/6 + ..., so sinc''(0) = −π²/3
    for mode in ("jet", "forward", "reverse"):
        assert dt.derivative(dnp.sinc, order=2, mode=mode)(0.0) == pytest.approx(-math.pi ** 2 / 3, rel=1e-14)


def test_sinc_derivative_is_continuous_across_the_series_cutoff():
    x = np.array([-0.0105, -0.0095, -1e-6, 1e-6, 0.0095, 0.0105])
    # (cos(πx) − sinc x)/x loses ~1e-13 relative to cancellation at |x| ≈ 1e-2, none at 1e-6
    exact = (np.cos(np.pi * x) - np.sinc(x)) / x
    # the Taylor series Σ_{k>=1} (−1)^k 2k π^{2k} x^{2k−1}/(2k+1)!, to k = 4
    p = np.pi
    series = (-p ** 2 * x / 3 + p ** 4 * x ** 3 / 30 - p ** 6 * x ** 5 / 840 + p ** 8 * x ** 7 / 45360)
    for mode in ("forward", "reverse"):
        got = np.diag(dt.jacobian(dnp.sinc, mode=mode)(x))
        np.testing.assert_allclose(got[1:5], series[1:5], rtol=1e-15)      # series side of the cutoff
        np.testing.assert_allclose(got[[0, 5]], series[[0, 5]], rtol=1e-12)  # quotient side
        np.testing.assert_allclose(got[[0, 1, 4, 5]], exact[[0, 1, 4, 5]], rtol=1e-12)


# --- NaN-ignoring extrema, ties, copysign ------------------------------------------------------------

def test_fmax_fmin_send_the_derivative_to_the_number_beside_a_nan():
    x = np.array([1.0, np.nan, 3.0])
    y = np.array([np.nan, 2.0, 1.0])
    for fn in (dnp.fmax, dnp.fmin):
        gx, gy = dt.gradient(lambda a, b: dnp.sum(fn(a, b)), argnums=(0, 1))(x, y)
        np.testing.assert_array_equal(gx + gy, [1.0, 1.0, 1.0])
        np.testing.assert_array_equal(gx[:2], [1.0, 0.0])
        np.testing.assert_array_equal(fn(x, y), np.fmax(x, y) if fn is dnp.fmax else np.fmin(x, y))


def test_fmax_fmin_ties_split_the_derivative_equally_in_both_modes():
    for fn in (dnp.fmax, dnp.fmin):
        assert dt.gradient(lambda a, b: fn(a, b), argnums=(0, 1))(2.0, 2.0) == (0.5, 0.5)
        assert dt.jvp(lambda a, b: fn(a, b), (2.0, 2.0), (1.0, 0.0))[1] == 0.5


def test_copysign_differentiates_in_its_first_argument_only():
    gx, gy = dt.gradient(lambda a, b: dnp.copysign(a, b), argnums=(0, 1))(-3.0, 2.0)
    assert (gx, gy) == (-1.0, 0.0)                     # copysign(x, y) = −x here
    assert dt.gradient(lambda a: dnp.copysign(a, -1.0))(-3.0) == 1.0
    assert dt.gradient(lambda a: dnp.copysign(a, 1.0))(0.0) == 0.0   # |x|'(0) = 0


# --- derivative zero ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fn, np_fn", [(dnp.floor, np.floor), (dnp.ceil, np.ceil), (dnp.trunc, np.trunc),
                                       (dnp.rint, np.rint), (dnp.fix, np.fix), (dnp.round, np.round),
                                       (dnp.around, np.around), (dnp.imag, np.imag)])
def test_piecewise_constant_entries_match_numpy_with_zero_derivative_in_both_modes(fn, np_fn):
    x = np.array([-2.5, -1.7, -0.2, 0.5, 1.5, 2.3])
    np.testing.assert_array_equal(fn(x), np_fn(x))
    np.testing.assert_array_equal(dt.jacobian(fn, mode="forward")(x), np.zeros((6, 6)))
    np.testing.assert_array_equal(dt.jacobian(fn, mode="reverse")(x), np.zeros((6, 6)))


def test_round_takes_decimals_like_numpy():
    x = np.array([1.2345, -2.5555, 125.0])
    for d in (-1, 0, 2):
        np.testing.assert_array_equal(dnp.round(x, d), np.round(x, d))
    assert dt.gradient(lambda a: dnp.round(a, 2) + a)(1.2345) == 1.0


def test_heaviside_has_zero_derivative_in_both_arguments():
    assert dt.gradient(lambda a, b: dnp.heaviside(a, b), argnums=(0, 1))(0.0, 0.5) == (0.0, 0.0)
    np.testing.assert_array_equal(dnp.heaviside(np.array([-1.0, 0.0, 2.0]), 0.5), [0.0, 0.5, 1.0])


def test_nan_to_num_passes_finite_derivatives_and_zeroes_replaced_ones():
    x = np.array([1.5, np.nan, np.inf, -np.inf, -2.0])
    np.testing.assert_array_equal(dnp.nan_to_num(x, nan=0.5, posinf=9.0, neginf=-9.0),
                                  np.nan_to_num(x, nan=0.5, posinf=9.0, neginf=-9.0))
    g = dt.gradient(lambda a: dnp.sum(dnp.nan_to_num(a, posinf=9.0, neginf=-9.0) * 3.0))(x)
    np.testing.assert_array_equal(g, [3.0, 0.0, 0.0, 0.0, 3.0])


def test_imag_of_a_real_value_is_zero_with_zero_derivative():
    assert dt.jvp(dnp.imag, (2.0,), (1.0,)) == (0.0, 0.0)


# --- plain NumPy calls on boxes ----------------------------------------------------------------------

def test_numpy_ufuncs_and_functions_on_boxes_route_to_these_entries():
    x = np.array([0.3, 1.7, 2.2])
    y = np.array([1.1, 0.4, 2.0])

    def with_numpy(a):
        return np.sum(np.hypot(a, y) + np.exp2(a) + np.log10(a) + np.arcsinh(a) + np.sinc(a)
                      + np.fmod(a, y) + np.mod(a, y) + np.round(a, 1) + np.fix(a) + np.real(a)
                      + np.deg2rad(a) + np.radians(a) + np.copysign(a, -y) + np.float_power(a, 2.0))

    def with_dnp(a):
        return dnp.sum(dnp.hypot(a, y) + dnp.exp2(a) + dnp.log10(a) + dnp.arcsinh(a) + dnp.sinc(a)
                       + dnp.fmod(a, y) + dnp.mod(a, y) + dnp.round(a, 1) + dnp.fix(a) + dnp.real(a)
                       + dnp.deg2rad(a) + dnp.radians(a) + dnp.copysign(a, -y) + dnp.float_power(a, 2.0))

    np.testing.assert_allclose(dt.gradient(with_numpy)(x), dt.gradient(with_dnp)(x), rtol=1e-15)
    np.testing.assert_allclose(with_numpy(x), with_dnp(x), rtol=1e-15)
    assert_all_modes_match_fd(lambda a: with_numpy(a), x)


def test_float32_inputs_keep_their_dtype():
    x = np.array([0.5, 1.5], dtype=np.float32)
    for fn in (dnp.exp2, dnp.log2, dnp.cbrt, dnp.arctanh, dnp.sinc, dnp.deg2rad):
        assert fn(x * 0.5).dtype == np.float32


def test_every_entry_passes_the_audit():
    names = ["float_power", "exp2", "log2", "log10", "cbrt", "logaddexp2", "hypot", "arcsinh",
             "arccosh", "arctanh", "deg2rad", "rad2deg", "sinc", "remainder", "fmod", "fmax", "fmin",
             "copysign", "heaviside", "floor", "ceil", "trunc", "rint", "fix", "round", "nan_to_num",
             "positive", "real", "imag", "conjugate"]
    report = dt.check_primitives(names)
    assert report.ok, str(report)
