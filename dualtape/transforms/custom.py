"""User-defined primitives: ``@dualtape.primitive`` and ``@dualtape.custom_gradient``.

``primitive`` puts a function into the same table as the built-in entries, with
a tangent rule and an adjoint rule under the table's one signature convention
(see CONTRIBUTING.md): ``tangent(tangents, out, *primals, **static)`` returns
the output tangent, ``adjoint(cotangent, out, *primals, **static)`` one
cotangent per positional argument.  Give the rules as arguments, or attach
them with decorators, in the spirit of JAX's ``custom_jvp.defjvp``::

    @dualtape.primitive
    def cube(x):
        return x ** 3

    @cube.tangent
    def _(tangents, out, x):
        return 3.0 * x * x * tangents[0]

    @cube.adjoint
    def _(cotangent, out, x):
        return (3.0 * x * x * cotangent,)

An adjoint rule receives one cotangent, shaped like the output.  Reverse
Jacobians pull a whole batch of cotangents back at once (leading axes in front
of the output's shape, the convention of `dualtape.core.primitive`); a user
entry is pulled back one cotangent of such a batch at a time, unless it says
with ``batched_cotangents=True`` that its adjoint carries leading batch axes
through (returns ``batch + shape(x_i)`` for a cotangent of shape ``batch +
shape(out)``), which saves the loop.  The entry's ``batched_cotangents`` field
records which; the audit's ``batched-cotangent`` check holds either to it.

The entry is then differentiated by every mode and audited by
``check_primitives()`` like any other (write the rules with ``dualtape.numpy``
functions or Python operators so that they are differentiable again, for
second derivatives).  ``examples=`` chooses the audit's inputs (by default one
3-vector per argument, drawn from ``domain``); ``cube.unregister()`` removes
the entry.

``custom_gradient`` follows TensorFlow's ``tf.custom_gradient``: the function
returns its value and a function mapping the output cotangent to the input
cotangents.  Its table entry's adjoint calls that function; the tangent rule
is derived from it by transposing it on a tape (it is linear in the
cotangent), so forward mode follows the gradient you give, not the body.
"""
import functools
import inspect
import math

import numpy as np

from ..core.dispatch import bind
from ..core.domains import sample
from ..core.primitive import TABLE, Primitive, register
from ..core.arrays import ndim, shape
from ..rules.helpers import cotangent_batch
from ..rules.indexing import getitem
from ..rules.shapes import broadcast_to, reshape, stack
from .transpose import tangent_from_adjoint

__all__ = ["primitive", "custom_gradient", "CustomPrimitive", "one_cotangent_at_a_time",
           "one_tangent_at_a_time"]

_USER = {}     # name -> the Primitive a user registered (which they may replace)


def _missing(kind, name):
    def rule(*args, **kwargs):
        raise NotImplementedError(
            f"primitive {name!r} has no {kind} rule yet: attach one with @{name}.{kind}")
    return rule


def _default_examples(fn, static, domain):
    params = [p for p in inspect.signature(fn).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
              and p.default is p.empty and p.name not in static]
    domains = domain if isinstance(domain, tuple) else (domain,) * len(params)

    def examples(rng):
        return [(tuple(sample(d, rng, (3,)) for d in domains), {})]
    return examples


