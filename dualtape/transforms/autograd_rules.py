"""HIPS autograd's way of giving a primitive its rules: ``defvjp`` and ``defjvp``.

autograd writes ``@primitive`` on a function and then, per argument, a VJP maker
``vjp_maker(ans, *args, **kwargs) -> (g -> cotangent)`` with `defvjp` and a JVP
function ``jvp(g, ans, *args, **kwargs) -> tangent`` with `defjvp` (``None`` for
an argument with no derivative, ``"same"`` in `defjvp` for one the function is
linear in).  Here ``@dualtape.primitive`` makes the entry and these two adapt
autograd's rules into the per-argument rules of the table (CONTRIBUTING.md), so
the entry is differentiated in every mode and audited.  Two differences, both
in the direction of an answer where autograd has none:

* an argument given only one of the two rules gets the other by transposing it
  on a tape (`dualtape.transforms.transpose`), so an autograd primitive with
  only a VJP works in forward mode, `hessian`'s forward-over-reverse and
  HyperDual too; an argument given neither raises NotImplementedError when it
  is differentiated, as in autograd;
* autograd's rules are written for one tangent and one cotangent, so a batch of
  either (a one-pass Jacobian) is taken one direction at a time.

Example:
    >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
    >>> @dt.primitive
    ... def log_sum_exp(x):
    ...     return np.log(np.sum(np.exp(x)))
    >>> dt.defvjp(log_sum_exp, lambda ans, x: lambda g: g * dnp.exp(x - ans))
    >>> x = np.array([0.0, np.log(3.0)])
    >>> dt.gradient(log_sum_exp)(x), dt.jacfwd(log_sum_exp)(x)       # softmax(x) both ways
    (array([0.25, 0.75]), array([0.25, 0.75]))
    >>> log_sum_exp.unregister()
"""
import inspect
import itertools
import weakref

from .custom import CustomPrimitive, one_tangent_at_a_time
from .transpose import adjoint_part_from_tangent_part, tangent_part_from_adjoint_part

__all__ = ["defvjp", "defjvp"]

# entry -> {"vjp": {position: maker or None}, "jvp": {position: function, "same" or None}}
_GIVEN = weakref.WeakKeyDictionary()


def defvjp(fun, *vjpmakers, argnums=None):
    """Give the primitive `fun` autograd's VJP makers, one per argument in order (or
    for the positions `argnums`): ``maker(ans, *args, **kwargs)`` returns the function
    ``g -> the argument's cotangent``; ``None`` says the argument has no derivative.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> @dt.primitive
        ... def scale(x, a):
        ...     return a * x
        >>> dt.defvjp(scale, lambda ans, x, a: lambda g: a * g, lambda ans, x, a: lambda g: g * x)
        >>> dt.gradient(scale, argnums=(0, 1))(2.0, 5.0)
        (5.0, 2.0)
        >>> scale.unregister()
    """
    _give(fun, "vjp", vjpmakers, argnums, "defvjp")


def defjvp(fun, *jvpfuns, argnums=None):
    """Give the primitive `fun` autograd's JVP functions, one per argument in order (or
    for the positions `argnums`): ``jvp(g, ans, *args, **kwargs)`` is the output's
    tangent for the argument's tangent `g`; ``None`` says it has no derivative and
    ``"same"`` that `fun` is linear in it.

    Example:
        >>> import dualtape as dt, dualtape.numpy as dnp
        >>> @dt.primitive
        ... def sine(x):
        ...     return dnp.sin(x)
        >>> dt.defjvp(sine, lambda g, ans, x: g * dnp.cos(x))
        >>> dt.jvp(sine, (0.0,), (1.0,)), dt.gradient(sine)(0.0)
        ((0.0, 1.0), 1.0)
        >>> sine.unregister()
    """
    _give(fun, "jvp", jvpfuns, argnums, "defjvp")


