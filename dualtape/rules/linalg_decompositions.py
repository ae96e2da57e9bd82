"""Matrix decompositions: ``cholesky``, ``eigh``/``eigvalsh``, ``svd`` (reduced,
or singular values alone) and ``qr`` (reduced).

Every rule is written with table operations, so each one is differentiable
again.  Where NumPy reads one triangle of a symmetric input (``cholesky``
and ``eigh`` read the lower one), the derivative is that of the function NumPy
computes: only the lower triangle of the input receives a cotangent.

Where a derivative does not exist, the rules raise instead of returning
infinities: eigenvector derivatives need distinct eigenvalues, singular
vector derivatives need distinct, non-zero singular values.  Eigenvalues and
singular values alone (``eigvalsh``, ``svd(..., compute_uv=False)``) have their
own entries, whose rules need neither.

Derivatives used, with ``S = dA`` (symmetrised from its lower triangle where
NumPy reads one triangle), ``F_ij = 1/(w_j - w_i)`` (or ``1/(s_j² - s_i²)``)
off the diagonal and 0 on it, ``∘`` the elementwise product::

    cholesky  dL = L Φ(L⁻¹ S L⁻ᵀ),  Φ = lower triangle with half the diagonal
    eigh      dw = diag(Vᵀ S V),    dV = V (F ∘ Vᵀ S V)
    svd       P = Uᵀ dA V:  ds = diag(P),
              dU = U (F ∘ (P Σ + Σ Pᵀ)) + (I - U Uᵀ) dA V Σ⁻¹,
              dV = V (F ∘ (Σ P + Pᵀ Σ)) + (I - V Vᵀ) dAᵀ U Σ⁻¹
    qr        C = Qᵀ dA R⁻¹, Ω = tril(C, -1) - tril(C, -1)ᵀ:
              dQ = Q (Ω - C) + dA R⁻¹,  dR = (C - Ω) R
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .indexing import getitem
from .linalg_inverses import solve
from .matmul import matmul
from .matrix_helpers import (mT, diag_part, diag_embed, lower, sym_from_lower, sym_from_lower_adjoint,
                             check_square, check_float, well_conditioned, spd, symmetric_distinct)
from .shapes import expand_dims, concatenate

__all__ = ["cholesky", "eigh", "eigvalsh", "svd", "qr"]

EighResult = collections.namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
SVDResult = collections.namedtuple("SVDResult", ["U", "S", "Vh"])
QRResult = collections.namedtuple("QRResult", ["Q", "R"])

# Eigenvalues (or squared singular values) closer than this, relative to the
# largest, count as equal: the vector derivatives are then undefined.
DEGENERATE_RTOL = 1e-10


# --- cholesky ----------------------------------------------------------------------------

def _phi(x):
    """Lower triangle with the diagonal halved."""
    n = shape(x)[-1]
    return x * (np.tri(n) - 0.5 * np.eye(n))


def _cholesky_tangent(ts, out, a):
    s = sym_from_lower(ts[0])
    inner = solve(out, mT(solve(out, s)))        # L⁻¹ S L⁻ᵀ (S symmetric)
    return matmul(out, _phi(inner))


def _cholesky_adjoint(g, out, a):
    # ⟨Ḡ, L Φ(L⁻¹ S L⁻ᵀ)⟩ = ⟨L⁻ᵀ Φ(Lᵀ Ḡ) L⁻¹, S⟩, then undo the symmetrisation.
    lt = mT(out)
    s_bar = solve(lt, mT(solve(lt, mT(_phi(matmul(lt, g))))))
    return (sym_from_lower_adjoint(s_bar),)


_cholesky = defprimitive(
    "linalg.cholesky", np.linalg.cholesky, _cholesky_tangent, _cholesky_adjoint,
    family="linalg_decompositions",
    examples=lambda rng: [((spd(rng, (3, 3)),), {}), ((spd(rng, (2, 4, 4)),), {})])


def cholesky(a, upper=False):
    """``numpy.linalg.cholesky``: lower-triangular L with ``a = L Lᵀ`` (reads the lower
    triangle of `a`; ``upper=True`` gives ``Lᵀ`` from the upper triangle).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.cholesky(a)[0, 0])(np.diag([4.0, 9.0]))
        array([[0.25, 0.  ],
               [0.  , 0.  ]])
    """
    check_square(a, "linalg.cholesky")
    check_float(a, "linalg.cholesky")
    if upper:
        return mT(bind(_cholesky, mT(a)))
    return bind(_cholesky, a)


# --- eigh / eigvalsh -----------------------------------------------------------------------

def _check_distinct(w, who, what="eigenvalues"):
    w = np.asarray(raw(w))
    if w.shape[-1] < 2:
        return
    gaps = np.abs(np.diff(np.sort(w, axis=-1), axis=-1))
    scale = np.max(np.abs(w), axis=-1, keepdims=True)
    if np.any(gaps <= DEGENERATE_RTOL * np.maximum(scale, np.finfo(float).tiny)):
        raise np.linalg.LinAlgError(
            f"{who}: the {what} are (nearly) repeated, so the vectors are not unique and "
            f"have no derivative. Differentiate only the values ({_values_hint(who)}), or "
            f"perturb the matrix to separate them.")


def _values_hint(who):
    return "linalg.eigvalsh" if "eigh" in who else "linalg.svd(a, compute_uv=False)"


def _gap_inverse(w):
    """F with ``F_ij = 1 / (w_j - w_i)`` off the diagonal and 0 on it (table ops)."""
    n = shape(w)[-1]
    eye = np.eye(n)
    diff = expand_dims(w, -2) - expand_dims(w, -1) + eye
    return (1.0 / diff) * (1.0 - eye)


def _eigh_impl(a):
    w, v = np.linalg.eigh(a)
    return w, v


def _eigh_tangent(ts, out, a):
    w, v = out
    _check_distinct(w, "linalg.eigh")
    p = matmul(matmul(mT(v), sym_from_lower(ts[0])), v)
    return diag_part(p), matmul(v, _gap_inverse(w) * p)


def _eigh_adjoint(g, out, a):
    w, v = out
    gw, gv = g
    inner = diag_embed(gw)
    if np.any(np.asarray(raw(gv)) != 0):      # eigenvector cotangent: needs distinct eigenvalues
        _check_distinct(w, "linalg.eigh")
        inner = inner + _gap_inverse(w) * matmul(mT(v), gv)
    return (sym_from_lower_adjoint(matmul(matmul(v, inner), mT(v))),)


_eigh = defprimitive(
    "linalg.eigh", _eigh_impl, _eigh_tangent, _eigh_adjoint, multiple_results=True,
    family="linalg_decompositions",
    examples=lambda rng: [((symmetric_distinct(rng, (3, 3)),), {}),
                          ((symmetric_distinct(rng, (2, 4, 4)),), {})])


def eigh(a, UPLO="L"):
    """``numpy.linalg.eigh``: eigenvalues (ascending) and orthonormal eigenvectors of a
    symmetric matrix, read from its lower (``UPLO="L"``) or upper triangle.

    The eigenvector derivative exists only for distinct eigenvalues; at repeated
    ones differentiating the vectors raises ``LinAlgError`` (use `eigvalsh` when
    only the eigenvalues are needed).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[2.0, 1.0], [1.0, 2.0]])
        >>> dt.gradient(lambda a: dt.numpy.linalg.eigh(a)[0][1])(a)   # v vᵀ, lower triangle
        array([[0.5, 0. ],
               [1. , 0.5]])
    """
    check_square(a, "linalg.eigh")
    check_float(a, "linalg.eigh")
    if UPLO not in ("L", "U"):
        raise ValueError(f"linalg.eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    if UPLO == "U":
        a = mT(a)
    return EighResult(*bind(_eigh, a))


_eigvalsh = defprimitive(
    "linalg.eigvalsh", np.linalg.eigvalsh,
    lambda ts, out, a: (lambda v: diag_part(matmul(matmul(mT(v), sym_from_lower(ts[0])), v)))(
        bind(_eigh, a)[1]),
    lambda g, out, a: (lambda v: (sym_from_lower_adjoint(matmul(v * _expand_row(g), mT(v))),))(
        bind(_eigh, a)[1]),
    family="linalg_decompositions",
    examples=lambda rng: [((symmetric_distinct(rng, (3, 3)),), {}),
                          ((symmetric_distinct(rng, (2, 4, 4)),), {})])


def _expand_row(g):
    return expand_dims(g, -2)


def eigvalsh(a, UPLO="L"):
    """``numpy.linalg.eigvalsh``: the eigenvalues of a symmetric matrix, ascending.

    Their derivative ``dw_i = v_iᵀ dA v_i`` needs no gap between eigenvalues.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.eigvalsh(a).sum())(np.eye(2))
        array([[1., 0.],
               [0., 1.]])
    """
    check_square(a, "linalg.eigvalsh")
    check_float(a, "linalg.eigvalsh")
    if UPLO == "U":
        a = mT(a)
    return bind(_eigvalsh, a)


# --- svd -----------------------------------------------------------------------------------

def _svd_impl(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return u, s, vh


def _svd_tangent(ts, out, a):
    u, s, vh = out
    _check_distinct(s * s, "linalg.svd", "singular values")
    _check_nonzero(s)
    t = ts[0]
    v = mT(vh)
    m, n = shape(a)[-2:]
    p = matmul(matmul(mT(u), t), v)
    f = _gap_inverse(s * s)
    srow = _expand_row(s)                      # P Σ  ==  P * srow ;  Σ P == P * scol
    scol = mT(srow)
    du = matmul(u, f * (p * srow + mT(p) * scol))
    dv = matmul(v, f * (p * scol + mT(p) * srow))
    if m > n:
        du = du + (matmul(t, v) - matmul(u, matmul(matmul(mT(u), t), v))) / srow
    if n > m:
        dv = dv + (matmul(mT(t), u) - matmul(v, matmul(vh, matmul(mT(t), u)))) / srow
    return du, diag_part(p), mT(dv)


def _svd_adjoint(g, out, a):
    u, s, vh = out
    gu, gs, gvh = g
    v, gv = mT(vh), mT(gvh)
    m, n = shape(a)[-2:]
    srow = _expand_row(s)
    scol = mT(srow)
    inner = diag_embed(gs)
    vectors = np.any(np.asarray(raw(gu)) != 0) or np.any(np.asarray(raw(gv)) != 0)
    if vectors:
        _check_distinct(s * s, "linalg.svd", "singular values")
        _check_nonzero(s)
        f = _gap_inverse(s * s)
        j = f * matmul(mT(u), gu)
        k = f * matmul(mT(v), gv)
        inner = inner + (j + mT(j)) * srow + (k + mT(k)) * scol
    ga = matmul(matmul(u, inner), vh)
    if vectors and m > n:
        ga = ga + matmul((gu - matmul(u, matmul(mT(u), gu))) / srow, vh)
    if vectors and n > m:
        ga = ga + matmul(u, mT(gv - matmul(v, matmul(vh, gv))) / scol)
    return (ga,)


def _check_nonzero(s):
    if np.any(np.asarray(raw(s)) == 0):
        raise np.linalg.LinAlgError(
            "linalg.svd: a singular value is zero, so the singular vectors have no derivative; "
            "differentiate only the singular values (compute_uv=False)")


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
        return diag_part(matmul(matmul(mT(u), ts[0]), mT(vh)))

    def adjoint(g, out, a):
        u, vh = vectors(a)
        return (matmul(u * _expand_row(g), vh),)
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
    values alone are differentiable wherever they are distinct.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.svd(a, compute_uv=False)[0])(np.diag([3.0, 1.0]))
        array([[1., 0.],
               [0., 0.]])
    """
    check_float(a, "linalg.svd")
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


