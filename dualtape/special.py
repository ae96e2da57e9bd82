"""Special functions, differentiable in every mode: ``import dualtape.special as dsp``.

Mirrors the names of ``scipy.special`` and runs on NumPy alone.  With SciPy
installed, `dualtape.scipy.special` has these and many more (Bessel functions,
inverse error functions, ``gamma``, ``zeta``, ...), and ``scipy.special``
ufuncs called on dualtape values are routed to it.

Example:
    >>> import numpy as np, dualtape as dt, dualtape.special as dsp
    >>> dt.gradient(lambda x: dsp.logsumexp(x))(np.zeros(4))
    array([0.25, 0.25, 0.25, 0.25])
"""
from .core.interop import route_library as _route_library
from .rules.special import (erf, erfc, gammaln, digamma, psi, polygamma, expit, sigmoid,  # noqa: F401
                            logit, softplus, xlogy, xlog1py, entr)
from .rules.bessel_modified import i0, i1, i0e, i1e  # noqa: F401
from .composed.special import logsumexp, softmax, log_softmax, ndtr, multigammaln  # noqa: F401

__all__ = ["erf", "erfc", "gammaln", "digamma", "psi", "polygamma", "expit", "sigmoid", "logit",
           "softplus", "xlogy", "xlog1py", "entr", "i0", "i1", "i0e", "i1e", "logsumexp", "softmax",
           "log_softmax", "ndtr", "multigammaln"]

# scipy.special's ufuncs meeting a dualtape value go to dualtape.scipy.special
# (imported then, so that importing dualtape never imports SciPy).
_route_library("scipy.special", "dualtape.scipy.special")
