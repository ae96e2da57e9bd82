"""NumPy's views, for boxes: a slice, reshape or transpose of a box shares its
entries, so a write through either one shows in both, derivatives included.

dualtape's values never change in place: ``x[i] = v`` records the functional
update (composed/updates.py) and makes the box `x` refer to the result.  For
the boxes that view-like operations return (basic indexing, reshape, ravel,
transpose and ``.T``, swapaxes, squeeze, and NumPy's functions that return
views, listed in `NUMPY_VIEWS`), this module keeps what NumPy's views share:

- a view remembers its *root*, the box it views that is not a view itself, and
  which entries of the root it shows; a write into a view (``v[0] = 5.0``,
  ``row *= 2``) is a write into its root at those entries;
- after each write into a root, every live view that shows a written entry is
  made to refer to the new entries (one recorded gather), so every view reads
  what NumPy's would, whichever of them was written;
- ``z.real`` and ``z.imag`` of a complex box are views of one part of its
  entries: a write through them changes that part and keeps the other;
- an in-place operator (``x += v``) writes into the box, view or not
  (`write_in_place`), so every name bound to it sees the change.

Which results are views is NumPy's own decision: the operation is repeated on a
stand-in for the root, an uninitialised C-ordered array of one byte per entry,
and a result that shares its memory is a view whose byte offsets are the flat
positions of the entries it shows.  A box that is not a view therefore counts
as a C-ordered array, NumPy's default layout (``x.T.reshape(-1)`` is a copy).
Read-only views (``diagonal``, ``broadcast_to``) follow their root too, and
refuse writes as NumPy does.  A view is a box of its root's kind: a Variable
has no views (as in TensorFlow, a slice of it is a new tensor, and it changes
only through ``assign``); neither has a constant while a recording tape watches
it, nor a tensor read after its tape (their slices are new tensors).

The bookkeeping is `ALIASES`, keyed by ``id(box)`` and holding boxes weakly: a
box that is never sliced costs nothing, and an entry leaves when its box goes.
"""
import functools
import weakref

import numpy as np

from ..core.box import Box, raw
from ..core.arrays import shape, ndim
from ..core.interop import reject_masked
from ..rules.indexing import getitem, normalize_index
from ..rules.shapes import broadcast_to
from ..rules.complex_values import real_part, imag_part
from ..rules.elementwise_more import real, imag
from .in_place_fit import fitted_in_place
from .rebinding import rebind
from .updates import flat_positions, update, update_positions

__all__ = ["ALIASES", "NUMPY_VIEWS", "derived", "indexed", "write",
           "write_in_place", "base_of", "memory_of", "replace"]

# id(box) -> _Root for a box that has had views, _View for a live view
ALIASES = {}

# NumPy functions that return a view of their first argument: writable or not
NUMPY_VIEWS = {
    **dict.fromkeys([np.reshape, np.ravel, np.transpose, np.swapaxes, np.moveaxis, np.squeeze,
                     np.expand_dims, np.atleast_1d, np.atleast_2d, np.atleast_3d, np.flip,
                     np.fliplr, np.flipud, np.rot90, np.split, np.array_split, np.hsplit,
                     np.vsplit, np.dsplit], True),
    np.diagonal: False, np.broadcast_to: False,
}


class _Root:
    """A box that has had views: its stand-in, the ids of its live views, and a
    weak reference that forgets it when it goes."""

    __slots__ = ("stand_in", "views", "ref")

    def __init__(self, box):
        self.stand_in = np.empty(shape(box), np.uint8)
        self.views = set()
        self.ref = weakref.ref(box, functools.partial(_forget_root, id(box)))


