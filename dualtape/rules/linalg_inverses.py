"""Inverses and determinants: ``inv``, ``solve``, ``det``, ``slogdet``, ``pinv``
and the ``lstsq`` solution.

Every rule is written with table operations (matmul, solve, inv, pinv ...),
so each one is differentiable again.  The rules hold where the matrices are
well-conditioned (invertible for ``inv``/``solve``, of constant full rank for
``pinv``/``lstsq``); at a singular matrix NumPy's own error is raised.  ``det``
is a polynomial, differentiable everywhere: at a singular matrix its rules use
the cofactors (`cofactors`).

Derivatives used (``X = A⁻¹B``, ``P = A⁺``, ``r = b - A x``, ``τ = tr(A⁻¹ dA)``,
``ᴴ`` the conjugate transpose, which is ``ᵀ`` for real matrices)::

    d inv(A)    = -A⁻¹ dA A⁻¹
    d solve     = A⁻¹ (dB - dA X)
    d det(A)    = det(A) τ = tr(adj(A) dA)        (adj(A)ᵀ: the cofactor matrix)
    d slogdet   = (i · sign · Im τ, Re τ)         (for real A: (0, τ))
    d pinv(A)   = -P dA P + P Pᴴ dAᴴ (I - A P) + (I - P A) dAᴴ Pᴴ P
    d lstsq     = P (db - dA x) + P Pᴴ dAᴴ r + (I - P A) dAᴴ Pᴴ x

``inv``, ``solve`` and ``det`` are holomorphic: their rules hold for complex
matrices as written.  ``slogdet``, ``pinv`` and ``lstsq`` conjugate, and their
adjoints are the transposes of those tangents under ``Re Σ a·b`` (see
`complex_values`): the adjoint of ``dA ↦ M dAᴴ N`` is ``Ḡ ↦ conj(N) Ḡᴴ conj(M)``.
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .helpers import cotangent_batch, sum_to_shape
from .matmul import matmul
from .complex_values import (conj, imag_part, is_complex, real_part, accept_complex,
                             HOLOMORPHIC, NONHOLOMORPHIC)
from .matrix_helpers import mT, mH, check_square, well_conditioned
from .reductions import sum as _sum
from .shapes import expand_dims, squeeze
from .indexing import getitem

__all__ = ["inv", "solve", "det", "slogdet", "pinv", "lstsq_solution"]


def _as_matrix_cotangent(g):
    """A cotangent of shape ``(...)`` as ``(..., 1, 1)`` (for per-matrix scalars)."""
    return expand_dims(g, (-2, -1))


# --- inv ---------------------------------------------------------------------------------

_inv = defprimitive(
    "linalg.inv", np.linalg.inv,
    lambda ts, out, a: -matmul(matmul(out, ts[0]), out),
    lambda g, out, a: (-matmul(matmul(mT(out), g), mT(out)),),
    family="linalg_inverses", examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                                                    ((well_conditioned(rng, (2, 3, 3)),), {})])


def inv(a):
    """``numpy.linalg.inv``: the inverse of a square matrix (or of each in a stack).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.inv(a)[0, 0])(np.diag([2.0, 4.0]))
        array([[-0.25, -0.  ],
               [-0.  , -0.  ]])
    """
    check_square(a, "linalg.inv")
    return bind(_inv, a)


# --- solve -------------------------------------------------------------------------------

def _solve_tangent(ts, out, a, b):
    ta, tb = ts
    rhs = None if ta is None else -matmul(ta, out)
    if tb is not None:
        rhs = tb if rhs is None else rhs + tb
    return bind(_solve, a, rhs)


def _solve_adjoint(g, out, a, b):
    gb = bind(_solve, mT(a), g)
    ga = -matmul(gb, mT(out))
    batch = cotangent_batch(g, out)
    return sum_to_shape(ga, shape(a), batch), sum_to_shape(gb, shape(b), batch)


_solve = defprimitive(
    "linalg.solve", np.linalg.solve, _solve_tangent, _solve_adjoint, broadcasts=True,
    family="linalg_inverses",
    examples=lambda rng: [
        ((well_conditioned(rng, (3, 3)), rng.standard_normal((3, 2))), {}),
        ((well_conditioned(rng, (2, 3, 3)), rng.standard_normal((3, 1))), {}),
        ((well_conditioned(rng, (3, 3)), rng.standard_normal((2, 3, 2))), {})])


def solve(a, b):
    """``numpy.linalg.solve``: x with ``a @ x = b``; `b` is one vector when it is 1-D,
    otherwise a (stack of) matrix right-hand sides; leading axes broadcast.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[2.0, 0.0], [0.0, 4.0]])
        >>> dt.gradient(lambda b: dt.numpy.linalg.solve(a, b).sum())(np.array([1.0, 1.0]))
        array([0.5 , 0.25])
    """
    check_square(a, "linalg.solve")
    n = shape(a)[-1]
    vector = ndim(b) == 1
    if vector:
        b = expand_dims(b, -1)
    if ndim(b) < 2 or shape(b)[-2] != n:
        raise ValueError(f"linalg.solve: the right-hand side has shape {shape(b)}; it must be a "
                         f"vector of length {n} or matrices with {n} rows (shape (..., {n}, K))")
    x = bind(_solve, a, b)
    return squeeze(x, -1) if vector else x


# --- det and slogdet ---------------------------------------------------------------------

def _dlogdet(a, ta):
    """tr(A⁻¹ dA) per matrix, written as a sum so leading direction axes broadcast."""
    return _sum(mT(inv(a)) * ta, axis=(-2, -1))


# det·A⁻ᵀ loses about cond(A)·eps of its accuracy; past this condition number a small
# matrix takes the exact cofactors instead (1/√eps: at most ~1e-8 relative error kept).
_COND_LIMIT = 1.0 / np.sqrt(np.finfo(float).eps)
_LARGEST_BY_MINORS = 6      # n² minors of size n-1, recursively: cheap up to here


def _inverse_is_accurate(a):
    """True when det(A)·A⁻ᵀ is accurate for every matrix under the boxes."""
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(raw(a))
    return bool(np.all(cond < _COND_LIMIT))


def _minors(a):
    """Every (n-1)×(n-1) minor of each n×n matrix: shape ``(..., n, n, n-1, n-1)``,
    entry ``[..., i, j]`` being A without row i and column j (table indexing)."""
    n = shape(a)[-1]
    others = np.array([[k for k in range(n) if k != i] for i in range(n)])
    rows = others[:, None, :, None]
    cols = others[None, :, None, :]
    return getitem(a, (Ellipsis, rows, cols))


def cofactors(a, out):
    """The cofactor matrix of each matrix in `a`, ``∂ det(A) / ∂A``, whose determinant
    is `out`: ``det(A)·A⁻ᵀ`` where that is accurate (A well-conditioned), and the
    signed determinants of the minors where it is not (a singular A has no inverse,
    but det has a derivative at every matrix).  The minors are taken up to 6×6; a
    larger singular matrix raises.  Table operations throughout, so it is
    differentiable again.

    Example:
        >>> import numpy as np
        >>> a = np.array([[1.0, 2.0], [2.0, 4.0]])           # singular: det 0
        >>> cofactors(a, np.linalg.det(a))                   # [[d, -c], [-b, a]]
        array([[ 4., -2.],
               [-2.,  1.]])
    """
    n = shape(a)[-1]
    if n > _LARGEST_BY_MINORS or _inverse_is_accurate(a):
        try:
            return _as_matrix_cotangent(out) * mT(inv(a))
        except np.linalg.LinAlgError:
            if n > _LARGEST_BY_MINORS:
                raise np.linalg.LinAlgError(
                    f"linalg.det: a {n}×{n} matrix of the input is singular, where det's "
                    f"derivative (its cofactor matrix) has no inverse formula; dualtape computes "
                    f"the cofactors of singular matrices up to {_LARGEST_BY_MINORS}×"
                    f"{_LARGEST_BY_MINORS}. Differentiate det of a regularised A + εI, or "
                    f"split the problem into smaller blocks") from None
    if n == 1:
        return np.ones(shape(a))                 # a 1×1 matrix: d a/da = 1
    signs = (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
    return det(_minors(a)) * signs


_det = defprimitive(
    "linalg.det", np.linalg.det,
    lambda ts, out, a: _sum(cofactors(a, out) * ts[0], axis=(-2, -1)),
    lambda g, out, a: (_as_matrix_cotangent(g) * cofactors(a, out),),
    family="linalg_inverses", examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                                                    ((well_conditioned(rng, (2, 2, 2)),), {}),
                                                    ((_singular(rng, (3, 3)),), {})])


def _singular(rng, shape_):
    """Audit inputs: matrices of rank n - 1, where det's derivative is its cofactors."""
    u = rng.standard_normal(shape_)
    u[..., -1] = u[..., 0] + u[..., 1]
    return u


