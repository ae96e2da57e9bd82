"""Higher-order transforms: hessian, hvp, derivative and taylor.

Built only on the engines (Dual, HyperDual, Jet, the tape) and the first-order
transforms; no derivative rule lives here.
"""
import math

import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import new_level
from ..core.pytree import tree_flatten, tree_unflatten
from ..forward.hyperdual import HyperDual, hyperdual_parts
from ..forward.jet import Jet, jet_parts
from ..rules.indexing import getitem
from ..rules.reductions import sum as _sum
from ..rules.shapes import reshape, transpose, concatenate
from .first_order import jacobian, jvp, gradient
from .inputs import float_input, plain_scalar, select_arguments
from .outputs import at_level

__all__ = ["hessian", "hvp", "derivative", "taylor"]

HESSIAN_MODES = ("forward-over-reverse", "reverse-over-reverse", "hyperdual")
DERIVATIVE_MODES = ("jet", "forward", "reverse")

# The hyperdual Hessian holds an n×n block per element of every intermediate;
# past this many numbers per block the ε2 directions are pushed in chunks.
HYPERDUAL_BUDGET = 1 << 22


def hessian(f, argnums=0, mode="forward-over-reverse"):
    """The Hessian as a function: shape ``out.shape + in.shape + in.shape``.

    Modes (all give the same matrix, to rounding):

    * ``"forward-over-reverse"`` (default): ``jacobian(gradient)`` with the
      forward Jacobian pushing every direction at once through one recorded
      backward pass.  Chosen by measurement (``benchmarks/bench_hessian.py``,
      extended Rosenbrock, ms per Hessian): n = 10: 0.5 (hyperdual 0.4,
      reverse-over-reverse 1.6); n = 100: 0.9 (33 and 26); n = 300: 2.4
      (1370 and 81).  Its work grows like n per intermediate element, where
      the hyperdual pass carries n² and reverse-over-reverse replays the tape
      n times.
    * ``"reverse-over-reverse"``: n backward passes over a recorded backward pass.
    * ``"hyperdual"``: one forward pass of HyperDuals with ε1 and ε2 each
      carrying all n unit directions (ε1ε2 carries n×n); exact, no tape, but
      each intermediate carries an n×n block, so large inputs are split into
      chunks of ε2 directions.

    With a tuple `argnums` the result is a tuple of tuples of blocks, ``H[i][j]``
    for arguments i and j.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.hessian(lambda x: x[0] ** 2 * x[1])(np.array([1.0, 3.0]))
        array([[6., 2.],
               [2., 0.]])
    """
    if mode not in HESSIAN_MODES:
        raise ValueError(f"hessian: mode must be one of {', '.join(map(repr, HESSIAN_MODES))}, "
                         f"got {mode!r}")
    if mode == "forward-over-reverse":
        return jacobian(jacobian(f, argnums, mode="reverse"), argnums, mode="forward")
    if mode == "reverse-over-reverse":
        return jacobian(jacobian(f, argnums, mode="reverse"), argnums, mode="reverse")

    def hessian_f(*args, **kwargs):
        single, nums, chosen, rebuild = select_arguments(args, argnums, "hessian")

        def g(*xs):
            return f(*rebuild(xs), **kwargs)
        return _hessian_hyperdual(g, chosen, single)
    hessian_f.__name__ = f"hessian({getattr(f, '__name__', 'f')})"
    return hessian_f


