"""HyperDual numbers: exact second derivatives in one forward pass (Fike & Alonso).

``HyperDual(a, b, c, d)`` is a + b·ε1 + c·ε2 + d·ε1ε2 with ε1² = ε2² = 0 and
ε1ε2 ≠ 0.  Applying f gives

    f(a) + f'(a)b·ε1 + f'(a)c·ε2 + (f'(a)d + f''(a)[b, c])·ε1ε2,

so seeding x + ε1 + ε2 reads f''(x) off the ε1ε2 part, with no step size.

The ε parts may carry direction axes: ε1 a batch ``B1`` of directions, ε2 a
batch ``B2``, and ε1ε2 the batch ``B1 + B2``.  Seeding ε1 and ε2 with the n unit
directions gives the whole n×n Hessian in one vectorized pass.

How a primitive is applied (no primitive is special-cased by name):

* first-order parts: the table's tangent rule, as for `Dual`;
* the f''(a)[b, c] term: the entry's closed form ``second`` where there is one
  (elementwise ufuncs), otherwise *the tangent rule differentiated once more*:
  the rule ``jvp(a; b)`` is evaluated on `Dual` primals ``a + c·ε`` of a fresh
  level, and its ε part is the derivative of the rule in direction c.  This
  works for every primitive because rules are written with table operations.
  A test pins the closed forms against this generic path.
"""
import numpy as np

from ..core.box import Box, new_level
from ..core.dispatch import bind
from ..core.arrays import shape as _shape
from ..rules.elementwise_entry import zero_safe_product
from ..rules.shapes import reshape, broadcast_to, transpose
from .dual import Dual
from .parts import (ForwardBox, as_primal, check_tangent_kind, fit_part, output_parts, own_parts,
                    pad_all, part_attribute)
from .hand_built import HandBuiltLevel, apply_joined, hand_built_level

_new = object.__new__


