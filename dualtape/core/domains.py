"""Valid inputs for a table entry, drawn from its `domain` field.

Every entry names where its inputs may lie (``"positive"`` for ``log``,
``"open_unit"`` for ``arcsin``, ...) or gives its own ``examples``.  This
module turns that field into concrete arguments: the audit checks each entry
on them, custom primitives get them for free, and the test suite's random
programs start from them.

Complex inputs are real ones moved off the real line by a small imaginary part
(`sample_complex`, `complexified`): every named domain is a stretch of the real
line kept away from the branch cuts and poles of its functions (the negative
reals for ``log`` and ``sqrt``, ``|x| > 1`` for ``arcsin``, ...), so a strip
around it avoids them too.

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


# Half-width of the strip around the real line that complex inputs are drawn from:
# narrow enough to keep clear of the cuts on the imaginary axis (|Im z| > 1 for
# arctan and arcsinh), of rounding's half-integers, and of ``pi/2`` poles.
IMAGINARY_SPREAD = 0.4


def sample_complex(domain, rng, shape):
    """Complex inputs of `shape` near a named domain: its real draws plus imaginary
    parts in (-0.4, 0.4).  A scalar shape gives a Python complex.

    Example:
        >>> import numpy as np
        >>> z = sample_complex("positive", np.random.default_rng(0), (3,))
        >>> z.dtype, bool(np.all(z.real >= 0.5) and np.all(np.abs(z.imag) <= 0.4))
        (dtype('complex128'), True)
    """
    return _off_the_line(sample(domain, rng, shape), rng)


def complexified(args, params, rng):
    """An entry's example made complex: every float or complex argument gets an
    imaginary part in (-0.4, 0.4) added, and a float dtype parameter becomes the
    complex dtype of its width (``astype``'s target), so the example stays valid.

    Example:
        >>> import numpy as np
        >>> args, params = complexified((np.ones(2), 3), {"dtype": np.dtype(np.float32)},
        ...                             np.random.default_rng(0))
        >>> args[0].dtype, args[1], params
        (dtype('complex128'), 3, {'dtype': dtype('complex64')})
    """
    new_args = tuple(_off_the_line(a, rng) if _is_inexact(a) else a for a in args)
    return new_args, complex_params(params)


def complex_params(params):
    """Static parameters for complex arguments: a float dtype parameter becomes the
    complex dtype of its width; the others stay.

    Example:
        >>> complex_params({"dtype": np.dtype(np.float64), "axis": (-1,)})
        {'dtype': dtype('complex128'), 'axis': (-1,)}
    """
    return {k: np.result_type(v, np.complex64) if isinstance(v, np.dtype) and v.kind == "f" else v
            for k, v in params.items()}


def _is_inexact(a):
    return isinstance(a, (float, complex)) or \
        (isinstance(a, (np.ndarray, np.generic)) and a.dtype.kind in "fc")


def _off_the_line(x, rng):
    s = np.shape(x)
    z = x + 1j * rng.uniform(-IMAGINARY_SPREAD, IMAGINARY_SPREAD, s)
    return complex(z) if s == () else np.asarray(z)


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
