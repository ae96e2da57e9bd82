"""``dualtape.numpy.linalg``: NumPy's ``numpy.linalg`` on every kind of box.

Re-exports the linear-algebra rules and the functions composed from them;
``np.linalg.X(box)`` is routed here.  ``matrix_rank`` reads the plain values
(an integer has no derivative).  Real and complex matrices alike (Hermitian
for ``cholesky`` and ``eigh``); the conventions of ``eig`` and ``eigvals``,
whose results are complex in general, are in `dualtape.rules.linalg_eig`.

Example:
    >>> import numpy as np, dualtape as dt
    >>> dt.gradient(lambda a: np.linalg.slogdet(a)[1])(np.diag([2.0, 4.0]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
"""
import numpy as _np

from ..core.interop import handles as _handles
from ..rules import (linalg_inverses as _inv, linalg_decompositions as _dec, linalg_svd as _svd,
                     linalg_eig as _eig)
from ..rules.matmul import matmul
from ..composed import linalg as _comp, linalg_more as _more
from ..composed.plain_values import on_plain_values as _on_plain
from ..composed.out_keyword import accepting_out as _accepting_out
from ..composed.vector_products import vecdot, matrix_transpose

_modules = (_inv, _dec, _svd, _eig, _comp, _more)
__all__ = ["matmul", "vecdot", "matrix_transpose"]
for _m in _modules:
    for _name in _m.__all__:
        globals()[_name] = getattr(_m, _name)
        __all__.append(_name)
matrix_rank = _on_plain(_np.linalg.matrix_rank, "linalg.matrix_rank")
__all__.append("matrix_rank")
for _name in __all__:
    _target = getattr(_np.linalg, _name, None)
    if callable(_target):
        globals()[_name] = _accepting_out(globals()[_name], _target)      # NumPy's out=
        _handles(_target, globals()[_name])
# NumPy's own error type, so `except dualtape.numpy.linalg.LinAlgError` reads naturally
LinAlgError = _np.linalg.LinAlgError
test = _np.linalg.test
