"""The dtype a transform gives its derivatives in.

A derivative has the float (or complex) dtype of the input it is taken with respect to, as
in TensorFlow's tape and JAX's `grad`: float64 for Python floats and float64
arrays, float32 for float32 inputs, float16 for float16 inputs.  Seeds (unit
tangents and cotangents) are made in that dtype too, so a float32 program is
differentiated in float32, not silently in float64; a result that comes back
wider (a rule that mixes in a float64 constant, say) is cast at the end.
"""
import math

import numpy as np

from ..core.arrays import float_dtype, shape
from ..core.box import Box, raw
from ..rules.casting import astype


def input_dtype(x):
    """The float dtype derivatives with respect to input `x` are given in.

    Example:
        >>> import numpy as np
        >>> input_dtype(2.0), input_dtype(np.ones(2, dtype=np.float32))
        (dtype('float64'), dtype('float32'))
    """
    return float_dtype(raw(x))


def in_dtype_of(derivative, x):
    """`derivative` in the dtype of input `x` (unchanged when it already is; a
    NumPy scalar stays a scalar, a box is cast by the table's `astype`).

    A complex derivative of a real input (a complex output's forward-mode
    derivative) stays complex, in the complex dtype of x's width.

    Example:
        >>> import numpy as np
        >>> in_dtype_of(np.array([1.5, 2.5]), np.ones(2, dtype=np.float16)).dtype
        dtype('float16')
        >>> in_dtype_of(1.5, 2.0), in_dtype_of(1.5, 2j), in_dtype_of(1j, 2.0)
        (1.5, (1.5+0j), 1j)
    """
    want = input_dtype(x)
    if type(derivative) is np.ndarray and derivative.dtype == want:
        return derivative                 # the common case: already in x's dtype
    r = raw(derivative)
    if want.kind == "f" and (type(r) is complex or np.iscomplexobj(r)):
        want = np.result_type(want, np.complex64)
    if type(r) is float or type(r) is complex:
        if want == np.float64 and type(r) is float or want == np.complex128 and type(r) is complex:
            return derivative
        if want == np.complex128 and not isinstance(derivative, Box):
            return complex(r)
    elif getattr(r, "dtype", None) == want:
        return derivative
    if isinstance(derivative, Box):
        return astype(derivative, want)
    if isinstance(r, np.ndarray):
        return r.astype(want)
    return want.type(r)


def zeros_like_input(x, batch=()):
    """Zeros shaped ``batch + x.shape`` in `x`'s derivative dtype (a Python 0.0 for a
    Python float with no batch).

    Example:
        >>> import numpy as np
        >>> zeros_like_input(2.0), zeros_like_input(np.float32(1.0), (2,))
        (0.0, array([0., 0.], dtype=float32))
    """
    r = raw(x)
    if not batch and (type(r) is float or type(r) is complex):
        return 0.0 if type(r) is float else 0j
    return np.zeros(batch + shape(x), dtype=input_dtype(x))


def ones_like_input(x):
    """Ones shaped like `x` in its derivative dtype (a Python 1.0 for a Python float).

    Example:
        >>> import numpy as np
        >>> ones_like_input(2.0), ones_like_input(np.zeros(2, dtype=np.float16))
        (1.0, array([1., 1.], dtype=float16))
    """
    if type(raw(x)) is float:
        return 1.0
    if type(raw(x)) is complex:
        return 1.0 + 0j
    dt = input_dtype(x)
    s = shape(x)
    return np.ones(s, dtype=dt) if s else dt.type(1)


def unit_directions(n, start, x):
    """The `n` stacked directions of a one-pass Jacobian, of shape ``(n,) + x.shape``,
    that are the unit vectors of `x`'s elements at rows ``start ...`` (zeros elsewhere),
    in `x`'s derivative dtype.

    Example:
        >>> import numpy as np
        >>> unit_directions(3, 1, np.zeros(2, dtype=np.float32))
        array([[0., 0.],
               [1., 0.],
               [0., 1.]], dtype=float32)
    """
    s = shape(x)
    k = math.prod(s)
    directions = np.zeros((n, k), dtype=input_dtype(x))
    # the ones sit at (start + i, i): every (k + 1)-th number from row `start` on
    directions.reshape(-1)[start * k::k + 1][:k] = 1
    return directions.reshape((n,) + s)
