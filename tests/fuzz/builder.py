"""`Builder`: a program grown one checked step at a time."""
import collections
import math
import warnings

import numpy as np

from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE

from .printing import public_name
from .program import Program, Step, Var
from .values import (DOMAIN_MAPS, LIMIT, constant_in, into_strip, is_float64, kind_of, near_example,
                     random_direction)

# A step whose output exceeds this (or is not finite) is discarded and redrawn.
BLOWUP = 1e6
# Largest array a step may produce: keeps a program's evaluation cheap.
MAX_SIZE = 64


class Rejected(Exception):
    """A drawn step cannot run here (bad shapes, overflow, ...); draw another."""

    def __init__(self, name, why):
        super().__init__(f"{name}: {why}")
        REJECTIONS[(name, why.split(":")[0])] += 1


# How often each entry was drawn but could not be placed, and why: a long run
# prints this, so an entry that is (almost) never placed does not go unseen.
REJECTIONS = collections.Counter()


# --- building a program -----------------------------------------------------------

class Builder:
    """Accumulates steps while evaluating them on the program's inputs.

    The choices inside one drawn step (which values, which example, which
    domain map, constants) come from `rng`, which `programs()` reseeds from
    one hypothesis draw per step: few draws keep long programs within
    hypothesis' data budget, and shrinking a step's seed changes that step only.
    """

    def __init__(self, rng, inputs):
        self.rng = rng
        self.inputs = list(inputs)
        self.values = list(inputs)     # raw value of every program value so far
        self.steps = []

    # choices -------------------------------------------------------------------
    def coin(self):
        return bool(self.rng.integers(2))

    def choose(self, n):
        return int(self.rng.integers(n))

    def pick(self, shape_ok=None, kind="real"):
        """A previous value of `kind`: the newest half the time (deep chains), else any.

        A complex argument may also be given a real value.
        """
        kinds = ("real", "complex") if kind == "complex" else ("real",)
        cands = [i for i, v in enumerate(self.values)
                 if kind_of(v) in kinds and (shape_ok is None or shape_ok(np.shape(v)))]
        if not cands:
            raise Rejected("(argument)", "no value fits")
        k = self.choose(2 * len(cands))
        return Var(cands[-1] if k >= len(cands) else cands[k])

    # steps -----------------------------------------------------------------------
    def emit(self, name, args, params=None, guard=True):
        """Append ``TABLE[name](*args, **params)``; returns its Var(s).

        With `guard`, a step whose output is not finite or blows up is rejected.
        """
        params = params or {}
        prim = TABLE[name]
        raw_args = [self.values[a.index] if isinstance(a, Var) else a for a in args]
        try:
            # a step that warns (a singular matrix, say) is no point to differentiate at either
            with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"), \
                    warnings.catch_warnings():
                warnings.simplefilter("error")
                out = bind(prim, *raw_args, **params)
        except Exception as exc:
            raise Rejected(name, f"{type(exc).__name__}: {exc}") from None
        outs = tuple(out) if prim.multiple_results else (out,)
        keep = []
        for o in outs:
            if kind_of(o):
                a = np.asarray(o)
                if guard and (a.size > MAX_SIZE or not np.all(np.isfinite(a))
                              or np.max(np.abs(a), initial=0) > BLOWUP):
                    raise Rejected(name, "output too large or not finite")
                keep.append(True)
            else:
                keep.append(False)
        if not self._differentiable_here(prim, args, raw_args, params, out):
            raise Rejected(name, "no derivative at this point (non-finite tangent)")
        indices = []
        for o, k in zip(outs, keep):
            if k:
                indices.append(len(self.values))
                self.values.append(o)
            else:
                indices.append(None)
        self.steps.append(Step(name, args, params, indices, public_name(name, raw_args, params, out)))
        if prim.multiple_results:
            return tuple(None if i is None else Var(i) for i in indices)
        if indices[0] is None:
            raise Rejected(name, "output is neither float64 nor complex128")
        return Var(indices[0])

    def _differentiable_here(self, prim, args, raw_args, params, out):
        """Whether the tangent rule gives a finite result in a random direction.

        A program must not sit on a point where a primitive has no derivative
        (``std`` of equal values, ``sqrt`` at 0): there the modes may
        legitimately disagree (inf·0 is nan in one order and 0 in another).
        """
        tangents = [random_direction(self.rng, r) if isinstance(a, Var) else None
                    for a, r in zip(args, raw_args)]
        if all(t is None for t in tangents):
            return True
        try:
            with np.errstate(all="ignore"):
                t = prim.jvp(tangents, out, raw_args, params)
        except Exception as exc:
            REJECTIONS[(prim.name, f"tangent rule raised {type(exc).__name__}")] += 1
            return False
        parts = t if prim.multiple_results else (t,)
        return all(p is None or np.all(np.isfinite(np.asarray(p))) for p in parts)

    def bounded(self, v):
        """`v`, squashed to ``LIMIT·tanh(v/LIMIT)`` if it is large anywhere
        (complex values, where tanh has poles, are scaled down instead)."""
        biggest = np.max(np.abs(self.values[v.index]), initial=0.0)
        if biggest <= LIMIT:
            return v
        if kind_of(self.values[v.index]) == "complex":
            return self.emit("multiply", [v, LIMIT / float(biggest)])
        inner = self.emit("tanh", [self.emit("multiply", [v, 1.0 / LIMIT])])
        return self.emit("multiply", [inner, LIMIT])

    def to_domain(self, v, domain, base):
        maps = DOMAIN_MAPS.get(domain)
        complex_value = kind_of(self.values[v.index]) == "complex"
        if complex_value and base is None:      # elementwise: the audit's complex strip
            return into_strip(self, v, domain)
        if domain == "real":
            return self.bounded(v)
        if maps is None or complex_value:
            return near_example(self, v, base)
        return maps[self.choose(len(maps))](self, v)

    def adapt(self, v, shape):
        """`v` reshaped, broadcast or gathered (with repeats) to `shape`."""
        vshape = np.shape(self.values[v.index])
        if vshape == shape:
            return v
        size = math.prod(shape)
        vsize = math.prod(vshape)
        if vsize == size and shape != ():
            return self.emit("reshape", [v], {"shape": shape})
        if len(vshape) <= len(shape) and _broadcasts_to(vshape, shape):
            return self.emit("broadcast_to", [v], {"shape": shape})
        flat = v if len(vshape) == 1 else self.emit("reshape", [v], {"shape": (vsize,)})
        if shape == ():
            return self.emit("getitem", [flat], {"index": (int(self.rng.integers(vsize)),)})
        picked = self.emit("getitem", [flat], {"index": (self.rng.integers(0, vsize, size),)})
        return picked if shape == (size,) else self.emit("reshape", [picked], {"shape": shape})

    def distinct(self, v):
        """`v`, plus a fixed offset if some of its elements are equal.

        Broadcasting and gathering repeat elements, and equal elements are where
        ``std``, ``sort``, ``median`` or ``max`` have no derivative (the tangent
        rule may still return a finite number there, made of round-off).
        """
        value = self.values[v.index]
        if np.size(value) < 2 or np.unique(value).size == np.size(value):
            return v
        return self.emit("add", [v, self.rng.uniform(-0.5, 0.5, np.shape(value))])

    # one drawn primitive ---------------------------------------------------------
    def call(self, spec):
        if spec.elementwise:
            return self._call_elementwise(spec)
        return self._call_template(spec)

    def _call_elementwise(self, spec):
        args, out_shape = [], None
        n = len(spec.domains)
        with_value = self.choose(n)      # at least this argument comes from the program
        for i, domain in enumerate(spec.domains):
            if i != with_value and self.choose(4) == 0:
                args.append(constant_in(domain, self.rng))
                continue
            ok = None if out_shape is None else (lambda s, o=out_shape: _fits(s, o))
            v = self.pick(ok, kind=_kind_taken(spec.name, "real"))
            vshape = np.shape(self.values[v.index])
            out_shape = vshape if out_shape is None else np.broadcast_shapes(out_shape, vshape)
            args.append(self.to_domain(v, domain, None))
        return self.emit(spec.name, args)

    def _call_template(self, spec):
        slots, params = spec.templates[self.choose(len(spec.templates))]
        floats = [i for i, s in enumerate(slots) if not s.constant]
        with_value = floats[self.choose(len(floats))]
        args = []
        for i, slot in enumerate(slots):
            if slot.constant or (i != with_value and self.choose(6) == 0):
                args.append(slot.base)    # the audit's example value, held fixed
                continue
            v = self.distinct(self.adapt(self.pick(kind=_kind_taken(spec.name, kind_of(slot.base))),
                                         slot.shape))
            args.append(self.to_domain(v, slot.domain, slot.base))
        return self.emit(spec.name, args, params)

    # the scalar result -------------------------------------------------------------
    def finish(self, to_real=()):
        """Contract every unused result with fixed weights, summed to a scalar.

        An unused complex result first goes through one of `to_real` (entries
        taking a complex argument to a real value, like ``real`` or ``irfft``).
        """
        used = {a.index for s in self.steps for a in s.args if isinstance(a, Var)}
        n = len(self.inputs)
        unused = [i for i in range(n, len(self.values)) if i not in used]
        # with no step kept, the inputs themselves are summed (complex ones made real first)
        for i in unused or range(n):
            if kind_of(self.values[i]) == "complex" and to_real:
                mark = self.checkpoint()
                try:
                    self._realify(Var(i), to_real[self.choose(len(to_real))])
                except Rejected:
                    self.rollback(mark)
        used = {a.index for s in self.steps for a in s.args if isinstance(a, Var)}
        sinks = [i for i in range(n, len(self.values))
                 if i not in used and is_float64(self.values[i])]
        if not sinks:
            sinks = [i for i in range(n) if is_float64(self.values[i])]
        if not sinks:       # complex inputs that no entry made real: their real parts
            sinks = [self.emit("complex.real", [Var(i)], guard=False).index for i in range(n)]
        total = None
        for i in sinks:
            shape = np.shape(self.values[i])
            w = float(self.rng.uniform(-1, 1)) if shape == () else self.rng.uniform(-1, 1, shape)
            term = self.emit("multiply", [Var(i), w], guard=False)
            if shape != ():
                term = self.emit("sum", [term], {"axis": tuple(range(-len(shape), 0)),
                                                 "keepdims": False}, guard=False)
            total = term if total is None else self.emit("add", [total, term], guard=False)
        return total

    def _realify(self, v, template):
        name, slots, params = template
        args = [self.adapt(v, s.shape) if kind_of(s.base) == "complex" else s.base for s in slots]
        self.emit(name, args, params)

    def program(self, output):
        return Program(self.inputs, self.steps, output.index, len(self.values))

    def checkpoint(self):
        return len(self.steps), len(self.values)

    def rollback(self, mark):
        del self.steps[mark[0]:]
        del self.values[mark[1]:]


def _kind_taken(name, kind):
    """The kind of value an argument takes: complex ones too where the entry takes
    complex values (its ``complex`` field), else `kind` (the example's)."""
    return "complex" if TABLE[name].complex is not None else kind


def _broadcasts_to(src, dst):
    return all(a == b or a == 1 for a, b in zip(src[::-1], dst[::-1]))


def _fits(shape, out_shape):
    try:
        joint = np.broadcast_shapes(shape, out_shape)
    except ValueError:
        return False
    return math.prod(joint) <= MAX_SIZE
