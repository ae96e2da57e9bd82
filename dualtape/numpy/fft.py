"""``dualtape.numpy.fft``: NumPy's ``numpy.fft`` on every kind of box.

Re-exports the FFT rules and the transforms composed from them; ``np.fft.X(box)``
is routed here.  Complex values may flow between real inputs and a real
result (see ``dualtape.rules.complex_values`` for the convention); the inputs
you differentiate with respect to, and the final result, are real.

Example:
    >>> import numpy as np, dualtape as dt
    >>> f = lambda x: np.real(np.fft.ifft(np.fft.fft(x) * 2.0)).sum()
    >>> dt.gradient(f)(np.ones(3))
    array([2., 2., 2.])
"""
import numpy as _np

from ..core.interop import handles as _handles
from ..rules import fft as _fft
from ..composed import fft_more as _more
from ..composed.out_keyword import accepting_out as _accepting_out

__all__ = []
for _m in (_fft, _more):
    for _name in _m.__all__:
        _target = getattr(_np.fft, _name)
        globals()[_name] = _accepting_out(getattr(_m, _name), _target)   # NumPy's out=
        __all__.append(_name)
        _handles(_target, globals()[_name])
test = _np.fft.test
