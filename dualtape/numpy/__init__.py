"""The table's functions under NumPy's names: ``import dualtape.numpy as dnp``.

Use these inside functions you differentiate; they accept plain NumPy values
and every kind of box.  Plain ``np.*`` calls on boxes are routed here too
(through ``__array_ufunc__`` / ``__array_function__``).
"""
import numpy as _np

from ..core.interop import handles as _handles
from ..rules import elementwise as _ew, reductions as _red, shapes as _sh, indexing as _ix, \
    matmul as _la, casting as _cast, elementwise_more as _more, elementwise_piecewise as _piecewise, \
    einsum as _einsum, statistics as _stats
from ..composed import manipulation as _manip, contractions as _contract, statistics as _cstats

_modules = (_ew, _red, _sh, _ix, _la, _cast, _more, _piecewise, _einsum, _contract, _manip, _stats,
            _cstats)
__all__ = []
for _m in _modules:
    for _name in _m.__all__:
        globals()[_name] = getattr(_m, _name)
        __all__.append(_name)
        _target = getattr(_np, _name, None)
        if _target is not None and callable(_target):
            _handles(_target, getattr(_m, _name))

# numpy.i0, the modified Bessel function I₀ (its entry is with the special functions)
from ..rules.bessel_modified import i0  # noqa: E402
_handles(_np.i0, i0)
__all__.append("i0")

# Functional index updates on plain arrays and boxes alike: ``at(x)[i].set(v)``.
from ..composed.updates import at  # noqa: E402
__all__.append("at")

# NumPy constants, so ``dnp.pi`` reads like ``np.pi``.
pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
newaxis = None
