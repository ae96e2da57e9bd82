"""What the three forward boxes (`Dual`, `HyperDual`, `Jet`) do alike with their parts.

Each box is a primal plus derivative *parts*: a tangent; the ε1, ε2 and ε1ε2
parts; or the Taylor coefficients.  A part has the primal's shape, after its
own leading direction axes (its *batch*, empty for a jet).  This module holds
what the three do the same way:

* `as_primal`: check and normalise a primal or part given by the user;
* `pad_all` and `fit_part`: the shapes of parts going into a tangent rule and
  coming out of it;
* `output_parts` (and `zero_parts`): read an output's parts in a box's ε's,
  level-safely (zeros where the output does not depend on them); `own_parts`:
  a box's parts at its own level, as the transform that made it reads them;
* `ForwardBox`: the common base, with the level-safe reading of the documented
  attributes (`readable_parts`, `part_attribute`), `format` and the notebook
  view (`parts_table`).
"""
import html
import numbers

import numpy as np

from ..composed.array_methods import ArrayLike
from ..core.arrays import shape
from ..core.box import Box, raw
from ..core.dispatch import MASKED_ARRAY, masked_array_error
from ..rules.shapes import broadcast_to, reshape
from .hand_built import HandBuiltLevel, hand_built_depth, shares_eps, strip_to


def as_primal(x, who):
    """`x` as a primal or part of a forward box: floats and complex numbers stay
    Python scalars, ints become floats.

    Example:
        >>> as_primal(2, "Dual"), as_primal([1, 2], "Dual"), as_primal(np.complex128(1j), "Dual")
        (2.0, array([1., 2.]), 1j)
    """
    if isinstance(x, Box):
        return x
    if type(x) is float or type(x) is complex:
        return x
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{who}: a boolean value cannot carry a derivative")
    if isinstance(x, numbers.Integral):
        return float(x)
    if isinstance(x, np.floating):
        return float(x) if isinstance(x, np.float64) else x
    if isinstance(x, np.complexfloating):
        return complex(x) if isinstance(x, np.complex128) else x
    if isinstance(x, MASKED_ARRAY):
        raise masked_array_error(who)
    a = np.asarray(x)
    if a.dtype == object:
        raise TypeError(f"{who}: cannot differentiate with respect to an object array")
    if not np.issubdtype(a.dtype, np.inexact):
        a = a.astype(np.float64)
    return a


def check_tangent_kind(primal, tangent, who):
    """Refuse a complex tangent on a real primal: the tangent of a real value is
    real (a complex one would leave the real line the primal lives on).

    Example:
        >>> check_tangent_kind(1j, 1.0, "Dual")
        >>> check_tangent_kind(1.0, 1j, "Dual")
        Traceback (most recent call last):
        ...
        TypeError: Dual: the tangent is complex (complex128) but the primal is real (float64); ...
    """
    p, t = raw(primal), raw(tangent)
    if np.iscomplexobj(t) and not np.iscomplexobj(p):
        raise TypeError(
            f"{who}: the tangent is complex ({np.result_type(t)}) but the primal is real "
            f"({np.result_type(p)}); a real value has real tangents. Make the primal complex "
            f"(x + 0j) to move it off the real line.")


def pad_all(parts, primals, batch, rank):
    """Give each part unit axes after its `batch` axes, so that it broadcasts
    against the others as its primal does in an output of rank `rank`
    (None parts stay None).

    Example:
        >>> import numpy as np
        >>> [p.shape for p in pad_all([np.ones((4, 3)), np.ones((4, 2, 3))],
        ...                           [np.ones(3), np.ones((2, 3))], (4,), 2)]
        [(4, 1, 3), (4, 2, 3)]
    """
    padded = []
    for t, p in zip(parts, primals):
        ps = shape(p)
        if t is not None and len(ps) < rank:
            t = reshape(t, batch + (1,) * (rank - len(ps)) + ps)
        padded.append(t)
    return padded


def fit_part(t, out, batch=()):
    """A part coming out of a rule, with the exact shape ``batch + shape(out)``
    (zeros for None: the output does not depend on this level there).

    Example:
        >>> import numpy as np
        >>> fit_part(None, 2.0), fit_part(np.ones(3), np.zeros((2, 3))).shape
        (0.0, (2, 3))
    """
    if t is None:
        if type(out) is float and not batch:
            return 0.0
        return np.zeros(batch + shape(out))
    if (type(t) is float or type(t) is complex) and (type(out) is float or type(out) is complex) \
            and not batch:
        return t
    target = batch + shape(out)
    if shape(t) != target:
        t = broadcast_to(t, target)
    return t


def output_parts(y, like, who="output_parts"):
    """``(primal, parts)`` of `y` in the ε's of forward box `like`: y's own parts
    where it carries them, zeros shaped like `like`'s parts where y does not
    depend on them.  This is the level-safe way to read an output: a box of
    another level above `like` is stripped (its primal followed), and one that
    would drop a transform's derivative raises (see `strip_to`).

    Example:
        >>> import dualtape as dt
        >>> x = dt.Dual(2.0, 1.0)
        >>> output_parts(x * x, x), output_parts(5.0, x)
        ((4.0, [4.0]), (5.0, [0.0]))
    """
    v = strip_to(y, like, who)
    if type(v) is type(like) and shares_eps(like._level, v._level):
        parts = v._parts()
        return parts[0], list(parts[1:])
    return v, zero_parts(v, like._part_batches())


