"""Curve fitting as NumPy users write it: `polyfit`/`polyval` and the sensitivity of the fit
to the data, piecewise-linear models with `np.interp`, and piecewise models written with
`np.piecewise`, `np.select` and `np.vectorize` whose pieces close over a parameter."""
import numpy
import pytest

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient, central_jacobian

rng = numpy.random.default_rng(11)
X = numpy.linspace(-1, 1, 12)
Y = 1 + 2 * X - X ** 3 + 0.05 * rng.standard_normal(12)


# --- a cubic fit, its sensitivities and its derivative --------------------------------

def test_the_fitted_coefficients_are_the_pseudo_inverse_of_the_vandermonde_matrix():
    coefficients = lambda y: np.polyfit(X, y, 3)
    assert_close(dt.jacobian(coefficients)(Y), numpy.linalg.pinv(numpy.vander(X, 4)), 1e-12, 1e-14,
                 "a linear map: round-off")


def test_the_fit_in_the_abscissae_and_the_weights_matches_differences_of_numpys_fit():
    weights = rng.uniform(0.5, 1.5, 12)
    assert_close(dt.jacobian(lambda x: np.polyfit(x, Y, 3))(X),
                 central_jacobian(lambda x: numpy.polyfit(x, Y, 3), X), 1e-6, 1e-8)
    assert_close(dt.jacobian(lambda w: np.polyfit(X, Y, 3, w=w))(weights),
                 central_jacobian(lambda w: numpy.polyfit(X, Y, 3, w=w), weights), 1e-6, 1e-8)


def test_the_slope_energy_of_the_fit_differentiates_through_polyder_and_polyval():
    loss = lambda y, xp=np: xp.sum(xp.polyval(xp.polyder(xp.polyfit(X, y, 3)), X) ** 2)
    assert_close(dt.gradient(loss)(Y), central_gradient(lambda y: loss(y, numpy), Y), 1e-6, 1e-8)
    c = numpy.array([0.5, -1.0, 2.0, 0.3])
    # p(t) = 0.5t³ − t² + 2t + 0.3: p'(0.7) = 1.5·0.49 − 1.4 + 2, p'''(0.7) = 3
    assert_close(dt.gradient(lambda t: np.polyval(c, t))(0.7), 1.5 * 0.49 - 1.4 + 2.0, 1e-15, 0)
    assert_close(dt.derivative(lambda t: np.polyval(c, t), order=3)(0.7), 3.0, 1e-15, 0)


# --- a piecewise-linear model with np.interp ------------------------------------------

KNOTS = numpy.linspace(0, 1, 6)
QUERIES = rng.uniform(0, 1, 20)
VALUES = rng.standard_normal(6)


def test_a_piecewise_linear_fit_has_the_hat_function_gradient():
    loss = lambda v, xp=np: xp.mean((xp.interp(QUERIES, KNOTS, v) - numpy.sin(3 * QUERIES)) ** 2)
    assert_close(dt.gradient(loss)(VALUES), central_gradient(lambda v: loss(v, numpy), VALUES),
                 1e-7, 1e-9, "linear in v: differences exact but for round-off")
    hats = numpy.stack([numpy.interp(QUERIES, KNOTS, e) for e in numpy.eye(6)])   # ∂y/∂v_k
    assert_close(dt.jacobian(lambda v: np.interp(QUERIES, KNOTS, v))(VALUES), hats.T, 1e-15, 1e-15)


@pytest.mark.parametrize("at", [0.13, 0.5, 0.95, 1.5, -0.5, KNOTS[2]])
def test_the_slope_in_the_query_point_is_the_segments_slope(at):
    # at a knot, the segment to its right (dualtape's convention); outside, the constant end
    segment = min(max(numpy.searchsorted(KNOTS, at, side="right") - 1, 0), 4)
    inside = KNOTS[0] <= at <= KNOTS[-1]
    slope = (VALUES[segment + 1] - VALUES[segment]) / (KNOTS[1] - KNOTS[0]) if inside else 0.0
    f = lambda t: np.interp(t, KNOTS, VALUES)
    assert_close(dt.gradient(f)(at), slope, 1e-13, 1e-15)
    assert_close(dt.jvp(f, (at,), (1.0,))[1], slope, 1e-13, 1e-15)


def test_a_periodic_interpolation_and_moving_knots_match_differences():
    periodic = lambda t, xp=np: xp.interp(t, KNOTS[:-1], VALUES[:-1], period=1.0)
    for at in (0.1, 0.9, 1.3, -0.25):                       # away from the knots
        assert_close(dt.gradient(periodic)(at), central_gradient(lambda t: periodic(t, numpy), at),
                     1e-7, 1e-9)
    moved = KNOTS + numpy.array([0, 0.01, -0.02, 0.03, 0.0, 0])
    total = lambda k, xp=np: xp.sum(xp.interp(QUERIES, k, VALUES))
    assert_close(dt.gradient(total)(moved), central_gradient(lambda k: total(k, numpy), moved),
                 1e-6, 1e-8)


# --- pieces that close over the parameter being fitted -----------------------------
# Regression: with a plain NumPy x, np.piecewise, np.select's callers, np.vectorize and
# np.apply_along_axis handed the pieces' dualtape results to NumPy, which raised
# "numpy.asarray() of a dualtape Tensor would drop its derivative".

GRID = numpy.array([[0.2, 0.7], [1.4, 3.0]])


def ramp(a, x):
    # a·x below 1, then a + 2(x − 1): ∂/∂a is x below 1 and 1 above
    return np.piecewise(x, [x < 1.0, x >= 1.0], [lambda s: a * s, lambda s: a + 2.0 * (s - 1.0)])


def test_piecewise_pieces_that_close_over_the_parameter_are_differentiated():
    expected = numpy.sum(numpy.where(GRID < 1.0, GRID, 1.0))
    assert_close(dt.gradient(lambda a: np.sum(ramp(a, GRID)))(1.5), expected, 1e-15, 0)
    assert_close(dt.jvp(lambda a: np.sum(ramp(a, GRID)), (1.5,), (1.0,))[1], expected, 1e-15, 0)
    assert_close(ramp(1.5, GRID), numpy.piecewise(GRID, [GRID < 1, GRID >= 1],
                                                  [lambda s: 1.5 * s, lambda s: 1.5 + 2 * (s - 1)]),
                 1e-15, 0)


def test_vectorize_and_apply_along_axis_of_a_closure_over_the_parameter():
    # Σ a·x² = a·Σx²; rows: Σ_rows a·(Σ_row x)² = a·Σ_rows (Σ_row x)²
    by_entry = lambda a: np.sum(np.vectorize(lambda v: a * v * v)(GRID))
    by_row = lambda a: np.sum(np.apply_along_axis(lambda row: a * np.sum(row) ** 2, 1, GRID))
    assert_close(dt.gradient(by_entry)(1.5), numpy.sum(GRID ** 2), 1e-15, 0)
    assert_close(dt.gradient(by_row)(1.5), numpy.sum(GRID.sum(1) ** 2), 1e-15, 0)
    assert_close(dt.jvp(by_row, (1.5,), (1.0,))[1], numpy.sum(GRID.sum(1) ** 2), 1e-15, 0)


def test_select_picks_the_derivative_of_the_chosen_piece():
    t = numpy.array([0.1, 0.4, 0.8])
    f = lambda t: np.sum(np.select([t < 0.3, t < 0.6], [t ** 2, np.sin(t)], default=np.exp(t)))
    assert_close(dt.gradient(f)(t), [0.2, numpy.cos(0.4), numpy.exp(0.8)], 1e-15, 0)
