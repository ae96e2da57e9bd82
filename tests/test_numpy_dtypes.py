"""dualtape.numpy on plain arrays is NumPy: the same dtype, shape and values.

`test_every_function_gives_numpys_dtype_shape_and_values` walks the namespace
(``dualtape.numpy``, ``.linalg`` and ``.fft``) and calls every function that has
a NumPy namesake with one and two copies of small arrays of each dtype (0-d ones
too, and float32 with ``axis=0``), comparing with NumPy's own result.  Where
NumPy raises, the call is not compared; where dualtape raises and NumPy does not,
the call is not compared either (the functions that refuse an argument NumPy takes
say so in their own tests).  The focused tests below pin each dtype fix with
NumPy's value written beside it, and a derivative where there is one.
"""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

INPUTS = {
    "float32": np.array([[1.5, 0.25], [2.5, 0.75]], np.float32),
    "float16": np.array([[1.5, 0.25], [2.5, 0.75]], np.float16),
    "int64": np.array([[1, 2], [3, 4]]),
    "complex64": np.array([[1.5 + 1j, 0.25], [2.5, 0.75 - 2j]], np.complex64),
    "float32 with NaN": np.array([[1.5, np.nan], [2.5, 0.75]], np.float32),
    "bool": np.array([[True, False], [True, True]]),
    "0-d float32": np.array(0.5, np.float32),
    "0-d int64": np.array(3),
    "0-d complex64": np.array(0.5 - 1j, np.complex64),
}

# Names not compared, and why.
EXCLUDED = {
    "empty", "empty_like",        # uninitialized memory: NumPy's values are whatever was there
    # eigenvectors with dualtape's documented normalisation (README, Conventions: each
    # vector's largest component positive real), where LAPACK picks a sign discontinuously
    "linalg.eig",
}

NAMESPACES = ((dnp, np, ""), (dnp.linalg, np.linalg, "linalg."), (dnp.fft, np.fft, "fft."))


def _functions():
    for ours, theirs, prefix in NAMESPACES:
        for name in sorted(dir(ours)):
            f, g = getattr(ours, name), getattr(theirs, name, None)
            if (name.startswith("_") or prefix + name in EXCLUDED or g is None or not callable(f)
                    or isinstance(f, type) or f is g):
                continue
            yield prefix + name, f, g


def _calls(g):
    """(args, kwargs) pairs to try: a ufunc takes exactly its inputs (one more
    argument would be NumPy's positional output, pinned on its own below)."""
    for key, a in INPUTS.items():
        counts = (g.nin,) if isinstance(g, np.ufunc) else (1, 2)
        for count in counts:
            yield key, (a,) * count, {}
        if key == "float32" and not isinstance(g, np.ufunc):
            yield key + " axis=0", (a,), {"axis": 0}


def _results(value):
    if isinstance(value, (tuple, list)):
        return [r for v in value for r in _results(v)]
    if hasattr(value, "_fields"):
        return [r for v in value for r in _results(v)]
    return [np.asarray(value)]


def _differences(name, f, g):
    found = []
    for key, args, kwargs in _calls(g):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                want = g(*[np.copy(a) for a in args], **kwargs)
            except Exception:
                continue
            try:
                got = f(*[np.copy(a) for a in args], **kwargs)
            except Exception:
                continue
        wants, gots = _results(want), _results(got)
        if len(wants) != len(gots):
            found.append(f"{name}{len(args)} {key}: {len(wants)} results, dualtape {len(gots)}")
            continue
        for w, r in zip(wants, gots):
            if w.dtype == object or r.dtype == object:
                continue
            if w.dtype != r.dtype or w.shape != r.shape:
                found.append(f"{name}{len(args)} {key}: NumPy {w.dtype}{w.shape}, "
                             f"dualtape {r.dtype}{r.shape}")
                break
            same = (np.allclose(w, r, rtol=2e-3, atol=2e-3, equal_nan=True)
                    if w.dtype.kind in "fc" else np.array_equal(w, r))
            if not same:
                found.append(f"{name}{len(args)} {key}: NumPy {w.ravel()[:3]}, "
                             f"dualtape {r.ravel()[:3]}")
                break
    return found


def test_every_function_gives_numpys_dtype_shape_and_values():
    found = [d for name, f, g in _functions() for d in _differences(name, f, g)]
    assert not found, "\n".join(found)


# --- each fix, with NumPy's value written beside it -----------------------------------------

