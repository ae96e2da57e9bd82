"""`bind`: apply a primitive to arguments that may be boxed; `apply_inside`:
what a box does with the primitive bind hands it.

This is the hot path of the whole library: one pass over the positional
arguments to find the box of the highest level (with the cheap box test
``type(a) in BOX_TYPES``); with no box the NumPy implementation runs directly.
"""
import numpy as np

from .box import BOX_TYPES

# NumPy's masked array: the table's implementations read the data under its mask,
# so bind refuses it (a plain ``type`` test, paid only by arguments that are not boxes).
MASKED_ARRAY = np.ma.MaskedArray


def bind(prim, *args, **params):
    """Apply `prim` to `args`: its NumPy implementation, plus the derivative
    work of the innermost (highest-level) box among the arguments.

    Static arguments (axes, shapes, indices) are keyword `params`; they are
    passed through untouched to the implementation and to both rules.
    """
    top = None
    level = -1
    for a in args:
        kind = type(a)
        if kind in BOX_TYPES:
            lv = a._level
            if lv > level:
                top = a
                level = lv
        elif kind is MASKED_ARRAY:
            raise masked_array_error(prim.name)
    if top is None:
        return prim.impl(*args, **params)
    return top._process(prim, args, params)


def masked_array_error(where):
    """The error for a ``numpy.ma`` masked array handed to the table's `where`.

    Example:
        >>> print(masked_array_error("sum"))
        sum: dualtape does not take numpy.ma masked arrays: ...
    """
    return TypeError(
        f"{where}: dualtape does not take numpy.ma masked arrays: its operations read the data "
        f"under the mask, so the mask would be lost silently (the sum of [1, --] hiding a 4 "
        f"would be 5, not NumPy's 1). Fill or compress the masked array first: `m.filled(0.0)` "
        f"(giving the masked entries the value they should take) or `m.compressed()` (only "
        f"the unmasked entries); for masked arithmetic without derivatives use numpy.ma itself.")


def apply_inside(prim, args, params, box_type, level, contents):
    """Open the `box_type` boxes of `level` among `args` and apply `prim` to
    what is inside (recursing, through `bind`, into boxes of lower levels).

    Every engine's box does this first when bind hands it a primitive.
    ``contents(box)`` gives a box's value and its derivative part (a tangent,
    a tape node, ...); an argument that is not such a box (a plain value, or a
    box of another level, which is a constant at this level) is its own value,
    with part None.  Returns ``(out, values, parts)``.

    Example:
        >>> from operator import attrgetter
        >>> import dualtape as dt
        >>> from dualtape.core.primitive import TABLE
        >>> x = dt.Dual(2.0, 1.0)
        >>> apply_inside(TABLE["multiply"], (x, 3.0), {}, dt.Dual, x._level,
        ...              attrgetter("primal", "tangent"))
        (6.0, [2.0, 3.0], [1.0, None])
    """
    values = []
    parts = []
    nested = False
    for a in args:
        if type(a) is box_type and a._level == level:
            value, part = contents(a)
        else:
            value, part = a, None
        if type(value) in BOX_TYPES:
            nested = True
        values.append(value)
        parts.append(part)
    # Without boxes inside, bind would only call the implementation: skip its pass.
    out = bind(prim, *values, **params) if nested else prim.impl(*values, **params)
    return out, values, parts
