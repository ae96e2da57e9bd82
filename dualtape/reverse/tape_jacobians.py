"""The Jacobian methods of `GradientTape` (``jacobian`` and ``batch_jacobian``),
and the argument checks they share with its ``gradient``.

Both pull the unit cotangents of the target's elements back as one batch in a
single backward pass (`dualtape.reverse.jacobian`), as TensorFlow vectorises
its Jacobians.  `TapeJacobians` is mixed into `GradientTape` and reads its
sources (``_node_of``, ``_earlier``) and records.
"""
import math

import numpy as np

from ..core.arrays import float_dtype
from ..core.box import raw
from ..core.pytree import tree_flatten, tree_unflatten
from ..rules.complex_values import conj
from ..rules.shapes import transpose
from .jacobian import jacobian_in_one_pass, largest_value
from .tensor import Tensor, Leaf, constant_or_box, is_integer_valued, warn_integer_source

UNCONNECTED = ("none", "zero")


def unconnected_choice(value, who):
    """'none' or 'zero', from a string or an enum member whose value is one of them.

    Example:
        >>> unconnected_choice("zero", "GradientTape.gradient")
        'zero'
    """
    choice = getattr(value, "value", value)
    if choice not in UNCONNECTED:
        raise ValueError(f"{who}: unconnected_gradients must be 'none' or 'zero', got {value!r}")
    return choice


def check_target(target, who):
    """Raise a TypeError naming `who` when the target is None (TensorFlow raises too).

    Example:
        >>> check_target(None, "GradientTape.gradient")
        Traceback (most recent call last):
        ...
        TypeError: GradientTape.gradient: the target is None; ...
    """
    if target is None:
        raise TypeError(f"{who}: the target is None; pass the tensor (or a nested structure "
                        f"of tensors) to differentiate, e.g. tape.gradient(loss, w)")


