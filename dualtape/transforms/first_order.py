"""Functional transforms (JAX's signatures), built only on the two engines.

Arguments and results may be floats, NumPy arrays or nested tuples/lists/dicts
of them.  Results come back as NumPy values; inside another derivative
computation they stay boxed at the outer levels, so transforms nest.
"""
import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import new_level, raw
from ..core.pytree import tree_flatten, tree_unflatten
from ..forward.dual import Dual
from ..reverse.jacobian import jacobian_from_pullback
from ..reverse.tape import Tape, is_frozen
from ..reverse.tensor import Tensor, Leaf
from ..rules.indexing import getitem
from ..rules.shapes import broadcast_to, reshape, transpose
from .dtypes import in_dtype_of, input_dtype, unit_directions, zeros_like_input
from .inputs import (ArgumentSelection, check_argnums, float_input, lists_explained,
                     read_through_tapes)
from .outputs import at_level, check_output, plain_scalar

__all__ = ["jvp", "vjp", "gradient", "grad", "value_and_gradient", "value_and_grad",
           "jacobian", "jacrev", "jacfwd"]

# Each public transform is a thin wrapper over a worker that takes `who`, the name
# of the transform the user called, so that an error inside hessian's jacobian or
# gradient's vjp names hessian or gradient.


# --- checking inputs ------------------------------------------------------------------

def _check_same_shapes(primals, tangents, who, what="tangent"):
    for i, (p, t) in enumerate(zip(primals, tangents)):
        if _shape(p) != _shape(t):
            raise ValueError(f"{who}: {what} {i} has shape {_shape(t)} but its primal has shape "
                             f"{_shape(p)}; they must match")


# --- forward mode -----------------------------------------------------------------------

def jvp(f, primals, tangents):
    """Jacobian-vector product by forward mode: ``(f(*primals), J·tangents)``.

    A tangent is used in its primal's dtype.

    Example:
        >>> import dualtape as dt
        >>> dt.jvp(lambda x: x * x, (3.0,), (1.0,))
        (9.0, 6.0)
    """
    return push_forward(f, primals, tangents, "jvp")


