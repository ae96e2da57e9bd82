"""Time integrators and the sensitivities of their final state: RK4 on the
Lotka-Volterra equations, leapfrog on a Kepler orbit, and Hamiltonian Monte Carlo,
whose leapfrog step calls the gradient of the log-density inside the program."""
import numpy

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient, central_jacobian


# --- RK4 on Lotka-Volterra, sensitivities to the start and to the rates -------------

def lotka_volterra(z, p, xp=np):
    x, y = z[0], z[1]
    return xp.stack([p[0] * x - p[1] * x * y, p[3] * x * y - p[2] * y])


def rk4(z, p, h=0.05, steps=40, xp=np):
    path = [z]
    for _ in range(steps):
        k1 = lotka_volterra(z, p, xp)
        k2 = lotka_volterra(z + h / 2 * k1, p, xp)
        k3 = lotka_volterra(z + h / 2 * k2, p, xp)
        k4 = lotka_volterra(z + h * k3, p, xp)
        z = z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        path.append(z)
    return xp.stack(path)


RATES = numpy.array([1.1, 0.4, 0.4, 0.1])
START = numpy.array([10.0, 5.0])
OBSERVED = rk4(START, RATES * 1.05, steps=20, xp=numpy)


def test_the_final_state_sensitivities_match_differences_of_the_numpy_integrator():
    final = lambda z, p: rk4(z, p)[-1]
    final_np = lambda z, p: rk4(z, p, xp=numpy)[-1]
    for argnum, at, vary in [(0, START, lambda z: final_np(z, RATES)),
                             (1, RATES, lambda p: final_np(START, p))]:
        jac = dt.jacobian(final, argnums=argnum)(START, RATES)
        assert_close(jac, central_jacobian(vary, at), 1e-6, 1e-8, "h = 1e-6: error ~1e-9")
        assert_close(dt.jacfwd(final, argnums=argnum)(START, RATES), jac, 1e-12, 1e-14,
                     "forward and reverse mode: round-off")


def test_the_trajectory_misfit_has_one_hessian_in_every_mode():
    misfit = lambda p: np.sum((rk4(START, p, steps=20) - OBSERVED) ** 2)
    misfit_np = lambda p: numpy.sum((rk4(START, p, steps=20, xp=numpy) - OBSERVED) ** 2)
    assert_close(dt.gradient(misfit)(RATES), central_gradient(misfit_np, RATES), 1e-6, 1e-6)
    hessian = dt.hessian(misfit)(RATES)
    assert_close(hessian, central_jacobian(dt.gradient(misfit), RATES), 1e-6, 1e-6,
                 "differences of the exact gradient, h = 1e-6")
    assert_close(dt.hessian(misfit, mode="hyperdual")(RATES), hessian, 1e-10, 1e-10,
                 "two exact modes: round-off of a 20-step recursion")


# --- a Kepler orbit by leapfrog ----------------------------------------------------

def leapfrog(state, mu=1.0, h=0.01, steps=200):
    q, p = state[:2], state[2:]
    accel = lambda q: -mu * q / np.sqrt(np.sum(q * q)) ** 3
    p = p + 0.5 * h * accel(q)
    for _ in range(steps - 1):
        q = q + h * p
        p = p + h * accel(q)
    q = q + h * p
    p = p + 0.5 * h * accel(q)
    return np.concatenate([q, p])


ORBIT = numpy.array([1.0, 0.0, 0.0, 1.2])


def test_the_leapfrog_flow_map_is_symplectic():
    # a symplectic map's Jacobian keeps the form: Jᵀ Ω J = Ω, exactly up to round-off
    jac = dt.jacobian(leapfrog)(ORBIT)
    omega = numpy.block([[numpy.zeros((2, 2)), numpy.eye(2)], [-numpy.eye(2), numpy.zeros((2, 2))]])
    assert_close(jac.T @ omega @ jac, omega, 0, 1e-12, "200 steps of round-off")
    assert_close(jac, central_jacobian(leapfrog, ORBIT), 1e-6, 1e-8)


def test_the_sensitivity_to_the_mass_parameter_agrees_with_jets_and_hessians():
    along = lambda mu: leapfrog(ORBIT, mu, steps=50)[0]
    value, slope = dt.jvp(along, (1.0,), (1.0,))
    numpy.testing.assert_allclose(slope, (along(1.0 + 1e-6) - along(1.0 - 1e-6)) / 2e-6, rtol=1e-6)
    series = dt.taylor(along, 1.0, order=2)          # f, f', f''/2
    assert_close(series[1], slope, 1e-13, 0, "jet against a Dual: round-off")
    assert_close(2 * series[2], dt.hessian(along)(1.0), 1e-12, 0, "jet against tapes")


# --- Hamiltonian Monte Carlo on a banana-shaped density -----------------------------

def log_density(q):
    return -0.5 * (q[0] ** 2 / 4.0 + (q[1] - 0.5 * q[0] ** 2) ** 2)


def log_density_gradient(q):
    """∂/∂q of the log-density, by hand."""
    r = q[1] - 0.5 * q[0] ** 2
    return numpy.array([-q[0] / 4.0 + r * q[0], -r])


def hmc_leapfrog(q, p, step=0.1, n=5, grad=dt.gradient(log_density)):
    p = p + 0.5 * step * grad(q)
    for i in range(n):
        q = q + step * p
        if i != n - 1:
            p = p + step * grad(q)
    p = p + 0.5 * step * grad(q)
    return np.concatenate([q, p])


Q0 = numpy.array([0.3, 0.1])


def test_the_leapfrog_of_hmc_differentiates_through_its_own_gradient_calls():
    by_hand = lambda p: hmc_leapfrog(Q0, p, grad=log_density_gradient)
    p0 = numpy.array([1.0, -0.5])
    assert_close(hmc_leapfrog(Q0, p0), by_hand(p0), 1e-15, 1e-15, "the same arithmetic")
    expected = central_jacobian(by_hand, p0)
    assert_close(dt.jacrev(lambda p: hmc_leapfrog(Q0, p))(p0), expected, 1e-6, 1e-8)
    assert_close(dt.jacfwd(lambda p: hmc_leapfrog(Q0, p))(p0), expected, 1e-6, 1e-8)


def test_an_hmc_chain_keeps_its_energy_and_samples_the_banana():
    rng = numpy.random.default_rng(0)
    q, accepted, samples = Q0, 0, []
    for _ in range(150):
        p = rng.standard_normal(2)
        out = hmc_leapfrog(q, p, step=0.2, n=8)
        q_new, p_new = out[:2], out[2:]
        change = (-log_density(q_new) + 0.5 * p_new @ p_new) - (-log_density(q) + 0.5 * p @ p)
        if rng.uniform() < numpy.exp(-change):
            q, accepted = q_new, accepted + 1
        samples.append(q)
    samples = numpy.array(samples)
    assert accepted > 125                         # a leapfrog with a right gradient conserves H
    assert abs(numpy.mean(samples[:, 1] - 0.5 * samples[:, 0] ** 2)) < 0.3   # E[q1 − q0²/2] = 0