def _same(got, want):
    got = np.asarray(got)
    assert got.dtype == np.asarray(want).dtype and got.shape == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-6)


def _finite_difference(f, x, h=1e-3):
    """Central difference of a scalar function of one float64 number."""
    return (f(x + h) - f(x - h)) / (2 * h)


def test_integer_reciprocal_floor_divide_and_divmod_are_integer():
    _same(dnp.reciprocal(np.array([1, 2])), np.array([1, 0]))              # NumPy: 1 // x
    _same(dnp.floor_divide(np.array([7, -7]), np.array([2, 2])), np.array([3, -4]))
    quotient, remainder = dnp.divmod(np.array([True, False]), np.array([True, True]))
    _same(quotient, np.array([1, 0], np.int8))                             # NumPy: int8
    _same(remainder, np.array([0, 0], np.int8))
    assert dt.jvp(dnp.reciprocal, (2.0,), (1.0,)) == (0.5, -0.25)          # -1/x²


def test_fabs_and_modf_of_integers_go_to_numpys_float():
    _same(dnp.fabs(np.array([-1, 2])), np.array([1.0, 2.0]))               # float64
    _same(dnp.fabs(np.array([True, False])), np.array([1, 0], np.float16))  # float16
    fraction, whole = dnp.modf(np.array([3, -2]))
    _same(fraction, np.array([0.0, -0.0]))
    _same(whole, np.array([3.0, -2.0]))
    x = np.array([-2.5, 1.25], np.float32)
    _, tangent = dt.jvp(dnp.fabs, (x,), (np.ones(2, np.float32),))
    _same(tangent, np.array([-1.0, 1.0], np.float32))                      # d|x| = sign(x)


def test_angle_of_booleans_is_float64_and_flat_on_reals():
    _same(dnp.angle(np.array([True, False])), np.array([0.0, 0.0]))
    _same(dnp.angle(np.array([1, -1], np.int8)), np.array([0.0, np.pi], np.float16))
    assert dt.jvp(dnp.angle, (-3.0,), (1.0,)) == (np.pi, 0.0)
    # d angle = Im(conj z dz)/|z|², so along dz = i at 3 + 4i: Re z / |z|² = 3/25
    assert np.isclose(dt.jvp(dnp.angle, (3.0 + 4.0j,), (1j,))[1], 3 / 25)


def test_vecdot_and_vecmat_of_booleans_are_logical():
    b = np.array([[True, False], [True, True]])
    _same(dnp.vecdot(b, b), np.array([True, True]))
    _same(dnp.vecmat(b, b), np.array([[True, False], [True, True]]))


def test_quantile_keeps_the_data_width_and_integer_levels_pick_entries():
    f = np.array([4.0, 1.0, 3.0], np.float32)
    _same(dnp.quantile(f, 0.25), np.float32(2.0))                          # between 1 and 3
    _same(dnp.percentile(f, 25), np.float32(2.0))
    _same(dnp.quantile(np.array([[1, 2], [3, 4]]), 1), np.int64(4))        # NumPy picks the max
    _same(dnp.quantile(np.array([1, 2, 3]), np.array([0, 1])), np.array([1, 3]))
    _same(dnp.percentile(np.array([1, 2, 3, 4]), 50), np.float64(2.5))
    g = np.array([[1.5, np.nan], [2.5, 0.75]], np.float32)
    _same(dnp.nanquantile(g, 0.5, axis=1), np.array([1.5, 1.625], np.float32))
    _same(dnp.nanpercentile(g, 50, axis=0), np.array([2.0, 0.75], np.float32))
    grad = dt.gradient(lambda x: dnp.quantile(x, 0.25))(f)
    _same(grad, np.array([0.0, 0.5, 0.5], np.float32))                     # halfway from 1 to 3


def test_nan_statistics_keep_the_data_width():
    g = np.array([[1.5, np.nan], [2.5, 0.75]], np.float32)
    _same(dnp.nanmean(g), np.float32(4.75 / 3))
    _same(dnp.nanvar(g, axis=0), np.array([0.25, 0.0], np.float32))
    _same(dnp.nanstd(g, dtype=np.float32), np.float32(np.sqrt(0.5138889)))
    _same(dnp.nanmean(g.astype(np.complex64)), np.complex64(4.75 / 3))
    grad = dt.gradient(lambda x: dnp.nanvar(x))(np.array([1.0, np.nan, 3.0], np.float32))
    _same(grad, np.array([-1.0, 0.0, 1.0], np.float32))                    # 2(x − mean)/n


