"""JAX's `linearize` and `vmap`, eagerly, on the engines.

dualtape does not trace, so neither keeps a compiled program:

* `linearize` returns ``f_jvp``, which pushes each tangent through `f` again
  by forward mode at the primals `linearize` was given (a copy of them), one
  evaluation of f with dual numbers per call, where JAX evaluates a stored
  linear program;
* `vmap` calls `f` once per index of the mapped axis and stacks the results:
  JAX's `in_axes`, `out_axes` and `axis_size`, the same answers, in a Python
  loop rather than one vectorized call.  Slicing and stacking are table
  operations, so every transform differentiates through it (``gradient`` of
  a vmapped function, ``vmap`` of a ``jacfwd``, nesting).

``custom_jvp`` and ``custom_vjp`` are in `jax_custom`; ``stop_gradient`` and
the transforms JAX shares with dualtape (``grad``, ``jvp``, ``vjp``, ``jacfwd``,
``jacrev``, ``hessian``) are dualtape's own.
"""
import numpy as np

from ..core.arrays import ndim, shape
from ..core.box import raw
from ..core.pytree import tree_flatten, tree_leaves, tree_unflatten
from ..rules.indexing import getitem
from ..rules.shapes import stack
from .first_order import push_forward
from .inputs import float_input

__all__ = ["linearize", "vmap"]


def linearize(fun, *primals, has_aux=False):
    """``(fun(*primals), f_jvp)`` where ``f_jvp(*tangents)`` is the Jacobian-vector
    product at `primals` (JAX's ``linearize``; with ``has_aux=True`` `fun` returns
    ``(out, aux)`` and linearize ``(out, f_jvp, aux)``).

    Each ``f_jvp`` call is one forward-mode pass through `fun` at a copy of the
    primals taken now (see the module docstring).

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
        >>> y, f_jvp = dt.linearize(dnp.sin, np.array([0.0, np.pi]))
        >>> f_jvp(np.array([2.0, 2.0]))                   # cos(x)·t
        array([ 2., -2.])
    """
    leaves, tree = tree_flatten(primals)
    kept = tree_unflatten(tree, [_copied(float_input(x, "linearize", i))
                                 for i, x in enumerate(leaves)])
    value = fun(*kept)
    if has_aux:
        if not (isinstance(value, (tuple, list)) and len(value) == 2):
            raise TypeError("linearize(..., has_aux=True): fun must return a pair (output, aux)")
        value, aux = value

    def main(*xs):
        return fun(*xs)[0] if has_aux else fun(*xs)

    def f_jvp(*tangents):
        if len(tangents) != len(kept):
            raise TypeError(f"linearize: f_jvp takes one tangent per primal ({len(kept)}), "
                            f"got {len(tangents)}")
        return push_forward(main, kept, tangents, "linearize")[1]
    f_jvp.__name__ = f"linearized({getattr(fun, '__name__', 'f')})"
    return (value, f_jvp, aux) if has_aux else (value, f_jvp)


def _copied(x):
    return x.copy() if isinstance(x, np.ndarray) else x


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None):
    """`fun` mapped over an axis of its arguments (JAX's ``vmap``), by calling it
    once per index and stacking the results (see the module docstring).

    `in_axes` is an int, None (not mapped) or a tuple with one entry per
    positional argument, each an int, None or a pytree prefix of the argument;
    keyword arguments are mapped over axis 0.  `out_axes` says where the mapped
    axis goes in each output (None: the output must not vary along it; its value
    is checked, and it and its derivative are taken from index 0).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dot = lambda a, b: a @ b
        >>> dt.vmap(dot, in_axes=(0, None))(np.eye(2), np.array([3.0, 4.0]))
        array([3., 4.])
        >>> dt.gradient(lambda w: dt.vmap(lambda x: (w * x).sum())(np.eye(2)).sum())(np.ones(2))
        array([1., 1.])
    """
    if axis_name is not None or spmd_axis_name is not None:
        raise NotImplementedError(
            "vmap: axis_name names the mapped axis for collective operations (jax.lax.psum, "
            "pmean, ...), which dualtape does not have; compute the reduction on vmap's "
            "stacked result instead")
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or isinstance(in_axes, tuple) or _is_axis(in_axes)):
        raise TypeError(f"vmap: in_axes must be an int, None, or a tuple with one entry per "
                        f"positional argument (as in JAX), got {in_axes!r}")

    def vmapped(*args, **kwargs):
        specs = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
        if len(specs) != len(args):
            raise ValueError(f"vmap: in_axes has {len(specs)} entries but the function was "
                             f"called with {len(args)} positional arguments; give one per "
                             f"argument (or a single int or None for all)")
        args_in = [_MappedArgument(a, s, f"argument {i}") for i, (a, s) in enumerate(zip(args, specs))]
        kwargs_in = {k: _MappedArgument(v, 0, f"keyword argument {k!r}") for k, v in kwargs.items()}
        n = _mapped_size([*args_in, *kwargs_in.values()], axis_size)
        results = [fun(*[m.slice(k) for m in args_in],
                       **{key: m.slice(k) for key, m in kwargs_in.items()}) for k in range(n)]
        return _stacked(results, out_axes)
    vmapped.__name__ = f"vmap({getattr(fun, '__name__', 'f')})"
    return vmapped


