"""The log-likelihood of a local-linear-trend model by a Kalman filter, written twice:
functionally, and as filtering code usually is, with ``+=``, ``-=`` and rows of the
covariance read as views; both against differences of the plain NumPy filter, and every
Hessian mode against the others."""
import numpy

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(9)
STEPS = 25
OBSERVATIONS = numpy.cumsum(0.5 * rng.standard_normal(STEPS)) + 0.3 * rng.standard_normal(STEPS)
TRANSITION = numpy.array([[1.0, 1.0], [0.0, 1.0]])
OBSERVE = numpy.array([[1.0, 0.0]])
THETA = numpy.array([-1.0, -2.0])           # log process variance, log observation variance


# --- the Kalman filter, functional and in place -------------------------------------

def kalman_loglik(theta, xp=np):
    q, r = xp.exp(theta[0]), xp.exp(theta[1])
    process = q * xp.array([[1 / 3, 1 / 2], [1 / 2, 1.0]])
    x, P, total = xp.zeros(2), 10.0 * xp.eye(2), 0.0
    for y in OBSERVATIONS:
        x = TRANSITION @ x
        P = TRANSITION @ P @ TRANSITION.T + process
        S = OBSERVE @ P @ OBSERVE.T + r
        innovation = y - OBSERVE @ x
        gain = P @ OBSERVE.T / S
        total = total - 0.5 * (xp.log(2 * xp.pi * S[0, 0]) + innovation[0] ** 2 / S[0, 0])
        x = x + gain[:, 0] * innovation[0]
        P = (xp.eye(2) - gain @ OBSERVE) @ P
    return total


def kalman_loglik_in_place(theta):
    q, r = np.exp(theta[0]), np.exp(theta[1])
    process = q * np.array([[1 / 3, 1 / 2], [1 / 2, 1.0]])
    x = np.zeros(2) + 0.0 * q
    P = 10.0 * np.eye(2) + 0.0 * q
    total = 0.0
    for y in OBSERVATIONS:
        x = TRANSITION @ x
        P = TRANSITION @ P @ TRANSITION.T
        P += process
        S = P[0, 0] + r
        innovation = y - x[0]
        gain = P[:, 0] / S                      # a column of P, divided: a new array
        total -= 0.5 * (np.log(2 * np.pi * S) + innovation ** 2 / S)
        x += gain * innovation
        P -= np.outer(gain, P[0, :])            # P[0, :] is a view of P, read before the write
    return total


def test_both_filters_give_numpys_value_and_its_difference_gradient():
    expected = central_gradient(lambda t: kalman_loglik(t, numpy), THETA)
    for loglik in (kalman_loglik, kalman_loglik_in_place):
        assert_close(loglik(THETA), kalman_loglik(THETA, numpy), 1e-13, 0, loglik.__name__)
        assert_close(dt.gradient(loglik)(THETA), expected, 1e-7, 1e-9,
                     "central differences, h = 1e-6: error ~1e-10 on values ~30")
        assert_close(dt.jacfwd(loglik)(THETA), dt.gradient(loglik)(THETA), 1e-12, 1e-14)


def test_the_filter_hessian_is_the_same_in_every_mode_and_for_both_spellings():
    hessian = dt.hessian(kalman_loglik)(THETA)
    assert_close(hessian, numpy.stack([central_gradient(lambda t: dt.gradient(kalman_loglik)(t)[i],
                                                        THETA) for i in range(2)]),
                 1e-7, 1e-9, "differences of the exact gradient")
    for loglik in (kalman_loglik, kalman_loglik_in_place):
        for mode in ("reverse-over-reverse", "hyperdual"):
            assert_close(dt.hessian(loglik, mode=mode)(THETA), hessian, 1e-10, 1e-12,
                         f"{loglik.__name__}, {mode}")
