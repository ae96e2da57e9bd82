"""Matrix decompositions: ``cholesky``, ``eigh``/``eigvalsh`` and ``qr`` (reduced);
the SVD is in `linalg_svd`.

Every rule is written with table operations, so each one is differentiable
again.  Where NumPy reads one triangle of a symmetric (Hermitian) input
(``cholesky`` and ``eigh`` read the lower one), the derivative is that of the
function NumPy computes: only the lower triangle of the input receives a
cotangent (and, for complex input, only the real part of its diagonal).

Where a derivative does not exist, the rules raise instead of returning
infinities: eigenvector derivatives need distinct eigenvalues.  Eigenvalues
alone (``eigvalsh``) have their own entry, whose rules need no gap.

Derivatives used, with ``S = dA`` made Hermitian from its lower triangle,
``F_ij = 1/(w_j - w_i)`` off the diagonal and 0 on it, ``∘`` the elementwise
product and ``ᴴ`` the conjugate transpose (``ᵀ`` for real matrices)::

    cholesky  dL = L Φ(L⁻¹ S L⁻ᴴ),  Φ = lower triangle with half the diagonal
    eigh      dw = Re diag(Vᴴ S V),  dV = V (F ∘ Vᴴ S V) + i V diag(ψ)
    qr        C = Qᴴ dA R⁻¹, Ω = tril(C, -1) - tril(C, -1)ᴴ + i Im diag(C):
              dQ = Q (Ω - C) + dA R⁻¹,  dR = (C - Ω) R

ψ keeps the phase of complex eigenvectors: their first entry stays real, as
LAPACK returns them (`matrix_helpers.real_first_row`); it is zero for real
matrices.  ``R`` of a complex QR has a real diagonal (LAPACK's), hence the
``i Im diag(C)`` in Ω.  The adjoints are the transposes of these tangents under
``Re Σ a·b`` (see `complex_values`).
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .complex_values import conj, is_complex, imag_part, real_part, accept_complex, NONHOLOMORPHIC
from .indexing import getitem
from .linalg_inverses import solve
from .matmul import matmul
from .matrix_helpers import (mT, mH, diag_part, diag_embed, lower, sym_from_lower,
                             sym_from_lower_adjoint, check_square, check_distinct, gap_inverse,
                             expand_row, real_first_row, phase_rate, phase_rate_adjoint,
                             phase_cotangent, spd, symmetric_distinct, well_conditioned)
from .shapes import concatenate

__all__ = ["cholesky", "eigh", "eigvalsh", "qr"]

EighResult = collections.namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
QRResult = collections.namedtuple("QRResult", ["Q", "R"])


# --- cholesky ----------------------------------------------------------------------------

def _phi(x):
    """Lower triangle with the diagonal halved."""
    n = shape(x)[-1]
    return x * (np.tri(n) - 0.5 * np.eye(n))


def _cholesky_tangent(ts, out, a):
    s = sym_from_lower(ts[0])
    inner = solve(out, mH(solve(out, s)))        # L⁻¹ S L⁻ᴴ (S Hermitian)
    return matmul(out, _phi(inner))


def _cholesky_adjoint(g, out, a):
    # ⟨Ḡ, L Φ(L⁻¹ S L⁻ᴴ)⟩ = ⟨L⁻ᵀ Φ(Lᵀ Ḡ) conj(L⁻¹), S⟩, then undo the symmetrisation.
    lt = mT(out)
    s_bar = solve(lt, mT(solve(mH(out), mT(_phi(matmul(lt, g))))))
    return (sym_from_lower_adjoint(s_bar),)


_cholesky = defprimitive(
    "linalg.cholesky", np.linalg.cholesky, _cholesky_tangent, _cholesky_adjoint,
    family="linalg_decompositions",
    examples=lambda rng: [((spd(rng, (3, 3)),), {}), ((spd(rng, (2, 4, 4)),), {})])


def cholesky(a, upper=False):
    """``numpy.linalg.cholesky``: lower-triangular L with ``a = L Lᴴ`` (reads the lower
    triangle of `a`; ``upper=True`` gives ``Lᴴ`` from the upper triangle).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.cholesky(a)[0, 0])(np.diag([4.0, 9.0]))
        array([[0.25, 0.  ],
               [0.  , 0.  ]])
    """
    check_square(a, "linalg.cholesky")
    if upper:
        return mH(bind(_cholesky, mH(a)))
    return bind(_cholesky, a)


# --- eigh / eigvalsh -----------------------------------------------------------------------

def _check_distinct(w):
    check_distinct(w, "linalg.eigh", "eigenvalues", "linalg.eigvalsh")


def _eigh_impl(a):
    w, v = np.linalg.eigh(a)
    if np.iscomplexobj(v):
        v = real_first_row(v)[0]         # LAPACK's phases, made explicit
    return w, v


def _eigh_tangent(ts, out, a):
    w, v = out
    _check_distinct(w)
    p = matmul(matmul(mH(v), sym_from_lower(ts[0])), v)
    dv = matmul(v, gap_inverse(w) * p)
    if is_complex(v):
        dv = dv + 1j * v * phase_rate(dv, v)
    return real_part(diag_part(p)), dv


def _eigh_adjoint(g, out, a):
    w, v = out
    gw, gv = g
    inner = diag_embed(gw)
    if np.any(np.asarray(raw(gv)) != 0):      # eigenvector cotangent: needs distinct eigenvalues
        _check_distinct(w)
        if is_complex(v):
            gv = gv + phase_rate_adjoint(phase_cotangent(gv, v), v)
        inner = inner + gap_inverse(w) * matmul(mT(v), gv)
    return (sym_from_lower_adjoint(matmul(matmul(conj(v), inner), mT(v))),)


_eigh = defprimitive(
    "linalg.eigh", _eigh_impl, _eigh_tangent, _eigh_adjoint, multiple_results=True,
    family="linalg_decompositions",
    examples=lambda rng: [((symmetric_distinct(rng, (3, 3)),), {}),
                          ((symmetric_distinct(rng, (2, 4, 4)),), {})])


def eigh(a, UPLO="L"):
    """``numpy.linalg.eigh``: eigenvalues (ascending) and orthonormal eigenvectors of a
    symmetric (Hermitian) matrix, read from its lower (``UPLO="L"``) or upper triangle.

    The eigenvector derivative exists only for distinct eigenvalues; at repeated
    ones differentiating the vectors raises ``LinAlgError`` (use `eigvalsh` when
    only the eigenvalues are needed).  Complex eigenvectors come with a real first
    entry, as LAPACK gives them from the lower triangle; that fixes their phase,
    and their derivative keeps it.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[2.0, 1.0], [1.0, 2.0]])
        >>> dt.gradient(lambda a: dt.numpy.linalg.eigh(a)[0][1])(a)   # v vᵀ, lower triangle
        array([[0.5, 0. ],
               [1. , 0.5]])
    """
    check_square(a, "linalg.eigh")
    if UPLO not in ("L", "U"):
        raise ValueError(f"linalg.eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    if UPLO == "U":
        a = mH(a)                          # its lower triangle is a's upper one, conjugated
    return EighResult(*bind(_eigh, a))


def _eigvalsh_tangent(ts, out, a):
    v = bind(_eigh, a)[1]
    return real_part(diag_part(matmul(matmul(mH(v), sym_from_lower(ts[0])), v)))


def _eigvalsh_adjoint(g, out, a):
    v = bind(_eigh, a)[1]
    return (sym_from_lower_adjoint(matmul(conj(v) * expand_row(g), mT(v))),)


_eigvalsh = defprimitive(
    "linalg.eigvalsh", np.linalg.eigvalsh, _eigvalsh_tangent, _eigvalsh_adjoint,
    family="linalg_decompositions",
    examples=lambda rng: [((symmetric_distinct(rng, (3, 3)),), {}),
                          ((symmetric_distinct(rng, (2, 4, 4)),), {})])


def eigvalsh(a, UPLO="L"):
    """``numpy.linalg.eigvalsh``: the eigenvalues of a symmetric (Hermitian) matrix,
    ascending.

    Their derivative ``dw_i = Re(v_iᴴ dA v_i)`` needs no gap between eigenvalues.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.eigvalsh(a).sum())(np.eye(2))
        array([[1., 0.],
               [0., 1.]])
    """
    check_square(a, "linalg.eigvalsh")
    if UPLO == "U":
        a = mH(a)
    return bind(_eigvalsh, a)


# --- qr ------------------------------------------------------------------------------------

def _qr_impl(a):
    q, r = np.linalg.qr(a)
    return q, r


def _right_solve(x, r):
    """x R⁻¹, as a solve with Rᵀ (R square, upper triangular)."""
    return mT(solve(mT(r), mT(x)))


def _imaginary_diagonal(c):
    """i·Im(diag c) as a matrix: the part of Qᴴ dQ that R's real diagonal leaves."""
    return 1j * diag_embed(imag_part(diag_part(c)))


