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
from dualtape.core.primitive import TABLE

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


# --- arrays where only some entries overflow ------------------------------------------------
# At x = [1000, 1] only the first entry of exp overflows: exp(x) = [inf, e].  The closed forms
# of f(x) = Σ exp(x_i) are ∇f = exp(x) and H = diag(exp(x)) = [[inf, 0], [0, e]]; the
# off-diagonal zeros and the e at (1, 1) do not involve the overflow.  A direction (tangent,
# ε part, cotangent) that is exactly zero at the overflowing entry is no term there, so none
# of them may become inf·0 = NaN (before: NaN in every one of these places).

X = np.array([1000.0, 1.0])
E = np.exp(1.0)


def test_a_dual_array_whose_tangent_is_zero_at_the_overflow_has_that_entry_zero():
    y = dnp.exp(dt.Dual(X, np.array([0.0, 1.0])))                 # tangent exp(x)·[0, 1]
    np.testing.assert_array_equal(y.tangent, [0.0, E])
    assert dnp.exp(dt.Dual(1000.0, 0.0)).tangent == 0.0           # the scalar path agrees


def test_a_hyperdual_array_whose_eps_parts_are_zero_at_the_overflow_has_those_entries_zero():
    parts = dnp.exp(HyperDual(X, np.array([0.0, 1.0]), np.array([0.0, 1.0])))
    np.testing.assert_array_equal(parts.primal, [INF, E])
    for part in (parts.e1, parts.e2, parts.e12):                  # exp' = exp'' = exp, times [0, 1]
        np.testing.assert_array_equal(part, [0.0, E])


@pytest.mark.parametrize("mode", ["hyperdual", "forward-over-reverse", "reverse-over-reverse"])
def test_a_hessian_where_one_entry_overflows_is_inf_there_and_exact_elsewhere(mode):
    H = dt.hessian(lambda x: dnp.sum(dnp.exp(x)), mode=mode)(X)
    np.testing.assert_array_equal(H, [[INF, 0.0], [0.0, E]])           # diag(exp(x))
    # f = Σ x_i exp(x_i): H = diag((x + 2) exp(x)) = diag(inf, 3e)
    H = dt.hessian(lambda x: dnp.sum(x * dnp.exp(x)), mode=mode)(X)
    np.testing.assert_array_equal(H, [[INF, 0.0], [0.0, 3.0 * E]])


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_jacobian_where_one_entry_overflows_has_exact_zeros_off_the_diagonal(mode):
    np.testing.assert_array_equal(dt.jacobian(dnp.exp, mode=mode)(X), [[INF, 0.0], [0.0, E]])


def test_a_gradient_that_never_reaches_the_overflowing_entry_is_zero_there():
    # d/dx exp(x)[1] = [0, e]: the cotangent of exp(x) is [0, 1]
    np.testing.assert_array_equal(dt.gradient(lambda x: dnp.exp(x)[1])(X), [0.0, E])


def test_the_generic_second_order_path_agrees_at_a_partial_overflow():
    # The closed form (exp's `second`) and the generic path (exp's tangent rule differentiated
    # once more, on Duals: a boxed product) give the same parts [inf, e], [0, e], [0, e], [0, e].
    h = HyperDual(X, np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    prim = TABLE["exp"]
    closed = h._apply(prim, [h], {}, closed_form=True)
    generic = h._apply(prim, [h], {}, closed_form=False)
    for part in ("primal", "e1", "e2", "e12"):
        np.testing.assert_array_equal(getattr(generic, part), getattr(closed, part))
    np.testing.assert_array_equal(generic.e12, [0.0, E])