def push_forward(f, primals, tangents, who):
    """`jvp`, with errors reported as coming from transform `who`.

    Example:
        >>> push_forward(lambda x: x * x, (3.0,), (1.0,), "hvp")
        (9.0, 6.0)
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(f"{who}: primals and tangents must be tuples (or lists) with one entry per "
                        f"argument of f, got {type(primals).__name__} and {type(tangents).__name__}")
    p_leaves, p_tree = tree_flatten(tuple(primals))
    t_leaves, t_tree = tree_flatten(tuple(tangents))
    if p_tree != t_tree:
        raise ValueError(f"{who}: primals and tangents must have the same structure, got "
                         f"{p_tree} and {t_tree}")
    p_leaves = [float_input(p, who, i) for i, p in enumerate(p_leaves)]
    t_leaves = [float_input(t, who, i, "tangent") for i, t in enumerate(t_leaves)]
    _check_same_shapes(p_leaves, t_leaves, who)
    t_leaves = [in_dtype_of(t, p) for p, t in zip(p_leaves, t_leaves)]
    level = new_level()
    boxed = [Dual._make(p, t, level) for p, t in zip(p_leaves, t_leaves)]
    with lists_explained(who, enumerate(primals)):
        out = f(*tree_unflatten(p_tree, boxed))
    check_output(out, who)
    o_leaves, o_tree = tree_flatten(out)
    primal_out, tangent_out = [], []
    for o in o_leaves:
        p, t = _split_dual(o, level, ())
        primal_out.append(p)
        tangent_out.append(t)
    return tree_unflatten(o_tree, primal_out), tree_unflatten(o_tree, tangent_out)


def _split_dual(o, level, batch):
    """(primal, tangent) of an output at `level`; a zero tangent if it does not depend on it."""
    v = at_level(o, level)
    if type(v) is Dual and v._level == level:
        return v.primal, v.tangent
    return v, zeros_like_input(v, batch)


# --- reverse mode ------------------------------------------------------------------------

def vjp(f, *primals, has_aux=False):
    """Vector-Jacobian product by reverse mode.

    Returns ``(f(*primals), vjp_fn)`` where ``vjp_fn(cotangent)`` gives a tuple
    with one cotangent per primal (``(f(*primals), vjp_fn, aux)`` with
    ``has_aux=True``), each in its primal's dtype.  `vjp_fn` differentiates at
    the primals as they were when `vjp` was called: an array changed in place
    afterwards does not change the result (as in JAX).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y, pullback = dt.vjp(lambda x: x * x, np.array([1.0, 2.0]))
        >>> pullback(np.array([1.0, 1.0]))
        (array([2., 4.]),)
    """
    def f_explained(*xs):
        with lists_explained("vjp", enumerate(primals)):
            return f(*xs)
    return pull_back(f_explained, primals, "vjp", has_aux)


def pull_back(f, primals, who, has_aux=False):
    """`vjp` of ``f(*primals)``, with errors reported as coming from transform `who`.

    Example:
        >>> y, pullback = pull_back(lambda x: x * x, (3.0,), "gradient")
        >>> y, pullback(1.0)
        (9.0, (6.0,))
    """
    p_leaves, p_tree = tree_flatten(tuple(primals))
    p_leaves = [_snapshot(float_input(p, who, i)) for i, p in enumerate(p_leaves)]
    tape = Tape()
    sources = [tape.source(p) for p in p_leaves]
    # read the nodes now: `x[i] = v` inside f rebinds a source tensor to the updated value
    source_nodes = [s._node for s in sources]
    with tape.recording_on():
        out = f(*tree_unflatten(p_tree, sources))
    aux = None
    if has_aux:
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TypeError(f"{who}(..., has_aux=True): f must return a pair (output, aux)")
        out, aux = out
        aux_leaves, aux_tree = tree_flatten(aux, strict=False)
        aux = tree_unflatten(aux_tree, [_strip(a, tape) for a in aux_leaves], strict=False)
    check_output(out, who)
    o_leaves, o_tree = tree_flatten(out)
    o_nodes = []
    o_values = []
    for o in o_leaves:
        v = at_level(o, tape.level)
        if type(v) is Tensor and v._tape is tape:
            o_nodes.append(v._node)
            o_values.append(v._value)
        else:
            o_nodes.append(None)
            o_values.append(v)

    def vjp_fn(cotangent):
        c_leaves, c_tree = tree_flatten(cotangent)
        if c_tree != o_tree:
            raise ValueError(f"vjp_fn: the cotangent must have the structure of f's output "
                             f"{o_tree}, got {c_tree}")
        seeds = {}
        for i, (n, v, c) in enumerate(zip(o_nodes, o_values, c_leaves)):
            if _shape(c) != _shape(v):
                raise ValueError(f"vjp_fn: cotangent {i} has shape {_shape(c)} but the output has "
                                 f"shape {_shape(v)}; they must match")
            if isinstance(c, Leaf):
                c = read_through_tapes(c)
            if n is not None:
                seeds[n] = c if n not in seeds else seeds[n] + c
        grads = tape.backward(seeds, source_nodes)
        grads = [(zeros_like_input(p) if g is None else in_dtype_of(_fit_shape(g, p), p))
                 for g, p in zip(grads, p_leaves)]
        return tuple(tree_unflatten(p_tree, grads))

    value = tree_unflatten(o_tree, o_values)
    if has_aux:
        return value, vjp_fn, aux
    return value, vjp_fn


def _snapshot(p):
    """A read-only copy of a caller's writeable array: the pullback may run after the
    caller refilled it, and must still differentiate at the values f saw."""
    if isinstance(p, np.ndarray) and not is_frozen(p):
        p = p.copy()
        p.flags.writeable = False
    return p


def _strip(a, tape):
    v = at_level(a, tape.level)
    return v._value if type(v) is Tensor and v._tape is tape else v


def _fit_shape(g, p):
    """The cotangent of primal `p` with p's shape; a Python float for a Python float."""
    if _shape(g) != _shape(p):
        g = broadcast_to(g, _shape(p))
    if type(p) is float and isinstance(g, (np.ndarray, np.floating)):
        g = float(g)
    return g


