"""NumPy interoperability for boxes: which NumPy callables the table handles,
and the NumPy values a box refuses to meet.

`HANDLED` maps a NumPy function or ufunc (``np.sin``, ``np.sum``,
``np.linalg.solve``...) to the dualtape function that differentiates it.  The
facade ``dualtape.numpy`` fills it; boxes consult it from
``__array_ufunc__`` / ``__array_function__``.  A NumPy callable that is not
here raises instead of silently dropping the derivative.

SciPy's special-function ufuncs (``scipy.special.expit``, ...) reach boxes
through the same ``__array_ufunc__``.  `route_library` names the dualtape
module that fills `HANDLED` for such a library; it is imported the first time
one of the library's ufuncs meets a box (`handler_for`), so ``import dualtape``
never imports SciPy.  A ufunc of that library the table does not know gets an
error naming it (``scipy.special.<name>``), not NumPy.

A masked array (``numpy.ma``) is refused wherever it meets a box: the table's
NumPy implementations read the data under the mask, so the mask would be lost
without a word (``sum`` of ``[1, --]`` with a hidden 4 would be 5, not 1).
"""
import importlib
import sys
import types

import numpy as np

from .box import Box

HANDLED = {}

# A library whose ufuncs the table may handle -> the dualtape module that fills
# HANDLED for them ("scipy.special" -> "dualtape.scipy.special").
ROUTED_LIBRARIES = {}


def handles(np_callable, fn):
    """Declare that `fn` implements `np_callable` for boxed arguments.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.interop import HANDLED
        >>> HANDLED[np.sin].__name__
        'sin'
    """
    HANDLED[np_callable] = fn


def route_library(library, provider):
    """Declare that the module `provider` fills `HANDLED` for the ufuncs of `library`;
    it is imported when one of them first meets a box.

    Example:
        >>> ROUTED_LIBRARIES["scipy.special"]
        'dualtape.scipy.special'
    """
    ROUTED_LIBRARIES[library] = provider


def _library_of(ufunc):
    """The routed library whose (loaded) module holds `ufunc`, or None."""
    name = getattr(ufunc, "__name__", None)
    if name is None or getattr(np, name, None) is ufunc:
        return None
    for library in ROUTED_LIBRARIES:
        for module in (sys.modules.get(library), sys.modules.get(library + "._ufuncs")):
            if module is not None and getattr(module, name, None) is ufunc:
                return library
    return None


def handler_for(func):
    """The dualtape function that handles the NumPy callable or routed ufunc `func`
    for boxes; for an unknown ufunc of a routed library, one that raises the error
    naming it; None for anything else.

    Example:
        >>> import numpy as np
        >>> handler_for(np.sin).__name__, handler_for(np.frompyfunc(abs, 1, 1))
        ('sin', None)
    """
    fn = HANDLED.get(func)
    if fn is not None:
        return fn
    library = _library_of(func)
    if library is None:
        return None
    importlib.import_module(ROUTED_LIBRARIES[library])       # fills HANDLED for `library`
    fn = HANDLED.get(func)
    if fn is None:
        fn = HANDLED[func] = _refusal(library, func.__name__)
    return fn


def _refusal(library, name):
    def refuse(*args, **kwargs):
        box = next(a for a in (*args, *kwargs.values()) if isinstance(a, Box))
        raise unsupported_in(library, name, box)
    return refuse


def unsupported_in(library, name, box):
    """The error for a function of a routed library (SciPy) that the table lacks.

    Example:
        >>> import dualtape as dt
        >>> print(unsupported_in("scipy.special", "struve", dt.Dual(1.0)))
        scipy.special.struve was called on a dualtape Dual, but it is not in dualtape's primitive table...
    """
    return TypeError(
        f"{library}.{name} was called on a dualtape {type(box).__name__}, but it is not in "
        f"dualtape's primitive table, so its derivative is unknown. Use the function from "
        f"`dualtape.{library}` if there is one (`python -m dualtape primitives` lists the "
        f"entries), or register it with `@dualtape.primitive` giving a tangent and an adjoint rule.")


def unsupported(np_name, box):
    """The error for a NumPy callable that is not in the table, called on `box`.

    Example:
        >>> import dualtape as dt
        >>> print(unsupported("unwrap", dt.Dual(1.0)))
        numpy.unwrap was called on a dualtape Dual, but it is not in dualtape's primitive table...
    """
    kind = type(box).__name__
    return TypeError(
        f"numpy.{np_name} was called on a dualtape {kind}, but it is not in dualtape's "
        f"primitive table, so its derivative is unknown. Use the function from "
        f"`dualtape.numpy` if there is one (`python -m dualtape primitives` lists them), or "
        f"register it with `@dualtape.primitive` giving a tangent and an adjoint rule.")


