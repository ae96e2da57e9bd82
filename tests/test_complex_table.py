"""The table on complex values: every entry NumPy defines for complex input gives
NumPy's value and a gradient that matches central differences along the real
and the imaginary direction; the entries that only make sense on reals refuse
complex input with a TypeError that names them; every entry is classified."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.special as dsp
from dualtape.core.primitive import TABLE
from dualtape.rules.complex_values import HOLOMORPHIC, NONHOLOMORPHIC, REFUSED

RNG = np.random.default_rng(21)
H = 1e-6


def crandn(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def hermitian_pd(n):
    b = crandn(n, n)
    return b @ b.conj().T + n * np.eye(n)


def hermitian_distinct(n):
    q, _ = np.linalg.qr(crandn(n, n))
    return (q * np.array([-1.0, 1.0, 2.5])[:n]) @ q.conj().T


def near_positive(*shape):
    return RNG.uniform(0.5, 2.0, shape) + 1j * RNG.uniform(-0.5, 0.5, shape)


W = crandn(64)          # fixed complex weights of the real-valued losses


def fd_gradient(f, z):
    """∂f/∂Re z - i ∂f/∂Im z of a real-valued f, by central differences (NumPy only)."""
    g = np.zeros(z.shape, dtype=complex)
    for idx in np.ndindex(z.shape):
        e = np.zeros(z.shape)
        e[idx] = H
        g[idx] = ((f(z + e) - f(z - e)) - 1j * (f(z + 1j * e) - f(z - 1j * e))) / (2 * H)
    return g


def loss(outputs, xp):
    """Re Σ w·out over every output: real-valued, sensitive to both parts of each."""
    total = 0.0
    for out in (outputs if isinstance(outputs, tuple) else (outputs,)):
        flat = xp.reshape(out, (-1,))
        total = total + xp.real(xp.sum(flat * W[:flat.shape[0]]))
    return total


# (name, dualtape function, NumPy function, complex input); the functions of two
# arguments take a fixed complex second argument.
A3, B3, V3 = crandn(3, 3), crandn(3, 2), crandn(3)
CASES = [
    ("exp", dnp.exp, np.exp, crandn(4)),
    ("log", dnp.log, np.log, near_positive(4)),
    ("sqrt", dnp.sqrt, np.sqrt, near_positive(4)),
    ("power, complex exponent", lambda z: dnp.power(z, 0.7 - 0.4j), lambda z: np.power(z, 0.7 - 0.4j),
     near_positive(4)),
    ("power, complex base", lambda z: dnp.power(1.5 + 0.5j, z), lambda z: np.power(1.5 + 0.5j, z),
     crandn(4)),
    ("float_power", lambda z: dnp.float_power(z, 2.5), lambda z: np.float_power(z, 2.5),
     near_positive(3)),
    ("sin", dnp.sin, np.sin, crandn(4)), ("cos", dnp.cos, np.cos, crandn(4)),
    ("tan", dnp.tan, np.tan, 0.5 * crandn(4)),
    ("arcsin", dnp.arcsin, np.arcsin, 0.4 * crandn(4)),
    ("arccos", dnp.arccos, np.arccos, 0.4 * crandn(4)),
    ("arctan", dnp.arctan, np.arctan, 0.4 * crandn(4)),
    ("sinh", dnp.sinh, np.sinh, crandn(4)), ("cosh", dnp.cosh, np.cosh, crandn(4)),
    ("tanh", dnp.tanh, np.tanh, 0.5 * crandn(4)),
    ("arcsinh", dnp.arcsinh, np.arcsinh, 0.4 * crandn(4)),
    ("arccosh", dnp.arccosh, np.arccosh, 2.0 + 0.3 * crandn(4)),
    ("arctanh", dnp.arctanh, np.arctanh, 0.4 * crandn(4)),
    ("expm1", dnp.expm1, np.expm1, crandn(3)), ("log1p", dnp.log1p, np.log1p, near_positive(3)),
    ("exp2", dnp.exp2, np.exp2, crandn(3)), ("log2", dnp.log2, np.log2, near_positive(3)),
    ("log10", dnp.log10, np.log10, near_positive(3)), ("sinc", dnp.sinc, np.sinc, crandn(3)),
    ("abs", dnp.abs, np.abs, crandn(4)), ("angle", dnp.angle, np.angle, crandn(4)),
    ("real", dnp.real, np.real, crandn(4)), ("imag", dnp.imag, np.imag, crandn(4)),
    ("conj", dnp.conj, np.conj, crandn(4)), ("sign", dnp.sign, np.sign, crandn(4)),
    ("reciprocal", dnp.reciprocal, np.reciprocal, near_positive(4)),
    ("square", dnp.square, np.square, crandn(4)),
    ("divide", lambda z: dnp.divide(V3, z), lambda z: np.divide(V3, z), near_positive(3)),
    ("sum", lambda z: dnp.sum(z, axis=0), lambda z: np.sum(z, axis=0), crandn(3, 2)),
    ("mean", dnp.mean, np.mean, crandn(3, 2)),
    ("prod", lambda z: dnp.prod(z, axis=1), lambda z: np.prod(z, axis=1), crandn(2, 3)),
    ("cumsum", dnp.cumsum, np.cumsum, crandn(4)), ("cumprod", dnp.cumprod, np.cumprod, crandn(4)),
    ("var", lambda z: dnp.var(z, axis=1), lambda z: np.var(z, axis=1), crandn(2, 4)),
    ("std", lambda z: dnp.std(z, ddof=1), lambda z: np.std(z, ddof=1), crandn(5)),
    ("matmul", lambda z: dnp.matmul(z, B3), lambda z: np.matmul(z, B3), crandn(2, 3)),
    ("matmul, second", lambda z: dnp.matmul(A3, z), lambda z: np.matmul(A3, z), crandn(3, 2)),
    ("dot", lambda z: dnp.dot(z, V3), lambda z: np.dot(z, V3), crandn(2, 3)),
    ("vdot", lambda z: dnp.vdot(z, V3), lambda z: np.vdot(z, V3), crandn(3)),
    ("vdot, second", lambda z: dnp.vdot(V3, z), lambda z: np.vdot(V3, z), crandn(3)),
    ("inner", lambda z: dnp.inner(z, V3), lambda z: np.inner(z, V3), crandn(2, 3)),
    ("outer", lambda z: dnp.outer(z, V3), lambda z: np.outer(z, V3), crandn(2)),
    ("einsum", lambda z: dnp.einsum("ij,jk->ik", z, B3), lambda z: np.einsum("ij,jk->ik", z, B3),
     crandn(2, 3)),
    ("tensordot", lambda z: dnp.tensordot(z, A3, axes=1), lambda z: np.tensordot(z, A3, axes=1),
     crandn(2, 3)),
    ("kron", lambda z: dnp.kron(z, V3), lambda z: np.kron(z, V3), crandn(2)),
    ("linalg.solve", lambda z: dnp.linalg.solve(z, B3), lambda z: np.linalg.solve(z, B3),
     crandn(3, 3) + 3 * np.eye(3)),
    ("linalg.solve, rhs", lambda z: dnp.linalg.solve(A3 + 3 * np.eye(3), z),
     lambda z: np.linalg.solve(A3 + 3 * np.eye(3), z), crandn(3)),
    ("linalg.inv", dnp.linalg.inv, np.linalg.inv, crandn(3, 3) + 3 * np.eye(3)),
    ("linalg.det", dnp.linalg.det, np.linalg.det, crandn(3, 3)),
    ("linalg.slogdet", lambda z: tuple(dnp.linalg.slogdet(z)), lambda z: tuple(np.linalg.slogdet(z)),
     crandn(3, 3)),
    ("linalg.cholesky", dnp.linalg.cholesky, np.linalg.cholesky, hermitian_pd(3)),
    ("linalg.eigh", lambda z: tuple(dnp.linalg.eigh(z)), lambda z: tuple(np.linalg.eigh(z)),
     hermitian_distinct(3)),
    ("linalg.eigvalsh", dnp.linalg.eigvalsh, np.linalg.eigvalsh, hermitian_distinct(3)),
    ("linalg.svd", lambda z: tuple(dnp.linalg.svd(z, full_matrices=False)),
     lambda z: tuple(np.linalg.svd(z, full_matrices=False)), crandn(4, 3)),
    ("linalg.svd, wide", lambda z: tuple(dnp.linalg.svd(z, full_matrices=False)),
     lambda z: tuple(np.linalg.svd(z, full_matrices=False)), crandn(2, 3)),
    ("linalg.svd, values", lambda z: dnp.linalg.svd(z, compute_uv=False),
     lambda z: np.linalg.svd(z, compute_uv=False), crandn(3, 3)),
    ("linalg.qr", lambda z: tuple(dnp.linalg.qr(z)), lambda z: tuple(np.linalg.qr(z)), crandn(4, 3)),
    ("linalg.qr, wide", lambda z: tuple(dnp.linalg.qr(z)), lambda z: tuple(np.linalg.qr(z)),
     crandn(2, 3)),
    ("linalg.lstsq", lambda z: dnp.linalg.lstsq(z, V3[:, None] * np.ones(2))[0],
     lambda z: np.linalg.lstsq(z, V3[:, None] * np.ones(2))[0], crandn(3, 2)),
    ("linalg.pinv", dnp.linalg.pinv, np.linalg.pinv, crandn(2, 3)),
    ("linalg.norm", dnp.linalg.norm, np.linalg.norm, crandn(4)),
    ("linalg.norm, fro", lambda z: dnp.linalg.norm(z, "fro"), lambda z: np.linalg.norm(z, "fro"),
     crandn(2, 3)),
    ("linalg.norm, 1", lambda z: dnp.linalg.norm(z, 1), lambda z: np.linalg.norm(z, 1), crandn(4)),
    ("linalg.norm, nuc", lambda z: dnp.linalg.norm(z, "nuc"), lambda z: np.linalg.norm(z, "nuc"),
     crandn(3, 3)),
    ("linalg.vector_norm", dnp.linalg.vector_norm, np.linalg.vector_norm, crandn(2, 3)),
    ("linalg.cond", dnp.linalg.cond, np.linalg.cond, crandn(3, 3)),
    ("linalg.eigvals", dnp.linalg.eigvals, np.linalg.eigvals, crandn(3, 3)),
    ("convolve", lambda z: dnp.convolve(z, V3), lambda z: np.convolve(z, V3), crandn(4)),
    ("correlate", lambda z: dnp.correlate(z, V3, "full"), lambda z: np.correlate(z, V3, "full"),
     crandn(4)),
    ("correlate, second", lambda z: dnp.correlate(V3, z, "full"),
     lambda z: np.correlate(V3, z, "full"), crandn(2)),
    ("fft.fft", dnp.fft.fft, np.fft.fft, crandn(5)), ("fft.ifft", dnp.fft.ifft, np.fft.ifft, crandn(5)),
    ("fft.fft2", dnp.fft.fft2, np.fft.fft2, crandn(2, 3)),
    ("fft.ifft2", dnp.fft.ifft2, np.fft.ifft2, crandn(2, 3)),
    ("fft.fftn", dnp.fft.fftn, np.fft.fftn, crandn(2, 2, 3)),
    ("fft.ifftn", lambda z: dnp.fft.ifftn(z, norm="ortho"), lambda z: np.fft.ifftn(z, norm="ortho"),
     crandn(2, 3)),
    ("fft.irfft", dnp.fft.irfft, np.fft.irfft, crandn(4)),
    ("fft.fftshift", dnp.fft.fftshift, np.fft.fftshift, crandn(5)),
    ("fft.ifftshift", dnp.fft.ifftshift, np.fft.ifftshift, crandn(5)),
]


@pytest.mark.parametrize("name, fn, np_fn, z", CASES, ids=[c[0] for c in CASES])
def test_complex_input_gives_numpys_value_and_the_derivative_of_finite_differences(name, fn, np_fn, z):
    got, want = fn(z), np_fn(z)
    for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
        assert np.result_type(g) == np.result_type(w)              # real results stay real
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)
    grad = dt.gradient(lambda z: loss(fn(z), dnp))(z)
    np.testing.assert_allclose(grad, fd_gradient(lambda z: loss(np_fn(z), np), z),
                               rtol=1e-6, atol=1e-6)
    # forward mode: the directional derivative pairs with the gradient as Re Σ g·v
    v = crandn(*z.shape)
    along = dt.jvp(lambda z: loss(fn(z), dnp), (z,), (v,))[1]
    assert along == pytest.approx(np.real(np.sum(grad * v)), rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("call", [
    lambda z: dnp.maximum(z, 0.0), lambda z: dnp.minimum(z, z), lambda z: dnp.fmax(z, 1.0),
    lambda z: dnp.clip(z, -1.0, 1.0), lambda z: dnp.floor(z), lambda z: dnp.ceil(z),
    lambda z: dnp.trunc(z), lambda z: dnp.sort(z), lambda z: dnp.max(z), lambda z: dnp.min(z),
    lambda z: dnp.median(z), lambda z: dnp.quantile(z, 0.5), lambda z: dnp.nanmax(z),
    lambda z: dnp.remainder(z, 2.0), lambda z: dnp.fmod(z, 2.0), lambda z: dnp.arctan2(z, 1.0),
    lambda z: dnp.hypot(z, 1.0), lambda z: dnp.logaddexp(z, z), lambda z: dnp.cbrt(z),
    lambda z: dnp.deg2rad(z), lambda z: dnp.copysign(z, 1.0), lambda z: dnp.heaviside(z, 0.5),
    lambda z: dnp.nan_to_num(z), lambda z: dsp.erf(z), lambda z: dsp.gammaln(z),
    lambda z: dnp.fft.rfft(z), lambda z: dnp.astype(z, np.float64),
], ids=["maximum", "minimum", "fmax", "clip", "floor", "ceil", "trunc", "sort", "max", "min",
        "median", "quantile", "nanmax", "remainder", "fmod", "arctan2", "hypot", "logaddexp", "cbrt",
        "deg2rad", "copysign", "heaviside", "nan_to_num", "erf", "gammaln", "rfft", "astype"])
def test_entries_that_only_make_sense_on_reals_refuse_complex_input(call):
    z = np.array([1.0 + 0.5j, -0.25 + 2.0j])
    with pytest.raises(TypeError, match=r"complex"):
        call(z)
    with pytest.raises(TypeError, match=r"complex"):
        dt.gradient(lambda z: dnp.sum(dnp.real(call(z))))(z)


def test_a_refusal_names_the_entry_the_reason_and_the_fix():
    with pytest.raises(TypeError, match=r"^maximum: complex numbers have no order .*np\.real\(z\) "
                                        r"or np\.abs\(z\); got complex input \(complex128\)$"):
        dnp.maximum(np.array([1j]), 0.0)


def test_every_entry_says_what_it_does_with_complex_values():
    served = {"absolute", "real", "imag", "conjugate", "sign"}      # by complex.* entries
    for name, prim in TABLE.items():
        assert (prim.complex in (HOLOMORPHIC, NONHOLOMORPHIC)) != (name in REFUSED), name
    assert served <= set(REFUSED)
    holomorphic = {n for n, p in TABLE.items() if p.complex == HOLOMORPHIC}
    assert {"exp", "matmul", "linalg.inv", "fft.fftn", "einsum", "sum"} <= holomorphic
    assert {"linalg.eigh", "linalg.svd", "var", "complex.absolute"} <= \
        {n for n, p in TABLE.items() if p.complex == NONHOLOMORPHIC}


def test_complex_eigenvectors_and_singular_vectors_keep_lapacks_phases():
    a = hermitian_distinct(3)
    w, v = dnp.linalg.eigh(a)
    np.testing.assert_allclose(a @ v, v * w, atol=1e-12)
    assert np.all(v[0].imag == 0)                        # the first row is real, as LAPACK's
    for shape in ((4, 3), (3, 5)):
        m = crandn(*shape)
        u, s, vh = dnp.linalg.svd(m, full_matrices=False)
        np.testing.assert_allclose((u * s) @ vh, m, atol=1e-12)
        real_row = vh[:, 0] if shape[0] >= shape[1] else u[0]
        np.testing.assert_array_equal(real_row.imag, 0.0)


def test_complex_statistics_are_real_as_in_numpy():
    z = crandn(6)
    assert np.result_type(dnp.var(z)) == np.float64 and dnp.var(z) == pytest.approx(np.var(z))
    # d var / d z̄-convention: 2 conj(z - mean) / n
    np.testing.assert_allclose(dt.gradient(dnp.var)(z), 2 * np.conj(z - z.mean()) / 6, rtol=1e-13)
