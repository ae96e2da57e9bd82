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
from ..rules.casting import astype
from ..rules.complex_values import is_complex
from ..rules.indexing import getitem
from ..rules.reductions import sum as _sum
from ..rules.shapes import reshape, transpose, concatenate
from .dtypes import in_dtype_of, input_dtype, ones_like_input, unit_directions, zeros_like_input
from .first_order import gradient_of, push_forward
from .jacobians import jacobian_of
from .inputs import (ArgumentSelection, argnums_spelled, check_argnums, check_holomorphic_inputs,
                     float_input)
from .outputs import at_level, check_output, check_output_kind, plain_scalar
from .pairs import complex_as_pairs

__all__ = ["hessian", "hvp", "derivative", "taylor"]

HESSIAN_MODES = ("auto", "forward-over-reverse", "reverse-over-reverse", "hyperdual")
DERIVATIVE_MODES = ("jet", "forward", "reverse")

# The hyperdual Hessian holds an n×n block per element of every intermediate;
# past this many numbers per block the ε2 directions are pushed in chunks.
HYPERDUAL_BUDGET = 1 << 22


def hessian(f, argnums=0, mode="auto", holomorphic=False, *, argnum=None):
    """The Hessian as a function: shape ``out.shape + in.shape + in.shape``.

    Modes (all give the same matrix, to rounding):

    * ``"auto"`` (default): reverse-over-reverse when f returns a scalar (its
      gradient has no more elements than its inputs), else forward-over-reverse;
      the gradient is recorded once to find out, so a non-scalar f pays one extra
      gradient evaluation (pass ``mode="forward-over-reverse"`` to skip it).
    * ``"reverse-over-reverse"``: one backward pass, with a batch of n
      cotangents, over a recorded backward pass.
    * ``"forward-over-reverse"``: ``jacobian(gradient)`` with the forward
      Jacobian pushing every direction at once through one recorded backward
      pass.  Both carry n numbers per intermediate element.
    * ``"hyperdual"``: one forward pass of HyperDuals with ε1 and ε2 each
      carrying all n unit directions (ε1ε2 carries n×n); exact, no tape, but
      each intermediate carries an n×n block, so large inputs are split into
      chunks of ε2 directions (which bounds its memory, not its n² work).

    Measured (extended Rosenbrock, ms per Hessian, one thread, interleaved runs;
    ``benchmarks/bench_hessian.py`` prints the same table):

    ======  ==========================  ====================  =========
    n       reverse-over-reverse, auto  forward-over-reverse  hyperdual
    ======  ==========================  ====================  =========
    3       0.45-0.46                   0.41                  0.36
    20      0.47-0.48                   0.47                  0.49
    100     0.55-0.57                   0.58                  23
    300     1.5-1.6                     2.2                   780
    ======  ==========================  ====================  =========

    The hyperdual pass pays only below about n = 20 inputs: at n = 40 it is
    already about 5 times, at n = 100 about 40 times the other modes (its work
    grows like n³ for an n-element function, the others' like n²).  For a
    non-scalar f, reverse-over-reverse pulls back m·n cotangents for m outputs
    (16 times forward-over-reverse at m = n = 30), which is why ``"auto"``
    takes forward-over-reverse there (1.4 times it, with the extra evaluation).

    ``argnum=`` (HIPS autograd's spelling) is the same as ``argnums=``.
    With a tuple `argnums` the result is a tuple of tuples of blocks, ``H[i][j]``
    for arguments i and j (a position named twice appears twice, as in JAX).
    Every mode gives ``H[i][j]`` the dtype of argument i.

    A real-valued f of complex z is not holomorphic, so it has no complex
    Hessian: its Hessian treats z as the pair (Re z, Im z) (`pairs`), a real
    block with a ``(2,)`` axis before each complex argument's shape (index 0 the
    real part, 1 the imaginary part).  With ``holomorphic=True`` a holomorphic f
    of complex z gives the complex second derivative f''(z), as JAX does.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.hessian(lambda x: x[0] ** 2 * x[1])(np.array([1.0, 3.0]))
        array([[6., 2.],
               [2., 0.]])
        >>> dt.hessian(lambda z: abs(z) ** 2)(1j)             # |z|² = a² + b²
        array([[2., 0.],
               [0., 2.]])
        >>> dt.hessian(lambda z: z ** 3, holomorphic=True)(1j)   # 6z
        6j
    """
    if mode not in HESSIAN_MODES:
        raise ValueError(f"hessian: mode must be one of {', '.join(map(repr, HESSIAN_MODES))}, "
                         f"got {mode!r}")
    argnums = argnums_spelled(argnums, argnum, "hessian")
    check_argnums(argnums, "hessian")
    if holomorphic:
        return _hessian(f, argnums, mode, True)
    return complex_as_pairs(lambda g: _hessian(g, argnums, mode, False), f, argnums, "hessian")


def _hessian(f, argnums, mode, holomorphic):
    outer = {"auto": "auto", "forward-over-reverse": "forward",
             "reverse-over-reverse": "reverse"}.get(mode)
    if outer is not None:
        return jacobian_of(jacobian_of(f, argnums, "reverse", "hessian", holomorphic), argnums,
                           outer, "hessian", holomorphic)

    def hessian_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnums, "hessian")
        if holomorphic:
            check_holomorphic_inputs(sel.chosen, "hessian")

        def g(*xs):
            with sel.explained():
                out = f(*sel.rebuild(xs), **kwargs)
            for o in tree_flatten(out)[0]:
                check_output_kind(o, "hessian", holomorphic, "mode='forward-over-reverse' "
                                  "with holomorphic=True")
            return out
        return _hessian_hyperdual(g, sel)
    hessian_f.__name__ = f"hessian({getattr(f, '__name__', 'f')})"
    return hessian_f