def det(a):
    """``numpy.linalg.det``; its derivative is the cofactor matrix, ``det(A) · A⁻ᵀ``
    where A is invertible (see `cofactors`: singular matrices have one too).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(dt.numpy.linalg.det)(np.array([[2.0, 1.0], [1.0, 3.0]]))
        array([[ 3., -1.],
               [-1.,  2.]])
    """
    check_square(a, "linalg.det")
    return bind(_det, a)


SlogdetResult = collections.namedtuple("SlogdetResult", ["sign", "logabsdet"])


def _slogdet_impl(a):
    sign, logabsdet = np.linalg.slogdet(a)
    return sign, logabsdet


def _slogdet_tangent(ts, out, a):
    tau = _dlogdet(a, ts[0])
    if not is_complex(a):
        return None, tau
    return out[0] * (1j * imag_part(tau)), real_part(tau)


def _slogdet_adjoint(g, out, a):
    g_sign, g_log = g
    if is_complex(a):        # ⟨ḡ_sign, i·sign·Im τ⟩ = Re(i Im(ḡ_sign·sign) τ)
        g_log = g_log + 1j * imag_part(g_sign * out[0])
    return (_as_matrix_cotangent(g_log) * mT(inv(a)),)


_slogdet = defprimitive(
    "linalg.slogdet", _slogdet_impl, _slogdet_tangent, _slogdet_adjoint,
    multiple_results=True, family="linalg_inverses",
    examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                          ((-well_conditioned(rng, (2, 3, 3)),), {})])


