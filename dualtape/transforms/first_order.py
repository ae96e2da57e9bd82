"""First-order transforms (JAX's signatures): jvp, vjp and gradient, built only
on the two engines; `jacobians` stacks them into whole Jacobians.

Arguments and results may be floats, NumPy arrays or nested tuples/lists/dicts
of them.  Results come back as NumPy values; inside another derivative
computation they stay boxed at the outer levels, so transforms nest.
"""
import math

import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import new_level, raw
from ..core.pytree import tree_flatten, tree_unflatten
from ..forward.dual import Dual
from ..forward.parts import check_tangent_kind, own_parts
from ..reverse.guards import is_frozen
from ..reverse.jacobian import largest_value
from ..reverse.tape import Tape
from ..reverse.tensor import Tensor, Leaf
from ..rules.shapes import broadcast_to
from .dtypes import in_dtype_of, input_dtype, zeros_like_input
from .inputs import (ArgumentSelection, argnums_spelled, check_argnums, check_holomorphic_inputs,
                     float_input, lists_explained, read_through_tapes)
from .outputs import at_level, check_output_kind, output_leaves

__all__ = ["jvp", "vjp", "gradient", "grad", "value_and_gradient", "value_and_grad"]

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

    A tangent is used in its primal's dtype.  Complex primals take complex
    tangents; a real primal's tangent must be real.

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
    for p, t in zip(p_leaves, t_leaves):
        check_tangent_kind(p, t, who)
    t_leaves = [in_dtype_of(t, p) for p, t in zip(p_leaves, t_leaves)]
    level = new_level()
    boxed = [Dual._make(p, t, level) for p, t in zip(p_leaves, t_leaves)]
    with lists_explained(who, enumerate(primals)):
        out = f(*tree_unflatten(p_tree, boxed))
    o_leaves, o_tree = output_leaves(out, who)
    primal_out, tangent_out = [], []
    for o in o_leaves:
        p, t = split_dual(o, level, ())
        primal_out.append(p)
        tangent_out.append(t)
    return tree_unflatten(o_tree, primal_out), tree_unflatten(o_tree, tangent_out)


def split_dual(o, level, batch):
    """(primal, tangent) of an output at `level`; a zero tangent (with the leading
    direction axes `batch`) where it does not depend on that level.

    Example:
        >>> import dualtape as dt
        >>> x = dt.Dual(2.0, 1.0)
        >>> split_dual(x * x, x._level, ()), split_dual(5.0, x._level, ())
        ((4.0, 4.0), (5.0, 0.0))
    """
    v = at_level(o, level)
    if type(v) is Dual and v._level == level:
        return own_parts(v)
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
    o_leaves, o_tree = output_leaves(out, who)
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
    value = tree_unflatten(o_tree, o_values)
    vjp_fn = Pullback(tape, source_nodes, p_leaves, p_tree, o_nodes, o_values, o_tree)
    if has_aux:
        return value, vjp_fn, aux
    return value, vjp_fn


class Pullback:
    """The pullback `vjp` returns: ``pullback(cotangent)``, with a cotangent shaped
    like f's output, gives one cotangent per primal (a tuple, like the primals).

    ``pullback.batched(cotangents, batch)`` pulls a whole batch back in one
    backward pass: `cotangents` has one array per leaf of f's output, of shape
    ``batch + shape(output)``, and the result one per leaf of the primals, of
    shape ``batch + shape(primal)`` in the primal's dtype (reverse Jacobians
    seed the identity this way).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> y, pullback = dt.vjp(lambda x: x * x, np.array([1.0, 2.0]))
        >>> pullback(np.array([1.0, 0.0]))
        (array([2., 0.]),)
        >>> pullback.batched([np.eye(2)], (2,))
        [array([[2., 0.],
               [0., 4.]])]
    """

    def __init__(self, tape, source_nodes, p_leaves, p_tree, o_nodes, o_values, o_tree):
        self.tape, self.source_nodes = tape, source_nodes
        self.p_leaves, self.p_tree = p_leaves, p_tree
        self.o_nodes, self.o_values, self.o_tree = o_nodes, o_values, o_tree

    def __call__(self, cotangent):
        c_leaves, c_tree = tree_flatten(cotangent)
        if c_tree != self.o_tree:
            raise ValueError(f"vjp_fn: the cotangent must have the structure of f's output "
                             f"{self.o_tree}, got {c_tree}")
        for i, (v, c) in enumerate(zip(self.o_values, c_leaves)):
            if _shape(c) != _shape(v):
                raise ValueError(f"vjp_fn: cotangent {i} has shape {_shape(c)} but the output has "
                                 f"shape {_shape(v)}; they must match")
        return tuple(tree_unflatten(self.p_tree, self.batched(c_leaves, ())))

    def last(self, cotangent):
        """``pullback(cotangent)`` for the last time: the recorded values are freed as
        the backward pass goes, which keeps the peak memory of a gradient low.

        Example:
            >>> import dualtape as dt
            >>> y, pullback = dt.vjp(lambda x: x * x, 3.0)
            >>> pullback.last(1.0), len(pullback.tape.records)
            ((6.0,), 0)
        """
        return tuple(tree_unflatten(self.p_tree, self.batched(tree_flatten(cotangent)[0], (),
                                                              consume=True)))

    def batched(self, cotangents, batch, consume=False):
        """The primals' cotangent leaves for output cotangent leaves that carry the
        leading axes `batch` (see the class docstring); with `consume`, for the last
        time (see `last`)."""
        seeds = {}
        for n, c in zip(self.o_nodes, cotangents):
            if isinstance(c, Leaf):
                c = read_through_tapes(c)
            if n is not None:
                seeds[n] = c if n not in seeds else seeds[n] + c
        grads = self.tape.backward(seeds, self.source_nodes, consume=consume)
        return [(zeros_like_input(p, batch) if g is None else
                 in_dtype_of(_fit_shape(g, p, batch), p)) for g, p in zip(grads, self.p_leaves)]

    def largest_value(self):
        """The number of elements of the largest value f computed (what a batch of
        cotangents is multiplied by)."""
        return max([largest_value(self.tape.stored())] +
                   [math.prod(_shape(v)) for v in self.o_values + self.p_leaves])


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


