"""TensorFlow's elementwise functions, each the table's function under TensorFlow's name.

The rows below pair a TensorFlow name with the table's function and with an
independent NumPy expression of the same value (for most, NumPy's function of the
same or of NumPy's name), from which every function's docstring example is written
(the doctests compare the two). A few functions
follow TensorFlow where its convention differs from NumPy's: ``maximum`` and
``minimum`` give the whole gradient of a tie to `x` (NumPy's table splits it),
``divide_no_nan`` is 0 where the divisor is 0, ``rsqrt`` is ``x ** -0.5``.

Example:
    >>> import dualtape as tf
    >>> x = tf.Variable(1.0)
    >>> with tf.GradientTape() as tape:
    ...     y = tf.math.maximum(x, 1.0) + tf.math.log_sigmoid(x)
    >>> round(float(tape.gradient(y, x)), 6)     # 1 (the tie goes to x) + sigmoid(-1)
    1.268941
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from .. import special as dsp
from ..reverse.tensor import constant
from .arguments import as_result, operand, static_axis, with_argument_names

# TensorFlow's names for NumPy's own functions ("acos=arccos": NumPy calls it arccos). Each
# is the table's function of NumPy's name; its docstring example compares it with NumPy's
# function at 0.5, or at the sample below.
NUMPY_NAMES = {tf_name: numpy_name or tf_name for tf_name, _, numpy_name in (
    pair.partition("=") for pair in """abs acos=arccos acosh=arccosh asin=arcsin asinh=arcsinh
    atan=arctan atanh=arctanh ceil cos cosh exp expm1 floor log log1p negative reciprocal
    round sign sin sinh sqrt square tan tanh""".split())}
SAMPLES = {"abs": -1.5, "acosh": 1.5, "floor": -0.5, "round": 2.5, "sign": -0.5}

# The others: TensorFlow's name: (the table's function, a NumPy expression of it at the
# sample input, the sample)
UNARY = {
    "digamma": (dsp.digamma, "-np.euler_gamma", 1.0),
    "erf": (dsp.erf, "0.5204998778130465", 0.5),
    "erfc": (dsp.erfc, "1 - 0.5204998778130465", 0.5),
    "lgamma": (dsp.gammaln, "np.log(np.sqrt(np.pi))", 0.5),
    "log_sigmoid": (lambda x: dnp.negative(dsp.softplus(dnp.negative(x))),
                    "-np.log1p(np.exp(-0.5))", 0.5),
    "rsqrt": (lambda x: dnp.power(x, -0.5), "1 / np.sqrt(0.5)", 0.5),
    "sigmoid": (dsp.expit, "1 / (1 + np.exp(-0.5))", 0.5),
    "softplus": (dsp.softplus, "np.log1p(np.exp(0.5))", 0.5),
}
for _name, _numpy_name in NUMPY_NAMES.items():
    _sample = SAMPLES.get(_name, 0.5)
    UNARY[_name] = (getattr(dnp, _numpy_name), f"np.{_numpy_name}({_sample})", _sample)


def _maximum(x, y):
    # a NaN in x is kept, as TensorFlow keeps it (a NaN in y is picked by the comparison)
    return dnp.where((raw(x) >= raw(y)) | np.isnan(raw(x)), x, y)


def _minimum(x, y):
    return dnp.where((raw(x) <= raw(y)) | np.isnan(raw(x)), x, y)


def _floordiv(x, y):
    if np.result_type(raw(x), raw(y)).kind in "iub":
        return np.floor_divide(raw(x), raw(y))
    return dnp.floor(dnp.divide(x, y))


def _divide_no_nan(x, y):
    zero = raw(y) == 0
    return dnp.where(zero, 0.0, dnp.divide(x, dnp.where(zero, 1.0, y)))


BINARY = {
    "add": (dnp.add, "0.5 + 2.0"),
    "atan2": (dnp.arctan2, "np.arctan2(0.5, 2.0)"),
    "divide": (dnp.divide, "0.5 / 2.0"),
    "divide_no_nan": (_divide_no_nan, "0.5 / 2.0"),
    "floordiv": (_floordiv, "0.5 // 2.0"),
    "floormod": (dnp.mod, "0.5 % 2.0"),
    "maximum": (_maximum, "max(0.5, 2.0)"),
    "minimum": (_minimum, "min(0.5, 2.0)"),
    "multiply": (dnp.multiply, "0.5 * 2.0"),
    "pow": (dnp.power, "0.5 ** 2.0"),
    "squared_difference": (lambda x, y: dnp.square(dnp.subtract(x, y)), "(0.5 - 2.0) ** 2"),
    "subtract": (dnp.subtract, "0.5 - 2.0"),
    "truediv": (dnp.true_divide, "0.5 / 2.0"),
    "xlogy": (dsp.xlogy, "0.5 * np.log(2.0)"),
}

# Comparisons and logic: plain boolean tensors (they carry no derivative).
PREDICATES = {
    "equal": np.equal, "not_equal": np.not_equal, "greater": np.greater,
    "greater_equal": np.greater_equal, "less": np.less, "less_equal": np.less_equal,
    "logical_and": np.logical_and, "logical_or": np.logical_or, "logical_xor": np.logical_xor,
}
TESTS = {"logical_not": np.logical_not, "is_nan": np.isnan, "is_inf": np.isinf,
         "is_finite": np.isfinite}

_EXAMPLE = """

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.math.{name}({args}).numpy(), {reference}))
        True
    """


def unary(name, fn, reference, sample):
    """The TensorFlow function `name`: `fn` with TensorFlow's signature ``(x, name=None)``.

    Example:
        >>> import numpy as np, dualtape.numpy as dnp
        >>> unary("sin", dnp.sin, "np.sin(0.5)", 0.5)(0.5).numpy() == np.sin(0.5)
        np.True_
    """
    def op(x, name=None):
        return as_result(fn(operand(x)))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` of `x`." + _EXAMPLE.format(
        name=name, args=sample, reference=reference)
    return op


def binary(name, fn, reference):
    """The TensorFlow function `name`: `fn` with TensorFlow's signature ``(x, y, name=None)``.

    Example:
        >>> import dualtape.numpy as dnp
        >>> float(binary("add", dnp.add, "0.5 + 2.0")(0.5, 2.0))
        2.5
    """
    def op(x, y, name=None):
        return as_result(fn(operand(x), operand(y)))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` of `x` and `y` (broadcast)." + _EXAMPLE.format(
        name=name, args="0.5, 2.0", reference=reference)
    return op


def predicate(name, fn, arity):
    """The TensorFlow comparison or test `name`: a boolean tensor from NumPy's `fn`.

    Example:
        >>> import numpy as np
        >>> predicate("less", np.less, 2)([1.0, 3.0], 2.0).numpy()
        array([ True, False])
    """
    if arity == 2:
        def op(x, y, name=None):
            return constant(fn(raw(x), raw(y)))
    else:
        def op(x, name=None):
            return constant(fn(raw(x)))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``: a boolean tensor, with no derivative."
    return op


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of one shape.

    Example:
        >>> import dualtape as tf
        >>> tf.math.add_n([[1.0, 2.0], [10.0, 20.0], [100.0, 200.0]]).numpy()
        array([111., 222.])
    """
    inputs = [operand(t) for t in inputs]
    if not inputs:
        raise ValueError("tf.math.add_n: inputs must be a non-empty list of tensors")
    total = inputs[0]
    for t in inputs[1:]:
        total = dnp.add(total, t)
    return as_result(dnp.positive(total) if len(inputs) == 1 else total)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None):
    """`x` divided by its Euclidean norm over `axis`, at least ``sqrt(epsilon)``.

    Example:
        >>> import dualtape as tf
        >>> tf.math.l2_normalize([3.0, 4.0]).numpy()
        array([0.6, 0.8])
    """
    x = operand(x)
    squares = dnp.sum(dnp.square(x), static_axis(axis), keepdims=True)
    return as_result(dnp.multiply(x, dnp.power(_maximum(squares, epsilon), -0.5)))