class HyperDual(ForwardBox):
    """A value ``primal + e1·ε1 + e2·ε2 + e12·ε1ε2`` giving exact second derivatives.

    Example:
        >>> import dualtape as dt
        >>> y = dt.numpy.sin(dt.HyperDual(0.5, 1.0, 1.0, 0.0))
        >>> round(y.e12, 12) == round(-dt.numpy.sin(0.5), 12)      # f''(x) = -sin(x)
        True

    `e1` has the primal's shape with optional leading direction axes ``B1``,
    `e2` likewise with axes ``B2``, and `e12` has axes ``B1 + B2``; missing
    parts default to ``e1 = e2 = 1`` and ``e12 = 0``.  HyperDuals built by hand
    share one ε1 and one ε2, as in every textbook, so a mixed partial comes out
    of two variables: ``HyperDual(x, 1.0, 0.0) * HyperDual(y, 0.0, 1.0)`` has e12 = 1
    (``like=other`` says the same explicitly and checks the direction axes).  A
    HyperDual built from HyperDuals is one level deeper (its own ε's), and none
    is confused with a transform's (see `dualtape.forward.hand_built.HandBuiltLevel`).

    Reading the parts is level-safe (see `ForwardBox.readable_parts`): the
    `HyperDual` that `dualtape.hessian` passes to the function it differentiates
    is constant in every hand-built ε, so its ε parts read as zero there (the
    transform's own are its business).
    """

    __slots__ = ("_primal", "_e1", "_e2", "_e12", "_level", "_b1", "_b2")

    def __init__(self, primal, e1=None, e2=None, e12=None, *, like=None):
        primal = as_primal(primal, "HyperDual")
        ps = _shape(primal)
        scalar = type(primal) is float or type(primal) is complex
        e1 = (1.0 if scalar else np.ones(ps)) if e1 is None else as_primal(e1, "HyperDual e1")
        e2 = (1.0 if scalar else np.ones(ps)) if e2 is None else as_primal(e2, "HyperDual e2")
        b1 = _batch_of(e1, ps, "e1")
        b2 = _batch_of(e2, ps, "e2")
        if e12 is None:
            e12 = 0.0 if (scalar and not b1 and not b2) else np.zeros(b1 + b2 + ps)
        else:
            e12 = as_primal(e12, "HyperDual e12")
        if _shape(e12) != b1 + b2 + ps:
            raise ValueError(
                f"HyperDual: e12 has shape {_shape(e12)} but must have shape {b1 + b2 + ps} "
                f"(e1's direction axes {b1}, then e2's {b2}, then the primal's shape {ps})")
        if like is not None:
            if type(like) is not HyperDual:
                raise TypeError(f"HyperDual(like=...): expected a HyperDual, got {type(like).__name__}")
            if (like._b1, like._b2) != (b1, b2):
                raise ValueError(f"HyperDual(like=...): direction axes {b1}, {b2} differ from the "
                                 f"other variable's {like._b1}, {like._b2}")
        for part in (e1, e2, e12):
            check_tangent_kind(primal, part, "HyperDual")
        self._primal, self._e1, self._e2, self._e12 = primal, e1, e2, e12
        parts = (primal, e1, e2, e12)
        self._level = hand_built_level(HyperDual, parts) if like is None else like._level
        self._b1, self._b2 = b1, b2

    @staticmethod
    def _make(primal, e1, e2, e12, level, b1=(), b2=()):
        h = _new(HyperDual)
        h._primal, h._e1, h._e2, h._e12 = primal, e1, e2, e12
        h._level, h._b1, h._b2 = level, b1, b2
        return h

    # --- the documented parts, level-safe (see ForwardBox.readable_parts) ---------------
    primal = part_attribute(0, "The real part.")
    e1 = part_attribute(1, "The ε1 part (direction axes B1 first).")
    e2 = part_attribute(2, "The ε2 part (direction axes B2 first).")
    e12 = part_attribute(3, "The ε1ε2 part (direction axes B1 + B2 first).")

    def _parts(self):
        return self._primal, self._e1, self._e2, self._e12

    def _part_batches(self):
        return [self._b1, self._b2, self._b1 + self._b2]

    def _part_labels(self):
        return "primal", "ε1", "ε2", "ε1ε2"

    def _moved(self, level, top):
        """This HyperDual at `level`; `top`, if given, is the HyperDual whose ε's it joins."""
        if top is not None and (top._b1, top._b2) != (self._b1, self._b2):
            raise ValueError(
                f"HyperDual: two hand-built HyperDuals meet with different direction axes, "
                f"{self._b1}, {self._b2} and {top._b1}, {top._b2}; give their ε parts the same "
                f"leading axes")
        return HyperDual._make(*self._parts(), level, self._b1, self._b2)

    def __repr__(self):
        return f"HyperDual({self._primal!r}, {self._e1!r}, {self._e2!r}, {self._e12!r})"

    # --- applying a primitive ------------------------------------------------------
    def _process(self, prim, args, params):
        return self._apply(prim, args, params, closed_form=prim.second is not None)

    def _apply(self, prim, args, params, closed_form):
        """Apply `prim` at this level; ``closed_form=False`` forces the generic
        second-order path (the tests compare the two)."""
        level, b1, b2 = self._level, self._b1, self._b2
        primals, t1, t2, t12 = [], [], [], []
        mixed = False
        for a in args:
            if type(a) is HyperDual and a._level == level:
                # An ε part that is an exact zero no box carries is no term at all, as in
                # the jet engine: where f' or f'' is infinite (exp(1000) overflows) its
                # terms would be inf·0 = nan where the closed form has inf or 0.
                primals.append(a._primal)
                t1.append(_term(a._e1))
                t2.append(_term(a._e2))
                t12.append(_term(a._e12))
            else:
                mixed = mixed or type(a) is HyperDual
                primals.append(a)
                t1.append(None)
                t2.append(None)
                t12.append(None)
        if mixed and type(level) is HandBuiltLevel:    # another HyperDual may share its ε
            out = apply_joined(self, prim, args, params, lambda *a: self._apply(*a, closed_form))
            if out is not None:
                return out

        if closed_form and prim.scalar is not None and len(primals) == 1 \
                and type(primals[0]) is float and not b1 and not b2:
            try:
                r = prim.scalar(primals[0])
            except (ValueError, OverflowError, ZeroDivisionError):
                r = None          # outside `math`'s domain: the generic path follows NumPy
            if r is not None:        # Python floats stay Python floats
                f, df = r
                b, c, d = t1[0], t2[0], t12[0]
                e1 = 0.0 if b is None else zero_safe_product(df, b)
                e2 = 0.0 if c is None else zero_safe_product(df, c)
                e12 = 0.0 if d is None else zero_safe_product(df, d)
                if b is not None and c is not None:
                    d2 = _hessian_entries(prim.second)[(0, 0)](f, primals[0], **params)
                    e12 = e12 + zero_safe_product(d2, zero_safe_product(b, c))
                return HyperDual._make(f, e1, e2, e12, level)

        out = bind(prim, *primals, **params)
        if prim.broadcasts:
            rank = len(_shape(out))
            t1 = pad_all(t1, primals, b1, rank)
            t2 = pad_all(t2, primals, b2, rank)
            t12 = pad_all(t12, primals, b1 + b2, rank)
        first1 = _push(prim, t1, out, primals, params)
        first2 = _push(prim, t2, out, primals, params)
        first12 = _push(prim, t12, out, primals, params)

        if prim.multiple_results:
            first2 = tuple(fit_part(t, o, b2) for t, o in zip(first2, out))
            cross = _cross_generic(prim, primals, out, t1, t2, first2, params, b1, b2)
            return tuple(
                HyperDual._make(o, fit_part(u, o, b1), v, fit_part(_plus(w, x), o, b1 + b2), level, b1, b2)
                for o, u, v, w, x in zip(out, first1, first2, first12, cross))
        first2 = fit_part(first2, out, b2)
        if closed_form:
            cross = _cross_closed(prim.second, primals, out, t1, t2, params, b1, b2)
        else:
            cross = _cross_generic(prim, primals, out, t1, t2, first2, params, b1, b2)
        return HyperDual._make(out, fit_part(first1, out, b1), first2,
                               fit_part(_plus(first12, cross), out, b1 + b2), level, b1, b2)