def _fit_shape(g, p, batch=()):
    """The cotangent of primal `p` with shape ``batch + p's shape``; a Python float
    for a Python float (and no batch)."""
    want = tuple(batch) + _shape(p)
    if _shape(g) != want:
        g = broadcast_to(g, want)
    if type(p) is float and not batch and isinstance(g, (np.ndarray, np.floating)):
        g = float(g)
    elif type(p) is complex and not batch and isinstance(g, (np.ndarray, np.inexact)):
        g = complex(g)
    return g


def value_and_gradient(f, argnums=0, has_aux=False, holomorphic=False, *, argnum=None):
    """A function returning ``(f(*args), gradient)``; f must return a scalar.

    A position named twice in `argnums` gets its full gradient twice, as in JAX.
    ``argnum=`` (HIPS autograd's spelling) is the same as ``argnums=``.
    Each gradient has the dtype of its argument (float32 for float32, ...).
    Complex arguments follow JAX (see `gradient`).

    Example:
        >>> import dualtape as dt
        >>> dt.value_and_gradient(lambda x, y: x * y, argnums=(0, 1))(2.0, 5.0)
        (10.0, (5.0, 2.0))
    """
    return value_and_gradient_of(f, argnums_spelled(argnums, argnum, "value_and_gradient"),
                                 has_aux, "value_and_gradient", holomorphic)


def value_and_gradient_of(f, argnums, has_aux, who, holomorphic=False):
    """`value_and_gradient`, with errors reported as coming from transform `who`.

    Example:
        >>> value_and_gradient_of(lambda x: x ** 3, 0, False, "hvp")(2.0)
        (8.0, 12.0)
    """
    check_argnums(argnums, who)

    def value_and_gradient_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnums, who)
        if holomorphic:
            check_holomorphic_inputs(tree_flatten(tuple(sel.chosen))[0], who)

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
        if not np.issubdtype(np.result_type(raw(out)), np.inexact):
            raise TypeError(f"{who}: f must return a float scalar, got dtype "
                            f"{np.result_type(raw(out))}")
        check_output_kind(out, who, holomorphic, "vjp with a cotangent")
        r = raw(out)
        seed = 1.0 if type(r) is float else (1.0 + 0j) if type(r) is complex else \
            np.ones((), dtype=input_dtype(out))
        grads = sel.arrange(pullback.last(seed))
        if has_aux:
            return (out, res[2]), grads
        return out, grads
    value_and_gradient_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return value_and_gradient_f


def gradient(f, argnums=0, has_aux=False, holomorphic=False, *, argnum=None):
    """The gradient of a scalar function, as a function (JAX's and autograd's ``grad``;
    ``argnum=``, autograd's spelling, is the same as ``argnums=``).

    A position named twice in `argnums` gets its full gradient twice, as in JAX
    (``gradient(f, argnums=(0, 0))(x)`` is ``(g, g)``).  Each gradient has the
    dtype of its argument (float32 for float32, ...).  Called on a Variable or a
    watched constant inside a `GradientTape`, the gradient is recorded on that
    tape, so the tape can differentiate it again (gradient penalties).

    Complex arguments follow JAX: for a real-valued f of complex z the gradient
    is ``∂f/∂Re z - i ∂f/∂Im z`` (|z|² gives 2·conj(z); descend with
    ``z -= lr * conj(g)``); with ``holomorphic=True`` a holomorphic f of complex
    z gives ``f'(z)``.  A complex-valued f without the flag raises, as in JAX.

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: x ** 3)(2.0)
        12.0
        >>> dt.gradient(lambda z: abs(z) ** 2)(3.0 + 4.0j), dt.gradient(lambda z: z * z, holomorphic=True)(1j)
        ((6-8j), 2j)
    """
    return gradient_of(f, argnums_spelled(argnums, argnum, "gradient"), has_aux, "gradient",
                       holomorphic)


def gradient_of(f, argnums, has_aux, who, holomorphic=False):
    """`gradient`, with errors reported as coming from transform `who`.

    Example:
        >>> gradient_of(lambda x: x ** 3, 0, False, "derivative")(2.0)
        12.0
    """
    vg = value_and_gradient_of(f, argnums, has_aux, who, holomorphic)

    def gradient_f(*args, **kwargs):
        (value, grads) = vg(*args, **kwargs)
        if has_aux:
            return grads, value[1]
        return grads
    gradient_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return gradient_f


grad = gradient
value_and_grad = value_and_gradient
