"""Quantum-style expectations with Hermitian matrices: a ground-state energy from `eigh`
(Hellmann-Feynman), a variational energy ⟨ψ|H|ψ⟩/⟨ψ|ψ⟩ minimised over complex ψ, an
observable in the ground state, and the fidelity of a time evolution written with
`eigh` and with `expm`."""
import numpy

import dualtape as dt
import dualtape.numpy as np
import dualtape.scipy.linalg as dsl

from programs.reference import assert_close, central_gradient, complex_gradient

rng = numpy.random.default_rng(7)
N = 4


def hermitian():
    m = rng.standard_normal((N, N)) + 1j * rng.standard_normal((N, N))
    return (m + m.conj().T) / 2


H0, V1, V2, OBSERVABLE = hermitian(), hermitian(), hermitian(), hermitian()
THETA = numpy.array([0.3, -0.2])
STATE = rng.standard_normal(N) + 1j * rng.standard_normal(N)
STATE /= numpy.linalg.norm(STATE)


def hamiltonian(theta, xp=np):
    return H0 + theta[0] * V1 + theta[1] * V2


# --- the ground state of a parametrised Hamiltonian -----------------------------------

def ground_energy(theta):
    return np.linalg.eigh(hamiltonian(theta))[0][0]


def test_the_ground_energy_gradient_is_hellmann_feynman():
    # dE₀/dθ_k = ⟨ψ₀|V_k|ψ₀⟩
    psi = numpy.linalg.eigh(hamiltonian(THETA, numpy))[1][:, 0]
    closed = numpy.array([numpy.real(psi.conj() @ V @ psi) for V in (V1, V2)])
    assert_close(dt.gradient(ground_energy)(THETA), closed, 1e-13, 1e-15, "round-off")
    assert_close(dt.jacfwd(ground_energy)(THETA), closed, 1e-13, 1e-15)


def test_the_ground_energy_curvature_is_one_in_every_mode():
    hessian = dt.hessian(ground_energy)(THETA)
    assert_close(hessian, numpy.stack([central_gradient(lambda t: dt.gradient(ground_energy)(t)[i],
                                                        THETA) for i in range(2)]),
                 1e-7, 1e-9, "differences of the exact gradient, h = 1e-6")
    assert_close(dt.hessian(ground_energy, mode="hyperdual")(THETA), hessian, 1e-12, 1e-13)


def test_an_observable_in_the_ground_state_follows_its_eigenvector():
    def expectation(theta, xp=np):
        psi = xp.linalg.eigh(hamiltonian(theta, xp))[1][:, 0]
        return xp.real(xp.conj(psi) @ OBSERVABLE @ psi)
    assert_close(dt.gradient(expectation)(THETA),
                 central_gradient(lambda t: expectation(t, numpy), THETA), 1e-7, 1e-9,
                 "phase-free quantity: smooth; central differences, h = 1e-6")


# --- a variational energy over complex states -----------------------------------------

def rayleigh(z, xp=np):
    psi = z / xp.sqrt(xp.vdot(z, z).real)
    return xp.real(xp.conj(psi) @ H0 @ psi)


def test_the_variational_gradient_is_the_residual_of_the_eigenproblem():
    # E = zᴴHz / zᴴz: ∂E/∂z̄ = (Hz − Ez)/zᴴz, JAX's gradient is 2·conj(∂E/∂z̄)
    z = rng.standard_normal(N) + 1j * rng.standard_normal(N)
    energy = rayleigh(z, numpy)
    closed = 2 * numpy.conj((H0 @ z - energy * z) / numpy.vdot(z, z).real)
    assert_close(dt.gradient(rayleigh)(z), closed, 1e-13, 1e-14)
    assert_close(closed, complex_gradient(lambda w: rayleigh(w, numpy), z), 1e-8, 1e-9)


def test_gradient_descent_on_the_energy_finds_the_smallest_eigenvalue():
    z = STATE.copy()
    for _ in range(300):
        z = z - 0.3 * numpy.conj(dt.gradient(rayleigh)(z))
    assert_close(rayleigh(z, numpy), numpy.linalg.eigvalsh(H0)[0], 1e-10, 1e-12,
                 "the gap sets a geometric rate; 300 steps reach round-off")


# --- the fidelity of a time evolution, with eigh and with expm -------------------------

def fidelity_by_eigh(theta, xp=np):
    w, u = xp.linalg.eigh(hamiltonian(theta, xp))
    evolution = u @ xp.diag(xp.exp(-0.7j * w)) @ u.conj().T
    return xp.abs(xp.vdot(STATE, evolution @ STATE)) ** 2


def fidelity_by_expm(theta):
    return np.abs(np.vdot(STATE, dsl.expm(-0.7j * hamiltonian(theta)) @ STATE)) ** 2


def test_the_fidelity_gradient_is_the_same_through_eigh_and_expm():
    expected = central_gradient(lambda t: fidelity_by_eigh(t, numpy), THETA)
    assert_close(dt.gradient(fidelity_by_eigh)(THETA), expected, 1e-7, 1e-9)
    assert_close(dt.gradient(fidelity_by_expm)(THETA), expected, 1e-7, 1e-9)
    assert_close(dt.gradient(fidelity_by_expm)(THETA), dt.gradient(fidelity_by_eigh)(THETA),
                 1e-11, 1e-13, "two exact derivatives: round-off")
