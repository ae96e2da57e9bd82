"""NumPy's functions that write into an array: ``put``, ``place``, ``putmask``,
``copyto``, ``fill_diagonal`` and ``put_along_axis``.

As in NumPy they write into their first argument and return None.  A
dualtape value written into changes as ``x[i] = v`` changes it (the write is
recorded, and views follow; composed/views.py).  A NumPy array cannot hold a
derivative, so writing a dualtape value into one raises, naming the
functional form: every function here takes ``inplace=False`` (JAX's keyword)
to return the written copy instead, whatever its arguments are.

The written result is computed by NumPy on positions
(`positions.gather_by_position`), so repeated indices, cycling values and
broadcasting are exactly NumPy's: the last write wins, and only the entries
that survive get a derivative.
"""
import numpy as np

from ..core.box import raw
from ..core.arrays import is_box
from .plain_values import plain
from .positions import gather_by_position, holds_box, as_operand

__all__ = ["put", "place", "putmask", "copyto", "fill_diagonal", "put_along_axis"]


def _write(name, np_write, target, values, inplace, fix):
    """Apply ``np_write(target, values)`` (which writes into its first argument)."""
    if not holds_box((target, values)):
        if inplace:
            np_write(target, values)
            return None
        out = np.array(target, copy=True)
        np_write(out, values)
        return out

    def on_positions(t, v):
        t = t.copy()
        np_write(t, v)
        return t

    new = gather_by_position(on_positions, [target, values],
                             dtype=np.result_type(raw(as_operand(target))))
    if not inplace:
        return new
    if not is_box(target):
        raise TypeError(
            f"{name}: a NumPy array cannot hold a dualtape value (its derivative would be lost). "
            f"Take the written copy instead: `a = dualtape.numpy.{fix}`.")
    target[...] = new          # recorded like `x[...] = v`; views of the target follow
    return None


def put(a, ind, v, mode="raise", *, inplace=True):
    """``numpy.put``: ``a.flat[ind] = v`` (`v` repeated as needed).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.put(np.zeros(3), [0, 2], dt.Dual(2.0, 1.0), inplace=False).tangent
        array([1., 0., 1.])
    """
    ind = np.asarray(plain(ind))
    return _write("put", lambda t, w: np.put(t, ind, w, mode), a, v, inplace,
                  "put(a, ind, v, inplace=False)")


def place(arr, mask, vals, *, inplace=True):
    """``numpy.place``: the entries where `mask` holds take `vals` in turn (cycling).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([1.0, -2.0, -3.0]), np.ones(3))
        >>> dt.numpy.place(x, x < 0, 0.0)
        >>> x.primal, x.tangent
        (array([1., 0., 0.]), array([1., 0., 0.]))
    """
    mask = np.asarray(plain(mask))
    return _write("place", lambda t, w: np.place(t, mask, w), arr, vals, inplace,
                  "place(arr, mask, vals, inplace=False)")


def putmask(a, mask, values, *, inplace=True):
    """``numpy.putmask``: ``a[mask] = values``, with `values` repeated over the flat positions.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.putmask(np.zeros(3), [True, False, True], dt.Dual(np.array([1.0, 2.0, 3.0]),
        ...                  np.ones(3)), inplace=False).tangent
        array([1., 0., 1.])
    """
    mask = np.asarray(plain(mask))
    return _write("putmask", lambda t, w: np.putmask(t, mask, w), a, values, inplace,
                  "putmask(a, mask, values, inplace=False)")


def copyto(dst, src, casting="same_kind", where=True, *, inplace=True):
    """``numpy.copyto``: `src` (broadcast) copied into `dst` where `where` holds.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.copyto(np.zeros(2), dt.Dual(3.0, 1.0), inplace=False).tangent
        array([1., 1.])
    """
    mask = np.asarray(plain(where))
    source, target = (np.result_type(raw(as_operand(v))) for v in (src, dst))
    if not np.can_cast(source, target, casting):
        raise TypeError(f"copyto: Cannot cast array data from {source!r} to {target!r} according "
                        f"to the rule {casting!r}")
    return _write("copyto", lambda t, w: np.copyto(t, w, casting="unsafe", where=mask), dst, src,
                  inplace, "copyto(dst, src, inplace=False)")


def fill_diagonal(a, val, wrap=False, *, inplace=True):
    """``numpy.fill_diagonal``: the main diagonal of `a` set to `val` (cycling).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> f = lambda t: dt.numpy.fill_diagonal(np.zeros((2, 2)), t, inplace=False).sum()
        >>> dt.gradient(f)(3.0)
        2.0
    """
    return _write("fill_diagonal", lambda t, w: np.fill_diagonal(t, w, wrap), a, val, inplace,
                  "fill_diagonal(a, val, inplace=False)")


def put_along_axis(arr, indices, values, axis, *, inplace=True):
    """``numpy.put_along_axis``: `values` written at `indices` along `axis`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> x = dt.Dual(np.array([[3.0, 1.0]]), np.ones((1, 2)))
        >>> dt.numpy.put_along_axis(x, np.array([[0]]), 0.0, axis=1)
        >>> x.primal, x.tangent
        (array([[0., 1.]]), array([[0., 1.]]))
    """
    idx = np.asarray(plain(indices))
    return _write("put_along_axis", lambda t, w: np.put_along_axis(t, idx, w, axis), arr, values,
                  inplace, "put_along_axis(arr, indices, values, axis, inplace=False)")
