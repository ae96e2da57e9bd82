"""JAX's custom derivatives, ``custom_jvp`` and ``custom_vjp``, as table entries.

Decorate a function and give its rule the way JAX does::

    @custom_jvp                          @custom_vjp
    def f(x, y): ...                     def f(x, y): ...

    @f.defjvp                            def f_fwd(x, y): return f(x, y), residuals
    def f_jvp(primals, tangents):        def f_bwd(residuals, g): return (x_bar, y_bar)
        ...                              f.defvjp(f_fwd, f_bwd)
        return primal_out, tangent_out

(or ``f.defjvps(jvp_x, jvp_y)``, one ``jvp_i(t_i, primal_out, *primals)`` per
argument).  Arguments and results may be pytrees; ``nondiff_argnums`` names the
arguments that are passed through untouched, as in JAX (the rules get them
first: ``f_jvp(*nondiff, primals, tangents)``, ``f_bwd(*nondiff, residuals, g)``).

Each decorated function becomes a table entry named ``"custom_jvp.<name>"`` or
``"custom_vjp.<name>"`` (a later function of the same name takes the name over;
each keeps working), with the rule it was given and the other one derived by
transposing it on a tape (`dualtape.transforms.transpose`).  So every mode uses
it: forward and reverse, Jacobians, Hessians, HyperDual and jets, and
`check_primitives` audits it, at the arguments of its first differentiated call
(before one, at 3-vectors, as for `dualtape.primitive`, unless it has
``nondiff_argnums``, whose values only a call gives: then there is nothing to check
yet).  Where JAX raises, it
answers: forward mode through a ``custom_vjp`` function (JAX: "can't apply
forward-mode autodiff (jvp) to a custom_vjp function") transposes `bwd`, which,
as JAX asks, must be linear in the cotangent (a `bwd` that clips its cotangent
has no transpose; forward mode would differentiate it at a zero cotangent).

A ``custom_vjp`` function's residuals come from `fwd` once per call; a
derivative of order two or more, which differentiates the residuals too,
computes them again from the boxed arguments.
"""
import functools
import inspect

import numpy as np

from ..core.arrays import shape
from ..core.box import BOX_TYPES, Box, raw
from ..core.pytree import tree_flatten, tree_unflatten
from .custom import CustomPrimitive, one_tangent_at_a_time
from .dtypes import zeros_like_input
from .transpose import adjoint_from_tangent, tangent_from_adjoint

__all__ = ["custom_jvp", "custom_vjp", "CallShape"]


class CallShape:
    """The static part of one call of a custom function, a static parameter of its
    table entry: which arguments are differentiated and their structure, the values
    of the others (``nondiff_argnums``), and, once evaluated, the result's structure.

    Example:
        >>> call = CallShape((2.0, "mode", {"w": 1.0}), (1,), "f")
        >>> call.leaves, call.arguments([20.0, 10.0]), call.fixed_values()
        ([2.0, 1.0], [20.0, 'mode', {'w': 10.0}], ['mode'])
    """

    __slots__ = ("n_args", "diff", "fixed", "in_tree", "arg_trees", "out_tree", "residuals",
                 "leaves")

    def __init__(self, args, nondiff_argnums, name):
        self.n_args = len(args)
        for i in nondiff_argnums:
            if not -len(args) <= i < len(args):
                raise ValueError(f"{name}: nondiff_argnums names argument {i}, but it was called "
                                 f"with {len(args)} arguments")
        fixed = [i % len(args) for i in nondiff_argnums]
        self.fixed = {i: args[i] for i in fixed}
        for i, value in self.fixed.items():
            if any(isinstance(leaf, Box) for leaf in tree_flatten(value, strict=False)[0]):
                raise TypeError(f"{name}: argument {i} is in nondiff_argnums but carries a "
                                f"derivative, which would be lost; differentiate it as an "
                                f"argument, or close over it (as JAX asks too)")
        self.diff = tuple(i for i in range(len(args)) if i not in self.fixed)
        self.leaves, self.in_tree = tree_flatten(tuple(args[i] for i in self.diff))
        # each differentiated argument's (structure, number of leaves)
        self.arg_trees = [(tree, len(leaves)) for leaves, tree in
                          (tree_flatten(args[i]) for i in self.diff)]
        self.out_tree = None
        self.residuals = None

    def differentiated(self, leaves):
        """The differentiated arguments (a tuple), rebuilt from their leaves."""
        return tree_unflatten(self.in_tree, list(leaves))

    def arguments(self, leaves):
        """Every argument, in order, with the differentiated ones rebuilt from `leaves`."""
        full = [None] * self.n_args
        for i, value in zip(self.diff, self.differentiated(leaves)):
            full[i] = value
        for i, value in self.fixed.items():
            full[i] = value
        return full

    def fixed_values(self):
        """The values of the arguments that are not differentiated, in their order."""
        return [self.fixed[i] for i in sorted(self.fixed)]


