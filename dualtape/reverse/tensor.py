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
from threading import get_ident

import numpy as np

from ..composed.array_methods import ArrayLike, fast_path_of
from ..core.box import Box, LEAF_LEVEL, raw
from ..core.dispatch import MASKED_ARRAY, bind, masked_array_error
from ..rules import elementwise as ew
from .active import active_tapes

_new = object.__new__
_NEGATIVE = ew.negative.primitive
# The values of the scalar hot path (a tensor's), and the plain numbers it meets.
SCALARS = frozenset((float, complex))
NUMBERS = frozenset((float, int, complex))


def _check_value(value, who):
    if isinstance(value, Box):
        return value
    if type(value) is float or type(value) is complex:
        return value
    if isinstance(value, (bool, np.bool_, numbers.Integral, np.floating, np.complexfloating)):
        return np.asarray(value)[()]
    if isinstance(value, MASKED_ARRAY):
        raise masked_array_error(who)
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


# What to write instead of float(x) / x.item() / f"{x:.4f}" while a tape records x
_AFTER_THE_TAPE = ("A GradientTape is recording this value, and a plain number leaves the "
                   "tape: read it after the `with GradientTape()` block, as x.numpy() (or "
                   "float(x), f\"{{x:.4f}}\"), or take dualtape.stop_gradient(x) inside it.")


def _float_operator(prim, generic, reflected=False):
    """`generic` (the operator every box has), with the scalar hot path first: a
    tensor holding a Python float (or complex), on a tape recording in this thread,
    met with a Python number (or, unreflected, another such tensor of the tape) is
    recorded directly by `Tape.record_floats`, with the record and result the
    generic path gives (tests/test_tape_fast_paths.py)."""
    impl = prim.impl

    @fast_path_of(generic)
    def method(self, other):
        v = self._value
        tape = self._tape
        if type(v) in SCALARS and tape is not None and tape.recording \
                and tape.thread_id == get_ident():
            kind = type(other)
            if kind in NUMBERS:
                if reflected:
                    return tape.record_floats(prim, impl(other, v), (None, self._node), (other, v))
                return tape.record_floats(prim, impl(v, other), (self._node, None), (v, other))
            if kind is Tensor and not reflected and other._tape is tape \
                    and type(other._value) in SCALARS:
                w = other._value
                return tape.record_floats(prim, impl(v, w), (self._node, other._node), (v, w))
        return generic(self, other)
    return method


class Tensor(ArrayLike):
    """A value computed by dualtape's reverse mode (or a constant).

    Example:
        >>> import dualtape as dt
        >>> with dt.GradientTape():
        ...     y = dt.Variable([1.0, 2.0]) * 3.0      # recorded: a tensor on the tape
        >>> type(y).__name__, y.numpy()
        ('Tensor', array([3., 6.]))
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

    # --- the scalar hot path of the operators (see `_float_operator`) ----------------
    __add__ = _float_operator(ew.add.primitive, ArrayLike.__add__)
    __radd__ = _float_operator(ew.add.primitive, ArrayLike.__radd__, reflected=True)
    __sub__ = _float_operator(ew.subtract.primitive, ArrayLike.__sub__)
    __rsub__ = _float_operator(ew.subtract.primitive, ArrayLike.__rsub__, reflected=True)
    __mul__ = _float_operator(ew.multiply.primitive, ArrayLike.__mul__)
    __rmul__ = _float_operator(ew.multiply.primitive, ArrayLike.__rmul__, reflected=True)
    __truediv__ = _float_operator(ew.divide.primitive, ArrayLike.__truediv__)
    __rtruediv__ = _float_operator(ew.divide.primitive, ArrayLike.__rtruediv__, reflected=True)
    __pow__ = _float_operator(ew.power.primitive, ArrayLike.__pow__)
    __rpow__ = _float_operator(ew.power.primitive, ArrayLike.__rpow__, reflected=True)

    def __neg__(self):
        v = self._value
        tape = self._tape
        if type(v) in SCALARS and tape is not None and tape.recording and \
                tape.thread_id == get_ident():
            return tape.record_floats(_NEGATIVE, -v, (self._node,), (v,))
        return ArrayLike.__neg__(self)

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
        if type(r) is complex:
            return np.complex128(r)
        return np.float64(r) if type(r) is float else r

    def item(self, *args):
        """The value as a Python number, as NumPy's ``item`` (only where no derivative is lost).

        Example:
            >>> import dualtape as dt
            >>> (dt.constant([1.5, 2.5]) * 2.0).item(1)
            5.0
        """
        if self._plain_value_allowed():
            return np.asarray(raw(self)).item(*args)
        raise self._conversion_error(".item()", _AFTER_THE_TAPE)

    def __format__(self, spec):
        # f"{loss:.4f}" formats the number, as for NumPy values; a recorded value refuses,
        # as float() does, and an empty spec (f"{t}") shows the tensor as print does.
        if not spec:
            return str(self)
        if self._plain_value_allowed():
            return format(self.numpy(), spec)
        raise self._conversion_error(f"format(x, {spec!r})", _AFTER_THE_TAPE)

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

    def __copy__(self):
        # (copy's default would set the slot `_level`, a class constant here)
        return Leaf(self._value)          # the value is read-only: sharing it is safe

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __repr__(self):
        # a constant shows as a Tensor, as in TensorFlow ("Leaf" is the engine's word)
        return _describe(self, "Tensor" if type(self) is Leaf else type(self).__name__)


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


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor: watched by a tape only after ``tape.watch``.

    As TensorFlow's ``tf.constant``: `dtype` converts the value, refusing a
    conversion that would change it (a float to an integer dtype, say); `shape`
    reshapes a value with that many elements, or fills it with a one-element
    value; `name` is accepted and not kept (eager tensors have no name).

    Example:
        >>> import dualtape as dt
        >>> dt.constant([1.0, 2.0]).shape
        (2,)
        >>> dt.constant(0.5, shape=(2, 2), name="half").numpy()
        array([[0.5, 0.5],
               [0.5, 0.5]])
    """
    if isinstance(value, MASKED_ARRAY):
        raise masked_array_error("constant")
    if dtype is not None:
        value = cast_like_tensorflow(value, dtype, "constant")
    if shape is not None:
        value = _with_shape(value, tuple(shape))
    return Leaf(value)


