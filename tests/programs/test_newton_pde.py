"""Newton's method for a nonlinear Poisson problem, −u'' + u³ = f on (0, 1) with zero
boundary values, with the Jacobian from `sparse_jacobian` handed to SciPy's sparse solver;
the residual written with slices and written with in-place updates, and the energy whose
gradient it is, with its sparse Hessian."""
import numpy
import pytest
import scipy.sparse
import scipy.sparse.linalg

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_jacobian

N = 30
H = 1.0 / (N + 1)
GRID = numpy.linspace(H, 1 - H, N)
SOURCE = 10 * numpy.sin(numpy.pi * GRID)


# --- Newton with a sparse Jacobian ------------------------------------------------------

def residual(u, xp=np):
    padded = xp.concatenate([xp.zeros(1), u, xp.zeros(1)])
    return (-padded[2:] + 2 * padded[1:-1] - padded[:-2]) / H ** 2 + u ** 3 - SOURCE


def residual_in_place(u):
    r = 2 * u / H ** 2 + u ** 3 - SOURCE
    r[1:] -= u[:-1] / H ** 2
    r[:-1] -= u[1:] / H ** 2
    return r


def energy(u):
    padded = np.concatenate([np.zeros(1), u, np.zeros(1)])
    return 0.5 * np.sum(np.diff(padded) ** 2) / H + H * np.sum(u ** 4 / 4 - SOURCE * u)


def tridiagonal(u):
    """The Jacobian by hand: the second-difference matrix / h² plus diag(3u²)."""
    second_difference = 2 * numpy.eye(N) - numpy.eye(N, k=1) - numpy.eye(N, k=-1)
    return second_difference / H ** 2 + numpy.diag(3 * u ** 2)


def newton(jacobian):
    u = numpy.zeros(N)
    for _ in range(20):
        step = scipy.sparse.linalg.spsolve(scipy.sparse.csr_matrix(jacobian(u)), -residual(u, numpy))
        u = u + step
        if numpy.linalg.norm(step) < 1e-12:
            return u
    raise AssertionError("Newton did not converge")


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_the_sparse_jacobian_is_the_tridiagonal_matrix_in_both_modes(mode):
    u = numpy.sin(3 * GRID)
    sparse = dt.sparse_jacobian(residual, mode=mode)(u)
    assert_close(sparse.toarray(), tridiagonal(u), 1e-15, 1e-15, "entries computed exactly")
    assert dt.jacobian_sparsity(residual)(u).nnz == 3 * N - 2


def test_newton_with_the_sparse_jacobian_solves_the_problem_quadratically():
    sparse = dt.sparse_jacobian(residual)
    u = newton(lambda u: sparse(u).toarray())
    assert numpy.linalg.norm(residual(u, numpy)) < 1e-9           # ~1e3 times round-off of 1/h²
    assert_close(u, newton(tridiagonal), 1e-13, 1e-15, "the same Newton steps")


def test_the_in_place_residual_has_the_same_jacobian():
    u = numpy.sin(3 * GRID) + 0.1
    assert_close(residual_in_place(u), residual(u, numpy), 1e-13, 1e-12)
    assert_close(dt.sparse_jacobian(residual_in_place)(u).toarray(), tridiagonal(u), 1e-15, 1e-15)
    assert_close(dt.jacobian(residual_in_place)(u), central_jacobian(lambda v: residual(v, numpy), u),
                 1e-7, 1e-3, "entries ~1e3: central differences, h = 1e-6")


def test_the_energy_gradient_is_h_times_the_residual_and_its_sparse_hessian_the_jacobian():
    u = numpy.sin(3 * GRID) + 0.3
    assert_close(dt.gradient(energy)(u), H * residual(u, numpy), 1e-12, 1e-12)
    assert_close(dt.sparse_hessian(energy)(u).toarray(), H * tridiagonal(u), 1e-13, 1e-13)
