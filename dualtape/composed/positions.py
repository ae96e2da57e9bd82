"""NumPy's rearranging functions on boxes, by running NumPy on positions.

Functions such as ``insert``, ``delete``, ``resize``, ``block``, ``choose``,
``select``, ``compress``, ``extract`` and the in-place writers (``put``,
``place``, ``putmask``, ``copyto``, ``fill_diagonal``, ``put_along_axis``)
only move entries around: every entry of their result is some entry of one
of their operands.  So each is computed once by NumPy itself on arrays of
*positions* standing for the operands (distinct integers, one per entry),
and the result is then gathered from the operands' entries with one
``getitem``.  The result has exactly NumPy's layout (NumPy decided it), and
the derivative of every entry flows back to the entry it came from (the
gather's scatter-add adjoint accumulates entries used twice).

Operands with no box go straight to NumPy.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import shape, is_box
from ..core.dispatch import MASKED_ARRAY, masked_array_error
from ..rules.casting import astype
from ..rules.indexing import getitem
from ..rules.shapes import concatenate, reshape, ravel
from .operands import sequence_operand

__all__ = ["gather_by_position", "holds_box", "as_operand"]


def holds_box(value):
    """True when `value` is a box, or a (nested) list or tuple holding one.

    Example:
        >>> import dualtape as dt
        >>> holds_box([1.0, [2.0, dt.Dual(1.0, 1.0)]]), holds_box((1.0, 2.0))
        (True, False)
    """
    if is_box(value):
        return True
    if type(value) in (list, tuple):
        return any(holds_box(v) for v in value)
    return False


def as_operand(value):
    """A box as it is, a list or tuple holding boxes as their stack, anything else
    as the NumPy array NumPy would read.

    Example:
        >>> as_operand([1.0, 2.0])
        array([1., 2.])
    """
    if is_box(value):
        return value
    if type(value) in (list, tuple) and holds_box(value):
        return sequence_operand(value)
    if isinstance(value, MASKED_ARRAY):
        raise masked_array_error("dualtape.numpy")
    return np.asarray(value)


def _dtype_of(operands):
    return [np.result_type(raw(op)) for op in operands]


def gather_by_position(np_fn, operands, dtype=None):
    """``np_fn(*operands)`` for operands that may be boxes, where `np_fn` only
    rearranges entries: NumPy runs `np_fn` on position arrays shaped like the
    operands, and the result is gathered from the operands' entries.

    Every entry `np_fn` places must come from an operand (a constant it made up
    would read as a position): pass inserted values and fill values as operands.
    `dtype` is the result's dtype (by default the operands' common dtype).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> insert_v = lambda a, v: np.insert(a, [0, 2], v)
        >>> f = lambda x, v: gather_by_position(insert_v, [x, v]).sum()
        >>> dt.gradient(f, argnums=(0, 1))(np.array([2.0, 3.0]), 5.0)      # v lands twice
        (array([1., 1.]), 2.0)
    """
    operands = [as_operand(op) for op in operands]
    labels, offset = [], 0
    for op in operands:
        s = shape(op)
        n = int(np.prod(s))
        labels.append(np.arange(offset, offset + n, dtype=np.intp).reshape(s))
        offset += n
    where = np.asarray(np_fn(*labels))
    if not np.issubdtype(where.dtype, np.integer):
        raise TypeError(f"gather_by_position: {getattr(np_fn, '__name__', np_fn)} did not "
                        f"rearrange the positions (it returned dtype {where.dtype})")
    flat = [ravel(op) for op in operands]
    source = flat[0] if len(flat) == 1 else concatenate(flat)
    out = reshape(getitem(source, (where.reshape(-1),)), where.shape)
    dtype = np.result_type(*_dtype_of(operands)) if dtype is None else np.dtype(dtype)
    if np.result_type(raw(out)) != dtype:
        out = astype(out, dtype)
    return out
