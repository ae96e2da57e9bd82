"""How an elementwise entry is made: both rules from its partial derivatives.

An elementwise entry is given by its partial derivatives
``d(out, *xs, **params) -> ∂out/∂x_i``; from them `defelementwise` builds the
tangent rule ``Σ t_i · ∂_i`` and the adjoint rule
``sum_to_shape(ḡ · ∂_i, shape(x_i))`` (keeping ḡ's leading batch axes).
``ONE``/``MINUS_ONE`` skip a multiply, ``None`` means the derivative is zero.  A linear entry (``linear=True``) is its
own derivative: its tangent rule is the entry applied to the tangent
(`deflinear`), and the partials give only its adjoint.

The entry's other derivative fields sit beside its partials in the same call:
``scalar`` (the float fast path), ``second`` (the closed-form second-order
term) and ``taylor`` (the jet recurrence, built with `taylor_series`).

Partials are written with table operations, so they are differentiable, and
they divide with the table's ``divide``, never ``/``: on Python floats ``/``
raises at a pole, where NumPy (and a 0-d array) gives ``inf``.
"""
import numpy as np

from ..core.box import BOX_TYPES, Box, raw
from ..core.dispatch import MASKED_ARRAY, bind, masked_array_error
from ..core.primitive import TABLE, defprimitive, deflinear
from ..core.arrays import shape
from .helpers import cotangent_batch, sum_to_shape

ONE = "one"
MINUS_ONE = "minus_one"


def _contribution(t, partial, out, xs, params):
    if partial is ONE:
        return t
    if partial is MINUS_ONE:
        return -t
    d = partial(out, *xs, **params)
    if type(d) is np.ndarray and type(t) is np.ndarray and _small_ones_beside(d, t):
        return t                     # t · 1 is t, in t's shape and dtype: spared a pass
    product = t * d
    if type(product) is float and product == product:
        return product               # the common scalar case, spared a call
    return zero_safe_product(t, d, product)


def _small_ones_beside(d, t):
    """True when the partial `d` is all ones and far smaller than the batch `t` it
    multiplies (the partial of x**1, say, beside a batch of cotangents), with t's
    trailing shape and dtype, so that ``t * d`` would be t itself, entry for entry."""
    # (the first entry alone turns most partials away, before a pass over them all)
    return (d.size * 4 <= t.size and d.dtype == t.dtype
            and d.shape == t.shape[t.ndim - d.ndim:] and (not d.size or d.item(0) == 1.0)
            and bool((d == 1.0).all()))


def zero_safe_product(a, b, product=None):
    """``a · b`` where an exact-zero entry of a plain (unboxed) factor is no term:
    0 even where the other factor is infinite or NaN.

    A tangent or cotangent times a partial derivative: an overflow at one entry
    (``exp(1000.0)``) makes the partial there infinite, and a direction or
    cotangent that is zero at that entry must not turn the derivatives of the
    other entries into NaN through inf·0 (the engines leave out a part that is
    zero as a whole in the same way); an exactly zero partial (a flat piece)
    passes nothing on, even an infinite tangent.  A boxed factor keeps its
    product: its zero may carry a derivative.

    The product is computed first (or given, as `product`; NumPy may warn about
    its 0·inf, as it warns about the overflow that made the inf), and redone
    only where it has a NaN.

    Example:
        >>> import numpy as np
        >>> with np.errstate(invalid="ignore"):
        ...     zero_safe_product(np.array([0.0, 1.0]), np.array([np.inf, 2.0]))
        array([0., 2.])
        >>> zero_safe_product(0.0, float("inf")), zero_safe_product(2.0, 3.0)
        (0.0, 6.0)
        >>> zero_safe_product(0j, complex("inf")), zero_safe_product(2j, 3.0)
        (0j, 6j)
    """
    out = a * b if product is None else product
    if type(out) is float:
        return 0.0 if out != out and (a == 0.0 or b == 0.0) else out
    if type(out) is complex:                  # the scalar path of complex programs
        return 0j if out != out and (a == 0.0 or b == 0.0) else out
    r = raw(out)
    if type(r) is float:
        total = r
    elif _small_and_never_zero(a, r) or _small_and_never_zero(b, r):
        return out            # no entry of the product can be repaired: see the helper
    else:
        total = np.add.reduce(r, axis=None)      # (np.sum's wrapper costs more than the sum)
    if total == total:        # no NaN anywhere (one pass, no temporary): the common case
        return out
    no_term = np.zeros(np.shape(r), dtype=bool)
    for factor in (a, b):
        if not isinstance(factor, Box):
            no_term |= np.asarray(factor) == 0
    no_term &= np.isnan(r)
    if not no_term.any():
        return out
    if isinstance(out, Box):
        # `where` is registered by rules/elementwise.py, which imports this module
        return bind(TABLE["where"], 0.0, out, condition=no_term)
    fixed = np.where(no_term, np.zeros((), r.dtype), r)
    return fixed if isinstance(r, np.ndarray) else fixed[()]      # a NumPy scalar stays one


