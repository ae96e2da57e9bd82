"""SciPy's names, differentiable in every mode: ``dualtape.scipy.special``,
``dualtape.scipy.linalg`` and ``dualtape.scipy.stats`` (``pip install "dualtape[scipy]"``).

They need SciPy, which the rest of dualtape never does; the submodules load when
first used (``import dualtape.scipy.stats``, or ``dualtape.scipy.stats`` after
``import dualtape.scipy``).

Example:
    >>> import dualtape as dt, dualtape.scipy as dsc
    >>> dt.gradient(lambda x: dsc.stats.norm.logpdf(x))(1.0)      # −x
    -1.0
"""
import importlib

from ..core.optional import installed as _installed

if not _installed("scipy"):
    raise ImportError("dualtape.scipy needs SciPy, which is not installed: "
                      "pip install \"dualtape[scipy]\" (or pip install scipy)")

__all__ = ["special", "linalg", "stats"]


def __getattr__(name):
    """Load ``dualtape.scipy.special``, ``.linalg`` or ``.stats`` when first read."""
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
