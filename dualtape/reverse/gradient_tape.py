"""`GradientTape`: TensorFlow's recording API on top of `Tape`.

Differences from TensorFlow, on purpose:

* ``gradient`` may be called any number of times on any tape, persistent or
  not; records live until ``reset()`` or until the tape is dropped.  Inside its
  own context a persistent tape records ``gradient`` itself, as TensorFlow does.
* Values are float64 unless you ask otherwise.

Complex values follow TensorFlow, whose gradient is the conjugate of the
functional transforms' (JAX's): the tape pulls back conj(output_gradients) and
returns the conjugate, so a real-valued target gives ``∂/∂Re z + i ∂/∂Im z``
(|z|² gives 2z) and a holomorphic one ``conj(f'(z))``.

A tape holds no tensor of its own (its sources are kept as node and value), so
no reference cycle joins it to them: reference counting frees a tape and its
records the moment the last tensor of it is dropped, with no garbage collector.
"""
import numpy as np

from ..core.arrays import float_dtype
from ..core.box import raw, unbox_to
from ..core.pytree import tree_flatten, tree_unflatten
from ..rules.complex_values import conj
from ..rules.shapes import broadcast_to
from . import to_dot as pictures
from .active import active_tapes
from .tape import Tape
from .tape_jacobians import (TapeJacobians, check_target as _check_target,
                             unconnected_choice as _unconnected_choice)
from .tensor import Tensor, Leaf, Variable, constant_or_box, is_integer_valued, warn_integer_source

