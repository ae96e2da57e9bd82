"""Keeping what the adjoints read unchanged: the tape's mutation guards.

Nothing an adjoint reads may change after it was recorded.  Outputs are
stored read-only (`frozen_value`); a plain writeable NumPy array passed into a
non-linear operation is saved as a read-only copy (`guard_arguments`) and
compared with the caller's array when its adjoint runs (`check_unchanged`); a
difference raises instead of giving a gradient of values that were never
computed.
"""
import numpy as np


def is_frozen(a):
    """True when no one can write to the memory of array `a`: it and every
    array it is a view of are read-only.

    Example:
        >>> import numpy as np
        >>> a = np.ones(2); a.flags.writeable = False
        >>> is_frozen(a), is_frozen(np.ones(2))
        (True, False)
    """
    while isinstance(a, np.ndarray):
        if a.flags.writeable:
            return False
        a = a.base
    return a is None or isinstance(a, bytes)


def guard_arguments(primals, in_nodes):
    """Replace each writeable array argument by a read-only copy, when a
    plain NumPy array (one the tape does not track) is among the arguments.

    Returns the guards ``[(index, caller's array, copy)]``, or None when there
    are none.

    Example:
        >>> import numpy as np
        >>> a = np.ones(2)
        >>> args = [a, 2.0]
        >>> saved = guard_arguments(args, [None, 0])
        >>> args[0] is a, args[0].flags.writeable, saved[0][1] is a
        (False, False, True)
    """
    if all(i is not None or not isinstance(p, np.ndarray) for p, i in zip(primals, in_nodes)):
        return None
    saved = []
    for k, p in enumerate(primals):
        if isinstance(p, np.ndarray) and not is_frozen(p):
            copy = p.copy()
            copy.flags.writeable = False
            primals[k] = copy
            saved.append((k, p, copy))
    return saved or None


def frozen_value(out, primals):
    """`out` stored so that nobody can change it under the tape.

    A fresh array is simply made read-only; a view of someone else's
    writeable memory (a slice of the caller's array, say) is copied first.

    Example:
        >>> import numpy as np
        >>> caller = np.arange(4.0)
        >>> kept = frozen_value(caller[1:], [caller])
        >>> kept.flags.writeable, caller.flags.writeable
        (False, True)
    """
    if not isinstance(out, np.ndarray) or is_frozen(out):
        return out
    if out.base is not None or any(out is p for p in primals):
        out = out.copy()
    out.flags.writeable = False
    return out


def check_unchanged(prim, saved):
    """Raise if an array saved by `guard_arguments` for `prim` was changed in place since.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> a = np.ones(2)
        >>> args = [a]
        >>> saved = guard_arguments(args, [None])
        >>> a[0] = 5.0
        >>> check_unchanged(TABLE["sin"], saved)
        Traceback (most recent call last):
        ...
        ValueError: GradientTape: argument 0 of `sin` (a NumPy array of shape (2,), dtype float64) was changed in place ...
    """
    for k, original, copy in saved:
        if original.shape != copy.shape or not (
                np.array_equal(original, copy) or np.array_equal(original, copy, equal_nan=True)):
            raise ValueError(
                f"GradientTape: argument {k} of `{prim.name}` (a NumPy array of shape "
                f"{copy.shape}, dtype {copy.dtype}) was changed in place after the operation was "
                f"recorded, so a gradient would mix old and new values. Change it before the "
                f"operation, or pass a copy (x.copy()) or a dualtape.constant to the operation.")
