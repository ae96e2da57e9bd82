"""TensorFlow features dualtape does not have: graph compilation (``tf.function``,
``tf.TensorSpec``), serialisation (``tf.Module`` with ``tf.saved_model``) and image ops
(``tf.image``).

Each name exists, so a program that uses one stops with a `NotImplementedError`
naming the feature, not with a puzzling AttributeError: dualtape runs eagerly
on NumPy and records nothing that could be compiled or saved.

Example:
    >>> import dualtape as tf
    >>> tf.image.adjust_contrast([[[0.5]]], 0.1)
    Traceback (most recent call last):
    ...
    NotImplementedError: tf.image.adjust_contrast: TensorFlow's image ops (tf.image) are not part...
"""
__all__ = ["function", "TensorSpec", "Module", "saved_model", "image"]

_WHY = {
    "tf.function": "graph compilation (tf.function) is not part of dualtape, which runs every "
                   "operation eagerly on NumPy; call the Python function directly",
    "tf.saved_model": "saving models (tf.saved_model) is not part of dualtape; keep the "
                      "Variables' values with .numpy() and np.save instead",
    "tf.image": "TensorFlow's image ops (tf.image) are not part of dualtape, so their "
                "gradients cannot be recorded; write the operation with dualtape.numpy",
}


def _refuse(name, feature):
    return NotImplementedError(f"{name}: {_WHY[feature]}")


def function(func=None, *args, **kwargs):
    """``tf.function``: refused, naming graph compilation.

    Example:
        >>> import dualtape as tf
        >>> tf.function(lambda x: x)
        Traceback (most recent call last):
        ...
        NotImplementedError: tf.function: graph compilation (tf.function) is not part of dualtape, ...
    """
    raise _refuse("tf.function", "tf.function")


class TensorSpec:
    """``tf.TensorSpec`` (the signatures of ``tf.function``): refused, naming graph compilation.

    Example:
        >>> import dualtape as tf
        >>> tf.TensorSpec(None)
        Traceback (most recent call last):
        ...
        NotImplementedError: tf.TensorSpec: graph compilation (tf.function) is not part of dualtape, ...
    """

    def __init__(self, *args, **kwargs):
        raise _refuse("tf.TensorSpec", "tf.function")


class Module:
    """``tf.Module``, the unit of ``tf.saved_model``: refused when instantiated, naming serialisation.

    Example:
        >>> import dualtape as tf
        >>> class Model(tf.Module):
        ...     pass
        >>> Model()
        Traceback (most recent call last):
        ...
        NotImplementedError: tf.Module: saving models (tf.saved_model) is not part of dualtape...
    """

    def __init__(self, *args, **kwargs):
        raise _refuse("tf.Module", "tf.saved_model")


class _Refused:
    """A namespace whose every public attribute raises NotImplementedError naming `feature`.

    The attribute itself raises, before any argument of a call is evaluated, so
    ``tf.saved_model.save(model, ...)`` names the missing feature even when `model`
    could not be built.
    """

    def __init__(self, feature):
        self._feature = feature

    def __getattr__(self, attr):
        if attr.startswith("_"):        # Python's and IPython's protocols probe these
            raise AttributeError(attr)
        raise _refuse(f"{self._feature}.{attr}", self._feature)

    def __repr__(self):
        return f"<{self._feature}: not part of dualtape>"


saved_model = _Refused("tf.saved_model")
image = _Refused("tf.image")
