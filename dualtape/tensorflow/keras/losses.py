"""``tf.keras.losses``: ``MeanSquaredError``, ``CategoricalCrossentropy``,
``SparseCategoricalCrossentropy`` and ``BinaryCrossentropy``, and their functions
(``mean_squared_error``, ``categorical_crossentropy``, ...), as Keras 3 computes them.

Probabilities (``from_logits=False``) are clipped to [ε, 1 − ε] with Keras's
ε = 1e-7 before their logarithm, so a probability of 0 costs −log 1e-7 ≈ 16.1 and
not infinity, and a clipped probability has derivative 0 (the clip's outside).  The
categorical loss first divides the probabilities by their sum, as Keras does.  When
the probabilities come straight from Keras's ``softmax`` or ``sigmoid`` activation
(``Dense(10, activation="softmax")``), the loss reads the logits those activations
remembered and clips nothing, also as Keras does.  (Keras 2, TensorFlow ≤ 2.15,
added ε once more inside the binary loss's logarithms; we follow Keras 3.)

The classes reduce the per-example losses as Keras's ``reduction`` says:
``"sum_over_batch_size"`` (the default; also Keras 3's ``"mean"`` and Keras 2's
``"auto"``) sums them, weighted by `sample_weight`, and divides by their number;
``"mean_with_sample_weight"`` divides by the sum of the weights; ``"sum"`` sums;
``"none"`` (or None) returns them.

Example:
    >>> import dualtape as tf
    >>> cce = tf.keras.losses.CategoricalCrossentropy()
    >>> round(float(cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 3)
    1.177
"""
import numpy as np

from ...core.box import raw
from ... import numpy as dnp
from ..arguments import as_result
from ..conversion import cast, convert_to_tensor
from ..nn import sparse_softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits, \
    sigmoid_cross_entropy_with_logits
from .activations import logits_of

__all__ = ["mean_squared_error", "categorical_crossentropy", "sparse_categorical_crossentropy",
           "binary_crossentropy", "Loss", "MeanSquaredError", "CategoricalCrossentropy",
           "SparseCategoricalCrossentropy", "BinaryCrossentropy", "EPSILON"]

EPSILON = 1e-7          # Keras's backend.epsilon(), whatever the dtype

_REDUCTIONS = ("auto", "sum_over_batch_size", "mean", "mean_with_sample_weight", "sum", "none",
               None)


def _operands(y_true, y_pred):
    """The prediction as a tensor, and the labels cast to its dtype (Keras's first step)."""
    y_pred = convert_to_tensor(y_pred)
    return cast(y_true, np.result_type(raw(y_pred))), y_pred


def _same_shape(y_true, y_pred, who):
    if np.shape(raw(y_true)) != np.shape(raw(y_pred)):
        raise ValueError(f"{who}: y_true and y_pred must have the same shape, got "
                         f"{np.shape(raw(y_true))} and {np.shape(raw(y_pred))}")


def _clipped(p):
    return dnp.clip(p, EPSILON, 1.0 - EPSILON)


def mean_squared_error(y_true, y_pred):
    """The mean of ``(y_pred - y_true) ** 2`` over the last axis: one loss per example.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.losses.mean_squared_error([[0.0, 2.0], [1.0, 1.0]], [[0.0, 0.0], [1.0, 1.0]]).numpy()
        array([2., 0.])
    """
    y_true, y_pred = _operands(y_true, y_pred)
    return as_result(dnp.mean(dnp.square(dnp.subtract(y_pred, y_true)), -1))


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """``-Σ y_true · log p`` along `axis`, p the probabilities `y_pred` divided by their sum
    and clipped to [1e-7, 1 − 1e-7] (or ``softmax(y_pred)`` with ``from_logits=True``);
    `label_smoothing` s makes the labels ``y (1 − s) + s / classes``.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.losses.categorical_crossentropy([[0, 1, 0], [0, 0, 1]],
        ...                                          [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).numpy()
        array([0.05129329, 2.30258509])
    """
    y_true, y_pred = _operands(y_true, y_pred)
    _same_shape(y_true, y_pred, "categorical_crossentropy")
    if label_smoothing:
        classes = np.shape(raw(y_pred))[-1]           # Keras smooths over the last axis
        y_true = dnp.add(dnp.multiply(y_true, 1.0 - label_smoothing), label_smoothing / classes)
    logits = logits_of(y_pred)
    if from_logits or logits is not None:
        return softmax_cross_entropy_with_logits(y_true, y_pred if logits is None else logits,
                                                 axis=axis)
    p = _clipped(dnp.divide(y_pred, dnp.sum(y_pred, axis=axis, keepdims=True)))
    return as_result(dnp.negative(dnp.sum(dnp.multiply(y_true, dnp.log(p)), axis=axis)))


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """``-log p[label]`` per example: `y_true` holds class indices (a trailing axis of 1 is
    dropped), p the probabilities `y_pred` clipped to [1e-7, 1 − 1e-7] and normalised (or
    ``softmax(y_pred)`` with ``from_logits=True``).  Examples labelled `ignore_class`
    get loss 0.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.losses.sparse_categorical_crossentropy([1, 2],
        ...                                                 [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).numpy()
        array([0.05129339, 2.30258509])

    (The 0 is clipped to 1e-7 before the row is normalised: −log(0.95 / (1 + 1e-7)).)
    """
    losses, _ = _sparse_losses(y_true, y_pred, from_logits, ignore_class, axis)
    return losses


