"""Tensors: reverse-mode boxes, and the leaf tensors users create
(`constant`, `Variable`).

A tape tensor holds a value and its node on one tape.  A *leaf* tensor
(a constant or a Variable) belongs to no tape: when an operation reads it,
every tape recording in this thread that watches it wraps the value in a
source node of its own (outermost tape first), so one Variable used under two
nested tapes is a source of both.
"""
import html
import numbers
import warnings

import numpy as np

from ..composed.array_methods import ArrayLike
from ..core.box import Box, LEAF_LEVEL, raw
from ..core.dispatch import bind
from .active import active_tapes

_new = object.__new__


def _check_value(value, who):
    if isinstance(value, Box):
        return value
    if isinstance(value, (complex, np.complexfloating)) or \
            np.issubdtype(np.asarray(value).dtype, np.complexfloating):
        raise TypeError(f"{who}: complex values are not supported yet")
    if type(value) is float:
        return value
    if isinstance(value, (bool, np.bool_, numbers.Integral, np.floating)):
        return np.asarray(value)[()]
    a = np.asarray(value)
    if a.dtype == object:
        raise TypeError(f"{who}: cannot make a tensor from {type(value).__name__}")
    return a


def _readonly(value):
    """Values saved for adjoints must not change underneath the tape."""
    if isinstance(value, np.ndarray) and value.flags.writeable:
        value = value.copy()
        value.flags.writeable = False
    return value


class Tensor(ArrayLike):
    """A value computed by dualtape's reverse mode (or a constant).

    Example:
        >>> import dualtape as dt
        >>> x = dt.constant(3.0)
        >>> with dt.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> print(tape.gradient(y, x).numpy())
        6.0
    """

    __slots__ = ("_value", "_tape", "_node", "_level")

    @staticmethod
    def _make(value, tape, node):
        t = _new(Tensor)
        t._value = value
        t._tape = tape
        t._node = node
        t._level = tape.level
        return t

    def _inner(self):
        return self._value

    def _process(self, prim, args, params):
        return self._tape.process(prim, args, params)

    def _plain_value_allowed(self):
        return not self._tape.recording

    def numpy(self):
        """The plain NumPy value (a NumPy scalar for 0-d values).

        Example:
            >>> import dualtape as dt
            >>> print((dt.constant(2.0) * 3.0).numpy())
            6.0
        """
        r = raw(self)
        if isinstance(r, np.ndarray):
            return r if r.ndim else r[()]
        return np.float64(r) if type(r) is float else r

    def __repr__(self):
        return _describe(self, "Tensor")

    def _repr_html_(self):
        v = self.numpy()
        name = getattr(self, "name", None)
        kind = "Variable" if isinstance(self, Variable) else "Tensor"
        title = kind + (f" <code>{html.escape(str(name))}</code>" if name else "")
        return (f"<b>{title}</b> shape {np.shape(v)} dtype {np.result_type(v)}"
                f"<pre>{html.escape(np.array2string(np.asarray(v)))}</pre>")


class Leaf(Tensor):
    """A tensor on no tape: a constant, or (subclass) a Variable."""

    __slots__ = ()
    _level = LEAF_LEVEL
    trainable = False

    def __init__(self, value):
        self._value = _readonly(_check_value(value, type(self).__name__))
        self._tape = None
        self._node = -1

    def _process(self, prim, args, params):
        new_args = [_read(a) if isinstance(a, Leaf) else a for a in args]
        return constant_or_box(bind(prim, *new_args, **params))

    def _plain_value_allowed(self):
        return not any(t.recording and t._watches(self) for t in active_tapes())

    def __repr__(self):
        return _describe(self, type(self).__name__)


def _describe(tensor, kind):
    v = tensor.numpy()
    shown = repr(v.item()) if np.ndim(v) == 0 else repr(v)
    name = getattr(tensor, "name", None)     # Variables may carry a name, as in TensorFlow
    kind = f"{kind} {name!r}" if name else kind
    return f"<dualtape.{kind}: shape={np.shape(v)}, dtype={np.result_type(v)}, numpy={shown}>"


def _read(leaf):
    """The value of `leaf` as seen by the tapes recording in this thread."""
    value = leaf._value
    for tape in active_tapes():
        if tape.recording and tape._watches(leaf):
            value = tape._source_for(leaf, value)
    return value


def constant_or_box(value):
    """Plain results become constant tensors (so `.numpy()` works); boxes stay."""
    if isinstance(value, tuple):
        return tuple(constant_or_box(v) for v in value)
    if isinstance(value, Box):
        return value
    return Leaf(value)


def constant(value, dtype=None):
    """A constant tensor: watched by a tape only after ``tape.watch``.

    Example:
        >>> import dualtape as dt
        >>> dt.constant([1.0, 2.0]).shape
        (2,)
    """
    if dtype is not None:
        value = np.asarray(value, dtype=dtype)
    return Leaf(value)


class Variable(Leaf):
    """A trainable, assignable tensor: watched automatically by every tape
    (with ``watch_accessed_variables=True``) that reads it.

    Example:
        >>> import dualtape as dt
        >>> w = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     loss = (w - 5.0) ** 2
        >>> _ = w.assign_sub(0.1 * tape.gradient(loss, w))
        >>> print(w.numpy())
        2.6
    """

    __slots__ = ("trainable", "name", "_version")

    def __init__(self, initial_value, trainable=True, name=None, dtype=None):
        if isinstance(initial_value, Tensor):
            initial_value = initial_value.numpy()
        if dtype is not None:
            initial_value = np.asarray(initial_value, dtype=dtype)
        super().__init__(raw(initial_value))
        self.trainable = bool(trainable)
        self.name = name
        self._version = 0

    def _store(self, value):
        value = raw(value)
        old = np.shape(self._value)
        if np.shape(value) != old:
            raise ValueError(f"Variable.assign: cannot assign a value of shape {np.shape(value)} "
                             f"to a variable of shape {old}")
        dt = np.result_type(self._value)
        self._value = _readonly(np.asarray(value, dtype=dt) if np.ndim(value) else np.asarray(value, dtype=dt)[()])
        self._version += 1
        return self

    def assign(self, value):
        """Replace the value (shape and dtype are kept). Returns the variable."""
        return self._store(value)

    def assign_add(self, delta):
        """``self += delta``. Returns the variable."""
        return self._store(np.add(self._value, raw(delta)))

    def assign_sub(self, delta):
        """``self -= delta``. Returns the variable."""
        return self._store(np.subtract(self._value, raw(delta)))

    def read_value(self):
        return constant(self._value)


def is_integer_valued(x):
    r = raw(x)
    return np.issubdtype(np.result_type(r), np.integer) or np.issubdtype(np.result_type(r), np.bool_)


def warn_integer_source(i):
    warnings.warn(f"The dtype of source {i} is an integer type: no gradient is computed for it "
                  f"(it is returned as None). Use a float value to differentiate.", stacklevel=3)