class CustomPrimitive:
    """A user function registered in the primitive table (see `primitive`).

    Example:
        >>> import dualtape as dt
        >>> double = dt.primitive(lambda x: 2.0 * x, name="double",
        ...                       tangent=lambda ts, out, x: 2.0 * ts[0],
        ...                       adjoint=lambda g, out, x: (2.0 * g,))
        >>> dt.gradient(double)(1.0)
        2.0
        >>> double.unregister()
    """

    def __init__(self, fn, name=None, tangent=None, adjoint=None, **options):
        self.fn = fn
        self.name = name or getattr(fn, "__name__", None)
        if not self.name or self.name == "<lambda>":
            raise ValueError("primitive: give a lambda a name with name='...'")
        current = TABLE.get(self.name)
        if current is not None and current is not _USER.get(self.name):
            raise ValueError(f"primitive: {self.name!r} is already a built-in table entry; "
                             f"pass name='...' to register under another name")
        functools.update_wrapper(self, fn)
        self._rules = {"tangent": tangent, "adjoint": adjoint}
        self._options = options
        self._register()

    def _register(self):
        options = dict(self._options)
        if options.get("examples") is None:
            options["examples"] = _default_examples(self.fn, options.get("static", ()),
                                                    options.get("domain", "real"))
        rules = [self._rules[k] or _missing(k, self.name) for k in ("tangent", "adjoint")]
        self.primitive = register(Primitive(self.name, self.fn, *rules, **options))
        if not self.primitive.batched_cotangents:
            self.primitive.vjp = one_cotangent_at_a_time(self.primitive.vjp)
        _USER[self.name] = self.primitive

    def __call__(self, *args, **static):
        unknown = set(static) - set(self.primitive.static)
        if unknown:
            raise TypeError(f"{self.name}: keyword arguments {sorted(unknown)} are not declared "
                            f"static; pass static=(...) to dualtape.primitive")
        return bind(self.primitive, *args, **static)

    def tangent(self, rule):
        """Decorator: attach the tangent rule ``rule(tangents, out, *primals, **static)``."""
        self._rules["tangent"] = rule
        self._register()
        return rule

    def adjoint(self, rule):
        """Decorator: attach the adjoint rule ``rule(cotangent, out, *primals, **static)``."""
        self._rules["adjoint"] = rule
        self._register()
        return rule

    def rule(self, kind):
        """The rule attached as `kind` (``"tangent"`` or ``"adjoint"``), or None."""
        return self._rules[kind]

    def unregister(self):
        """Remove this entry from the table (and from the audit)."""
        if TABLE.get(self.name) is self.primitive:
            del TABLE[self.name]
        if _USER.get(self.name) is self.primitive:
            del _USER[self.name]


def one_cotangent_at_a_time(vjp):
    """An entry's joint adjoint (``Primitive.vjp``) that takes a batch of cotangents
    by pulling them back one at a time, for an adjoint written for one cotangent.

    Each input's cotangents are stacked back into shape ``batch + shape(x_i)``
    (table operations throughout, so the result is differentiable again).

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> total = lambda g, out, primals, params, wanted: (np.sum(g) * np.ones(2),)
        >>> one_cotangent_at_a_time(total)(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros(2),
        ...                                [np.zeros(2)], {}, [True])
        (array([[3., 3.],
               [7., 7.]]),)
    """
    def vjp_looped(cotangent, out, primals, params, wanted):
        batch = cotangent_batch(cotangent, out)
        if not batch:
            return vjp(cotangent, out, primals, params, wanted)
        several = type(cotangent) is tuple
        count = math.prod(batch)
        flat = [reshape(g, (count,) + shape(o)) for g, o in
                zip(cotangent if several else (cotangent,), out if several else (out,))]
        rows = []
        for k in range(count):
            one = tuple(getitem(g, (k,)) for g in flat)
            rows.append(vjp(one if several else one[0], out, primals, params, wanted))
        return tuple(_stacked([r[i] for r in rows], x, batch) for i, x in enumerate(primals))
    return vjp_looped


def one_tangent_at_a_time(jvp, multiple_results=False):
    """An entry's joint tangent rule (``Primitive.jvp``) that takes a batch of directions
    by pushing them one at a time, for a rule written for one direction (as HIPS
    autograd's and JAX's rules are).

    Example:
        >>> import numpy as np
        >>> total = lambda ts, out, primals, params: np.sum(ts[0]) * np.ones(2)
        >>> one_tangent_at_a_time(total)([np.array([[1.0, 2.0], [3.0, 4.0]])], np.zeros(2),
        ...                              [np.zeros(2)], {})
        array([[3., 3.],
               [7., 7.]])
    """
    def jvp_looped(tangents, out, primals, params):
        first = next((k for k, t in enumerate(tangents) if t is not None), None)
        batch = () if first is None else \
            shape(tangents[first])[:ndim(tangents[first]) - ndim(primals[first])]
        if not batch:
            return jvp(tangents, out, primals, params)
        count = math.prod(batch)
        flat = [None if t is None else reshape(t, (count,) + shape(p))
                for t, p in zip(tangents, primals)]
        rows = []
        for k in range(count):
            row = jvp([None if t is None else getitem(t, (k,)) for t in flat], out, primals, params)
            rows.append(row if multiple_results else (row,))
        columns = [_stacked([r[j] for r in rows], o, batch)
                   for j, o in enumerate(out if multiple_results else (out,))]
        return tuple(columns) if multiple_results else columns[0]
    return jvp_looped


