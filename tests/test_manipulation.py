"""Array manipulation: every function's values against NumPy's own function, its
Jacobian forward vs reverse vs finite differences, and closed forms for the
adjoints that accumulate (padding folded back, repeated indices, sort)."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import numeric_jacobian, assert_derivatives_match

rng = np.random.default_rng(11)


def randn(*s):
    return rng.standard_normal(s)


def check(ours, theirs, *args):
    """Same values as NumPy's function, and derivatives that agree in every mode."""
    np.testing.assert_allclose(ours(*args), theirs(*args), rtol=1e-14, atol=1e-15)
    assert np.shape(ours(*args)) == np.shape(theirs(*args))
    assert_derivatives_match(ours, *args)


def weighted(pieces, axis=0):
    """Join split pieces, each scaled differently, so a mix-up would show."""
    return dnp.concatenate([p * (k + 1.0) for k, p in enumerate(pieces)], axis=axis)


# --- atleast_nd, stacking ---------------------------------------------------------------------

@pytest.mark.parametrize("fn", ["atleast_1d", "atleast_2d", "atleast_3d"])
@pytest.mark.parametrize("s", [(), (3,), (2, 3), (2, 1, 3)])
def test_atleast_nd_shapes_and_values_match_numpy(fn, s):
    x = randn(*s)
    ours, theirs = getattr(dnp, fn), getattr(np, fn)
    np.testing.assert_array_equal(ours(x), theirs(x))
    assert np.shape(ours(x)) == theirs(x).shape
    if s:
        assert_derivatives_match(ours, x)


def test_atleast_nd_with_several_arrays_returns_a_tuple():
    res = dnp.atleast_2d(1.0, np.ones(3))
    assert isinstance(res, tuple) and [r.shape for r in res] == [(1, 1), (1, 3)]


@pytest.mark.parametrize("fn", ["hstack", "vstack", "dstack", "column_stack"])
@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (2, 3)), ((2, 1, 3), (2, 1, 3))])
def test_stacking_values_and_derivatives(fn, sa, sb):
    if fn == "column_stack" and len(sa) == 3:
        sa, sb = (2, 3), (2, 1)
    ours, theirs = getattr(dnp, fn), getattr(np, fn)
    check(lambda a, b: ours([a, b]), lambda a, b: theirs([a, b]), randn(*sa), randn(*sb))


# --- splitting ----------------------------------------------------------------------------------

SPLIT_CASES = [
    ("split", (6,), 3, 0),
    ("split", (4, 6), [1, 1, 4], -1),
    ("split", (5,), [0, 0, 5, 7], 0),
    ("split", (5, 2), [-2], 0),
    ("array_split", (7,), 3, 0),
    ("array_split", (2, 3), 5, 1),
    ("array_split", (4, 3), [3, 1], 0),
]


@pytest.mark.parametrize("fn,s,ios,axis", SPLIT_CASES)
def test_split_pieces_match_numpy_including_empty_ones(fn, s, ios, axis):
    x = randn(*s)
    ours = getattr(dnp, fn)(x, ios, axis)
    theirs = getattr(np, fn)(x, ios, axis)
    assert len(ours) == len(theirs)
    for p, q in zip(ours, theirs):
        assert p.shape == q.shape
        np.testing.assert_array_equal(p, q)
    assert_derivatives_match(lambda y: weighted(getattr(dnp, fn)(y, ios, axis), axis), x)


def test_hsplit_and_vsplit_match_numpy():
    x = randn(4, 6)
    for ours, theirs, ios in ((dnp.hsplit, np.hsplit, 3), (dnp.vsplit, np.vsplit, [1, 3]),
                              (dnp.hsplit, np.hsplit, [2, 2])):
        for p, q in zip(ours(x, ios), theirs(x, ios)):
            np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(dnp.hsplit(np.arange(4.0), 2)[1], [2.0, 3.0])
    assert_derivatives_match(lambda y: weighted(dnp.hsplit(y, 3), axis=1), x)
    assert_derivatives_match(lambda y: weighted(dnp.vsplit(y, [1, 3])), x)


