"""Helpers shared by the rule families: Python-float implementations and unbroadcasting.

Everything here that touches a value that may be boxed goes through table
operations, so the helpers are differentiable like the rules that use them.
"""
import cmath

import numpy as np

from ..core.arrays import shape, ndim


def scalar_first(math_fn, np_fn):
    """An implementation that keeps Python floats as Python floats, and Python
    complex numbers as Python complex numbers.

    Scalar teaching code is where per-operation overhead shows, so a Python
    float goes through `math` and a Python complex through `cmath` (its function
    of the same name, where it has one); anything else, or an input outside
    their domain (where NumPy gives nan/inf with a warning), goes through NumPy.

    Example:
        >>> import math
        >>> sin = scalar_first(math.sin, np.sin)
        >>> sin(0.0), sin(0j), sin(np.zeros(1))
        (0.0, 0j, array([0.]))
    """
    cmath_fn = getattr(cmath, math_fn.__name__, None)

    def impl(x):
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError, ZeroDivisionError):
                return float(np_fn(np.float64(x)))
        if type(x) is complex and cmath_fn is not None:
            try:
                return cmath_fn(x)
            except (ValueError, OverflowError, ZeroDivisionError):
                return complex(np_fn(np.complex128(x)))
        return np_fn(x)
    impl.__name__ = np_fn.__name__
    return impl


def ieee_divide(x, y):
    """``x / y`` with IEEE arithmetic also for Python numbers: where ``/`` on floats
    raises ``ZeroDivisionError``, NumPy's ``inf``/``nan`` (and its warning) instead.

    Boxes and arrays divide as they always do (a box's ``/`` is the table's divide).

    Example:
        >>> import numpy as np
        >>> with np.errstate(divide="ignore"):
        ...     ieee_divide(1.0, 0.0), ieee_divide(-1.0, 0.0), ieee_divide(1j, 0.0)
        (inf, -inf, (nan+infj))
    """
    try:
        return x / y
    except ZeroDivisionError:
        if type(x) is complex or type(y) is complex:
            return complex(np.true_divide(np.complex128(x), y))
        return float(np.true_divide(np.float64(x), y))


def read_only_copy(a, dtype=None):
    """A copy of array `a` (as `dtype`) that nothing can write to.

    Static arguments that an adjoint reads later (an index array, a ``where``
    mask, quantile levels) are kept this way, so changing the caller's array
    after the call cannot change a recorded gradient.

    Example:
        >>> import numpy as np
        >>> idx = np.array([0, 2])
        >>> kept = read_only_copy(idx)
        >>> idx[0] = 1
        >>> kept, kept.flags.writeable
        (array([0, 2]), False)
    """
    copy = np.array(a, dtype=dtype)
    copy.flags.writeable = False
    return copy


def sum_to_shape(g, target, batch=()):
    """Undo NumPy broadcasting: sum `g` down to shape ``batch + target`` (table ops);
    `batch` is the shape of g's leading batch axes (`cotangent_batch`), kept as they are.

    Every adjoint that undoes broadcasting goes through here, so the batch axes
    are told apart from broadcast axes in one place.

    Example:
        >>> import numpy as np
        >>> sum_to_shape(np.ones((2, 3)), (3,)), sum_to_shape(np.ones((2, 3)), (1,), batch=(2,))
        (array([2., 2., 2.]), array([[3.],
               [3.]]))
    """
    if type(g) is float and not target:
        return g
    gshape = g.shape if type(g) is np.ndarray else shape(g)
    want = tuple(batch) + tuple(target)
    if gshape == want:
        return g
    # imported here: reductions and shapes import this module (an import cycle)
    from .reductions import sum as _sum
    from .shapes import reshape
    nb = len(batch)
    lead = len(gshape) - len(want)          # axes broadcasting put in front of the input's
    axes = list(range(nb, nb + lead))
    for i, n in enumerate(target):
        if n == 1 and gshape[nb + lead + i] != 1:
            axes.append(nb + lead + i)
    if axes:
        g = _sum(g, axis=tuple(axes))
    if shape(g) != want:
        g = reshape(g, want)
    return g


def cotangent_batch(g, out):
    """The shape of the batch axes cotangent `g` carries in front of output `out`'s
    shape (the first result's, for a primitive with several): ``()`` for one cotangent.

    Example:
        >>> import numpy as np
        >>> cotangent_batch(np.ones((5, 2, 3)), np.ones((2, 3))), cotangent_batch(1.0, 2.0)
        ((5,), ())
    """
    if type(g) is tuple:
        g, out = g[0], out[0]
    if type(g) is float:
        return ()
    gshape = g.shape if type(g) is np.ndarray else shape(g)
    nd = out.ndim if type(out) is np.ndarray else ndim(out)
    return gshape[:len(gshape) - nd]


def keep_float(np_fn):
    """`np_fn`, returning a Python float (or complex) when every argument is a Python
    number and one is a float (a complex) (and the result is one number: a static
    array param, such as the condition of ``where``, may still make it an array).

    Example:
        >>> import numpy as np
        >>> where = keep_float(lambda x, y, condition: np.where(condition, x, y))
        >>> where(1.0, 2.0, condition=False), where(1.0, 2.0, condition=np.array([True, False]))
        (2.0, array([1., 2.]))
        >>> keep_float(np.arcsinh)(1j)
        1.5707963267948966j
    """
    def impl(*xs, **params):
        out = np_fn(*xs, **params)
        if all(type(x) in (float, int, complex) for x in xs) and np.ndim(out) == 0:
            if any(type(x) is complex for x in xs):
                return complex(out)
            if any(type(x) is float for x in xs):
                return float(out)
        return out
    impl.__name__ = getattr(np_fn, "__name__", "impl")
    return impl
