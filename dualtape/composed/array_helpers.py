"""Small helpers shared by the array-manipulation compositions (stacking,
rearranging, selection, sequences): argument coercion and index building.

None of them computes a derivative; index arrays are plain integers.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, is_box
from ..core.dispatch import MASKED_ARRAY, masked_array_error
from ..rules.shapes import broadcast_to


def as_array(x):
    """Boxes as they are; anything else as a NumPy array.

    Example:
        >>> as_array([1.0, 2.0])
        array([1., 2.])
    """
    if is_box(x):
        return x
    if isinstance(x, MASKED_ARRAY):
        raise masked_array_error("dualtape.numpy")
    return np.asarray(x)


def along(axis, index):
    """An index tuple that applies `index` at the non-negative `axis`.

    Example:
        >>> along(2, slice(1, None))
        (slice(None, None, None), slice(None, None, None), slice(1, None, None))
    """
    return (slice(None),) * axis + (index,)


def integer_indices(indices, who):
    """`indices` as a plain integer array (an empty list becomes ``intp``); anything
    else raises ``IndexError`` naming `who`.

    Example:
        >>> integer_indices([2, 0], "take")
        array([2, 0])
        >>> integer_indices([0.5], "take")
        Traceback (most recent call last):
        ...
        IndexError: take: indices must be integers, got dtype float64
    """
    idx = np.asarray(raw(indices))
    if idx.size == 0 and idx.dtype != np.intp:
        idx = idx.astype(np.intp)
    if not np.issubdtype(idx.dtype, np.integer):
        raise IndexError(f"{who}: indices must be integers, got dtype {idx.dtype}")
    return idx


def integer_counts(counts, who):
    """`counts` (a number or a sequence of them) as a plain integer array; a count
    that is not an integer (3.7, even 3.0) raises ``TypeError`` naming `who`, as
    NumPy's ``tile`` does, rather than being rounded.

    Example:
        >>> integer_counts((2, True), "tile")
        array([2, 1])
        >>> integer_counts(3.7, "tile")
        Traceback (most recent call last):
        ...
        TypeError: tile: counts must be integers, got 3.7 (dtype float64); round them yourself, ...
    """
    c = np.asarray(raw(counts))
    if c.size == 0:
        return c.astype(np.intp)
    if not (np.issubdtype(c.dtype, np.integer) or c.dtype == np.bool_):
        raise TypeError(f"{who}: counts must be integers, got {counts!r} (dtype {c.dtype}); "
                        f"round them yourself, e.g. with int(...), to say which count you mean")
    return c.astype(np.intp)


def block_like(value, like, ax, width):
    """`value` broadcast to `like`'s shape, with `width` along axis `ax` (a block to
    concatenate to `like` there).

    Example:
        >>> block_like(7.0, np.zeros((2, 3)), 1, 2)
        array([[7., 7.],
               [7., 7.]])
    """
    s = list(shape(like))
    s[ax] = width
    return broadcast_to(value, tuple(s))