def _hessian_hyperdual(g, chosen, single):
    xs = [float_input(c, "hessian", i) for i, c in enumerate(chosen)]
    sizes = [int(np.prod(_shape(x))) for x in xs]
    n = sum(sizes)
    starts = np.cumsum([0] + sizes)
    per_element = max(1, n * max(sizes))
    chunk = max(1, min(n, HYPERDUAL_BUDGET // per_element))
    pieces = []          # one list of output e12 blocks (n, m, *oshape) per chunk
    tree = None
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        level = new_level()
        boxed = []
        for x, a, k in zip(xs, starts, sizes):
            e1 = np.zeros((n, k))
            e1[a:a + k] = np.eye(k)
            e2 = np.ascontiguousarray(e1[lo:hi])
            s = _shape(x)
            boxed.append(HyperDual._make(x, e1.reshape((n,) + s), e2.reshape((hi - lo,) + s),
                                         np.zeros((n, hi - lo) + s), level, (n,), (hi - lo,)))
        out = g(*boxed)
        leaves, tree = tree_flatten(out)
        pieces.append([hyperdual_parts(at_level(o, level), boxed[0])[3] for o in leaves])
    blocks = []
    for m in range(len(pieces[0])):
        full = pieces[0][m] if len(pieces) == 1 else concatenate([p[m] for p in pieces], axis=1)
        oshape = _shape(full)[2:]
        rows = []
        for i, (xi, ai, ki) in enumerate(zip(xs, starts, sizes)):
            row = []
            for j, (xj, aj, kj) in enumerate(zip(xs, starts, sizes)):
                part = full if (ki == n and kj == n) else \
                    getitem(full, (slice(int(ai), int(ai + ki)), slice(int(aj), int(aj + kj))))
                row.append(_directions_last(part, oshape, _shape(xi), _shape(xj)))
            rows.append(tuple(row))
        blocks.append(rows[0][0] if single else tuple(rows))
    return tree_unflatten(tree, blocks)


def _directions_last(part, oshape, si, sj):
    """(ki, kj, *oshape) -> (*oshape, *si, *sj)."""
    no = len(oshape)
    if no:
        part = transpose(part, tuple(range(2, 2 + no)) + (0, 1))
    return plain_scalar(reshape(part, oshape + si + sj))


def hvp(f, primals, tangents):
    """Hessian-vector product by forward-over-reverse, never forming the Hessian.

    `f` is scalar-valued; `primals` and `tangents` are tuples with one entry
    per argument.  Returns H·v shaped like the primals: one array for a single
    argument, a tuple (Σ_j H_ij v_j for each i) for several.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.hvp(lambda x: (x ** 3).sum(), (np.array([1.0, 2.0]),), (np.array([1.0, 0.0]),))
        array([6., 0.])
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("hvp: primals and tangents must be tuples with one entry per argument of f")
    if len(primals) != len(tangents):
        raise ValueError(f"hvp: {len(primals)} primals but {len(tangents)} tangents")
    argnums = 0 if len(primals) == 1 else tuple(range(len(primals)))
    return jvp(gradient(f, argnums), tuple(primals), tuple(tangents))[1]


def taylor(f, x, order, direction=None):
    """Taylor coefficients ``[f(x), f'(x), f''(x)/2!, ..., f⁽ᵏ⁾(x)/k!]`` by one jet.

    For an array `x` the curve is x + t·direction (default: all ones), so an
    elementwise f gives each element's own coefficients.

    Example:
        >>> import dualtape as dt
        >>> dt.taylor(dt.numpy.exp, 0.0, order=3)
        [1.0, 1.0, 0.5, 0.16666666666666666]
    """
    k = _check_order(order, "taylor", minimum=1)
    x = float_input(x, "taylor", 0)
    s = _shape(x)
    if direction is None:
        direction = 1.0 if type(x) is float else np.ones(s)
    else:
        direction = float_input(direction, "taylor", 1)
        if _shape(direction) != s:
            raise ValueError(f"taylor: direction has shape {_shape(direction)} but x has shape {s}")
    zero = 0.0 if type(x) is float else np.zeros(s)
    seed = Jet._make(x, [direction] + [zero] * (k - 1), new_level())
    primal, series = jet_parts(at_level(f(seed), seed._level), seed)
    return [primal] + series


def derivative(f, order=1, mode="jet"):
    """The `order`-th derivative of a function of one scalar (or elementwise array) argument.

    ``mode="jet"`` (default) reads it off one Taylor jet (O(k²) per operation);
    ``"forward"`` nests jvp `order` times and ``"reverse"`` nests gradient
    `order` times (both cost about 2^k per operation); all three agree.

    Example:
        >>> import dualtape as dt
        >>> dt.derivative(dt.numpy.sin, order=3)(0.0)
        -1.0
    """
    k = _check_order(order, "derivative", minimum=0)
    if mode not in DERIVATIVE_MODES:
        raise ValueError(f"derivative: mode must be one of "
                         f"{', '.join(map(repr, DERIVATIVE_MODES))}, got {mode!r}")
    if k == 0:
        return f
    if mode == "jet":
        def by_jet(x):
            return taylor(f, x, k)[k] * float(math.factorial(k))
        by_jet.__name__ = f"derivative({getattr(f, '__name__', 'f')}, order={k})"
        return by_jet
    g = f
    for _ in range(k):
        g = _forward_once(g) if mode == "forward" else _reverse_once(g)
    return g


def _forward_once(g):
    def dg(x):
        x = float_input(x, "derivative", 0)
        ones = 1.0 if type(x) is float else np.ones(_shape(x))
        return jvp(g, (x,), (ones,))[1]
    return dg


def _reverse_once(g):
    def total(x):
        y = g(x)
        return _sum(y) if _shape(y) else y

    def dg(x):
        return gradient(total)(x)
    return dg


def _check_order(order, who, minimum):
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < minimum:
        raise ValueError(f"{who}: order must be an integer >= {minimum}, got {order!r}")
    return int(order)
