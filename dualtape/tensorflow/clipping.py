"""Clipping values and gradients: ``tf.clip_by_value``, ``tf.clip_by_norm``, ``tf.clip_by_global_norm``.

Example:
    >>> import dualtape as tf
    >>> tf.clip_by_norm([3.0, 4.0], 1.0).numpy()      # the direction kept, the length cut to 1
    array([0.6, 0.8])
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from .arguments import as_result, operand, static_axis
from .elementwise import FUNCTIONS

__all__ = ["clip_by_value", "clip_by_norm", "clip_by_global_norm"]

_maximum = FUNCTIONS["maximum"]


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """`t` with every element brought into ``[clip_value_min, clip_value_max]``.

    The gradient is 1 inside the interval and at its ends, 0 outside.

    Example:
        >>> import dualtape as tf
        >>> tf.clip_by_value([-2.0, 0.5, 3.0], -1.0, 1.0).numpy()
        array([-1. ,  0.5,  1. ])
    """
    if np.any(np.asarray(raw(clip_value_min)) > np.asarray(raw(clip_value_max))):
        raise ValueError("tf.clip_by_value: clip_value_min must not exceed clip_value_max")
    return as_result(dnp.clip(operand(t), clip_value_min, clip_value_max))


def _l2(t, axes):
    """The Euclidean norm over `axes` (kept), 0 for a zero tensor without a NaN gradient."""
    squares = dnp.sum(dnp.square(t), axes, keepdims=True)
    positive = np.asarray(raw(squares)) > 0
    return dnp.where(positive, dnp.sqrt(dnp.where(positive, squares, 1.0)), 0.0)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """`t` scaled to have Euclidean norm (over `axes`) at most `clip_norm`:
    ``t * clip_norm / max(norm(t), clip_norm)``.

    Example:
        >>> import dualtape as tf
        >>> tf.clip_by_norm([[3.0, 4.0], [0.3, 0.4]], 1.0, axes=[1]).numpy()
        array([[0.6, 0.8],
               [0.3, 0.4]])
    """
    t = operand(t)
    norm = _l2(t, static_axis(axes))
    return as_result(dnp.divide(dnp.multiply(t, clip_norm), _maximum(norm, clip_norm)))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """The tensors scaled together so that their joint Euclidean norm is at most
    `clip_norm`; returns ``(clipped list, global norm)``. None entries stay None.

    Example:
        >>> import dualtape as tf
        >>> clipped, total = tf.clip_by_global_norm([[3.0], [4.0], None], 1.0)
        >>> [c.numpy() for c in clipped[:2]], float(total), clipped[2]
        ([array([0.6]), array([0.8])], 5.0, None)
    """
    t_list = [None if t is None else operand(t) for t in t_list]
    present = [t for t in t_list if t is not None]
    if use_norm is None:
        squares = [dnp.sum(dnp.square(t)) for t in present]
        total = squares[0] if squares else 0.0
        for s in squares[1:]:
            total = dnp.add(total, s)
        use_norm = dnp.sqrt(total)
    scale = dnp.divide(clip_norm, _maximum(use_norm, clip_norm))
    clipped = [None if t is None else as_result(dnp.multiply(t, scale)) for t in t_list]
    return clipped, as_result(use_norm)
