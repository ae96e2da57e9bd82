"""How the transforms read f's results and shape their own.

`check_output` refuses results that have no derivative (f returned None, or a
string; `output_leaves` checks them so and flattens them), `check_output_kind` refuses a complex result where the transform
differentiates real-valued functions (and a real one under ``holomorphic=True``),
`at_level` reads one output at a transform's level, and `plain_scalar` gives a
0-d result back as a scalar.
"""
import numbers

import numpy as np

from ..core.box import BOX_TYPES, Box, raw, unbox_to
from ..core.pytree import tree_flatten
from ..reverse.tensor import Leaf
from .inputs import read_through_tapes


def check_output(out, who):
    """Raise a TypeError naming the fix unless `out` (what f returned) is a float, an
    array or a box, or a tuple/list/dict of them.

    Example:
        >>> check_output((1.0, [2.0]), "jacobian")
        >>> check_output(None, "gradient")
        Traceback (most recent call last):
        ...
        TypeError: gradient: f returned None, so there is nothing to differentiate. ...
    """
    output_leaves(out, who)


def output_leaves(out, who):
    """``(leaves, treedef)`` of what f returned, checked as `check_output` checks it
    (one pass over the structure for both).

    Example:
        >>> output_leaves((1.0, [2.0]), "jacobian")
        ([1.0, 2.0], (*, [*]))
    """
    if out is None:
        raise TypeError(f"{who}: f returned None, so there is nothing to differentiate. f must "
                        f"return a float or an array (does it miss a `return`?)")
    leaves, tree = tree_flatten(out)
    for leaf in leaves:
        kind = type(leaf)
        if kind is float or kind is np.ndarray and leaf.dtype != object or kind in BOX_TYPES:
            continue                      # the common cases, spared the tests below
        if isinstance(leaf, (Box, np.ndarray, numbers.Number)) and \
                getattr(leaf, "dtype", None) != object:
            continue
        shown = repr(leaf)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise TypeError(f"{who}: f returned a {type(leaf).__name__} ({shown}), which has no "
                        f"derivative. f must return floats or arrays (or a tuple, list or dict "
                        f"of them).")
    return leaves, tree


def check_output_kind(value, who, holomorphic, otherwise):
    """Raise a TypeError naming the fix unless output `value` is real (complex with
    ``holomorphic=True``), as JAX's ``grad`` and ``jacrev`` require; `otherwise`
    names the transform that takes a complex output of another kind.

    Example:
        >>> check_output_kind(1.0, "gradient", False, "vjp")
        >>> check_output_kind(1j, "gradient", False, "vjp with a cotangent")
        Traceback (most recent call last):
        ...
        TypeError: gradient: f returned a complex value (complex128), and gradient differentiates ...
    """
    r = raw(value)
    kind = type(r)
    if kind is float or kind is np.ndarray and r.dtype.kind == "f":
        if not holomorphic:
            return                        # the common case, spared the tests below
    dt = np.result_type(r)
    is_complex = np.issubdtype(dt, np.complexfloating)
    if holomorphic and not is_complex:
        raise TypeError(
            f"{who}(..., holomorphic=True): f returned a {dt} value; holomorphic "
            f"differentiation needs a complex output (as in JAX). Drop holomorphic=True for a "
            f"real-valued f.")
    if not holomorphic and is_complex:
        raise TypeError(
            f"{who}: f returned a complex value ({dt}), and {who} differentiates real-valued "
            f"functions (as JAX does). For a holomorphic f pass holomorphic=True, which gives "
            f"f'(z); for another complex-valued f use {otherwise}, or differentiate a real "
            f"function of it such as abs(f(z))**2.")


def at_level(o, level):
    """Output `o` with the boxes above `level` stripped; a constant or Variable is
    first read through the tapes recording in this thread, so an f that returns
    a Variable itself stays connected to them.

    Example:
        >>> import dualtape as dt
        >>> at_level(dt.constant(2.0), 0)
        2.0
    """
    if isinstance(o, Leaf):
        o = read_through_tapes(o)
    return unbox_to(o, level) if isinstance(o, Box) else o


def plain_scalar(block):
    """A 0-d Jacobian block (scalar in, scalar out) as a scalar, as `gradient` gives:
    a Python float for float64 (a Python complex for complex128), a NumPy scalar of
    its dtype otherwise.

    Example:
        >>> import numpy as np
        >>> plain_scalar(np.array(2.0)), plain_scalar(np.ones(1)), plain_scalar(np.ones((), np.float32))
        (2.0, array([1.]), np.float32(1.0))
    """
    if isinstance(block, np.ndarray) and block.ndim == 0:
        if block.dtype == np.complex128:
            return complex(block)
        return float(block) if block.dtype == np.float64 else block[()]
    return block
