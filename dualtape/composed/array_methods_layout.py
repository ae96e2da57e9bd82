"""NumPy's array methods that rearrange entries or make views: ``copy``, ``reshape``,
``ravel``, ``flatten`` (each with NumPy's ``order``), ``squeeze``, ``transpose``,
``swapaxes``, ``diagonal``, ``view``, ``astype``, the in-place ``resize``, and the
attributes ``flat`` and ``base``.

Views are NumPy's (composed/views.py): NumPy itself, run on a stand-in for the
value's memory, says whether ``x.reshape(3, 2, order="F")`` shares the entries of
x.  A dualtape value that is no view counts as C-ordered, so the orders that read
the memory layout (``"A"``, ``"K"``) read it from the stand-in: a transpose reads
as Fortran-ordered, everything else as C-ordered.

Example:
    >>> import numpy as np, dualtape as dt
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> dt.jacobian(lambda x: x.ravel(order="F"))(x)[:, 0, :]    # entry 0 of F order is x[0, 0]...
    array([[1., 0.],
           [0., 0.],
           [0., 1.],
           [0., 0.]])
"""
import builtins

import numpy as np

from ..core.box import raw
from ..rules import shapes as sh, elementwise_more
from ..rules.casting import astype as cast_to
from . import selection, views
from .flat_iterator import FlatIterator

__all__ = ["LayoutMethods", "reshaped", "raveled"]


def _fortran_reshape(x, shape):
    """`x` read and written in Fortran order (NumPy's ``reshape(..., order="F")``): the
    C-order reshape of the reversed axes, reversed back."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    return sh.transpose(sh.reshape(sh.transpose(x), tuple(shape)[::-1]))


def _memory_order(x, order, who):
    """``"C"`` or ``"F"`` for NumPy's `order`, ``"A"`` (Fortran if the memory is Fortran-
    contiguous and not C-contiguous) read from `x`'s stand-in; None for ``"K"``."""
    if order in ("C", "F", None):
        return order or "C"
    memory = views.memory_of(x)
    if order == "A":
        return "F" if memory.flags.f_contiguous and not memory.flags.c_contiguous else "C"
    if order == "K" and who == "ravel":
        return None
    allowed = "'C', 'F', 'A', 'K'" if who == "ravel" else "'C', 'F', 'A'"
    raise ValueError(f"{who}: order must be one of {allowed} (got {order!r})")


def _in_memory_order(x):
    """`x`'s entries as they lie in memory (NumPy's ``ravel(order="K")``): its axes sorted
    by the size of their steps in the stand-in, largest first."""
    steps = [-abs(s) for s in views.memory_of(x).strides]
    return sh.ravel(sh.transpose(x, tuple(int(a) for a in np.argsort(steps, kind="stable"))))


def reshaped(x, shape, order="C"):
    """`x`'s entries in `shape`, read and placed in NumPy's `order` (``"C"``, ``"F"``, or
    ``"A"``, read from x's memory), as a new value (not registered as a view).

    Example:
        >>> import numpy as np
        >>> reshaped(np.arange(6.0), (2, 3), order="F")
        array([[0., 2., 4.],
               [1., 3., 5.]])
    """
    if _memory_order(x, order, "reshape") == "F":
        return _fortran_reshape(x, shape)
    return sh.reshape(x, shape)


def raveled(x, order="C"):
    """`x`'s entries in NumPy's `order` (``"C"``, ``"F"``, ``"A"``, ``"K"``) as a new 1-D
    value (not registered as a view).

    Example:
        >>> import numpy as np
        >>> raveled(np.array([[1.0, 2.0], [3.0, 4.0]]), order="F")
        array([1., 3., 2., 4.])
    """
    resolved = _memory_order(x, order, "ravel")
    if resolved == "C":
        return sh.ravel(x)
    if resolved == "F":
        return sh.ravel(sh.transpose(x))
    return _in_memory_order(x)


def _refuse_fortran_copy(x, order, who):
    """A copy in Fortran order would lie in memory unlike a dualtape value (always C order):
    refused where the two differ (more than one axis longer than 1)."""
    if order == "F" and sum(n > 1 for n in np.shape(raw(x))) > 1:
        raise NotImplementedError(
            f"{who}(order='F'): a dualtape value that is no view lies in memory in C order, so a "
            f"Fortran-ordered copy cannot be made (later ravel(order='K') or reshape views would "
            f"differ from NumPy's). The entries are the same: use {who}() (order='C'); for them "
            f"in Fortran order, x.ravel(order='F') or x.T.")


