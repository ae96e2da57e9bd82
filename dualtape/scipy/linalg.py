"""``scipy.linalg``'s solvers, factorisations and the matrix exponential,
differentiable in every mode: ``import dualtape.scipy.linalg as dsl``.

``solve_triangular``, ``cho_factor``/``cho_solve``, ``lu_factor``/``lu_solve``,
``solve`` (with ``assume_a``), ``expm`` (its derivative is the Fréchet
derivative, the upper-right block of exp([[A, E], [0, A]])) and ``block_diag``.

Example:
    >>> import numpy as np, dualtape as dt, dualtape.scipy.linalg as dsl
    >>> dt.gradient(lambda a: dsl.expm(a).trace())(np.zeros((2, 2)))      # d tr e^A = e^{Aᵀ}
    array([[1., 0.],
           [0., 1.]])
"""
from ..composed.linalg_scipy import (solve_triangular, cho_factor, cho_solve, lu_factor,  # noqa: F401
                                     lu_solve, solve, expm, block_diag)

__all__ = ["solve_triangular", "cho_factor", "cho_solve", "lu_factor", "lu_solve", "solve",
           "expm", "block_diag"]
