"""``dualtape.numpy.linalg``: NumPy's ``numpy.linalg`` on every kind of box.

Re-exports the linear-algebra rules; ``np.linalg.X(box)`` is routed here.
Real and complex matrices alike (Hermitian for ``cholesky`` and ``eigh``).

Example:
    >>> import numpy as np, dualtape as dt
    >>> dt.gradient(lambda a: np.linalg.slogdet(a)[1])(np.diag([2.0, 4.0]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
"""
import numpy as _np

from ..core.interop import handles as _handles
from ..rules import linalg_inverses as _inv, linalg_decompositions as _dec, linalg_svd as _svd
from ..rules.matmul import matmul
from ..composed import linalg as _comp

_modules = (_inv, _dec, _svd, _comp)
__all__ = ["matmul"]
for _m in _modules:
    for _name in _m.__all__:
        globals()[_name] = getattr(_m, _name)
        __all__.append(_name)
for _name in __all__:
    _target = getattr(_np.linalg, _name, None)
    if callable(_target):
        _handles(_target, globals()[_name])
# NumPy's own error type, so `except dualtape.numpy.linalg.LinAlgError` reads naturally
LinAlgError = _np.linalg.LinAlgError
