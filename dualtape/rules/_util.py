"""Small helpers shared by the rule families (shape arithmetic, unbroadcasting).

Everything here that touches a value that may be boxed goes through table
operations, so the helpers are differentiable like the rules that use them.
"""
import math
import numpy as np

from ..core.box import Box, raw

PY_SCALARS = (float, int, bool)


def shape(x):
    """NumPy shape of a possibly boxed value."""
    while isinstance(x, Box):
        x = x._inner()
    if type(x) is float:
        return ()
    try:
        return x.shape
    except AttributeError:
        return np.shape(x)


def ndim(x):
    return len(shape(x))


def batch_ndim(t, x):
    """How many leading direction axes tangent `t` carries beyond `x`'s shape."""
    return ndim(t) - ndim(x)


def normalize_axes(axis, nd):
    """`axis` (None, int or tuple) as a sorted tuple of *negative* axes.

    Negative axes keep meaning the same axis when a tangent carries extra
    leading direction axes, which is why every rule receives them this way.
    """
    if axis is None:
        return tuple(range(-nd, 0))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    out = []
    for a in axis:
        a = int(a)
        if not -nd <= a < max(nd, 1) and not (nd == 0 and a in (0, -1)):
            raise np.exceptions.AxisError(f"axis {a} is out of bounds for array of dimension {nd}")
        out.append(a - nd if a >= 0 else a)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis!r}")
    return tuple(sorted(out))


def normalize_axis(axis, nd):
    """One axis as a negative int."""
    (a,) = normalize_axes(axis, nd)
    return a


def scalar_first(math_fn, np_fn):
    """An implementation that keeps Python floats as Python floats.

    Scalar teaching code is where per-operation overhead shows, so a Python
    float goes through `math`; anything else, or an input outside `math`'s
    domain (where NumPy gives nan/inf with a warning), goes through NumPy.
    """
    def impl(x):
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError, ZeroDivisionError):
                return float(np_fn(np.float64(x)))
        return np_fn(x)
    impl.__name__ = np_fn.__name__
    return impl


def is_python_scalar(x):
    return type(x) in PY_SCALARS


def sum_to_shape(g, target):
    """Undo NumPy broadcasting: sum `g` down to shape `target` (table ops)."""
    if type(g) is float and not target:
        return g
    gshape = shape(g)
    if gshape == tuple(target):
        return g
    from .reductions import sum as _sum
    from .shapes import reshape
    lead = len(gshape) - len(target)
    axes = list(range(lead))
    for i, n in enumerate(target):
        if n == 1 and gshape[lead + i] != 1:
            axes.append(lead + i)
    if axes:
        g = _sum(g, axis=tuple(axes))
    if shape(g) != tuple(target):
        g = reshape(g, tuple(target))
    return g


def zeros_like_value(x):
    """Raw zeros with `x`'s shape and a float dtype."""
    r = raw(x)
    if type(r) is float or type(r) is int:
        return 0.0
    return np.zeros(np.shape(r), dtype=float_dtype(r))


def float_dtype(x):
    """The floating dtype derivatives of `x` are carried in (float64 unless x is
    already a floating array)."""
    dt = getattr(x, "dtype", None)
    if dt is not None and np.issubdtype(dt, np.floating):
        return dt
    return np.dtype(np.float64)


def is_box(x):
    return isinstance(x, Box)


def keep_float(np_fn):
    """`np_fn`, returning a Python float when every argument is a Python number."""
    def impl(*xs, **params):
        out = np_fn(*xs, **params)
        if any(type(x) is float for x in xs) and all(type(x) in (float, int) for x in xs):
            return float(out)
        return out
    impl.__name__ = getattr(np_fn, "__name__", "impl")
    return impl
