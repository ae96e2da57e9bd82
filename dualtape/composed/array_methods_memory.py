"""NumPy's array attributes and methods about memory and bytes, on dualtape values.

The sizes are NumPy's (``itemsize``, ``nbytes``), and so are the steps of a value
laid out as NumPy would lay it out (``strides``: C order, or a view's steps in the
value it views); the device is the CPU.  Bytes leave as NumPy's (``tobytes``,
``dumps``, ``dump``, ``tofile``) only from a value that carries no derivative, as
``float(x)`` does.  What reaches the raw memory (``ctypes``, ``data``, ``flags``) or
reinterprets it (``byteswap``, ``getfield`` and ``setfield`` of another dtype,
``setflags(write=False)``) has no derivative and raises, naming the plain value to
use instead.
"""
import numpy as np

from ..core.box import raw
from . import views

__all__ = ["MemoryMethods"]

_PLAIN = "np.asarray(dualtape.stop_gradient(x))"


def _no_memory(what):
    """The error for `what` on a dualtape value, whose memory is not NumPy's to hand out."""
    return TypeError(f"x.{what} of a dualtape value: its entries and their derivatives are not one "
                     f"block of NumPy memory, and the raw bytes carry no derivative. Use "
                     f"{_PLAIN}.{what} for the plain value's (x.strides, x.itemsize and "
                     f"x.nbytes are NumPy's).")


class MemoryMethods:
    """The memory and byte ndarray members that `ArrayLike` gets from here (no state)."""

    __slots__ = ()

    @property
    def itemsize(self):
        """The bytes of one entry (NumPy's ``ndarray.itemsize``)."""
        return np.result_type(raw(self)).itemsize

    @property
    def nbytes(self):
        """The bytes of all entries (NumPy's ``ndarray.nbytes``)."""
        return int(np.size(raw(self))) * self.itemsize

    @property
    def strides(self):
        """The bytes from one entry to the next along each axis, as NumPy's array would have
        them: C order, or for a view its steps in the value it views."""
        return tuple(step * self.itemsize for step in views.memory_of(self).strides)

    @property
    def flags(self):
        raise _no_memory("flags")

    @property
    def ctypes(self):
        raise _no_memory("ctypes")

    @property
    def data(self):
        raise _no_memory("data")

    @property
    def device(self):
        """``"cpu"``, as NumPy's arrays."""
        return "cpu"

    def to_device(self, device, /, *, stream=None):
        """The value itself on ``"cpu"`` (NumPy accepts no other device)."""
        if device != "cpu":
            raise ValueError(f"Unsupported device: {device}. Only 'cpu' is accepted.")
        if stream is not None:
            raise ValueError("The stream argument in to_device() is not supported")
        return self

    def byteswap(self, inplace=False):
        raise TypeError(f"x.byteswap() reinterprets the bytes of a dualtape value, which has no "
                        f"derivative: use {_PLAIN}.byteswap() for the plain value")

    def getfield(self, dtype, offset=0):
        """The entries themselves for the value's own dtype at offset 0 (a view); another field
        reinterprets the bytes and raises."""
        if offset == 0 and np.dtype(dtype) == np.result_type(raw(self)):
            return self.view()
        raise TypeError(f"x.getfield({np.dtype(dtype)}, {offset}) reinterprets the bytes of a "
                        f"dualtape value, which has no derivative: use x.astype(...), x.real or "
                        f"x.imag for values, or {_PLAIN}.getfield(...) for the bytes")

    def setfield(self, val, dtype, offset=0):
        """``x[...] = val`` for the value's own dtype at offset 0; another field raises."""
        if offset == 0 and np.dtype(dtype) == np.result_type(raw(self)):
            self[...] = val
            return
        raise TypeError(f"x.setfield(val, {np.dtype(dtype)}, {offset}) writes raw bytes into a "
                        f"dualtape value, which has no derivative: write values, x[...] = val")

    def setflags(self, write=None, align=None, uic=None):
        """No change for ``write=True``, ``align=True``; a read-only dualtape value raises."""
        if write in (None, True) and align in (None, True) and not uic:
            return
        raise TypeError("x.setflags(...) of a dualtape value: it has no NumPy flags to set; for a "
                        "value nobody should change, keep a copy (x.copy()), or make it a "
                        "dualtape.constant")

    def tobytes(self, order="C"):
        """The bytes of the plain value, where no derivative is lost (``ndarray.tobytes``)."""
        return self._plain_or_raise("x.tobytes()").tobytes(order)

    def dumps(self):
        """The pickled plain value, where no derivative is lost (``ndarray.dumps``)."""
        return self._plain_or_raise("x.dumps()").dumps()

    def dump(self, file):
        """Pickle the plain value into `file`, where no derivative is lost (``ndarray.dump``)."""
        self._plain_or_raise("x.dump(file)").dump(file)

    def tofile(self, fid, /, sep="", format="%s"):
        """Write the plain value to `fid`, where no derivative is lost (``ndarray.tofile``)."""
        self._plain_or_raise("x.tofile(file)").tofile(fid, sep=sep, format=format)

    def _plain_or_raise(self, what):
        if self._plain_value_allowed():
            return np.asarray(raw(self))
        raise self._conversion_error(
            what, "Bytes carry no derivative: write them from the plain value after "
                  "differentiating (`.numpy()` of a tensor, `.primal` of a Dual).")
