"""Matrix helpers for the linear-algebra rules, built from table operations,
and the random matrices the audit feeds those rules.

Every helper works on the last two axes, so it keeps its meaning when a
tangent carries leading direction axes, and it is differentiable because it
only uses table entries (masks and identity matrices are plain constants).
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape
from .indexing import getitem
from .shapes import swapaxes, expand_dims


def mT(x):
    """Swap the last two axes (the matrix transpose of a stack of matrices).

    Example:
        >>> mT(np.zeros((4, 2, 3))).shape
        (4, 3, 2)
    """
    return swapaxes(x, -1, -2)


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
    """The symmetric matrix a routine reading only the lower triangle sees:
    ``tril(t) + tril(t, -1)ᵀ``.

    Example:
        >>> sym_from_lower(np.array([[1.0, 9.0], [2.0, 3.0]]))
        array([[1., 2.],
               [2., 3.]])
    """
    return lower(t) + mT(lower(t, -1))


def sym_from_lower_adjoint(s):
    """The transpose of `sym_from_lower`: ``tril(s) + tril(sᵀ, -1)``.

    Example:
        >>> sym_from_lower_adjoint(np.array([[1.0, 4.0], [2.0, 3.0]]))
        array([[1., 0.],
               [6., 3.]])
    """
    return lower(s) + lower(mT(s), -1)


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
    """Raise ``TypeError`` naming `who` for a complex `x` (real matrices only).

    Example:
        >>> check_float(np.eye(2) * 1j, "linalg.det")
        Traceback (most recent call last):
        ...
        TypeError: linalg.det: complex matrices are not supported by dualtape's linear algebra
    """
    dt = np.result_type(raw(x))
    if np.issubdtype(dt, np.complexfloating):
        raise TypeError(f"{who}: complex matrices are not supported by dualtape's linear algebra")


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