def slogdet(a):
    """``numpy.linalg.slogdet``: ``(sign, log|det a|)``; for a real matrix the sign is
    piecewise constant (zero derivative) and ``d log|det A| / dA = A⁻ᵀ``; for a complex
    one the sign is the phase ``det/|det|``, which moves with A.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.slogdet(a)[1])(np.diag([2.0, -4.0]))
        array([[ 0.5 ,  0.  ],
               [ 0.  , -0.25]])
    """
    check_square(a, "linalg.slogdet")
    return SlogdetResult(*bind(_slogdet, a))


# --- pinv --------------------------------------------------------------------------------

def _pinv_tangent(ts, out, a, rcond):
    t, p = ts[0], out
    m, n = shape(a)[-2:]
    left = np.eye(m) - matmul(a, p)          # I - A P
    right = np.eye(n) - matmul(p, a)         # I - P A
    return (-matmul(matmul(p, t), p)
            + matmul(matmul(matmul(p, mH(p)), mH(t)), left)
            + matmul(matmul(right, mH(t)), matmul(mH(p), p)))


def _pinv_adjoint(g, out, a, rcond):
    p = out
    m, n = shape(a)[-2:]
    left = np.eye(m) - matmul(a, p)
    right = np.eye(n) - matmul(p, a)
    # each term is the exact transpose of the matching tangent term (the projectors
    # I - A P and I - P A and the products P Pᴴ, Pᴴ P are Hermitian)
    return (-matmul(matmul(mT(p), g), mT(p))
            + matmul(matmul(mT(left), mH(g)), mT(matmul(p, mH(p))))
            + matmul(matmul(mT(matmul(mH(p), p)), mH(g)), mT(right)),)


