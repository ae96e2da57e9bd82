"""The singular value decomposition: ``svd`` (reduced) and the singular values
alone (``svd(..., compute_uv=False)``, the entry ``linalg.svdvals``).

Rules are written with table operations, so each one is differentiable again.
Singular vector derivatives need distinct, non-zero singular values (the rules
raise otherwise); the values alone are differentiable wherever they are distinct.

Derivatives used, with ``P = Uᴴ dA V``, ``F_ij = 1/(s_j² - s_i²)`` off the
diagonal and 0 on it, ``∘`` the elementwise product and ``ᴴ`` the conjugate
transpose (``ᵀ`` for real matrices)::

    ds = Re diag(P)
    dU = U (F ∘ (P Σ + Σ Pᴴ) + i diag(θ_U)) + (I - U Uᴴ) dA V Σ⁻¹
    dV = V (F ∘ (Σ P + Pᴴ Σ) + i diag(θ_V)) + (I - V Vᴴ) dAᴴ U Σ⁻¹

For complex matrices a pair of singular vectors shares a free phase; LAPACK
returns V with a real first row when m >= n (U when m < n), the impl makes that
explicit (`matrix_helpers.real_first_row`), and θ keeps it: θ_U - θ_V =
Im diag(P) / s, and θ of the vectors with the real first row keeps that row real.
For real matrices θ is zero.  The adjoints are the transposes of these tangents
under ``Re Σ a·b`` (see `complex_values`).
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .complex_values import conj, is_complex, imag_part, real_part, accept_complex, NONHOLOMORPHIC
from .matmul import matmul
from .matrix_helpers import (mT, mH, diag_part, diag_embed, check_distinct, gap_inverse, expand_row,
                             real_first_row, phase_rate, phase_rate_adjoint, phase_cotangent)

__all__ = ["svd"]

SVDResult = collections.namedtuple("SVDResult", ["U", "S", "Vh"])


def _svd_impl(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    if np.iscomplexobj(u):              # LAPACK's phases, made explicit
        m, n = np.shape(a)[-2:]
        if m >= n:                      # V's first row real; U turns with it
            v, phase = real_first_row(np.conj(np.swapaxes(vh, -1, -2)))
            u, vh = u * phase, np.conj(np.swapaxes(v, -1, -2))
        else:                           # U's first row real; V turns with it
            u, phase = real_first_row(u)
            vh = vh * np.conj(np.swapaxes(phase, -1, -2))
    return u, s, vh


def _check_vectors(s):
    check_distinct(s * s, "linalg.svd", "singular values", "linalg.svd(a, compute_uv=False)")
    if np.any(np.asarray(raw(s)) == 0):
        raise np.linalg.LinAlgError(
            "linalg.svd: a singular value is zero, so the singular vectors have no derivative; "
            "differentiate only the singular values (compute_uv=False)")


def _on_diagonal(row):
    """A row ``(..., 1, n)`` as the diagonal of ``(..., n, n)`` matrices."""
    return row * np.eye(shape(row)[-1])


def _with_phases(c, k, p, u, v, srow, phase_of_v):
    """The diagonals i·θ_U, i·θ_V of Uᴴ dU and Vᴴ dV (see the module docstring)."""
    q = imag_part(expand_row(diag_part(p))) / srow
    if phase_of_v:
        psi = phase_rate(matmul(v, k), v)
        return c + 1j * _on_diagonal(psi + q), k + 1j * _on_diagonal(psi)
    chi = phase_rate(matmul(u, c), u)
    return c + 1j * _on_diagonal(chi), k + 1j * _on_diagonal(chi - q)


def _svd_tangent(ts, out, a):
    u, s, vh = out
    _check_vectors(s)
    t = ts[0]
    v = mH(vh)
    m, n = shape(a)[-2:]
    p = matmul(matmul(mH(u), t), v)
    f = gap_inverse(s * s)
    srow = expand_row(s)                       # P Σ  ==  P * srow ;  Σ P == P * scol
    scol = mT(srow)
    c = f * (p * srow + mH(p) * scol)
    k = f * (p * scol + mH(p) * srow)
    if is_complex(u):
        c, k = _with_phases(c, k, p, u, v, srow, m >= n)
    du = matmul(u, c)
    dv = matmul(v, k)
    if m > n:
        du = du + (matmul(t, v) - matmul(u, matmul(matmul(mH(u), t), v))) / srow
    if n > m:
        dv = dv + (matmul(mH(t), u) - matmul(v, matmul(vh, matmul(mH(t), u)))) / srow
    return du, real_part(diag_part(p)), mH(dv)


def _phases_adjoint(c_bar, k_bar, gu, gv, u, v, srow, phase_of_v):
    """The transpose of `_with_phases`: returns C̄ and K̄ with the phase terms
    pulled back, and the matrix their Im diag(P) / s term adds to P̄."""
    a, b = phase_cotangent(gu, u), phase_cotangent(gv, v)    # the cotangents of θ_U, θ_V
    if phase_of_v:
        k_bar = k_bar + matmul(mT(v), phase_rate_adjoint(a + b, v))
        return c_bar, k_bar, _on_diagonal(-1j * a / srow)
    c_bar = c_bar + matmul(mT(u), phase_rate_adjoint(a + b, u))
    return c_bar, k_bar, _on_diagonal(1j * b / srow)


def _svd_adjoint(g, out, a):
    u, s, vh = out
    gu, gs, gvh = g
    v, gv = mH(vh), mH(gvh)
    m, n = shape(a)[-2:]
    srow = expand_row(s)
    scol = mT(srow)
    inner = diag_embed(gs)
    vectors = np.any(np.asarray(raw(gu)) != 0) or np.any(np.asarray(raw(gv)) != 0)
    if vectors:
        _check_vectors(s)
        f = gap_inverse(s * s)
        c_bar = matmul(mT(u), gu)
        k_bar = matmul(mT(v), gv)
        if is_complex(u):
            c_bar, k_bar, phases = _phases_adjoint(c_bar, k_bar, gu, gv, u, v, srow, m >= n)
            inner = inner + phases
        j = f * c_bar
        k = f * k_bar
        inner = inner + (j + mH(j)) * srow + (k + mH(k)) * scol
    ga = matmul(matmul(conj(u), inner), conj(vh))
    if vectors and m > n:
        ga = ga + matmul((gu - matmul(conj(u), matmul(mT(u), gu))) / srow, conj(vh))
    if vectors and n > m:
        ga = ga + matmul(conj(u), mH(gv - matmul(conj(v), matmul(mT(v), gv))) / scol)
    return (ga,)


_svd = defprimitive(
    "linalg.svd", _svd_impl, _svd_tangent, _svd_adjoint, multiple_results=True,
    family="linalg_decompositions",
    examples=lambda rng: [((rng.standard_normal((3, 3)),), {}),
                          ((rng.standard_normal((4, 2)),), {}),
                          ((rng.standard_normal((2, 2, 3)),), {})])


def _svdvals_rules():
    def vectors(a):
        u, _, vh = bind(_svd, a)
        return u, vh

    def tangent(ts, out, a):
        u, vh = vectors(a)
        return real_part(diag_part(matmul(matmul(mH(u), ts[0]), mH(vh))))

    def adjoint(g, out, a):
        u, vh = vectors(a)
        return (matmul(conj(u) * expand_row(g), conj(vh)),)
    return tangent, adjoint


_svdvals = defprimitive(
    "linalg.svdvals", lambda a: np.linalg.svd(a, compute_uv=False), *_svdvals_rules(),
    family="linalg_decompositions",
    examples=lambda rng: [((rng.standard_normal((3, 3)),), {}),
                          ((rng.standard_normal((4, 2)),), {}),
                          ((rng.standard_normal((2, 2, 3)),), {})])


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """``numpy.linalg.svd``: ``U, S, Vh`` with ``a = U @ diag(S) @ Vh`` (reduced), or the
    singular values alone with ``compute_uv=False``.

    Differentiating U or Vh needs distinct non-zero singular values and
    ``full_matrices=False`` (for a square matrix both modes agree); the singular
    values alone are differentiable wherever they are distinct.  Complex singular
    vectors come with LAPACK's phases: V has a real first row when the matrix is
    square or tall, U when it is wide; their derivative keeps that choice.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.svd(a, compute_uv=False)[0])(np.diag([3.0, 1.0]))
        array([[1., 0.],
               [0., 0.]])
    """
    if ndim(a) < 2:
        raise np.linalg.LinAlgError(f"linalg.svd: expected a matrix, got shape {shape(a)}")
    if not compute_uv:
        return bind(_svdvals, a)
    m, n = shape(a)[-2:]
    if full_matrices and m != n:
        raise NotImplementedError(
            f"linalg.svd: full_matrices=True on a {m}x{n} matrix adds singular vectors that are "
            f"not unique and have no derivative; pass full_matrices=False")
    return SVDResult(*bind(_svd, a))


# --- complex values: the decomposition conjugates ---------------------------------------------
accept_complex(NONHOLOMORPHIC, _svd, _svdvals)
