"""Inverses and determinants: ``inv``, ``solve``, ``det``, ``slogdet``, ``pinv``
and the ``lstsq`` solution.

Every rule is written with table operations (matmul, solve, inv, pinv ...),
so each one is differentiable again.  The rules hold where the matrices are
well-conditioned (invertible for ``inv``/``solve``/``det``, of constant full
rank for ``pinv``/``lstsq``); at a singular matrix NumPy's own error is raised.

Derivatives used (``X = A⁻¹B``, ``P = A⁺``, ``r = b - A x``, ``τ = tr(A⁻¹ dA)``,
``ᴴ`` the conjugate transpose, which is ``ᵀ`` for real matrices)::

    d inv(A)    = -A⁻¹ dA A⁻¹
    d solve     = A⁻¹ (dB - dA X)
    d det(A)    = det(A) τ
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


_det = defprimitive(
    "linalg.det", np.linalg.det,
    lambda ts, out, a: out * _dlogdet(a, ts[0]),
    lambda g, out, a: (_as_matrix_cotangent(g * out) * mT(inv(a)),),
    family="linalg_inverses", examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                                                    ((well_conditioned(rng, (2, 2, 2)),), {})])


def det(a):
    """``numpy.linalg.det``; its derivative is ``det(A) · A⁻ᵀ`` (A invertible).

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
