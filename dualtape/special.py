"""Special functions, differentiable in every mode: ``import dualtape.special as dsp``.

Mirrors the names of ``scipy.special`` (implemented on NumPy alone).

Example:
    >>> import numpy as np, dualtape as dt, dualtape.special as dsp
    >>> dt.gradient(lambda x: dsp.logsumexp(x))(np.zeros(4))
    array([0.25, 0.25, 0.25, 0.25])
"""
from .rules.special import (erf, erfc, gammaln, digamma, psi, polygamma, expit, sigmoid,  # noqa: F401
                            softplus, xlogy, xlog1py, entr)
from .composed.special import logsumexp, softmax, log_softmax  # noqa: F401

__all__ = ["erf", "erfc", "gammaln", "digamma", "psi", "polygamma", "expit", "sigmoid",
           "softplus", "xlogy", "xlog1py", "entr", "logsumexp", "softmax", "log_softmax"]
