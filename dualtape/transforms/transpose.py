"""A table entry's missing rule, derived from the rule it has by transposing it on a tape.

A tangent rule is linear in the tangents and an adjoint rule is linear in the
cotangent, so each is the other's transpose.  `transposed` records a linear
function on a fresh tape, with zero-valued sources in place of its arguments,
and runs one backward pass: that applies the transpose under the table's pairing
Re Σ a·b (so complex values follow the table's convention).  The primals the
rule closes over may be boxes of lower levels, constants at the new tape's
level, so the derived rule is itself differentiable (second derivatives of an
entry that has only one rule of its own work).  A seed may carry leading batch
axes, which the backward pass carries through: the derived rules take a batch of
tangents or cotangents in one pass.

Users reach these through `custom_gradient` (an adjoint only), HIPS autograd's
`defvjp`/`defjvp` (either) and JAX's `custom_jvp` and `custom_vjp`.
"""
import contextlib
import threading

import numpy as np

from ..core.arrays import shape
from ..core.box import raw, unbox_to
from ..reverse.tape import Tape
from ..reverse.tensor import Tensor
from ..rules.shapes import broadcast_to
from .dtypes import zeros_like_input

__all__ = ["transposed", "tangent_from_adjoint", "adjoint_from_tangent", "tangent_part_from_adjoint_part",
           "adjoint_part_from_tangent_part", "differentiable"]


def differentiable(x):
    """True when `x` (a value or box) holds floats or complex numbers, so it has tangents.

    Example:
        >>> import numpy as np
        >>> differentiable(1.0), differentiable(np.arange(3)), differentiable(2j)
        (True, False, True)
    """
    return np.issubdtype(np.result_type(raw(x)), np.inexact)


def _shaped(value, like):
    """`value` broadcast to the shape of `like` (a rule may return a broadcastable one)."""
    if value is None or shape(value) == shape(like):
        return value
    return broadcast_to(value, shape(like))


def transposed(linear, args_like, results_like, seeds):
    """The transpose of `linear` applied to `seeds`: one cotangent per argument.

    ``linear(args)`` takes a list with one value per entry of `args_like` (None
    where that entry is None: not an argument) and returns one value or a tuple,
    shaped like `results_like`; it must be linear in its arguments.  `seeds` has
    one cotangent per result (None for zero), each with the result's shape after
    any leading batch axes.  Returns a list aligned with `args_like`, None where
    an argument does not reach a seeded result.

    Example:
        >>> import numpy as np
        >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> transposed(lambda xs: A @ xs[0], [np.zeros(2)], (np.zeros(2),), [np.array([1.0, 0.0])])
        [array([1., 2.])]
    """
    tape = Tape()
    sources = [None if a is None else tape.source(zeros_like_input(a)) for a in args_like]
    with tape.recording_on():
        results = linear(sources)
        results = results if type(results) is tuple else (results,)
        results = [_shaped(r, o) for r, o in zip(results, results_like)]
    seeded = {}
    for r, g in zip(results, seeds):
        top = unbox_to(r, tape.level)
        if g is None or type(top) is not Tensor or top._tape is not tape:
            continue                       # a zero seed, or a result no argument reaches
        seeded[top._node] = g if top._node not in seeded else seeded[top._node] + g
    nodes = [s._node for s in sources if s is not None]
    found = iter(tape.backward(seeded, nodes) if seeded else [None] * len(nodes))
    return [None if s is None else next(found) for s in sources]


def tangent_from_adjoint(vjp, multiple_results=False):
    """A tangent rule ``tangent(tangents, out, *primals, **params)`` that transposes
    the joint adjoint ``vjp(cotangent, out, primals, params, wanted)`` (the form
    `Primitive.vjp` has).

    Example:
        >>> import numpy as np
        >>> double_back = lambda g, out, primals, params, wanted: (2.0 * g,)
        >>> tangent_from_adjoint(double_back)([np.array([1.0, 3.0])], np.zeros(2), np.zeros(2))
        array([2., 6.])
    """
    def tangent(tangents, out, *primals, **params):
        wanted = [t is not None for t in tangents]

        def adjoint_of(gs):
            cts = vjp(tuple(gs) if multiple_results else gs[0], out, primals, params, wanted)
            return tuple(_shaped(c, p) if w else None for c, p, w in zip(cts, primals, wanted))
        columns = transposed(adjoint_of, _results_and_seeds(out, None, multiple_results)[0],
                             primals, tangents)
        return tuple(columns) if multiple_results else columns[0]
    return tangent