_pinv = defprimitive(
    "linalg.pinv", lambda a, rcond: np.linalg.pinv(a) if rcond is None else np.linalg.pinv(a, rcond),
    _pinv_tangent, _pinv_adjoint, static=("rcond",), family="linalg_inverses",
    examples=lambda rng: [((rng.standard_normal((4, 3)),), dict(rcond=None)),
                          ((rng.standard_normal((3, 4)),), dict(rcond=None)),
                          ((well_conditioned(rng, (2, 3, 3)),), dict(rcond=None))])


def pinv(a, rcond=None):
    """``numpy.linalg.pinv``: the Moore–Penrose pseudo-inverse.  Differentiable where
    the rank is constant around `a` (for instance full rank).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.pinv(np.array([[1.0], [1.0]]))
        array([[0.5, 0.5]])
    """
    if ndim(a) < 2:
        raise np.linalg.LinAlgError(f"linalg.pinv: expected a matrix, got shape {shape(a)}")
    return bind(_pinv, a, rcond=None if rcond is None else float(rcond))


# --- the least-squares solution -----------------------------------------------------------

def _lstsq_tangent(ts, out, a, b, rcond):
    ta, tb = ts
    x, p = out, pinv(a, rcond)
    rhs = None
    if ta is not None:
        n = shape(a)[-1]
        r = b - matmul(a, x)
        rhs = (-matmul(ta, x) if tb is None else tb - matmul(ta, x))
        extra = (matmul(matmul(matmul(p, mH(p)), mH(ta)), r)
                 + matmul(matmul(np.eye(n) - matmul(p, a), mH(ta)), matmul(mH(p), x)))
        return matmul(p, rhs) + extra
    return matmul(p, tb)


def _lstsq_adjoint(g, out, a, b, rcond):
    x, p = out, pinv(a, rcond)
    n = shape(a)[-1]
    r = b - matmul(a, x)
    gb = matmul(mT(p), g)
    ga = (-matmul(gb, mT(x))
          + matmul(matmul(conj(r), mH(g)), mT(matmul(p, mH(p))))
          + matmul(matmul(matmul(mT(p), conj(x)), mH(g)), mT(np.eye(n) - matmul(p, a))))
    return ga, gb


_lstsq = defprimitive(
    "linalg.lstsq", lambda a, b, rcond: np.linalg.lstsq(a, b, rcond=rcond)[0],
    _lstsq_tangent, _lstsq_adjoint, static=("rcond",), family="linalg_inverses",
    examples=lambda rng: [((rng.standard_normal((5, 3)), rng.standard_normal((5, 2))), dict(rcond=None)),
                          ((rng.standard_normal((3, 5)), rng.standard_normal((3, 1))), dict(rcond=None))])


def lstsq_solution(a, b, rcond=None):
    """The least-squares solution of ``numpy.linalg.lstsq`` alone (minimum norm when
    `a` is wide); `b` may be a vector or a matrix of right-hand sides.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.linalg.lstsq_solution(np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
        array([2.])
    """
    if ndim(a) != 2:
        raise np.linalg.LinAlgError(f"linalg.lstsq: `a` must be a 2-D matrix, got shape {shape(a)}")
    vector = ndim(b) == 1
    if vector:
        b = expand_dims(b, -1)
    if ndim(b) != 2 or shape(b)[0] != shape(a)[0]:
        raise np.linalg.LinAlgError(f"linalg.lstsq: incompatible dimensions, a {shape(a)} and b "
                                    f"{shape(b)}")
    x = bind(_lstsq, a, b, rcond=None if rcond is None else float(rcond))
    return squeeze(x, -1) if vector else x


# --- complex values ----------------------------------------------------------------------------
accept_complex(HOLOMORPHIC, _inv, _solve, _det)
accept_complex(NONHOLOMORPHIC, _slogdet, _pinv, _lstsq)
