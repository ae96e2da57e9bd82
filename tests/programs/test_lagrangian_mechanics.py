"""Equations of motion from a Lagrangian, as in Lagrangian-neural-network code: the mass
matrix is the Hessian of L in the velocities, the Coriolis block the mixed Jacobian, so
q̈ = M⁻¹ (∂L/∂q − (∂²L/∂q̇∂q) q̇).  Checked against the textbook equations."""
import numpy
import pytest

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_jacobian

G = 9.81


def equations_of_motion(lagrangian, q, q_dot, jacobian=dt.jacobian):
    mass = jacobian(dt.gradient(lagrangian, argnums=1), argnums=1)(q, q_dot)
    coriolis = jacobian(dt.gradient(lagrangian, argnums=1), argnums=0)(q, q_dot)
    force = dt.gradient(lagrangian, argnums=0)(q, q_dot)
    return np.linalg.solve(mass, force - coriolis @ q_dot)


# --- the spring pendulum, q = (r, θ) ----------------------------------------------

def spring_pendulum(q, q_dot, m=1.0, rest=1.0, k=10.0):
    r, theta = q[0], q[1]
    kinetic = 0.5 * m * (q_dot[0] ** 2 + r ** 2 * q_dot[1] ** 2)
    potential = -m * G * r * np.cos(theta) + 0.5 * k * (r - rest) ** 2
    return kinetic - potential


def spring_pendulum_by_hand(state, m=1.0, rest=1.0, k=10.0):
    r, theta, r_dot, theta_dot = state
    return numpy.array([r * theta_dot ** 2 + G * numpy.cos(theta) - k / m * (r - rest),
                        (-G * numpy.sin(theta) - 2 * r_dot * theta_dot) / r])


Q, Q_DOT = numpy.array([1.2, 0.4]), numpy.array([0.3, -0.7])


@pytest.mark.parametrize("jacobian", [dt.jacobian, dt.jacfwd, dt.jacrev])
def test_the_spring_pendulum_gets_the_textbook_accelerations(jacobian):
    got = equations_of_motion(spring_pendulum, Q, Q_DOT, jacobian)
    assert_close(got, spring_pendulum_by_hand(numpy.concatenate([Q, Q_DOT])), 1e-13, 1e-15,
                 "round-off")


def test_the_mass_matrix_is_diag_m_mr2_in_every_hessian_mode():
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        mass = dt.hessian(spring_pendulum, argnums=1, mode=mode)(Q, Q_DOT)
        assert_close(mass, numpy.diag([1.0, Q[0] ** 2]), 1e-15, 1e-15, mode)
    blocks = dt.hessian(spring_pendulum, argnums=(0, 1))(Q, Q_DOT)
    mixed = numpy.array([[0.0, 0.0], [2 * Q[0] * Q_DOT[1], 0.0]])    # ∂²L/∂q̇_i∂q_j = 2 m r θ̇
    assert_close(blocks[1][0], mixed, 1e-15, 1e-15)
    assert_close(blocks[0][1], mixed.T, 1e-15, 1e-15)


def test_the_linearised_dynamics_are_differences_of_the_textbook_ones():
    state = numpy.concatenate([Q, Q_DOT])
    accelerations = lambda s: equations_of_motion(spring_pendulum, s[:2], s[2:])
    assert_close(dt.jacobian(accelerations)(state), central_jacobian(spring_pendulum_by_hand, state),
                 1e-7, 1e-9, "central differences, h = 1e-6")


# --- the double pendulum, masses 2 and 1, unit lengths ------------------------------

def double_pendulum(q, q_dot):
    t1, t2, w1, w2 = q[0], q[1], q_dot[0], q_dot[1]
    kinetic = w1 ** 2 + 0.5 * (w1 ** 2 + w2 ** 2 + 2 * w1 * w2 * np.cos(t1 - t2))
    return kinetic + 2 * G * np.cos(t1) + G * np.cos(t2)


def test_the_double_pendulum_gets_the_textbook_accelerations():
    t1, t2 = Q
    w1, w2 = Q_DOT
    d = t1 - t2
    mass = numpy.array([[3.0, numpy.cos(d)], [numpy.cos(d), 1.0]])
    rhs = numpy.array([-w2 ** 2 * numpy.sin(d) - 2 * G * numpy.sin(t1),
                       w1 ** 2 * numpy.sin(d) - G * numpy.sin(t2)])
    assert_close(equations_of_motion(double_pendulum, Q, Q_DOT), numpy.linalg.solve(mass, rhs),
                 1e-13, 1e-15)
