"""How a box's operators read the operand that is not a box, as NumPy does.

- A Python list or tuple (nested or not) is the array NumPy would make of it,
  made at once as a read-only copy: a list the caller changes afterwards can
  never change a value a tape recorded.  A list that holds boxes is their stack.
- A masked array is refused (core/interop.py says why).
- ``//`` gives NumPy's floor division exactly (``1.0 // 0.1`` is 9.0), which
  ``floor(a / b)`` does not.
"""
import numpy as np

from ..core.box import Box, raw
from ..core.interop import reject_masked, masked_error
from ..rules import elementwise as ew, shapes as sh, elementwise_piecewise

__all__ = ["CONVERTED", "operand", "sequence_operand", "floor_divide", "integral", "COMPOSED_UFUNCS"]

# Operand types NumPy reads differently from Python (one set lookup on the
# operator path: boxes, floats and arrays go straight through).
CONVERTED = frozenset({list, tuple, np.ma.MaskedArray, type(np.ma.masked)})


def operand(value, where):
    """`value`, one of the `CONVERTED` types, as the array NumPy reads; `where` names
    the operation in the error a masked array gets.

    Example:
        >>> operand((1.0, 2.0), "add")
        array([1., 2.])
    """
    if isinstance(value, np.ma.MaskedArray):
        raise masked_error(where)
    return sequence_operand(value)


def _holds_box(seq):
    """True when a nested list or tuple holds a box; a masked array in it raises."""
    found = False
    for item in seq:
        if type(item) is list or type(item) is tuple:
            found = _holds_box(item) or found
        elif isinstance(item, Box):
            found = True
        else:
            reject_masked((item,), "a list operand")
    return found


def sequence_operand(seq):
    """A list or tuple as NumPy reads it: a new read-only array, or the stack of the
    boxes it holds.

    Example:
        >>> import dualtape as dt
        >>> sequence_operand([[1.0, 2.0], (3.0, 4.0)]).shape
        (2, 2)
        >>> dt.jvp(lambda x: x * [x, 2.0], (3.0,), (1.0,))[1]
        array([6., 2.])
    """
    if _holds_box(seq):
        return sh.stack([sequence_operand(item) if type(item) in (list, tuple) else item
                         for item in seq])
    a = np.array(seq)
    a.flags.writeable = False
    return a


def floor_divide(a, b):
    """NumPy's ``a // b``: its exact value (``1.0 // 0.1`` is 9.0, but
    ``floor(1.0 / 0.1)`` is 10), with floor's zero derivative.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: floor_divide(x, 0.1), (1.0,), (1.0,))
        (9.0, 0.0)
    """
    if integral(a, b):             # NumPy's integer quotient (int64, int8 of booleans): no derivative
        return np.floor_divide(raw(a), raw(b))
    q = elementwise_piecewise.floor(ew.divide(a, b))
    with np.errstate(all="ignore"):          # the division above has warned as NumPy would
        exact = np.floor_divide(raw(a), raw(b))
        off = np.where(raw(q) == exact, 0.0, raw(q) - exact)
    if np.any(off):                          # the rounded quotient's floor is one too high
        r = raw(q)
        q = q - (float(off) if type(r) is float else off.astype(np.result_type(r)))
    return q


def integral(*operands):
    """True when every operand is an integer or boolean value (a box's by its values): NumPy
    then computes in integers, and the result has no derivative.

    Example:
        >>> import numpy as np
        >>> integral(np.array([3]), 2), integral(np.array([3]), 2.0)
        (True, False)
    """
    return all(np.result_type(raw(x)).kind in "biu" for x in operands)


# NumPy ufuncs without a table entry that the operators compose
COMPOSED_UFUNCS = {np.floor_divide: floor_divide}
