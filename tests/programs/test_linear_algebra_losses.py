"""Losses built from `np.linalg`: a linear solve, least squares, determinants, and the
norms, QR and SVD steps of data-fitting code, each against its closed-form derivative
or against differences of the NumPy program."""
import numpy
import pytest

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(13)
A = rng.standard_normal((4, 4)) + 4 * numpy.eye(4)
B = rng.standard_normal(4)
M = rng.standard_normal((8, 3))
Y = rng.standard_normal(8)


# --- solve, lstsq, det and slogdet in a loss --------------------------------------

def test_a_solve_loss_has_the_adjoint_system_gradient():
    # L = |A⁻¹b|², x = A⁻¹b: ∂L/∂A = −A⁻ᵀ(2x) xᵀ
    x = numpy.linalg.solve(A, B)
    closed = -numpy.outer(numpy.linalg.solve(A.T, 2 * x), x)
    assert_close(dt.gradient(lambda A: np.sum(np.linalg.solve(A, B) ** 2))(A), closed, 1e-13,
                 1e-15, "round-off of two 4x4 solves")


def test_least_squares_coefficients_are_linear_in_the_data_with_the_pseudo_inverse():
    coefficients = lambda y: np.linalg.lstsq(M, y, rcond=None)[0]
    assert_close(dt.jacobian(coefficients)(Y), numpy.linalg.pinv(M), 1e-12, 1e-14, "round-off")
    rank_deficient = numpy.column_stack([M[:, 0], M[:, 1], M[:, 0] + M[:, 1]])
    minimum_norm = lambda y: np.linalg.lstsq(rank_deficient, y, rcond=None)[0]
    assert_close(dt.jacobian(minimum_norm)(Y), numpy.linalg.pinv(rank_deficient), 1e-10, 1e-12,
                 "the minimum-norm solution of a rank-2 system")


def test_least_squares_in_the_design_matrix_and_its_residual_match_differences():
    for pick in (lambda out: out[0], lambda out: out[1]):      # the solution and the residual sum
        loss = lambda m: np.sum(pick(np.linalg.lstsq(m, Y, rcond=None)) ** 2)
        loss_np = lambda m: numpy.sum(pick(numpy.linalg.lstsq(m, Y, rcond=None)) ** 2)
        assert_close(dt.gradient(loss)(M), central_gradient(loss_np, M), 1e-6, 1e-9)


def test_determinants_have_jacobis_formula():
    # ∂det A/∂A = det(A)·A⁻ᵀ, ∂log|det A|/∂A = A⁻ᵀ (also for det A < 0)
    flipped = A.copy()
    flipped[0] *= -1.0
    for matrix in (A, flipped):
        inverse_t = numpy.linalg.inv(matrix).T
        assert_close(dt.gradient(np.linalg.det)(matrix), numpy.linalg.det(matrix) * inverse_t,
                     1e-12, 1e-14)
        assert_close(dt.gradient(lambda m: np.linalg.slogdet(m).logabsdet)(matrix), inverse_t,
                     1e-12, 1e-14)
    hessian = dt.hessian(np.linalg.det)(A)
    assert_close(dt.hessian(np.linalg.det, mode="hyperdual")(A), hessian, 1e-12, 1e-12)


# --- norms, QR and SVD in data-fitting code ----------------------------------------

@pytest.mark.parametrize("loss", [
    lambda m, xp: xp.linalg.norm(m, 2),
    lambda m, xp: xp.linalg.norm(m, "nuc"),
    lambda m, xp: xp.linalg.norm(m, 1),
    lambda m, xp: xp.linalg.norm(m, -2),
    lambda m, xp: xp.linalg.cond(m),
    lambda m, xp: xp.sum(xp.linalg.norm(m, axis=0)),
    lambda m, xp: xp.sum(xp.abs(xp.diag(xp.linalg.qr(m)[1]))),
    lambda m, xp: xp.sum(xp.linalg.qr(m)[0] * Y[:, None]),
    lambda m, xp: xp.sum(xp.linalg.svd(m, compute_uv=False) ** 3),
    lambda m, xp: xp.sum(xp.linalg.svd(m, full_matrices=False)[0][:, 0] * Y),
    lambda m, xp: xp.sum(xp.linalg.pinv(m) ** 2),
], ids=["norm-2", "nuclear", "norm-1", "norm-minus-2", "cond", "column-norms", "qr-r",
        "qr-q", "singular-values", "first-singular-vector", "pinv"])
def test_matrix_functions_in_a_loss_match_differences_of_numpy(loss):
    assert_close(dt.gradient(lambda m: loss(m, np))(M), central_gradient(lambda m: loss(m, numpy), M),
                 1e-6, 1e-8, "distinct singular values: smooth, central differences h = 1e-6")
