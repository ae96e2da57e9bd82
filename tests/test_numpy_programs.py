"""Whole programs written the way NumPy users write them, with `import dualtape.numpy
as np` as their only change, differentiated in every mode and checked against closed
forms and finite differences."""
import numpy
import pytest
import scipy.optimize

import dualtape as dt
import dualtape.numpy as np


# --- program 1: a driven, damped oscillator, integrated with RK4 ------------------------------

def oscillator(state, t, params):
    """dx/dt = v, dv/dt = -k x - c v + a sin(2πt): built with np.array([...])."""
    k, c, a = params
    x, v = state[0], state[1]
    return np.array([v, -k * x - c * v + a * np.sin(2.0 * np.pi * t)])


def trajectory(params, steps=25, dt_=0.04):
    """RK4 from (1, 0); positions written into np.zeros functionally."""
    state = np.array([1.0, 0.0])
    xs = np.zeros(steps)
    t = 0.0
    for i in range(steps):
        k1 = oscillator(state, t, params)
        k2 = oscillator(state + 0.5 * dt_ * k1, t + 0.5 * dt_, params)
        k3 = oscillator(state + 0.5 * dt_ * k2, t + 0.5 * dt_, params)
        k4 = oscillator(state + dt_ * k3, t + dt_, params)
        state = state + dt_ / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        t += dt_
        xs = np.at(xs)[i].set(state[0])
    return xs


rng = np.random.default_rng(0)
OBSERVED = np.cos(np.linspace(0.04, 1.0, 25) * 2.0) + 0.05 * rng.standard_normal(25)
PARAMS = np.array([4.0, 0.3, 0.5])


def misfit(params):
    return np.mean((trajectory(params) - OBSERVED) ** 2) + 1e-3 * np.sum(np.log(params) ** 2)


def _fd_gradient(f, x, h=1e-6):
    e = numpy.eye(len(x))
    return numpy.array([(f(x + h * e[i]) - f(x - h * e[i])) / (2 * h) for i in range(len(x))])


def test_the_oscillator_right_hand_side_has_its_closed_form_jacobians():
    state, t = np.array([0.7, -0.2]), 0.3
    k, c, a = PARAMS
    want_state = numpy.array([[0.0, 1.0], [-k, -c]])
    want_params = numpy.array([[0.0, 0.0, 0.0], [-0.7, 0.2, numpy.sin(2 * numpy.pi * t)]])
    for jac in (dt.jacfwd, dt.jacrev):
        numpy.testing.assert_allclose(jac(oscillator)(state, t, PARAMS), want_state, rtol=1e-15)
        numpy.testing.assert_allclose(jac(oscillator, argnums=2)(state, t, PARAMS), want_params,
                                      rtol=1e-15, atol=1e-16)


def test_the_misfit_gradient_in_forward_and_reverse_mode_matches_finite_differences():
    fd = _fd_gradient(misfit, PARAMS)
    grad = dt.gradient(misfit)(PARAMS)
    numpy.testing.assert_allclose(grad, fd, rtol=1e-7)
    numpy.testing.assert_allclose(dt.jacfwd(misfit)(PARAMS), grad, rtol=1e-12)
    direction = numpy.array([1.0, -2.0, 0.5])
    value, slope = dt.jvp(misfit, (PARAMS,), (direction,))
    assert value == misfit(PARAMS)
    numpy.testing.assert_allclose(slope, grad @ direction, rtol=1e-12)


def test_the_misfit_hessian_agrees_in_every_mode_and_with_differences_of_the_gradient():
    fd = numpy.array([_fd_gradient(lambda p: dt.gradient(misfit)(p)[i], PARAMS, 1e-5)
                      for i in range(3)])
    modes = [dt.hessian(misfit, mode=m)(PARAMS)
             for m in ("forward-over-reverse", "reverse-over-reverse", "hyperdual")]
    numpy.testing.assert_allclose(modes[0], fd, rtol=1e-6, atol=1e-9)
    for h in modes[1:]:
        numpy.testing.assert_allclose(h, modes[0], rtol=1e-10, atol=1e-14)