def _term(t):
    """The ε part `t`, or None (no term) where it is an exact zero that no box carries;
    a boxed zero keeps its derivative."""
    kind = type(t)                # the common kinds first: this runs on every part of every op
    if kind is float:
        return None if t == 0.0 else t
    if kind is np.ndarray:
        return t if t.any() else None
    return t if isinstance(t, Box) or np.any(t) else None


def _push(prim, ts, out, primals, params):
    """The tangent rule on `ts`, or no term (None) when every part is left out."""
    if all(t is None for t in ts):
        return (None,) * len(out) if prim.multiple_results else None
    return prim.jvp(ts, out, primals, params)


# --- the second-order term -----------------------------------------------------------

def _hessian_entries(second):
    """A `second` field as ``{(i, j): fn}``: a bare function is the unary case."""
    return second if isinstance(second, dict) else {(0, 0): second}


def _cross_closed(second, primals, out, t1, t2, params, b1, b2):
    """Σ_ij ∂²f/∂x_i∂x_j · t1_i ⊗ t2_j from the entry's closed-form Hessian entries.

    `t1`, `t2` are already padded to the output's rank; t1 gets unit axes for
    B2 so that the product has the direction axes B1 + B2.  Products are
    zero-safe: a direction that is zero at an entry where a part or ∂² is
    infinite (an overflow) is no term there, not inf·0 = NaN.
    """
    total = None
    for (i, j), h in _hessian_entries(second).items():
        pairs = [(i, j)] if i == j else [(i, j), (j, i)]
        outer = None
        for p, q in pairs:
            if t1[p] is None or t2[q] is None:
                continue
            term = zero_safe_product(_spread(t1[p], len(b1), len(b2)), t2[q])
            outer = term if outer is None else outer + term
        if outer is None:
            continue
        term = zero_safe_product(outer, h(out, *primals, **params))
        total = term if total is None else total + term
    return total


def _cross_generic(prim, primals, out, t1, t2, first2, params, b1, b2):
    """The tangent rule ``jvp(a; t1)`` differentiated in direction t2.

    The primals (and the output, whose direction-t2 derivative is `first2`)
    become Duals of a fresh level carrying the t2 directions; the rule applied
    to them returns a Dual whose tangent (direction axes B2 first, then the
    rule's B1) is the second-order term, transposed to B1 + B2 at the end.
    """
    if all(t is None for t in t1) or all(t is None for t in t2):
        return (None,) * len(out) if prim.multiple_results else None
    lv = new_level()
    moved = [p if t is None else Dual._make(p, _unpad(t, p, b2), lv, b2)
             for p, t in zip(primals, t2)]
    if prim.multiple_results:
        out_d = tuple(Dual._make(o, t, lv, b2) for o, t in zip(out, first2))
        rs = prim.jvp(t1, out_d, moved, params)
        return tuple(_dual_part(r, lv, o, b1, b2) for r, o in zip(rs, out))
    out_d = Dual._make(out, first2, lv, b2)
    return _dual_part(prim.jvp(t1, out_d, moved, params), lv, out, b1, b2)


def _dual_part(r, lv, out, b1, b2):
    """The ε part of `r` at level `lv`, reordered to axes B1 + B2 + shape(out)."""
    if not (type(r) is Dual and r._level == lv):
        return None
    t = own_parts(r)[1]
    target = b2 + b1 + _shape(out)
    if _shape(t) != target:
        t = broadcast_to(t, target)
    n1, n2 = len(b1), len(b2)
    if n1 and n2:
        nd = len(target)
        t = transpose(t, tuple(range(n2, n2 + n1)) + tuple(range(n2)) + tuple(range(n1 + n2, nd)))
    return t


# --- shapes of the direction axes ---------------------------------------------------------

def _batch_of(e, ps, which):
    es = _shape(e)
    if len(es) < len(ps) or es[len(es) - len(ps):] != ps:
        raise ValueError(f"HyperDual: {which} has shape {es}, which does not end with the primal's "
                         f"shape {ps}; an ε part has the primal's shape, optionally with extra "
                         f"leading axes for a batch of directions")
    return es[:len(es) - len(ps)]


def _unpad(t, primal, batch):
    """Undo `pad_all`: the exact shape ``batch + shape(primal)``."""
    target = batch + _shape(primal)
    return t if _shape(t) == target else reshape(t, target)


def _spread(t, n1, n2):
    """Insert n2 unit axes after the first n1 (direction) axes of `t`."""
    if not n2:
        return t
    s = _shape(t)
    return reshape(t, s[:n1] + (1,) * n2 + s[n1:])


def _plus(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def hyperdual_parts(y, like):
    """``(primal, e1, e2, e12)`` of an output in `like`'s ε's (zeros if y is constant there).

    Example:
        >>> import dualtape as dt
        >>> x = dt.HyperDual(2.0)
        >>> hyperdual_parts(x * x * x, x)
        (8.0, 12.0, 12.0, 12.0)
    """
    primal, parts = output_parts(y, like, "hyperdual_parts")
    return (primal, *parts)
