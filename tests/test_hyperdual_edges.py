"""HyperDuals where a derivative overflows or is infinite: NumPy's inf and nan, never
Python's OverflowError, and no inf·0 = nan from an ε part that is exactly zero.

The expected values are the closed forms: every derivative of exp is exp, and
e^1000 overflows to inf in float64 (NumPy: ``np.exp(1000.0) == inf``); an exact
zero ε part contributes no term, as the jet engine leaves out exact-zero
coefficients (``derivative(exp, order=3)(1000.0)`` is inf).
"""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape import HyperDual

INF = float("inf")


@pytest.fixture(autouse=True)
def _quiet_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def parts(h):
    return tuple(float(p) for p in (h.primal, h.e1, h.e2, h.e12))


def test_hessian_of_exp_at_an_overflowing_point_is_inf():
    assert np.exp(1000.0) == INF                      # NumPy's own value
    assert dt.hessian(dnp.exp, mode="hyperdual")(1000.0) == INF
    # the other modes agree
    assert dt.hessian(dnp.exp, mode="reverse-over-reverse")(1000.0) == INF
    assert dt.derivative(dnp.exp, order=2)(1000.0) == INF


def test_exp_of_a_python_float_hyperdual_overflows_to_inf_not_an_error():
    # exp(a + ε1 + ε2) = e^a (1 + ε1 + ε2 + ε1ε2): all four parts are e^1000 = inf
    assert parts(dnp.exp(HyperDual(1000.0, 1.0, 1.0, 0.0))) == (INF, INF, INF, INF)
    assert parts(dnp.cosh(HyperDual(1000.0, 1.0, 1.0, 0.0))) == (INF, INF, INF, INF)


def test_an_exact_zero_eps_part_has_no_term_even_against_an_infinite_derivative():
    # exp(a + ε1): e2 = f'(a)·0 and e12 = f'(a)·0 + f''(a)·1·0 are no terms: 0, not inf·0
    assert parts(dnp.exp(HyperDual(1000.0, 1.0, 0.0, 0.0))) == (INF, INF, 0.0, 0.0)


def test_the_scalar_path_and_the_array_path_agree_at_the_overflow():
    for seed in ((1.0, 1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)):
        scalar = dnp.exp(HyperDual(1000.0, *seed))
        array = dnp.exp(HyperDual(np.array(1000.0), *(np.array(s) for s in seed)))
        assert parts(scalar) == parts(array), seed


def test_log_and_sqrt_at_zero_have_the_closed_form_second_part():
    # NumPy at 0: log has 1/x → inf and −1/x² → −inf;
    # sqrt has 1/(2√x) → inf and −1/(4 x^(3/2)) → −inf
    assert parts(dnp.log(HyperDual(0.0, 1.0, 1.0, 0.0))) == (-INF, INF, INF, -INF)
    assert parts(dnp.sqrt(HyperDual(0.0, 1.0, 1.0, 0.0))) == (0.0, INF, INF, -INF)
