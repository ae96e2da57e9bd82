"""``scipy.linalg``'s solvers and factorisations with SciPy's signatures, composed
from table entries (so differentiable in every mode): ``solve_triangular``,
``cho_factor``/``cho_solve``, ``lu_factor``/``lu_solve``, ``solve`` (with
``assume_a``), ``expm`` and ``block_diag``.

Each reads exactly the entries of its matrix that SciPy reads (one triangle for
the triangular, symmetric and Cholesky paths, the diagonal or the band for
``'diagonal'`` and ``'tridiagonal'``), so its derivative with respect to the
others is zero, as it is for SciPy's function.  ``cho_factor`` leaves the other
triangle of its result equal to that of `a`, as SciPy does.  ``overwrite_*`` and
``check_finite`` are accepted and have no effect (nothing is overwritten).
"""
import numpy as np

from ..core.arrays import ndim, shape
from ..core.box import raw
from ..rules.indexing import getitem
from ..rules.linalg_decompositions import cholesky
from ..rules.linalg_inverses import solve as _general_solve
from ..rules.linalg_scipy import (solve_triangular_matrices, expm as _expm, lu_factor_square,
                                  pivots_to_permutation)
from ..rules.matrix_helpers import mT, lower as _lower, upper as _upper, check_square, check_float
from ..rules.shapes import concatenate, expand_dims, reshape, squeeze

__all__ = ["solve_triangular", "cho_factor", "cho_solve", "lu_factor", "lu_solve", "solve",
           "expm", "block_diag"]

_TRANS = {0: 0, "N": 0, "n": 0, 1: 1, "T": 1, "t": 1, 2: 1, "C": 1, "c": 1}


def _trans(trans, who):
    try:
        return _TRANS[trans]
    except (KeyError, TypeError):
        raise ValueError(f"{who}: trans must be 0, 1, 2, 'N', 'T' or 'C', got {trans!r}") from None


def _checked(a, who):
    check_square(a, who)
    check_float(a, who)
    return a


def _on_matrices(solve_matrices, b):
    """Apply `solve_matrices` to b as matrices: a 1-D b is one column, and comes back 1-D."""
    if ndim(b) == 1:
        return squeeze(solve_matrices(expand_dims(b, -1)), -1)
    return solve_matrices(b)


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True):
    """``scipy.linalg.solve_triangular``: x with ``T x = b`` (``Tᵀ x = b`` for
    ``trans=1``), T the lower or upper triangle of `a`; reads only that triangle.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.scipy.linalg as dsl
        >>> a = np.array([[2.0, 0.0], [1.0, 4.0]])
        >>> dt.gradient(lambda b: dsl.solve_triangular(a, b, lower=True).sum())(np.ones(2))
        array([0.375, 0.25 ])
    """
    _checked(a, "solve_triangular")
    if _trans(trans, "solve_triangular"):
        a, lower = mT(a), not lower
    return _on_matrices(lambda m: solve_triangular_matrices(a, m, lower, unit_diagonal), b)


def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """``scipy.linalg.cho_factor``: ``(c, lower)``, the Cholesky factor of the
    symmetric matrix held in one triangle of `a` (the upper one unless `lower`),
    in that triangle of `c`; the other triangle of `c` is `a`'s, as in SciPy.

    Example:
        >>> import numpy as np, dualtape.scipy.linalg as dsl
        >>> dsl.cho_factor(np.array([[4.0, 2.0], [2.0, 5.0]]))
        (array([[2., 1.],
               [2., 2.]]), False)
    """
    _checked(a, "cho_factor")
    if lower:
        return cholesky(a) + _upper(a, 1), True
    return cholesky(a, upper=True) + _lower(a, -1), False


def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """``scipy.linalg.cho_solve``: x with ``A x = b`` from ``(c, lower) = cho_factor(A)``.

    Example:
        >>> import numpy as np, dualtape.scipy.linalg as dsl
        >>> dsl.cho_solve(dsl.cho_factor(np.array([[4.0, 2.0], [2.0, 5.0]])), np.array([6.0, 7.0]))
        array([1., 1.])
    """
    c, lower = c_and_lower
    _checked(c, "cho_solve")

    def solve_matrices(m):
        if lower:                                   # L Lᵀ x = b
            return solve_triangular_matrices(mT(c), solve_triangular_matrices(c, m, True, False),
                                             False, False)
        # Uᵀ U x = b
        return solve_triangular_matrices(c, solve_triangular_matrices(mT(c), m, True, False),
                                         False, False)
    return _on_matrices(solve_matrices, b)


def lu_factor(a, overwrite_a=False, check_finite=True):
    """``scipy.linalg.lu_factor`` of one square matrix: ``(lu, piv)``, L (unit
    diagonal) below the diagonal of `lu`, U on and above it; `piv` has no derivative.

    Example:
        >>> import numpy as np, dualtape.scipy.linalg as dsl
        >>> lu, piv = dsl.lu_factor(np.array([[1.0, 2.0], [3.0, 4.0]]))
        >>> piv
        array([1, 1], dtype=int32)
    """
    _checked(a, "lu_factor")
    lu, piv = lu_factor_square(a)
    return lu, np.asarray(raw(piv))


def lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """``scipy.linalg.lu_solve``: x with ``A x = b`` (``Aᵀ x = b`` for ``trans=1``)
    from ``(lu, piv) = lu_factor(A)``.

    Example:
        >>> import numpy as np, dualtape.scipy.linalg as dsl
        >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> dsl.lu_solve(dsl.lu_factor(a), np.array([3.0, 7.0]))
        array([1., 1.])
    """
    lu, piv = lu_and_piv
    _checked(lu, "lu_solve")
    perm = pivots_to_permutation(np.asarray(raw(piv)))

    def solve_matrices(m):
        if _trans(trans, "lu_solve") == 0:          # L U x = b[perm]
            y = solve_triangular_matrices(lu, getitem(m, (perm,)), True, True)
            return solve_triangular_matrices(lu, y, False, False)
        # Uᵀ Lᵀ (Pᵀ x) = b
        w = solve_triangular_matrices(mT(lu), m, True, False)
        z = solve_triangular_matrices(mT(lu), w, False, True)
        return getitem(z, (np.argsort(perm),))
    return _on_matrices(solve_matrices, b)


_STRUCTURES = {None: "general", "gen": "general", "general": "general", "banded": "general",
               "sym": "symmetric", "symmetric": "symmetric", "her": "symmetric",
               "hermitian": "symmetric", "pos": "positive definite",
               "positive definite": "positive definite", "diagonal": "diagonal",
               "tridiagonal": "tridiagonal", "upper triangular": "upper triangular",
               "lower triangular": "lower triangular"}


def _as_read(a, structure, lower):
    """The matrix SciPy's solver for `structure` sees in `a`."""
    n = shape(a)[-1]
    if structure == "symmetric":
        return _lower(a) + mT(_lower(a, -1)) if lower else _upper(a) + mT(_upper(a, 1))
    if structure == "diagonal":
        return a * np.eye(n)
    if structure == "tridiagonal":
        return a * (np.tri(n, n, 1) - np.tri(n, n, -2))
    return a


def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True,
          assume_a=None, transposed=False):
    """``scipy.linalg.solve``: x with ``a x = b`` (``aᵀ x = b`` when `transposed`),
    using only the part of `a` that `assume_a` says SciPy's solver reads: one
    triangle (``'sym'``, ``'her'``, ``'pos'``, chosen by `lower`, and the triangular
    structures), the diagonal, or the tridiagonal band.  ``'pos'`` goes through a
    Cholesky factorisation, so a matrix that is not positive definite raises.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.scipy.linalg as dsl
        >>> a = np.array([[2.0, 9.0], [1.0, 3.0]])          # 'sym' reads the upper triangle
        >>> dsl.solve(a, np.array([11.0, 12.0]), assume_a="sym")
        array([1., 1.])
    """
    _checked(a, "solve")
    try:
        structure = _STRUCTURES[assume_a]
    except (KeyError, TypeError):
        raise ValueError(f"solve: {assume_a!r} is not a recognized matrix structure; use one of "
                         f"{sorted(k for k in _STRUCTURES if k)}") from None
    if structure == "positive definite":
        return cho_solve(cho_factor(a, lower=lower), b)
    if structure.endswith("triangular"):
        return solve_triangular(a, b, trans=1 if transposed else 0,
                                lower=structure == "lower triangular")
    m = _as_read(a, structure, lower)
    return _general_solve(mT(m) if transposed else m, b)


def expm(A):
    """``scipy.linalg.expm``: the matrix exponential of a square matrix (or a stack);
    its derivative is the Fréchet derivative, from a block-triangular exponential.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.scipy.linalg as dsl
        >>> dt.gradient(lambda t: dsl.expm(t * np.array([[0.0, 1.0], [0.0, 0.0]]))[0, 1])(2.0)
        1.0
    """
    check_square(A, "expm")
    return _expm(A)


def block_diag(*arrs):
    """``scipy.linalg.block_diag``: the arrays (scalars and 1-D arrays count as one
    row) down the diagonal of a matrix of zeros.

    Example:
        >>> import numpy as np, dualtape.scipy.linalg as dsl
        >>> dsl.block_diag(np.array([[1.0, 2.0]]), 3.0)
        array([[1., 2., 0.],
               [0., 0., 3.]])
    """
    dtype = np.result_type(*[raw(a) for a in arrs]) if arrs else np.float64
    if not arrs:
        return np.zeros((1, 0), dtype=dtype)
    blocks = []
    for a in arrs:
        if ndim(a) > 2:
            raise ValueError(f"block_diag: arguments may have at most 2 dimensions, got one of "
                             f"shape {shape(a)}")
        blocks.append(a if ndim(a) == 2 else reshape(a, (1, -1)))
    widths = [shape(m)[1] for m in blocks]
    total = sum(widths)
    rows, before = [], 0
    for m, width in zip(blocks, widths):
        r = shape(m)[0]
        rows.append(concatenate([np.zeros((r, before), dtype=dtype), m,
                                 np.zeros((r, total - before - width), dtype=dtype)], axis=1))
        before += width
    return concatenate(rows, axis=0)