FUNCTIONS = {}
for _name, (_fn, _reference, _sample) in UNARY.items():
    FUNCTIONS[_name] = unary(_name, _fn, _reference, _sample)
for _name, (_fn, _reference) in BINARY.items():
    FUNCTIONS[_name] = binary(_name, _fn, _reference)
for _name, _fn in PREDICATES.items():
    FUNCTIONS[_name] = predicate(_name, _fn, 2)
for _name, _fn in TESTS.items():
    FUNCTIONS[_name] = predicate(_name, _fn, 1)
FUNCTIONS["add_n"] = add_n
FUNCTIONS["l2_normalize"] = l2_normalize

# Where TensorFlow's arguments are not named x (and y), a call by keyword must find them:
# tf.math.softplus(features=...), tf.math.atan2(y=..., x=...)
ARGUMENT_NAMES = {"softplus": ("features",), "atan2": ("y", "x")}
for _name, _names in ARGUMENT_NAMES.items():
    FUNCTIONS[_name] = with_argument_names(FUNCTIONS[_name], _names)

# The functions are reached through FUNCTIONS (``tf.math`` binds them); their names
# (``round``, ``abs``, ``pow``) stay out of this module's globals, where they would
# hide the builtins, and doctest finds their examples here.
__test__ = {name: fn for name, fn in FUNCTIONS.items() if fn.__module__ == __name__}

__all__ = ["NUMPY_NAMES", "UNARY", "BINARY", "PREDICATES", "TESTS", "ARGUMENT_NAMES", "FUNCTIONS",
           "unary", "binary", "predicate", "add_n", "l2_normalize"]