def value_and_gradient(f, argnums=0, has_aux=False):
    """A function returning ``(f(*args), gradient)``; f must return a scalar.

    A position named twice in `argnums` gets its full gradient twice, as in JAX.
    Each gradient has the dtype of its argument (float32 for float32, ...).

    Example:
        >>> import dualtape as dt
        >>> dt.value_and_gradient(lambda x, y: x * y, argnums=(0, 1))(2.0, 5.0)
        (10.0, (5.0, 2.0))
    """
    return value_and_gradient_of(f, argnums, has_aux, "value_and_gradient")


def value_and_gradient_of(f, argnums, has_aux, who):
    """`value_and_gradient`, with errors reported as coming from transform `who`.

    Example:
        >>> value_and_gradient_of(lambda x: x ** 3, 0, False, "hvp")(2.0)
        (8.0, 12.0)
    """
    check_argnums(argnums, who)

    def value_and_gradient_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnums, who)

        def g(*xs):
            with sel.explained():
                return f(*sel.rebuild(xs), **kwargs)
        res = pull_back(g, sel.chosen, who, has_aux)
        out, pullback = res[0], res[1]
        if isinstance(out, (tuple, list, dict)) or _shape(out) != ():
            given = (f"a {type(out).__name__}" if isinstance(out, (tuple, list, dict))
                     else f"shape {_shape(out)}")
            raise TypeError(f"{who}: f must return a scalar, but it returned {given}. Use jacobian "
                            f"for non-scalar outputs, or vjp with a cotangent.")
        if not np.issubdtype(np.result_type(raw(out)), np.floating):
            raise TypeError(f"{who}: f must return a float scalar, got dtype "
                            f"{np.result_type(raw(out))}")
        grads = sel.arrange(pullback(1.0 if type(raw(out)) is float
                                     else np.ones((), dtype=input_dtype(out))))
        if has_aux:
            return (out, res[2]), grads
        return out, grads
    value_and_gradient_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return value_and_gradient_f


def gradient(f, argnums=0, has_aux=False):
    """The gradient of a scalar function, as a function (JAX's ``grad``).

    A position named twice in `argnums` gets its full gradient twice, as in JAX
    (``gradient(f, argnums=(0, 0))(x)`` is ``(g, g)``).  Each gradient has the
    dtype of its argument (float32 for float32, ...).  Called on a Variable or a
    watched constant inside a `GradientTape`, the gradient is recorded on that
    tape, so the tape can differentiate it again (gradient penalties).

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: x ** 3)(2.0)
        12.0
    """
    return gradient_of(f, argnums, has_aux, "gradient")


def gradient_of(f, argnums, has_aux, who):
    """`gradient`, with errors reported as coming from transform `who`.

    Example:
        >>> gradient_of(lambda x: x ** 3, 0, False, "derivative")(2.0)
        12.0
    """
    vg = value_and_gradient_of(f, argnums, has_aux, who)

    def gradient_f(*args, **kwargs):
        (value, grads) = vg(*args, **kwargs)
        if has_aux:
            return grads, value[1]
        return grads
    gradient_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return gradient_f


grad = gradient
value_and_grad = value_and_gradient


# --- Jacobians ------------------------------------------------------------------------------

def jacobian(f, argnums=0, mode="reverse"):
    """The Jacobian as a function: shape ``out.shape + in.shape`` per (output, input).

    ``mode="forward"`` pushes every input direction at once (one vectorized
    pass with a batch of tangents); ``mode="reverse"`` pulls back one
    cotangent per output element.  Each block has the dtype of its input; a
    position named twice in `argnums` gets its block twice, as in JAX.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacobian(lambda x: x * x, mode="forward")(np.array([1.0, 2.0]))
        array([[2., 0.],
               [0., 4.]])
    """
    return jacobian_of(f, argnums, mode, "jacobian")