class _MappedArgument:
    """One argument of a vmapped call: its leaves and the axis each is mapped over."""

    def __init__(self, value, spec, where):
        self.leaves, self.tree = tree_flatten(value)
        self.axes = _axes_for_leaves(spec, value, "in_axes", where)
        for k, (leaf, axis) in enumerate(zip(self.leaves, self.axes)):
            if axis is not None and not -ndim(leaf) <= axis < ndim(leaf):
                raise ValueError(f"vmap: in_axes maps {where} (leaf {k}, shape {shape(leaf)}) "
                                 f"over axis {axis}, which it does not have")
        self.axes = [None if a is None else a % ndim(x) for x, a in zip(self.leaves, self.axes)]

    def sizes(self):
        return [shape(x)[a] for x, a in zip(self.leaves, self.axes) if a is not None]

    def slice(self, k):
        return tree_unflatten(self.tree, [x if a is None else getitem(x, (slice(None),) * a + (k,))
                                          for x, a in zip(self.leaves, self.axes)])


def _axes_for_leaves(spec, value, what, where):
    """The axis (or None) of each leaf of `value`, from `spec`, a pytree prefix of it."""
    if spec is None or _is_axis(spec):
        return [None if spec is None else int(spec)] * len(tree_leaves(value))
    if isinstance(spec, (tuple, list)) and isinstance(value, (tuple, list)) and \
            len(spec) == len(value):
        return [a for s, v in zip(spec, value) for a in _axes_for_leaves(s, v, what, where)]
    if isinstance(spec, dict) and isinstance(value, dict) and set(spec) == set(value):
        return [a for key in value for a in _axes_for_leaves(spec[key], value[key], what, where)]
    raise ValueError(f"vmap: {what} for {where} must be an int, None or a pytree prefix of it, "
                     f"got {spec!r} for a value of structure {tree_flatten(value)[1]!r}")


def _is_axis(spec):
    return isinstance(spec, (int, np.integer)) and not isinstance(spec, (bool, np.bool_))


def _mapped_size(arguments, axis_size):
    sizes = sorted({s for m in arguments for s in m.sizes()})
    if axis_size is not None and any(s != axis_size for s in sizes):
        raise ValueError(f"vmap: axis_size={axis_size}, but the mapped axes have sizes {sizes}")
    if len(sizes) > 1:
        raise ValueError(f"vmap: the mapped axes have different sizes {sizes}; they must agree")
    if not sizes and axis_size is None:
        raise ValueError("vmap: no argument is mapped (every in_axes is None); give axis_size")
    n = axis_size if axis_size is not None else sizes[0]
    if n == 0:
        raise ValueError("vmap: the mapped axis has size 0; dualtape's vmap calls the function "
                         "once per index, so it cannot tell the shape of an empty result")
    return n


def _stacked(results, out_axes):
    per_call = [tree_flatten(r) for r in results]
    tree = per_call[0][1]
    for leaves, other in per_call[1:]:
        if other != tree:
            raise ValueError(f"vmap: the function returned {tree!r} at index 0 and {other!r} "
                             f"at another; it must return one structure")
    axes = _axes_for_leaves(out_axes, results[0], "out_axes", "the output")
    columns = []
    for j, axis in enumerate(axes):
        column = [leaves[j] for leaves, _ in per_call]
        if axis is None:
            first = raw(column[0])
            if any(not np.array_equal(raw(c), first) for c in column[1:]):
                raise ValueError(f"vmap: out_axes is None for output leaf {j}, but it varies "
                                 f"along the mapped axis; give it an axis")
            columns.append(column[0])
        else:
            depth = ndim(column[0]) + 1
            if not -depth <= axis < depth:
                raise ValueError(f"vmap: out_axes {axis} is out of range for output leaf {j} "
                                 f"of rank {depth - 1} (with the mapped axis, {depth})")
            columns.append(stack(column, axis=axis % depth))
    return tree_unflatten(tree, columns)
