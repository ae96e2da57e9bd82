"""Signal processing with complex numbers: a complex FIR filter fitted by gradient descent
(JAX's convention with `gradient`, TensorFlow's with `GradientTape`), the same loss through
FFTs, a phase-retrieval loss and its Hessian-vector product, and an FFT-based circular
convolution.  The gradient of a real loss of complex z is JAX's ∂f/∂Re z − i ∂f/∂Im z."""
import numpy
import pytest

import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient, complex_gradient

rng = numpy.random.default_rng(6)


# --- a complex FIR filter fit --------------------------------------------------------

SIGNAL = rng.standard_normal(20) + 1j * rng.standard_normal(20)
TAPS = numpy.array([1.0 + 0.5j, -0.3j, 0.2 - 0.1j])
TARGET = numpy.convolve(SIGNAL, TAPS)[:20]
# y = X h with X the 20x3 matrix of delayed samples
DELAYS = numpy.array([[SIGNAL[i - k] if i >= k else 0.0 for k in range(3)] for i in range(20)])


def filter_loss(h):
    return np.sum(np.abs(np.convolve(SIGNAL, h)[:20] - TARGET) ** 2)


def filter_loss_fft(h):
    spectrum = np.fft.fft(SIGNAL, 32) * np.fft.fft(h, 32)
    return np.sum(np.abs(np.fft.ifft(spectrum)[:20] - TARGET) ** 2)


def filter_loss_numpy(h):
    return numpy.sum(numpy.abs(numpy.convolve(SIGNAL, h)[:20] - TARGET) ** 2)


def test_the_filter_gradient_is_twice_the_conjugate_of_the_normal_equations_residual():
    h = numpy.array([0.1 + 0.2j, -0.3, 0.05j])
    closed = 2 * numpy.conj(DELAYS.conj().T @ (DELAYS @ h - TARGET))   # JAX: 2·conj(Xᴴr)
    for loss in (filter_loss, filter_loss_fft):
        assert_close(dt.gradient(loss)(h), closed, 1e-12, 1e-13, "round-off")
    assert_close(closed, complex_gradient(filter_loss_numpy, h), 1e-8, 1e-9,
                 "the closed form itself against differences along Re and Im")


def test_gradient_descent_recovers_the_taps_in_both_conventions():
    h = numpy.zeros(3, complex)
    for _ in range(200):
        h = h - 0.01 * numpy.conj(dt.gradient(filter_loss)(h))       # JAX: step along conj(g)
    assert_close(h, TAPS, 1e-8, 1e-10, "a contraction by ~0.9 per step over 200 steps")
    taps = dt.Variable(numpy.zeros(3, complex))
    for _ in range(200):
        with dt.GradientTape() as tape:
            loss = np.sum(np.abs(np.convolve(SIGNAL, taps)[:20] - TARGET) ** 2)
        taps.assign_sub(0.01 * tape.gradient(loss, taps))             # TensorFlow: step along g
    assert_close(taps.numpy(), TAPS, 1e-8, 1e-10)


def test_the_filter_hessian_is_the_real_hessian_of_the_real_and_imaginary_parts():
    # a quadratic: H over (Re h, Im h) is 2·[[Re A, −Im A], [Im A, Re A]] with A = XᴴX
    gram = DELAYS.conj().T @ DELAYS
    expected = 2 * numpy.block([[gram.real, -gram.imag], [gram.imag, gram.real]]).reshape(2, 3, 2, 3)
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        assert_close(dt.hessian(filter_loss, mode=mode)(numpy.zeros(3, complex)), expected,
                     1e-12, 1e-12, mode)


# --- phase retrieval from intensities |Az|² -----------------------------------------

SENSING = rng.standard_normal((16, 8)) + 1j * rng.standard_normal((16, 8))
HIDDEN = rng.standard_normal(8) + 1j * rng.standard_normal(8)
INTENSITY = numpy.abs(SENSING @ HIDDEN) ** 2
Z0 = rng.standard_normal(8) + 1j * rng.standard_normal(8)


SPELLINGS = {
    "abs squared": lambda z: np.sum((np.abs(SENSING @ z) ** 2 - INTENSITY) ** 2),
    "z times conj z": lambda z: np.sum((np.real((SENSING @ z) * np.conj(SENSING @ z)) - INTENSITY) ** 2),
    "real and imag": lambda z: np.sum(((SENSING @ z).real ** 2 + (SENSING @ z).imag ** 2 - INTENSITY) ** 2),
    "norm": lambda z: np.linalg.norm(np.abs(SENSING @ z) ** 2 - INTENSITY) ** 2,
}


def test_every_spelling_of_phase_retrieval_has_the_wirtinger_gradient():
    # ∂L/∂z̄ = 2 Aᴴ((|Az|² − b) ⊙ Az); JAX's gradient is 2·conj(∂L/∂z̄)
    az = SENSING @ Z0
    closed = numpy.conj(2 * SENSING.conj().T @ (2 * (numpy.abs(az) ** 2 - INTENSITY) * az))
    for name, loss in SPELLINGS.items():
        assert_close(dt.gradient(loss)(Z0), closed, 1e-12, 1e-10, name)
    numpy_loss = lambda z: numpy.sum((numpy.abs(SENSING @ z) ** 2 - INTENSITY) ** 2)
    assert_close(closed, complex_gradient(numpy_loss, Z0), 1e-7, 1e-6, "the closed form itself")