def test_gradient_through_one_piece_reaches_only_its_slice():
    g = dt.gradient(lambda x: dnp.split(x, [2, 3])[1].sum() * 5.0)(np.ones(5))
    np.testing.assert_array_equal(g, [0.0, 0.0, 5.0, 0.0, 0.0])


def test_split_that_does_not_divide_evenly_raises():
    with pytest.raises(ValueError, match="equal division"):
        dnp.split(np.ones(5), 2)
    with pytest.raises(ValueError, match="2 or more"):
        dnp.vsplit(np.ones(4), 2)


# --- tile, repeat -----------------------------------------------------------------------------

@pytest.mark.parametrize("s,reps", [((3,), 2), ((2, 3), (2, 1)), ((3,), (2, 1, 2)),
                                    ((2, 1, 3), (2,)), ((2, 3), (0, 2))])
def test_tile_values_and_derivatives(s, reps):
    check(lambda x: dnp.tile(x, reps), lambda x: np.tile(x, reps), randn(*s))


@pytest.mark.parametrize("s,reps,axis", [((2, 3), 2, None), ((2, 3), [1, 0, 3], 1),
                                         ((3, 2), [2, 1, 1], -2), ((4,), 3, 0)])
def test_repeat_values_and_derivatives(s, reps, axis):
    check(lambda x: dnp.repeat(x, reps, axis), lambda x: np.repeat(x, reps, axis), randn(*s))


def test_repeat_gradient_counts_the_copies():
    g = dt.gradient(lambda x: dnp.repeat(x, [2, 0, 3], axis=0).sum())(np.ones((3, 2)))
    np.testing.assert_array_equal(g, [[2.0, 2.0], [0.0, 0.0], [3.0, 3.0]])


# --- flip, roll, rot90 ---------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
def test_flip_values_and_derivatives(axis):
    check(lambda x: dnp.flip(x, axis), lambda x: np.flip(x, axis), randn(2, 3, 2))


def test_fliplr_and_flipud_match_numpy():
    x = randn(3, 2)
    check(dnp.fliplr, np.fliplr, x)
    check(dnp.flipud, np.flipud, x)
    with pytest.raises(ValueError, match="2-d"):
        dnp.fliplr(np.ones(3))


@pytest.mark.parametrize("shift,axis", [(1, None), (-7, None), (2, 1), (5, -1), ((1, -2), (0, 1)),
                                        ((1, 2), (1, 1)), (0, 0)])
def test_roll_values_and_derivatives(shift, axis):
    check(lambda x: dnp.roll(x, shift, axis), lambda x: np.roll(x, shift, axis), randn(3, 4))


@pytest.mark.parametrize("k,axes", [(1, (0, 1)), (2, (0, 1)), (3, (0, 1)), (-1, (0, 1)), (0, (0, 1)),
                                    (5, (1, 2)), (1, (2, 0)), (3, (-1, -2))])
def test_rot90_values_and_derivatives(k, axes):
    check(lambda x: dnp.rot90(x, k, axes), lambda x: np.rot90(x, k, axes), randn(2, 3, 4))


# --- pad ------------------------------------------------------------------------------------------

PAD_CASES = [
    ((4,), (2, 3), dict(mode="constant")),
    ((2, 3), ((1, 0), (2, 1)), dict(mode="constant", constant_values=1.5)),
    ((2, 3), 1, dict(mode="constant", constant_values=((1.0, 2.0), (3.0, 4.0)))),
    ((4,), (2, 3), dict(mode="edge")),
    ((2, 3), ((0, 2), (3, 1)), dict(mode="edge")),
    ((4,), (2, 3), dict(mode="reflect")),
    ((3,), (7, 5), dict(mode="reflect")),
    ((1, 3), ((2, 2), (4, 6)), dict(mode="reflect")),
    ((3,), (7, 5), dict(mode="symmetric")),
    ((2, 3), ((3, 1), (4, 5)), dict(mode="wrap")),
]