def jacobian_of(f, argnums, mode, who):
    """`jacobian`, with errors reported as coming from transform `who`.

    Example:
        >>> jacobian_of(lambda x: x * x, 0, "reverse", "jacrev")(3.0)
        6.0
    """
    if mode not in ("reverse", "forward"):
        raise ValueError(f"{who}: mode must be 'reverse' or 'forward', got {mode!r}")
    check_argnums(argnums, who)

    def jacobian_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnums, who)

        # Differentiate with respect to the leaves of the chosen arguments, so an
        # argument may itself be a tuple/list/dict of arrays.
        leaves, in_tree = tree_flatten(tuple(sel.chosen))

        def g(*xs):
            with sel.explained():
                return f(*sel.rebuild(tree_unflatten(in_tree, xs)), **kwargs)
        if mode == "forward":
            jac = _jac_forward(g, leaves, who)
        else:
            jac = _jac_reverse(g, leaves, who)
        # jac mirrors f's output, with one block per input leaf at each output leaf;
        # regroup the blocks like the chosen arguments.
        return _finish(jac, lambda items: sel.arrange(tree_unflatten(in_tree, items)))
    jacobian_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return jacobian_f


class _PerArg:
    """One Jacobian block per differentiated argument (a tuple once finished)."""
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


def _finish(jac, regroup):
    """Replace each `_PerArg` in the output structure `jac` by ``regroup(items)``."""
    if isinstance(jac, _PerArg):
        return regroup(jac.items)
    if isinstance(jac, tuple):
        return tuple(_finish(j, regroup) for j in jac)
    if isinstance(jac, list):
        return [_finish(j, regroup) for j in jac]
    if isinstance(jac, dict):
        return {k: _finish(v, regroup) for k, v in jac.items()}
    return jac


def _move_batch_last(t, out_shape):
    """(directions, *out_shape) -> (*out_shape, directions)."""
    nd = len(out_shape)
    return transpose(t, tuple(range(1, nd + 1)) + (0,)) if nd else t


def _jac_forward(g, chosen, who):
    leaves = [float_input(c, who, i) for i, c in enumerate(chosen)]
    sizes = [int(np.prod(_shape(x))) for x in leaves]
    n = sum(sizes)
    level = new_level()
    boxed, start = [], 0
    for x, k in zip(leaves, sizes):
        boxed.append(Dual._make(x, unit_directions(n, start, x), level, (n,)))
        start += k
    out = g(*boxed)
    check_output(out, who)
    o_leaves, o_tree = tree_flatten(out)
    blocks = []
    for o in o_leaves:
        _, t = _split_dual(o, level, (n,))
        oshape = _shape(t)[1:]
        per_arg, start = [], 0
        for x, k in zip(leaves, sizes):
            part = getitem(t, (slice(start, start + k),)) if k != n else t
            start += k
            part = _move_batch_last(part, oshape)
            per_arg.append(plain_scalar(in_dtype_of(reshape(part, oshape + _shape(x)), x)))
        blocks.append(_PerArg(per_arg))
    return tree_unflatten(o_tree, blocks)


def _jac_reverse(g, chosen, who):
    out, pullback = pull_back(g, chosen, who)
    o_leaves, o_tree = tree_flatten(out)
    in_shapes = [_shape(x) for x in chosen]
    blocks = []
    for j, o in enumerate(o_leaves):
        def pull_back_output_j(ct, j=j):      # zero cotangents for the other outputs
            cts = [ct if i == j else zeros_like_input(x) for i, x in enumerate(o_leaves)]
            return pullback(tree_unflatten(o_tree, cts))
        per_arg = jacobian_from_pullback(pull_back_output_j, _shape(o), in_shapes,
                                         dtype=input_dtype(o), who=who)
        blocks.append(_PerArg([plain_scalar(in_dtype_of(b, x)) for b, x in zip(per_arg, chosen)]))
    return tree_unflatten(o_tree, blocks)


def jacrev(f, argnums=0):
    """``jacobian(f, argnums, mode="reverse")``: one backward pass per output
    element, the cheaper mode when f has fewer outputs than inputs.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacrev(lambda x: (x * x).sum())(np.array([1.0, 2.0, 3.0]))
        array([2., 4., 6.])
    """
    return jacobian_of(f, argnums, "reverse", "jacrev")


def jacfwd(f, argnums=0):
    """``jacobian(f, argnums, mode="forward")``: one forward pass carrying every
    input direction at once, the cheaper mode when f has fewer inputs than outputs.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacfwd(lambda t: t * np.array([1.0, 2.0, 3.0]))(2.0)
        array([1., 2., 3.])
    """
    return jacobian_of(f, argnums, "forward", "jacfwd")
