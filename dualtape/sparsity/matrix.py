"""`SparseMatrix`: a sparse Jacobian or Hessian in coordinate form."""
import importlib.util

import numpy as np


class SparseMatrix:
    """The non-zeros of an m × n derivative matrix: ``values[t]`` sits at
    ``(rows[t], cols[t])``, sorted row by row; ``ncolors`` is the number of
    compressed passes that computed them, ``mode`` how ("forward",
    "reverse" or "hvp") and ``pattern`` the `Pattern` used.

    ``toarray()`` gives a dense NumPy array; ``tocsr()`` and ``tocoo()`` give
    SciPy sparse matrices when SciPy is installed (it stays optional).

    Example:
        >>> a = SparseMatrix((2, 2), np.array([0, 1]), np.array([1, 1]), np.array([3.0, 4.0]))
        >>> a.toarray().tolist(), a.nnz
        ([[0.0, 3.0], [0.0, 4.0]], 2)
    """

    def __init__(self, shape, rows, cols, values, *, ncolors=0, mode=None, pattern=None):
        self.shape = (int(shape[0]), int(shape[1]))
        self.rows = rows
        self.cols = cols
        self.values = values
        self.ncolors = int(ncolors)
        self.mode = mode
        self.pattern = pattern

    @property
    def nnz(self):
        """How many entries are stored."""
        return int(np.size(self.rows))

    def toarray(self):
        """The matrix as a dense NumPy array (zeros off the pattern).

        Example:
            >>> SparseMatrix((1, 2), np.array([0]), np.array([0]), np.array([5.0])).toarray()
            array([[5., 0.]])
        """
        values = np.asarray(self.values)
        dense = np.zeros(self.shape, dtype=values.dtype if values.size else float)
        dense[self.rows, self.cols] = values
        return dense

    def tocoo(self):
        """The matrix as a ``scipy.sparse.coo_matrix`` (needs SciPy, else ImportError).

        Example:
            >>> a = SparseMatrix((2, 3), np.array([0]), np.array([1]), np.array([3.0]))
            >>> a.tocoo().shape if scipy_installed() else a.shape
            (2, 3)
        """
        return _scipy_sparse("tocoo").coo_matrix((np.asarray(self.values), (self.rows, self.cols)),
                                                 shape=self.shape)

    def tocsr(self):
        """The matrix as a ``scipy.sparse.csr_matrix`` (needs SciPy, else ImportError).

        Example:
            >>> a = SparseMatrix((2, 2), np.array([0, 1]), np.array([1, 1]), np.array([3.0, 4.0]))
            >>> (a.tocsr() if scipy_installed() else a).nnz
            2
        """
        return self.tocoo().tocsr()

    def __repr__(self):
        return (f"<SparseMatrix {self.shape[0]}×{self.shape[1]}, {self.nnz} non-zeros, "
                f"{self.ncolors} {self.mode or 'compressed'} passes>")


def scipy_installed():
    """Whether SciPy can be imported (the conversions to its sparse formats need it).

    Example:
        >>> scipy_installed() in (True, False)
        True
    """
    return importlib.util.find_spec("scipy") is not None


def _scipy_sparse(who):
    # SciPy is optional and its import takes longer than all of dualtape's, so it
    # is imported on the first conversion rather than with dualtape.
    try:
        import scipy.sparse
    except ImportError:
        raise ImportError(f"SparseMatrix.{who}() needs SciPy (pip install scipy); toarray() "
                          f"gives a dense NumPy array without it") from None
    return scipy.sparse
