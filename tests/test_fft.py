"""dualtape.numpy.fft and complex intermediates: values against NumPy,
real-to-real functions through complex values against finite differences,
closed forms and the other mode."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.numpy import fft as dfft
from conftest import numeric_jacobian

RNG = np.random.default_rng(3)


def assert_gradient_right(f, x):
    rev = dt.gradient(f)(x)
    fwd = dt.jacfwd(f)(x)
    np.testing.assert_allclose(fwd, rev, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rev, numeric_jacobian(f, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("ours, theirs, kwargs", [
    (dfft.fft, np.fft.fft, {}), (dfft.fft, np.fft.fft, dict(n=7, axis=0)),
    (dfft.ifft, np.fft.ifft, dict(n=3, norm="ortho")), (dfft.fft2, np.fft.fft2, {}),
    (dfft.ifft2, np.fft.ifft2, dict(s=(3, 6))), (dfft.fftn, np.fft.fftn, dict(norm="forward")),
    (dfft.ifftn, np.fft.ifftn, dict(axes=(0,))), (dfft.rfft, np.fft.rfft, dict(n=6)),
    (dfft.fftshift, np.fft.fftshift, {}), (dfft.ifftshift, np.fft.ifftshift, dict(axes=1)),
])
def test_values_equal_numpys(ours, theirs, kwargs):
    x = RNG.standard_normal((4, 5))
    np.testing.assert_allclose(ours(x, **kwargs), theirs(x, **kwargs), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n", [None, 5, 8])
def test_irfft_values_equal_numpys(n):
    y = RNG.standard_normal((3, 4)) + 1j * RNG.standard_normal((3, 4))
    np.testing.assert_allclose(dfft.irfft(y, n=n), np.fft.irfft(y, n=n), rtol=1e-12, atol=1e-12)


def test_filtering_through_fft_and_ifft_differentiates_like_a_real_convolution():
    h = RNG.standard_normal(6)
    x = RNG.standard_normal(6)
    f = lambda x: dnp.sum(dnp.real(dfft.ifft(dfft.fft(x) * dfft.fft(h))) ** 3)
    assert_gradient_right(f, x)
    # closed form: the result is a circular convolution c = x ⊛ h, so ∇ = h ⋆ (3c²)
    c = np.real(np.fft.ifft(np.fft.fft(x) * np.fft.fft(h)))
    corr = np.array([np.sum(3 * c ** 2 * np.roll(h, k)) for k in range(6)])
    np.testing.assert_allclose(dt.gradient(f)(x), corr, rtol=1e-10)


def test_power_spectrum_gradient_is_parseval():
    x = RNG.standard_normal(7)
    f = lambda x: dnp.sum(dnp.abs(dfft.fft(x)) ** 2)       # = n Σ x²
    np.testing.assert_allclose(dt.gradient(f)(x), 2 * 7 * x, rtol=1e-12)
    assert_gradient_right(f, x)


def test_gradient_through_a_complex_product_reaches_a_real_filter():
    x = RNG.standard_normal(5)
    f = lambda h: dnp.sum(dnp.abs(np.fft.fft(x) * h) ** 2)
    h = RNG.standard_normal(5)
    np.testing.assert_allclose(dt.gradient(f)(h), 2 * h * np.abs(np.fft.fft(x)) ** 2, rtol=1e-12)
    assert_gradient_right(f, h)


@pytest.mark.parametrize("f", [
    lambda x: dnp.sum(dfft.irfft(dfft.rfft(x) * np.arange(1.0, 5.0)) ** 2),
    lambda x: dnp.sum(dfft.irfft(dfft.rfft(x), n=5) * np.arange(5.0)),
    lambda x: dnp.sum(dnp.imag(dfft.fft2(dnp.reshape(x, (2, 3)), norm="ortho")) ** 2),
    lambda x: dnp.sum(dnp.real(dfft.fftshift(dfft.fft(x)) * dnp.conj(dfft.fft(dnp.sin(x))))),
    lambda x: dnp.sum(dnp.real(dfft.ifftn(dfft.fftn(dnp.reshape(x, (3, 2)), s=(4, 2)) ** 2))),
    lambda x: dnp.sum(dnp.abs(dnp.exp(1j * x) + 0.5)),
])
def test_real_to_real_functions_through_complex_values_match_finite_differences(f):
    assert_gradient_right(f, RNG.standard_normal(6))


def test_hessian_through_complex_intermediates_agrees_across_modes():
    x = RNG.standard_normal(4)
    f = lambda x: dnp.sum(dnp.abs(dfft.rfft(x * x)) ** 2)
    fwd_over_rev = dt.hessian(f)(x)
    reference = dt.jacrev(dt.gradient(f))(x)
    np.testing.assert_allclose(fwd_over_rev, reference, rtol=1e-10, atol=1e-10)
    # f = Σ_k |rfft(x²)_k|² ; check one entry against a second finite difference
    h = 1e-4
    e = np.eye(4)[1]
    second = (f(x + h * e) - 2 * f(x) + f(x - h * e)) / h ** 2
    np.testing.assert_allclose(fwd_over_rev[1, 1], second, rtol=1e-5)


def test_gradient_tape_records_complex_intermediates():
    w = dt.Variable(RNG.standard_normal(4))
    with dt.GradientTape() as tape:
        loss = dnp.sum(dnp.abs(np.fft.fft(w)) ** 2)
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), 8 * w.numpy(), rtol=1e-12)


def test_a_complex_output_needs_holomorphic_and_out_takes_no_derivative_into_numpy():
    with pytest.raises(TypeError, match="complex value"):
        dt.gradient(lambda x: dnp.sum(dfft.fft(x)))(np.ones(2))
    buffer = np.ones(2, dtype=complex)
    assert dfft.fft(np.ones(2), out=buffer) is buffer          # NumPy's own, on arrays
    np.testing.assert_array_equal(buffer, [2.0, 0.0])          # [1 + 1, 1 - 1]
    with pytest.raises(TypeError, match="out="):
        dfft.fft(dt.Dual(np.ones(2), np.ones(2)), out=np.ones(2, dtype=complex))


def test_fft_of_a_complex_input_is_linear_in_every_mode():
    z = RNG.standard_normal(5) + 1j * RNG.standard_normal(5)
    dft = np.fft.fft(np.eye(5))               # the DFT matrix: fft(z) = dft @ z
    np.testing.assert_allclose(dt.jacfwd(dfft.fft, holomorphic=True)(z), dft, atol=1e-12)
    np.testing.assert_allclose(dt.jacrev(dfft.fft, holomorphic=True)(z), dft, atol=1e-12)
