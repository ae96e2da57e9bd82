"""Eigen-decomposition of general square matrices: ``eig`` and ``eigvals``.

NumPy (LAPACK's geev) returns eigenvalues w, complex in general (real, with
real eigenvectors, when every eigenvalue of a real matrix is real), and
eigenvectors normalised to **Euclidean norm 1 with their largest-modulus
component real**.  That fixes each vector up to its sign, which LAPACK picks
discontinuously (a change of 1e-9 in the matrix may flip it), so ``eig`` here
also makes the largest component **positive**: NumPy's vectors, each times
±1, now a differentiable function of the matrix.  The derivative of the
vectors depends on that normalisation; these rules differentiate exactly it.
With ``P = V⁻¹ dA V`` and ``F_ij = 1/(w_j − w_i)`` off the diagonal (0 on it)::

    dw  = diag(P)
    dV₀ = V (F ∘ P)                          (no component along each v_i)
    dV  = dV₀ + V diag(c),   Re c_i = −Re(v_iᴴ dV₀_i)          (norm stays 1)
                             Im c_i = −Im(dV₀[k_i, i]) / V[k_i, i]  (component k_i stays real)

where k_i is the row of the largest-modulus component of v_i.  The adjoint
is the transpose of this map under the real pairing ``Re Σ ḡ·ẏ`` (the
convention of complex cotangents; on a real input the real part is kept).
Eigenvectors, and eigenvalues too, have no derivative where eigenvalues are
repeated: both rules raise ``LinAlgError`` there.
"""
import collections

import numpy as np

from ..core.box import raw
from ..core.dispatch import bind
from ..core.primitive import defprimitive, TABLE
from ..core.arrays import shape
from .complex_values import is_complex, accept_complex, HOLOMORPHIC, NONHOLOMORPHIC
from .elementwise_more import real, imag, conj
from .matmul import matmul
from .matrix_helpers import mT, diag_part, diag_embed, check_square
from .reductions import sum as _sum
from .shapes import expand_dims

__all__ = ["eig", "eigvals"]

EigResult = collections.namedtuple("EigResult", ["eigenvalues", "eigenvectors"])

# Eigenvalues closer than this, relative to the largest, count as repeated.
DEGENERATE_RTOL = 1e-10


def _solve(a, b):
    # The table's solve entry: its rules are complex-linear, so they hold for complex
    # eigenvector matrices too (the public `solve` still refuses complex matrices).
    return bind(TABLE["linalg.solve"], a, b)


def _check_distinct(w, who):
    w = np.asarray(raw(w))
    n = w.shape[-1]
    if n < 2:
        return
    gaps = np.where(np.eye(n, dtype=bool), np.inf, np.abs(w[..., :, None] - w[..., None, :]))
    scale = np.max(np.abs(w), axis=-1)[..., None, None]
    if np.any(gaps <= DEGENERATE_RTOL * np.maximum(scale, np.finfo(float).tiny)):
        raise np.linalg.LinAlgError(
            f"{who}: the eigenvalues are (nearly) repeated, so neither they nor the "
            f"eigenvectors have a derivative there; perturb the matrix to separate them")


def _gap_inverse(w):
    """F with ``F_ij = 1/(w_j − w_i)`` off the diagonal and 0 on it (table operations)."""
    n = shape(w)[-1]
    eye = np.eye(n)
    return (1.0 / (expand_dims(w, -2) - expand_dims(w, -1) + eye)) * (1.0 - eye)


def _largest_rows(v):
    """One-hot (..., n, n): entry (k, i) is 1 where k is the row of v_i's largest component."""
    r = np.asarray(raw(v))
    k = np.argmax(np.abs(r), axis=-2)
    return (np.arange(r.shape[-1])[:, None] == k[..., None, :]).astype(float)


def _eig_impl(a):
    w, v = np.linalg.eig(a)
    # LAPACK fixes each vector up to a sign, and picks that sign discontinuously (a change
    # of 1e-9 in `a` may flip it): the largest component is made positive, so the vectors
    # are a differentiable function of `a`.
    k = np.argmax(np.abs(v), axis=-2)[..., None, :]
    return w, v * np.sign(np.take_along_axis(v, k, axis=-2).real)


def _eig_tangent(ts, out, a):
    w, v = out
    _check_distinct(w, "linalg.eig")
    p = _solve(v, matmul(ts[0], v))
    dv0 = matmul(v, _gap_inverse(w) * p)
    dw = diag_part(p)
    if not (is_complex(v) or is_complex(dv0)):
        along = _sum(v * dv0, axis=-2)                 # real vectors: only the norm to keep
        return dw, dv0 - v * expand_dims(along, -2)
    onehot = _largest_rows(v)
    top = real(_sum(v * onehot, axis=-2))            # V[k_i, i], real by the convention
    re_c = -real(_sum(conj(v) * dv0, axis=-2))
    im_c = -imag(_sum(dv0 * onehot, axis=-2)) / top
    return dw, dv0 + v * expand_dims(re_c + 1j * im_c, -2)


