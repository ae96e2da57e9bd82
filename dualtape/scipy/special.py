"""``scipy.special``'s functions, differentiable in every mode: ``import dualtape.scipy.special as dss``.

The functions of `dualtape.special` (NumPy-only kernels: erf, gammaln,
digamma, expit, logit, i0, ...) and the ones SciPy computes with dualtape's
derivative rules (Bessel functions, inverse error functions, gamma, beta,
incomplete gamma in x, zeta in x, Lambert W, ...).  Importing this module
routes the ``scipy.special`` ufuncs of the same names to these functions, so
``scipy.special.expit(x)`` on a dualtape value is differentiated too.

Example:
    >>> import scipy.special, dualtape as dt
    >>> dt.jvp(scipy.special.expit, (0.0,), (1.0,))
    (0.5, 0.25)
"""
import numpy as _np
import scipy.special as _scipy_special

from ..core.interop import handles as _handles
from ..special import *  # noqa: F401,F403
from ..special import __all__ as _numpy_only
from ..rules.special_scipy import (erfinv, erfcinv, erfcx, ndtri, log_ndtr, gamma, beta,  # noqa: F401
                                   betaln, gammainc, gammaincc, rel_entr, kl_div, huber,
                                   pseudo_huber, lambertw)
from ..rules.bessel_scipy import j0, j1, y0, y1, jv, yv, iv, kv  # noqa: F401
from ..rules.zeta import zeta  # noqa: F401
from ..rules.elementwise import expm1, log1p  # noqa: F401
from ..rules.elementwise_more import cbrt  # noqa: F401

__all__ = list(_numpy_only) + [
    "erfinv", "erfcinv", "erfcx", "ndtri", "log_ndtr", "gamma", "beta", "betaln", "gammainc",
    "gammaincc", "rel_entr", "kl_div", "huber", "pseudo_huber", "lambertw",
    "j0", "j1", "y0", "y1", "jv", "yv", "iv", "kv", "zeta", "expm1", "log1p", "cbrt"]

for _name in __all__:
    _target = getattr(_scipy_special, _name, None)
    if isinstance(_target, _np.ufunc):
        _handles(_target, globals()[_name])

# SciPy's zeta and lambertw are Python functions that call private ufuncs with the
# same arguments (`_riemann_zeta(x)`, `_zeta(x, q)`, `_lambertw(z, k, tol)`): routing
# those makes scipy.special.zeta and scipy.special.lambertw on dualtape values work too.
for _private, _fn in (("_riemann_zeta", zeta), ("_zeta", zeta), ("_lambertw", lambertw)):
    _handles(getattr(_scipy_special._ufuncs, _private), _fn)
