"""SciPy's linear algebra as table entries: triangular solves, the matrix
exponential and the LU factorisation (computed by ``scipy.linalg``; registered
only when SciPy is installed).

Derivatives used (T the triangle of `a` a solve reads, X = T⁻¹B; A = P L U)::

    solve_triangular  dX = T⁻¹(dB − dT X)            B̄ = T⁻ᵀ X̄,  Ā = −tri(B̄ Xᵀ)
    expm              d e^A = L(A, dA)               Ā = L(Aᵀ, Ḡ)
    lu_factor         F = L⁻¹ Pᵀ dA U⁻¹,  dL = L·stril(F),  dU = triu(F)·U
                      F̄ = stril(Lᵀ L̄U) + triu(L̄U Uᵀ),  Ā = P L⁻ᵀ F̄ U⁻ᵀ

``tri`` keeps the triangle the solve reads (without the diagonal when it is a
unit diagonal), and L̄U is the cotangent of the packed factor (L below the
diagonal, U on and above it).  L(A, E), the Fréchet derivative of the matrix
exponential, is the upper-right block of exp([[A, E], [0, A]]) (Higham, Functions
of Matrices, 3.2), computed with this same entry, so every rule is again written
in table operations and every derivative order is available (each order doubles
the size of the matrix the exponential sees).  The pivots of ``lu_factor`` are
piecewise constant: their derivative is zero.
"""
import numpy as np

from ..core.arrays import shape, ndim
from ..core.box import raw
from ..core.dispatch import bind
from ..core.optional import lazy_module
from ..core.primitive import defprimitive
from .indexing import getitem
from .matmul import matmul
from .complex_values import accept_complex, HOLOMORPHIC
from .matrix_helpers import mT, lower, upper, well_conditioned
from .helpers import cotangent_batch, sum_to_shape
from .shapes import broadcast_to, concatenate

__all__ = ["solve_triangular_matrices", "expm", "lu_factor_square", "pivots_to_permutation"]

SCIPY_LINALG = lazy_module("scipy.linalg")
_FAMILY = "linalg_scipy"


def triangle(a, lower_triangle, unit_diagonal):
    """The part of `a` a triangular solve reads: one triangle, without the
    diagonal when the diagonal is taken to be ones.

    Example:
        >>> triangle(np.arange(1.0, 5.0).reshape(2, 2), True, True)
        array([[0., 0.],
               [3., 0.]])
    """
    k = -1 if unit_diagonal else 0
    return lower(a, k) if lower_triangle else upper(a, -k)


# --- solve_triangular -------------------------------------------------------------------

def _solve_impl(a, b, lower, unit_diagonal):
    return SCIPY_LINALG.solve_triangular(a, b, lower=lower, unit_diagonal=unit_diagonal)


def _solve_tangent(ts, out, a, b, lower, unit_diagonal):
    ta, tb = ts
    rhs = None if ta is None else -matmul(triangle(ta, lower, unit_diagonal), out)
    if tb is not None:
        rhs = tb if rhs is None else rhs + tb
    return solve_triangular_matrices(a, rhs, lower, unit_diagonal)


def _solve_adjoint(g, out, a, b, lower, unit_diagonal):
    batch = cotangent_batch(g, out)               # leading cotangent axes, carried through
    gb = solve_triangular_matrices(mT(a), g, not lower, unit_diagonal)
    ga = -triangle(matmul(gb, mT(out)), lower, unit_diagonal)
    return sum_to_shape(ga, shape(a), batch), sum_to_shape(gb, shape(b), batch)


def _triangular_examples(rng):
    def case(a_shape, b_shape, lower, unit_diagonal):
        return ((well_conditioned(rng, a_shape), rng.standard_normal(b_shape)),
                dict(lower=lower, unit_diagonal=unit_diagonal))
    return [case((3, 3), (3, 2), True, False), case((3, 3), (3, 1), False, True),
            case((2, 3, 3), (2, 3, 2), False, False), case((2, 3, 3), (3, 1), True, False)]


_solve_triangular = defprimitive(
    "scipy.linalg.solve_triangular", _solve_impl, _solve_tangent, _solve_adjoint,
    static=("lower", "unit_diagonal"), family=_FAMILY, examples=_triangular_examples,
    broadcasts=True)     # batch axes of a and b broadcast: the engine pads batched tangents


def solve_triangular_matrices(a, b, lower, unit_diagonal):
    """X with tri(a) X = b, for matrices b (shape ``(..., n, k)``); a's batch axes
    broadcast against b's (a tangent or cotangent may add leading axes to b).

    Example:
        >>> solve_triangular_matrices(np.array([[2.0, 0.0], [1.0, 1.0]]), np.ones((2, 1)), True, False)
        array([[0.5],
               [0.5]])
    """
    return bind(_solve_triangular, a, b, lower=bool(lower), unit_diagonal=bool(unit_diagonal))