def cast_like_tensorflow(value, dtype, who):
    """`value` as an array of `dtype`, unless the conversion would change it in kind (a
    float to an integer or boolean dtype, a complex to a real one): TensorFlow refuses
    those, and so do we, instead of truncating.

    Example:
        >>> cast_like_tensorflow(3, "float32", "constant").dtype
        dtype('float32')
        >>> cast_like_tensorflow(2.5, "int64", "constant")
        Traceback (most recent call last):
        ...
        TypeError: constant: cannot convert a float64 value to int64 without changing it ...
    """
    dtype = np.dtype(dtype)
    a = np.asarray(value)          # (a recorded tensor refuses here: its derivative would go)
    if not np.can_cast(a.dtype, dtype, casting="same_kind"):
        raise TypeError(
            f"{who}: cannot convert a {a.dtype} value to {dtype} without changing it (NumPy "
            f"would truncate 2.5 to 2; TensorFlow refuses, and so do we). Pass a value of "
            f"dtype {dtype}, or make the tensor of the value's kind: Variable(3.0) rather "
            f"than Variable(3).")
    return a.astype(dtype)


def _with_shape(value, shape):
    a = np.asarray(value)
    if a.size == np.prod(shape, dtype=int):
        return a.reshape(shape)
    if a.size == 1:
        return np.full(shape, a.reshape(()), dtype=a.dtype)
    raise TypeError(f"constant: a value of shape {a.shape} ({a.size} elements) cannot take the "
                    f"shape {shape}: give a value with that many elements, or one element to fill it")


class Variable(Leaf):
    """A trainable, assignable tensor: watched automatically by every tape
    (with ``watch_accessed_variables=True``) that reads it.

    Its ``name`` is TensorFlow's: the name given (``"Variable"`` by default) and
    the output index, ``"x0:0"``; names are not made unique, as in TensorFlow's
    eager mode.

    Example:
        >>> import dualtape as dt
        >>> w = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     loss = (w - 5.0) ** 2
        >>> _ = w.assign_sub(0.1 * tape.gradient(loss, w))
        >>> print(w.numpy())
        2.6
    """

    __slots__ = ("trainable", "_base_name", "_version")

    # (TensorFlow's third positional argument is validate_shape: name and dtype by keyword)
    def __init__(self, initial_value, trainable=True, *, name=None, dtype=None):
        if isinstance(initial_value, Tensor):
            initial_value = initial_value.numpy()
        if dtype is not None:
            initial_value = cast_like_tensorflow(initial_value, dtype, "Variable")
        super().__init__(raw(initial_value))
        self.trainable = bool(trainable)
        self._base_name = "Variable" if name is None else str(name)
        self._version = 0

    @property
    def name(self):
        """TensorFlow's name of the variable: ``"x0:0"`` for ``Variable(..., name="x0")``.

        Example:
            >>> import dualtape as dt
            >>> dt.Variable(1.0, name="x0").name, dt.Variable(1.0).name
            ('x0:0', 'Variable:0')
        """
        return f"{self._base_name}:0"

    def _store(self, value, who="Variable.assign"):
        value = raw(value)
        old = np.shape(self._value)
        if np.shape(value) != old:
            raise ValueError(f"{who}: cannot assign a value of shape {np.shape(value)} "
                             f"to a variable of shape {old}")
        value = cast_like_tensorflow(value, np.result_type(self._value), who)
        self._value = _readonly(value if np.ndim(value) else value[()])
        self._version += 1
        return self

    def assign(self, value):
        """Replace the value (shape and dtype are kept). Returns the variable."""
        return self._store(value)

    def assign_add(self, delta):
        """``self += delta``. Returns the variable."""
        return self._store(np.add(self._value, raw(delta)), "Variable.assign_add")

    def assign_sub(self, delta):
        """``self -= delta``. Returns the variable."""
        return self._store(np.subtract(self._value, raw(delta)), "Variable.assign_sub")

    def __copy__(self):
        return self                       # as TensorFlow: a copy of a Variable is the Variable

    def __deepcopy__(self, memo):
        # as TensorFlow: a new Variable holding the current value
        return Variable(self._value, trainable=self.trainable, name=self._base_name)

    def read_value(self):
        return constant(self._value)


def is_integer_valued(x):
    r = raw(x)
    return np.issubdtype(np.result_type(r), np.integer) or np.issubdtype(np.result_type(r), np.bool_)


def warn_integer_source(i):
    warnings.warn(f"The dtype of source {i} is an integer type: no gradient is computed for it "
                  f"(it is returned as None). Use a float value to differentiate.", stacklevel=3)