# --- qr ------------------------------------------------------------------------------------

def _qr_impl(a):
    q, r = np.linalg.qr(a)
    return q, r


def _right_solve(x, r):
    """x R⁻¹, as a solve with Rᵀ (R square, upper triangular)."""
    return mT(solve(mT(r), mT(x)))


def _qr_tangent(ts, out, a):
    q, r = out
    dm = _right_solve(ts[0], r)                  # dA R⁻¹
    c = matmul(mT(q), dm)
    low = lower(c, -1)
    omega = low - mT(low)
    return matmul(q, omega - c) + dm, matmul(c - omega, r)


def _qr_adjoint(g, out, a):
    q, r = out
    gq, gr = g
    gmat = matmul(gr, mT(r)) - matmul(mT(q), gq)
    c_bar = gmat - lower(gmat - mT(gmat), -1)
    m_bar = gq + matmul(q, c_bar)
    return (mT(solve(r, mT(m_bar))),)            # M̄ R⁻ᵀ


_qr = defprimitive(
    "linalg.qr", _qr_impl, _qr_tangent, _qr_adjoint, multiple_results=True,
    family="linalg_decompositions",
    examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                          ((rng.standard_normal((5, 3)),), {}),
                          ((rng.standard_normal((2, 4, 2)),), {})])


def qr(a, mode="reduced"):
    """``numpy.linalg.qr`` (reduced): ``Q`` with orthonormal columns and upper-triangular
    ``R``.  A wide matrix is factored as ``Q [R₁ R₂]`` with ``R₂ = Qᵀ a₂``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.qr(a)[1][1, 1])(np.eye(2))
        array([[0., 0.],
               [0., 1.]])
    """
    check_float(a, "linalg.qr")
    if mode not in ("reduced", "r"):
        raise NotImplementedError(f"linalg.qr: mode={mode!r} is not differentiable here; use "
                                  f"mode='reduced' (or 'r')")
    if ndim(a) < 2:
        raise np.linalg.LinAlgError(f"linalg.qr: expected a matrix, got shape {shape(a)}")
    m, n = shape(a)[-2:]
    if m >= n:
        q, r = bind(_qr, a)
    else:
        q, r1 = bind(_qr, getitem(a, (Ellipsis, slice(None), slice(0, m))))
        r = concatenate([r1, matmul(mT(q), getitem(a, (Ellipsis, slice(None), slice(m, None))))], axis=-1)
    return r if mode == "r" else QRResult(q, r)
