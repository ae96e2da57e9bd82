"""Index sets: one set of integer keys per element of a value, stored like the
rows of a compressed sparse row (CSR) matrix.

A traced value of m elements carries, for each element, the sorted keys of the
inputs it depends on (keys in ``[0, n)``) or, for Hessians, of the input pairs
that interact in it (key ``i * n + j`` with i <= j, in ``[0, n²)``).  Row r is
``indices[indptr[r]:indptr[r + 1]]``.  Every operation is a handful of
vectorised NumPy calls whose cost is linear in the number of keys moved, plus
one sort where rows are merged, so detection costs about O(nnz log nnz).

Sets are never changed in place: an operation that leaves a value's sets as
they are (an elementwise function of one array) hands back the same object.
"""
import numpy as np

INDEX = np.int64

# Keys of up to this size still leave room for ``row * width + key`` in an int64.
_COMPOSITE_LIMIT = 1 << 62


def distinct(keys):
    """The distinct values of an integer array, sorted (by one sort: NumPy's
    hash-based ``unique`` is many times slower on large arrays).

    Example:
        >>> distinct(np.array([3, 1, 3])).tolist()
        [1, 3]
    """
    keys = np.sort(np.asarray(keys, dtype=INDEX).ravel())
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys


def ragged_arange(starts, lengths):
    """The concatenation of ``arange(s, s + l)`` for each start s and length l.

    Example:
        >>> ragged_arange(np.array([5, 0, 2]), np.array([2, 0, 3]))
        array([5, 6, 2, 3, 4])
    """
    lengths = np.asarray(lengths, dtype=INDEX)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=INDEX)
    before = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=INDEX) + np.repeat(np.asarray(starts, dtype=INDEX) - before, lengths)