def _small_and_never_zero(factor, product):
    """True when `factor` is a Python float, or a plain array far smaller than
    `product` (the partial derivative beside a batch of tangents or cotangents),
    that is finite and non-zero everywhere: then a NaN of the product comes from a
    NaN of the other factor, at an entry where neither factor is an exact zero, and
    stays; checking the small factor spares `zero_safe_product` its pass over the
    whole product."""
    if type(factor) is float:
        return factor != 0.0 and abs(factor) != np.inf and factor == factor
    if type(factor) is not np.ndarray or factor.size * 4 > product.size:
        return False
    return bool(factor.all()) and bool(np.isfinite(factor).all())


def _tangent_part(partial):
    def part(t, out, *xs, **params):
        return _contribution(t, partial, out, xs, params)
    return part


def _adjoint_part(partial, i):
    def part(g, out, *xs, **params):
        contribution = _contribution(g, partial, out, xs, params)
        kind = type(contribution)
        if kind is float or kind is complex:          # one scalar: nothing to undo
            return contribution
        x = xs[i]
        if kind is np.ndarray and type(x) is np.ndarray and type(out) is np.ndarray \
                and type(g) is np.ndarray and x.shape == out.shape \
                and contribution.shape == g.shape:
            return contribution   # g's shape is batch + x's: sum_to_shape would return it as is
        return sum_to_shape(contribution, shape(x), cotangent_batch(g, out))
    return part


def defelementwise(name, impl, partials, *, domain="real", scalar=None, doc="",
                   family="elementwise", linear=False, **options):
    """Register an elementwise entry from its partial derivatives and return the
    user-facing function ``name(*xs, **params)`` (its entry is ``fn.primitive``).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> twice = defelementwise("doctest.twice", lambda x: 2.0 * x, (lambda out, x: 2.0,))
        >>> import dualtape as dt
        >>> dt.jvp(twice, (1.5,), (1.0,))
        (3.0, 2.0)
        >>> del TABLE["doctest.twice"]
    """
    adjoint = tuple(None if p is None else _adjoint_part(p, i) for i, p in enumerate(partials))
    common = dict(domain=domain, broadcasts=True, scalar=scalar, doc=doc, family=family, **options)
    if linear:
        prim = deflinear(name, impl, adjoint, **common)
    else:
        tangent = tuple(None if p is None else _tangent_part(p) for p in partials)
        prim = defprimitive(name, impl, tangent, adjoint, **common)
    # The backward loop calls the partials itself for a float cotangent of a float output
    # (what the adjoint parts above do there, without their calls; pinned by the tests).
    prim.partials = tuple(partials)
    # Constant partials (add, subtract, negative) read no value: nothing to guard.
    prim.adjoint_reads_values = not linear and any(
        p is not None and p is not ONE and p is not MINUS_ONE for p in partials)

    ufunc = getattr(np, name, None)
    ufunc = ufunc if isinstance(ufunc, np.ufunc) else None
    static = frozenset(options.get("static", ()))
    inputs = len(partials)

    def fn(*xs, **params):
        if params and ufunc is not None and not static.issuperset(params):
            return ufunc_with_keywords(ufunc, xs, params, static, fn)
        if len(xs) == 1:
            # bind's own choice with one argument, without its pass (the unary hot path)
            x = xs[0]
            kind = type(x)
            if kind in BOX_TYPES:
                return x._process(prim, xs, params)
            if kind is MASKED_ARRAY:
                raise masked_array_error(name)
            return prim.impl(x, **params)
        if len(xs) > inputs and ufunc is not None:       # np.exp(x, buffer): outputs by position
            return ufunc_with_keywords(ufunc, *outputs_by_keyword(ufunc, xs, params), static, fn)
        return bind(prim, *xs, **params)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc or f"Elementwise ``numpy.{name}``, differentiable in every mode."
    fn.primitive = prim
    return fn


UFUNC_KEYWORDS = ("out", "where", "casting", "order", "dtype", "subok", "signature")

# How to write each keyword of a NumPy ufunc call differentiably
_KEYWORD_SPELLINGS = {
    "out": "use the returned value, or give out= a dualtape value, with no other keyword "
           "(a dualtape value cannot be stored into a NumPy array)",
    "where": "choose with `np.where(mask, np.{name}(...), out)`",
    "dtype": "cast the result, `np.{name}(...).astype(dtype)`",
}