class LayoutMethods:
    """The rearranging ndarray methods that `ArrayLike` gets from here (a mixin, no state)."""

    __slots__ = ()

    def copy(self, order="C"):
        """A new value with the same entries and derivative, not a view: a write into
        either one leaves the other alone.

        Example:
            >>> import numpy as np, dualtape as dt
            >>> x = dt.Dual(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
            >>> c = x.copy()
            >>> c[0] = 0.0
            >>> x.primal, c.tangent
            (array([1., 2.]), array([0., 4.]))
        """
        _refuse_fortran_copy(self, order, "copy")
        return elementwise_more.positive(self)

    def reshape(self, *shape, order="C", copy=None):
        """The entries in a new shape, read and placed in `order` (NumPy's ``ndarray.reshape``);
        a view where NumPy's is one, a copy with ``copy=True``."""
        shape = shape[0] if len(shape) == 1 else shape
        order = _memory_order(self, order, "reshape")
        if copy is False:                   # NumPy's own error where it would have to copy
            np.reshape(views.memory_of(self), shape, order=order, copy=False)
        out = reshaped(self, shape, order)
        if copy:
            return out.copy() if out is self else out
        return views.derived(self, out, lambda s: s.reshape(shape, order=order))

    def ravel(self, order="C"):
        """The entries as a 1-D value in `order` (NumPy's ``ndarray.ravel``); a view where
        NumPy's is one."""
        return views.derived(self, raveled(self, order), lambda s: s.ravel(order))

    def flatten(self, order="C"):
        """The entries as a new 1-D value in `order` (NumPy's ``ndarray.flatten``): a copy."""
        flat = raveled(self, order)
        return flat.copy() if flat is self else flat

    def squeeze(self, axis=None):
        """The value without its axes of length one (a view)."""
        return views.derived(self, sh.squeeze(self, axis), lambda s: s.squeeze(axis))

    def transpose(self, *axes):
        """The axes reversed, or permuted by `axes` (a view)."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        axes = axes or None
        return views.derived(self, sh.transpose(self, axes), lambda s: s.transpose(axes))

    def swapaxes(self, axis1, axis2, /):
        """The two axes exchanged (a view)."""
        return views.derived(self, sh.swapaxes(self, axis1, axis2),
                             lambda s: s.swapaxes(axis1, axis2))

    def diagonal(self, offset=0, axis1=0, axis2=1):
        """The diagonal `offset` of the axes `axis1`, `axis2` (a read-only view, as NumPy's)."""
        return views.derived(self, selection.diagonal(self, offset, axis1, axis2),
                             lambda s: s.diagonal(offset, axis1, axis2), writable=False)

    def view(self, dtype=None, type=None):
        """A new value showing the same entries (NumPy's ``ndarray.view``): writes through
        either show in both.  Only the value's own dtype: another dtype would reinterpret
        the bytes, which has no derivative."""
        if type is None and isinstance(dtype, builtins.type) and issubclass(dtype, np.ndarray):
            dtype, type = None, dtype
        if type is not None:
            raise TypeError(f"x.view({type.__name__}) of a dualtape {builtins.type(self).__name__} "
                            f"would be a NumPy array without the derivative: keep x (it is "
                            f"already array-like), or take np.asarray(dualtape.stop_gradient(x)) "
                            f"for the plain value on purpose")
        own = np.result_type(raw(self))
        if dtype is not None and np.dtype(dtype) != own:
            raise TypeError(f"x.view({np.dtype(dtype)}) reinterprets the bytes of a {own} value, "
                            f"which has no derivative: use x.astype({np.dtype(dtype)}) to "
                            f"convert the values, or np.asarray(dualtape.stop_gradient(x))"
                            f".view({np.dtype(dtype)}) for the bytes themselves")
        return views.derived(self, elementwise_more.positive(self), lambda s: s.view(),
                             may_copy=False)

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
        """The value converted to `dtype` (NumPy's ``ndarray.astype``): differentiable into
        float and complex dtypes; ``copy=False`` gives the value itself when no conversion
        is needed; `casting` refuses as NumPy does."""
        own = np.result_type(raw(self))
        if not np.can_cast(own, dtype, casting):
            raise TypeError(f"Cannot cast array data from {own!r} to {np.dtype(dtype)!r} "
                            f"according to the rule {casting!r}")
        _refuse_fortran_copy(self, order, "astype")
        out = cast_to(self, dtype)
        return self.copy() if out is self and copy else out

    def resize(self, *new_shape, refcheck=True):
        """Change the shape in place, NumPy's ``ndarray.resize``: the entries in C order,
        cut off or followed by zeros.  As NumPy, it refuses a view and a value that a view
        shares (use ``np.resize(x, shape)``, which repeats the entries, for a new value)."""
        if callable(getattr(self, "assign", None)):
            raise TypeError("x.resize(...) on a Variable: its shape is fixed and it changes only "
                            "through assign, as in TensorFlow; use np.resize(x, shape) for a "
                            "resized copy")
        shape = new_shape[0] if len(new_shape) == 1 else new_shape
        shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)
        size, wanted = int(np.size(raw(self))), int(np.prod(shape, dtype=int))
        flat = sh.ravel(self)
        if wanted <= size:
            flat = flat[:wanted]
        else:
            padding = np.zeros(wanted - size, np.result_type(raw(self)))
            flat = sh.concatenate([flat, padding])
        views.replace(self, sh.reshape(flat, shape))

    @property
    def flat(self):
        """A 1-D iterator over the entries in C order, NumPy's ``ndarray.flat``: iterate it,
        read ``x.flat[i]`` (copies), write ``x.flat[i] = v`` (into x, as NumPy)."""
        return FlatIterator(self)

    @flat.setter
    def flat(self, value):
        FlatIterator(self)[...] = value

    @property
    def base(self):
        """The value this one is a view of, None for a value that owns its entries."""
        return views.base_of(self)
