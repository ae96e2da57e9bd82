"""Graph colouring for compressed Jacobians: column and row colourings.

A sparse m × n derivative matrix is computed in a few passes by giving
columns (or rows) colours: the columns of one colour are seeded together, and
each non-zero is read back from the compressed result.

* `column_colouring`: columns that share a row get different colours, so in
  ``B = J · S`` (S has one seed column per colour) row i's entry under colour
  c(j) is ``J[i, j]`` alone.  Forward mode, one tangent per colour.
* `row_colouring`: the same for rows (reverse mode, one cotangent per colour).

Symmetric matrices (Hessians) take the star colouring of
`dualtape.kernels.star_colouring`, built on the graph helpers here.

The colourings are greedy: vertices are coloured one at a time, each with the
smallest colour allowed, in a static order (`largest_first`, `smallest_last`,
natural) or, for Jacobians by default, Brélaz's dynamic order (`saturation`,
DSatur: next the vertex with the most distinct colours around it), which
finds the optimal 5 colours of a 5-point stencil where the static orders
take 7.  The colours allowed are kept as bit masks (Python integers), so each
vertex costs work proportional to its neighbours.  A column (row, vertex)
with no non-zero needs no pass and gets colour -1.
"""
import heapq

import numpy as np

ORDERS = ("saturation", "largest-first", "smallest-last", "natural")


def lowest_free(forbidden):
    """The smallest colour whose bit is not set in the bit mask `forbidden`.

    Example:
        >>> lowest_free(0b1011)           # colours 0, 1 and 3 are taken
        2
    """
    return (~forbidden & (forbidden + 1)).bit_length() - 1


def unique_counts(keys):
    """The distinct values of an integer array, sorted, and how often each occurs
    (by one sort: NumPy's hash-based ``unique`` is much slower on large arrays).

    Example:
        >>> [a.tolist() for a in unique_counts(np.array([5, 1, 5, 5]))]
        [[1, 5], [1, 3]]
    """
    keys = np.sort(np.asarray(keys).ravel())
    if keys.size == 0:
        return keys, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.diff(np.append(starts, keys.size))


def _lists(starts_of, keys, count):
    """CSR-style lists: for each of `count` owners, the keys with that owner."""
    order = np.argsort(starts_of, kind="stable")
    bounds = np.searchsorted(starts_of[order], np.arange(count + 1))
    flat = keys[order].tolist()
    return [flat[bounds[k]:bounds[k + 1]] for k in range(count)]


