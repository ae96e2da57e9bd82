"""The primitive table: one entry per differentiable operation.

An entry holds the NumPy implementation and both derivative rules side by
side, under one signature convention:

* tangent (JVP) rule: ``tangent(tangents, out, *primals, **params)`` returns the
  output tangent, linear in `tangents` (a list with ``None`` for a zero tangent);
* adjoint (VJP) rule: ``adjoint(cotangent, out, *primals, **params)`` returns one
  input cotangent per positional argument (``None`` for "no contribution").

Either rule may instead be given per argument, as a tuple of functions
``rule_i(t_or_ct, out, *primals, **params)``; the per-argument tangents are
summed.  Rules use table operations only (never raw ``np.*`` on values that
may be boxed), so they are themselves differentiable.

A tangent may carry extra *leading* axes (a batch of directions, used for
one-pass Jacobians and Hessians); tangent rules must carry them through.
Primitives flagged ``broadcasts`` have their batched tangents padded by the
forward engine to the output's rank, so elementwise rules need not care.

A cotangent may carry extra leading axes too, the mirror of batched tangents
(a batch of cotangents, used for one-pass reverse Jacobians): an adjoint rule
receives a cotangent of shape ``batch + shape(out)``, where ``batch`` is the
cotangent's leading axes beyond the output's rank (usually none), and returns
for each input a cotangent of shape ``batch + shape(x_i)``.  For an entry with
several results every output cotangent carries the same batch.  Rules keep
the batch by using negative axes, ``...`` in einsum and matmul's own
broadcasting, and undo broadcasting only over the other axes
(`dualtape.rules.helpers.sum_to_shape` with `cotangent_batch`).  Every
built-in entry does; a user entry (`dualtape.transforms.custom`) that does not
declare ``batched_cotangents=True`` gets its adjoint applied to a batch one
cotangent at a time, and its ``batched_cotangents`` field says so (False).
The audit's ``batched-cotangent`` check holds every entry to this.

A linear entry is its own derivative: `deflinear` registers it from its
adjoint alone, and its tangent rule applies the entry to the tangents.
"""
import numpy as np

from .arrays import shape, ndim
from .dispatch import bind

TABLE = {}
PRIMITIVES = []      # every entry ever made, by `Primitive.index`


class Primitive:
    """One table entry.  See the module docstring for the rule convention.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> TABLE["sin"].impl(0.0)
        0.0
    """

    __slots__ = ("name", "impl", "tangent", "adjoint", "domain", "examples",
                 "broadcasts", "multiple_results", "scalar", "second", "taylor",
                 "static", "doc", "jvp", "vjp", "linear", "family", "pattern",
                 "batched_cotangents", "complex", "partials", "adjoint_reads_values", "index")

    def __init__(self, name, impl, tangent, adjoint, *, domain="real",
                 examples=None, broadcasts=False, multiple_results=False,
                 scalar=None, second=None, taylor=None, static=(), linear=False,
                 family=None, pattern=None, batched_cotangents=True, complex=None, doc=""):
        self.name = name
        self.impl = impl
        self.tangent = tangent
        self.adjoint = adjoint
        self.domain = domain            # how the audit samples valid inputs
        self.examples = examples        # rng -> [(args, params), ...] for the audit
        self.broadcasts = broadcasts    # positional inputs broadcast against each other
        self.multiple_results = multiple_results
        self.scalar = scalar            # Python float (or complex) x -> (f(x), f'(x)), or None
        self.second = second            # closed-form second-order term (HyperDual)
        self.taylor = taylor            # Taylor-coefficient recurrence (jets)
        self.static = tuple(static)     # names of static (non-differentiable) params
        self.linear = linear            # linear in its inputs (tangent rule = impl)
        self.family = family            # the rule module it belongs to (coverage page)
        self.pattern = pattern          # sparsity rule (dualtape.sparsity); None: its family's
        self.batched_cotangents = batched_cotangents  # the adjoint rule itself takes batches
        # on complex values: "holomorphic" (the rules hold as written, see
        # rules/complex_values.py), "nonholomorphic" (rules that conjugate where
        # needed), or None (complex input is refused, or the entry never sees it)
        self.complex = complex
        self.partials = None            # an elementwise entry's partial derivatives (the float
        #                                 path of the backward loop; see rules/elementwise_entry.py)
        # whether the adjoint reads argument values (not only shapes): the tape guards
        # the arrays an adjoint will read against changes (reverse/guards.py)
        self.adjoint_reads_values = not linear
        self.doc = doc
        self.jvp = _joint_tangent(tangent)
        self.vjp = _joint_adjoint(adjoint)
        # A tape's record names its entry by this number: a record that holds no object
        # the garbage collector tracks is left out of its passes (reverse/tape.py).
        self.index = len(PRIMITIVES)
        PRIMITIVES.append(self)

    def __repr__(self):
        return f"<primitive {self.name}>"


