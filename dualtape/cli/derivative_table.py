"""Every mode's route to the partial derivatives of a scalar function of scalars.

What ``dualtape diff`` prints: for f(x1, ..., xn) at a point, the value, the
gradient, the Hessian (order >= 2) and the pure partials d^k f / dx_i^k up to
the requested order, each computed independently by every available mode, with
the largest disagreement per row.

A route maps a *multi-index* (i1, ..., ik) — "differentiate by x_i1, then
x_i2, ..." — to a number:

* ``forward``: nested `jvp` of f as a function of one variable at a time
  (one fresh level per derivative);
* ``reverse``: nested `gradient` (tape over tape);
* ``hyperdual``: one `HyperDual` pass with e_i in the ε1 part and e_j in ε2
  (orders 1 and 2 only; "-" in the table above that);
* ``jet``: one Taylor jet along a coordinate for pure partials of any order;
  mixed second partials by polarization, f_ij = (D²(e_i + e_j) − D²e_i − D²e_j) / 2,
  which may differ from the others by rounding (about 1e-15 relative).
"""
import itertools
import math

import numpy as np

from ..core.box import raw
from ..forward.hyperdual import HyperDual, hyperdual_parts
from ..forward.jet import Jet, jet_parts
from ..transforms.first_order import gradient, jvp

RTOL = 1e-8      # modes that differ by more than this (relative) are reported as disagreeing


# --- forward and reverse: nest the first-order transform ---------------------------------

def _forward_partial(g, i, n):

    def dg(*xs):
        # Only x_i carries a tangent; the others stay plain numbers, so an infinite
        # partial elsewhere (sqrt'(0)) is never multiplied by a zero tangent into NaN.
        def along(t):
            return g(*xs[:i], t, *xs[i + 1:])
        return jvp(along, (xs[i],), (1.0,))[1]
    return dg


def _reverse_partial(g, i, n):

    def dg(*xs):
        return gradient(g, argnums=i)(*xs)
    return dg


def _nested(partial):
    def route(f, xs, index):
        g = f
        # Differentiate by the last index first: the outermost call is the first index.
        for i in reversed(index):
            g = partial(g, i, len(xs))
        return g(*xs)
    return route


# --- hyperdual and jet: the higher-order engines ------------------------------------------

def _hyperdual_route(f, xs, index):
    if len(index) > 2:
        return None
    i = index[0]
    j = index[1] if len(index) == 2 else index[0]
    first = None
    args = list(xs)
    for k in sorted({i, j}):
        # One derivative computation: the second seeded variable joins the first's level;
        # variables not differentiated stay plain numbers.
        h = HyperDual(xs[k], 1.0 if k == i else 0.0, 1.0 if k == j else 0.0, 0.0, like=first)
        first = first or h
        args[k] = h
    _, e1, _, e12 = hyperdual_parts(f(*args), first)
    return e1 if len(index) == 1 else e12


def _jet_route(f, xs, index):
    k = len(index)
    if len(set(index)) == 1:
        return _directional(f, xs, {index[0]: 1.0}, k)
    if k == 2:
        i, j = index
        both = _directional(f, xs, {i: 1.0, j: 1.0}, 2)
        return (both - _directional(f, xs, {i: 1.0}, 2) - _directional(f, xs, {j: 1.0}, 2)) / 2.0
    return None


def _directional(f, xs, direction, order):
    """d^order/dt^order f(xs + t·direction) at t = 0, by one Taylor jet."""
    first = None
    args = list(xs)
    for k in sorted(direction):
        jet = Jet(xs[k], [direction[k]] + [0.0] * (order - 1), like=first)
        first = first or jet
        args[k] = jet
    _, coefficients = jet_parts(f(*args), first)
    # Jets carry normalized coefficients f^(k)/k!.
    return coefficients[order - 1] * math.factorial(order)


def available_modes():
    """The modes this build can run, in display order.

    Example:
        >>> from dualtape.cli.derivative_table import available_modes
        >>> available_modes()[:2]
        ['forward', 'reverse']
    """
    modes = ["forward", "reverse"]
    for mode, module in (("hyperdual", "hyperdual"), ("jet", "jet")):
        try:
            __import__(f"dualtape.forward.{module}")
        except ImportError:
            continue
        modes.append(mode)
    return modes


ROUTES = {
    "forward": _nested(_forward_partial),
    "reverse": _nested(_reverse_partial),
    "hyperdual": _hyperdual_route,
    "jet": _jet_route,
}


# --- the table --------------------------------------------------------------------------------

