"""What NumPy's in-place operators allow (``x += y``, ``x *= y``, ...): the result
must have the shape of the array written into, and goes into it in that array's
dtype, cast with the rule ``same_kind``.  `views.write_in_place` checks each
in-place write here before it stores the result.
"""
import numpy as np

from ..core.box import raw
from ..rules.casting import astype

__all__ = ["fitted_in_place"]


def fitted_in_place(box, result, operator):
    """`result` of ``box <operator>= ...`` checked to fit into `box`, and in `box`'s
    dtype: NumPy's in-place operators neither broadcast the array they write into nor
    change its dtype (they cast with the rule ``same_kind``).

    Example:
        >>> import numpy as np
        >>> fitted_in_place(np.zeros(2, np.float32), np.ones(2), "add").dtype
        dtype('float32')
    """
    into, given = raw(box), raw(result)
    if type(given) is not np.ndarray:
        given = np.asarray(given)
    if given.shape != into.shape:
        raise ValueError(f"non-broadcastable output operand with shape {into.shape} doesn't "
                         f"match the broadcast shape {given.shape}")
    target, dtype = into.dtype, given.dtype
    if dtype == target:
        return result
    if not np.can_cast(dtype, target, "same_kind"):
        raise TypeError(f"Cannot cast ufunc '{operator}' output from {dtype!r} to {target!r} with "
                        f"casting rule 'same_kind' (NumPy's in-place operators keep the array's "
                        f"dtype): write `x = x {_SYMBOLS.get(operator, operator)} y` for a new "
                        f"value of the wider dtype")
    return astype(result, target)


_SYMBOLS = {"add": "+", "subtract": "-", "multiply": "*", "true_divide": "/", "power": "**",
            "matmul": "@", "remainder": "%", "floor_divide": "//"}