class _View:
    """A live view: its root, its part of the root's stand-in, a weak reference to it,
    and which part of the root's complex entries it shows (None: the entries)."""

    __slots__ = ("root", "stand_in", "base", "writable", "ref", "part", "_positions")

    def __init__(self, root, stand_in, base, writable, ref, part=None):
        self.root, self.stand_in, self.base = root, stand_in, base
        self.writable, self.ref, self.part = writable, ref, part
        self._positions = None

    def positions(self):
        """The flat positions in the root of the entries this view shows, in its shape."""
        if self._positions is None:
            s = self.stand_in
            offset = s.__array_interface__["data"][0] - self.base.__array_interface__["data"][0]
            pos = np.full(s.shape, offset, dtype=np.intp)
            for axis, (n, step) in enumerate(zip(s.shape, s.strides)):
                pos += (np.arange(n, dtype=np.intp) * step).reshape((n,) + (1,) * (s.ndim - axis - 1))
            self._positions = pos
        return self._positions


def _forget_view(key, _ref):
    """Drop a view that has been garbage collected, from the table and from its root."""
    view = ALIASES.pop(key, None)
    root = ALIASES.get(id(view.root)) if view is not None else None
    if root is not None:                      # (it is: the view held its root alive)
        root.views.discard(key)


def _forget_root(key, _ref):
    ALIASES.pop(key, None)


@functools.cache
def _has_no_views(cls):
    # A Variable (it has `assign`) follows TensorFlow: its slices are new tensors.
    return callable(getattr(cls, "assign", None))


def derived(source, result, on_stand_in, writable=True, may_copy=True, part=None):
    """`result`, made from `source` by a view-like operation, registered as a view of
    `source`'s root when NumPy's operation makes one; `on_stand_in` repeats the
    operation on a NumPy array (a list of results for NumPy's ``split``), and
    ``may_copy=False`` says it always gives a view (indexing, transposes).
    ``part="real"`` or ``"imag"`` registers the real or imaginary part of a complex
    `source` (``z.real``), whose writes change only that part of its entries.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y = dt.Dual(np.zeros(4), np.ones(4)) * 1.0
        >>> m = derived(y, dt.numpy.reshape(y, (2, 2)), lambda s: s.reshape(2, 2))
        >>> m[0, 1] = 5.0
        >>> y.primal
        array([0., 5., 0., 0.])
    """
    entry = ALIASES.get(id(source)) if ALIASES else None
    if type(entry) is _View:
        root, stand_in, base = entry.root, entry.stand_in, entry.base
        writable = writable and entry.writable
        part = entry.part if part is None else part
    elif not isinstance(source, Box) or _has_no_views(type(source)):
        return result
    else:
        root = source
        if entry is None:
            entry = ALIASES[id(source)] = _Root(source)
        base = stand_in = entry.stand_in
    shown = on_stand_in(stand_in)
    if isinstance(result, (list, tuple)):
        for box, piece in zip(result, shown):
            _register(root, base, box, piece, writable, may_copy, part)
    else:
        _register(root, base, result, shown, writable, may_copy, part)
    return result


def _register(root, base, box, shown, writable, may_copy, part=None):
    if type(box) is not type(root) or id(box) in ALIASES:
        # Not a box of the root's kind (a constant read from a tensor whose tape is not
        # recording is a new value, as TensorFlow's slices are), or a box the operation
        # was given back.
        return
    if not isinstance(shown, np.ndarray) or may_copy and not np.may_share_memory(shown, base):
        return                     # NumPy would have made a copy
    key = id(box)
    ref = weakref.ref(box, functools.partial(_forget_view, key))
    ALIASES[key] = _View(root, shown, base, writable, ref, part)
    ALIASES[id(root)].views.add(key)


def indexed(source, result, index):
    """``source[index]`` (already computed as `result`) registered as a view of
    `source` when the index is basic: integers, slices, None and Ellipsis that do
    not pick a single entry.  Integer arrays, lists and masks make copies, as in NumPy.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> from dualtape.rules.indexing import getitem
        >>> y = dt.Dual(np.zeros((2, 2)), np.ones((2, 2))) * 1.0
        >>> row = indexed(y, getitem(y, 1), 1)
        >>> row *= 2.0
        >>> y.tangent
        array([[1., 1.],
               [2., 2.]])
    """
    items = index if type(index) is tuple else (index,)
    integers = 0
    for item in items:
        if type(item) is int or isinstance(item, np.integer):   # not bool: NumPy reads it as a mask
            integers += 1
        elif not (type(item) is slice or item is None or item is Ellipsis):
            return result
    if integers == len(items) == ndim(source):
        return result              # a single entry is a scalar in NumPy, not a view
    return derived(source, result, lambda stand_in: stand_in[items], may_copy=False)