def is_masked(value):
    """True for a ``numpy.ma`` masked array (or the ``numpy.ma.masked`` constant).

    Example:
        >>> import numpy as np
        >>> is_masked(np.ma.masked_array([1.0, 4.0], mask=[0, 1])), is_masked(np.ones(2))
        (True, False)
    """
    return isinstance(value, np.ma.MaskedArray)


def masked_error(where):
    """The error for a masked array met in `where` (an operation's name).

    Example:
        >>> print(masked_error("multiply"))
        multiply: a numpy.ma masked array cannot meet a dualtape value: ...
    """
    return TypeError(
        f"{where}: a numpy.ma masked array cannot meet a dualtape value: dualtape's operations "
        f"read the data under the mask, so the mask would be lost silently. Fill or compress "
        f"the masked array first: `m.filled(0.0)` (giving the masked entries the value they "
        f"should take) or `m.compressed()` (only the unmasked entries).")


def reject_masked(values, where):
    """Raise `masked_error` if any of `values` is a masked array.

    Example:
        >>> import numpy as np
        >>> reject_masked((1.0, np.ones(2)), "add")          # nothing masked: no error
        >>> reject_masked((np.ma.masked_array([1.0]),), "add")
        Traceback (most recent call last):
            ...
        TypeError: add: a numpy.ma masked array cannot meet a dualtape value: ...
    """
    for v in values:
        if isinstance(v, np.ma.MaskedArray):
            raise masked_error(where)


def called_by_numpy_ma():
    """True when NumPy's masked-array code is asking a box for its plain array
    (to be called from the box's ``__array__``; it looks at the callers' modules).

    Example:
        >>> called_by_numpy_ma()
        False
    """
    frame = sys._getframe(2)          # the caller of ``__array__``'s caller: NumPy's is C,
    for _ in range(3):                # so this is the Python code that asked NumPy
        if frame is None:
            return False
        if frame.f_globals.get("__name__", "").startswith("numpy.ma"):
            return True
        frame = frame.f_back
    return False


_LIBRARIES = ("numpy", "scipy")


def _library_module(frame):
    name = frame.f_globals.get("__name__", "")
    return name if name.split(".", 1)[0] in _LIBRARIES else None


def library_caller():
    """The library function (NumPy's or SciPy's own Python code) whose conversion
    of its arguments asks a box for its plain value, as ``"module.function"``, or
    None when other code asks (to be called from the box's ``__array__`` or
    ``__float__``, directly).

    Of the library frames that lead to the conversion it names the outermost one
    in a public module (``scipy.linalg._decomp_cholesky.cho_factor``, not the
    private helpers it calls or the decorator around it): the function the user
    called.

    Example:
        >>> library_caller() is None
        True
    """
    frame = sys._getframe(2)          # the caller of the box's conversion method: NumPy's is
    found = public = None             # C, so this is the Python code that asked NumPy
    while frame is not None:
        module = _library_module(frame)
        if module is None:
            break
        module, name = _frame_function(frame, module)
        found = f"{module}.{name}"
        if not module.split(".")[1:2] or not module.split(".")[1].startswith("_"):
            public = found
        frame = frame.f_back
    return public or found


def _frame_function(frame, module):
    """(module, qualified name) of the function running in `frame`; for a decorator's
    wrapper, of the library function it wraps (a function among its variables)."""
    name = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
    if "<locals>" in name:
        for value in frame.f_locals.values():
            if isinstance(value, types.FunctionType) and \
                    str(getattr(value, "__module__", "")).split(".", 1)[0] in _LIBRARIES:
                return value.__module__, value.__qualname__
    return module, name


def library_conversion_hint(caller):
    """What to say when the library function `caller` (see `library_caller`) converts a
    box to a plain value: who did it, and the differentiable spelling to use instead.

    Example:
        >>> print(library_conversion_hint("scipy.special._basic.polygamma"))
        scipy.special._basic.polygamma is SciPy's own Python code, which converts its ...
    """
    package = ".".join(p for p in caller.split(".")[:2] if not p.startswith("_"))
    owner = "SciPy" if package.startswith("scipy") else "NumPy"
    head = (f"{caller} is {owner}'s own Python code, which converts its arguments to plain "
            f"NumPy values. ")
    if package in ("scipy.special", "scipy.linalg", "scipy.stats"):
        return head + (f"Call the function of the same name from `dualtape.{package}` (`python -m "
                       f"dualtape primitives` lists what it has), which is differentiable.")
    if owner == "SciPy":
        return head + ("dualtape has differentiable versions of scipy.special, scipy.linalg and "
                       "scipy.stats only: write this step with `dualtape.numpy` functions, or "
                       "register it with `@dualtape.primitive` giving its derivative rules.")
    return head + ("Write this step with `dualtape.numpy` functions (NumPy's main namespace, "
                   "linalg and fft are all there), or register it with `@dualtape.primitive`.")