# --- expm ------------------------------------------------------------------------------------

def frechet_expm(a, e):
    """L(a, e), the derivative of e^a in the direction e: the upper-right block of
    exp([[a, e], [0, a]]).  `e` may carry leading axes (a batch of directions).

    Example:
        >>> frechet_expm(np.zeros((1, 1)), np.ones((1, 1)))       # d e^a at a = 0 is the identity
        array([[1.]])
    """
    n = shape(a)[-1]
    common = np.broadcast_shapes(shape(a), shape(e))
    a = broadcast_to(a, common) if shape(a) != common else a
    e = broadcast_to(e, common) if shape(e) != common else e
    block = concatenate([concatenate([a, e], axis=-1),
                         concatenate([np.zeros(common), a], axis=-1)], axis=-2)
    return getitem(expm(block), (Ellipsis, slice(0, n), slice(n, 2 * n)))


_expm = defprimitive(
    "scipy.linalg.expm", lambda a: SCIPY_LINALG.expm(a),
    lambda ts, out, a: frechet_expm(a, ts[0]),
    lambda g, out, a: (frechet_expm(mT(a), g),),
    family=_FAMILY, examples=lambda rng: [((0.5 * rng.standard_normal((3, 3)),), {}),
                                          ((0.5 * rng.standard_normal((2, 2, 2)),), {})])


def expm(a):
    """The matrix exponential of a square matrix (or of each in a stack), by SciPy.

    Example:
        >>> expm(np.zeros((2, 2)))
        array([[1., 0.],
               [0., 1.]])
    """
    return bind(_expm, a)


# --- lu_factor -------------------------------------------------------------------------------

def pivots_to_permutation(piv):
    """The row order `perm` with ``a[perm] = L U`` from LAPACK's pivots (row i was
    swapped with row piv[i], in turn).

    Example:
        >>> pivots_to_permutation(np.array([2, 2, 2]))
        array([2, 0, 1])
    """
    perm = np.arange(len(piv))
    for i, p in enumerate(piv):
        perm[[i, p]] = perm[[p, i]]
    return perm


def _rows(x, order):
    """The rows (second-to-last axis) of x in `order`."""
    return getitem(x, (Ellipsis, order, slice(None)))


def _unit_lower(lu):
    return lower(lu, -1) + np.eye(shape(lu)[-1])


def _lu_tangent(ts, out, a):
    lu, piv = out
    perm = pivots_to_permutation(raw(piv))
    y = solve_triangular_matrices(lu, _rows(ts[0], perm), True, True)        # L⁻¹ Pᵀ dA
    f = mT(solve_triangular_matrices(mT(lu), mT(y), True, False))           # · U⁻¹
    return matmul(_unit_lower(lu), lower(f, -1)) + matmul(upper(f), upper(lu)), None


def _lu_adjoint(g, out, a):
    lu, piv = out
    g_lu = g[0]
    f_bar = lower(matmul(mT(_unit_lower(lu)), g_lu), -1) + upper(matmul(g_lu, mT(upper(lu))))
    z = solve_triangular_matrices(mT(lu), f_bar, False, True)               # L⁻ᵀ F̄
    w = mT(solve_triangular_matrices(lu, mT(z), False, False))              # · U⁻ᵀ
    return (_rows(w, np.argsort(pivots_to_permutation(raw(piv)))),)


_lu_factor = defprimitive(
    "scipy.linalg.lu_factor", lambda a: tuple(SCIPY_LINALG.lu_factor(a)), _lu_tangent, _lu_adjoint,
    multiple_results=True, family=_FAMILY,
    examples=lambda rng: [((rng.standard_normal((3, 3)),), {}), ((rng.standard_normal((4, 4)),), {})])


def lu_factor_square(a):
    """``(lu, piv)`` of one square matrix: L (unit diagonal) below the diagonal of
    `lu` and U on and above it, with ``a[perm] = L U`` (`pivots_to_permutation`).

    Example:
        >>> lu, piv = lu_factor_square(np.array([[1.0, 2.0], [3.0, 4.0]]))
        >>> lu, piv
        (array([[3.        , 4.        ],
               [0.33333333, 0.66666667]]), array([1, 1], dtype=int32))
    """
    if ndim(a) != 2 or shape(a)[0] != shape(a)[1]:
        raise ValueError(f"lu_factor: dualtape factors one square matrix at a time; got shape "
                         f"{shape(a)} (factor each matrix of a stack separately)")
    return bind(_lu_factor, a)


# --- complex values: triangular solves, the exponential and LU are complex-analytic ----------
accept_complex(HOLOMORPHIC, _solve_triangular, _expm, _lu_factor)