def write(box, index, value):
    """``box[index] = value``: record the update and make `box`, and every view
    showing a written entry, refer to the result.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y = dt.Dual(np.arange(4.0), np.ones(4)) * 1.0
        >>> v = y.reshape(2, 2)
        >>> write(y, 1, 9.0)
        >>> v.primal
        array([[0., 9.],
               [2., 3.]])
    """
    reject_masked((value,), "x[...] = v")
    entry = ALIASES.get(id(box)) if ALIASES else None
    if entry is None or type(entry) is _Root and not entry.views:
        rebind(box, _same_kind(box, update(box, index, value, "set")))
    elif type(entry) is _View:
        if not entry.writable:
            raise _read_only(box)
        positions = entry.positions()[normalize_index(index, ndim(box))]
        _write_root(entry.root, positions, _whole_entries(entry, positions, value))
    else:
        _write_root(box, flat_positions(shape(box), index), value)


def write_in_place(box, result, operator="add"):
    """`box` after ``box op= other``, where `result` is ``box op other``, as NumPy's
    in-place operators do: the result is written into the entries of `box`, so every
    name that refers to it (``z = y; z += 1`` changes `y`), and every view sharing its
    entries, sees the new values; the dtype stays `box`'s (NumPy's ``same_kind`` cast).

    A box holding a scalar (a Python or NumPy scalar, both values in NumPy) and a
    Variable (which changes only through ``assign``, as in TensorFlow) just become
    `result`, as ``x = x op y``; so does a box that `result`, recorded at another
    level, cannot replace.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y = dt.Dual(np.ones(3), np.ones(3)) * 1.0
        >>> tail, alias = y[1:], y
        >>> tail = write_in_place(tail, tail * 2.0)      # what `tail *= 2.0` does
        >>> y.primal
        array([1., 2., 2.])
        >>> alias = write_in_place(alias, alias + 1.0)   # what `alias += 1.0` does
        >>> y.primal
        array([2., 3., 3.])
    """
    entry = ALIASES.get(id(box)) if ALIASES else None
    if entry is None or type(entry) is _Root and not entry.views:
        if type(result) is not type(box) or type(raw(box)) is not np.ndarray or \
                _has_no_views(type(box)):
            return result
        rebind(box, fitted_in_place(box, result, operator))       # no view to refresh
        return box
    result = fitted_in_place(box, result, operator)
    if type(entry) is _View:
        if not entry.writable:
            raise _read_only(box)
        _write_root(entry.root, entry.positions(), _whole_entries(entry, entry.positions(), result))
    else:
        _become(box, result, None)
    return box


def base_of(box):
    """The box that `box` is a view of (NumPy's ``x.base``), or None.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y = dt.Dual(np.zeros(4), np.ones(4)) * 1.0
        >>> base_of(y[1:]) is y, base_of(y)
        (True, None)
    """
    entry = ALIASES.get(id(box)) if ALIASES else None
    return entry.root if type(entry) is _View else None


def memory_of(box):
    """One byte per entry of `box`, laid out as NumPy's would be: a view's stand-in in its
    root, or a new C-ordered array. ``memory_of(y.T).strides`` is ``(1, 3)`` for y 2 × 3."""
    entry = ALIASES.get(id(box)) if ALIASES else None
    return entry.stand_in if type(entry) is _View else np.empty(shape(box), np.uint8)


