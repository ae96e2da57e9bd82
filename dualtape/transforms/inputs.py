"""How the transforms read their arguments and shape their results.

Shared by the first- and higher-order transforms: which positional arguments
are differentiated (`select_arguments`), what a differentiable input may be
(`float_input`), how a constant or Variable is read inside a `GradientTape`
(`read_through_tapes`), and a 0-d result given back as a Python float
(`plain_scalar`).
"""
import numpy as np

from ..core.box import Box, raw
from ..forward.dual import _as_primal
from ..reverse.active import active_tapes
from ..reverse.tensor import Leaf
from ..rules.elementwise import multiply


def float_input(x, who, i):
    """Validate differentiable input number `i` of transform `who`: a float, a float
    array or a box passes (a NumPy float64 scalar becomes a Python float, a constant
    or Variable is read through the tapes recording in this thread); any other
    dtype raises a TypeError that names the fix.

    Example:
        >>> import numpy as np
        >>> float_input(np.float64(3.0), "gradient", 0), float_input(np.ones(2), "gradient", 0)
        (3.0, array([1., 1.]))
        >>> float_input(3, "gradient", 0)
        Traceback (most recent call last):
        ...
        TypeError: gradient: input 0 has dtype int...; derivatives need float inputs. ...
    """
    r = raw(x) if isinstance(x, Box) else x
    dt = np.result_type(r) if not isinstance(r, (list, tuple)) else np.asarray(r).dtype
    if np.issubdtype(dt, np.complexfloating):
        raise TypeError(f"{who}: input {i} is complex ({dt}); complex inputs are not supported yet")
    if not np.issubdtype(dt, np.floating):
        raise TypeError(
            f"{who}: input {i} has dtype {dt}; derivatives need float inputs. "
            f"Pass a float (3.0 rather than 3) or convert with x.astype(float).")
    if isinstance(x, Leaf):
        return read_through_tapes(x)
    if isinstance(x, Box):
        return x
    return _as_primal(x, who)


def read_through_tapes(leaf):
    """A constant or Variable as the tapes recording in this thread see it: a tensor
    on the innermost tape that watches it, or its plain value when none does.

    This is what keeps ``dt.gradient(f)(v)`` inside a `GradientTape` connected to
    the Variable `v`, so the tape can differentiate the gradient again.

    Example:
        >>> import dualtape as dt
        >>> read_through_tapes(dt.Variable(2.0))
        2.0
        >>> v = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     seen = read_through_tapes(v)
        ...     y = seen * seen
        >>> print(tape.gradient(y, v).numpy())
        4.0
    """
    if not any(t.recording for t in active_tapes()):
        return leaf._value
    # Any table operation reads a leaf through every recording tape that watches it
    # (reverse/tensor.py); multiplying by 1.0 is such a read that keeps value and dtype.
    seen = multiply(leaf, 1.0)
    return seen._value if isinstance(seen, Leaf) else seen


def select_arguments(args, argnums, who):
    """``(single, nums, chosen, rebuild)``: whether `argnums` is one int, the
    positions it names (negative ones counted from the end), the arguments at
    them, and a function putting replacements for those back among `args`.

    Example:
        >>> single, nums, chosen, rebuild = select_arguments((1.0, 2.0, 3.0), (0, -1), "gradient")
        >>> single, nums, chosen, rebuild([10.0, 30.0])
        (False, (0, 2), [1.0, 3.0], [10.0, 2.0, 30.0])
    """
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)
    for n in nums:
        if not -len(args) <= n < len(args):
            raise ValueError(f"{who}: argnums {argnums} out of range for a function called with "
                             f"{len(args)} positional arguments")
    nums = tuple(n % len(args) for n in nums)

    def rebuild(chosen):
        full = list(args)
        for n, c in zip(nums, chosen):
            full[n] = c
        return full
    return single, nums, [args[n] for n in nums], rebuild


def plain_scalar(block):
    """A 0-d Jacobian block (scalar in, scalar out) as a Python float, as `gradient` gives.

    Example:
        >>> import numpy as np
        >>> plain_scalar(np.array(2.0)), plain_scalar(np.ones(1))
        (2.0, array([1.]))
    """
    if isinstance(block, np.ndarray) and block.ndim == 0:
        return float(block)
    return block
