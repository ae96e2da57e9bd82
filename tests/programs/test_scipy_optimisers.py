"""SciPy's optimisers fed with dualtape's derivatives, as a SciPy user writes them:
`minimize` with ``jac=``, ``hess=`` and ``hessp=`` on Rosenbrock's function,
`least_squares` with ``jac=`` on an exponential-decay fit, and `root` with a Jacobian
on a small chemical-equilibrium system."""
import numpy
import pytest
import scipy.optimize

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_jacobian


# --- Rosenbrock's function in four dimensions ---------------------------------------

def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


START = numpy.array([-1.2, 1.0, 0.8, 1.3])


def test_rosenbrock_derivatives_are_scipys_closed_forms():
    p = numpy.array([0.3, -1.0, 2.0, 0.5])
    # scipy.optimize.rosen_der, rosen_hess and rosen_hess_prod are written out by hand
    assert_close(dt.gradient(rosenbrock)(START), scipy.optimize.rosen_der(START), 1e-15, 0,
                 "the same polynomial: round-off")
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        assert_close(dt.hessian(rosenbrock, mode=mode)(START), scipy.optimize.rosen_hess(START),
                     1e-15, 1e-12, mode)
    assert_close(dt.hvp(rosenbrock, (START,), (p,)), scipy.optimize.rosen_hess_prod(START, p),
                 1e-15, 1e-12)


@pytest.mark.parametrize("method, extra", [
    ("BFGS", {}),
    ("Newton-CG", {"hessp": lambda x, p: dt.hvp(rosenbrock, (x,), (p,))}),
    ("trust-exact", {"hess": dt.hessian(rosenbrock)}),
])
def test_minimize_with_dualtape_derivatives_finds_what_scipys_own_derivatives_find(method, extra):
    ours = scipy.optimize.minimize(rosenbrock, START, jac=dt.gradient(rosenbrock), method=method,
                                   **extra)
    hand = {"hessp": scipy.optimize.rosen_hess_prod} if "hessp" in extra else \
        {"hess": scipy.optimize.rosen_hess} if "hess" in extra else {}
    theirs = scipy.optimize.minimize(scipy.optimize.rosen, START, jac=scipy.optimize.rosen_der,
                                     method=method, **hand)
    assert ours.success and theirs.success
    assert ours.nit == theirs.nit                  # the same derivatives take the same path
    assert_close(ours.x, theirs.x, 1e-10, 1e-12, "the same iterates up to round-off")


# --- a nonlinear least-squares fit, y = a·exp(-b·t) + c ----------------------------

T = numpy.linspace(0.0, 4.0, 30)
Y = 2.5 * numpy.exp(-1.3 * T) + 0.5 + 0.02 * numpy.random.default_rng(1).standard_normal(30)


def residuals(p):
    a, b, c = p[0], p[1], p[2]
    return a * np.exp(-b * T) + c - Y


def test_the_residual_jacobian_is_the_closed_form_in_both_modes():
    p = numpy.array([1.0, 0.7, 0.1])
    e = numpy.exp(-p[1] * T)
    closed = numpy.stack([e, -p[0] * T * e, numpy.ones_like(T)], axis=1)   # ∂r/∂(a, b, c)
    assert_close(dt.jacfwd(residuals)(p), closed, 1e-15, 1e-15, "round-off")
    assert_close(dt.jacrev(residuals)(p), closed, 1e-15, 1e-15)


def test_least_squares_with_the_exact_jacobian_reaches_the_finite_difference_fit():
    p0 = numpy.array([1.0, 1.0, 0.0])
    exact = scipy.optimize.least_squares(residuals, p0, jac=dt.jacobian(residuals))
    differenced = scipy.optimize.least_squares(residuals, p0, jac="3-point")
    assert exact.success
    assert_close(exact.x, differenced.x, 1e-7, 0, "3-point differences: error ~1e-9 per step")
    assert_close(exact.x, [2.5, 1.3, 0.5], 0.05, 0, "the noise is 2% of the signal")


# --- a chemical equilibrium, solved by root with its Jacobian -----------------------
# A ⇌ 2B with K1 = [B]²/[A] and B + C ⇌ D with K2 = [D]/([B][C]); mass balances on A and C.

K1, K2, A0, C0 = 0.5, 4.0, 1.0, 0.6


def equilibrium(v):
    a, b, c, d = np.exp(v[0]), np.exp(v[1]), np.exp(v[2]), np.exp(v[3])   # log-concentrations
    return np.stack([np.log(b * b / a) - np.log(K1),
                     np.log(d / (b * c)) - np.log(K2),
                     a + 0.5 * (b + d) - A0,
                     c + d - C0])


def equilibrium_numpy(v):
    a, b, c, d = numpy.exp(v)
    return numpy.array([numpy.log(b * b / a / K1), numpy.log(d / (b * c) / K2),
                        a + 0.5 * (b + d) - A0, c + d - C0])


def test_the_equilibrium_jacobian_matches_differences_of_the_numpy_system():
    v = numpy.log([0.5, 0.6, 0.3, 0.2])
    assert_close(dt.jacobian(equilibrium)(v), central_jacobian(equilibrium_numpy, v), 1e-7, 1e-9,
                 "central differences, h = 1e-6")


@pytest.mark.parametrize("method", ["hybr", "lm"])
def test_root_with_the_jacobian_solves_the_equilibrium(method):
    solution = scipy.optimize.root(equilibrium, numpy.log([0.5, 0.5, 0.5, 0.1]),
                                   jac=dt.jacobian(equilibrium), method=method)
    assert solution.success
    a, b, c, d = numpy.exp(solution.x)
    assert_close([b * b / a, d / (b * c), a + 0.5 * (b + d), c + d], [K1, K2, A0, C0], 1e-9, 0,
                 "the solver's tolerance")
