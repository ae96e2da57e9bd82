"""NumPy interoperability for boxes: which NumPy callables the table handles.

`HANDLED` maps a NumPy function or ufunc (``np.sin``, ``np.sum``,
``np.linalg.solve``...) to the dualtape function that differentiates it.  The
facade ``dualtape.numpy`` fills it; boxes consult it from
``__array_ufunc__`` / ``__array_function__``.  A NumPy callable that is not
here raises instead of silently dropping the derivative.
"""
HANDLED = {}


def handles(np_callable, fn):
    """Declare that `fn` implements `np_callable` for boxed arguments."""
    HANDLED[np_callable] = fn


def unsupported(np_name, box):
    kind = type(box).__name__
    return TypeError(
        f"numpy.{np_name} was called on a dualtape {kind}, but it is not in dualtape's "
        f"primitive table, so its derivative is unknown. Use the function from "
        f"`dualtape.numpy` if there is one (`python -m dualtape primitives` lists them), or "
        f"register it with `@dualtape.primitive` giving a tangent and an adjoint rule.")
