"""Elementwise primitives with closed forms, continued: the trigonometric and
hyperbolic functions (``sin`` ... ``arctan2``, ``sinh``, ``cosh``, ``tanh``).

They are registered exactly as the entries of `elementwise` are: one
`defelementwise` call each, with the partials, the float fast path ``scalar``,
the closed-form ``second`` term and the Taylor rule side by side; partials
divide with the table's ``divide``, so a Python float gets NumPy's ``inf`` at a
pole.  `dualtape.rules.elementwise` keeps arithmetic, powers, exponentials and
the piecewise functions.
"""
import cmath
import math

import numpy as np

from .complex_values import accept_complex, refuse_complex, HOLOMORPHIC
from .elementwise import divide, sqrt
from .elementwise_entry import elementwise_listed_in
from .helpers import scalar_first, keep_float
from .taylor_series import unary_rule, product, sqrt_of, sin_cos_of, tan_of, integral_of_quotient

__all__ = []
_define = elementwise_listed_in(__all__)


def _arctan_series(X, out, x, k):
    w = product(X, X, k)               # arctan' = 1 / w with w = 1 + x²
    w[0] = 1.0 + w[0]
    return integral_of_quotient(X, w, out, k)


def _arcsin_series(X, out, x, k):
    q = [-c for c in product(X, X, k)]  # arcsin' = 1 / sqrt(q) with q = 1 - x²
    q[0] = 1.0 + q[0]
    return integral_of_quotient(X, sqrt_of(q, sqrt(q[0]), k), out, k)


def _one_plus_square(x):
    return 1.0 + x * x


sin = _define("sin", scalar_first(math.sin, np.sin), (lambda out, x: cos(x),),
              scalar=lambda x: (math.sin(x), math.cos(x)) if type(x) is float
              else (cmath.sin(x), cmath.cos(x)),
              second=lambda out, x: -out,
              taylor=unary_rule(lambda X, out, x, k: sin_cos_of(X, out, cos(x), k, -1.0)[0]))
cos = _define("cos", scalar_first(math.cos, np.cos), (lambda out, x: -sin(x),),
              scalar=lambda x: (math.cos(x), -math.sin(x)) if type(x) is float
              else (cmath.cos(x), -cmath.sin(x)),
              second=lambda out, x: -out,
              taylor=unary_rule(lambda X, out, x, k: sin_cos_of(X, sin(x), out, k, -1.0)[1]))
tan = _define("tan", scalar_first(math.tan, np.tan), (lambda out, x: 1.0 + out * out,),
              domain="tan", second=lambda out, x: 2.0 * out * (1.0 + out * out),
              taylor=unary_rule(lambda X, out, x, k: tan_of(X, out, k, 1.0)))
arcsin = _define("arcsin", scalar_first(math.asin, np.arcsin),
                 (lambda out, x: divide(1.0, sqrt(1.0 - x * x)),), domain="open_unit",
                 second=lambda out, x: divide(x, (1.0 - x * x) * sqrt(1.0 - x * x)),
                 taylor=unary_rule(_arcsin_series))
arccos = _define("arccos", scalar_first(math.acos, np.arccos),
                 (lambda out, x: divide(-1.0, sqrt(1.0 - x * x)),), domain="open_unit",
                 second=lambda out, x: divide(-x, (1.0 - x * x) * sqrt(1.0 - x * x)),
                 taylor=unary_rule(lambda X, out, x, k: [out] + [-c for c in
                                                                 _arcsin_series(X, out, x, k)[1:]]))
arctan = _define("arctan", scalar_first(math.atan, np.arctan),
                 (lambda out, x: divide(1.0, _one_plus_square(x)),),
                 second=lambda out, x: divide(-2.0 * x, _one_plus_square(x) * _one_plus_square(x)),
                 taylor=unary_rule(_arctan_series))


def _radius2(y, x):
    return x * x + y * y


arctan2 = _define("arctan2", keep_float(np.arctan2),
                  (lambda out, y, x: divide(x, _radius2(y, x)),
                   lambda out, y, x: divide(-y, _radius2(y, x))),
                  domain=("real", "nonzero"),
                  second={(0, 0): lambda out, y, x: divide(-2.0 * x * y, _radius2(y, x) * _radius2(y, x)),
                          (0, 1): lambda out, y, x: divide(y * y - x * x, _radius2(y, x) * _radius2(y, x)),
                          (1, 1): lambda out, y, x: divide(2.0 * x * y, _radius2(y, x) * _radius2(y, x))})
sinh = _define("sinh", scalar_first(math.sinh, np.sinh), (lambda out, x: cosh(x),),
               second=lambda out, x: out,
               taylor=unary_rule(lambda X, out, x, k: sin_cos_of(X, out, cosh(x), k, 1.0)[0]))
cosh = _define("cosh", scalar_first(math.cosh, np.cosh), (lambda out, x: sinh(x),),
               second=lambda out, x: out,
               taylor=unary_rule(lambda X, out, x, k: sin_cos_of(X, sinh(x), out, k, 1.0)[1]))
tanh = _define("tanh", scalar_first(math.tanh, np.tanh), (lambda out, x: 1.0 - out * out,),
               scalar=lambda x: (lambda th: (th, 1.0 - th * th))(
                   math.tanh(x) if type(x) is float else cmath.tanh(x)),
               second=lambda out, x: -2.0 * out * (1.0 - out * out),
               taylor=unary_rule(lambda X, out, x, k: tan_of(X, out, k, -1.0)))


# --- complex values ------------------------------------------------------------------
# The functions here are holomorphic (their partials are the complex derivatives,
# principal branches, as NumPy's); arctan2 is an angle of two real numbers.
accept_complex(HOLOMORPHIC, sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh)
refuse_complex("NumPy's {name} takes real numbers only; use np.angle(x + 1j * y) for the "
               "angle of a complex number", arctan2)