class GradientTape(TapeJacobians, Tape):
    """Record operations to differentiate them later (TensorFlow's API).

    Example:
        >>> import dualtape as tf
        >>> x = tf.Variable(3.0)
        >>> with tf.GradientTape() as tape:
        ...     y = x**2 + 2*x + 1
        >>> print(tape.gradient(y, x).numpy())
        8.0
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        super().__init__()
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._watched = {}        # id(leaf) -> leaf
        # id(leaf) -> (leaf, version, _SourceNode): the node and value of its source, never
        # the source Tensor, which points back at this tape (a cycle only gc could free)
        self._sources = {}
        self._earlier = {}        # id(leaf) -> source nodes of reads before an assign

    # --- context manager -----------------------------------------------------------
    def __enter__(self):
        if self.recording or self in active_tapes():
            raise ValueError("GradientTape: this tape is already recording; a tape cannot be "
                             "entered inside itself (as in TensorFlow). Use a second "
                             "GradientTape for a nested derivative.")
        active_tapes().append(self)
        self.start_recording()
        return self

    def __exit__(self, *exc):
        self.recording = False
        stack = active_tapes()
        if self in stack:
            stack.remove(self)
        return False

    def stop_recording(self):
        """Context manager: operations inside are not recorded.

        Example:
            >>> import dualtape as tf
            >>> x = tf.Variable(2.0)
            >>> with tf.GradientTape() as tape:
            ...     y = x * x
            ...     with tape.stop_recording():
            ...         z = y * 3.0           # a constant for this tape
            >>> tape.gradient(z, x) is None, float(tape.gradient(y, x))
            (True, 4.0)
        """
        return self.recording_off()

    # --- watching --------------------------------------------------------------------
    def watch(self, tensor):
        """Watch a constant tensor (or a nested structure of them).

        Example:
            >>> import dualtape as tf
            >>> x = tf.constant(2.0)
            >>> with tf.GradientTape() as tape:
            ...     tape.watch(x)
            ...     y = x ** 3
            >>> print(tape.gradient(y, x).numpy())
            12.0
        """
        for t in tree_flatten(tensor)[0]:
            if isinstance(t, Leaf):
                self._watched[id(t)] = t
            elif isinstance(t, Tensor):
                continue      # already computed on a tape; it is watched through its inputs
            else:
                raise TypeError(
                    f"GradientTape.watch: expected a dualtape tensor or Variable, got "
                    f"{type(t).__name__}. Wrap plain values with dualtape.constant(value) first.")

    def _watches(self, leaf):
        if id(leaf) in self._watched:
            return True
        return self.watch_accessed_variables and isinstance(leaf, Variable) and leaf.trainable

    def _source_for(self, leaf, value):
        entry = self._sources.get(id(leaf))
        version = getattr(leaf, "_version", 0)
        if entry is not None and entry[1] == version and _same_value(entry[2]._value, value):
            return Tensor._make(value, self, entry[2]._node)
        src = self.source(value)
        if entry is not None:
            # A Variable read again after assign() is a second source; its earlier
            # reads still count towards its gradient (as in TensorFlow).
            self._earlier.setdefault(id(leaf), []).append(entry[2]._node)
        self._sources[id(leaf)] = (leaf, version, _SourceNode(src._node, value))
        if isinstance(leaf, Variable):
            self._watched.setdefault(id(leaf), leaf)
        return src

    def watched_variables(self):
        """The Variables this tape has watched, in the order first watched."""
        return tuple(v for v in self._watched.values() if isinstance(v, Variable))

    def reset(self):
        """Forget everything recorded so far (the tape keeps recording if active)."""
        super().reset()
        self._sources = {}
        self._earlier = {}

    # --- looking at the tape -------------------------------------------------------------
    def to_dot(self, target=None):
        """Graphviz DOT text of the recorded graph (the `target`, if given, is marked).

        Example:
            >>> import dualtape as tf
            >>> x = tf.Variable(3.0, name="x")
            >>> with tf.GradientTape() as tape:
            ...     y = x * x
            >>> "multiply" in tape.to_dot(y)
            True
        """
        return pictures.to_dot(self, target)

    def __repr__(self):
        state = "recording" if self.recording else "stopped"
        names = [v.name or f"Variable{tuple(v.shape)}" for v in self.watched_variables()]
        return (f"<GradientTape: {len(self.stored())} records, {state}, watching "
                f"{len(self._sources)} sources" + (f" ({', '.join(names)})" if names else "") + ">")

    def _repr_html_(self):
        return pictures.to_html(self)

    # --- gradients ---------------------------------------------------------------------
    def _node_of(self, x):
        """The node of `x` on this tape, or None if the tape never saw it."""
        if isinstance(x, Leaf):
            entry = self._sources.get(id(x))
            return None if entry is None else entry[2]._node
        v = unbox_to(x, self.level)
        if type(v) is Tensor and v._tape is self:
            if v._node < self.first_node:
                raise ValueError(
                    "GradientTape.gradient: this tensor was recorded before tape.reset(), which "
                    "forgot how it was computed; compute it again after the reset")
            return v._node
        return None

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients="none"):
        """d(sum of target · output_gradients) / d(sources), shaped like `sources`.

        `sources` may be one tensor/Variable or a nested list/tuple/dict of
        them. A source the target does not depend on gives None (or zeros with
        ``unconnected_gradients="zero"``). A non-scalar target is summed.
        Complex sources get TensorFlow's gradient: |z|² gives 2z, a holomorphic
        target conj(f'(z)) (the conjugates of `dualtape.gradient`'s).

        Example:
            >>> import dualtape as tf
            >>> x, y = tf.Variable(3.0), tf.Variable(4.0)
            >>> with tf.GradientTape() as tape:
            ...     z = x**2 + y**2
            >>> [float(g) for g in tape.gradient(z, [x, y])]
            [6.0, 8.0]
        """
        unconnected_gradients = _unconnected_choice(unconnected_gradients, "GradientTape.gradient")
        _check_target(target, "GradientTape.gradient")
        src_leaves, treedef = tree_flatten(sources)
        nodes = []
        earlier = []
        for i, s in enumerate(src_leaves):
            if not isinstance(s, Tensor):
                raise TypeError(
                    f"GradientTape.gradient: source {i} is a {type(s).__name__}, not a dualtape "
                    f"tensor or Variable. Differentiate with respect to a Variable, or a "
                    f"constant(...) passed to tape.watch.")
            if is_integer_valued(s):
                warn_integer_source(i)
                nodes.append(None)
                earlier.append(())
                continue
            nodes.append(self._node_of(s))
            earlier.append(self._earlier.get(id(s), ()) if isinstance(s, Leaf) else ())

        seeds, direct = self._seeds(target, output_gradients)
        live_sources = [n for n in nodes if n is not None] + [n for ns in earlier for n in ns]
        # as in TensorFlow: recorded inside a persistent tape's context, to differentiate again
        recorded = self.persistent and self.recording
        grads = self.backward(seeds, live_sources, recorded=recorded) if live_sources else []
        by_node = dict(zip(live_sources, grads))
        results = []
        for s, n, ns in zip(src_leaves, nodes, earlier):
            g = by_node.get(n) if n is not None else None
            if direct and isinstance(s, Leaf) and id(s) in direct and n is None:
                g = direct[id(s)]          # the source is itself a target (result = v0)
            for e in ns:
                ge = by_node.get(e)
                if ge is not None:
                    g = ge if g is None else g + ge
            if g is None:
                if unconnected_gradients == "zero" and not is_integer_valued(s):
                    g = np.zeros(np.shape(raw(s)), dtype=np.result_type(raw(s)))
                else:
                    results.append(None)
                    continue
            results.append(constant_or_box(_match_shape(conj(g), s)))    # TensorFlow's convention
        return tree_unflatten(treedef, results)

    def _seeds(self, target, output_gradients):
        targets, _ = tree_flatten(target)
        weights = [None] * len(targets) if output_gradients is None else tree_flatten(output_gradients)[0]
        if len(weights) != len(targets):
            raise ValueError(f"GradientTape.gradient: {len(targets)} targets but "
                             f"{len(weights)} output_gradients")
        seeds = {}
        direct = {}       # id(leaf) -> weight, for a leaf target this tape never read
        for t, w in zip(targets, weights):
            node = self._node_of(t)
            if node is None and not isinstance(t, Leaf):
                continue
            tshape = np.shape(raw(t))
            if w is None:
                w = _ones_like(raw(t))
            else:
                w = w._value if isinstance(w, Leaf) else w
                if np.shape(raw(w)) != tshape:
                    raise ValueError(
                        f"GradientTape.gradient: output_gradients has shape {np.shape(raw(w))} "
                        f"but the target has shape {tshape}; they must match")
            w = conj(w)          # pulled back conjugated, and the result conjugated again
            if node is None:
                direct[id(t)] = w if id(t) not in direct else direct[id(t)] + w
            else:
                seeds[node] = w if node not in seeds else seeds[node] + w
        return seeds, direct


class _SourceNode:
    """A source a tape made for a leaf: node and value, not a Tensor (which points at the tape)."""
    __slots__ = ("_node", "_value")

    def __init__(self, node, value):
        self._node, self._value = node, value


def _same_value(kept, value):
    """True when `value` is the value a source was made of: the same object, or a
    tensor of the same node of an outer tape (outer tapes rebuild their tensors)."""
    if kept is value:
        return True
    return type(kept) is Tensor and type(value) is Tensor and \
        kept._tape is value._tape and kept._node == value._node


def _ones_like(value):
    """The unit cotangent of a target, in its floating dtype (float32 stays float32)."""
    dtype = float_dtype(value)
    if np.ndim(value):
        return np.ones(np.shape(value), dtype=dtype)
    return 1.0 if dtype == np.float64 else dtype.type(1.0)


def _match_shape(g, source):
    """Cotangents of a broadcast scalar come back with the source's shape."""
    s = np.shape(raw(source))
    if np.shape(raw(g)) != s:
        g = broadcast_to(g, s)
    return g

