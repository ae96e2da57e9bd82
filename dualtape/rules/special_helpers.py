"""What the special-function rule modules share: implementations that keep Python
floats as Python floats (around a NumPy kernel or a SciPy function) and refuse
complex arguments where the rules are real-only.

SciPy is reached through `SCIPY_SPECIAL`, imported the first time an entry
that needs it is evaluated (`dualtape.core.optional`).
"""
import numpy as np

from ..core.box import BOX_TYPES
from ..core.optional import lazy_module
from .helpers import read_only_copy

SCIPY_SPECIAL = lazy_module("scipy.special")


def refuse_complex(name, *values):
    """Raise TypeError naming `name` when any of the raw `values` is complex.

    Example:
        >>> refuse_complex("erf", 1.0, np.ones(2))           # real: no error
        >>> refuse_complex("erf", 1j)
        Traceback (most recent call last):
            ...
        TypeError: erf: complex arguments are not supported (its rules are real-only); ...
    """
    for v in values:
        if np.iscomplexobj(v):
            raise TypeError(f"{name}: complex arguments are not supported (its rules are "
                            f"real-only); pass the real part, or split the computation into "
                            f"real and imaginary parts")


def plain_kernel(fn, math_fn=None, name=None):
    """The implementation of a unary entry around the array kernel `fn`: a Python
    float stays a Python float (through `math_fn` when the standard library has
    the function), an array keeps its float dtype, and a complex value is refused.

    Example:
        >>> import math
        >>> impl = plain_kernel(lambda x: 2.0 * x, math_fn=lambda x: 2.0 * x)
        >>> impl(1.5), impl(np.array([1.0], dtype=np.float32))
        (3.0, array([2.], dtype=float32))
    """
    who = name or getattr(fn, "__name__", "special function").replace("_kernel", "")

    def impl(x, **params):
        if type(x) is float or type(x) is int:
            if math_fn is not None:
                try:
                    return math_fn(float(x))
                except (ValueError, OverflowError, ZeroDivisionError):   # NumPy's inf or nan
                    pass
            with np.errstate(all="ignore"):
                return float(fn(np.array([float(x)]), **params)[0])
        refuse_complex(who, x)
        a = np.asarray(x)
        dtype = a.dtype if np.issubdtype(a.dtype, np.floating) else np.dtype(np.float64)
        with np.errstate(all="ignore"):       # the kernels index with masks: give them 1-D at least
            out = fn(np.atleast_1d(a).astype(np.float64), **params).reshape(a.shape)
        return out.astype(dtype) if out.ndim else dtype.type(out[()])
    impl.__name__ = fn.__name__
    return impl


def python_floats(fn):
    """`fn` returning a Python float when every positional argument is a Python
    number and the result is a single number (as the table's scalar path does).

    Example:
        >>> f = python_floats(np.exp)
        >>> type(f(0.0)), type(f(np.zeros(1)))
        (<class 'float'>, <class 'numpy.ndarray'>)
    """
    def impl(*xs, **params):
        with np.errstate(all="ignore"):
            out = fn(*xs, **params)
        if all(type(x) in (float, int) for x in xs) and np.ndim(out) == 0:
            return complex(out) if np.iscomplexobj(out) else float(out)
        return out
    impl.__name__ = getattr(fn, "__name__", "impl")
    return impl


def static_constant(value, who, name, differentiable_in):
    """A constant argument of `who` (an order, a shape parameter) as a plain value:
    a float, or a read-only float array the rules can keep.  A dualtape value
    there is refused, since its derivative would be dropped.

    Example:
        >>> static_constant(2, "jv", "v", "z")
        2.0
        >>> import dualtape as dt
        >>> static_constant(dt.Dual(2.0, 1.0), "jv", "v", "z")
        Traceback (most recent call last):
            ...
        TypeError: jv: the argument v is a constant here (dualtape differentiates jv in z only), ...
    """
    if type(value) in BOX_TYPES:
        raise TypeError(
            f"{who}: the argument {name} is a constant here (dualtape differentiates {who} in "
            f"{differentiable_in} only), but it was given a dualtape {type(value).__name__}, whose "
            f"derivative would be dropped. Pass a plain number or array (dualtape.stop_gradient(...) "
            f"if the constant is meant).")
    refuse_complex(who, value)
    if np.ndim(value) == 0:
        return float(value)
    return read_only_copy(value, dtype=float)
