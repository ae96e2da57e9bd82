"""Boxes and levels: how values of different derivative computations nest.

Every forward context (a `Dual` seed, a `jvp` call) and every tape gets a fresh,
increasing *level*.  A box wraps a value of a lower level (or a raw NumPy value)
and carries its own level; `bind` hands a primitive to the box of the highest
level among its arguments.  Levels are what keep two derivative computations
that are alive at once apart (no perturbation confusion).
"""
import itertools

_levels = itertools.count(1)

# Leaf tensors (constants and Variables) are read before anything else happens
# to them, so they sit above every level a trace can have.
LEAF_LEVEL = float("inf")


def new_level():
    """A level higher than every level handed out before."""
    return next(_levels)


class Box:
    """Base of every value that carries derivative information.

    Subclasses set ``_level`` and implement ``_process(prim, args, params)``,
    which applies `prim` at their level: unbox their own level, re-bind the
    primitive on the contents, then add their derivative information.
    """

    __slots__ = ()
    _level = 0

    def __init_subclass__(cls, **options):
        super().__init_subclass__(**options)
        BOX_TYPES.add(cls)

    def _process(self, prim, args, params):  # pragma: no cover - abstract
        raise NotImplementedError


# Every box class, subclasses included (each registers itself on creation).
# ``type(x) in BOX_TYPES`` is the cheap box test of the hot paths: it means
# ``isinstance(x, Box)`` but skips isinstance's slow answer for plain values.
BOX_TYPES = {Box}


def unbox_to(value, level):
    """Strip boxes of levels above `level` (following their primal values)."""
    while type(value) in BOX_TYPES and value._level > level:
        value = value._inner()
    return value


def raw(value):
    """The plain NumPy value under every box."""
    while type(value) in BOX_TYPES:
        value = value._inner()
    return value
