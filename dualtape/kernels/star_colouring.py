"""Star colouring for compressed Hessians, and reading a symmetric matrix back.

For a symmetric matrix, `star_colouring` gives a distance-1 colouring in
which every path on four vertices uses at least three colours (every
two-coloured subgraph is a star).  Then each off-diagonal ``H[i, j]`` is read
directly from ``B = H · S``, at ``B[i, c(j)]`` or at ``B[j, c(i)]``
(`symmetric_sources`); a tridiagonal matrix takes 3 colours at any size and an
arrowhead matrix 2.  `is_star_colouring` checks the property directly.
"""
import numpy as np

from .colouring import adjacency, largest_first, lowest_free, smallest_last, unique_counts


def star_colouring(rows, cols, n, order="largest-first"):
    """A star colouring of the symmetric n × n pattern given by all its
    non-zeros (both triangles); -1 for a vertex with no non-zero at all.

    Vertex v may not take the colour of a neighbour w, nor a colour that would
    make a two-coloured path on four vertices:

    * through a coloured neighbour w: the colour of any coloured neighbour x of
      w that already has a second neighbour of w's colour (the path v-w-x-y);
    * through an uncoloured neighbour w: any colour next to w, so that w, once
      coloured, never sits between two vertices of one colour.

    ``between[w]`` keeps the first set as a bit mask, updated as colours are
    given (from how many neighbours of each colour every vertex has), so each
    vertex costs time proportional to its neighbours and their colours.

    Example:
        >>> i = np.arange(5)
        >>> rows = np.concatenate([i, i[:-1], i[1:]]); cols = np.concatenate([i, i[1:], i[:-1]])
        >>> star_colouring(rows, cols, 5).tolist()
        [2, 0, 1, 0, 2]
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    neighbours = adjacency(rows, cols, n)
    present = np.zeros(n, dtype=bool)
    present[rows] = True
    colours = [-1] * n
    counts = [{} for _ in range(n)]        # colour -> how many neighbours have it
    around = [0] * n                       # bit mask of the colours next to each vertex
    between = [0] * n                      # the colours v-w-x-y forbids for neighbours of w
    degrees = [len(a) for a in neighbours]
    if order == "largest-first":
        ordering = largest_first(degrees)
    elif order == "smallest-last":
        ordering = smallest_last(neighbours)
    elif order == "natural":
        ordering = np.arange(n)
    else:
        raise ValueError(f"star_colouring: order must be 'largest-first', 'smallest-last' or "
                         f"'natural', got {order!r}")
    for v in ordering.tolist():
        if not present[v]:
            continue
        forbidden = 0
        for w in neighbours[v]:
            cw = colours[w]
            if cw >= 0:
                forbidden |= (1 << cw) | between[w]
            else:
                forbidden |= around[w]
        c = lowest_free(forbidden)
        colours[v] = c
        bit = 1 << c
        # v now sits between its pairs of same-coloured neighbours
        for k, count in counts[v].items():
            if count >= 2:
                for z in neighbours[v]:
                    if colours[z] == k:
                        between[z] |= bit
        for u in neighbours[v]:
            count = counts[u].get(c, 0) + 1
            counts[u][c] = count
            around[u] |= bit
            cu = colours[u]
            if cu >= 0 and count >= 2:
                if count == 2:             # u just got its second neighbour of colour c
                    for z in neighbours[u]:
                        if colours[z] == c:
                            between[z] |= 1 << cu
                else:
                    between[v] |= 1 << cu
    return np.array(colours, dtype=np.int64)


def symmetric_sources(rows, cols, colours):
    """Where each non-zero of a star-coloured symmetric matrix is read in the
    compressed ``B = H · S``: ``H[rows[t], cols[t]] = B[src_rows[t], src_colours[t]]``.

    The diagonal H[i, i] is ``B[i, c(i)]``.  An off-diagonal pair (i, j) with
    i < j is read at ``B[i, c(j)]`` when j is i's only neighbour of colour c(j),
    else at ``B[j, c(i)]`` (a star colouring makes one of the two hold), and
    both H[i, j] and H[j, i] are read from that one place, so the recovered
    matrix is exactly symmetric.

    Example:
        >>> rows, cols = np.array([0, 0, 0, 1, 1, 2, 2]), np.array([0, 1, 2, 0, 1, 0, 2])
        >>> colours = np.array([0, 1, 1])          # an arrowhead: the hub 0, then 1 and 2
        >>> [a.tolist() for a in symmetric_sources(rows, cols, colours)]
        [[0, 1, 2, 1, 1, 2, 2], [0, 0, 0, 0, 1, 0, 1]]
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    colours = np.asarray(colours, dtype=np.int64)
    k = int(colours.max(initial=-1)) + 1
    off = rows != cols
    # how many neighbours of each colour every row has, keyed row * k + colour
    keys, counts = unique_counts(rows[off] * k + colours[cols[off]])

    def only_one(key):          # row * k + colour -> whether that row has exactly one such neighbour
        if keys.size == 0:
            return np.zeros(np.shape(key), dtype=bool)
        at = np.minimum(np.searchsorted(keys, key), keys.size - 1)
        return (keys[at] == key) & (counts[at] == 1)
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    alone = np.ones(rows.size, dtype=bool)
    alone[off] = only_one(low[off] * k + colours[high[off]])
    if not only_one(high[~alone] * k + colours[low[~alone]]).all():
        raise ValueError("symmetric_sources: the colouring is not a star colouring of this "
                         "pattern, so some entries cannot be read back directly")
    src_rows = np.where(alone, low, high)
    src_colours = np.where(alone, colours[high], colours[low])
    return src_rows, src_colours


def is_star_colouring(rows, cols, colours):
    """Whether `colours` is a star colouring of the symmetric pattern: adjacent
    vertices differ, and no path on four vertices uses only two colours.

    Example:
        >>> rows, cols = np.array([0, 1, 1, 2, 2, 3]), np.array([1, 0, 2, 1, 3, 2])
        >>> is_star_colouring(rows, cols, np.array([0, 1, 0, 2]))
        True
        >>> is_star_colouring(rows, cols, np.array([0, 1, 0, 1]))     # 0-1-2-3 uses two colours
        False
    """
    colours = np.asarray(colours)
    n = colours.size
    neighbours = adjacency(rows, cols, n)
    for v in range(n):
        for w in neighbours[v]:
            if colours[v] == colours[w]:
                return False
            for x in neighbours[w]:
                if x == v or colours[x] != colours[v]:
                    continue
                if any(y != w and colours[y] == colours[w] for y in neighbours[x]):
                    return False
    return True