def _hessian_hyperdual(g, sel):
    for n, c in zip(sel.positions, sel.chosen):
        if isinstance(c, (tuple, list, dict)):
            # the other modes differentiate a container leaf by leaf (as JAX does); treating
            # it as one array here would give a differently shaped answer
            raise TypeError(
                f"hessian: argument {n} is a {type(c).__name__}, but mode='hyperdual' takes "
                f"floats and float arrays. Pass np.array(...) of it, or use "
                f"mode='forward-over-reverse', which differentiates a container leaf by leaf.")
    xs = [float_input(c, "hessian", i) for i, c in enumerate(sel.chosen)]
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
        for x, a in zip(xs, starts):
            e1 = unit_directions(n, a, x)
            e2 = np.ascontiguousarray(e1[lo:hi])
            boxed.append(HyperDual._make(x, e1, e2, zeros_like_input(x, (n, hi - lo)),
                                         level, (n,), (hi - lo,)))
        out = g(*boxed)
        check_output(out, "hessian")
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
                row.append(_directions_last(part, oshape, xi, xj))
            rows.append(sel.arrange(row))
        blocks.append(sel.arrange(rows))
    return tree_unflatten(tree, blocks)


def _directions_last(part, oshape, xi, xj):
    """(ki, kj, *oshape) -> (*oshape, *xi.shape, *xj.shape), in xi's dtype."""
    no = len(oshape)
    if no:
        part = transpose(part, tuple(range(2, 2 + no)) + (0, 1))
    return plain_scalar(in_dtype_of(reshape(part, oshape + _shape(xi) + _shape(xj)), xi))


def hvp(f, primals, tangents):
    """Hessian-vector product by forward-over-reverse, never forming the Hessian.

    `f` is scalar-valued; `primals` and `tangents` are tuples with one entry
    per argument.  Returns H·v shaped like the primals: one array for a single
    argument, a tuple (Σ_j H_ij v_j for each i) for several, each in its
    primal's dtype.

    For complex arguments it is the derivative of `gradient` along v, in the
    gradient's convention: with z as the pair (Re z, Im z), H the real Hessian
    of that pair and (a, b) = H·(Re v, Im v), hvp gives a - i·b.

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
    return push_forward(gradient_of(f, argnums, False, "hvp"), tuple(primals), tuple(tangents),
                        "hvp")[1]


def taylor(f, x, order, direction=None):
    """Taylor coefficients ``[f(x), f'(x), f''(x)/2!, ..., f⁽ᵏ⁾(x)/k!]`` by one jet.

    For an array `x` the curve is x + t·direction (default: all ones), so an
    elementwise f gives each element's own coefficients.  The coefficients
    after f(x) have x's dtype.

    Example:
        >>> import dualtape as dt
        >>> dt.taylor(dt.numpy.exp, 0.0, order=3)
        [1.0, 1.0, 0.5, 0.16666666666666666]
    """
    k = _check_order(order, "taylor", minimum=1)
    primal, series = _jet(f, x, k, direction, "taylor")
    return [primal] + [in_dtype_of(c, x) for c in series]


def _jet(f, x, k, direction, who):
    """f(x) and its k Taylor coefficients along `direction`, as the jet computed them.

    The coefficients are carried in at least float64 whatever x's dtype:
    f⁽ᵏ⁾/k! leaves float16's range past k = 8 (1/11! is below its smallest
    number), so narrower coefficients would silently lose the derivative.
    """
    x = float_input(x, who, 0)
    s = _shape(x)
    wide = np.promote_types(input_dtype(x), np.float64)
    if direction is None:
        direction = ones_like_input(x)
    else:
        direction = float_input(direction, who, 1)
        if _shape(direction) != s:
            raise ValueError(f"{who}: direction has shape {_shape(direction)} but x has shape {s}")
    zero = zeros_like_input(x)
    if input_dtype(x) != wide:
        direction, zero = astype(direction, wide), zero.astype(wide)
    seed = Jet._make(x, [direction] + [zero] * (k - 1), new_level())
    out = f(seed)
    check_output(out, who)
    return jet_parts(at_level(out, seed._level), seed)


def derivative(f, order=1, mode="jet"):
    """The `order`-th derivative of a function of one scalar (or elementwise array) argument.

    ``mode="jet"`` (default) reads it off one Taylor jet (O(k²) per operation);
    ``"forward"`` nests jvp `order` times and ``"reverse"`` nests gradient
    `order` times (both cost about 2^k per operation); all three agree.  At a
    complex x it is the complex derivative of a holomorphic f.

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
            c = _jet(f, x, k, None, "derivative")[1][k - 1]      # at least float64
            return in_dtype_of(c * float(math.factorial(k)), x)
        by_jet.__name__ = f"derivative({getattr(f, '__name__', 'f')}, order={k})"
        return by_jet
    g = f
    for _ in range(k):
        g = _forward_once(g) if mode == "forward" else _reverse_once(g)
    return g


def _forward_once(g):
    def dg(x):
        x = float_input(x, "derivative", 0)
        return in_dtype_of(push_forward(g, (x,), (ones_like_input(x),), "derivative")[1], x)
    return dg


def _reverse_once(g):
    def total(x):
        y = g(x)
        check_output(y, "derivative")
        return _sum(y) if _shape(y) else y

    def dg(x):
        # read x as the other modes do: a list is one array here, not a container
        x = float_input(x, "derivative", 0)
        # a complex x: the complex derivative of a holomorphic g, as the jet gives it
        return gradient_of(total, 0, False, "derivative", is_complex(x))(x)
    return dg


def _check_order(order, who, minimum):
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < minimum:
        raise ValueError(f"{who}: order must be an integer >= {minimum}, got {order!r}")
    return int(order)