class IndexSets:
    """One sorted set of keys in ``[0, width)`` per row (element).

    Example:
        >>> s = IndexSets.from_entries(np.array([0, 0, 2, 0]), np.array([3, 1, 1, 3]), 3, 4)
        >>> s.row(0), s.row(1), s.row(2)
        (array([1, 3]), array([], dtype=int64), array([1]))
    """

    __slots__ = ("indptr", "indices", "width")

    def __init__(self, indptr, indices, width):
        self.indptr = indptr
        self.indices = indices
        self.width = int(width)

    # --- making sets ---------------------------------------------------------------------
    @classmethod
    def empty(cls, m, width):
        """m empty sets.

        Example:
            >>> IndexSets.empty(3, 10).nnz
            0
        """
        return cls(np.zeros(m + 1, dtype=INDEX), np.zeros(0, dtype=INDEX), width)

    @classmethod
    def singletons(cls, keys, width):
        """Row r holds ``keys[r]`` alone: the seed of an input, one key per element.

        Example:
            >>> IndexSets.singletons(np.array([4, 5]), 6).row(1)
            array([5])
        """
        keys = np.asarray(keys, dtype=INDEX).ravel()
        return cls(np.arange(keys.size + 1, dtype=INDEX), keys, width)

    @classmethod
    def repeated(cls, keys, m, width):
        """m rows, each holding the same sorted, unique `keys`.

        Example:
            >>> IndexSets.repeated(np.array([1, 4]), 2, 5).row(1)
            array([1, 4])
        """
        keys = np.asarray(keys, dtype=INDEX)
        return cls(np.arange(m + 1, dtype=INDEX) * keys.size, np.tile(keys, m), width)

    @classmethod
    def from_entries(cls, rows, keys, m, width):
        """The sets holding key ``keys[t]`` in row ``rows[t]`` for every t
        (in any order, with repeats), sorted and deduplicated.

        Example:
            >>> IndexSets.from_entries(np.array([1, 1]), np.array([2, 2]), 2, 3).row(1)
            array([2])
        """
        rows = np.asarray(rows, dtype=INDEX)
        keys = np.asarray(keys, dtype=INDEX)
        if rows.size == 0:
            return cls.empty(m, width)
        if m * max(width, 1) < _COMPOSITE_LIMIT:
            composite = distinct(rows * width + keys)
            rows, keys = composite // width, composite % width
        else:                              # too wide for one int64 key: sort by both
            order = np.lexsort((keys, rows))
            rows, keys = rows[order], keys[order]
            fresh = np.ones(rows.size, dtype=bool)
            fresh[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
            rows, keys = rows[fresh], keys[fresh]
        indptr = np.zeros(m + 1, dtype=INDEX)
        np.cumsum(np.bincount(rows, minlength=m), out=indptr[1:])
        return cls(indptr, keys, width)

    # --- reading ---------------------------------------------------------------------------
    @property
    def nrows(self):
        """How many sets (elements) there are."""
        return self.indptr.size - 1

    @property
    def nnz(self):
        """How many keys all the sets hold together."""
        return int(self.indices.size)

    def lengths(self):
        """The size of every set.

        Example:
            >>> IndexSets.repeated(np.array([1, 4]), 3, 5).lengths()
            array([2, 2, 2])
        """
        return np.diff(self.indptr)

    def row(self, r):
        """The keys of set r, sorted.

        Example:
            >>> IndexSets.repeated(np.array([1, 4]), 2, 5).row(0)
            array([1, 4])
        """
        return self.indices[self.indptr[r]:self.indptr[r + 1]]

    def entries(self):
        """(row of each key, keys): the sets as coordinate lists.

        Example:
            >>> IndexSets.repeated(np.array([1, 4]), 2, 5).entries()
            (array([0, 0, 1, 1]), array([1, 4, 1, 4]))
        """
        return np.repeat(np.arange(self.nrows, dtype=INDEX), self.lengths()), self.indices

    def all_keys(self):
        """Every key of every row, once, sorted.

        Example:
            >>> IndexSets.from_entries(np.array([0, 1]), np.array([3, 1]), 2, 4).all_keys()
            array([1, 3])
        """
        return distinct(self.indices)

    # --- moving rows -----------------------------------------------------------------------
    def take(self, rows):
        """New sets whose row r is this row ``rows[r]`` (empty where ``rows[r] < 0``).

        Example:
            >>> s = IndexSets.singletons(np.array([7, 8]), 9)
            >>> t = s.take(np.array([1, -1, 1]))
            >>> t.row(0), t.row(1), t.row(2)
            (array([8]), array([], dtype=int64), array([8]))
        """
        rows = np.asarray(rows, dtype=INDEX)
        valid = rows >= 0
        safe = np.where(valid, rows, 0)
        lengths = np.where(valid, self.lengths()[safe], 0)
        indptr = np.zeros(rows.size + 1, dtype=INDEX)
        np.cumsum(lengths, out=indptr[1:])
        return IndexSets(indptr, self.indices[ragged_arange(self.indptr[safe], lengths)], self.width)

    def gathered(self, out_rows, in_rows):
        """(rows, keys) entries putting this row ``in_rows[t]`` into row ``out_rows[t]``.

        Example:
            >>> s = IndexSets.singletons(np.array([7, 8]), 9)
            >>> s.gathered(np.array([0, 0]), np.array([0, 1]))
            (array([0, 0]), array([7, 8]))
        """
        in_rows = np.asarray(in_rows, dtype=INDEX)
        lengths = self.lengths()[in_rows]
        keys = self.indices[ragged_arange(self.indptr[in_rows], lengths)]
        return np.repeat(np.asarray(out_rows, dtype=INDEX), lengths), keys


def pair_entries(left, left_rows, right, right_rows, out_rows, n):
    """Symmetric pair keys ``min(i, j) * n + max(i, j)`` for every i in
    ``left.row(left_rows[t])`` and j in ``right.row(right_rows[t])``, as
    (out row, key) entries for row ``out_rows[t]``.

    Example:
        >>> s = IndexSets.from_entries(np.array([0, 0]), np.array([0, 2]), 1, 3)
        >>> pair_entries(s, np.array([0]), s, np.array([0]), np.array([0]), 3)[1]
        array([0, 2, 2, 8])
    """
    left_rows = np.asarray(left_rows, dtype=INDEX)
    right_rows = np.asarray(right_rows, dtype=INDEX)
    la = left.lengths()[left_rows]
    lb = right.lengths()[right_rows]
    counts = la * lb
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=INDEX), np.zeros(0, dtype=INDEX)
    term = np.repeat(np.arange(counts.size, dtype=INDEX), counts)
    local = ragged_arange(np.zeros(counts.size, dtype=INDEX), counts)
    width = lb[term]
    a = left.indices[left.indptr[left_rows[term]] + local // width]
    b = right.indices[right.indptr[right_rows[term]] + local % width]
    keys = np.minimum(a, b) * n + np.maximum(a, b)
    return np.asarray(out_rows, dtype=INDEX)[term], keys


def pair_count(left, left_rows, right, right_rows):
    """How many pairs `pair_entries` would make (to decide before making them).

    Example:
        >>> s = IndexSets.repeated(np.array([0, 1, 2]), 2, 3)
        >>> pair_count(s, np.array([0, 1]), s, np.array([1, 1]))
        18
    """
    return int((left.lengths()[np.asarray(left_rows, dtype=INDEX)]
                * right.lengths()[np.asarray(right_rows, dtype=INDEX)]).sum())
