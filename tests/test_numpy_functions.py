"""The NumPy functions added to dualtape.numpy give NumPy's values (on plain values
and under dualtape values) and derivatives that agree between forward mode,
reverse mode and finite differences (`check_gradients`)."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

rng = np.random.default_rng(7)
X = rng.standard_normal(6)
Y = rng.standard_normal(4)
M = rng.standard_normal((3, 5))
P = rng.uniform(0.5, 2.0, 5)
XP = np.sort(rng.uniform(0.0, 4.0, 6))
W = rng.uniform(0.5, 1.0, 6)
WITH_NAN = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 4.0, np.nan, -1.0], [0.3, 0.2, 0.9, 1.5]])

# name -> (function of the differentiated arguments, which works on both namespaces, its arguments)
CASES = {
    "convolve full": (lambda m, a, v: m.convolve(a, v), (X, Y)),
    "convolve same": (lambda m, a, v: m.convolve(a, v, "same"), (Y, X)),
    "correlate valid": (lambda m, a, v: m.correlate(a, v), (X, Y)),
    "correlate same": (lambda m, a, v: m.correlate(a, v, "same"), (Y, X)),
    "interp": (lambda m, x, fp: m.interp(x, XP, fp), (rng.uniform(0.2, 3.8, 5), X)),
    "interp period": (lambda m, x, fp: m.interp(x, XP, fp, period=3.0), (rng.uniform(0.2, 3.8, 5), X)),
    "gradient": (lambda m, f: m.gradient(f, 0.3, XP[:5], edge_order=2)[1], (M,)),
    "gradient coordinates": (lambda m, f, x: m.gradient(f, x), (X, XP)),
    "trapezoid": (lambda m, y, x: m.trapezoid(y, x, axis=-1), (M, np.sort(P))),
    "diff prepend": (lambda m, a: m.diff(a, 2, prepend=0.5, append=[1.0, 2.0]), (X,)),
    "ediff1d": (lambda m, a: m.ediff1d(a, to_begin=[1.0], to_end=2.0), (M,)),
    "unwrap": (lambda m, p: m.unwrap(p * 3.0), (X,)),
    "polyval": (lambda m, p, x: m.polyval(p, x), (Y, X)),
    "polyfit": (lambda m, y: m.polyfit(XP, y, 2), (X,)),
    "polyfit weighted 2-d": (lambda m, y, w: m.polyfit(XP, y, 1, w=w), (np.stack([X, X ** 2], 1), W)),
    "polyder": (lambda m, p: m.polyder(p, 2), (P,)),
    "polyint": (lambda m, p: m.polyint(p, 2, k=[1.0, 2.0]), (P,)),
    "polymul": (lambda m, a, b: m.polymul(a, b), (P, Y)),
    "polydiv": (lambda m, a, b: m.polydiv(a, b)[0], (P, Y[:3])),
    "roots": (lambda m, p: m.real(m.roots(p)) + m.imag(m.roots(p)), (np.array([1.0, -1.0, -2.0, 0.5]),)),
    "poly": (lambda m, z: m.poly(z), (Y,)),
    "cov": (lambda m, x: m.cov(x), (M,)),
    "cov weighted": (lambda m, x, w: m.cov(x, aweights=w, ddof=1), (M[:, :4], W[:4])),
    "cov rowvar": (lambda m, x, y: m.cov(x, y, rowvar=False, bias=True), (M.T, M.T[:, 0])),
    "corrcoef": (lambda m, x: m.corrcoef(x), (M,)),
    "nanvar": (lambda m, a: m.nanvar(a, axis=1, ddof=1), (WITH_NAN,)),
    "nanstd": (lambda m, a: m.nanstd(a, axis=0), (WITH_NAN,)),
    "nanprod": (lambda m, a: m.nanprod(a, axis=1), (WITH_NAN,)),
    "nancumsum": (lambda m, a: m.nancumsum(a, axis=1), (WITH_NAN,)),
    "nancumprod": (lambda m, a: m.nancumprod(a), (WITH_NAN,)),
    "nanmedian": (lambda m, a: m.nanmedian(a, axis=1), (WITH_NAN,)),
    "nanquantile": (lambda m, a: m.nanquantile(a, [0.2, 0.7], axis=1), (WITH_NAN,)),
    "nanpercentile": (lambda m, a: m.nanpercentile(a, 40.0), (WITH_NAN,)),
    "histogram weights": (lambda m, w: m.histogram(X, 3, weights=w)[0], (W,)),
    "histogram edges": (lambda m, w: m.histogram(X, np.array([-3.0, -0.5, 0.1, 3.0]), weights=w,
                                                 density=True)[0], (W,)),
    "histogram2d": (lambda m, w: m.histogram2d(X, X ** 2, 2, weights=w)[0], (W,)),
    "bincount": (lambda m, w: m.bincount([0, 3, 3, 1, 0, 5], w), (W,)),
    "select": (lambda m, a: m.select([X > 0.5, X < -0.5], [a, a * a], 0.25), (X,)),
    "choose": (lambda m, a, b: m.choose([0, 1, 1, 0], [a, b]), (Y, Y * 2.0)),
    "compress": (lambda m, a: m.compress([True, False, True], a, axis=0), (M,)),
    "extract": (lambda m, a: m.extract(np.abs(X) > 0.3, a), (X,)),
    "piecewise": (lambda m, a: m.piecewise(a, [X < 0, X > 1], [lambda v: v * v, 2.0, lambda v: -v]), (X,)),
    "partition": (lambda m, a: m.partition(a, 2), (X,)),
    "insert": (lambda m, a, v: m.insert(a, [1, 3], v), (X, Y[:2])),
    "delete": (lambda m, a: m.delete(a, [0, 2], axis=1), (M,)),
    "resize": (lambda m, a: m.resize(a, (2, 7)), (Y,)),
    "block": (lambda m, a, b: m.block([[a, b[:, None]], [np.zeros((1, 5)), 2.0]]), (M, Y[:3])),
    "rollaxis": (lambda m, a: m.rollaxis(a, 1), (M,)),
    "put_along_axis": (lambda m, a, v: m.put_along_axis(a, np.array([[1], [0], [4]]), v, 1,
                                                        inplace=False) if m is dnp else
                       _numpy_in_place(m.put_along_axis, a, np.array([[1], [0], [4]]), v, 1), (M, Y[:3, None])),
    "fill_diagonal": (lambda m, a, v: m.fill_diagonal(a, v, inplace=False) if m is dnp else
                      _numpy_in_place(m.fill_diagonal, a, v), (M, Y[:2])),
    "cumulative_sum": (lambda m, a: m.cumulative_sum(a, axis=1, include_initial=True), (M,)),
    "cumulative_prod": (lambda m, a: m.cumulative_prod(a), (P,)),
    "vander": (lambda m, x: m.vander(x, 3), (X,)),
    "frexp": (lambda m, x: m.frexp(x * 10.0)[0], (X,)),
    "ldexp": (lambda m, x: m.ldexp(x, np.arange(6) - 2), (X,)),
    "modf": (lambda m, x: m.modf(x * 3.0)[0], (X,)),
    "divmod": (lambda m, x: m.divmod(x, 0.7)[1], (X,)),
    "fabs": (lambda m, x: m.fabs(x), (X,)),
    "vecdot": (lambda m, a, b: m.vecdot(a, b), (M, M[0])),
    "matvec": (lambda m, a, b: m.matvec(a, b), (M, P)),
    "vecmat": (lambda m, a, b: m.vecmat(a, b), (Y[:3], M)),
    "add.reduce": (lambda m, a: m.add.reduce(a, axis=1), (M,)),
    "multiply.outer": (lambda m, a, b: m.multiply.outer(a, b), (X, Y)),
    "logaddexp.reduce": (lambda m, a: m.logaddexp.reduce(a), (X,)),
    "maximum.accumulate": (lambda m, a: m.maximum.accumulate(a, axis=1), (M,)),
    "hypot.accumulate": (lambda m, a: m.hypot.accumulate(a), (X,)),
    "sum where initial": (lambda m, a: m.sum(a, axis=0, where=a > 0, initial=1.0), (M,)),
    "vstack dtype": (lambda m, a: m.vstack([a, a], dtype=np.float64, casting="no"), (M,)),
    "clip min max": (lambda m, a: m.clip(a, min=-0.5, max=0.5), (X,)),
    "linalg.cond": (lambda m, a: m.linalg.cond(a), (M[:, :3] + 3 * np.eye(3),)),
    "linalg.cond fro": (lambda m, a: m.linalg.cond(a, "fro"), (M[:, :3] + 3 * np.eye(3),)),
    "linalg.tensorsolve": (lambda m, a, b: m.linalg.tensorsolve(a, b), (np.eye(6).reshape(6, 2, 3) * 2 + 0.1, X)),
    "linalg.tensorinv": (lambda m, a: m.linalg.tensorinv(a, 1), ((np.eye(4) * 2 + 0.1).reshape(4, 2, 2),)),
    "linalg.multi_dot": (lambda m, a, b: m.linalg.multi_dot([a, b.T, a]), (M, M)),
    "linalg.svdvals": (lambda m, a: m.linalg.svdvals(a), (M,)),
    "linalg.matrix_norm": (lambda m, a: m.linalg.matrix_norm(a, ord="nuc"), (M,)),
    "linalg.vector_norm": (lambda m, a: m.linalg.vector_norm(a, axis=(0, 1), ord=3, keepdims=True), (M,)),
    "linalg.vecdot": (lambda m, a, b: m.linalg.vecdot(a, b, axis=0), (M, M)),
    "linalg.outer": (lambda m, a, b: m.linalg.outer(a, b), (X, Y)),
    "linalg.cross": (lambda m, a, b: m.linalg.cross(a, b), (M[:, :3], M[:, 2:])),
    "linalg.eigvals": (lambda m, a: m.real(m.linalg.eigvals(a)), (np.diag([1.0, 2.5, 4.0]) + 0.2 * M[:, :3],)),
    "fft.rfft2": (lambda m, a: m.abs(m.fft.rfft2(a)), (M,)),
    "fft.irfft2": (lambda m, a: m.fft.irfft2(a, s=(3, 6)), (M,)),
    "fft.rfftn": (lambda m, a: m.real(m.fft.rfftn(a, norm="ortho")), (M,)),
    "fft.irfftn": (lambda m, a: m.fft.irfftn(a), (M,)),
    "fft.hfft": (lambda m, a: m.fft.hfft(a, 8), (X,)),
    "fft.ihfft": (lambda m, a: m.imag(m.fft.ihfft(a)), (X,)),
    "fft.fftfreq": (lambda m, d: m.fft.fftfreq(5, d), (0.3,)),
    "fft.rfftfreq": (lambda m, d: m.fft.rfftfreq(6, d), (0.3,)),
}


def _numpy_in_place(fn, a, *args):
    a = a.copy()
    fn(a, *args)
    return a


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_are_numpys_and_every_mode_agrees_with_finite_differences(name):
    fn, args = CASES[name]
    want = fn(np, *args)
    np.testing.assert_allclose(fn(dnp, *args), want, rtol=1e-13, atol=1e-14)
    boxed = fn(dnp, *[dt.Dual(a, np.zeros_like(a)) if np.ndim(a) else dt.Dual(a, 0.0) for a in args])
    np.testing.assert_allclose(boxed.primal, want, rtol=1e-13, atol=1e-14)
    weights = rng.standard_normal(np.shape(want))
    report = dt.check_gradients(lambda *xs: dnp.sum(dnp.nan_to_num(fn(dnp, *xs)) * weights), *args)
    assert "FAIL" not in str(report), str(report)


def test_values_are_exactly_numpys_for_the_composed_signals_and_statistics():
    for name in ("convolve same", "correlate same", "interp", "gradient", "trapezoid", "unwrap",
                 "polyfit", "roots", "cov", "corrcoef", "nanvar", "nanquantile", "histogram edges"):
        fn, args = CASES[name]
        np.testing.assert_array_equal(fn(dnp, *args), fn(np, *args), err_msg=name)


def test_interp_at_a_knot_takes_the_slope_to_its_right_and_constants_outside():
    xp, fp = np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 3.0])
    slope = lambda x: dt.jvp(lambda x: dnp.interp(x, xp, fp), (x,), (1.0,))[1]
    assert [slope(v) for v in (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0)] == [0.0, 2.0, 0.5, 0.5, 0.0, 0.0]


def test_trim_zeros_keeps_the_slice_numpy_keeps_with_its_derivatives():
    a = np.array([0.0, 0.0, 1.5, 0.0, 2.0, 0.0])
    y, t = dt.jvp(dnp.trim_zeros, (a,), (np.arange(6.0),))
    np.testing.assert_array_equal(y, np.trim_zeros(a))
    np.testing.assert_array_equal(t, [2.0, 3.0, 4.0])


def test_histogram_and_bincount_are_constant_in_the_data():
    g = dt.gradient(lambda x: dnp.sum(dnp.histogram(x, 3, weights=W)[0]))(X)
    np.testing.assert_array_equal(g, np.zeros(6))


def test_in_place_writers_write_into_a_dualtape_value_and_refuse_a_numpy_target():
    x = dt.Dual(np.zeros((2, 2)), np.ones((2, 2))) * 1.0
    assert dnp.fill_diagonal(x, dt.Dual(5.0, 2.0)) is None
    np.testing.assert_array_equal(x.primal, 5.0 * np.eye(2))
    np.testing.assert_array_equal(x.tangent, [[2.0, 1.0], [1.0, 2.0]])
    with pytest.raises(TypeError, match=r"fill_diagonal\(a, val, inplace=False\)"):
        dnp.fill_diagonal(np.zeros((2, 2)), dt.Dual(1.0, 1.0))
    a = np.zeros(3)
    dnp.put(a, [0, 2], [1.0, 2.0])                        # plain values: NumPy's own write
    np.testing.assert_array_equal(a, [1.0, 0.0, 2.0])


def test_ufunc_methods_reached_through_numpy_and_add_at_accumulates_repeats():
    x = dt.Dual(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 0.0]))
    assert np.add.reduce(x).tangent == 1.0
    np.testing.assert_array_equal(np.multiply.outer(x, x).primal, np.multiply.outer(x.primal, x.primal))
    target = dt.Dual(np.zeros(3), np.zeros(3)) * 1.0
    np.add.at(target, [0, 0, 2], x)
    np.testing.assert_array_equal(target.primal, [3.0, 0.0, 3.0])
    np.testing.assert_array_equal(target.tangent, [1.0, 0.0, 0.0])
    # ties of maximum.accumulate share the derivative, as maximum does
    t = dt.jvp(lambda a: dnp.maximum.accumulate(a), (np.array([2.0, 2.0]),), (np.array([1.0, 0.0]),))[1]
    np.testing.assert_array_equal(t, [1.0, 0.5])


def test_spacing_has_derivative_zero_and_nextafter_one():
    assert dt.jvp(dnp.spacing, (1.5,), (1.0,))[1] == 0.0
    assert dt.jvp(lambda x: dnp.nextafter(x, 0.0), (1.5,), (1.0,))[1] == 1.0


@pytest.mark.parametrize("name", ["convolve", "correlate", "ldexp", "linalg.eig", "linalg.eigvals"])
def test_new_entries_pull_back_a_stack_of_cotangents_as_single_ones(name):
    from dualtape.core.domains import examples_for
    from dualtape.core.primitive import TABLE
    from dualtape.audit.probes import differentiable_positions, results_of
    prim = TABLE[name]
    for args, params in examples_for(prim, np.random.default_rng(0)):
        out = prim.impl(*args, **params)
        outs = results_of(prim, out)
        stacks = [rng.standard_normal((3,) + np.shape(o)) * (1 + 1j * np.iscomplexobj(o)) for o in outs]
        wanted = [i in differentiable_positions(args) for i in range(len(args))]
        together = prim.vjp(tuple(stacks) if prim.multiple_results else stacks[0], out, args,
                            params, wanted)
        for k in range(3):
            single = prim.vjp(tuple(s[k] for s in stacks) if prim.multiple_results else stacks[0][k],
                              out, args, params, wanted)
            for t, s in zip(together, single):
                if s is not None:
                    np.testing.assert_allclose(np.asarray(t)[k], s, rtol=1e-12, atol=1e-13)
