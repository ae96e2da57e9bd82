"""The colouring kernels: every colouring is valid on random patterns, the
compressed products they define give back every entry, and the classic
structures take their known numbers of colours."""
import numpy as np
import pytest

from dualtape.kernels import colouring as col, star_colouring as star


def random_pattern(rng, m, n, density):
    dense = rng.random((m, n)) < density
    rows, cols = np.nonzero(dense)
    return rows, cols


def random_symmetric(rng, n, density):
    upper = np.triu(rng.random((n, n)) < density)
    dense = upper | upper.T
    rows, cols = np.nonzero(dense)
    return rows, cols


def tridiagonal(n):
    i = np.arange(n)
    return np.concatenate([i, i[:-1], i[1:]]), np.concatenate([i, i[1:], i[:-1]])


def arrowhead(n):
    i = np.arange(n)
    hub = np.zeros(n - 1, dtype=int)
    return np.concatenate([i, hub, i[1:]]), np.concatenate([i, i[1:], hub])


def five_point(N):
    """The 5-point stencil on an N × N grid: element (a, b) reads its four neighbours."""
    idx = np.arange(N * N).reshape(N, N)
    rows, cols = [idx.ravel()], [idx.ravel()]
    for shift in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        a, b = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")
        a2, b2 = a + shift[0], b + shift[1]
        inside = (a2 >= 0) & (a2 < N) & (b2 >= 0) & (b2 < N)
        rows.append(idx[a[inside], b[inside]])
        cols.append(idx[a2[inside], b2[inside]])
    return np.concatenate(rows), np.concatenate(cols)


def no_row_repeats_a_colour(rows, cols, colours):
    keys = rows * (colours.max() + 1) + colours[cols]
    return np.unique(keys).size == keys.size


@pytest.mark.parametrize("order", col.ORDERS)
@pytest.mark.parametrize("seed", range(5))
def test_column_colouring_never_puts_two_columns_of_one_row_in_one_colour(order, seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(1, 30, size=2)
    rows, cols = random_pattern(rng, m, n, 0.2)
    colours = col.column_colouring(rows, cols, (m, n), order)
    assert colours.shape == (n,)
    assert no_row_repeats_a_colour(rows, cols, colours)
    empty = np.setdiff1d(np.arange(n), cols)
    assert (colours[empty] == -1).all() and (colours[np.unique(cols)] >= 0).all()


@pytest.mark.parametrize("seed", range(5))
def test_compressed_forward_and_reverse_products_give_back_every_entry(seed):
    rng = np.random.default_rng(seed)
    m, n = 12, 9
    rows, cols = random_pattern(rng, m, n, 0.25)
    J = np.zeros((m, n))
    J[rows, cols] = rng.standard_normal(rows.size)
    c = col.column_colouring(rows, cols, (m, n))
    S = np.zeros((n, c.max() + 1))
    S[np.flatnonzero(c >= 0), c[c >= 0]] = 1.0
    B = J @ S                                   # one column per colour
    assert np.array_equal(B[rows, c[cols]], J[rows, cols])
    r = col.row_colouring(rows, cols, (m, n))
    W = np.zeros((m, r.max() + 1))
    W[np.flatnonzero(r >= 0), r[r >= 0]] = 1.0
    C = W.T @ J                                 # one row per colour
    assert np.array_equal(C[r[rows], cols], J[rows, cols])


@pytest.mark.parametrize("order", ["largest-first", "smallest-last", "natural"])
@pytest.mark.parametrize("seed", range(8))
def test_star_colouring_is_a_star_colouring_and_recovers_a_symmetric_matrix(order, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 25))
    rows, cols = random_symmetric(rng, n, 0.2)
    colours = star.star_colouring(rows, cols, n, order)
    assert star.is_star_colouring(rows, cols, colours)
    values = rng.standard_normal((n, n))
    H = np.zeros((n, n))
    H[rows, cols] = (values + values.T)[rows, cols]
    k = colours.max() + 1
    S = np.zeros((n, k))
    S[np.flatnonzero(colours >= 0), colours[colours >= 0]] = 1.0
    B = H @ S
    src_rows, src_colours = star.symmetric_sources(rows, cols, colours)
    assert np.array_equal(B[src_rows, src_colours], H[rows, cols])


def test_a_proper_colouring_that_is_not_a_star_colouring_is_refused_by_the_recovery():
    rows, cols = tridiagonal(4)
    two = np.array([0, 1, 0, 1])                # proper, but 0-1-2-3 is a two-coloured path
    assert not star.is_star_colouring(rows, cols, two)
    with pytest.raises(ValueError, match="not a star colouring"):
        star.symmetric_sources(rows, cols, two)


@pytest.mark.parametrize("n", [4, 10, 1000])
def test_a_tridiagonal_matrix_takes_three_colours_at_any_size(n):
    rows, cols = tridiagonal(n)
    assert star.star_colouring(rows, cols, n).max() + 1 == 3
    assert col.column_colouring(rows, cols, (n, n)).max() + 1 == 3


def test_a_path_of_three_is_a_star_and_takes_two_colours():
    rows, cols = tridiagonal(3)
    assert star.star_colouring(rows, cols, 3).tolist() == [1, 0, 1]      # the middle is the hub


@pytest.mark.parametrize("order", ["largest-first", "smallest-last", "natural"])
def test_an_arrowhead_matrix_takes_two_star_colours_but_n_column_colours(order):
    n = 200
    rows, cols = arrowhead(n)
    colours = star.star_colouring(rows, cols, n, order)
    assert colours.max() + 1 == 2 and star.is_star_colouring(rows, cols, colours)
    assert col.column_colouring(rows, cols, (n, n)).max() + 1 == n     # the dense row


def test_saturation_finds_the_five_colours_of_the_five_point_stencil():
    rows, cols = five_point(30)
    n = 900
    best = col.column_colouring(rows, cols, (n, n))
    assert best.max() + 1 == 5 and no_row_repeats_a_colour(rows, cols, best)
    # the static orders are valid but take more
    lf = col.column_colouring(rows, cols, (n, n), "largest-first")
    assert no_row_repeats_a_colour(rows, cols, lf) and lf.max() + 1 > 5


def test_a_dense_row_does_not_build_the_quadratic_intersection_graph():
    n = 3000
    rows, cols = arrowhead(n)
    assert col.intersection_graph(rows, cols, (n, n)) is None
    colours = col.column_colouring(rows, cols, (n, n))       # falls back to row by row
    assert colours.max() + 1 == n and no_row_repeats_a_colour(rows, cols, colours)


def test_smallest_last_order_is_a_degeneracy_order():
    # removing vertices in the reverse of the order, each has the fewest remaining neighbours
    rng = np.random.default_rng(3)
    rows, cols = random_symmetric(rng, 30, 0.15)
    neighbours = col.adjacency(rows, cols, 30)
    order = col.smallest_last(neighbours).tolist()
    remaining = set(range(30))
    for v in reversed(order):
        degree = {u: len(remaining.intersection(neighbours[u])) for u in remaining}
        assert degree[v] == min(degree.values())
        remaining.remove(v)


def test_an_unknown_order_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="saturation"):
        col.column_colouring(np.array([0]), np.array([0]), (1, 1), order="random")
    with pytest.raises(ValueError, match="largest-first"):
        star.star_colouring(np.array([0]), np.array([0]), 1, order="saturation")