def _give(fun, kind, rules, argnums, who):
    if not isinstance(fun, CustomPrimitive):
        raise TypeError(f"{who}: {getattr(fun, '__name__', fun)!r} is not a primitive; decorate "
                        f"it with @dualtape.primitive first (autograd's @primitive)")
    count = _positional_count(fun, who)
    given = _GIVEN.setdefault(fun, {"vjp": {}, "jvp": {}})
    positions = itertools.count() if argnums is None else argnums
    for position, rule in zip(positions, rules):
        if not 0 <= position < count:
            raise ValueError(f"{who}: {fun.name} has {count} positional arguments, so argument "
                             f"{position} has no rule to take")
        if rule is not None and not callable(rule) and not (kind == "jvp" and rule == "same"):
            raise TypeError(f"{who}: the rule for argument {position} of {fun.name} is {rule!r}; "
                            f"give a function, None (no derivative)"
                            + (' or "same" (linear)' if kind == "jvp" else ""))
        given[kind][position] = rule
    _attach(fun, given, count)


def _positional_count(fun, who):
    params = [p for p in inspect.signature(fun.fn).parameters.values()
              if p.name not in fun.primitive.static]
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        raise TypeError(f"{who}: {fun.name} takes *args, but a table entry has one rule per "
                        f"named positional argument; give its arguments names")
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def _attach(fun, given, count):
    """Set both rules of `fun` from what autograd's calls gave: each argument's own rule,
    or the transpose of its other one, or one that raises when it is needed."""
    multiple = fun.primitive.multiple_results
    tangents, adjoints = [], []
    for i in range(count):
        has_vjp, has_jvp = i in given["vjp"], i in given["jvp"]
        vjp = _adjoint_part(given["vjp"][i]) if has_vjp else None
        jvp = _tangent_part(fun, given["jvp"][i], i, multiple) if has_jvp else None
        if not has_jvp:
            jvp = _missing(fun, "JVP", i) if not has_vjp else \
                vjp and tangent_part_from_adjoint_part(vjp, i, multiple)
        if not has_vjp:
            # "same" applies fun to the tangent: transposing it would need this very VJP
            vjp = _missing(fun, "VJP", i, has_jvp) if not has_jvp or given["jvp"][i] == "same" else \
                jvp and adjoint_part_from_tangent_part(jvp, i, multiple, f"VJP of {fun.name}")
        tangents.append(jvp)
        adjoints.append(vjp)
    made = given.setdefault("made", {})
    for kind, parts, from_autograd in (("tangent", tangents, given["jvp"]),
                                       ("adjoint", adjoints, given["vjp"])):
        current = fun.rule(kind)
        if not from_autograd and current is not None and current is not made.get(kind):
            continue                # a rule attached with @fun.tangent or @fun.adjoint stays
        made[kind] = tuple(parts)
        getattr(fun, kind)(made[kind])


def _adjoint_part(maker):
    """autograd's ``maker(ans, *args, **kwargs) -> (g -> cotangent)`` as a table rule."""
    if maker is None:
        return None

    def adjoint_part(g, out, *primals, **params):
        return maker(out, *primals, **params)(g)
    return adjoint_part


def _tangent_part(fun, rule, position, multiple):
    """autograd's ``jvp(g, ans, *args, **kwargs)`` (or ``"same"``) as a table rule that
    takes a batch of tangents one direction at a time."""
    if rule is None:
        return None
    if rule == "same":
        def rule(t, out, *primals, **params):
            return fun(*primals[:position], t, *primals[position + 1:], **params)
    joint = one_tangent_at_a_time(
        lambda ts, out, primals, params: rule(ts[position], out, *primals, **params), multiple)

    def tangent_part(t, out, *primals, **params):
        tangents = [None] * len(primals)
        tangents[position] = t
        return joint(tangents, out, primals, params)
    return tangent_part


def _missing(fun, kind, position, same=False):
    why = ' (its JVP is "same", which has no transpose without it)' if same else \
        " (either rule is enough: the other is derived from it)"

    def rule(*args, **params):
        raise NotImplementedError(
            f"{kind} of {fun.name} with respect to argument {position} is not defined; give it "
            f"with {'defvjp' if kind == 'VJP' else 'defjvp'}({fun.name}, ..., argnums=[{position}])"
            + why)
    return rule
