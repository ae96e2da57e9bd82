"""Plain NumPy calls on boxes are routed to the table (never a silent loss of
the derivative): ufuncs and array functions on Duals and tensors."""
import numpy as np
import pytest

import dualtape as dt


@pytest.mark.parametrize("np_fn, d_np", [
    (np.sin, np.cos), (np.exp, np.exp), (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    (np.sqrt, lambda x: 0.5 / np.sqrt(x)), (np.log, lambda x: 1 / x),
])
def test_numpy_ufunc_on_a_dual_gives_the_closed_form_tangent(np_fn, d_np):
    x = np.array([0.4, 1.3])
    y = np_fn(dt.Dual(x, np.ones(2)))
    assert isinstance(y, dt.Dual)
    np.testing.assert_allclose(y.primal, np_fn(x), rtol=1e-15)
    np.testing.assert_allclose(y.tangent, d_np(x), rtol=1e-14)


def test_numpy_array_functions_on_a_dual_are_differentiated():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    d = dt.Dual(x, np.ones_like(x))
    assert np.sum(d).tangent == 4.0
    np.testing.assert_array_equal(np.transpose(d).primal, x.T)
    np.testing.assert_array_equal(np.matmul(d, x).tangent, np.ones((2, 2)) @ x)
    np.testing.assert_array_equal(np.concatenate([d, d]).primal, np.concatenate([x, x]))
    np.testing.assert_array_equal(np.maximum(d, 2.5).tangent, [[0.0, 0.0], [1.0, 1.0]])


def test_numpy_calls_on_tensors_are_recorded_on_the_tape():
    v = dt.Variable(np.array([0.5, 1.0]))
    with dt.GradientTape() as tape:
        y = np.sum(np.sin(v) * np.exp(v))
    np.testing.assert_allclose(tape.gradient(y, v).numpy(),
                               np.cos([0.5, 1.0]) * np.exp([0.5, 1.0]) + np.sin([0.5, 1.0]) * np.exp([0.5, 1.0]),
                               rtol=1e-14)


def test_mixing_a_numpy_array_on_the_left_with_a_box_uses_the_box_operator():
    d = dt.Dual(np.array([1.0, 2.0]), np.ones(2))
    y = np.array([3.0, 4.0]) * d
    assert isinstance(y, dt.Dual)
    np.testing.assert_array_equal(y.tangent, [3.0, 4.0])


def test_real_and_imag_attributes_of_complex_intermediates_differentiate():
    # f(x) = Σ_rows Re(fft(row)) = Σ_rows 2·row[0] (the 2-point DFT is [a+b, a-b]), so ∂f/∂x = [[2,0],[2,0]];
    # its imaginary part is zero, and so is the derivative of Σ Im(fft)².
    x = np.array([[2.0, 1.0], [1.0, 3.0]])
    re = lambda x: np.sum(np.fft.fft(x).real)
    im = lambda x: np.sum(np.fft.fft(x).imag ** 2)
    for f, expected in ((re, [[2.0, 0.0], [2.0, 0.0]]), (im, np.zeros((2, 2)))):
        np.testing.assert_allclose(dt.gradient(f)(x), expected, atol=1e-15)
        np.testing.assert_allclose(dt.jacobian(f, mode="forward")(x), expected, atol=1e-15)
    # on real input, .real is the value itself and .imag is a constant zero
    np.testing.assert_array_equal(dt.gradient(lambda x: np.sum(x.real * x + x.imag))(x), 2 * x)
