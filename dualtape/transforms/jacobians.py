"""Jacobians as functions (JAX's ``jacobian``, ``jacfwd``, ``jacrev``), in either mode.

Forward mode pushes every input direction at once (one vectorized pass with a
batch of tangents); reverse mode pulls every output direction back at once (one
backward pass over one recording, with a batch of cotangents).
Arguments may be pytrees: the blocks come back grouped like f's output, each
holding one block per differentiated argument.
"""
import math

import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import new_level, raw
from ..core.pytree import tree_flatten, tree_unflatten
from ..forward.dual import Dual
from ..reverse.jacobian import jacobian_in_one_pass
from ..rules.complex_values import is_complex
from ..rules.indexing import getitem
from ..rules.shapes import reshape, transpose
from .dtypes import in_dtype_of, input_dtype, unit_directions
from .first_order import pull_back, split_dual
from .inputs import (ArgumentSelection, argnums_spelled, check_argnums, check_holomorphic_inputs,
                     float_input)
from .outputs import check_output_kind, output_leaves, plain_scalar

__all__ = ["jacobian", "jacrev", "jacfwd"]

JACOBIAN_MODES = ("reverse", "forward", "auto")


def jacobian(f, argnums=0, mode="reverse", holomorphic=False, *, argnum=None):
    """The Jacobian as a function: shape ``out.shape + in.shape`` per (output, input).

    ``argnum=`` (HIPS autograd's spelling) is the same as ``argnums=``.

    ``mode="forward"`` pushes every input direction at once (one vectorized
    pass with a batch of tangents); ``mode="reverse"`` pulls the unit cotangent
    of every output element back at once (one backward pass with a batch of
    cotangents).  For very large outputs the reverse batch is split by memory:
    one pass per chunk of rows, each chunk's cotangents at most about 32 MB
    for the largest value f computes (`dualtape.reverse.jacobian.ROW_BUDGET`).
    ``mode="auto"`` records f once and pulls back as reverse mode does when f has
    no more output elements than input elements; otherwise it pushes the input
    directions forward instead (evaluating f a second time), the cheaper of the two
    for a tall Jacobian.  Each block has the dtype of its input; a position named
    twice in `argnums` gets its block twice, as in JAX.

    Complex values follow JAX's ``jacfwd`` and ``jacrev``: forward mode takes
    real inputs (its Jacobian may be complex), reverse mode real outputs (each
    row is then the `gradient` of one output), and ``"auto"`` both; ``holomorphic=True``
    takes complex inputs and outputs and gives the complex Jacobian ∂f/∂z.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacobian(lambda x: x * x, mode="forward")(np.array([1.0, 2.0]))
        array([[2., 0.],
               [0., 4.]])
        >>> dt.jacobian(lambda z: z * z, holomorphic=True)(np.array([1j, 2.0 + 0j]))
        array([[0.+2.j, 0.+0.j],
               [0.+0.j, 4.+0.j]])
    """
    return jacobian_of(f, argnums_spelled(argnums, argnum, "jacobian"), mode, "jacobian",
                       holomorphic)


def jacobian_of(f, argnums, mode, who, holomorphic=False):
    """`jacobian`, with errors reported as coming from transform `who`.

    Example:
        >>> jacobian_of(lambda x: x * x, 0, "reverse", "jacrev")(3.0)
        6.0
    """
    if mode not in JACOBIAN_MODES:
        raise ValueError(f"{who}: mode must be 'reverse', 'forward' or 'auto', got {mode!r}")
    check_argnums(argnums, who)

    def jacobian_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnums, who)

        # Differentiate with respect to the leaves of the chosen arguments, so an
        # argument may itself be a tuple/list/dict of arrays.
        leaves, in_tree = tree_flatten(tuple(sel.chosen))
        # "auto" may take either mode, so it holds complex values to the rules of both
        _check_input_kinds(leaves, "forward" if mode == "auto" else mode, holomorphic, who)

        def g(*xs):
            with sel.explained():
                return f(*sel.rebuild(tree_unflatten(in_tree, xs)), **kwargs)

        def check_kinds(o_leaves):
            for o in o_leaves:
                check_output_kind(o, who, holomorphic, "vjp")
        if mode == "forward":
            jac = _jac_forward(g, leaves, who, check_kinds if holomorphic else None)
        else:
            jac = _jac_reverse(g, leaves, who, check_kinds, forward_if_tall=mode == "auto")
        # jac mirrors f's output, with one block per input leaf at each output leaf;
        # regroup the blocks like the chosen arguments.
        return _finish(jac, lambda items: sel.arrange(tree_unflatten(in_tree, items)))
    jacobian_f.__name__ = f"{who}({getattr(f, '__name__', 'f')})"
    return jacobian_f