def _sparse_losses(y_true, y_pred, from_logits, ignore_class, axis):
    """The per-example losses of the sparse categorical cross-entropy, and the mask of the
    examples that count (None when every one does)."""
    y_pred = convert_to_tensor(y_pred)
    nd = np.ndim(raw(y_pred))
    if axis not in (-1, nd - 1):
        raise ValueError(f"sparse_categorical_crossentropy: only axis=-1 is supported, as in "
                         f"Keras; got axis={axis}")
    labels = np.asarray(raw(y_true))
    if labels.ndim == nd and labels.shape[-1:] == (1,):
        labels = labels[..., 0]
    valid = None if ignore_class is None else labels != ignore_class
    labels = labels.astype(np.int64) if valid is None else np.where(valid, labels, 0).astype(np.int64)
    logits = logits_of(y_pred)
    if logits is None:
        logits = y_pred if from_logits else dnp.log(_clipped(y_pred))
    losses = sparse_softmax_cross_entropy_with_logits(labels, logits)
    if valid is not None:
        losses = as_result(dnp.where(valid, losses, 0.0))
    return losses, valid


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """The mean over `axis` of ``-(y log p + (1 − y) log(1 − p))``, p the probabilities
    `y_pred` clipped to [1e-7, 1 − 1e-7] (or ``sigmoid(y_pred)`` with ``from_logits=True``);
    `label_smoothing` s makes the labels ``y (1 − s) + s / 2``.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.losses.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).numpy()
        array([0.91629073, 0.71355818])
    """
    y_true, y_pred = _operands(y_true, y_pred)
    _same_shape(y_true, y_pred, "binary_crossentropy")
    if label_smoothing:
        y_true = dnp.add(dnp.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    logits = logits_of(y_pred)
    if from_logits or logits is not None:
        each = sigmoid_cross_entropy_with_logits(labels=y_true,
                                                 logits=y_pred if logits is None else logits)
    else:
        p = _clipped(y_pred)
        each = dnp.negative(dnp.add(dnp.multiply(y_true, dnp.log(p)),
                                    dnp.multiply(dnp.subtract(1.0, y_true),
                                                 dnp.log(dnp.subtract(1.0, p)))))
    return as_result(dnp.mean(each, axis=axis))


class Loss:
    """A Keras loss: ``loss(y_true, y_pred, sample_weight=None)`` reduces the per-example
    losses of `call` as `reduction` says (the module's text lists the reductions).

    Example:
        >>> import dualtape as tf
        >>> class Absolute(tf.keras.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return tf.reduce_mean(tf.abs(y_pred - y_true), axis=-1)
        >>> float(Absolute(reduction="sum")([[0.0], [1.0]], [[2.0], [2.0]]))
        3.0
    """

    def __init__(self, reduction="sum_over_batch_size", name=None, dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{type(self).__name__}: reduction must be one of "
                             f"{_REDUCTIONS}, got {reduction!r}")
        self.reduction = reduction
        self.name = name
        self.dtype = dtype

    def call(self, y_true, y_pred):
        """The per-example losses (a subclass defines them)."""
        raise NotImplementedError(f"{type(self).__name__}.call(y_true, y_pred) is not defined")

    def __call__(self, y_true, y_pred, sample_weight=None):
        return self._reduced(self.call(self._in_dtype(y_true), self._in_dtype(y_pred)),
                             sample_weight)

    def _in_dtype(self, value):
        """`value` as a tensor, in the loss's `dtype` when one was given (Keras computes in it)."""
        return convert_to_tensor(value) if self.dtype is None else cast(value, self.dtype)

    def _reduced(self, losses, sample_weight, valid=None):
        losses = convert_to_tensor(losses)
        dtype = np.result_type(raw(losses))
        if valid is not None:
            # Keras's mask: the mean runs over the counted examples (total / (counted + ε))
            weight = valid * (valid.size / (np.count_nonzero(valid) + EPSILON))
            if self.reduction not in ("auto", "sum_over_batch_size", "mean"):
                weight = valid.astype(dtype)
            sample_weight = weight if sample_weight is None else \
                dnp.multiply(_against(cast(sample_weight, dtype), weight), weight)
        weights = None
        if sample_weight is not None:
            weights = _against(cast(sample_weight, dtype), losses)
            losses = dnp.multiply(losses, weights)
        if self.reduction in ("none", None) or np.ndim(raw(losses)) == 0:
            return as_result(losses)
        total = dnp.sum(losses)
        if self.reduction == "sum":
            return as_result(total)
        if self.reduction == "mean_with_sample_weight" and weights is not None:
            divisor = dnp.sum(weights)
        else:
            divisor = float(np.size(raw(losses)))
        return as_result(total if float(raw(divisor)) == 0.0 else dnp.divide(total, divisor))


def _against(weights, values):
    """`weights` given the rank of `values` (trailing axes of 1 added or dropped, as Keras's
    ``squeeze_or_expand_to_same_rank``)."""
    w, nv = np.ndim(raw(weights)), np.ndim(raw(values))
    if w > nv and np.shape(raw(weights))[-1] == 1:
        return dnp.reshape(weights, np.shape(raw(weights))[:-1])
    return dnp.reshape(weights, np.shape(raw(weights)) + (1,) * max(nv - w, 0))


class MeanSquaredError(Loss):
    """The mean squared error as a callable ``loss(y_true, y_pred, sample_weight=None)``.

    Example:
        >>> import dualtape as tf
        >>> loss = tf.keras.losses.MeanSquaredError(reduction="sum")
        >>> float(loss([[0.0], [0.0]], [[1.0], [2.0]], sample_weight=[1.0, 0.5]))   # 1 + 0.5 * 4
        3.0
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(reduction, name, dtype)

    def call(self, y_true, y_pred):
        return mean_squared_error(y_true, y_pred)


class _SmoothedCrossentropy(Loss):
    """A Keras loss class over `loss(y_true, y_pred, from_logits, label_smoothing, axis)`,
    the arguments the categorical and the binary cross-entropy share."""

    def __init__(self, loss, from_logits, label_smoothing, axis, reduction, name, dtype):
        super().__init__(reduction, name, dtype)
        self._loss = loss
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def call(self, y_true, y_pred):
        return self._loss(y_true, y_pred, self.from_logits, self.label_smoothing, self.axis)


class CategoricalCrossentropy(_SmoothedCrossentropy):
    """`categorical_crossentropy` as a Keras loss, for one-hot (or probability) labels.

    Example:
        >>> import dualtape as tf
        >>> cce = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
        >>> round(float(cce([[1.0, 0.0]], [[0.0, 0.0]])), 6)          # log 2
        0.693147
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, from_logits, label_smoothing, axis, reduction,
                         name, dtype)


