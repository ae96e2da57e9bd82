"""What every box shares: Python operators, NumPy-like attributes and methods,
and the NumPy protocols, all routed through the primitive table.

Operands follow NumPy: a Python list or tuple is read as the array NumPy
would make of it, and a masked array is refused (composed/operands.py).

Indexing, reshape, transpose and their relatives give views in NumPy's sense
(composed/views.py): a write into one, or an in-place operator on it, reaches
the array it views, and views see the writes into their array.  An in-place
operator writes into the box itself, as NumPy's do into an array, so every name
bound to it sees the change (``z = y; z += 1`` changes ``y``); a box holding a
scalar, and a Variable, become a new value instead, as ``x = x + y`` does.

Comparisons look at the plain values and return plain booleans or boolean
arrays, so ``if x > 0:`` and ``np.where(x > 0, ...)`` work on boxes.
Conversions that would silently drop the derivative (``float(box)``,
``np.asarray(box)``, so also ``np.array([x, y])`` and ``a[i] = x`` into a
NumPy array) raise instead, naming the differentiable spelling.
"""
import operator

import numpy as np

from ..core.arrays import Shape
from ..core.box import Box, raw
from ..core.dispatch import bind
from ..core.interop import HANDLED, handler_for, unsupported, is_masked, masked_error, called_by_numpy_ma, \
    library_caller, library_conversion_hint
from ..rules import elementwise as ew, shapes as sh, indexing as ix, matmul as la, \
    elementwise_more, elementwise_piecewise
from . import views
from .array_methods_layout import LayoutMethods
from .array_methods_memory import MemoryMethods
from .array_methods_more import MoreArrayMethods
from .array_methods_reductions import ReductionMethods
from .operands import CONVERTED, COMPOSED_UFUNCS, operand, floor_divide
from ..rules.complex_values import is_complex
from ..rules.elementwise_entry import ufunc_with_keywords
from .updates import At
from .views import ALIASES


_ADD = ew.add.primitive
_SUB = ew.subtract.primitive
_MUL = ew.multiply.primitive
_DIV = ew.divide.primitive
_POW = ew.power.primitive


def fast_path_of(generic):
    """Decorator for a box's operator written as a fast path in front of ArrayLike's
    `generic` operator (which it calls when the fast path does not apply): the method
    takes `generic`'s name, which tracebacks and ``help`` show.

    Example:
        >>> @fast_path_of(ArrayLike.__add__)
        ... def method(self, other):
        ...     return ArrayLike.__add__(self, other)
        >>> method.__name__
        '__add__'
    """
    def named(method):
        method.__name__ = generic.__name__
        return method
    return named


def _binary(prim, name):
    """The operator and its reflected form for a two-argument table entry."""
    def forward(self, other):
        if type(other) in CONVERTED:
            other = operand(other, name)
        return bind(prim, self, other)

    def reflected(self, other):
        if type(other) in CONVERTED:
            other = operand(other, name)
        return bind(prim, other, self)
    forward.__name__, reflected.__name__ = f"__{name}__", f"__r{name}__"
    return forward, reflected


def _composed(fn, name):
    """The operator and its reflected form for an operation composed of entries."""
    def forward(self, other):
        if type(other) in CONVERTED:
            other = operand(other, name)
        return fn(self, other)

    def reflected(self, other):
        if type(other) in CONVERTED:
            other = operand(other, name)
        return fn(other, self)
    forward.__name__, reflected.__name__ = f"__{name}__", f"__r{name}__"
    return forward, reflected


def _in_place(binary, name, ufunc_name):
    """``x op= y``: NumPy's in-place operator, a write into `x` that every name and
    every view sharing its entries sees (`views.write_in_place`)."""
    def op(self, other):
        result = binary(self, other)
        if ALIASES or type(raw(self)) is np.ndarray:     # (a scalar is a value: it is not written)
            return views.write_in_place(self, result, ufunc_name)
        return result
    op.__name__ = f"__i{name}__"
    return op


_IN_PLACE = {f"__i{name}__": _in_place(fn, name, ufunc_name) for name, fn, ufunc_name in [
    ("add", operator.add, "add"), ("sub", operator.sub, "subtract"),
    ("mul", operator.mul, "multiply"), ("truediv", operator.truediv, "true_divide"),
    ("pow", operator.pow, "power"), ("matmul", operator.matmul, "matmul"),
    ("mod", operator.mod, "remainder"), ("floordiv", operator.floordiv, "floor_divide")]}


def _same_entries(stand_in):
    """The stand-in of a view that shows every entry of its array (``z.real``)."""
    return stand_in


