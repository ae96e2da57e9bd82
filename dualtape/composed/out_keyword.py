"""NumPy's ``out=`` for the functions of ``dualtape.numpy``, as NumPy takes it.

``np.sum(x, axis=0, out=buffer)`` writes the result into `buffer` and returns it.
On dualtape values:

* ``out=`` a dualtape value is a write into it (``buffer[...] = result``), so the
  derivative flows on through `buffer`, every name bound to it and every view of it;
* ``out=`` a NumPy array takes a result that carries no derivative (an index from
  ``argmax``, a boolean from ``isnan``, or a sum of plain arrays);
* a result that carries a derivative cannot go into a NumPy array: that raises a
  ``TypeError`` naming the two ways that keep it.

Which ``out=`` NumPy accepts (its shape, its dtype under the function's casting
rule, a tuple for several results) is NumPy's own decision: NumPy is asked, on the
plain values, with a scratch array of the same shape and dtype standing in for a
dualtape `out`; the value written is then dualtape's result in that dtype.

`accepting_out` gives a function this behaviour; ``dualtape.numpy`` applies it to
every one of its functions whose NumPy namesake has ``out=`` (the elementwise
entries take it themselves, through `ufunc_with_keywords`).
"""
import functools
import inspect

import numpy as np

from ..core.box import Box, raw
from ..rules.casting import astype
from ..rules.elementwise_entry import ufunc_keyword_error
from .plain_values import plain

__all__ = ["accepting_out", "takes_out"]


def takes_out(numpy_fn):
    """Whether NumPy's `numpy_fn` has an ``out=`` parameter (every ufunc has).

    Example:
        >>> import numpy as np
        >>> takes_out(np.sum), takes_out(np.fabs), takes_out(np.reshape)
        (True, True, False)
    """
    if isinstance(numpy_fn, np.ufunc):
        return True
    try:
        return "out" in inspect.signature(numpy_fn).parameters
    except (TypeError, ValueError):
        return False


def accepting_out(fn, numpy_fn):
    """`fn`, dualtape's version of NumPy's `numpy_fn`, taking ``out=`` as NumPy does.

    `fn` is returned as it is when it already takes ``out=`` itself (an elementwise
    entry, a function wrapped before) or when NumPy's function has none.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> def f(x):
        ...     buffer = x * 0.0                      # a dualtape value to write into
        ...     dt.numpy.sum(x * x, axis=0, out=buffer[0])
        ...     return buffer.sum()
        >>> dt.gradient(f)(np.array([[1.0, 2.0], [3.0, 4.0]]))   # d/dx Σ_j Σ_i x_ij²
        array([[2., 4.],
               [6., 8.]])
    """
    if fn is numpy_fn or getattr(fn, "takes_out", False) or not takes_out(numpy_fn):
        return fn
    if fn in _WRAPPED:                # one function under two names stays one (amax, max)
        return _WRAPPED[fn]
    if isinstance(numpy_fn, np.ufunc):
        keywords = _keyword_parameters(fn)
        if keywords is None and not getattr(fn, "plain_result", False):
            return fn                 # an elementwise entry: it takes NumPy's keywords itself
        wrapped = _ufunc_with_out(fn, numpy_fn, keywords or frozenset())
    else:
        wrapped = _function_with_out(fn, numpy_fn)
    _WRAPPED[fn] = wrapped
    return wrapped


# function -> the same function taking out=
_WRAPPED = {}