def _check_input_kinds(leaves, mode, holomorphic, who):
    """JAX's rule for complex inputs: holomorphic=True needs them, and forward mode
    without it takes real inputs only."""
    if holomorphic:
        check_holomorphic_inputs(leaves, who)
        return
    if mode == "forward":
        for i, x in enumerate(leaves):
            if is_complex(x):
                raise TypeError(
                    f"{who}: input {i} is complex ({np.result_type(raw(x))}), and a forward "
                    f"Jacobian takes real "
                    f"inputs (as JAX's jacfwd). For a holomorphic f pass holomorphic=True; "
                    f"otherwise push complex tangents with jvp, or use reverse mode for a "
                    f"real-valued f.")


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


def _directions_last(t, out_shape, x):
    """A batch of tangents ``(directions, *out_shape)`` as the Jacobian block
    ``(*out_shape, *x.shape)``, in x's dtype (a scalar for a 0-d block)."""
    nd = len(out_shape)
    if nd:
        t = transpose(t, tuple(range(1, nd + 1)) + (0,))
    return plain_scalar(in_dtype_of(reshape(t, out_shape + _shape(x)), x))


def _jac_forward(g, chosen, who, check_kinds=None):
    leaves = [float_input(c, who, i) for i, c in enumerate(chosen)]
    sizes = [math.prod(_shape(x)) for x in leaves]
    n = sum(sizes)
    level = new_level()
    boxed, start = [], 0
    for x, k in zip(leaves, sizes):
        boxed.append(Dual._make(x, unit_directions(n, start, x), level, (n,)))
        start += k
    o_leaves, o_tree = output_leaves(g(*boxed), who)
    if check_kinds is not None:
        check_kinds(o_leaves)
    blocks = []
    for o in o_leaves:
        _, t = split_dual(o, level, (n,))
        oshape = _shape(t)[1:]
        per_arg, start = [], 0
        for x, k in zip(leaves, sizes):
            part = getitem(t, (slice(start, start + k),)) if k != n else t
            start += k
            per_arg.append(_directions_last(part, oshape, x))
        blocks.append(_PerArg(per_arg))
    return tree_unflatten(o_tree, blocks)


def _jac_reverse(g, chosen, who, check_kinds, forward_if_tall=False):
    out, pullback = pull_back(g, chosen, who)
    o_leaves = pullback.o_values
    check_kinds(o_leaves)
    if forward_if_tall and _size(o_leaves) > _size(chosen):
        # More rows than columns: one forward pass carries fewer directions than
        # this reverse pass would pull cotangents back (a Hessian of a non-scalar f).
        return _jac_forward(g, chosen, who)
    blocks = jacobian_in_one_pass(pullback.batched, [_shape(o) for o in o_leaves],
                                  [_shape(x) for x in chosen], [input_dtype(o) for o in o_leaves],
                                  who, pullback.largest_value)
    return tree_unflatten(pullback.o_tree, [_PerArg([plain_scalar(in_dtype_of(b, x))
                                                     for b, x in zip(row, chosen)])
                                            for row in blocks])


def _size(values):
    """How many numbers the (possibly boxed) `values` hold together."""
    return sum(math.prod(_shape(v)) for v in values)


def jacrev(f, argnums=0, holomorphic=False):
    """``jacobian(f, argnums, mode="reverse")``: one backward pass with a batch of
    cotangents, one per output element (chunked by memory for very large
    outputs), the cheaper mode when f has fewer outputs than inputs.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacrev(lambda x: (x * x).sum())(np.array([1.0, 2.0, 3.0]))
        array([2., 4., 6.])
    """
    return jacobian_of(f, argnums, "reverse", "jacrev", holomorphic)


def jacfwd(f, argnums=0, holomorphic=False):
    """``jacobian(f, argnums, mode="forward")``: one forward pass carrying every
    input direction at once, the cheaper mode when f has fewer inputs than outputs.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.jacfwd(lambda t: t * np.array([1.0, 2.0, 3.0]))(2.0)
        array([1., 2., 3.])
    """
    return jacobian_of(f, argnums, "forward", "jacfwd", holomorphic)