@pytest.mark.parametrize("s,width,kw", PAD_CASES)
def test_pad_values_and_derivatives(s, width, kw):
    check(lambda x: dnp.pad(x, width, **kw), lambda x: np.pad(x, width, **kw), randn(*s))


def test_pad_adjoint_folds_the_padding_back():
    # reflect (2, 3) on [x0..x3] gives x2 x1 | x0 x1 x2 x3 | x2 x1 x0: copies 2, 3, 3, 1
    g = dt.gradient(lambda x: dnp.pad(x, (2, 3), mode="reflect").sum())(np.ones(4))
    np.testing.assert_array_equal(g, [2.0, 3.0, 3.0, 1.0])
    g = dt.gradient(lambda x: dnp.pad(x, (2, 1), mode="edge").sum())(np.ones(3))
    np.testing.assert_array_equal(g, [3.0, 1.0, 2.0])


def test_pad_is_differentiable_in_a_scalar_constant():
    # d/dc sum(pad(x, 1, constant c)) = number of padded cells = 4*5 - 2*3 = 14
    x = randn(2, 3)
    np.testing.assert_allclose(dnp.pad(x, 1, constant_values=2.0),
                               np.pad(x, 1, constant_values=2.0), rtol=1e-15)
    assert dt.gradient(lambda c: dnp.pad(x, 1, constant_values=c).sum())(2.0) == 14.0


def test_pad_rejects_unknown_modes():
    with pytest.raises(ValueError, match="not supported"):
        dnp.pad(np.ones(3), 1, mode="median")


# --- diag, diagonal, triu, tril ---------------------------------------------------------------------

@pytest.mark.parametrize("s,k", [((3,), 0), ((3,), 2), ((2,), -1), ((3, 3), 0), ((3, 4), 1),
                                 ((4, 3), -2), ((2, 3), 5)])
def test_diag_both_directions_values_and_derivatives(s, k):
    check(lambda v: dnp.diag(v, k), lambda v: np.diag(v, k), randn(*s))


def test_diag_rejects_three_dimensional_input():
    with pytest.raises(ValueError, match="1- or 2-d"):
        dnp.diag(np.ones((2, 2, 2)))


@pytest.mark.parametrize("s,offset,a1,a2", [((3, 3), 0, 0, 1), ((3, 4), -1, 0, 1), ((2, 3, 4), 1, 1, 2),
                                            ((2, 3, 4), -1, -1, 0), ((3, 2), 4, 0, 1), ((3, 4), 2, 1, 0)])
def test_diagonal_values_and_derivatives(s, offset, a1, a2):
    check(lambda x: dnp.diagonal(x, offset, a1, a2), lambda x: np.diagonal(x, offset, a1, a2), randn(*s))


@pytest.mark.parametrize("fn", ["triu", "tril"])
@pytest.mark.parametrize("s,k", [((3, 3), 0), ((3, 4), -1), ((4, 3), 2), ((2, 3, 3), 1), ((3,), 0)])
def test_triangles_values_and_derivatives(fn, s, k):
    check(lambda x: getattr(dnp, fn)(x, k), lambda x: getattr(np, fn)(x, k), randn(*s))


# --- take, take_along_axis, sort, arg* ------------------------------------------------------------

TAKE_CASES = [
    ((2, 3), [5, 0, 5], None, "raise"),
    ((3, 4), [1, 1, -1], 1, "raise"),
    ((3, 4), [[0, 2], [2, 2]], -2, "raise"),
    ((3, 4), 2, 0, "raise"),
    ((3, 4), [7, -5], 1, "wrap"),
    ((3, 4), [7, -5], 1, "clip"),
]


@pytest.mark.parametrize("s,idx,axis,mode", TAKE_CASES)
def test_take_values_and_derivatives(s, idx, axis, mode):
    check(lambda x: dnp.take(x, idx, axis, mode=mode), lambda x: np.take(x, idx, axis, mode=mode),
          randn(*s))


