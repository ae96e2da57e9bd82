"""Matrix helpers for the linear-algebra rules, built from table operations,
and the random matrices the audit feeds those rules.

Every helper works on the last two axes, so it keeps its meaning when a
tangent carries leading direction axes, and it is differentiable because it
only uses table entries (masks and identity matrices are plain constants).
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape
from .complex_values import conj, is_complex, real_part, imag_part
from .indexing import getitem
from .reductions import sum as _sum
from .shapes import swapaxes, expand_dims


def mT(x):
    """Swap the last two axes (the matrix transpose of a stack of matrices).

    Example:
        >>> mT(np.zeros((4, 2, 3))).shape
        (4, 3, 2)
    """
    return swapaxes(x, -1, -2)


def mH(x):
    """The conjugate transpose of the last two axes (the transpose of a real matrix).

    Formulas of the decompositions use it where the matrix algebra has a
    conjugate transpose (``Qᴴ Q = I``); the adjoint rules keep plain
    transposes `mT` (the convention of `complex_values`).

    Example:
        >>> mH(np.array([[1j, 2.0]]))
        array([[0.-1.j],
               [2.-0.j]])
    """
    return conj(swapaxes(x, -1, -2))


def diag_part(x):
    """The diagonal of the last two axes: shape ``(..., min(m, n))``.

    Example:
        >>> diag_part(np.arange(6.0).reshape(2, 3))
        array([0., 4.])
    """
    m, n = shape(x)[-2:]
    k = np.arange(min(m, n))
    return getitem(x, (Ellipsis, k, k))


def diag_embed(v):
    """Square matrices with `v` (shape ``(..., k)``) on the diagonal.

    Example:
        >>> diag_embed(np.array([1.0, 2.0]))
        array([[1., 0.],
               [0., 2.]])
    """
    k = shape(v)[-1]
    return expand_dims(v, -1) * np.eye(k)


def lower(x, k=0):
    """Keep the lower triangle (diagonal `k` and below) of the last two axes.

    Example:
        >>> lower(np.ones((2, 2)))
        array([[1., 0.],
               [1., 1.]])
    """
    m, n = shape(x)[-2:]
    return x * np.tri(m, n, k)


def upper(x, k=0):
    """Keep the upper triangle (diagonal `k` and above) of the last two axes.

    Example:
        >>> upper(np.ones((2, 2)), 1)
        array([[0., 1.],
               [0., 0.]])
    """
    m, n = shape(x)[-2:]
    return x * (1.0 - np.tri(m, n, k - 1))


def sym_from_lower(t):
    """The symmetric (complex: Hermitian) matrix a routine reading only the lower
    triangle sees: ``tril(t) + tril(t, -1)ᵀ``, and for complex `t`
    ``tril(t, -1) + diag(Re t) + tril(t, -1)ᴴ`` (LAPACK ignores the imaginary
    part of the diagonal).

    Example:
        >>> sym_from_lower(np.array([[1.0, 9.0], [2.0, 3.0]]))
        array([[1., 2.],
               [2., 3.]])
        >>> sym_from_lower(np.array([[1 + 5j, 9.0], [2j, 3.0]]))
        array([[1.+0.j, 0.-2.j],
               [0.+2.j, 3.+0.j]])
    """
    if not is_complex(t):
        return lower(t) + mT(lower(t, -1))
    strict = lower(t, -1)
    return strict + diag_embed(real_part(diag_part(t))) + mH(strict)


def sym_from_lower_adjoint(s):
    """The adjoint of `sym_from_lower` (under ``Re Σ a·b``): ``tril(s) + tril(sᵀ, -1)``,
    and for complex `s` ``tril(s, -1) + diag(Re s) + tril(sᴴ, -1)``.

    Example:
        >>> sym_from_lower_adjoint(np.array([[1.0, 4.0], [2.0, 3.0]]))
        array([[1., 0.],
               [6., 3.]])
    """
    if not is_complex(s):
        return lower(s) + lower(mT(s), -1)
    return lower(s, -1) + diag_embed(real_part(diag_part(s))) + lower(mH(s), -1)


# Eigenvalues (or squared singular values) closer than this, relative to the
# largest, count as equal: the vector derivatives are then undefined.
DEGENERATE_RTOL = 1e-10


def check_distinct(w, who, what, hint):
    """Raise ``LinAlgError`` naming `who` when values `w` (raw, last axis) are
    (nearly) repeated, so the matching vectors have no derivative; `hint` names
    the entry that differentiates the values alone.

    Example:
        >>> check_distinct(np.array([1.0, 1.0]), "linalg.eigh", "eigenvalues", "linalg.eigvalsh")
        Traceback (most recent call last):
        ...
        numpy.linalg.LinAlgError: linalg.eigh: the eigenvalues are (nearly) repeated, ...
    """
    w = np.asarray(raw(w))
    if w.shape[-1] < 2:
        return
    gaps = np.abs(np.diff(np.sort(w, axis=-1), axis=-1))
    scale = np.max(np.abs(w), axis=-1, keepdims=True)
    if np.any(gaps <= DEGENERATE_RTOL * np.maximum(scale, np.finfo(float).tiny)):
        raise np.linalg.LinAlgError(
            f"{who}: the {what} are (nearly) repeated, so the vectors are not unique and "
            f"have no derivative. Differentiate only the values ({hint}), or "
            f"perturb the matrix to separate them.")


def gap_inverse(w):
    """F with ``F_ij = 1 / (w_j - w_i)`` off the diagonal and 0 on it (table ops).

    Example:
        >>> gap_inverse(np.array([1.0, 3.0]))
        array([[ 0. ,  0.5],
               [-0.5,  0. ]])
    """
    n = shape(w)[-1]
    eye = np.eye(n)
    diff = expand_dims(w, -2) - expand_dims(w, -1) + eye
    return (1.0 / diff) * (1.0 - eye)


def expand_row(g):
    """A vector ``(..., n)`` as a row ``(..., 1, n)`` that scales the columns of a matrix.

    Example:
        >>> expand_row(np.ones(3)).shape
        (1, 3)
    """
    return expand_dims(g, -2)


# --- the phase of complex singular and eigen vectors -------------------------------------------
# A complex unit vector is unique only up to a phase e^{iθ}.  LAPACK returns the
# vectors with a real first entry (the eigenvectors of a Hermitian matrix read from
# its lower triangle; V of an SVD with m >= n, U when m < n); `real_first_row`
# makes that choice explicit, and the derivative of a vector is the one that keeps
# its first entry real: the natural derivative d plus i·v·ψ, with ψ from `phase_rate`.

def real_first_row(v):
    """The complex matrices `v` (raw) with each column turned by a phase so that
    its first entry is real, keeping the sign of its real part, and those phases
    (shape ``(..., 1, n)``; 1 where the entry is 0).  LAPACK's vectors have a real
    first row up to round-off: then the phases are 1 to round-off.

    Example:
        >>> fixed, phases = real_first_row(np.array([[1j, -2.0], [1.0, 0.0]]))
        >>> fixed
        array([[ 1.+0.j, -2.+0.j],
               [ 0.-1.j,  0.+0.j]])
        >>> phases
        array([[0.-1.j, 1.+0.j]])
    """
    first = v[..., :1, :]
    size = np.abs(first)
    sign = np.where(first.real < 0, -1.0, 1.0)
    phases = np.where(size > 0, sign * np.conj(first) / np.where(size > 0, size, 1.0), 1.0)
    phases = phases.astype(v.dtype, copy=False)   # complex64 vectors stay complex64, as LAPACK's
    fixed = v * phases
    fixed[..., 0, :] = fixed[..., 0, :].real     # exactly real, not real to round-off
    return fixed, phases


def phase_rate(d, v):
    """ψ (real, shape ``(..., 1, n)``) with ``d + i·v·ψ`` keeping the first row of `v`
    real: ``ψ = -Im(d[0]) / v[0]`` (`v`'s first row is real, `d` a tangent of it).

    Example:
        >>> v = np.array([[2.0 + 0j], [1j]]); d = np.array([[1 + 4j], [0j]])
        >>> psi = phase_rate(d, v); d + 1j * v * psi
        array([[1.+0.j],
               [2.+0.j]])
    """
    first = getitem(d, (Ellipsis, slice(0, 1), slice(None)))
    return -imag_part(first) / real_part(getitem(v, (Ellipsis, slice(0, 1), slice(None))))


def phase_rate_adjoint(psi_bar, v):
    """The adjoint of `phase_rate` in its `d` (under ``Re Σ a·b``): the cotangent
    ``psi_bar`` of ψ sent to d̄, zero except its first row ``i·psi_bar / v[0]``.

    Example:
        >>> phase_rate_adjoint(np.array([[1.0]]), np.array([[2.0 + 0j], [1j]]))
        array([[0.+0.5j],
               [0.+0.j ]])
    """
    m = shape(v)[-2]
    first_row = np.eye(m)[:, :1]
    v0 = real_part(getitem(v, (Ellipsis, slice(0, 1), slice(None))))
    return first_row * (1j * psi_bar / v0)


def phase_cotangent(g, v):
    """The cotangent of θ (shape ``(..., 1, n)``) for a term ``i·v·diag(θ)`` whose
    cotangent is `g`: ``-Im Σ_i g_ij v_ij``.

    Example:
        >>> phase_cotangent(np.array([[1.0], [2.0]]), np.array([[1j], [0j]]))
        array([[-1.]])
    """
    return -imag_part(sum_over_rows(g * v))


def sum_over_rows(x):
    """Σ over the second-to-last axis, kept as a row ``(..., 1, n)``.

    Example:
        >>> sum_over_rows(np.ones((2, 3)))
        array([[2., 2., 2.]])
    """
    return _sum(x, axis=-2, keepdims=True)


def check_square(x, who):
    """Raise ``LinAlgError`` naming `who` unless the last two axes of `x` are square.

    Example:
        >>> check_square(np.zeros((2, 3)), "linalg.inv")
        Traceback (most recent call last):
        ...
        numpy.linalg.LinAlgError: linalg.inv: expected a square matrix (or a stack of them) ...
    """
    s = shape(x)
    if len(s) < 2 or s[-1] != s[-2]:
        raise np.linalg.LinAlgError(
            f"{who}: expected a square matrix (or a stack of them) in the last two axes, "
            f"got shape {s}")


def check_float(x, who):
    """Raise ``TypeError`` naming `who` for a complex `x`: for the functions written
    for real matrices only (``dualtape.scipy.linalg``'s).

    Example:
        >>> check_float(np.eye(2) * 1j, "linalg.lu_factor")
        Traceback (most recent call last):
        ...
        TypeError: linalg.lu_factor: complex matrices are not supported here; ...
    """
    dt = np.result_type(raw(x))
    if np.issubdtype(dt, np.complexfloating):
        raise TypeError(f"{who}: complex matrices are not supported here; numpy.linalg's "
                        f"functions (dualtape.numpy.linalg) take them")


# --- audit inputs: random matrices inside each rule's domain -------------------------------

def well_conditioned(rng, shape_):
    """Random square matrices kept away from singularity (``+ 3 I``).

    Example:
        >>> well_conditioned(np.random.default_rng(0), (2, 3, 3)).shape
        (2, 3, 3)
    """
    n = shape_[-1]
    return rng.standard_normal(shape_) + 3.0 * np.eye(n)


def spd(rng, shape_):
    """Random symmetric positive-definite matrices (``B Bᵀ + n I``).

    Example:
        >>> bool(np.all(np.linalg.eigvalsh(spd(np.random.default_rng(0), (3, 3))) > 0))
        True
    """
    n = shape_[-1]
    b = rng.standard_normal(shape_)
    return b @ np.swapaxes(b, -1, -2) + n * np.eye(n)


def symmetric_distinct(rng, shape_):
    """Random symmetric matrices with eigenvalues at least 1.1 apart.

    Example:
        >>> w = np.linalg.eigvalsh(symmetric_distinct(np.random.default_rng(0), (3, 3)))
        >>> bool(np.all(np.diff(w) > 1.0))
        True
    """
    n = shape_[-1]
    q, _ = np.linalg.qr(rng.standard_normal(shape_))
    w = np.arange(1.0, n + 1.0) * 1.5 - 2.0 + rng.uniform(-0.2, 0.2, shape_[:-1])
    return (q * w[..., None, :]) @ np.swapaxes(q, -1, -2)