def zero_parts(v, batches):
    """Zero parts for a value `v` that carries none: one per batch of direction axes
    in `batches`, shaped ``batch + shape(v)`` (Python floats for a float and no batch).

    Example:
        >>> import numpy as np
        >>> zero_parts(2.0, [(), ()]), zero_parts(np.ones(2), [(3,)])[0].shape
        ([0.0, 0.0], (3, 2))
    """
    if type(raw(v)) is float and not any(batches):
        return [0.0] * len(batches)
    s = shape(v)
    return [np.zeros(b + s) for b in batches]


def own_parts(box):
    """Every part of forward box `box` at its own level, the primal first: how the
    transform that seeded the level reads its outputs.  (User code reads the
    documented attributes, which are level-safe; see `ForwardBox`.)

    Example:
        >>> import dualtape as dt
        >>> own_parts(dt.Dual(2.0, 1.0) * 3.0)
        (6.0, 3.0)
    """
    return box._parts()


def part_attribute(index, doc):
    """The documented attribute for part `index` of a forward box (0 is the primal),
    read level-safely (see `ForwardBox.readable_parts`).

    Example:
        >>> import dualtape as dt
        >>> dt.Dual.tangent.__doc__, dt.Dual(2.0, 3.0).tangent
        ('The tangent (leading direction axes first, if any).', 3.0)
    """
    def read(self):
        return self.readable_parts()[index]
    return property(read, doc=doc)


class ForwardBox(ArrayLike):
    """Base of the forward boxes: a primal and derivative parts.

    A subclass keeps its primal in the slot ``_primal`` and gives all its parts
    in order, the primal first (`_parts`), the direction axes of each derivative
    part (`_part_batches`) and a label for each part (`_part_labels`, for
    notebooks).  Its documented attributes (``primal``, ``tangent``, ``e1``,
    ``series``, ...) read `readable_parts`.

    Example:
        >>> import dualtape as dt
        >>> d = dt.Dual(1.0, 2.0)
        >>> isinstance(d, ForwardBox), d._parts(), d._part_batches()
        (True, (1.0, 2.0), [()])
    """

    __slots__ = ()

    def _inner(self):
        return self._primal

    def _parts(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _part_batches(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _part_labels(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def readable_parts(self):
        """The parts as user code reads them, the primal first.

        A hand-built box reads its own parts.  A transform's box is seen by user
        code inside the function the transform differentiates, where its parts are
        the transform's: read as a hand-built number's they would mix two
        derivatives (``d/dx [x · d/dy x]`` would be 1, not 0), so it reads as a
        constant in the hand-built ε's: its primal is the box itself (which keeps
        the transform's derivative) and its other parts are zeros.

        Example:
            >>> import dualtape as dt
            >>> dt.Dual(2.0, 1.0).readable_parts()
            (2.0, 1.0)
            >>> dt.jvp(lambda x: x * x.readable_parts()[1], (2.0,), (1.0,))   # x · d/dy x = x · 0
            (0.0, 0.0)
        """
        parts = self._parts()
        if type(self._level) is HandBuiltLevel:
            return parts
        kind = type(self).__name__
        if hand_built_depth(type(self), parts):
            raise ValueError(
                f"{kind}: this value is a derivative transform's {kind} holding a hand-built "
                f"{kind} that was built before the transform started, so its parts in the "
                f"hand-built ε's cannot be read here without dropping the transform's "
                f"derivative. Build the {kind} inside the function being differentiated, or read "
                f"its parts after the transform returns.")
        return (self, *zero_parts(self, [()] * (len(parts) - 1)))

    def _repr_html_(self):
        return parts_table(type(self).__name__, list(zip(self._part_labels(), self._parts())))

    def __format__(self, spec):
        # f"{x}" shows the box as print does; a format spec asks for the plain number,
        # which would drop the derivative parts, so it refuses and names the primal.
        if not spec:
            return str(self)
        # (the text goes through str.format once more: its braces are doubled twice)
        raise self._plain_number_error(f"format(x, {spec!r})", f"f\"{{{{x.primal:{spec}}}}}\"")

    def item(self, *args):
        """Refused: the plain number would drop the derivative parts (read ``x.primal``).

        Example:
            >>> import dualtape as dt
            >>> dt.Dual(2.0, 1.0).item()
            Traceback (most recent call last):
            ...
            TypeError: .item() of a dualtape Dual would drop its derivative. ...
        """
        raise self._plain_number_error(".item()", "x.primal")

    def _plain_number_error(self, what, spelling):
        return self._conversion_error(
            what, f"A plain number shows the primal only: read the primal on purpose, "
                  f"{spelling} (for a number built by hand).")


def parts_table(kind, parts):
    """HTML: `kind` as a heading over one row per ``(label, value)`` part.

    Example:
        >>> html = parts_table("Dual", [("primal", 1.0), ("tangent", 2.0)])
        >>> html.startswith("<b>Dual</b><table>"), "<th>tangent</th><td><code>2.</code>" in html
        (True, True)
    """
    rows = "".join(f"<tr><th>{html.escape(label)}</th><td><code>"
                   f"{html.escape(np.array2string(np.asarray(raw(value))))}</code></td></tr>"
                   for label, value in parts)
    return f"<b>{html.escape(kind)}</b><table>{rows}</table>"