def test_jets_along_a_line_agree_with_nested_forward_and_reverse_derivatives():
    direction = numpy.array([0.5, 0.1, -0.2])
    along = lambda s: misfit(PARAMS + s * direction)
    coefficients = dt.taylor(along, 0.0, order=3)
    for k, factorial in ((1, 1.0), (2, 2.0), (3, 6.0)):
        for mode in ("forward", "reverse"):
            numpy.testing.assert_allclose(coefficients[k] * factorial,
                                          dt.derivative(along, order=k, mode=mode)(0.0), rtol=1e-9)


def test_a_hand_built_hyperdual_gives_the_second_directional_derivative():
    u = numpy.array([1.0, 0.0, 0.0])
    x = dt.HyperDual(PARAMS, u, u, numpy.zeros(3))
    numpy.testing.assert_allclose(misfit(x).e12, dt.hessian(misfit)(PARAMS)[0, 0], rtol=1e-10)


# --- program 2: logistic regression fitted by scipy.optimize with exact derivatives ------------

features = np.random.default_rng(1).standard_normal((40, 3))
labels = np.where(features @ np.array([1.5, -2.0, 0.5]) + 0.3 * rng.standard_normal(40) > 0, 1.0, -1.0)


def negative_log_likelihood(w):
    margins = labels * (features @ w)
    return np.sum(np.logaddexp(0.0, -margins)) + 0.5 * np.dot(w, w)


def test_scipy_minimize_with_dualtape_derivatives_reaches_the_optimum_without_them_too():
    w0 = np.zeros(3)
    numpy.testing.assert_allclose(dt.gradient(negative_log_likelihood)(w0),
                                  _fd_gradient(negative_log_likelihood, w0), rtol=1e-8)
    exact = scipy.optimize.minimize(negative_log_likelihood, w0, method="trust-exact",
                                    jac=dt.gradient(negative_log_likelihood),
                                    hess=dt.hessian(negative_log_likelihood), options={"gtol": 1e-10})
    plain = scipy.optimize.minimize(negative_log_likelihood, w0, method="BFGS")
    assert exact.success
    assert numpy.linalg.norm(dt.gradient(negative_log_likelihood)(exact.x)) < 1e-8
    numpy.testing.assert_allclose(exact.x, plain.x, atol=1e-4)
    assert exact.nit < plain.nit


# --- program 3: a polynomial fit and its sensitivity to the data --------------------------------

x_data = np.linspace(-1.0, 1.0, 12)
y_data = 0.5 - x_data + 2.0 * x_data ** 2 + 0.1 * np.random.default_rng(2).standard_normal(12)


def prediction(y, at=0.3, deg=2):
    coefficients = np.polyfit(x_data, y, deg)
    return np.polyval(coefficients, at)


def test_the_fitted_prediction_is_linear_in_the_data_with_the_hat_matrix_row():
    # least squares: prediction = vander(at) · pinv(vander(x)) · y, linear in y
    row = numpy.vander([0.3], 3) @ numpy.linalg.pinv(numpy.vander(x_data, 3))
    numpy.testing.assert_allclose(dt.gradient(prediction)(y_data), row[0], rtol=1e-10, atol=1e-13)
    numpy.testing.assert_allclose(dt.jacfwd(prediction)(y_data), row[0], rtol=1e-10, atol=1e-13)
    numpy.testing.assert_allclose(dt.hessian(prediction)(y_data), numpy.zeros((12, 12)), atol=1e-12)
    assert prediction(y_data) == numpy.polyval(numpy.polyfit(x_data, y_data, 2), 0.3)


def test_the_prediction_in_the_evaluation_point_has_the_fitted_polynomials_derivatives():
    c = numpy.polyfit(x_data, y_data, 3)
    at = lambda t: prediction(y_data, at=t, deg=3)
    assert dt.derivative(at, order=1)(0.3) == pytest.approx(numpy.polyval(numpy.polyder(c), 0.3), rel=1e-12)
    assert dt.derivative(at, order=3)(0.3) == pytest.approx(6.0 * c[0], rel=1e-12)