_TRANSPOSING = threading.local()       # the derived adjoints running in this thread


@contextlib.contextmanager
def _not_circular(rule, who):
    """Raise instead of recursing forever when transposing a tangent rule needs the
    adjoint being derived: a tangent rule that applies its own entry to the tangents
    (autograd's ``"same"``, or a call of the function itself) has no transpose here."""
    active = _TRANSPOSING.__dict__.setdefault("rules", set())
    if rule in active:
        raise NotImplementedError(
            f"{who}: the tangent rule applies the function itself to the tangents, so its "
            f"adjoint cannot be derived by transposing it; give the adjoint (VJP) rule too")
    active.add(rule)
    try:
        yield
    finally:
        active.discard(rule)


def adjoint_from_tangent(jvp, multiple_results=False, who="adjoint"):
    """An adjoint rule ``adjoint(cotangent, out, *primals, **params)`` that transposes
    the joint tangent rule ``jvp(tangents, out, primals, params)`` (the form
    `Primitive.jvp` has); integer arguments get no cotangent.  A tangent rule that
    applies the entry itself to the tangents cannot be transposed: that raises a
    NotImplementedError that starts with `who`.

    Example:
        >>> import numpy as np
        >>> square_forward = lambda ts, out, primals, params: 2.0 * primals[0] * ts[0]
        >>> x = np.array([1.0, 3.0])
        >>> adjoint_from_tangent(square_forward)(np.ones(2), x * x, x)
        (array([2., 6.]),)
    """
    def adjoint(cotangent, out, *primals, **params):
        args_like = [p if differentiable(p) else None for p in primals]
        with _not_circular(adjoint, who):
            return tuple(transposed(lambda ts: jvp(ts, out, primals, params), args_like,
                                    *_results_and_seeds(out, cotangent, multiple_results)))
    return adjoint


def _results_and_seeds(out, cotangent, multiple_results):
    if multiple_results:
        return out, cotangent
    return (out,), (cotangent,)


def tangent_part_from_adjoint_part(part, position, multiple_results=False):
    """The tangent rule of one argument, ``rule(t, out, *primals, **params)``, that
    transposes that argument's adjoint rule ``part(cotangent, out, *primals, **params)``.

    Example:
        >>> import numpy as np
        >>> x = np.array([1.0, 2.0])
        >>> cube_back = lambda g, out, x: 3.0 * x * x * g
        >>> tangent_part_from_adjoint_part(cube_back, 0)(np.ones(2), x ** 3, x)
        array([ 3., 12.])
    """
    def joint(g, out, primals, params, wanted):
        return [part(g, out, *primals, **params) if k == position else None
                for k in range(len(primals))]
    whole = tangent_from_adjoint(joint, multiple_results)

    def tangent_part(t, out, *primals, **params):
        tangents = [None] * len(primals)
        tangents[position] = t
        return whole(tangents, out, *primals, **params)
    return tangent_part


def adjoint_part_from_tangent_part(part, position, multiple_results=False, who="adjoint"):
    """The adjoint rule of one argument, ``rule(cotangent, out, *primals, **params)``,
    that transposes that argument's tangent rule ``part(t, out, *primals, **params)``.

    Example (the adjoint of t ↦ 3x²·t at x = 2):
        >>> adjoint_part_from_tangent_part(lambda t, out, x: 3.0 * x * x * t, 0)(1.0, 8.0, 2.0)
        12.0
    """
    def adjoint_part(cotangent, out, *primals, **params):
        with _not_circular(adjoint_part, who):
            return transposed(lambda ts: part(ts[0], out, *primals, **params),
                              [primals[position]],
                              *_results_and_seeds(out, cotangent, multiple_results))[0]
    return adjoint_part
