"""Discrete convolution and correlation: the entries ``convolve`` and ``correlate``
in NumPy's ``"full"`` mode (the other modes are slices of it, composed in
`dualtape.composed.signals`).

Both are bilinear, so each tangent rule is the entry applied to one tangent
at a time.  With ``a`` of length n, ``v`` of length m and the full result
``y`` of length n + m − 1 (``⋆`` a full convolution, ``rev`` a reversal,
``[i:i+k]`` a slice)::

    convolve:   y_k = Σ_j a_j v_(k−j)         ā = (ȳ ⋆ rev v)[m−1 : m−1+n]
                                              v̄ = (ȳ ⋆ rev a)[n−1 : n−1+m]
    correlate:  y = a ⋆ rev(conj v)           ā = (ȳ ⋆ conj v)[m−1 : m−1+n]
                                              v̄ = conj rev (ȳ ⋆ rev a)[n−1 : n−1+m]

(convolution is holomorphic, so its adjoints under the real pairing carry no
conjugate; correlation conjugates ``v``, as NumPy's does).  The entries take
1-D operands and carry leading axes (batches of directions) through: the
implementation loops NumPy's own routine over them, so the values are NumPy's.
"""
import numpy as np

from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .complex_values import accept_complex, HOLOMORPHIC, NONHOLOMORPHIC
from .elementwise_more import conj
from .indexing import getitem
from .reductions import sum as _sum
from .shapes import reshape

__all__ = []


def _over_leading_axes(np_fn):
    """NumPy's 1-D ``np_fn(a, v, "full")``, looped over the broadcast leading axes."""
    def impl(a, v):
        a, v = np.asarray(a), np.asarray(v)
        lead = np.broadcast_shapes(a.shape[:-1], v.shape[:-1])
        if not lead:
            return np_fn(a, v, "full")
        a = np.broadcast_to(a, lead + a.shape[-1:])
        v = np.broadcast_to(v, lead + v.shape[-1:])
        out = np.empty(lead + (a.shape[-1] + v.shape[-1] - 1,), np.result_type(a, v))
        for index in np.ndindex(lead):
            out[index] = np_fn(a[index], v[index], "full")
        return out
    impl.__name__ = np_fn.__name__
    return impl


def _reverse(x):
    return getitem(x, (Ellipsis, slice(None, None, -1)))


def _window(x, start, length):
    return getitem(x, (Ellipsis, slice(start, start + length)))


def _to_operand(x, g, out, target):
    """`x` (the cotangent's batch axes, then the result's leading axes, then one axis)
    summed down to `target`'s leading axes, keeping the batch: the broadcasting of the
    implementation undone, and only that."""
    nbatch = ndim(g) - ndim(out)
    lead, want = shape(x)[nbatch:-1], tuple(target[:-1])
    extra = len(lead) - len(want)
    axes = [nbatch + i for i in range(extra)]
    axes += [nbatch + extra + i for i, n in enumerate(want) if n == 1 and lead[extra + i] != 1]
    if not axes:
        return x
    return reshape(_sum(x, axis=tuple(axes)), shape(x)[:nbatch] + tuple(target))


def _convolve_adjoint_a(g, out, a, v):
    n, m = shape(a)[-1], shape(v)[-1]
    return _to_operand(_window(bind(_convolve, g, _reverse(v)), m - 1, n), g, out, shape(a))


def _convolve_adjoint_v(g, out, a, v):
    n, m = shape(a)[-1], shape(v)[-1]
    return _to_operand(_window(bind(_convolve, g, _reverse(a)), n - 1, m), g, out, shape(v))


def _correlate_adjoint_a(g, out, a, v):
    n, m = shape(a)[-1], shape(v)[-1]
    return _to_operand(_window(bind(_convolve, g, conj(v)), m - 1, n), g, out, shape(a))


def _correlate_adjoint_v(g, out, a, v):
    n, m = shape(a)[-1], shape(v)[-1]
    w = _window(bind(_convolve, g, _reverse(a)), n - 1, m)
    return _to_operand(conj(_reverse(w)), g, out, shape(v))


def _examples(rng):
    return [((rng.standard_normal(5), rng.standard_normal(3)), {}),
            ((rng.standard_normal(2), rng.standard_normal(4)), {}),
            ((rng.standard_normal(1), rng.standard_normal(1)), {})]


def _bilinear(name, np_fn, adjoint_a, adjoint_v):
    prim = defprimitive(
        name, _over_leading_axes(np_fn),
        (lambda t, out, a, v: bind(prim, t, v), lambda t, out, a, v: bind(prim, a, t)),
        (adjoint_a, adjoint_v), family="signals", examples=_examples)
    return prim


_convolve = _bilinear("convolve", np.convolve, _convolve_adjoint_a, _convolve_adjoint_v)
_correlate = _bilinear("correlate", np.correlate, _correlate_adjoint_a, _correlate_adjoint_v)


def convolve_full(a, v):
    """NumPy's ``convolve(a, v, "full")`` of 1-D operands (the table entry).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda a: convolve_full(a, np.array([1.0, 2.0])).sum())(np.ones(3))
        array([3., 3., 3.])
    """
    return bind(_convolve, a, v)


def correlate_full(a, v):
    """NumPy's ``correlate(a, v, "full")`` of 1-D operands (the table entry).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> correlate_full(np.array([1.0, 2.0]), np.array([1.0, 0.0]))
        array([0., 1., 2.])
    """
    return bind(_correlate, a, v)


__all__ += ["convolve_full", "correlate_full"]


# --- complex values: convolution is holomorphic, correlation conjugates v ------------------
accept_complex(HOLOMORPHIC, _convolve)
accept_complex(NONHOLOMORPHIC, _correlate)
