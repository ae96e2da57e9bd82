"""What the three forward boxes (`Dual`, `HyperDual`, `Jet`) do alike with their parts.

Each box is a primal plus derivative *parts*: a tangent; the ε1, ε2 and ε1ε2
parts; or the Taylor coefficients.  A part has the primal's shape, after its
own leading direction axes (its *batch*, empty for a jet).  This module holds
what the three do the same way:

* `as_primal`: check and normalise a primal or part given by the user;
* `pad_all` and `fit_part`: the shapes of parts going into a tangent rule and
  coming out of it;
* `output_parts`: read an output's parts at a box's level (zeros where the
  output does not depend on it);
* `ForwardBox` and `parts_table`: the common base, and the notebook view.
"""
import html
import numbers

import numpy as np

from ..composed.array_methods import ArrayLike
from ..core.arrays import shape
from ..core.box import Box, raw, unbox_to
from ..rules.shapes import broadcast_to, reshape


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


def output_parts(y, like):
    """``(primal, parts)`` of output `y` at the level of forward box `like`:
    y's own parts there, or zeros shaped like `like`'s parts when y does not
    depend on that level.

    Example:
        >>> import dualtape as dt
        >>> x = dt.Dual(2.0, 1.0)
        >>> output_parts(x * x, x), output_parts(5.0, x)
        ((4.0, [4.0]), (5.0, [0.0]))
    """
    level = like._level
    v = unbox_to(y, level)
    if type(v) is type(like) and v._level == level:
        return v.primal, list(v._parts()[1:])
    batches = like._part_batches()
    if type(raw(v)) is float and not any(batches):
        return v, [0.0] * len(batches)
    s = shape(v)
    return v, [np.zeros(b + s) for b in batches]


class ForwardBox(ArrayLike):
    """Base of the forward boxes: a `primal` and derivative parts.

    A subclass keeps its primal in the slot ``primal`` and gives all its parts
    in order, the primal first (`_parts`), the direction axes of each derivative
    part (`_part_batches`) and a label for each part (`_part_labels`, for
    notebooks).

    Example:
        >>> import dualtape as dt
        >>> d = dt.Dual(1.0, 2.0)
        >>> isinstance(d, ForwardBox), d._parts(), d._part_batches()
        (True, (1.0, 2.0), [()])
    """

    __slots__ = ()

    def _inner(self):
        return self.primal

    def _parts(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _part_batches(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _part_labels(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_html_(self):
        return parts_table(type(self).__name__, list(zip(self._part_labels(), self._parts())))


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