def ufunc_with_keywords(ufunc, xs, params, static=frozenset(), compute=None):
    """NumPy's `ufunc` called with its keywords (``out=``, ``where=``, ``dtype=``, ...):
    on plain values NumPy's own result.  With a dualtape value among the arguments,
    ``out=`` a dualtape value is a write into it, as in NumPy (`compute` gives the
    result, from `xs` and the `static` parameters); other keywords raise a TypeError
    that names the differentiable spelling (`ufunc_keyword_error`).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> buffer = np.zeros(2)
        >>> _ = dt.numpy.exp(np.zeros(2), out=buffer)
        >>> buffer
        array([1., 1.])
        >>> def f(x):
        ...     y = x * 1.0
        ...     dt.numpy.exp(y, out=y)          # y = exp(x), written into y
        ...     return y.sum()
        >>> dt.gradient(f)(np.zeros(2))
        array([1., 1.])
    """
    unknown = sorted(set(params) - set(UFUNC_KEYWORDS) - static)
    if unknown:
        raise TypeError(f"{ufunc.__name__}() got an unexpected keyword argument {unknown[0]!r}")
    out = params.get("out")
    outs = out if type(out) is tuple else (out,)
    if not any(isinstance(v, Box) for v in (*xs, *outs, params.get("where"))):
        return ufunc(*xs, **params)
    keywords = [k for k in params if k not in static]
    if keywords == ["out"] and len(outs) == 1 and isinstance(outs[0], Box) and compute is not None:
        outs[0][...] = compute(*xs, **{k: v for k, v in params.items() if k in static})
        return outs[0]
    raise ufunc_keyword_error(ufunc.__name__, keywords)


def outputs_by_keyword(ufunc, xs, params):
    """A ufunc call's arguments with the outputs given after the inputs moved to ``out=``,
    where NumPy reads them: ``np.exp(x, buffer)`` is ``np.exp(x, out=buffer)``.

    Example:
        >>> import numpy as np
        >>> buffer = np.zeros(2)
        >>> outputs_by_keyword(np.exp, (np.ones(2), buffer), {})[1]["out"] is buffer
        True
    """
    if len(xs) <= ufunc.nin:
        return xs, params
    if "out" in params:
        raise TypeError(f"{ufunc.__name__}() got 'out' both by position and by keyword")
    outputs = xs[ufunc.nin:]
    return xs[:ufunc.nin], {**params, "out": outputs[0] if len(outputs) == 1 else outputs}


def ufunc_keyword_error(name, keywords):
    """The TypeError for NumPy's ufunc `name` called on a dualtape value with `keywords`.

    Example:
        >>> print(ufunc_keyword_error("exp", ["out"]))
        numpy.exp(..., out=...) on a dualtape value: NumPy's ufunc keywords (out) are not taken ...
    """
    fixes = "; ".join(_KEYWORD_SPELLINGS[k].format(name=name) for k in keywords
                      if k in _KEYWORD_SPELLINGS)
    return TypeError(
        f"numpy.{name}(..., {'=..., '.join(keywords)}=...) on a dualtape value: NumPy's ufunc "
        f"keywords ({', '.join(keywords)}) are not taken with dualtape values"
        + (f". Instead, {fixes}." if fixes else "; call it without them."))


def elementwise_listed_in(names, tests=None, family="elementwise"):
    """`defelementwise` for one rule module: the public name goes into that
    module's `names` (its ``__all__``) and a docstring into its `tests` (its
    ``__test__``, so the example runs: the function's globals are this module's).

    Example:
        >>> names, tests = [], {}
        >>> define = elementwise_listed_in(names, tests)
        >>> half = define("doctest.half", lambda x: 0.5 * x, (lambda out, x: 0.5,))
        >>> names, half(4.0)
        (['doctest.half'], 2.0)
        >>> from dualtape.core.primitive import TABLE
        >>> del TABLE["doctest.half"]
    """
    def define(name, impl, partials, doc="", **options):
        fn = defelementwise(name, impl, partials, doc=doc, family=family, **options)
        names.append(name)
        if doc and tests is not None:
            tests[name] = doc
        return fn
    return define


def mask(condition):
    """A raw condition as a float mask: a Python float for a scalar, else a float
    array.  A mask carries no derivative, which is what piecewise partials want.

    Example:
        >>> import numpy as np
        >>> mask(True), mask(np.array([True, False]))
        (1.0, array([1., 0.]))
    """
    return np.asarray(condition, dtype=float) if np.ndim(condition) else float(condition)


def mask_like(condition, value):
    """`mask` in the float or complex type of `value` (raw), so that a float32 tangent
    times it stays float32.

    Example:
        >>> import numpy as np
        >>> mask_like(np.array([True, False]), np.ones(2, np.float32)).dtype
        dtype('float32')
    """
    if not np.ndim(condition):
        return float(condition)
    kind = np.result_type(raw(value))
    return np.asarray(condition, dtype=kind if kind.kind in "fc" else float)