class TapeJacobians:
    """``jacobian`` and ``batch_jacobian`` for `GradientTape` (see the module docstring).

    Example:
        >>> import dualtape as tf
        >>> issubclass(tf.GradientTape, TapeJacobians)
        True
    """

    def jacobian(self, target, sources, unconnected_gradients="none",
                 parallel_iterations=None, experimental_use_pfor=True):
        """Full Jacobian d target / d source: shape target.shape + source.shape.

        One backward pass with a batch of cotangents, one per element of `target`
        (chunked by memory for very large targets).  A source the target does not
        depend on gives None (zeros with ``unconnected_gradients="zero"``), as in
        TensorFlow.  ``parallel_iterations`` and ``experimental_use_pfor`` only
        choose how TensorFlow vectorises the passes: accepted, and ignored.

        Example:
            >>> import numpy as np, dualtape as tf
            >>> x = tf.Variable(np.array([1.0, 2.0]))
            >>> with tf.GradientTape() as tape:
            ...     y = x * x
            >>> tape.jacobian(y, x).numpy()
            array([[2., 0.],
                   [0., 4.]])
        """
        unconnected = unconnected_choice(unconnected_gradients, "GradientTape.jacobian")
        check_target(target, "GradientTape.jacobian")
        src_leaves, treedef = tree_flatten(sources)
        return tree_unflatten(treedef, self._jacobian_blocks(
            target, src_leaves, np.shape(raw(target)), lambda ct, batch: ct, unconnected,
            "GradientTape.jacobian"))

    def batch_jacobian(self, target, source, unconnected_gradients="none",
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians d target[i] / d source[i]: shape
        ``(batch,) + target.shape[1:] + source.shape[1:]``, as TensorFlow's.

        As in TensorFlow, target[i] must depend on source[i] only (each element of
        target[0] is pulled back for every example at once, all in one backward
        pass: a target that mixes examples gives sums over them).  Options are as
        in `jacobian`.

        Example:
            >>> import numpy as np, dualtape as tf
            >>> x = tf.Variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
            >>> with tf.GradientTape() as tape:
            ...     y = x * x              # row i depends on row i only
            >>> tape.batch_jacobian(y, x).numpy()
            array([[[2., 0.],
                    [0., 4.]],
            <BLANKLINE>
                   [[6., 0.],
                    [0., 8.]]])
        """
        who = "GradientTape.batch_jacobian"
        unconnected = unconnected_choice(unconnected_gradients, who)
        check_target(target, who)
        tshape, sshape = np.shape(raw(target)), np.shape(raw(source))
        if len(tshape) < 2 or len(sshape) < 2 or tshape[0] != sshape[0]:
            raise ValueError(
                f"{who}: target shape {tshape} and source shape {sshape} need a first (batch) "
                f"axis of the same length and rank 2 or more; use tape.jacobian for other shapes")
        rest = tshape[1:]

        def every_example(ct, batch):     # each unit cotangent given to every example at once
            return np.broadcast_to(np.expand_dims(ct, len(batch)), batch + tshape).copy()
        (block,) = self._jacobian_blocks(target, [source], rest, every_example, unconnected, who)
        if block is None:
            return None
        k = len(rest)                 # the batch axis comes after target.shape[1:]: move it first
        return transpose(block, (k,) + tuple(range(k)) + tuple(range(k + 1, np.ndim(raw(block)))))

    def _jacobian_blocks(self, target, src_leaves, row_shape, seed, unconnected, who):
        """The Jacobian blocks of `target` for each source, pulling back the unit
        cotangents of `row_shape`'s elements as one batch (``seed(cotangents,
        batch)`` makes them the target's cotangents); a source that nothing
        reaches is None, or zeros when `unconnected` is "zero"."""
        node = self._node_of(target)
        paths = [self._paths_to(s, i, who) for i, s in enumerate(src_leaves)]
        live = sorted({n for p in paths if p for n in p})
        reached = [False] * len(src_leaves)
        recorded = self.persistent and self.recording       # as `gradient` (TensorFlow's way)

        def pull(cotangents, batch):
            ct = seed(cotangents[0], batch)
            found = dict(zip(live, self.backward({node: ct}, live, recorded=recorded))) \
                if node is not None else {}
            row = []
            for a, (s, p) in enumerate(zip(src_leaves, paths)):
                parts = [found[n] for n in p or () if found.get(n) is not None]
                if node is None and s is target:
                    parts.append(ct)          # the target is this source, never read by the tape
                reached[a] = reached[a] or bool(parts)
                # conjugated: TensorFlow's convention, as in `gradient` (the unit seeds are real)
                row.append(None if p is None else conj(_unleaf(sum(parts[1:], parts[0]))) if parts
                           else np.zeros(batch + np.shape(raw(s)), dtype=np.result_type(raw(s))))
            return row                        # (an integer source stays None: an error)
        (blocks,) = jacobian_in_one_pass(pull, [row_shape], [np.shape(raw(s)) for s in src_leaves],
                                         [float_dtype(raw(target))], who,
                                         lambda: largest_value(self.stored()))
        pulled = math.prod(row_shape) > 0
        return [None if pulled and not r and unconnected == "none" else constant_or_box(b)
                for b, r in zip(blocks, reached)]

    def _paths_to(self, source, i, who):
        """The nodes whose cotangents add up to the cotangent of `source` (its node, and
        its reads before an assign); None for an integer source (it has no derivative)."""
        if not isinstance(source, Tensor):
            raise TypeError(f"{who}: source {i} is a {type(source).__name__}, not a dualtape "
                            f"tensor or Variable; use a Variable, or watch a constant(...)")
        if is_integer_valued(source):
            warn_integer_source(i)
            return None
        node = self._node_of(source)
        earlier = self._earlier.get(id(source), ()) if isinstance(source, Leaf) else ()
        return ([] if node is None else [node]) + list(earlier)


def _unleaf(g):
    return g._value if isinstance(g, Leaf) else g
