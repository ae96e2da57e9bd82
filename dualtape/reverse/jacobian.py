"""Reverse-mode Jacobians: one pullback per output element, the rows stacked.

`GradientTape.jacobian` and the functional ``jacobian(mode="reverse")`` both
build their Jacobians here; they differ only in how they pull a cotangent back.
"""
import math

import numpy as np

from ..rules.shapes import reshape, stack


def jacobian_from_pullback(pullback, out_shape, in_shapes, dtype=np.float64, who="jacobian"):
    """The Jacobian blocks, of shape ``out_shape + in_shape`` for each input.

    ``pullback(cotangent)`` maps a cotangent of the output's shape to one
    cotangent per input; it is called once per output element with that
    element's unit cotangent (of `dtype`, so a float32 output is pulled back in
    float32), in C order.  An empty output gives zero blocks.  An input whose
    cotangent is None (an integer source has no derivative) raises a TypeError
    that says to pass floats, reported as `who`.

    Example:
        >>> import numpy as np
        >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> jacobian_from_pullback(lambda ct: (ct @ a,), (2,), [(2,)])[0]
        array([[1., 2.],
               [3., 4.]])
        >>> jacobian_from_pullback(lambda ct: (None,), (2,), [(2,)])
        Traceback (most recent call last):
        ...
        TypeError: jacobian: source 0 (shape (2,)) has no derivative: ...
    """
    m = math.prod(out_shape)
    if m == 0:
        return [np.zeros(out_shape + s, dtype=dtype) for s in in_shapes]
    rows = [pullback(_unit(k, m, dtype).reshape(out_shape)) for k in range(m)]
    for a, s in enumerate(in_shapes):
        if any(r[a] is None for r in rows):
            raise TypeError(
                f"{who}: source {a} (shape {s}) has no derivative: an integer or boolean value "
                f"carries none. Pass floats: Variable(3.0) rather than Variable(3), or "
                f"x.astype(float).")
    return [reshape(stack([r[a] for r in rows]), out_shape + s) for a, s in enumerate(in_shapes)]


def _unit(k, m, dtype):
    e = np.zeros(m, dtype=dtype)
    e[k] = 1.0
    return e