def multi_indices(n, order):
    """The derivatives shown for `n` variables up to `order`: gradient, Hessian
    (upper triangle), then pure partials of order 3 and more.

    Example:
        >>> from dualtape.cli.derivative_table import multi_indices
        >>> multi_indices(2, 3)
        [(0,), (1,), (0, 0), (0, 1), (1, 1), (0, 0, 0), (1, 1, 1)]
    """
    rows = [(i,) for i in range(n)]
    if order >= 2:
        rows += list(itertools.combinations_with_replacement(range(n), 2))
    for k in range(3, order + 1):
        rows += [(i,) * k for i in range(n)]
    return rows


def label(index, names):
    """Human name of a partial derivative: ``(0, 1)`` -> ``d2f/dx dy``.

    Example:
        >>> from dualtape.cli.derivative_table import label
        >>> label((0, 0, 0), ["x"]), label((0, 1), ["x", "y"])
        ('d3f/dx3', 'd2f/dx dy')
    """
    k = len(index)
    if k == 1:
        return f"df/d{names[index[0]]}"
    if len(set(index)) == 1:
        return f"d{k}f/d{names[index[0]]}{k}"
    return f"d{k}f/" + " ".join(f"d{names[i]}" for i in index)


class DerivativeTable:
    """Rows (label, {mode: value}) and the largest disagreement per row."""

    def __init__(self, modes, rows):
        self.modes = list(modes)
        self.rows = rows

    @staticmethod
    def spread(values):
        """max − min of the values that exist; 0 when all are the same infinity or all NaN,
        NaN when only some modes give NaN."""
        vals = [v for v in values.values() if v is not None]
        if len(vals) < 2:
            return 0.0
        if all(v == vals[0] for v in vals):      # equal infinities count as agreeing
            return 0.0
        nans = sum(math.isnan(v) for v in vals)
        if nans:                                  # "undefined" in every mode agrees too
            return 0.0 if nans == len(vals) else math.nan
        return max(vals) - min(vals)

    def agree(self, rtol=RTOL):
        """True when, on every row, all modes agree to `rtol` (relative to the row's size)."""
        for _, values in self.rows:
            vals = [v for v in values.values() if v is not None]
            scale = max([abs(v) for v in vals if math.isfinite(v)] + [1.0])
            s = self.spread(values)
            if not s <= rtol * scale:
                return False
        return True

    def largest_disagreement(self):
        spreads = [self.spread(v) for _, v in self.rows]
        if any(math.isnan(s) for s in spreads):
            return math.nan
        return max(spreads, default=0.0)

    def render(self):
        width = max(len("quantity"), max(len(lab) for lab, _ in self.rows))
        head = f"{'quantity':<{width}}  " + "".join(f"{m:>24}" for m in self.modes) + \
            f"{'max |diff|':>12}"
        lines = [head, "-" * len(head)]
        for lab, values in self.rows:
            cells = "".join(f"{_fmt(values.get(m)):>24}" for m in self.modes)
            lines.append(f"{lab:<{width}}  {cells}{self.spread(values):>12.1e}")
        verdict = "all modes agree" if self.agree() else "MODES DISAGREE"
        lines.append(f"largest disagreement between modes: {self.largest_disagreement():.1e}"
                     f" ({verdict})")
        return "\n".join(lines)


def _fmt(v):
    return "-" if v is None else f"{v:.16g}"


def _number(v):
    if v is None:
        return None
    return float(np.asarray(raw(v), dtype=float))


def derivative_table(f, xs, order, modes):
    """Compute the table for `f` (a function of the scalars `xs`) by every mode in `modes`.

    Example:
        >>> from dualtape.cli.derivative_table import derivative_table
        >>> t = derivative_table(lambda x, y: x * y, [2.0, 3.0], 1, ["forward", "reverse"])
        >>> t.rows[1]
        ('df/dx0', {'forward': 3.0, 'reverse': 3.0})
    """
    xs = [float(x) for x in xs]
    names = getattr(f, "variables", None) or [f"x{i}" for i in range(len(xs))]
    value = _number(f(*xs))
    rows = [("value", {m: value for m in modes})]
    for index in multi_indices(len(xs), order):
        rows.append((label(index, names),
                     {m: _number(_route_value(ROUTES[m], f, xs, index)) for m in modes}))
    return DerivativeTable(modes, rows)


def _route_value(route, f, xs, index):
    try:
        return route(f, xs, index)
    except OverflowError:
        # Python's `math` raises where NumPy's IEEE arithmetic overflows to inf
        # (math.exp(1000.0)); on NumPy values the same route follows NumPy, as the
        # command line promises.
        return route(f, [np.array(x) for x in xs], index)
