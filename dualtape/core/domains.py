"""Valid inputs for a table entry, drawn from its `domain` field.

Every entry names where its inputs may lie (``"positive"`` for ``log``,
``"open_unit"`` for ``arcsin``, ...) or gives its own ``examples``.  This
module turns that field into concrete arguments: the audit checks each entry
on them, custom primitives get them for free, and the test suite's random
programs start from them.

Example:
    >>> import numpy as np
    >>> from dualtape.core.primitive import TABLE
    >>> args, params = examples_for(TABLE["log"], np.random.default_rng(0))[0]
    >>> [a.shape for a in args], bool(np.all(args[0] > 0)), params
    ([(3, 4)], True, {})
"""
import numpy as np

# Each named domain: (rng, shape) -> values inside it, kept away from its edges
# so that a finite-difference step stays inside too.
DOMAINS = {
    "real": lambda rng, s: rng.standard_normal(s),
    "positive": lambda rng, s: rng.uniform(0.5, 2.0, s),
    "nonzero": lambda rng, s: rng.choice([-1.0, 1.0], s) * rng.uniform(0.5, 2.0, s),
    "open_unit": lambda rng, s: rng.uniform(-0.9, 0.9, s),
    "above_minus_one": lambda rng, s: rng.uniform(-0.5, 2.0, s),
    "tan": lambda rng, s: rng.uniform(-1.2, 1.2, s),
    "below": lambda rng, s: rng.uniform(-0.6, -0.4, s),
    "above": lambda rng, s: rng.uniform(0.4, 0.6, s),
}

# Argument shapes for an entry without examples, by its number of arguments:
# equal shapes, shapes that broadcast against each other, and scalars.
BROADCAST_SHAPES = {
    1: [[(3, 4)], [()]],
    2: [[(3, 4), (3, 4)], [(3, 1), (4,)], [(), (2, 3)]],
    3: [[(3, 4), (3, 4), (3, 4)], [(3, 1), (4,), ()]],
}


def sample(domain, rng, shape):
    """Inputs of `shape` from a named domain (or a callable ``(rng, shape)``).

    A scalar shape gives a Python float, as user code on the scalar path would pass.

    Example:
        >>> import numpy as np
        >>> x = sample("positive", np.random.default_rng(0), (2,))
        >>> x.shape, bool(np.all((0.5 <= x) & (x <= 2.0)))
        ((2,), True)
        >>> type(sample("real", np.random.default_rng(0), ()))
        <class 'float'>
    """
    fn = DOMAINS[domain] if isinstance(domain, str) else domain
    x = fn(rng, shape)
    return float(x) if shape == () else np.asarray(x, dtype=float)


def examples_for(prim, rng):
    """[(args, params), ...] on which to check `prim`: its own examples, or
    draws from its domain in each of `BROADCAST_SHAPES` for its arity.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> [[np.shape(a) for a in args] for args, _ in examples_for(TABLE["add"], np.random.default_rng(0))]
        [[(3, 4), (3, 4)], [(3, 1), (4,)], [(), (2, 3)]]
    """
    if prim.examples is not None:
        return list(prim.examples(rng))
    arity = _arity(prim)
    domains = prim.domain if isinstance(prim.domain, tuple) else (prim.domain,) * arity
    return [(tuple(sample(d, rng, s) for d, s in zip(domains, shapes)), {})
            for shapes in BROADCAST_SHAPES[arity]]


def _arity(prim):
    if isinstance(prim.tangent, tuple):
        return len(prim.tangent)
    if isinstance(prim.adjoint, tuple):
        return len(prim.adjoint)
    raise ValueError(f"primitive {prim.name}: give `examples` so the audit knows its arguments")
