"""``tf.keras.losses.MeanSquaredError`` and ``mean_squared_error``.

Example:
    >>> import dualtape as tf
    >>> mse = tf.keras.losses.MeanSquaredError()
    >>> float(mse([[0.0, 1.0]], [[1.0, 1.0]]))        # ((1 - 0)**2 + 0) / 2
    0.5
"""
import numpy as np

from ...core.box import raw
from ... import numpy as dnp
from ..arguments import as_result
from ..conversion import cast, convert_to_tensor

__all__ = ["mean_squared_error", "MeanSquaredError"]

_REDUCTIONS = ("auto", "sum_over_batch_size", "sum", "none")


def mean_squared_error(y_true, y_pred):
    """The mean of ``(y_pred - y_true) ** 2`` over the last axis: one loss per example.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.losses.mean_squared_error([[0.0, 2.0], [1.0, 1.0]], [[0.0, 0.0], [1.0, 1.0]]).numpy()
        array([2., 0.])
    """
    y_pred = convert_to_tensor(y_pred)
    y_true = cast(y_true, np.result_type(raw(y_pred)))
    return as_result(dnp.mean(dnp.square(dnp.subtract(y_pred, y_true)), -1))


class MeanSquaredError:
    """The mean squared error as a callable ``loss(y_true, y_pred, sample_weight=None)``.

    `reduction` ``"sum_over_batch_size"`` (also ``"auto"``, the default) averages the
    per-example losses (weighted by `sample_weight`, divided by their number);
    ``"sum"`` adds them; ``"none"`` returns them.

    Example:
        >>> import dualtape as tf
        >>> loss = tf.keras.losses.MeanSquaredError(reduction="sum")
        >>> float(loss([[0.0], [0.0]], [[1.0], [2.0]], sample_weight=[1.0, 0.5]))   # 1 + 0.5 * 4
        3.0
    """

    def __init__(self, reduction="auto", name="mean_squared_error"):
        if reduction not in _REDUCTIONS:
            raise ValueError(f"MeanSquaredError: reduction must be one of {_REDUCTIONS}, got {reduction!r}")
        self.reduction = reduction
        self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        losses = mean_squared_error(y_true, y_pred)
        if sample_weight is not None:
            weights = cast(sample_weight, np.result_type(raw(losses)))
            losses = dnp.multiply(losses, dnp.reshape(weights, np.shape(raw(weights)) +
                                  (1,) * (np.ndim(raw(losses)) - np.ndim(raw(weights)))))
        if self.reduction == "none":
            return as_result(losses)
        total = dnp.sum(losses)
        if self.reduction == "sum":
            return as_result(total)
        return as_result(dnp.divide(total, max(int(np.size(raw(losses))), 1)))