def _joint_tangent(rule):
    if not isinstance(rule, tuple):
        def jvp(tangents, out, primals, params):
            return rule(tangents, out, *primals, **params)
        return jvp

    parts = rule

    def jvp(tangents, out, primals, params):
        total = None
        for part, t in zip(parts, tangents):
            if t is None or part is None:
                continue
            contribution = part(t, out, *primals, **params)
            if contribution is None:
                continue
            total = contribution if total is None else total + contribution
        return total
    return jvp


def _joint_adjoint(rule):
    if not isinstance(rule, tuple):
        def vjp(cotangent, out, primals, params, wanted):
            return rule(cotangent, out, *primals, **params)
        return vjp

    parts = rule

    def vjp(cotangent, out, primals, params, wanted):
        cts = []
        for part, want in zip(parts, wanted):
            cts.append(part(cotangent, out, *primals, **params)
                       if want and part is not None else None)
        return cts
    return vjp


def register(prim):
    """Add `prim` to the table (replacing an entry of the same name)."""
    TABLE[prim.name] = prim
    return prim


def defprimitive(name, impl, tangent, adjoint, **options):
    """Create and register a `Primitive`; returns it."""
    return register(Primitive(name, impl, tangent, adjoint, **options))


def deflinear(name, impl, adjoint, *, batch_params=None, **options):
    """Create and register a linear entry from its adjoint rule alone; returns it.

    A linear map is its own derivative, so the tangent rule is the entry itself
    applied to the tangents, ``bind(prim, *tangents, **params)``; a zero (None)
    tangent beside others becomes zeros, and a map that is zero (every part of
    the adjoint None) has a zero tangent rule too.

    The adjoint, like every adjoint, takes cotangents with leading batch axes
    (see the module docstring).  Tangents may carry leading direction axes.  ``batch_params(batch, *primals,
    **params)`` returns the params to apply the entry with when they carry the
    leading axes `batch` (a shape tuple); None keeps the params as they are,
    which is right for elementwise entries and for entries whose axes are
    negative.  `prefix_batch` covers entries with an output-shape param.

    Example:
        >>> import numpy as np
        >>> twice = deflinear("doctest.twice", lambda x: 2.0 * x,
        ...                   lambda g, out, x: (2.0 * g,), broadcasts=True)
        >>> twice.jvp([np.ones(2)], None, [np.zeros(2)], {})
        array([2., 2.])
        >>> del TABLE["doctest.twice"]
    """
    parts = adjoint if isinstance(adjoint, tuple) else ()
    if parts and all(part is None for part in parts):
        return defprimitive(name, impl, parts, adjoint, linear=True, **options)

    def tangent(tangents, out, *primals, **params):
        first = next((k for k, t in enumerate(tangents) if t is not None), None)
        if first is None:
            return None
        t = tangents[first]
        # Broadcasting entries get their tangents padded to the output's rank.
        lead = ndim(t) - (ndim(out) if prim.broadcasts else ndim(primals[first]))
        batch = shape(t)[:max(lead, 0)]
        if len(tangents) > 1:
            tangents = [_zero_tangent(prim, batch, x) if t is None else t
                        for t, x in zip(tangents, primals)]
        if batch and batch_params is not None:
            params = batch_params(batch, *primals, **params)
        return bind(prim, *tangents, **params)

    prim = defprimitive(name, impl, tangent, adjoint, linear=True, **options)
    return prim


def _zero_tangent(prim, batch, x):
    # A zero scalar broadcasts against the other tangents of a broadcasting entry.
    return 0.0 if prim.broadcasts else np.zeros(batch + shape(x))


def prefix_batch(*names):
    """A `batch_params` for `deflinear` that puts the batch shape in front of the
    named output-shape params (``reshape``'s ``shape``, ...).

    Example:
        >>> prefix_batch("shape")((5,), None, shape=(2, 3))
        {'shape': (5, 2, 3)}
    """
    def batch_params(batch, *primals, **params):
        return {**params, **{n: tuple(batch) + tuple(params[n]) for n in names}}
    return batch_params