def _stacked(parts, like, batch):
    """One derivative per direction of a batch (None: zero), stacked into shape
    ``batch + shape(like)``; None when every part is None."""
    if all(p is None for p in parts):
        return None
    parts = [np.zeros(shape(like)) if p is None else broadcast_to(p, shape(like)) for p in parts]
    return reshape(stack(parts), batch + shape(like))


def primitive(fn=None, *, name=None, tangent=None, adjoint=None, static=(), examples=None,
              domain="real", second=None, taylor=None, broadcasts=False,
              multiple_results=False, batched_cotangents=False, complex=None):
    """Register `fn` (called with plain NumPy values) as a table entry with a tangent
    and an adjoint rule; returns a callable `CustomPrimitive`.

    Use bare (``@primitive``, then ``@f.tangent`` / ``@f.adjoint``) or with the
    rules as arguments.  ``static`` names keyword arguments that are not
    differentiated; ``examples(rng) -> [(args, static_kwargs), ...]`` gives the
    audit's inputs; ``second``/``taylor`` are the optional fast paths of the
    HyperDual and jet engines, as for built-in entries.  ``batched_cotangents=True``
    says the adjoint carries leading batch axes of the cotangent through (see the
    module docstring); without it a batch is pulled back one cotangent at a time.
    ``complex="holomorphic"`` (the rules hold for complex values as written) or
    ``"nonholomorphic"`` (they conjugate where needed) says the entry takes complex
    values: the audit then checks it on complex inputs too, and a holomorphic one
    by complex steps.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> @dt.primitive
        ... def cube(x):
        ...     return x ** 3
        >>> @cube.tangent
        ... def _(tangents, out, x):
        ...     return 3.0 * x * x * tangents[0]
        >>> @cube.adjoint
        ... def _(cotangent, out, x):
        ...     return (3.0 * x * x * cotangent,)
        >>> dt.gradient(cube)(2.0), dt.check_primitives("cube").ok
        (12.0, True)
        >>> cube.unregister()
    """
    options = dict(static=static, examples=examples, domain=domain, second=second,
                   taylor=taylor, broadcasts=broadcasts, multiple_results=multiple_results,
                   batched_cotangents=batched_cotangents, complex=complex)

    def make(f):
        return CustomPrimitive(f, name, tangent, adjoint, **options)
    return make if fn is None else make(fn)


# --- custom_gradient ---------------------------------------------------------------------------

def _as_tuple(cts, n, name):
    cts = tuple(cts) if isinstance(cts, (tuple, list)) else (cts,)
    if len(cts) != n:
        raise ValueError(f"custom_gradient {name}: the gradient function returned {len(cts)} "
                         f"cotangents for {n} arguments")
    return cts


def custom_gradient(fn=None, *, name=None, examples=None, domain="real",
                    batched_cotangents=False):
    """A function with its own gradient, TensorFlow's ``tf.custom_gradient``: `fn`
    returns ``(value, grad_fn)`` and ``grad_fn(cotangent)`` gives the cotangent of
    each argument.  Every mode (forward too) uses `grad_fn`; the entry is audited.
    `grad_fn` gets one cotangent at a time, unless ``batched_cotangents=True``
    says it carries leading batch axes through (see `primitive`).

    Example — a norm whose gradient at 0 is 0 instead of NaN:
        >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
        >>> @dt.custom_gradient
        ... def safe_norm(x):
        ...     n = dnp.sqrt(dnp.sum(x * x))
        ...     def grad(g):
        ...         return g * x / (n if n > 0 else 1.0)
        ...     return n, grad
        >>> dt.gradient(safe_norm)(np.zeros(2)), dt.gradient(safe_norm)(np.array([3.0, 4.0]))
        (array([0., 0.]), array([0.6, 0.8]))
        >>> safe_norm.unregister()
    """
    def make(f):
        label = name or f.__name__

        def impl(*xs):
            return f(*xs)[0]

        def adjoint(g, out, *primals):
            return _as_tuple(f(*primals)[1](g), len(primals), label)

        impl.__name__ = label
        def joint_adjoint(g, out, primals, params, wanted):
            return adjoint(g, out, *primals)

        prim = CustomPrimitive.__new__(CustomPrimitive)
        CustomPrimitive.__init__(prim, impl, label, tangent_from_adjoint(joint_adjoint), adjoint,
                                 examples=examples or _default_examples(f, (), domain),
                                 domain=domain, batched_cotangents=batched_cotangents)
        functools.update_wrapper(prim, f)
        return prim
    return make if fn is None else make(fn)
