"""Taylor jets: the recurrences against the exact nested-Dual fallback for every
entry, the coefficient-wise path of linear entries, fallbacks at singular
points, and that the O(k²) path is the one taken."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.probes import differentiable_positions as _diff_positions, random_like as _random_like
from dualtape.core.box import new_level
from dualtape.core.dispatch import bind
from dualtape.core.domains import examples_for
from dualtape.core.primitive import TABLE
from dualtape.forward import jet as jet_module
from dualtape.forward.jet import Jet, jet_parts, series_by_nested_duals

ORDER = 6
WITH_TAYLOR = sorted(n for n, p in TABLE.items() if p.taylor is not None)
LINEAR = sorted(n for n, p in TABLE.items() if p.linear and p.taylor is None)


def _compare_with_fallback(name, order, seed=11):
    prim = TABLE[name]
    rng = np.random.default_rng(seed)
    for args, params in examples_for(prim, rng):
        pos = _diff_positions(args)
        if not pos:
            continue
        level, boxed, coeffs = new_level(), [], []
        for i, a in enumerate(args):
            if i in pos:       # complex arguments (fft, ...) get complex coefficients
                c = [_random_like(rng, a) for _ in range(order)]
                boxed.append(Jet._make(a, c, level))
                coeffs.append(c)
            else:
                boxed.append(a)
                coeffs.append(None)
        got = bind(prim, *boxed, **params)
        want = series_by_nested_duals(prim, list(args), coeffs, params, order)
        outs = got if prim.multiple_results else (got,)
        for m, o in enumerate(outs):
            ref = [np.asarray(0.0 if w is None else (w[m] if prim.multiple_results else w))
                   for w in want]
            scale = max(float(np.max(np.abs(r), initial=0.0)) for r in ref) or 1.0
            for j in range(order):
                got_j = jet_parts(o, boxed[pos[0]])[1][j]       # read as a transform reads its jets
                err = float(np.max(np.abs(np.asarray(got_j) - ref[j]), initial=0.0))
                assert err <= 1e-11 * scale, (name, j + 1, err, scale)


@pytest.mark.parametrize("name", WITH_TAYLOR)
def test_taylor_recurrence_equals_nested_dual_fallback_at_order_six(name):
    _compare_with_fallback(name, ORDER)


@pytest.mark.parametrize("name", LINEAR)
def test_linear_entries_go_coefficient_by_coefficient_exactly(name):
    _compare_with_fallback(name, 3)


def test_exp_sin_at_order_ten_never_takes_the_two_to_the_k_fallback(monkeypatch):
    def forbidden(*a, **k):
        raise AssertionError("the nested-Dual fallback was used")
    monkeypatch.setattr(jet_module, "series_by_nested_duals", forbidden)
    coeffs = dt.taylor(lambda x: dnp.exp(dnp.sin(x)) * x + dnp.log1p(x * x), 0.5, order=10)
    assert len(coeffs) == 11


def test_taylor_of_exp_is_one_over_factorials():
    coeffs = dt.taylor(dnp.exp, 0.0, order=10)
    assert coeffs == pytest.approx([1.0 / math.factorial(j) for j in range(11)], rel=1e-15)


def test_power_at_a_zero_base_falls_back_and_stays_exact():
    # at x0 = 0 the power recurrence would divide by x0, so the fallback runs;
    # coefficients of (0 + t)**3 = t³: 0, 0, 0, 1
    assert dt.taylor(lambda x: x ** 3.0, 0.0, order=3) == [0.0, 0.0, 0.0, 1.0]


def test_sqrt_at_zero_falls_back_to_the_nested_convention():
    # sqrt'(0) = inf by convention; the fallback reproduces what nested Duals give
    with np.errstate(all="ignore"):
        got = dt.taylor(dnp.sqrt, 0.0, order=1)
    assert got[0] == 0.0 and got[1] == math.inf


def test_matmul_jet_is_the_cauchy_product():
    # (A + tB)(C + tD) = AC + t(AD + BC) + t² BD
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    C, D = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    x = Jet(A, [B, np.zeros((2, 3))])
    y = Jet(C, [D, np.zeros((3, 4))], like=x)
    z = x @ y
    assert np.allclose(z.primal, A @ C)
    assert np.allclose(z.series[0], A @ D + B @ C, rtol=1e-14)
    assert np.allclose(z.series[1], B @ D, rtol=1e-14)


def test_jet_with_direction_gives_directional_taylor_coefficients():
    # f(x) = x0² x1 along x + t·v: d²/dt² = 2 v0² x1 + 4 x0 v0 v1
    x, v = np.array([1.5, -2.0]), np.array([0.5, 3.0])
    coeffs = dt.taylor(lambda z: z[0] ** 2 * z[1], x, order=2, direction=v)
    assert coeffs[2] * 2 == pytest.approx(2 * v[0] ** 2 * x[1] + 4 * x[0] * v[0] * v[1])


def test_jets_on_arrays_are_elementwise():
    xs = np.array([0.1, 0.7, -0.4])
    got = dt.derivative(dnp.tanh, order=3)(xs)
    # tanh''' = -2 sech² (1 - 3 tanh²) ... written as 6 th² (1 - th²) - 2 (1 - th²)
    th = np.tanh(xs)
    want = 6 * th ** 2 * (1 - th ** 2) - 2 * (1 - th ** 2)
    assert np.allclose(got, want, rtol=1e-13)


def test_jet_shape_errors_name_the_problem():
    with pytest.raises(ValueError, match="coefficient 1 has shape"):
        Jet(np.ones(3), [np.ones(2)])
    with pytest.raises(ValueError, match="at least one"):
        Jet(1.0, [])
    with pytest.raises(ValueError, match="order"):
        Jet(1.0, [1.0], like=Jet(1.0, [1.0, 0.0]))
