"""NumPy's names, differentiable: ``import dualtape.numpy as np`` runs NumPy scripts.

Every public name of NumPy resolves here, in one of four ways (the coverage
page, ``python -m dualtape primitives``, counts each):

* a table entry or a function composed of entries: differentiable in every mode;
* NumPy's result on the plain values, where the result has no derivative
  (comparisons, predicates, indices, shapes; `composed.plain_values`);
* NumPy's own object, where it takes no dualtape value or refuses one
  (constants, dtypes, ``random``, constant creators; `composed.passthrough`);
* NumPy's function on plain values that raises ``NotImplementedError`` on a
  dualtape value (`composed.unsupported`).

Plain ``np.*`` calls on dualtape values are routed here too (through
``__array_ufunc__`` / ``__array_function__``), ufunc methods included
(``np.add.reduce(x)``).
"""
import numpy as _np

from ..core.interop import handles as _handles
from ..rules import elementwise as _ew, elementwise_trigonometric as _trig, reductions as _red, \
    shapes as _sh, indexing as _ix, matmul as _la, casting as _cast, elementwise_more as _more, \
    elementwise_piecewise as _piecewise, einsum as _einsum, statistics as _stats, \
    nan_reductions as _nan_rules, floating_point as _float_rules
from ..composed import manipulation as _manip, contractions as _contract, statistics as _cstats, \
    creation as _creation, moving_entries as _moving, writers as _writers, \
    floating_point as _float_composed, vector_products as _vector_products, signals as _signals, \
    polynomials as _polynomials, nan_statistics as _nan_statistics, covariance as _covariance, \
    unique as _unique, mapping as _mapping, signatures as _signatures, \
    complex_parts as _complex_parts
from ..composed.plain_values import PLAIN_RESULTS as _PLAIN, on_plain_values as _on_plain
from ..composed.unsupported import NOT_IMPLEMENTED as _MISSING, not_implemented as _not_implemented
from ..composed.ufunc_methods import attach as _attach_ufunc_methods
from ..composed.passthrough import AVAILABLE as _PASS_THROUGH
from ..composed.out_keyword import accepting_out as _accepting_out

# Later modules may refine a name of an earlier one (a fuller NumPy signature).
_modules = (_ew, _trig, _red, _sh, _ix, _la, _cast, _more, _piecewise, _einsum, _contract, _manip,
            _stats, _nan_rules, _cstats, _creation, _moving, _writers, _float_rules,
            _float_composed, _vector_products, _signals, _polynomials,
            _nan_statistics, _covariance, _unique, _mapping,
            _signatures, _complex_parts)
__all__ = []


def _export(name, fn):
    if name not in globals() or name not in __all__:
        __all__.append(name)
    target = getattr(_np, name, None)
    if target is not None and callable(target):
        fn = _accepting_out(fn, target)          # NumPy's out=, wherever NumPy has it
        _handles(target, fn)
    globals()[name] = fn


for _m in _modules:
    for _name in _m.__all__:
        _export(_name, getattr(_m, _name))

# NumPy 2's other spellings of the same functions
for _alias, _name in {"acos": "arccos", "asin": "arcsin", "atan": "arctan", "acosh": "arccosh",
                      "asinh": "arcsinh", "atanh": "arctanh", "atan2": "arctan2", "pow": "power",
                      "concat": "concatenate", "permute_dims": "transpose",
                      }.items():
    _export(_alias, globals()[_name])

# The binary ufuncs' methods: add.reduce, multiply.outer, maximum.accumulate, add.at, ...
for _name in __all__:
    _ufunc = getattr(_np, _name, None)
    if isinstance(_ufunc, _np.ufunc) and _ufunc.nin == 2 and _ufunc.nout == 1:
        _attach_ufunc_methods(globals()[_name], _ufunc)

# numpy.i0, the modified Bessel function I₀ (its entry is with the special functions)
from ..rules.bessel_modified import i0 as _i0  # noqa: E402
_export("i0", _i0)

# Functional index updates on plain arrays and boxes alike: ``at(x)[i].set(v)``.
from ..composed.updates import at  # noqa: E402
__all__.append("at")

# Results without a derivative: NumPy on the plain values.
for _names in _PLAIN.values():
    for _name in _names:
        if "." not in _name:
            _export(_name, _on_plain(getattr(_np, _name), _name))

# NumPy's own objects.
for _names in _PASS_THROUGH.values():
    for _name in _names:
        globals()[_name] = getattr(_np, _name)
        __all__.append(_name)

# Not differentiated (yet): NumPy's on plain values, NotImplementedError on dualtape values.
for _name in _MISSING:
    if _name not in globals():
        _export(_name, _not_implemented(_name, getattr(_np, _name)))