def _qr_tangent(ts, out, a):
    q, r = out
    dm = _right_solve(ts[0], r)                  # dA R⁻¹
    c = matmul(mH(q), dm)
    low = lower(c, -1)
    omega = low - mH(low)
    if is_complex(c):
        omega = omega + _imaginary_diagonal(c)
    return matmul(q, omega - c) + dm, matmul(c - omega, r)


def _qr_adjoint(g, out, a):
    q, r = out
    gq, gr = g
    gmat = matmul(gr, mT(r)) - matmul(mT(q), gq)
    c_bar = gmat - lower(gmat - mH(gmat), -1)
    if is_complex(c_bar):
        c_bar = c_bar - _imaginary_diagonal(gmat)
    m_bar = gq + matmul(conj(q), c_bar)
    return (mT(solve(r, mT(m_bar))),)            # M̄ R⁻ᵀ


_qr = defprimitive(
    "linalg.qr", _qr_impl, _qr_tangent, _qr_adjoint, multiple_results=True,
    family="linalg_decompositions",
    examples=lambda rng: [((well_conditioned(rng, (3, 3)),), {}),
                          ((rng.standard_normal((5, 3)),), {}),
                          ((rng.standard_normal((2, 4, 2)),), {})])


def qr(a, mode="reduced"):
    """``numpy.linalg.qr`` (reduced): ``Q`` with orthonormal columns and upper-triangular
    ``R``.  A wide matrix is factored as ``Q [R₁ R₂]`` with ``R₂ = Qᴴ a₂``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: dt.numpy.linalg.qr(a)[1][1, 1])(np.eye(2))
        array([[0., 0.],
               [0., 1.]])
    """
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
        r = concatenate([r1, matmul(mH(q), getitem(a, (Ellipsis, slice(None), slice(m, None))))],
                        axis=-1)
    return r if mode == "r" else QRResult(q, r)


# --- complex values: every decomposition here conjugates ----------------------------------------
accept_complex(NONHOLOMORPHIC, _cholesky, _eigh, _eigvalsh, _qr)