def _eig_adjoint(g, out, a):
    w, v = out
    gw, gv = g
    _check_distinct(w, "linalg.eig")
    s = _sum(gv * v, axis=-2)
    if is_complex(v) or is_complex(gv):
        onehot = _largest_rows(v)
        top = real(_sum(v * onehot, axis=-2))
        gv0 = gv - conj(v) * expand_dims(real(s), -2) + \
            onehot * expand_dims(-1j * imag(s) / top, -2)
    else:
        gv0 = gv - v * expand_dims(s, -2)
    gp = diag_embed(gw) + _gap_inverse(w) * matmul(mT(v), gv0)
    ga = matmul(_solve(mT(v), gp), mT(v))              # V⁻ᵀ P̄ Vᵀ
    return (ga if is_complex(a) else real(ga),)


def _distinct_real(rng, shape_):
    """Random matrices ``Q diag(w) Q⁻¹`` with real eigenvalues at least 1 apart."""
    n = shape_[-1]
    q = np.eye(n) + 0.3 * rng.standard_normal(shape_)       # well-conditioned eigenvectors
    w = np.arange(n) * 1.3 - 1.0 + rng.uniform(-0.2, 0.2, shape_[:-1])
    return (q * w[..., None, :]) @ np.linalg.inv(q)


def _complex_pair(rng, n):
    """A real matrix with a complex-conjugate pair of eigenvalues (and distinct others)."""
    d = np.diag(np.arange(n) * 1.5 + 1.0)
    d[:2, :2] = [[0.5, 1.2], [-1.2, 0.5]]
    q = np.eye(n) + 0.3 * rng.standard_normal((n, n))
    return q @ d @ np.linalg.inv(q)


def _examples(rng):
    return [((_distinct_real(rng, (3, 3)),), {}), ((_complex_pair(rng, 3),), {}),
            ((np.stack([_complex_pair(rng, 3), _distinct_real(rng, (3, 3))]),), {})]


_eig = defprimitive(
    "linalg.eig", _eig_impl, _eig_tangent, _eig_adjoint, multiple_results=True,
    family="linalg_eig", examples=_examples)


def eig(a):
    """``numpy.linalg.eig``: eigenvalues and unit-norm eigenvectors (largest component
    real) of a square matrix; complex unless every eigenvalue of a real matrix is real.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[2.0, 1.0], [0.0, 3.0]])
        >>> dt.gradient(lambda a: dt.numpy.linalg.eig(a)[0][1])(a)    # u vᵀ/(uᵀv): u, v left, right
        array([[0., 0.],
               [1., 1.]])
    """
    check_square(a, "linalg.eig")
    return EigResult(*bind(_eig, a))


def _matching(values, reference):
    """Π (..., n, n) with ``values = Π @ reference`` (each value matched to the nearest)."""
    x, y = np.asarray(raw(values)), np.asarray(raw(reference))
    nearest = np.argmin(np.abs(x[..., :, None] - y[..., None, :]), axis=-1)
    pi = (nearest[..., :, None] == np.arange(x.shape[-1])).astype(float)
    if np.any(pi.sum(axis=-2) != 1):
        raise np.linalg.LinAlgError("linalg.eigvals: the eigenvalues could not be matched to "
                                    "their eigenvectors (nearly repeated eigenvalues)")
    return pi


def _eigvals_tangent(ts, out, a):
    w, v = bind(_eig, a)
    _check_distinct(w, "linalg.eigvals")
    dw = diag_part(_solve(v, matmul(ts[0], v)))
    return _sum(_matching(out, w) * expand_dims(dw, -2), axis=-1)


def _eigvals_adjoint(g, out, a):
    w, v = bind(_eig, a)
    _check_distinct(w, "linalg.eigvals")
    gw = _sum(_matching(out, w) * expand_dims(g, -1), axis=-2)
    ga = matmul(_solve(mT(v), diag_embed(gw)), mT(v))
    return (ga if is_complex(a) else real(ga),)


_eigvals = defprimitive(
    "linalg.eigvals", np.linalg.eigvals, _eigvals_tangent, _eigvals_adjoint,
    family="linalg_eig", examples=_examples)


def eigvals(a):
    """``numpy.linalg.eigvals``: the eigenvalues of a square matrix, as NumPy orders them.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> a = np.array([[0.0, -1.0], [1.0, 0.0]])       # eigenvalues ±i
        >>> dt.jvp(dt.numpy.linalg.eigvals, (a,), (np.eye(2),))[1]
        array([1.+0.j, 1.+0.j])
    """
    check_square(a, "linalg.eigvals")
    return bind(_eigvals, a)


# --- complex values: simple eigenvalues are holomorphic in the matrix; the vectors'
# normalisation (unit norm, a real largest component) conjugates
accept_complex(HOLOMORPHIC, _eigvals)
accept_complex(NONHOLOMORPHIC, _eig)
