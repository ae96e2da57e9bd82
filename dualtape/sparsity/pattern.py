"""`Pattern`: where a Jacobian or Hessian may be non-zero, and its colouring."""
import numpy as np

from ..kernels.colouring import column_colouring, row_colouring
from ..kernels.star_colouring import star_colouring, symmetric_sources
from .index_sets import INDEX


class Pattern:
    """The structural non-zeros of an m × n Jacobian (or a symmetric n × n
    Hessian), as coordinate lists sorted row by row, with their colouring.

    * ``colors``: one colour per column (-1 for a column with no non-zero):
      columns that share a row differ, or for a Hessian a star colouring, so
      that every entry can be read back from one compressed product per
      colour; ``ncolors`` passes are needed;
    * ``row_colors`` / ``nrow_colors``: the same for rows (reverse mode);
    * ``local``: whether it is the pattern at one point only, and
      ``value_dependent``: whether the traced program compared values (then a
      Python branch may have chosen part of it).

    Example:
        >>> p = Pattern((2, 3), np.array([0, 1]), np.array([0, 2]))
        >>> p.nnz, p.toarray().tolist(), p.ncolors
        (2, [[True, False, False], [False, False, True]], 1)
    """

    def __init__(self, shape, rows, cols, *, symmetric=False, local=False, value_dependent=False):
        rows = np.asarray(rows, dtype=INDEX)
        cols = np.asarray(cols, dtype=INDEX)
        order = np.lexsort((cols, rows))
        self.shape = (int(shape[0]), int(shape[1]))
        self.rows = rows[order]
        self.cols = cols[order]
        self.symmetric = bool(symmetric)
        self.local = bool(local)
        self.value_dependent = bool(value_dependent)
        self._colors = None
        self._row_colors = None
        self._recovery = {}

    @property
    def nnz(self):
        """How many structural non-zeros there are."""
        return int(self.rows.size)

    def toarray(self):
        """The pattern as a dense boolean array.

        Example:
            >>> Pattern((1, 2), np.array([0]), np.array([1])).toarray()
            array([[False,  True]])
        """
        dense = np.zeros(self.shape, dtype=bool)
        dense[self.rows, self.cols] = True
        return dense

    @property
    def colors(self):
        """One colour per column (-1: none needed); a star colouring if symmetric."""
        if self._colors is None:
            if self.symmetric:
                self._colors = star_colouring(self.rows, self.cols, self.shape[1])
            else:
                self._colors = column_colouring(self.rows, self.cols, self.shape)
        return self._colors

    @property
    def ncolors(self):
        """How many colours `colors` uses: the compressed passes needed."""
        return int(self.colors.max(initial=-1)) + 1

    @property
    def row_colors(self):
        """One colour per row such that no column holds two rows of one colour."""
        if self.symmetric:
            return self.colors
        if self._row_colors is None:
            self._row_colors = row_colouring(self.rows, self.cols, self.shape)
        return self._row_colors

    @property
    def nrow_colors(self):
        """How many colours `row_colors` uses."""
        return int(self.row_colors.max(initial=-1)) + 1

    def cheaper_side(self):
        """``"forward"`` (one tangent per column colour) or ``"reverse"`` (one
        cotangent per row colour), whichever needs fewer colours; a side whose
        lower bound (the longest row, or column) is already no better than the
        other side's colouring is not coloured at all.

        Example:
            >>> wide = Pattern((1, 4), np.zeros(4), np.arange(4))     # one dense row
            >>> wide.cheaper_side(), wide.nrow_colors
            ('reverse', 1)
        """
        longest_row = int(np.bincount(self.rows, minlength=1).max(initial=0))
        longest_col = int(np.bincount(self.cols, minlength=1).max(initial=0))
        if longest_row <= longest_col:
            return "forward" if longest_col >= self.ncolors or self.ncolors <= self.nrow_colors \
                else "reverse"
        return "reverse" if longest_row >= self.nrow_colors or self.nrow_colors < self.ncolors \
            else "forward"

    def recovery(self, side):
        """Where the compressed matrix of `side` holds each non-zero: an index
        pair for the (colours, ...) array of one compressed pass per colour.

        * ``"forward"``: ``B[c, i] = (J s_c)[i]``, so ``J[i, j] = B[c(j), i]``;
        * ``"reverse"``: ``B[c, j] = (w_cᵀ J)[j]``, so ``J[i, j] = B[c(i), j]``;
        * ``"hvp"``: ``B[c, i] = (H s_c)[i]``, read by `symmetric_sources`.

        Example:
            >>> p = Pattern((2, 2), np.array([0, 1]), np.array([0, 1]))
            >>> [a.tolist() for a in p.recovery("forward")]
            [[0, 0], [0, 1]]
        """
        if side not in self._recovery:
            if side == "forward":
                where = (self.colors[self.cols], self.rows)
            elif side == "reverse":
                where = (self.row_colors[self.rows], self.cols)
            else:
                src_rows, src_colours = symmetric_sources(self.rows, self.cols, self.colors)
                where = (src_colours, src_rows)
            self._recovery[side] = where
        return self._recovery[side]

    def __repr__(self):
        kind = "symmetric " if self.symmetric else ""
        where = ", local" if self.local else ""
        return (f"<{kind}Pattern {self.shape[0]}×{self.shape[1]}, {self.nnz} non-zeros, "
                f"{self.ncolors} colours{where}>")
