"""Levels of numbers built by hand: one ε for every hand-built number of a kind.

`Dual`, `HyperDual` and `Jet` numbers built by hand share one ε (one ε1 and ε2,
one t), as in every textbook, while each transform keeps a fresh level of its
own.  The helpers here are what the three forward boxes share to do that: the
level a hand-built number gets, how two of them that meet are read as one ε,
and how their parts are read back safely (the ``*_parts`` functions).

A box of one of those kinds provides ``_parts()`` (all its parts, for the walk
that finds nested numbers) and ``_moved(level, top)`` (itself at another level,
checked against the box `top` whose ε it joins).
"""
from ..core.box import Box, LEAF_LEVEL, new_level
from ..core.dispatch import bind


class HandBuiltLevel(int):
    """The level of a number built by hand (`Dual`, `HyperDual`, `Jet`), tagged with its depth.

    Hand-built numbers of one kind share one ε, as in every textbook: what tells
    two of their ε's apart is the depth, never the level.  A number built from
    parts that hold hand-built numbers of its kind is one deeper (the outer ε of
    ``Dual(Dual(x, 1.0), 1.0)``).  The level itself is fresh, above every level
    handed out before, because a box may only contain boxes of lower levels: a
    number may be built inside a transform from the transform's own values
    (``Dual(x, 1.0)`` in a `jvp`), and one built inside a transform's function
    from plain values then sits above the transform's boxes, so that its parts
    are read at its own ε (no perturbation confusion).  Where two hand-built
    numbers of one depth meet, the lower one is read at the higher's level
    (`join_hand_built`).  `bind` compares levels as numbers, so this is an int.

    Example:
        >>> a, b = HandBuiltLevel(1), HandBuiltLevel(1)
        >>> b > a, b.depth, shares_eps(a, b), shares_eps(a, HandBuiltLevel(2))
        (True, 1, True, False)
    """

    def __new__(cls, depth):
        level = super().__new__(cls, new_level())
        level.depth = depth
        return level

    def __repr__(self):
        return f"HandBuiltLevel({int(self)}, depth={self.depth})"


def hand_built_level(kind, parts):
    """A fresh level for a `kind` number built by hand from `parts`: one deeper than the
    deepest hand-built `kind` number they hold.

    Example:
        >>> from dualtape import Dual
        >>> hand_built_level(Dual, [2.0, 1.0]).depth, hand_built_level(Dual, [Dual(2.0, 1.0)]).depth
        (1, 2)
    """
    return HandBuiltLevel(hand_built_depth(kind, parts) + 1)


def hand_built_depth(kind, parts):
    """The depth of the deepest hand-built `kind` number in `parts`, through any other
    boxes (0 for none).

    Example:
        >>> from dualtape import Dual
        >>> x = Dual(2.0, 1.0)
        >>> hand_built_depth(Dual, [3.0]), hand_built_depth(Dual, [x, Dual(x, 1.0)])
        (0, 2)
    """
    depth = 0
    todo = list(parts)
    while todo:
        v = todo.pop()
        if not isinstance(v, Box):
            continue
        if type(v) is kind and type(v._level) is HandBuiltLevel:
            depth = max(depth, v._level.depth)     # its depth already counts what it holds
        else:
            todo.extend(v._parts() if hasattr(v, "_parts") else (v._inner(),))
    return depth


def shares_eps(level, other):
    """Whether boxes at levels `level` and `other` carry one ε: one level, or two
    hand-built levels of one depth.  (Example: see `HandBuiltLevel`.)"""
    return other == level or (type(level) is HandBuiltLevel and type(other) is HandBuiltLevel
                              and level.depth == other.depth)


def joint_level(level, other):
    """The level at which boxes of levels `level` and `other` combine as one ε, or None.

    Example:
        >>> a, b = HandBuiltLevel(1), HandBuiltLevel(1)
        >>> joint_level(a, b) == b, joint_level(a, 3) is None
        (True, True)
    """
    if other == level:
        return level
    return max(level, other) if shares_eps(level, other) else None


def join_hand_built(args, top):
    """`args` as the hand-built box `top` must read them, and whether to bind again.

    A box of `top`'s kind and ε at a lower level is moved to `top`'s level (one
    ε).  One of its kind nested deeper than `top` (built earlier) holds `top`'s ε
    inside its own, so it must be read first: it moves to a fresh level above
    `top`, and the primitive is bound again.

    Example:
        >>> from dualtape import Dual
        >>> a, b = Dual(1.0, 1.0), Dual(2.0, 0.0)
        >>> moved, again = join_hand_built((a, b), b)
        >>> moved[0]._level == b._level, again
        (True, False)
    """
    kind, level = type(top), top._level
    out, again = None, False
    for k, a in enumerate(args):
        if type(a) is not kind or a._level == level or type(a._level) is not HandBuiltLevel:
            continue
        if a._level.depth == level.depth:
            moved = a._moved(level, top)
        elif a._level.depth > level.depth:
            moved, again = a._moved(HandBuiltLevel(a._level.depth), None), True
        else:
            continue               # an inner ε of `top`'s: a constant at this level
        if out is None:
            out = list(args)
        out[k] = moved
    return (args if out is None else tuple(out)), again


def apply_joined(top, prim, args, params, apply):
    """`prim` on `args` once the hand-built boxes among them joined `top`'s ε (see
    `join_hand_built`), or None when none had to move: then `top` reads them as they are.
    ``apply(prim, args, params)`` applies the primitive at `top`'s level.

    Example:
        >>> from dualtape import Dual
        >>> from dualtape.core.primitive import TABLE
        >>> a, b = Dual(1.0, 1.0), Dual(2.0, 0.0)
        >>> apply_joined(b, TABLE["add"], (a, b), {}, b._process)
        Dual(3.0, 1.0)
        >>> apply_joined(b, TABLE["add"], (b, b), {}, b._process) is None
        True
    """
    joined, again = join_hand_built(args, top)
    if again:
        return bind(prim, *joined, **params)
    if joined is not args:
        return apply(prim, joined, params)
    return None


def strip_to(y, like, who):
    """`y` with the boxes above `like`'s level that do not carry its ε stripped (their
    primal followed), as the ``*_parts`` readers see it.

    A transform's (or a tape's) box above a hand-built `like` belongs to a transform
    entered after `like` was built, whose function is running now: stripping it would
    drop that transform's derivative, so that raises.

    Example:
        >>> from dualtape import Dual
        >>> x = Dual(2.0, 1.0)
        >>> strip_to(Dual(x * x, 1.0), x, "dual_parts") == x * x
        True
    """
    level = like._level
    hand = type(level) is HandBuiltLevel
    while isinstance(y, Box) and y._level > level:
        if type(y) is type(like) and shares_eps(level, y._level):
            break
        if hand and type(y._level) is not HandBuiltLevel and y._level != LEAF_LEVEL:
            raise ValueError(
                f"{who}: the value is a {type(y).__name__} of a derivative transform (or tape) "
                f"holding the hand-built {type(like).__name__} it is read at, which was built "
                f"before the transform started; reading its part here would drop the transform's "
                f"derivative. Build the {type(like).__name__} inside the function being "
                f"differentiated, or read its parts after the transform returns.")
        y = y._inner()
    return y
