"""TensorFlow's names on dualtape, so that TensorFlow's GradientTape code runs after
``import dualtape as tf`` (or ``import dualtape.tensorflow as tf``).

``tf.reduce_sum``, ``tf.math.sin``, ``tf.float32``, ``tf.linalg.solve``, ``tf.random.normal``,
``tf.keras.layers.Dense``, ... are built from the table's functions (``dualtape.numpy``,
``dualtape.special``) and from dualtape's own ``GradientTape``, ``Variable`` and
``constant``: no derivative is written twice. ``import dualtape`` finds these names
only when dualtape does not define the name itself, so dualtape's own API stays as it
is. Floats are float64 unless ``dtype=`` asks otherwise.

One module per job: `dtypes`, `shapes`, `conversion`, `creation`, `manipulation`,
`reductions`, `elementwise` (gathered with the reductions in ``tf.math``), `clipping`,
`nn`, `linalg`, `random`, `gradients` (``UnconnectedGradients``), `keras`,
`complex_numbers` (``tf.complex``, ``tf.math.real``, ``imag``, ``conj``, ``angle``),
`unsupported` (``tf.function``, ``tf.saved_model``, ``tf.image``, which raise
NotImplementedError naming the feature), and `tables` (families of functions of one
signature, such as the reductions, written as text tables).

Example:
    >>> import dualtape as tf
    >>> x = tf.Variable([1.0, 2.0], dtype=tf.float32)
    >>> with tf.GradientTape() as tape:
    ...     y = tf.reduce_sum(tf.math.square(x))
    >>> tape.gradient(y, x).numpy().tolist(), x.dtype == tf.float32
    ([2.0, 4.0], True)
"""
from ..reverse.tensor import Tensor, Variable, constant
from ..reverse.gradient_tape import GradientTape
from ..transforms.stop_gradient import stop_gradient
from ..transforms.custom import custom_gradient
from . import (dtypes, shapes, conversion, creation, manipulation, reductions,  # noqa: F401
               elementwise, clipping, nn, linalg, random, gradients, keras, unsupported, math)
from .dtypes import *  # noqa: F401,F403
from .shapes import *  # noqa: F401,F403
from .conversion import *  # noqa: F401,F403
from .creation import *  # noqa: F401,F403
from .manipulation import *  # noqa: F401,F403
from .clipping import *  # noqa: F401,F403
from .reductions import (reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,  # noqa: F401
                         reduce_logsumexp, reduce_all, reduce_any, argmax, argmin, cumsum)
from .linalg import matmul, tensordot, einsum, norm  # noqa: F401
from .gradients import UnconnectedGradients  # noqa: F401
from .unsupported import *  # noqa: F401,F403
from .elementwise import FUNCTIONS as _ELEMENTWISE
from . import complex_numbers  # noqa: F401
from .complex_numbers import complex  # noqa: F401,A004  (TensorFlow's tf.complex)

# The reductions and elementwise functions TensorFlow also offers at the top level
# (tf.reduce_sum, tf.sin, tf.maximum, ...); the others are in tf.math only.
TOP_LEVEL_REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
                        "reduce_logsumexp", "reduce_all", "reduce_any", "argmax", "argmin", "cumsum"]
TOP_LEVEL_MATH = ["abs", "acos", "acosh", "add", "add_n", "asin", "asinh", "atan", "atan2",
                  "atanh", "cos", "cosh", "divide", "equal", "exp", "floor", "greater",
                  "greater_equal", "less", "less_equal", "logical_and", "logical_not",
                  "logical_or", "maximum", "minimum", "multiply", "negative", "not_equal", "pow",
                  "round", "sigmoid", "sign", "sin", "sinh", "sqrt", "square", "subtract", "tan",
                  "tanh", "truediv"]
globals().update({name: _ELEMENTWISE[name] for name in TOP_LEVEL_MATH})

newaxis = None

__all__ = (["Tensor", "Variable", "constant", "GradientTape", "stop_gradient", "custom_gradient",
            "math", "nn", "linalg", "random", "keras", "matmul", "tensordot", "einsum", "norm",
            "UnconnectedGradients", "newaxis", "complex"]
           + dtypes.__all__ + shapes.__all__ + conversion.__all__ + creation.__all__
           + manipulation.__all__ + clipping.__all__ + unsupported.__all__
           + TOP_LEVEL_REDUCTIONS + TOP_LEVEL_MATH)
