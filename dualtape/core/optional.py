"""Optional libraries (SciPy): whether one is installed, and its modules loaded on first use.

dualtape needs only NumPy.  Table entries that run SciPy's numerics register
when SciPy is installed, but SciPy itself is imported the first time such an
entry is evaluated, so ``import dualtape`` costs no more with SciPy than
without it (``import scipy.special`` alone takes about as long as importing
dualtape).

Example:
    >>> installed("numpy"), installed("no_such_library_anywhere")
    (True, False)
    >>> lazy_module("math").sqrt(4.0)
    2.0
"""
import importlib
import importlib.util


def installed(name):
    """True when the top-level package `name` can be imported (it is not imported).

    An import blocker on ``sys.meta_path`` that refuses `name` makes it count
    as absent, as it would for ``import name``.

    Example:
        >>> installed("numpy")
        True
    """
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class lazy_module:
    """Stands for the module `name`, importing it at the first attribute read.

    Example:
        >>> m = lazy_module("json")
        >>> m.dumps([1])
        '[1]'
    """

    __slots__ = ("_name", "_module")

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attr):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self):
        return f"<module {self._name!r}, imported on first use>"
