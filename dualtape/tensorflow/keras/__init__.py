"""``tf.keras``, the small part a GradientTape training loop uses: ``layers.Dense``,
``layers.BatchNormalization``, ``optimizers.SGD`` / ``Adam``, ``losses`` (``MeanSquaredError``
and the cross-entropies), plus ``activations``, ``initializers`` and ``backend.clear_session``.

Example:
    >>> import numpy as np, dualtape as tf
    >>> tf.random.set_seed(0)
    >>> layer = tf.keras.layers.Dense(1)
    >>> opt = tf.keras.optimizers.Adam(learning_rate=0.1)
    >>> x, y = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
    >>> for _ in range(200):
    ...     with tf.GradientTape() as tape:
    ...         loss = tf.keras.losses.MeanSquaredError()(y, layer(x))
    ...     grads = tape.gradient(loss, layer.trainable_variables)
    ...     opt.apply_gradients(zip(grads, layer.trainable_variables))
    >>> bool(loss.numpy() < 1e-3)
    True
"""
from . import activations, backend, initializers, layers, losses, optimizers  # noqa: F401

__all__ = ["activations", "backend", "initializers", "layers", "losses", "optimizers"]