def test_take_repeated_indices_accumulate():
    g = dt.gradient(lambda x: dnp.take(x, [[0, 2], [2, 2]], axis=1).sum())(np.ones((2, 3)))
    # column 0 is taken once, column 2 three times
    np.testing.assert_array_equal(g, [[1.0, 0.0, 3.0], [1.0, 0.0, 3.0]])


@pytest.mark.parametrize("s,axis", [((3, 4), 1), ((3, 4), 0), ((2, 3, 2), -2), ((5,), None)])
def test_take_along_axis_with_argsort_values_and_derivatives(s, axis):
    x = randn(*s)
    idx = np.argsort(x, axis=axis)
    check(lambda y: dnp.take_along_axis(y, idx, axis), lambda y: np.take_along_axis(y, idx, axis), x)


def test_take_along_axis_broadcasts_the_index_like_numpy():
    x = randn(3, 4)
    idx = np.array([[3, 0, 0]])
    check(lambda y: dnp.take_along_axis(y, idx, 1), lambda y: np.take_along_axis(y, idx, 1), x)


@pytest.mark.parametrize("s,axis", [((5,), -1), ((3, 4), 0), ((3, 4), -1), ((2, 3, 2), 1), ((3, 2), None)])
def test_sort_values_and_derivatives(s, axis):
    check(lambda x: dnp.sort(x, axis), lambda x: np.sort(x, axis), randn(*s))


def test_sort_derivative_follows_the_permutation():
    x = np.array([3.0, -1.0, 2.0, 0.5])
    # sorted = x[1], x[3], x[2], x[0]; d sorted[k] / d x = unit vector at the permutation
    jac = dt.jacobian(dnp.sort, mode="forward")(x)
    np.testing.assert_array_equal(jac, np.eye(4)[[1, 3, 2, 0]])
    np.testing.assert_array_equal(dt.jacobian(dnp.sort, mode="reverse")(x), jac)


@pytest.mark.parametrize("fn,kw", [("argsort", dict(axis=0)), ("argmax", dict(axis=1)),
                                   ("argmin", {}), ("argmax", dict(axis=0, keepdims=True))])
def test_arg_functions_return_plain_integers_on_boxes(fn, kw):
    x = randn(3, 4)
    out = getattr(dnp, fn)(dt.Dual(x, np.ones_like(x)), **kw)
    assert not isinstance(out, dt.Dual)
    np.testing.assert_array_equal(out, getattr(np, fn)(x, **kw))
    seen = []
    dt.gradient(lambda y: seen.append(getattr(np, fn)(y, **kw)) or y.sum())(x)
    np.testing.assert_array_equal(seen[0], getattr(np, fn)(x, **kw))


# --- diff, append, linspace -------------------------------------------------------------------------

@pytest.mark.parametrize("n,axis,kw", [(1, -1, {}), (2, 0, {}), (3, 1, {}), (0, 0, {}),
                                       (1, 1, dict(prepend=0.5)), (2, 0, dict(append=np.ones((2, 5)))),
                                       (1, -1, dict(prepend=np.zeros((4, 1)), append=2.0))])
def test_diff_values_and_derivatives(n, axis, kw):
    check(lambda x: dnp.diff(x, n, axis, **kw), lambda x: np.diff(x, n, axis, **kw), randn(4, 5))


def test_diff_of_cubes_twice_matches_closed_form():
    # second difference of t^3 on t = 0..4 is 6 t + 6 at t = 0..2; derivative in x[k]
    # of sum(diff(x, 2)) is the boundary pattern [1, -1, 0, -1, 1]
    t = np.arange(5.0)
    np.testing.assert_allclose(dnp.diff(t ** 3, 2), 6 * t[:3] + 6, rtol=1e-15)
    np.testing.assert_array_equal(dt.gradient(lambda x: dnp.diff(x, 2).sum())(t), [1, -1, 0, -1, 1])


@pytest.mark.parametrize("sa,sb,axis", [((2, 3), (4,), None), ((2, 3), (1, 3), 0), ((2, 3), (2, 2), -1)])
def test_append_values_and_derivatives(sa, sb, axis):
    check(lambda a, b: dnp.append(a, b, axis), lambda a, b: np.append(a, b, axis), randn(*sa), randn(*sb))


