"""Taylor jets: truncated Taylor polynomials pushed through the primitive table.

``Jet(x0, [x1, ..., xk])`` stands for the curve x(t) = x0 + x1·t + ... + xk·t^k
(normalized coefficients: x_j = x⁽ʲ⁾(0)/j!).  A primitive maps it to the
degree-k Taylor polynomial of f(x(t)), so seeding ``Jet(x, [1, 0, ..., 0])``
gives f(x), f'(x), f''(x)/2!, ..., f⁽ᵏ⁾(x)/k! exactly.

How a primitive is applied (no primitive is special-cased by name):

* the entry's `taylor` rule (see `dualtape.rules.series`): coefficient
  recurrences costing O(k²) per elementwise operation;
* entries flagged ``linear``: coefficient by coefficient, through the tangent
  rule (which *is* the linear map);
* everything else: the exact fallback of k nested Duals along t, which costs
  2^k but needs nothing beyond the tangent rule.

Jets carry no batch of directions: one jet is one curve.
"""
import math

from ..core.box import new_level
from ..core.dispatch import bind
from ..core.arrays import shape as _shape
from ..rules.elementwise import add, multiply
from .dual import Dual
from .parts import (ForwardBox, as_primal, check_tangent_kind, fit_part, output_parts, own_parts,
                    part_attribute)
from .hand_built import HandBuiltLevel, apply_joined, hand_built_level

_new = object.__new__


class Jet(ForwardBox):
    """A truncated Taylor polynomial ``primal + series[0]·t + ... + series[k-1]·t^k``.

    Example:
        >>> import dualtape as dt
        >>> y = dt.numpy.exp(dt.Jet(0.0, [1.0, 0.0, 0.0]))
        >>> y.primal, y.series                    # e^t = 1 + t + t²/2 + t³/6
        (1.0, [1.0, 0.5, 0.16666666666666666])

    Every coefficient has the primal's shape.  Jets built by hand move along one
    curve, in one t, as in every textbook (``like=other`` says the same explicitly
    and checks the order); a Jet built from Jets is one level deeper (its own t),
    and none is confused with a transform's (see
    `dualtape.forward.hand_built.HandBuiltLevel`).

    Reading the parts is level-safe (see `ForwardBox.readable_parts`): the `Jet`
    that `dualtape.derivative` or `dualtape.taylor` passes to the function it
    differentiates is constant along every hand-built curve, so its series reads
    as zeros there.
    """

    __slots__ = ("_primal", "_series", "_level")

    def __init__(self, primal, series, *, like=None):
        primal = as_primal(primal, "Jet")
        series = [as_primal(c, "Jet coefficient") for c in series]
        if not series:
            raise ValueError("Jet: give at least one higher coefficient (the order k is len(series))")
        for j, c in enumerate(series):
            check_tangent_kind(primal, c, "Jet")
            if _shape(c) != _shape(primal):
                raise ValueError(f"Jet: coefficient {j + 1} has shape {_shape(c)} but the primal "
                                 f"has shape {_shape(primal)}; they must match")
        if like is not None:
            if type(like) is not Jet:
                raise TypeError(f"Jet(like=...): expected a Jet, got {type(like).__name__}")
            if like.order != len(series):
                raise ValueError(f"Jet(like=...): order {len(series)} differs from the other "
                                 f"jet's order {like.order}")
        self._primal = primal
        self._series = series
        self._level = hand_built_level(Jet, [primal] + series) if like is None else like._level

    @staticmethod
    def _make(primal, series, level):
        j = _new(Jet)
        j._primal, j._series, j._level = primal, series, level
        return j

    @property
    def order(self):
        """k, the degree of the polynomial."""
        return len(self._series)

    # --- the documented parts, level-safe (see ForwardBox.readable_parts) ---------------
    primal = part_attribute(0, "The constant coefficient, x(0).")

    @property
    def series(self):
        """The higher coefficients ``[x1, ..., xk]``."""
        return list(self.readable_parts()[1:])

    def _parts(self):
        return (self._primal, *self._series)

    def _part_batches(self):
        return [()] * len(self._series)

    def _part_labels(self):
        return [f"t^{k}" for k in range(len(self._series) + 1)]

    def _moved(self, level, top):
        """This Jet at `level`; `top`, if given, is the Jet whose curve it joins."""
        if top is not None and len(top._series) != len(self._series):
            raise ValueError(
                f"Jet: two hand-built Jets of orders {len(self._series)} and {len(top._series)} "
                f"meet; jets along one curve need one order, so give both the same number of "
                f"coefficients")
        return Jet._make(self._primal, self._series, level)

    def __repr__(self):
        return f"Jet({self._primal!r}, {self._series!r})"

    def _process(self, prim, args, params):
        level = self._level
        k = len(self._series)
        primals, coeffs = [], []
        mixed = False
        for a in args:
            if type(a) is Jet and a._level == level:
                primals.append(a._primal)
                coeffs.append(a._series)
            else:
                mixed = mixed or type(a) is Jet
                primals.append(a)
                coeffs.append(None)
        if mixed and type(level) is HandBuiltLevel:    # another Jet may share its ε
            out = apply_joined(self, prim, args, params, self._process)
            if out is not None:
                return out
        out = bind(prim, *primals, **params)
        ys = None
        if prim.taylor is not None:
            ys = prim.taylor(coeffs, out, *primals, **params)
        if ys is None and prim.linear:
            ys = [prim.jvp([None if c is None else c[j] for c in coeffs], out, primals, params)
                  for j in range(k)]
        if ys is None:
            ys = series_by_nested_duals(prim, primals, coeffs, params, k)
        if prim.multiple_results:
            return tuple(Jet._make(o, [fit_part(y[m] if y is not None else None, o) for y in ys], level)
                         for m, o in enumerate(out))
        return Jet._make(out, [fit_part(y, out) for y in ys], level)