def _numpy_name(func):
    """``linalg.solve`` for ``np.linalg.solve``: how the error messages name a NumPy function."""
    module = getattr(func, "__module__", "numpy").replace("numpy", "").strip(".")
    return (module + "." if module else "") + func.__name__


# What to write instead, in the errors of conversions that would drop a derivative
_ARRAY_HOW = (
    "NumPy asks for it in np.asarray(x), in np.array([x, y]) and when x is stored into a slice "
    "of a NumPy array: build arrays of dualtape values with `dualtape.numpy.stack([x, y])` (a "
    "stack of stacks for nested lists) and write into one with "
    "`a = dualtape.numpy.at(a)[i].set(x)`.")
_STORE_HOW = (
    "NumPy calls {what} to store x into one of its arrays (`a[i] = x`, which it then reports "
    "as 'setting an array element with a sequence'): build such an array with dualtape "
    "instead, `a = dualtape.numpy.at(a)[i].set(x)` (`a.at[i].set(x)` when a is a dualtape "
    "value) or `dualtape.numpy.stack([x, y])`.")


class ArrayLike(Box, LayoutMethods, ReductionMethods, MoreArrayMethods, MemoryMethods):
    """Mixin giving a box the behaviour of the NumPy value it wraps: its operators and
    attributes here, NumPy's array methods from the mixins (`LayoutMethods`: views and
    shapes; `ReductionMethods`: values computed from entries; `MoreArrayMethods`: in-place
    and plain results; `MemoryMethods`: bytes and memory)."""

    # weak references let views be forgotten when dropped (composed/views.py)
    __slots__ = ("__weakref__",)
    __array_priority__ = 1000

    # --- arithmetic --------------------------------------------------------------
    # Operators bind their primitive directly: this is the hot path of scalar code.
    __add__, __radd__ = _binary(_ADD, "add")
    __sub__, __rsub__ = _binary(_SUB, "sub")
    __mul__, __rmul__ = _binary(_MUL, "mul")
    __truediv__, __rtruediv__ = _binary(_DIV, "truediv")
    __pow__, __rpow__ = _binary(_POW, "pow")
    __matmul__, __rmatmul__ = _composed(la.matmul, "matmul")
    __mod__, __rmod__ = _composed(elementwise_piecewise.remainder, "mod")
    __floordiv__, __rfloordiv__ = _composed(floor_divide, "floordiv")

    # In-place operators (`__iadd__`, ...) are defined below the class, from `_IN_PLACE`.

    def __neg__(self): return ew.negative(self)
    def __pos__(self): return elementwise_more.positive(self)    # NumPy's +x is a new array
    def __abs__(self): return ew.absolute(self)

    # --- comparisons: plain values ---------------------------------------------
    def __lt__(self, other): return raw(self) < raw(other)
    def __le__(self, other): return raw(self) <= raw(other)
    def __gt__(self, other): return raw(self) > raw(other)
    def __ge__(self, other): return raw(self) >= raw(other)
    def __eq__(self, other): return raw(self) == raw(other)
    def __ne__(self, other): return raw(self) != raw(other)
    __hash__ = object.__hash__

    def __bool__(self):
        return bool(raw(self))

    # --- attributes ----------------------------------------------------------------
    @property
    def shape(self):
        return Shape(np.shape(raw(self)))

    @property
    def ndim(self):
        return np.ndim(raw(self))

    @property
    def size(self):
        return int(np.size(raw(self)))

    @property
    def dtype(self):
        r = raw(self)
        return r.dtype if hasattr(r, "dtype") else np.result_type(r)

    @property
    def T(self):
        return views.derived(self, sh.transpose(self), np.transpose)

    @property
    def real(self):
        # a view, as NumPy's: `z.real[0] = 5.0` writes the real part of z's entry
        return views.derived(self, elementwise_more.real(self), _same_entries,
                             part="real" if is_complex(self) else None)

    @real.setter
    def real(self, value):                           # `z.real = v`, and `z.real += v`'s store
        self._parts_are_written()
        self.real[...] = value

    @property
    def imag(self):
        if not is_complex(self):                     # zeros, which NumPy does not let you write
            return elementwise_more.imag(self)
        return views.derived(self, elementwise_more.imag(self), _same_entries, part="imag")

    @imag.setter
    def imag(self, value):
        self._parts_are_written()
        if not is_complex(self):
            raise TypeError("array does not have imaginary part to set")     # NumPy's error
        self.imag[...] = value

    def _parts_are_written(self):
        if callable(getattr(self, "assign", None)):
            raise TypeError(f"`x.real = v` on a dualtape {type(self).__name__}: a Variable changes "
                            f"only through assign, as in TensorFlow; write "
                            f"`x.assign(v + 1j * dualtape.numpy.imag(x))` (or `dualtape.numpy.real(x) "
                            f"+ 1j * v` for the imaginary part)")

    def __len__(self):
        s = self.shape
        if not s:
            raise TypeError("len() of unsized object (a 0-d value)")
        return s[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __getitem__(self, index):
        return views.indexed(self, ix.getitem(self, index), index)

    @property
    def at(self):
        """Functional updates: ``x.at[index].set(v)`` (also ``add``, ``multiply``, ``min``,
        ``max``, ``get``) gives a new value; derivatives flow to x and v.

        Example:
            >>> import numpy as np, dualtape as dt
            >>> dt.gradient(lambda x: (x.at[0].set(2.0 * x[1]) ** 2).sum())(np.array([5.0, 1.0]))
            array([ 0., 10.])
        """
        return At(self)

    def __setitem__(self, index, value):
        # `x[i] = v` records the functional update and makes this box refer to the
        # result (the earlier value stays on the tape), so derivatives flow through
        # the entries kept and through v; a view passes the write to the array it
        # views.  A box that cannot become the result (a Variable, a tensor whose
        # tape is not recording) raises instead.
        views.write(self, index, value)

    # --- conversions that would drop the derivative ---------------------------------
    def _conversion_error(self, what, how=_STORE_HOW, caller=None):
        if caller is not None:               # NumPy's or SciPy's own code asked (`library_caller`)
            return TypeError(f"{what} of a dualtape {type(self).__name__} would drop its "
                             f"derivative: {library_conversion_hint(caller)}")
        return TypeError(
            f"{what} of a dualtape {type(self).__name__} would drop its derivative. "
            f"{how.format(what=what)} Keep computing with dualtape.numpy functions; to use the "
            f"plain value on purpose, take `dualtape.stop_gradient(x)` (or `.primal` of a Dual, "
            f"`.numpy()` of a tensor).")

    def _plain_value_allowed(self):
        return False

    def __float__(self):
        if self._plain_value_allowed():
            return float(raw(self))
        raise self._conversion_error("float()", caller=library_caller())

    def __int__(self):
        if self._plain_value_allowed():
            return int(raw(self))
        raise self._conversion_error("int()", caller=library_caller())

    def __complex__(self):
        if self._plain_value_allowed():           # as float(): a value no tape is recording
            return complex(raw(self))
        raise self._conversion_error("complex()", caller=library_caller())

    def __array__(self, dtype=None, copy=None):
        if self._plain_value_allowed():
            return np.asarray(raw(self), dtype=dtype)
        if called_by_numpy_ma():
            raise masked_error(f"numpy.ma with a dualtape {type(self).__name__}")
        raise self._conversion_error("numpy.asarray()", _ARRAY_HOW, library_caller())

    # --- NumPy protocols -------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        fn = HANDLED.get(ufunc) or COMPOSED_UFUNCS.get(ufunc) or handler_for(ufunc)
        if method != "__call__":           # reduce, accumulate, outer, at: the function's methods
            fn = getattr(fn, method, None)
        if fn is None:
            name = ufunc.__name__ if method == "__call__" else f"{ufunc.__name__}.{method}"
            raise unsupported(name, self)
        if method != "__call__" or getattr(fn, "plain_result", False):
            return fn(*inputs, **kwargs)
        if kwargs:
            return ufunc_with_keywords(ufunc, inputs, kwargs, compute=fn)
        return fn(*[operand(a, f"numpy.{ufunc.__name__}") if type(a) in CONVERTED else a
                    for a in inputs])

    def __array_function__(self, func, types, args, kwargs):
        if func is np.copy and args and isinstance(args[0], ArrayLike):
            return args[0].copy()
        fn = HANDLED.get(func)
        if fn is None:
            raise unsupported(_numpy_name(func), self)
        for a in (*args, *kwargs.values()):        # arguments, and the arrays in a list argument
            if any(is_masked(v) for v in (a if type(a) in (list, tuple) else (a,))):
                raise masked_error("numpy." + _numpy_name(func))
        out = fn(*args, **kwargs)
        writable = views.NUMPY_VIEWS.get(func)
        if writable is not None and args and isinstance(args[0], Box) and \
                not any(isinstance(a, Box) for a in (*args[1:], *kwargs.values())):
            out = views.derived(args[0], out, lambda s: func(s, *args[1:], **kwargs), writable)
        return out


for _name, _method in _IN_PLACE.items():
    setattr(ArrayLike, _name, _method)
