"""``tf.linalg``, ``tf.matmul``, ``tf.tensordot``, ``tf.einsum`` and ``tf.norm``: values
against NumPy on batches of matrices, TensorFlow's argument forms, and
gradients against closed forms and finite differences."""
import numpy as np
import pytest

import dualtape as tf
from conftest import numeric_jacobian, tape_jacobian

RNG = np.random.default_rng(3)
A = RNG.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = A @ A.T + np.eye(3)
BATCH = RNG.standard_normal((2, 3, 3)) + 3 * np.eye(3)
RHS = RNG.standard_normal((3, 2))


def assert_gradient_matches_fd(fn, x):
    jac, = tape_jacobian(fn, x)
    np.testing.assert_allclose(jac, numeric_jacobian(lambda a: fn(a).numpy(), x), rtol=1e-6, atol=1e-8)


def test_matmul_with_transposes_and_batches():
    a, b = RNG.standard_normal((2, 4, 3)), RNG.standard_normal((2, 4, 5))
    np.testing.assert_allclose(tf.matmul(a, b, transpose_a=True).numpy(), np.swapaxes(a, -1, -2) @ b)
    np.testing.assert_allclose(tf.matmul(b, a, transpose_a=True, transpose_b=False).numpy(),
                               np.swapaxes(b, -1, -2) @ a)
    np.testing.assert_allclose(tf.linalg.matmul(a[0], a[0], adjoint_b=True).numpy(), a[0] @ a[0].T)
    # the guide's habit: a list times a Variable with @
    w = tf.Variable(RNG.standard_normal((3, 2)))
    np.testing.assert_allclose(([[1.0, 2.0, 3.0]] @ w).numpy(), [[1.0, 2.0, 3.0]] @ w.numpy())
    jx, jy = tape_jacobian(lambda p, q: tf.matmul(p, q, transpose_b=True), A, RHS.T)
    np.testing.assert_allclose(jx, numeric_jacobian(lambda p: p @ RHS, A), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(jy, numeric_jacobian(lambda q: A @ q.T, RHS.T), rtol=1e-7, atol=1e-9)


def test_tensordot_and_einsum():
    a, b = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((4, 3, 5))
    np.testing.assert_allclose(tf.tensordot(a, b, axes=[[1, 2], [1, 0]]).numpy(),
                               np.tensordot(a, b, axes=([1, 2], [1, 0])))
    np.testing.assert_allclose(tf.tensordot(a, b, axes=1).numpy(), np.tensordot(a, b, axes=1))
    np.testing.assert_allclose(tf.tensordot(a, b, axes=[2, 0]).numpy(), np.tensordot(a, b, axes=([2], [0])))
    j = RNG.standard_normal((4, 3, 4, 2))
    np.testing.assert_allclose(tf.einsum('bxby->bxy', j).numpy(), np.einsum('bxby->bxy', j))
    np.testing.assert_allclose(tf.linalg.einsum('ij,jk->ik', A, RHS).numpy(), A @ RHS)
    assert_gradient_matches_fd(lambda x: tf.einsum('bxby->bxy', x) ** 2, j)


def test_norm_forms():
    v = np.array([3.0, -4.0, 12.0])
    m = np.array([[1.0, -2.0], [3.0, 4.0]])
    assert float(tf.norm(v)) == pytest.approx(13.0)
    assert float(tf.norm(m)) == pytest.approx(np.sqrt(30.0))                # the whole tensor as a vector
    assert float(tf.norm(v, ord=1)) == 19.0 and float(tf.norm(v, ord=np.inf)) == 12.0
    assert float(tf.norm(v, ord=3)) == pytest.approx((27 + 64 + 1728) ** (1 / 3))
    np.testing.assert_allclose(tf.norm(m, axis=1).numpy(), np.linalg.norm(m, axis=1))
    np.testing.assert_allclose(tf.norm(m, ord=1, axis=[0, 1]).numpy(), np.linalg.norm(m, 1))
    np.testing.assert_allclose(tf.norm(m, ord=2, axis=[-2, -1]).numpy(), np.linalg.norm(m, 2))
    np.testing.assert_allclose(tf.norm(m, ord="fro", axis=[0, 1]).numpy(), np.linalg.norm(m, "fro"))
    assert tf.norm(m, keepdims=True).shape == (1, 1)
    with pytest.raises(ValueError, match="matrix norm"):
        tf.norm(v, ord="fro")
    with pytest.raises(ValueError, match="vector norms"):
        tf.norm(v, ord=0)
    with pytest.raises(ValueError, match="matrix norms"):
        tf.norm(m, ord=3, axis=[0, 1])
    jac, = tape_jacobian(tf.norm, v)
    np.testing.assert_allclose(jac, v / 13.0)                                 # x / |x|
    jac, = tape_jacobian(tf.norm, np.zeros(2))
    np.testing.assert_array_equal(jac, [0.0, 0.0])                            # dualtape's convention at 0


def test_solve_inv_det_slogdet_on_single_matrices_and_batches():
    np.testing.assert_allclose(tf.linalg.solve(A, RHS).numpy(), np.linalg.solve(A, RHS))
    np.testing.assert_allclose(tf.linalg.solve(A, RHS, adjoint=True).numpy(), np.linalg.solve(A.T, RHS))
    np.testing.assert_allclose(tf.linalg.solve(BATCH, np.ones((2, 3, 1))).numpy(),
                               np.linalg.solve(BATCH, np.ones((2, 3, 1))))
    with pytest.raises(ValueError, match=r"reshape\(b, \[-1, 1\]\)"):
        tf.linalg.solve(A, np.ones(3))
    np.testing.assert_allclose(tf.linalg.inv(BATCH).numpy(), np.linalg.inv(BATCH))
    np.testing.assert_allclose(tf.linalg.inv(A, adjoint=True).numpy(), np.linalg.inv(A.T))
    np.testing.assert_allclose(tf.linalg.det(BATCH).numpy(), np.linalg.det(BATCH))
    sign, logabs = tf.linalg.slogdet(-A)
    ref_sign, ref_log = np.linalg.slogdet(-A)
    assert float(sign) == ref_sign and float(logabs) == pytest.approx(ref_log)
    np.testing.assert_allclose(tf.linalg.logdet(SPD).numpy(), np.linalg.slogdet(SPD)[1])


def test_linalg_gradients_against_closed_forms():
    jac, = tape_jacobian(tf.linalg.det, A)
    np.testing.assert_allclose(jac, np.linalg.det(A) * np.linalg.inv(A).T)    # det(A) A^-T
    jac, = tape_jacobian(lambda m: tf.linalg.slogdet(m)[1], A)
    np.testing.assert_allclose(jac, np.linalg.inv(A).T)
    # d/dB sum(A^-1 B) = A^-T 1
    _, jb = tape_jacobian(lambda m, b: tf.reduce_sum(tf.linalg.solve(m, b)), A, RHS)
    np.testing.assert_allclose(jb, np.linalg.inv(A).T @ np.ones((3, 2)))
    assert_gradient_matches_fd(tf.linalg.inv, A)
    # logdet of an SPD matrix: the symmetric part of S^-1 split onto the lower triangle it reads
    jac, = tape_jacobian(tf.linalg.logdet, SPD)
    full = np.linalg.inv(SPD)
    np.testing.assert_allclose(np.tril(jac) + np.triu(jac, 1).T,
                               np.tril(2 * full - np.diag(np.diag(full))), atol=1e-12)


def test_cholesky_and_the_triangular_solves():
    L = tf.linalg.cholesky(SPD).numpy()
    np.testing.assert_allclose(L, np.linalg.cholesky(SPD))
    np.testing.assert_allclose(tf.linalg.cholesky_solve(L, RHS).numpy(), np.linalg.solve(SPD, RHS))
    upper_garbage = L + np.triu(np.full((3, 3), 99.0), 1)
    solve = tf.linalg.triangular_solve
    np.testing.assert_allclose(solve(upper_garbage, RHS).numpy(), np.linalg.solve(L, RHS))
    np.testing.assert_allclose(solve(L, RHS, adjoint=True).numpy(), np.linalg.solve(L.T, RHS))
    np.testing.assert_allclose(solve(L.T, RHS, lower=False).numpy(), np.linalg.solve(L.T, RHS))


def test_eigh_qr_svd_pinv():
    e, v = tf.linalg.eigh(SPD)
    np.testing.assert_allclose(e.numpy(), np.linalg.eigvalsh(SPD))
    np.testing.assert_allclose((v.numpy() * e.numpy()) @ v.numpy().T, SPD, atol=1e-12)
    np.testing.assert_allclose(tf.linalg.eigvalsh(SPD).numpy(), np.linalg.eigvalsh(SPD))
    tall = RNG.standard_normal((4, 3))
    q, r = tf.linalg.qr(tall)
    assert q.shape == (4, 3) and r.shape == (3, 3)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), tall, atol=1e-12)
    s, u, v = tf.linalg.svd(tall)                          # TensorFlow's order, v not transposed
    assert u.shape == (4, 3) and v.shape == (3, 3)
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(tall, compute_uv=False))
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ v.numpy().T, tall, atol=1e-12)
    np.testing.assert_allclose(tf.linalg.svd(tall, compute_uv=False).numpy(),
                               np.linalg.svd(tall, compute_uv=False))
    np.testing.assert_allclose(tf.linalg.pinv(tall).numpy(), np.linalg.pinv(tall), atol=1e-12)
    jac, = tape_jacobian(tf.linalg.eigvalsh, np.diag([1.0, 2.0, 5.0]))
    np.testing.assert_allclose(jac[2], np.diag([0.0, 0.0, 1.0]))           # d lambda_k / dA = v_k v_k^T


def test_diagonals_trace_and_transposes():
    np.testing.assert_array_equal(tf.linalg.diag_part(BATCH).numpy(), np.diagonal(BATCH, 0, -2, -1))
    np.testing.assert_array_equal(tf.linalg.diag_part(A, k=1).numpy(), np.diagonal(A, 1))
    d = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(tf.linalg.diag(d).numpy(), [np.diag(d[0]), np.diag(d[1])])
    with pytest.raises(NotImplementedError, match="k=0"):
        tf.linalg.diag(d, k=1)
    np.testing.assert_allclose(tf.linalg.trace(BATCH).numpy(), np.trace(BATCH, axis1=-2, axis2=-1))
    np.testing.assert_array_equal(tf.linalg.matrix_transpose(BATCH).numpy(), np.swapaxes(BATCH, -1, -2))
    np.testing.assert_array_equal(tf.linalg.adjoint(A).numpy(), A.T)
    np.testing.assert_array_equal(tf.linalg.eye(2).numpy(), np.eye(2))
    assert_gradient_matches_fd(lambda m: tf.linalg.diag(m) * 3.0, d)
    jac, = tape_jacobian(tf.linalg.trace, A)
    np.testing.assert_array_equal(jac, np.eye(3))
