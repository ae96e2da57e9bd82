"""NumPy names that ``dualtape.numpy`` does not differentiate yet, and why.

Each is NumPy's own function on plain values; given a dualtape value it
raises ``NotImplementedError`` naming the reason and what to write instead,
rather than return a result without its derivative.
"""
import numpy as np

from .positions import holds_box

__all__ = ["NOT_IMPLEMENTED", "not_implemented"]

# name -> (why it is missing, what to write instead)
NOT_IMPLEMENTED = {
    "intersect1d": ("a value found in both arrays has no single source to differentiate",
                    "find the positions on plain values (`np.intersect1d(a, b, return_indices="
                    "True)` of the plain arrays) and index the dualtape value with them"),
    "union1d": ("a value found in both arrays has no single source to differentiate",
                "use `dualtape.numpy.unique(dualtape.numpy.concatenate([a, b]))`"),
    "setdiff1d": ("set operations are not differentiated yet",
                  "index the dualtape value with a mask from `np.isin` on plain values"),
    "setxor1d": ("set operations are not differentiated yet",
                 "index the dualtape values with masks from `np.isin` on plain values"),
}


def not_implemented(name, np_fn):
    """NumPy's `np_fn` on plain values; ``NotImplementedError`` naming the reason and
    the alternative when a dualtape value is among the arguments.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> union = not_implemented("union1d", np.union1d)
        >>> union([1, 2], [2, 3])
        array([1, 2, 3])
        >>> union(dt.Dual(np.ones(2), np.ones(2)), [2.0])
        Traceback (most recent call last):
        ...
        NotImplementedError: dualtape.numpy.union1d is not differentiable: ...
    """
    why, instead = NOT_IMPLEMENTED[name]

    def fn(*args, **kwargs):
        if holds_box(args) or holds_box(tuple(kwargs.values())):
            raise NotImplementedError(f"dualtape.numpy.{name} is not differentiable: {why}; "
                                      f"{instead}")
        return np_fn(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"``numpy.{name}`` on plain values; on a dualtape value ``NotImplementedError`` "
                  f"({why}).")
    fn.not_implemented = why
    return fn