def test_the_phase_retrieval_hvp_is_the_pair_hessian_times_the_direction():
    loss = SPELLINGS["abs squared"]
    v = rng.standard_normal(8) + 1j * rng.standard_normal(8)
    pair = dt.hessian(loss)(Z0).reshape(16, 16)
    a_b = pair @ numpy.concatenate([v.real, v.imag])
    assert_close(dt.hvp(loss, (Z0,), (v,)), a_b[:8] - 1j * a_b[8:], 1e-12, 1e-9,
                 "hvp is a − i·b in the gradient's convention")
    gradient_pair = lambda w: (lambda g: numpy.concatenate([g.real, -g.imag]))(
        dt.gradient(loss)(w[:8] + 1j * w[8:]))
    assert_close(pair, central_gradient_of(gradient_pair, numpy.concatenate([Z0.real, Z0.imag])),
                 1e-7, 1e-6, "differences of the exact gradient, h = 1e-6")


def central_gradient_of(vector_function, x, h=1e-6):
    """The Jacobian of a vector function by central differences, row by row."""
    return numpy.stack([central_gradient(lambda w: vector_function(w)[i], x, h)
                        for i in range(len(x))])


# --- an FFT-based circular convolution loss -------------------------------------------

IMPULSE = rng.standard_normal(16)
OUTPUT = rng.standard_normal(16)
CIRCULANT = numpy.array([[IMPULSE[(i - j) % 16] for j in range(5)] for i in range(16)])


def convolution_loss(kernel):
    y = np.fft.irfft(np.fft.rfft(IMPULSE) * np.fft.rfft(kernel, 16), 16)
    return np.sum((y - OUTPUT) ** 2)


def test_the_fft_convolution_loss_is_a_least_squares_problem_in_the_kernel():
    kernel = rng.standard_normal(5)
    assert_close(dt.gradient(convolution_loss)(kernel), 2 * CIRCULANT.T @ (CIRCULANT @ kernel - OUTPUT),
                 1e-12, 1e-13, "round-off of three FFTs")
    for mode in ("forward-over-reverse", "hyperdual"):
        assert_close(dt.hessian(convolution_loss, mode=mode)(kernel), 2 * CIRCULANT.T @ CIRCULANT,
                     1e-12, 1e-12, mode)


# --- a complex field whose parts are set through .real and .imag --------------------------
# Regression: `z.real[...] = v` and `z.imag += v` wrote into a new value, not into z (NumPy's
# .real and .imag are views), so the value and the gradient silently kept z as it was;
# `z.imag += v` raised "property 'imag' has no setter".

def field_energy(amplitude, xp=np):
    z = amplitude * xp.exp(1j * xp.linspace(0.0, 1.0, 6))
    z.real[0] = 0.0                        # a boundary condition on the real part
    z.imag[-1] = amplitude[2] ** 2         # and one on the imaginary part
    z.imag += 0.5 * amplitude              # an imaginary offset, in place
    tail = z.real[3:]                      # a view of the real parts: it follows later writes
    z[3] = z[3] * 2.0
    return xp.sum(xp.abs(z) ** 2) + xp.sum(tail * amplitude[3:])


def test_writes_through_real_and_imag_reach_the_complex_array():
    amplitude = numpy.array([0.7, -1.2, 0.4, 1.1, -0.3, 0.9])
    assert_close(field_energy(dt.Dual(amplitude, numpy.zeros(6)) * 1.0).primal,
                 field_energy(amplitude.copy(), numpy), 1e-15, 0, "NumPy's value")
    expected = central_gradient(lambda a: field_energy(a.copy(), numpy), amplitude)
    assert_close(dt.gradient(field_energy)(amplitude), expected, 1e-7, 1e-9, "central differences")
    assert_close(dt.jacfwd(field_energy)(amplitude), expected, 1e-7, 1e-9)
    with pytest.raises(TypeError, match="does not have imaginary part"):
        real = dt.Dual(amplitude, numpy.zeros(6)) * 1.0
        real.imag = amplitude                # NumPy refuses it on a real array too


def test_numpys_real_and_imag_functions_give_views_too():
    # np.real(z) and np.imag(z) are z.real and z.imag in NumPy: writes through them reach z
    def clamp_phase(amplitude, xp=np):
        z = amplitude * (1.0 + 1.0j)
        xp.real(z)[0] = 2.0 * amplitude[1]
        xp.imag(z)[1:] *= 3.0
        return xp.sum(xp.abs(z) ** 2)
    amplitude = numpy.array([1.0, 2.0, -0.5])
    assert_close(clamp_phase(dt.Dual(amplitude, numpy.zeros(3)) * 1.0).primal,
                 clamp_phase(amplitude.copy(), numpy), 1e-15, 0)
    # z = [2a1 + i·a0, a1 + 3i·a1, a2 + 3i·a2]: Σ|z|² = a0² + 14a1² + 10a2², gradient (2a0, 28a1, 20a2)
    assert_close(dt.gradient(clamp_phase)(amplitude), [2.0, 56.0, -10.0], 1e-15, 0)
