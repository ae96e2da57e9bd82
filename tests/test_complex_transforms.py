"""Complex inputs through every transform, and the two conventions.

Functional transforms follow JAX: the gradient of a real-valued f of complex z
is ∂f/∂Re z - i ∂f/∂Im z, ``holomorphic=True`` gives f'(z).  GradientTape
follows TensorFlow: the conjugates.  Every number is checked against a closed
form (written beside it) or against central differences of NumPy code along
the real and the imaginary direction.
"""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

RNG = np.random.default_rng(20)
H = 1e-6


def crandn(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def fd_gradient(f, z):
    """∂f/∂Re z - i ∂f/∂Im z of a real-valued f, by central differences (NumPy only)."""
    z = np.asarray(z, dtype=complex)
    g = np.zeros(z.shape, dtype=complex)
    for idx in np.ndindex(z.shape):
        e = np.zeros(z.shape)
        e[idx] = H
        d_re = (f(z + e) - f(z - e)) / (2 * H)
        d_im = (f(z + 1j * e) - f(z - 1j * e)) / (2 * H)
        g[idx] = d_re - 1j * d_im
    return g


def real_loss(z):
    """A real-valued, non-holomorphic function of complex z (dualtape or NumPy values)."""
    return dnp.sum(dnp.abs(dnp.sin(z) * z + 1.0) ** 2) + dnp.sum(dnp.real(dnp.exp(z)))


def real_loss_numpy(z):
    return np.sum(np.abs(np.sin(z) * z + 1.0) ** 2) + np.sum(np.real(np.exp(z)))


# --- the conventions -------------------------------------------------------------------------

def test_gradient_of_a_squared_modulus_is_twice_the_conjugate_as_in_jax():
    z = 3.0 + 4.0j
    assert dt.gradient(lambda z: dnp.abs(z) ** 2)(z) == 6.0 - 8.0j          # 2·conj(z)
    assert dt.gradient(lambda z: dnp.real(z * dnp.conj(z)))(z) == 6.0 - 8.0j


def test_gradient_tape_gives_the_conjugate_as_in_tensorflow():
    z = dt.Variable(3.0 + 4.0j)
    with dt.GradientTape(persistent=True) as tape:
        modulus = dnp.abs(z) ** 2
        cube = z ** 3
    assert complex(tape.gradient(modulus, z).numpy()) == 6.0 + 8.0j       # 2z
    np.testing.assert_allclose(tape.gradient(cube, z).numpy(), np.conj(3 * (3 + 4j) ** 2))


def test_holomorphic_gradient_is_the_complex_derivative():
    z = 0.3 - 1.2j
    np.testing.assert_allclose(dt.gradient(lambda z: z ** 3, holomorphic=True)(z), 3 * z ** 2)
    np.testing.assert_allclose(dt.gradient(lambda z: dnp.exp(dnp.sin(z)), holomorphic=True)(z),
                               np.cos(z) * np.exp(np.sin(z)))       # (e^sin z)' = cos z e^sin z


def test_tape_output_gradients_are_weighted_as_in_tensorflow():
    c, w = 2.0 - 1.0j, 0.5 + 3.0j
    z = dt.Variable(np.array([1.0 + 1.0j, -2.0j]))
    with dt.GradientTape() as tape:
        y = z * c
    # TensorFlow's gradient of y = c·z with upstream w is w·conj(c)
    np.testing.assert_allclose(tape.gradient(y, z, output_gradients=np.full(2, w)).numpy(),
                               np.full(2, w * np.conj(c)))


def test_tape_jacobian_follows_the_tape_convention():
    c = np.array([2.0 - 1.0j, 0.5j])
    z = dt.Variable(np.array([1.0 + 1.0j, -2.0j]))
    with dt.GradientTape() as tape:
        y = z * c
    np.testing.assert_allclose(tape.jacobian(y, z).numpy(), np.diag(np.conj(c)))


def test_gradient_descent_in_either_convention_reaches_the_same_minimum():
    target = np.array([1.0 - 2.0j, 0.5j])
    loss = lambda z: dnp.sum(dnp.abs(z - target) ** 2)                     # noqa: E731
    z_jax = np.zeros(2, dtype=complex)
    z_tf = dt.Variable(np.zeros(2, dtype=complex))
    for _ in range(60):
        z_jax = z_jax - 0.25 * np.conj(dt.gradient(loss)(z_jax))         # JAX: step along conj(g)
        with dt.GradientTape() as tape:
            value = loss(z_tf)
        z_tf.assign_sub(0.25 * tape.gradient(value, z_tf))                # TensorFlow: along g
    np.testing.assert_allclose(z_jax, target, atol=1e-10)
    np.testing.assert_allclose(z_tf.numpy(), target, atol=1e-10)


# --- against finite differences ---------------------------------------------------------------

def test_gradient_of_a_real_function_matches_finite_differences_in_both_directions():
    z = crandn(3)
    np.testing.assert_allclose(dt.gradient(real_loss)(z), fd_gradient(real_loss_numpy, z),
                               rtol=1e-7, atol=1e-8)


def test_jvp_with_a_complex_tangent_matches_finite_differences():
    z, v = crandn(3), crandn(3)
    f = lambda z: dnp.sin(z) * dnp.conj(z)                                  # noqa: E731
    fd = (np.sin(z + H * v) * np.conj(z + H * v) - np.sin(z - H * v) * np.conj(z - H * v)) / (2 * H)
    np.testing.assert_allclose(dt.jvp(f, (z,), (v,))[1], fd, rtol=1e-7, atol=1e-8)


def test_vjp_with_a_complex_cotangent_is_the_transpose_of_jvp():
    z, v, w = crandn(4), crandn(4), crandn(4)
    f = lambda z: dnp.exp(z) * dnp.conj(z) + dnp.abs(z)                     # noqa: E731
    jv = dt.jvp(f, (z,), (v,))[1]
    (wj,) = dt.vjp(f, z)[1](w)
    assert np.real(np.sum(w * jv)) == pytest.approx(np.real(np.sum(wj * v)), rel=1e-13)


def test_dual_numbers_built_by_hand_take_complex_values():
    y = dnp.exp(dt.Dual(1.0j, 1.0)) * dt.Dual(1.0j, 1.0)                   # (z e^z)' = (1 + z) e^z
    np.testing.assert_allclose(y.tangent, (1 + 1j) * np.exp(1j))


# --- Jacobians ----------------------------------------------------------------------------------

def test_holomorphic_jacobians_agree_in_both_modes_with_the_matrix():
    a = crandn(3, 3)
    z = crandn(3)
    f = lambda z: dnp.matmul(a, dnp.exp(z))                                 # J = A diag(e^z)
    expected = a * np.exp(z)
    np.testing.assert_allclose(dt.jacfwd(f, holomorphic=True)(z), expected, rtol=1e-13)
    np.testing.assert_allclose(dt.jacrev(f, holomorphic=True)(z), expected, rtol=1e-13)


def test_reverse_jacobian_of_real_outputs_has_gradient_rows():
    z = crandn(3)
    f = lambda z: dnp.stack([real_loss(z), dnp.sum(dnp.imag(z * z))])        # noqa: E731
    rows = dt.jacrev(f)(z)
    np.testing.assert_allclose(rows[0], dt.gradient(real_loss)(z), rtol=1e-14)
    np.testing.assert_allclose(rows[1], -2j * z, rtol=1e-14)      # Im z² = 2ab: 2b - 2ia = -2iz


def test_forward_jacobian_of_a_real_input_may_be_complex():
    x = RNG.standard_normal(3)
    jac = dt.jacfwd(lambda x: dnp.exp(1j * x))(x)
    np.testing.assert_allclose(jac, np.diag(1j * np.exp(1j * x)))
    np.testing.assert_allclose(dt.jacrev(lambda x: dnp.real(dnp.exp(1j * x)))(x),
                               np.diag(-np.sin(x)))


def test_a_complex64_input_gets_a_complex64_gradient():
    z = np.array([1 + 1j, 2 - 1j], dtype=np.complex64)
    g = dt.gradient(lambda z: dnp.sum(dnp.abs(z) ** 2))(z)
    assert g.dtype == np.complex64
    np.testing.assert_allclose(g, 2 * np.conj(z), rtol=1e-6)


# --- second derivatives: z as the pair (Re z, Im z) --------------------------------------------

def test_hessian_treats_a_complex_input_as_the_pair_of_its_parts():
    z = crandn(2)
    hess = dt.hessian(real_loss)(z)
    assert hess.shape == (2, 2, 2, 2) and hess.dtype == np.float64
    grad = dt.gradient(real_loss)
    for part, unit in ((0, 1.0), (1, 1j)):
        for k in range(2):
            e = np.zeros(2)
            e[k] = H
            # the gradient is ∂f/∂a - i ∂f/∂b: its derivative along a part of z_k
            dg = (grad(z + unit * e) - grad(z - unit * e)) / (2 * H)
            np.testing.assert_allclose(hess[0, :, part, k], np.real(dg), rtol=1e-6, atol=1e-7)
            np.testing.assert_allclose(hess[1, :, part, k], -np.imag(dg), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("mode", ["reverse-over-reverse", "hyperdual"])
def test_every_hessian_mode_gives_the_same_pair_hessian(mode):
    z = crandn(3)
    np.testing.assert_allclose(dt.hessian(real_loss, mode=mode)(z), dt.hessian(real_loss)(z),
                               rtol=1e-11, atol=1e-12)


def test_hvp_is_the_derivative_of_the_gradient_in_both_real_directions():
    z = crandn(3)
    grad = dt.gradient(real_loss)
    pair_hessian = dt.hessian(real_loss)(z).reshape(6, 6)
    for v in (RNG.standard_normal(3) + 0j, 1j * RNG.standard_normal(3), crandn(3)):
        hv = dt.hvp(real_loss, (z,), (v,))
        fd = (grad(z + H * v) - grad(z - H * v)) / (2 * H)
        np.testing.assert_allclose(hv, fd, rtol=1e-6, atol=1e-7)
        ab = pair_hessian @ np.concatenate([v.real, v.imag])               # H·(Re v, Im v)
        np.testing.assert_allclose(hv, ab[:3] - 1j * ab[3:], rtol=1e-12, atol=1e-12)


def test_holomorphic_hessian_and_derivatives_are_complex():
    z = 0.4 + 0.7j
    np.testing.assert_allclose(dt.hessian(lambda z: z ** 4, holomorphic=True)(z), 12 * z ** 2)
    for mode in ("jet", "forward", "reverse"):
        np.testing.assert_allclose(dt.derivative(dnp.sin, order=3, mode=mode)(z), -np.cos(z))
    np.testing.assert_allclose(dt.taylor(dnp.exp, z, order=2), [np.exp(z), np.exp(z), np.exp(z) / 2])


def test_hyperdual_second_part_of_a_holomorphic_function_is_its_second_derivative():
    z = 0.5 - 0.25j
    y = dnp.sin(dt.HyperDual(z, 1.0, 1.0, 0.0))
    np.testing.assert_allclose(y.e12, -np.sin(z))


# --- tensors ---------------------------------------------------------------------------------

def test_tensors_hold_complex_values():
    c = dt.constant(np.array([1 + 2j, 3j]))
    v = dt.Variable(1 - 1j)
    assert c.numpy().dtype == np.complex128 and v.numpy() == 1 - 1j
    assert "complex128" in repr(v)
    with dt.GradientTape() as tape:
        tape.watch(c)
        y = dnp.sum(dnp.abs(c * v) ** 2)
    np.testing.assert_allclose(tape.gradient(y, c).numpy(), 2 * c.numpy() * abs(1 - 1j) ** 2)


def test_nested_tapes_give_a_holomorphic_second_derivative_conjugated_twice():
    z = dt.Variable(0.5 + 1.0j)
    with dt.GradientTape() as outer:
        with dt.GradientTape() as inner:
            y = z ** 3
        dy = inner.gradient(y, z)                                 # conj(3z²)
        dy_conj = dnp.conj(dy)
    np.testing.assert_allclose(outer.gradient(dy_conj, z).numpy(), np.conj(6 * z.numpy()))


def test_sparse_transforms_refuse_complex_inputs_rather_than_answer_differently():
    z = crandn(2)
    with pytest.raises(TypeError, match=r"sparse_hessian: input 0 is complex .*take real inputs"):
        dt.sparse_hessian(real_loss)(z)
    with pytest.raises(TypeError, match=r"sparse_jacobian: input 0 is complex"):
        dt.sparse_jacobian(lambda z: z * z)(z)
