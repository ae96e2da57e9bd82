"""How the audit measures agreement: inner products and relative errors.

Every check reduces two independent computations of one derivative to two
numbers (or arrays) and reports how far apart they are, relative to a scale.
"""
import numpy as np


def inner(a, b):
    """Re Σ a·b as a Python float (complex values pair as in rules/complex_values.py).

    Example:
        >>> import numpy as np
        >>> inner(np.array([1.0, 2.0]), np.array([3.0, 4.0])), inner(1j, 1j)
        (11.0, -1.0)
    """
    return float(np.real(np.sum(np.asarray(a) * np.asarray(b))))


def abs_inner(a, b):
    """Σ |a·b|: the size an inner product is measured against.

    Example:
        >>> import numpy as np
        >>> abs_inner(np.array([1.0, -2.0]), np.array([3.0, 4.0]))
        11.0
    """
    return float(np.sum(np.abs(np.asarray(a) * np.asarray(b))))


def relative_error(a, b, scale):
    """|a - b| relative to `scale`, or to |a| or |b| where one of them is larger.

    Example:
        >>> relative_error(1.0, 1.5, 0.1), relative_error(2.0, 2.0, 0.0)
        (0.3333333333333333, 0.0)
    """
    return abs(a - b) / max(scale, abs(a), abs(b), 1e-300)


def worse(worst, err):
    """The larger error, where NaN counts as the worst (Python's max would drop it).

    Example:
        >>> worse(1e-3, 1e-9), worse(1e-3, float("nan"))
        (0.001, nan)
    """
    return err if not err <= worst else worst
