"""Making a box refer to another box's value, in place: how a write into a dualtape
value (``x[i] = v``, ``x += v``) reaches every name bound to the box."""
import functools

__all__ = ["rebind"]


@functools.cache
def _slots(cls):
    """Every slot of `cls` as its descriptor (a subclass's class attribute may hide the name)."""
    out = []
    for klass in cls.__mro__:
        names = klass.__dict__.get("__slots__", ())
        for name in (names,) if isinstance(names, str) else names:
            if name not in ("__weakref__", "__dict__"):
                out.append(klass.__dict__[name])
    return tuple(out)


def rebind(box, new):
    """Make `box` refer to the value of `new`, a box of the same type (a write's result).

    Example:
        >>> import dualtape as dt
        >>> x = dt.Dual(1.0, 1.0)
        >>> rebind(x, dt.Dual(2.0, 3.0))
        >>> x.primal, x.tangent
        (2.0, 3.0)
    """
    for slot in _slots(type(box)):
        try:
            value = slot.__get__(new, type(new))
        except AttributeError:                 # a slot `new` leaves unset
            try:
                slot.__delete__(box)
            except AttributeError:
                pass
            continue
        slot.__set__(box, value)