def _keyword_parameters(fn):
    """The keyword-only parameters of `fn`, or None when it takes any keyword (``**params``)."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters if p.kind is p.KEYWORD_ONLY)


def _ufunc_with_out(fn, ufunc, own_keywords):
    """`fn` for the ufunc `ufunc`: outputs given by keyword or after the inputs, as NumPy's;
    NumPy's other keywords (``where=``, ``dtype=``, ...) on plain values only."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if len(args) > ufunc.nin:                     # np.fabs(x, buffer): a positional output
            if "out" in kwargs:
                raise TypeError("cannot specify 'out' as both a positional and keyword argument")
            kwargs["out"], args = args[ufunc.nin:], args[:ufunc.nin]
        if not kwargs or own_keywords.issuperset(kwargs):
            return fn(*args, **kwargs)
        out = _given_outputs(kwargs.get("out"))
        others = [k for k in kwargs if k != "out" and k not in own_keywords]
        if others:
            if _has_box((args, kwargs)):
                raise ufunc_keyword_error(ufunc.__name__, others)
            return ufunc(*args, **kwargs)
        kwargs.pop("out", None)
        if out is None:
            return fn(*args, **kwargs)
        return _write(fn(*args, **kwargs), out, ufunc, args, kwargs, ufunc.nout)
    call.takes_out = True
    return call


def _function_with_out(fn, numpy_fn):
    """`fn` for the NumPy function `numpy_fn`, whose ``out`` may come by keyword or by position."""
    signature = inspect.signature(numpy_fn)
    names = list(signature.parameters)
    position = names.index("out")
    if signature.parameters["out"].kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
        position = None                               # keyword only (einsum's)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if "out" not in kwargs and (position is None or len(args) <= position):
            return fn(*args, **kwargs)                # the common call: nothing to write into
        bound = signature.bind(*args, **kwargs)
        out = bound.arguments.pop("out", None)
        args, kwargs = bound.args, bound.kwargs
        if out is None:
            return fn(*args, **kwargs)
        return _write(fn(*args, **kwargs), out, numpy_fn, args, kwargs, 1)
    call.takes_out = True
    return call


def _given_outputs(out):
    """`out` as given to a ufunc, None when it names no array (``None``, ``(None,)``)."""
    if type(out) is tuple and all(o is None for o in out):
        return None
    return out


def _has_box(value):
    if isinstance(value, Box):
        return True
    if type(value) in (list, tuple):
        return any(_has_box(v) for v in value)
    if type(value) is dict:
        return any(_has_box(v) for v in value.values())
    return False


def _write(result, out, numpy_fn, args, kwargs, results):
    """Write `result` into `out` after NumPy has accepted `out` for `numpy_fn`; return what
    NumPy returns (`out`, or the tuple of outputs)."""
    outs = out if type(out) is tuple else (out,)
    if results == 1 and len(outs) == 1:
        pieces = (result,)
    elif type(result) is tuple and len(outs) == len(result):
        pieces = result
    else:                                             # NumPy's own error for a wrong tuple
        return numpy_fn(*plain(args), out=out, **plain(kwargs))
    name = getattr(numpy_fn, "__name__", "the function")
    for piece, target in zip(pieces, outs):
        if target is not None and not isinstance(target, Box) and isinstance(piece, Box):
            raise TypeError(
                f"numpy.{name}(..., out=...): the result carries a derivative and `out` is a NumPy "
                f"{type(target).__name__} (of shape {np.shape(target)}), which cannot hold it. "
                f"Use the returned value, or give out= a dualtape value (for example "
                f"`buffer = x * 0.0`); to store the plain value on purpose, write "
                f"`out[...] = dualtape.stop_gradient(result)`.")
    # NumPy checks out= on the plain values, a scratch array standing in for a dualtape one,
    # and says whether it writes there (a few functions of NumPy 2.4, such as fft.hfft,
    # return a new array instead: so do we then)
    stand_ins = tuple(np.empty_like(raw(t)) if isinstance(t, Box) else t for t in outs)
    returned = numpy_fn(*plain(args), out=stand_ins if type(out) is tuple else stand_ins[0],
                        **plain(kwargs))
    returned = returned if type(returned) is tuple else (returned,)
    given = []
    for piece, target, stand_in, numpy_gave in zip(pieces, outs, stand_ins, returned):
        if target is None or numpy_gave is not stand_in:
            given.append(piece)
            continue
        if isinstance(target, Box):
            dtype = np.result_type(raw(target))
            target[...] = piece if np.result_type(raw(piece)) == dtype else astype(piece, dtype)
        given.append(target)
    return given[0] if results == 1 else tuple(given)
