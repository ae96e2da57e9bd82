"""How the transforms read f's results.

`at_level` reads one output at a transform's level.
"""
from ..core.box import Box, unbox_to
from ..reverse.tensor import Leaf
from .inputs import read_through_tapes


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