def series_by_nested_duals(prim, primals, coeffs, params, k):
    """[y1, ..., yk] for prim(x(t)) by k nested Duals along t (exact; costs 2^k).

    t is seeded as a Dual of depth k (each level's tangent is dt/dt = 1); the
    inputs are the polynomials x(t) in Horner form; the j-th derivative at
    t = 0 is read off by following the tangent through j levels.
    """
    levels = [new_level() for _ in range(k)]
    t = 0.0
    for lv in levels:
        t = Dual._make(t, 1.0, lv)
    moved = []
    for p, c in zip(primals, coeffs):
        if c is None:
            moved.append(p)
            continue
        acc = c[k - 1]
        for j in range(k - 2, -1, -1):
            acc = add(c[j], multiply(t, acc))
        moved.append(add(p, multiply(t, acc)))
    g = bind(prim, *moved, **params)
    if prim.multiple_results:
        per_out = [[_derivative(gm, levels, j) for gm in g] for j in range(1, k + 1)]
        return [tuple(None if d is None else d / math.factorial(j) for d in row)
                for j, row in zip(range(1, k + 1), per_out)]
    ys = []
    for j in range(1, k + 1):
        d = _derivative(g, levels, j)
        ys.append(None if d is None else d / math.factorial(j))
    return ys


def _derivative(g, levels, j):
    """The j-th t-derivative at 0: tangent through the top j levels, primal below."""
    k = len(levels)
    v = g
    for m in range(k - 1, -1, -1):
        lv = levels[m]
        tangent = m >= k - j
        if type(v) is Dual and v._level == lv:
            v = own_parts(v)[1 if tangent else 0]
        elif tangent:
            return None        # constant along t at this level
    return v


def jet_parts(y, like):
    """``(primal, [coefficients])`` of an output along `like`'s curve (zeros if constant there).

    Example:
        >>> import dualtape as dt
        >>> x = dt.Jet(2.0, [1.0, 0.0])
        >>> jet_parts(x * x, x)
        (4.0, [4.0, 1.0])
    """
    return output_parts(y, like, "jet_parts")