LINSPACE_CASES = [
    (dict(num=5), (), ()),
    (dict(num=4, endpoint=False), (), ()),
    (dict(num=1), (), ()),
    (dict(num=3), (2,), (2,)),
    (dict(num=4, axis=-1), (2, 1), (3,)),
    (dict(num=3, axis=1), (), (2,)),
]


@pytest.mark.parametrize("kw,s0,s1", LINSPACE_CASES)
def test_linspace_values_and_derivatives_in_both_endpoints(kw, s0, s1):
    a = float(randn()) if s0 == () else randn(*s0)
    b = float(randn()) if s1 == () else randn(*s1) + 3.0
    np.testing.assert_allclose(dnp.linspace(a, b, **kw), np.linspace(a, b, **kw), rtol=1e-14, atol=1e-15)
    if s0 and s1:
        assert_derivatives_match(lambda x, y: dnp.linspace(x, y, **kw), a, b)
    elif s1:
        assert_derivatives_match(lambda y: dnp.linspace(a, y, **kw), b)


def test_linspace_endpoint_derivatives_are_the_interpolation_weights():
    # linspace(a, b, 5)[i] = a + (b - a) i / 4: d/da = 1 - i/4, d/db = i/4
    w = np.arange(5) / 4
    np.testing.assert_allclose(dt.jacobian(lambda a: dnp.linspace(a, 2.0, 5))(0.5), 1 - w, rtol=1e-15)
    np.testing.assert_allclose(dt.jacobian(lambda b: dnp.linspace(0.5, b, 5), mode="forward")(2.0),
                               w, rtol=1e-15)
    y, step = dnp.linspace(0.0, 1.0, 5, retstep=True)
    assert step == 0.25 and y[-1] == 1.0


def test_linspace_with_zero_samples_is_empty():
    assert dnp.linspace(0.0, 1.0, 0).shape == np.linspace(0.0, 1.0, 0).shape == (0,)


# --- plain NumPy calls on boxes ---------------------------------------------------------------------

def test_plain_numpy_manipulation_calls_on_boxes_differentiate():
    x = randn(4, 3)

    def f(y):
        top, bottom = np.split(y, 2)
        z = np.vstack([np.flip(bottom, 0), np.roll(top, 1, axis=1)])
        # the edge padding is cut off again, so f equals f_np below
        return np.sum(np.pad(np.tril(z), ((0, 0), (1, 1)), mode="edge")[:, 1:-1] * np.sort(y, axis=0))

    def f_np(y):
        top, bottom = np.split(y, 2)
        z = np.vstack([np.flip(bottom, 0), np.roll(top, 1, axis=1)])
        return np.sum(np.tril(z) * np.sort(y, axis=0))

    assert dt.gradient(f)(x).shape == x.shape
    np.testing.assert_allclose(f(x), f_np(x), rtol=1e-14)
    assert_derivatives_match(f, x)


def test_hessian_through_compositions_agrees_across_modes_and_finite_differences():
    # A program mixing gathers (sort, reflect pad, take, tile), diagonals and
    # products: forward-over-reverse = reverse-over-reverse = FD of the gradient.
    def g(x):
        return (dnp.sum(dnp.sort(dnp.pad(x, 2, mode="reflect"), axis=0) ** 3)
                * dnp.sum(dnp.diag(dnp.diagonal(x)) ** 2)
                + dnp.sum(dnp.take(dnp.tile(x, (2, 1)), [0, 0, 4], axis=0) ** 2
                          * dnp.linspace(x[0], x[1], 3)))
    x = randn(3, 3)
    grad = dt.gradient(g)
    h_fr = dt.jacobian(grad, mode="forward")(x)
    h_rr = dt.jacobian(grad, mode="reverse")(x)
    np.testing.assert_allclose(h_fr, h_rr, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h_fr, numeric_jacobian(lambda y: np.asarray(grad(y)), x),
                               rtol=1e-6, atol=1e-6)