@pytest.mark.parametrize("name", ["nanmean", "nanvar", "nanstd"])
def test_an_integer_dtype_for_float_data_raises_as_in_numpy(name):
    with pytest.raises(TypeError, match="dtype must be inexact"):
        getattr(dnp, name)(np.array([1.5, np.nan]), dtype=int)


def test_dtype_arguments_follow_numpy():
    _same(dnp.nansum(np.array([1.5, np.nan, 2.5]), dtype=int), np.int64(3))   # 1 + 0 + 2
    _same(dnp.mean(np.array([1, 2]), dtype=int), np.int64(1))                 # 3 // 2
    _same(dnp.mean(np.array([[1, 2], [3, 5]]), axis=0, dtype=int), np.array([2, 3]))
    _same(dnp.nanmean(np.array([1, 2]), dtype=int), np.int64(1))


def test_cross_linspace_and_poly_keep_float32():
    a = np.array([1.0, 0.0, 0.0], np.float32)
    b = np.array([0.0, 1.0, 0.0], np.float32)
    _same(dnp.cross(a, b), np.array([0.0, 0.0, 1.0], np.float32))
    _same(dnp.cross(np.array([1, 0, 0]), np.array([0, 1, 0])), np.array([0, 0, 1]))
    _same(dnp.linspace(np.float32(0.0), np.float32(1.0), 3), np.array([0, 0.5, 1], np.float32))
    _same(dnp.poly(np.array([1.0, 2.0], np.float32)), np.array([1, -3, 2], np.float32))
    _same(dnp.poly(np.array([1.0, 2.0], np.float16)), np.array([1.0, -3.0, 2.0]))  # float64
    _, tangent = dt.jvp(lambda s: dnp.linspace(s, np.float32(1.0), 3), (np.float32(0.0),),
                        (np.float32(1.0),))
    _same(tangent, np.array([1.0, 0.5, 0.0], np.float32))                  # 1 − i/(n−1)
    # d/dc of (x − 1)(x − c) = x² − (1 + c)x + c: (0, −1, 1)
    _, tangent = dt.jvp(lambda c: dnp.poly(dnp.stack([np.float32(1.0), c])), (np.float32(2.0),),
                        (np.float32(1.0),))
    np.testing.assert_allclose(tangent, [0.0, -1.0, 1.0])


def test_sort_complex_of_real_input_is_numpys_complex_type():
    _same(dnp.sort_complex(np.array([3.0, 1.0], np.float32)), np.array([1, 3], np.complex128))
    _same(dnp.sort_complex(np.array([3, 1], np.int16)), np.array([1, 3], np.complex64))


def test_complex64_eigenvectors_and_singular_vectors_stay_complex64():
    c = np.array([[2.0, 1j], [-1j, 3.0]], np.complex64)
    assert dnp.linalg.eigh(c)[1].dtype == np.complex64
    assert all(r.dtype == np.linalg.svd(c)[i].dtype for i, r in enumerate(dnp.linalg.svd(c)))
    rank = dnp.linalg.lstsq(np.eye(2, dtype=np.float32), np.ones(2, np.float32))[2]
    assert rank == 2 and rank.dtype == np.int32                            # NumPy's int32


@pytest.mark.parametrize("name", ["abs", "absolute", "exp", "negative", "sign", "conjugate"])
@pytest.mark.parametrize("dtype", [np.float32, np.complex64])
def test_a_positional_output_is_written_as_numpy_writes_it(name, dtype):
    z = np.array([1.5 - 1j, -2.0 + 0.5j])
    x = (z if dtype is np.complex64 else z.real).astype(dtype)
    ours, theirs = np.zeros(2, dtype), np.zeros(2, dtype)
    assert getattr(dnp, name)(x, ours) is ours
    getattr(np, name)(x, theirs)
    np.testing.assert_array_equal(ours, theirs)


def test_a_positional_output_into_a_dualtape_value_carries_the_derivative():
    def f(x):
        y = x * 1.0
        dnp.exp(y, y)                                   # y = exp(x), written into y
        return y.sum()
    x = np.array([0.0, 1.0])
    np.testing.assert_allclose(dt.gradient(f)(x), np.exp(x))
    with pytest.raises(TypeError, match="out"):
        dnp.exp(dt.Dual(1.0, 1.0), np.zeros(()))        # a NumPy array cannot hold a derivative