class _CustomFunction:
    """What `custom_jvp` and `custom_vjp` share: reading a call, binding the entry."""

    kind = define = ""

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.entry = None
        self._first = None             # (raw leaves, CallShape) of the first differentiated call
        try:
            self._signature = inspect.signature(fun)
        except (TypeError, ValueError):
            self._signature = None

    def __call__(self, *args, **kwargs):
        if self.entry is None:
            raise AttributeError(f"No {self.kind[7:].upper()} defined for {self.kind} function "
                                 f"{self.__name__} using {self.define}.")
        if self._signature is None:
            if kwargs:
                raise TypeError(f"{self.__name__}: pass the arguments by position")
        else:
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            if bound.kwargs:
                raise TypeError(f"{self.__name__}: a {self.kind} function takes its arguments "
                                f"by position; {sorted(bound.kwargs)} cannot be")
            args = bound.args
        call = CallShape(args, self.nondiff_argnums, self.__name__)
        if not any(type(leaf) in BOX_TYPES for leaf in call.leaves):
            return self.fun(*args)              # nothing to differentiate: f itself, as JAX
        if self._first is None:
            plain = [np.array(raw(x)) if isinstance(raw(x), np.ndarray) else raw(x)
                     for x in call.leaves]
            self._first = (plain, CallShape(call.arguments(plain), self.nondiff_argnums,
                                            self.__name__))
        outs = self.entry(*call.leaves, call=call)
        return tree_unflatten(call.out_tree, list(outs))

    def _register(self, tangent, adjoint, batched_cotangents):
        self.entry = CustomPrimitive(self._impl, name=f"{self.kind}.{self.__name__}",
                                     tangent=tangent, adjoint=adjoint, static=("call",),
                                     multiple_results=True, examples=self._examples,
                                     batched_cotangents=batched_cotangents)

    def _impl(self, *leaves, call):
        out_leaves, call.out_tree = tree_flatten(self._evaluate(call, leaves))
        return tuple(out_leaves)

    def _examples(self, rng):
        if self._first is not None:
            leaves, call = self._first
            return [(tuple(leaves), {"call": call})]
        if self.nondiff_argnums or self._signature is None:
            return []
        names = [p for p in self._signature.parameters.values() if p.default is p.empty
                 and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        call = CallShape(tuple(rng.standard_normal(3) for _ in names), (), self.__name__)
        return [(tuple(call.leaves), {"call": call})]

    def unregister(self):
        """Remove the function's entry from the table (and from the audit)."""
        if self.entry is not None:
            self.entry.unregister()

    def _checked_leaves(self, tree, expected, like, what):
        """The leaves of `tree`, which must have the structure `expected` and the
        shapes of `like` (the values they are derivatives of)."""
        leaves, structure = tree_flatten(tree)
        if structure != expected:
            raise TypeError(f"{self.__name__}: the {what} has the structure {structure!r}, but "
                            f"it must have the structure {expected!r}")
        for k, (d, x) in enumerate(zip(leaves, like)):
            if shape(d) != shape(x):
                raise ValueError(f"{self.__name__}: leaf {k} of the {what} has shape {shape(d)}, "
                                 f"but the value it belongs to has shape {shape(x)}")
        return leaves


class custom_jvp(_CustomFunction):
    """A function with its own JVP rule, JAX's ``jax.custom_jvp`` (see the module
    docstring); reverse mode transposes the rule.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
        >>> @dt.custom_jvp
        ... def log1pexp(x):
        ...     return dnp.log1p(dnp.exp(x))
        >>> @log1pexp.defjvp
        ... def _(primals, tangents):
        ...     (x,), (t,) = primals, tangents
        ...     return log1pexp(x), t * dt.special.expit(x)    # stable where exp(x) overflows
        >>> dt.gradient(log1pexp)(100.0), dt.jvp(log1pexp, (0.0,), (1.0,))[1]
        (1.0, 0.5)
        >>> log1pexp.unregister()
    """

    kind, define = "custom_jvp", "defjvp"

    def defjvp(self, jvp, symbolic_zeros=False):
        """Give the rule ``jvp(*nondiff, primals, tangents) -> (primal_out, tangent_out)``;
        returns it, so it can decorate."""
        _no_symbolic_zeros(symbolic_zeros, self.__name__)
        self._rule, self._rules = jvp, None
        self._define()
        return jvp

    def defjvps(self, *jvps):
        """Give one rule per argument, ``jvp_i(t_i, primal_out, *primals)`` (None: no
        derivative); their tangents are summed."""
        if self.nondiff_argnums:
            raise TypeError(f"{self.__name__}: defjvps does not take nondiff_argnums (as in "
                            f"JAX); use defjvp")
        self._rule, self._rules = None, jvps
        self._define()

    def _define(self):
        tangent = one_tangent_at_a_time(self._tangent, multiple_results=True)
        self._register(lambda ts, out, *leaves, **params: tangent(ts, out, leaves, params),
                       adjoint_from_tangent(tangent, True, f"custom_jvp {self.__name__}"), True)

    def _evaluate(self, call, leaves):
        return self.fun(*call.arguments(leaves))

    def _tangent(self, tangents, out, leaves, params):
        call = params["call"]
        ts = [zeros_like_input(x) if t is None else t for t, x in zip(tangents, leaves)]
        primals, tangents = call.differentiated(leaves), call.differentiated(ts)
        if self._rules is not None:                       # defjvps: one rule per argument
            primal_out = tree_unflatten(call.out_tree, list(out))
            parts = [rule(t, primal_out, *primals) for rule, t in zip(self._rules, tangents)
                     if rule is not None]
            if not parts:
                return (None,) * len(out)
            tangent_out = functools.reduce(_add_trees, parts)
        else:
            pair = self._rule(*call.fixed_values(), primals, tangents)
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise TypeError(f"{self.__name__}: the jvp rule must return a pair "
                                f"(primal_out, tangent_out), got {type(pair).__name__}")
            tangent_out = pair[1]
        return tuple(self._checked_leaves(tangent_out, call.out_tree, out,
                                          "jvp rule's tangent_out"))


class custom_vjp(_CustomFunction):
    """A function with its own VJP rule, JAX's ``jax.custom_vjp`` (see the module
    docstring); forward mode transposes the rule.

    Example — a norm whose gradient at 0 is 0:
        >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
        >>> norm = lambda x: dnp.sqrt(dnp.sum(x * x))
        >>> safe_norm = dt.custom_vjp(norm)
        >>> safe_norm.defvjp(lambda x: (norm(x), (x, norm(x))),
        ...                  lambda res, g: (g * res[0] / dnp.where(res[1] > 0, res[1], 1.0),))
        >>> dt.gradient(safe_norm)(np.zeros(2)), dt.jacfwd(safe_norm)(np.array([3.0, 4.0]))
        (array([0., 0.]), array([0.6, 0.8]))
        >>> safe_norm.unregister()
    """

    kind, define = "custom_vjp", "defvjp"

    def defvjp(self, fwd, bwd, symbolic_zeros=False, optimize_remat=False):
        """Give ``fwd(*args) -> (out, residuals)`` and ``bwd(*nondiff, residuals, g) ->``
        a tuple with one cotangent per differentiated argument (None: zero)."""
        _no_symbolic_zeros(symbolic_zeros, self.__name__)
        self.fwd, self.bwd = fwd, bwd

        def joint_adjoint(cotangent, out, primals, params, wanted):
            return self._adjoint(cotangent, out, *primals, **params)
        self._register(tangent_from_adjoint(joint_adjoint, multiple_results=True),
                       self._adjoint, False)

    def _evaluate(self, call, leaves):
        pair = self.fwd(*call.arguments(leaves))
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise TypeError(f"{self.__name__}: fwd must return a pair (output, residuals), got "
                            f"{type(pair).__name__}")
        call.residuals = (leaves, pair[1])       # for the adjoint at these very values
        return pair[0]

    def _adjoint(self, cotangent, out, *leaves, call):
        cached = call.residuals
        if cached is not None and len(cached[0]) == len(leaves) and \
                all(a is b for a, b in zip(cached[0], leaves)):
            residuals = cached[1]
        else:                                    # boxed arguments: residuals with derivatives
            residuals = self.fwd(*call.arguments(leaves))[1]
        cts = self.bwd(*call.fixed_values(), residuals,
                       tree_unflatten(call.out_tree, list(cotangent)))
        if not (isinstance(cts, (tuple, list)) and len(cts) == len(call.diff)):
            raise TypeError(f"{self.__name__}: bwd must return a tuple with one cotangent per "
                            f"differentiated argument ({len(call.diff)}), got "
                            f"{type(cts).__name__}" + (f" of {len(cts)}" if isinstance(
                                cts, (tuple, list)) else ""))
        found, start = [], 0
        for ct, (tree, count) in zip(cts, call.arg_trees):
            parts = _cotangent_leaves(ct, tree_unflatten(tree, list(range(count))), tree,
                                      self.__name__)
            for d, x in zip(parts, leaves[start:start + count]):
                if d is not None and shape(d) != shape(x):
                    raise ValueError(f"{self.__name__}: bwd returned a cotangent of shape "
                                     f"{shape(d)} for an argument of shape {shape(x)}")
            found += parts
            start += count
        return tuple(found)


def _cotangent_leaves(ct, template, tree, name):
    """The leaves of the cotangent `ct`, laid out like the argument whose structure
    `template` has (its leaves numbered); a None anywhere in `ct` stands for zeros,
    as in JAX."""
    if ct is None:
        return [None] * len(tree_flatten(template)[0])
    if type(template) is int:
        return [ct]
    if isinstance(template, dict) and isinstance(ct, dict) and set(ct) == set(template):
        return [d for key in template for d in _cotangent_leaves(ct[key], template[key], tree, name)]
    if isinstance(template, (tuple, list)) and isinstance(ct, (tuple, list)) and \
            len(ct) == len(template):
        return [d for c, t in zip(ct, template) for d in _cotangent_leaves(c, t, tree, name)]
    found, structure = tree_flatten(ct)
    if structure != tree_flatten(template)[1]:
        raise TypeError(f"{name}: bwd returned a cotangent of structure {tree_flatten(ct)[1]!r} "
                        f"for an argument of structure {tree!r}")
    return found


def _add_trees(a, b):
    la, tree = tree_flatten(a)
    return tree_unflatten(tree, [x + y for x, y in zip(la, tree_flatten(b)[0])])


def _no_symbolic_zeros(symbolic_zeros, name):
    if symbolic_zeros:
        raise NotImplementedError(f"{name}: symbolic_zeros=True is not supported; dualtape "
                                  f"passes zero tangents and cotangents as zeros (JAX's default)")
