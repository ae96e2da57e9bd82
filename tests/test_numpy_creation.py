"""Creation functions of dualtape.numpy take dualtape values wherever NumPy takes
array-likes, give NumPy's values, and carry the derivatives."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def test_array_of_a_nested_list_mixing_values_and_numbers_is_their_stack():
    # f(x, y) = Σ [[x, 1], [2, y]] · [[1, 2], [3, 4]] = x + 2 + 6 + 4y
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    f = lambda x, y: dnp.sum(dnp.array([[x, 1.0], [2.0, y]]) * w)
    assert f(0.5, 2.0) == 0.5 + 2.0 + 6.0 + 8.0
    assert dt.gradient(f, argnums=(0, 1))(0.5, 2.0) == (1.0, 4.0)
    assert dt.jvp(f, (0.5, 2.0), (1.0, 1.0))[1] == 5.0


@pytest.mark.parametrize("make", [dnp.array, dnp.asarray, dnp.asanyarray])
def test_array_like_creators_stack_rows_of_values_and_arrays(make):
    x = dt.Dual(np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    out = make([x, np.array([3.0, 4.0]), (5.0, x[0])])
    np.testing.assert_array_equal(out.primal, [[1.0, 2.0], [3.0, 4.0], [5.0, 1.0]])
    np.testing.assert_array_equal(out.tangent, [[1.0, 1.0], [0.0, 0.0], [0.0, 1.0]])


def test_array_options_dtype_and_ndmin_and_plain_input_is_numpys():
    x = dt.Dual(2.0, 1.0)
    out = dnp.array([x, 1.0], dtype=np.float32, ndmin=3)
    assert out.shape == (1, 1, 2) and out.primal.dtype == np.float32
    plain = dnp.array([[1, 2]], dtype=float)
    assert type(plain) is np.ndarray and plain.dtype == np.float64
    with pytest.raises(ValueError, match="copy=False"):
        dnp.array([x], copy=False)


def test_array_copies_a_dualtape_value_and_asarray_does_not():
    x = dt.Dual(np.array([1.0, 2.0]), np.ones(2)) * 1.0
    assert dnp.asarray(x) is x
    c = dnp.array(x)
    c[0] = 9.0
    assert x.primal[0] == 1.0


def test_full_with_a_differentiable_fill_and_the_like_functions():
    # Σ full((2, 3), c) = 6c; zeros_like reads only the shape
    assert dt.gradient(lambda c: dnp.sum(dnp.full((2, 3), c)))(1.5) == 6.0
    x = dt.Dual(np.ones((2, 2)), np.ones((2, 2)))
    z = dnp.zeros_like(x)
    assert type(z) is np.ndarray and z.shape == (2, 2)
    assert type(np.ones_like(x)) is np.ndarray
    f = dnp.full_like(np.zeros(3, dtype=np.float32), dt.Dual(2.0, 1.0))
    assert f.primal.dtype == np.float32
    np.testing.assert_array_equal(f.tangent, np.ones(3))


def test_constant_creators_are_numpys_own():
    for name in ("zeros", "ones", "empty", "eye", "identity", "tri", "mgrid", "ogrid"):
        assert getattr(dnp, name) is getattr(np, name)
    np.testing.assert_array_equal(dnp.mgrid[0:2, 0:2], np.mgrid[0:2, 0:2])


def test_arange_is_differentiable_in_start_and_step():
    # Σ_{i<4} (s + i h) = 4s + 6h, with 4 = ceil((3 - s)/h) entries at s = 1, h = 0.5
    f = lambda s, h: dnp.sum(dnp.arange(s, 3.0, h))
    np.testing.assert_array_equal(dnp.arange(dt.Dual(1.0, 0.0), 3.0, 0.5).primal, np.arange(1.0, 3.0, 0.5))
    assert dt.gradient(f, argnums=(0, 1))(1.0, 0.5) == (4.0, 6.0)
    assert dnp.arange(5).tolist() == [0, 1, 2, 3, 4]


def test_logspace_and_geomspace_match_numpy_and_finite_differences():
    for fn in (dnp.logspace, dnp.geomspace):
        start, stop = (0.5, 2.0) if fn is dnp.logspace else (2.0, 50.0)
        np.testing.assert_array_equal(fn(dt.Dual(start, 0.0), stop, 7).primal,
                                      getattr(np, fn.__name__)(start, stop, 7))
        report = dt.check_gradients(lambda a, b: dnp.sum(fn(a, b, 5) ** 2), start, stop)
        assert "FAIL" not in str(report)
    neg = dnp.geomspace(dt.Dual(-1.0, 1.0), -1000.0, 4)
    np.testing.assert_array_equal(neg.primal, np.geomspace(-1.0, -1000.0, 4))


def test_meshgrid_broadcasts_values_in_both_indexings():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])
    for indexing in ("xy", "ij"):
        got = dnp.meshgrid(dt.Dual(x, np.ones(3)), y, indexing=indexing)
        want = np.meshgrid(x, y, indexing=indexing)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g.primal if hasattr(g, "primal") else g, w)
    # ∂/∂x_i of Σ X·Y (xy indexing) = Σ_j y_j
    g = dt.gradient(lambda x: dnp.sum(dnp.meshgrid(x, y)[0] * dnp.meshgrid(x, y)[1]))(x)
    np.testing.assert_array_equal(g, np.full(3, y.sum()))


def test_vander_values_and_exact_derivative_at_zero():
    x = np.array([0.0, 2.0, -1.5])
    np.testing.assert_array_equal(dnp.vander(dt.Dual(x, np.ones(3)), 4).primal, np.vander(x, 4))
    np.testing.assert_array_equal(dnp.vander(dt.Dual(x, np.ones(3)), increasing=True).primal,
                                  np.vander(x, increasing=True))
    # d/dx of the columns x³, x², x, 1 is 3x², 2x, 1, 0: exact at 0 too
    t = dt.jvp(lambda x: dnp.vander(x, 4), (x,), (np.ones(3),))[1]
    np.testing.assert_array_equal(t, np.stack([3 * x ** 2, 2 * x, np.ones(3), np.zeros(3)], axis=1))


def test_block_assembles_values_and_numbers_as_numpy_does():
    a = np.array([[1.0, 2.0]])
    x = dt.Dual(a, np.ones((1, 2)))
    got = dnp.block([[x, np.zeros((1, 1))], [np.ones((1, 2)), 7.0]])
    np.testing.assert_array_equal(got.primal, np.block([[a, np.zeros((1, 1))], [np.ones((1, 2)), 7.0]]))
    np.testing.assert_array_equal(got.tangent, [[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])


def test_copy_keeps_the_derivative_and_is_not_a_view():
    assert dt.jvp(lambda x: dnp.copy(x) * 3.0, (1.0,), (1.0,)) == (3.0, 3.0)
    x = dt.Dual(np.ones(2), np.ones(2)) * 1.0
    c = np.copy(x)
    c[0] = 5.0
    assert x.primal[0] == 1.0
