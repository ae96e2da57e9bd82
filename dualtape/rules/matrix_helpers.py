"""Matrix helpers for the linear-algebra rules, built from table operations.

Every helper works on the last two axes, so it keeps its meaning when a
tangent carries leading direction axes, and it is differentiable because it
only uses table entries (masks and identity matrices are plain constants).
"""
import numpy as np

from ..core.arrays import shape


def mT(x):
    """Swap the last two axes (the matrix transpose of a stack of matrices)."""
    from .shapes import swapaxes
    return swapaxes(x, -1, -2)


def diag_part(x):
    """The diagonal of the last two axes: shape ``(..., min(m, n))``."""
    from .indexing import getitem
    m, n = shape(x)[-2:]
    k = np.arange(min(m, n))
    return getitem(x, (Ellipsis, k, k))


def diag_embed(v):
    """Square matrices with `v` (shape ``(..., k)``) on the diagonal."""
    from .shapes import expand_dims
    k = shape(v)[-1]
    return expand_dims(v, -1) * np.eye(k)


def lower(x, k=0):
    """Keep the lower triangle (diagonal `k` and below) of the last two axes."""
    m, n = shape(x)[-2:]
    return x * np.tri(m, n, k)


def upper(x, k=0):
    """Keep the upper triangle (diagonal `k` and above) of the last two axes."""
    m, n = shape(x)[-2:]
    return x * (1.0 - np.tri(m, n, k - 1))


def sym_from_lower(t):
    """The symmetric matrix a routine reading only the lower triangle sees:
    ``tril(t) + tril(t, -1)ᵀ``."""
    return lower(t) + mT(lower(t, -1))


def sym_from_lower_adjoint(s):
    """The transpose of `sym_from_lower`: ``tril(s) + tril(sᵀ, -1)``."""
    return lower(s) + lower(mT(s), -1)


def check_square(x, who):
    s = shape(x)
    if len(s) < 2 or s[-1] != s[-2]:
        raise np.linalg.LinAlgError(
            f"{who}: expected a square matrix (or a stack of them) in the last two axes, "
            f"got shape {s}")


def check_float(x, who):
    from ..core.box import raw
    dt = np.result_type(raw(x))
    if np.issubdtype(dt, np.complexfloating):
        raise TypeError(f"{who}: complex matrices are not supported by dualtape's linear algebra")