class SparseCategoricalCrossentropy(Loss):
    """`sparse_categorical_crossentropy` as a Keras loss, for integer labels; examples
    labelled `ignore_class` are left out of the mean, as Keras leaves them.

    Example:
        >>> import dualtape as tf
        >>> scce = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        >>> round(float(scce([0, 1], [[0.0, 0.0], [0.0, 0.0]])), 6)    # log 2
        0.693147
    """

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(reduction, name, dtype)
        self.from_logits, self.ignore_class = from_logits, ignore_class

    def call(self, y_true, y_pred):
        return sparse_categorical_crossentropy(y_true, y_pred, self.from_logits, self.ignore_class)

    def __call__(self, y_true, y_pred, sample_weight=None):
        losses, valid = _sparse_losses(y_true, self._in_dtype(y_pred), self.from_logits,
                                       self.ignore_class, -1)
        return self._reduced(losses, sample_weight, valid)


class BinaryCrossentropy(_SmoothedCrossentropy):
    """`binary_crossentropy` as a Keras loss, for labels in [0, 1].

    Example:
        >>> import dualtape as tf
        >>> bce = tf.keras.losses.BinaryCrossentropy()
        >>> round(float(bce([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), 3)
        0.815
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, from_logits, label_smoothing, axis, reduction, name,
                         dtype)