def replace(box, new):
    """Make `box` (no view, with no live view) refer to `new` of another shape: NumPy's
    in-place ``x.resize``, which refuses an array that shares its memory."""
    entry = ALIASES.get(id(box)) if ALIASES else None
    shared = "is a view of" if type(entry) is _View else "has a live view in"
    if type(entry) is _View or entry is not None and any(map(ALIASES.get, entry.views)):
        raise ValueError(f"cannot resize this array: it {shared} another dualtape value, as "
                         f"NumPy refuses; use np.resize(x, shape) for a resized copy")
    rebind(box, _same_kind(box, new))


def _whole_entries(view, positions, value):
    """What a write of `value` through `view` at the root's `positions` stores there:
    `value` itself, or for a view of one part of complex entries (``z.real``) `value`
    as that part and the root's other part as it is."""
    if view.part is None:
        return value
    current = _gather(view.root, positions)
    if view.part == "real":
        return value + imag_part(current) * 1j
    return real_part(current) + value * 1j


def _part_of(entries, part):
    """The `part` ("real", "imag" or None: all) of a view's entries."""
    return entries if part is None else real(entries) if part == "real" else imag(entries)


def _write_root(root, positions, value):
    """Write `value` into `root` at `positions`, and refresh the views that see it."""
    entry = ALIASES.get(id(value))
    if type(entry) is _View and entry.root is root and entry.part is None and \
            entry.positions().shape == positions.shape and \
            np.array_equal(entry.positions(), positions):
        return                     # a view stored back where it shows (`a[i] += v` ends so)
    _become(root, update_positions(root, positions, value, "set"), positions)


def _become(root, new, positions):
    """Make `root` refer to `new`, and each live view showing one of `positions` (all
    of them when None) refer to its entries of `new`: all of them or, on an error, none."""
    new = _same_kind(root, new)
    refreshed = _refreshed_views(root, new, positions)
    rebind(root, new)
    for view, fresh in refreshed:
        rebind(view, fresh)


def _refreshed_views(root, new, positions):
    """(view, its new value) for each live view of `root` showing one of `positions`
    (all of them when `positions` is None), read from `new`, the root's new value."""
    entry = ALIASES.get(id(root))
    if entry is None:
        return []
    written = np.zeros(entry.stand_in.size, dtype=bool)
    written[slice(None) if positions is None else positions.reshape(-1)] = True
    out = []
    for key in tuple(entry.views):          # a collection may drop views meanwhile
        view = ALIASES.get(key)
        box = view.ref() if view is not None else None
        if box is None or not written[view.positions()].any():
            continue
        fresh = _part_of(_gather(new, view.positions()), view.part)
        if type(fresh) is not type(box):      # (views are of their root's kind: a safeguard)
            raise TypeError(
                f"a view of this dualtape {type(root).__name__} cannot follow this write: it would "
                f"become a {type(fresh).__name__}. Take the view again after writing.")
        out.append((box, fresh))
    return out


def _gather(x, positions):
    """The entries of `x` at flat `positions`, in their shape (one recorded gather)."""
    if ndim(x) == 0:
        return broadcast_to(x, positions.shape)        # every position is the one entry
    return getitem(x, np.unravel_index(positions, shape(x)))


def _same_kind(box, new):
    """`new`, checked to be a box `box` can become."""
    if type(new) is not type(box):
        kind = "constant" if type(box).__name__ == "Leaf" else type(box).__name__   # (engine's word)
        hint = " (for a Variable: x.assign(x.at[index].set(v)))" if _has_no_views(type(box)) else \
            " (a source of the recording tape that watches it, as a Variable is: it changes only " \
            "outside the tape)" if kind == "constant" else ""
        raise TypeError(
            f"`x[...] = v` on a dualtape {kind} cannot be recorded here{hint}: the updated value "
            f"is a {type(new).__name__}. Write `x = x.at[index].set(v)` instead (inside a "
            f"recording tape, `x[...] = v` works on the tensors it computes).")
    return new


def _read_only(box):
    return ValueError(
        f"assignment destination is read-only: this dualtape {type(box).__name__} is a read-only "
        f"view (of diagonal or broadcast_to), as in NumPy. Write into the array it views "
        f"(`y[i] = v`), or make a new value with `x.at[index].set(v)`.")
