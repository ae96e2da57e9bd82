"""``tf.keras.optimizers.SGD`` and ``Adam``: ``apply_gradients(zip(grads, variables))``
updates the Variables in place with Keras's update rules.

The updates are plain NumPy arithmetic on the values: an optimizer step is not
recorded on any tape, as in TensorFlow.

Example:
    >>> import dualtape as tf
    >>> w = tf.Variable(3.0)
    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.1)
    >>> with tf.GradientTape() as tape:
    ...     loss = w ** 2
    >>> opt.apply_gradients([(tape.gradient(loss, w), w)])
    >>> float(w.numpy()), int(opt.iterations)      # 3 - 0.1 * 2 * 3
    (2.4, 1)
"""
import warnings

import numpy as np

from ...core.box import raw
from ...reverse.gradient_tape import GradientTape

__all__ = ["Optimizer", "SGD", "Adam"]


class Optimizer:
    """What SGD and Adam share: the learning rate (a number, or a function of the
    step count), the step count ``iterations``, and per-variable state ("slots").

    Example:
        >>> import dualtape as tf
        >>> tf.keras.optimizers.SGD(learning_rate=lambda step: 0.5 ** step).learning_rate_now()
        1.0
    """

    def __init__(self, learning_rate, name):
        self.learning_rate = learning_rate
        self.name = name
        self.iterations = 0
        self._slots = {}            # id(variable) -> (variable, its slot arrays)

    def learning_rate_now(self):
        """The learning rate of the coming step."""
        lr = self.learning_rate
        return float(lr(self.iterations) if callable(lr) else raw(lr))

    def _slots_for(self, variable):
        entry = self._slots.get(id(variable))
        if entry is None or entry[0] is not variable:
            entry = self._slots[id(variable)] = (variable, self._new_slots(raw(variable)))
        return entry[1]

    def _new_slots(self, value):
        return {}

    def _update(self, value, grad, slots, lr, step):  # pragma: no cover - abstract
        raise NotImplementedError

    def apply_gradients(self, grads_and_vars):
        """One step: every ``(gradient, variable)`` pair moves its variable.

        Pairs whose gradient is None are skipped with a warning, as in Keras.
        """
        pairs = list(grads_and_vars)
        skipped = [v for g, v in pairs if g is None]
        if skipped:
            names = ", ".join(str(getattr(v, "name", None) or "a Variable") for v in skipped)
            warnings.warn(f"{self.name}: gradients do not exist for variables {names}; "
                          f"they are left unchanged", stacklevel=2)
        lr = self.learning_rate_now()
        step = self.iterations + 1
        for g, v in pairs:
            if g is None:
                continue
            value = np.asarray(raw(v))
            grad = np.asarray(raw(g), dtype=value.dtype)
            if grad.shape != value.shape:
                raise ValueError(f"{self.name}: gradient of shape {grad.shape} for a variable of "
                                 f"shape {value.shape}")
            v.assign(self._update(value, grad, self._slots_for(v), lr, step))
        self.iterations = step

    def minimize(self, loss, var_list, tape=None):
        """Differentiate `loss` (a function of no arguments, or a tensor recorded on
        `tape`) with respect to `var_list` and apply one step.

        Example:
            >>> import dualtape as tf
            >>> w = tf.Variable(1.0)
            >>> tf.keras.optimizers.SGD(0.25).minimize(lambda: (w - 3.0) ** 2, [w])
            >>> float(w.numpy())                       # 1 - 0.25 * 2 * (1 - 3)
            2.0
        """
        var_list = list(var_list)
        if callable(loss):
            with GradientTape() as tape:
                value = loss()
        elif tape is None:
            raise ValueError(f"{self.name}.minimize: a loss tensor needs the tape that recorded it")
        else:
            value = loss
        self.apply_gradients(zip(tape.gradient(value, var_list), var_list))


class SGD(Optimizer):
    """Gradient descent, with optional (Nesterov) momentum:
    ``velocity = momentum * velocity - lr * g``; ``w += velocity``.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> w = tf.Variable(1.0)
        >>> opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.apply_gradients([(tf.constant(1.0), w)])
        >>> float(np.round(w.numpy(), 12))            # 1 - 0.1 - (0.9 * 0.1 + 0.1)
        0.71
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD"):
        super().__init__(learning_rate, name)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"SGD: momentum must be in [0, 1], got {momentum}")
        self.momentum = momentum
        self.nesterov = nesterov

    def _new_slots(self, value):
        return {"velocity": np.zeros_like(value)} if self.momentum else {}

    def _update(self, value, grad, slots, lr, step):
        if not self.momentum:
            return value - lr * grad
        velocity = self.momentum * slots["velocity"] - lr * grad
        slots["velocity"] = velocity
        if self.nesterov:
            return value + self.momentum * velocity - lr * grad
        return value + velocity


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015) in Keras's form: with bias-corrected step size
    ``lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)``, ``w -= step * m / (sqrt(v) + epsilon)``.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> w = tf.Variable(1.0)
        >>> tf.keras.optimizers.Adam(learning_rate=0.1).apply_gradients([(tf.constant(4.0), w)])
        >>> bool(np.isclose(w.numpy(), 1.0 - 0.1 * 4.0 / (4.0 + 1e-7)))   # the first step is about lr
        True
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="Adam"):
        super().__init__(learning_rate, name)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def _new_slots(self, value):
        slots = {"m": np.zeros_like(value), "v": np.zeros_like(value)}
        if self.amsgrad:
            slots["v_hat"] = np.zeros_like(value)
        return slots

    def _update(self, value, grad, slots, lr, step):
        b1, b2 = self.beta_1, self.beta_2
        slots["m"] = slots["m"] + (grad - slots["m"]) * (1 - b1)
        slots["v"] = slots["v"] + (grad * grad - slots["v"]) * (1 - b2)
        v = slots["v"]
        if self.amsgrad:
            slots["v_hat"] = v = np.maximum(slots["v_hat"], v)
        step_size = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
        return value - step_size * slots["m"] / (np.sqrt(v) + self.epsilon)
