"""``tf.keras.layers.Dense`` and ``BatchNormalization``: layers whose weights are
Variables created on the first call, named as Keras names them.

Not a Keras port: just the layers TensorFlow's GradientTape guides use, with
Keras's initial values (Glorot-uniform kernel, zero bias; gamma 1, beta 0) and
Keras's arithmetic, so a training loop written for TensorFlow runs unchanged.
Weights are float64 unless ``dtype=`` asks otherwise; a floating input is cast
to the layer's dtype, as Keras does.

Example:
    >>> import dualtape as tf
    >>> tf.keras.backend.clear_session()
    >>> layer = tf.keras.layers.Dense(2, activation="relu")
    >>> y = layer(tf.constant([[1.0, 2.0, 3.0]]))
    >>> [(v.name, v.shape) for v in layer.trainable_variables]
    [('dense/kernel:0', (3, 2)), ('dense/bias:0', (2,))]
"""
import re

import numpy as np

from ...core.box import raw
from .. import nn
from ..arguments import static_int
from ..conversion import cast, convert_to_tensor
from ..dtypes import as_dtype, float64
from ..linalg import matmul, tensordot
from ..manipulation import reshape
from . import activations, initializers
from .backend import make_variable, unique_layer_name

__all__ = ["Layer", "Dense", "BatchNormalization"]


def _snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Layer:
    """What Dense and BatchNormalization share: a name, weights made by `build` on the
    first call, and the lists of (non-)trainable variables.

    Example:
        >>> import dualtape as tf
        >>> tf.keras.layers.Dense(3).built
        False
    """

    def __init__(self, name=None, dtype=None, trainable=True):
        self.name = name or unique_layer_name(_snake_case(type(self).__name__))
        self.dtype = as_dtype(float64 if dtype is None else dtype).name
        self.trainable = trainable
        self.built = False
        self._weights = []

    def add_weight(self, name, shape, initializer, trainable=True):
        """A Variable of this layer, named ``<layer>/<name>:0``."""
        value = initializers.get(initializer)(tuple(shape), dtype=self.dtype)
        v = make_variable(value, f"{self.name}/{name}", trainable=trainable)
        self._weights.append(v)
        return v

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, inputs, *args, **kwargs):
        inputs = convert_to_tensor(inputs)
        dtype = np.result_type(raw(inputs))
        if dtype.kind == "f" and dtype != self.dtype:
            inputs = cast(inputs, self.dtype)
        if not self.built:
            self.build(np.shape(raw(inputs)))
            self.built = True
        return self.call(inputs, *args, **kwargs)

    @property
    def weights(self):
        return list(self._weights)

    variables = weights

    @property
    def trainable_variables(self):
        """The weights a tape watches and an optimizer updates."""
        return [v for v in self._weights if v.trainable and self.trainable]

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self):
        return [v for v in self._weights if not (v.trainable and self.trainable)]

    non_trainable_weights = non_trainable_variables

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"


class Dense(Layer):
    """``activation(inputs @ kernel + bias)``, with a ``(input_dim, units)`` kernel.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> layer = tf.keras.layers.Dense(4, kernel_initializer="ones")
        >>> layer(np.ones((2, 3))).numpy()          # each output sums 3 ones; the bias is 0
        array([[3., 3., 3., 3.],
               [3., 3., 3., 3.]])
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", name=None, dtype=None, trainable=True):
        super().__init__(name=name, dtype=dtype, trainable=trainable)
        self.units = static_int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        if not input_shape:
            raise ValueError(f"{self.name}: Dense needs inputs of rank at least 1, got a scalar")
        self.kernel = self.add_weight("kernel", (input_shape[-1], self.units), self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.units,), self.bias_initializer)
        self.built = True

    def call(self, inputs, training=None):
        if np.ndim(raw(inputs)) <= 2:
            out = matmul(inputs, self.kernel)
        else:                          # Keras contracts the last axis of higher-rank inputs
            out = tensordot(inputs, self.kernel, [[np.ndim(raw(inputs)) - 1], [0]])
        if self.use_bias:
            out = out + self.bias
        return self.activation(out)


class BatchNormalization(Layer):
    """Normalise each feature (the `axis`) over the batch: ``gamma * (x - mean) /
    sqrt(var + epsilon) + beta``.

    With ``training=True`` the batch's own mean and (divide-by-n) variance are
    used and the moving averages move towards them by ``1 - momentum``; otherwise
    (the default) the moving averages are used.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bn = tf.keras.layers.BatchNormalization(epsilon=0.0)
        >>> bn(np.array([[1.0], [3.0]]), training=True).numpy()
        array([[-1.],
               [ 1.]])
        >>> bn.moving_mean.numpy()                    # 0.99 * 0 + 0.01 * 2
        array([0.02])
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 name=None, dtype=None, trainable=True):
        super().__init__(name=name, dtype=dtype, trainable=trainable)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center, self.scale = center, scale
        self._initializers = (beta_initializer, gamma_initializer, moving_mean_initializer,
                              moving_variance_initializer)
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        axis = self.axis % len(input_shape)
        self._axis = axis
        self._reduce = tuple(a for a in range(len(input_shape)) if a != axis)
        # shaped to broadcast against the input
        self._param_shape = tuple(input_shape[a] if a == axis else 1 for a in range(len(input_shape)))
        n = (input_shape[axis],)
        beta_init, gamma_init, mean_init, var_init = self._initializers
        if self.scale:
            self.gamma = self.add_weight("gamma", n, gamma_init)
        if self.center:
            self.beta = self.add_weight("beta", n, beta_init)
        self.moving_mean = self.add_weight("moving_mean", n, mean_init, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", n, var_init, trainable=False)
        self.built = True

    def _broadcast(self, v):
        return None if v is None else reshape(v, self._param_shape)

    def call(self, inputs, training=None):
        if training:
            mean, variance = nn.moments(inputs, self._reduce, keepdims=True)
            keep = self.momentum
            self.moving_mean.assign(raw(self.moving_mean) * keep +
                                    np.reshape(raw(mean), -1) * (1 - keep))
            self.moving_variance.assign(raw(self.moving_variance) * keep +
                                        np.reshape(raw(variance), -1) * (1 - keep))
        else:
            mean = self._broadcast(self.moving_mean)
            variance = self._broadcast(self.moving_variance)
        return nn.batch_normalization(inputs, mean, variance, self._broadcast(self.beta),
                                      self._broadcast(self.gamma), self.epsilon)