def adjacency(rows, cols, n):
    """Neighbour lists of the graph with an edge i–j for each off-diagonal (i, j).

    Example:
        >>> adjacency(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), 2)
        [[1], [0]]
    """
    rows = np.asarray(rows)
    cols = np.asarray(cols)
    off = rows != cols
    i = np.concatenate([rows[off], cols[off]])
    j = np.concatenate([cols[off], rows[off]])
    key = unique_counts(i * max(n, 1) + j)[0]
    return _lists(key // max(n, 1), key % max(n, 1), n)


def largest_first(degrees):
    """Vertices by decreasing degree (ties: by index): Welsh and Powell's order.

    Example:
        >>> largest_first(np.array([1, 3, 3, 2])).tolist()
        [1, 2, 3, 0]
    """
    return np.argsort(-np.asarray(degrees), kind="stable")


def smallest_last(neighbours):
    """Matula and Beck's degeneracy order: repeatedly set aside a vertex of
    smallest remaining degree; colour them in the reverse order.

    Example:
        >>> smallest_last([[1, 2, 3], [0], [0], [0]]).tolist()
        [3, 0, 2, 1]
    """
    degree = [len(a) for a in neighbours]
    heap = [(d, v) for v, d in enumerate(degree)]
    heapq.heapify(heap)
    removed = [False] * len(neighbours)
    order = []
    while heap:
        d, v = heapq.heappop(heap)
        if removed[v] or d != degree[v]:
            continue                      # a stale entry: v's degree dropped since
        removed[v] = True
        order.append(v)
        for u in neighbours[v]:
            if not removed[u]:
                degree[u] -= 1
                heapq.heappush(heap, (degree[u], u))
    return np.array(order[::-1], dtype=np.int64)


# The column intersection graph is built only while it has at most this many
# edges per non-zero (plus a little): a dense row alone would give n² of them.
# Past it, colouring goes row by row in largest-first order.
GRAPH_EDGES_PER_NONZERO = 32
GRAPH_EDGES_SPARE = 10_000


def intersection_graph(rows, cols, shape):
    """Neighbour lists of the column intersection graph (columns sharing a row
    are adjacent), or None when it would be too large (see `GRAPH_EDGES_PER_NONZERO`).

    Example:
        >>> intersection_graph(np.array([0, 0, 1]), np.array([0, 1, 2]), (2, 3))
        [[1], [0], []]
    """
    m, n = shape
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    length = np.bincount(rows, minlength=m)
    if int((length * length).sum()) > GRAPH_EDGES_PER_NONZERO * rows.size + GRAPH_EDGES_SPARE:
        return None
    start = np.concatenate([[0], np.cumsum(length)[:-1]])
    # every ordered pair of columns within each row
    counts = length[rows]
    first = np.repeat(cols, counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    second = cols[np.repeat(start[rows], counts) + within]
    keep = first != second
    key = unique_counts(first[keep] * max(n, 1) + second[keep])[0]
    return _lists(key // max(n, 1), key % max(n, 1), n)


def greedy(neighbours, order, present=None):
    """Distance-1 greedy colouring: each vertex in `order` takes the smallest
    colour none of its neighbours has; vertices not `present` get -1.

    Example:
        >>> greedy([[1], [0, 2], [1]], [1, 0, 2]).tolist()
        [1, 0, 1]
    """
    colours = [-1] * len(neighbours)
    for v in order:
        if present is not None and not present[v]:
            continue
        forbidden = 0
        for w in neighbours[v]:
            if colours[w] >= 0:
                forbidden |= 1 << colours[w]
        colours[v] = lowest_free(forbidden)
    return np.array(colours, dtype=np.int64)


def saturation(neighbours, present=None):
    """Brélaz's DSatur: greedy colouring that always colours next the vertex
    with the most distinct colours among its neighbours (ties: the larger
    degree, then the smaller index).

    Example:
        >>> saturation([[1, 2], [0, 2], [0, 1], []]).tolist()
        [0, 1, 2, 0]
    """
    n = len(neighbours)
    colours = [-1] * n
    seen = [0] * n                     # bit mask of the colours next to each vertex
    level = [0] * n                    # how many distinct colours that is
    heap = [(0, -len(neighbours[v]), v) for v in range(n)
            if present is None or present[v]]
    heapq.heapify(heap)
    while heap:
        minus_level, _, v = heapq.heappop(heap)
        if colours[v] >= 0 or -minus_level != level[v]:
            continue                   # coloured already, or a stale entry
        c = lowest_free(seen[v])
        colours[v] = c
        bit = 1 << c
        for u in neighbours[v]:
            if colours[u] < 0 and not seen[u] & bit:
                seen[u] |= bit
                level[u] += 1
                heapq.heappush(heap, (-level[u], -len(neighbours[u]), u))
    return np.array(colours, dtype=np.int64)


def column_colouring(rows, cols, shape, order="saturation"):
    """Colours for the columns of an m × n pattern such that no row holds two
    columns of one colour; -1 for an empty column.

    `order` is ``"saturation"`` (DSatur, the default: on a 5-point stencil it
    finds the optimal 5 colours where the static orders take 7),
    ``"largest-first"``, ``"smallest-last"`` or ``"natural"``.  When the column
    intersection graph would be too large (a dense row), the colouring runs
    row by row in largest-first order instead.

    Example:
        >>> rows, cols = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 2, 3])
        >>> column_colouring(rows, cols, (3, 4)).tolist()
        [1, 0, 1, 0]
    """
    if order not in ORDERS:
        raise ValueError(f"colouring: order must be one of {', '.join(map(repr, ORDERS))}, "
                         f"got {order!r}")
    n = shape[1]
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    present = np.zeros(n, dtype=bool)
    present[cols] = True
    graph = intersection_graph(rows, cols, shape) if order != "largest-first" else None
    if graph is not None:
        if order == "saturation":
            return saturation(graph, present)
        ordering = smallest_last(graph) if order == "smallest-last" else np.arange(n)
        return greedy(graph, ordering.tolist(), present)
    return _colour_by_rows(rows, cols, shape)


def _colour_by_rows(rows, cols, shape):
    """Largest-first column colouring that keeps, per row, the colours used in it."""
    m, n = shape
    rows_of_col = _lists(cols, rows, n)
    row_length = np.bincount(rows, minlength=m)
    # a column's degree in the column intersection graph, counted with repeats
    degrees = np.bincount(cols, weights=row_length[rows] - 1, minlength=n)
    colours = [-1] * n
    used = [0] * m                         # bit mask of the colours present in each row
    for j in largest_first(degrees).tolist():
        mine = rows_of_col[j]
        if not mine:
            continue
        forbidden = 0
        for r in mine:
            forbidden |= used[r]
        c = lowest_free(forbidden)
        colours[j] = c
        bit = 1 << c
        for r in mine:
            used[r] |= bit
    return np.array(colours, dtype=np.int64)


def row_colouring(rows, cols, shape, order="saturation"):
    """Colours for the rows such that no column holds two rows of one colour.

    Example:
        >>> row_colouring(np.array([0, 1, 2]), np.array([0, 0, 1]), (3, 2)).tolist()
        [0, 1, 0]
    """
    return column_colouring(cols, rows, (shape[1], shape[0]), order)
