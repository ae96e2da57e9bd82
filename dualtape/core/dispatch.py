"""`bind`: apply a primitive to arguments that may be boxed.

This is the hot path of the whole library: one pass over the positional
arguments to find the box of the highest level; with no box the NumPy
implementation runs directly.
"""
from .box import Box


def bind(prim, *args, **params):
    """Apply `prim` to `args`: its NumPy implementation, plus the derivative
    work of the innermost (highest-level) box among the arguments.

    Static arguments (axes, shapes, indices) are keyword `params`; they are
    passed through untouched to the implementation and to both rules.
    """
    top = None
    level = -1
    for a in args:
        if isinstance(a, Box):
            lv = a._level
            if lv > level:
                top = a
                level = lv
    if top is None:
        return prim.impl(*args, **params)
    return top._process(prim, args, params)
