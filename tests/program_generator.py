"""Random programs over the whole primitive table, for cross-mode fuzzing.

A *program* is a list of steps.  Each step applies one entry of
``dualtape.core.primitive.TABLE`` to earlier values (the inputs ``x0, x1, ...``
or results ``v3, v4, ...``) and constants; the program ends by contracting
every unused result with fixed weights into one scalar.  `programs()` is a
hypothesis strategy that builds a program together with its inputs, `run`
evaluates it on any inputs (plain or boxed), and `source` prints it as Python.

How to call each primitive is read from the table when the catalogue is built
(at test time, so entries added later are fuzzed too):

* a broadcasting entry with no static parameters and no examples (an
  elementwise ufunc) takes one argument per partial-derivative rule, of any
  shapes that broadcast together;
* every other entry is called like one of the audit's examples for it
  (`dualtape.core.domains.examples_for`): the example fixes the argument shapes and
  the static parameters, and the program's values are reshaped to fit.

Each differentiable argument is then mapped into the entry's ``domain`` with
table operations written into the program (``exp`` for ``positive``,
``0.9·tanh`` for ``open_unit``, ...), so values stay valid whatever earlier
steps did.  A domain this module does not know (a callable, say), and every
``linalg.*`` entry, whose valid inputs are conditions on a whole matrix, is
met by staying near the audit's example: ``example + 0.05·value/4`` with
|value| <= 4.  Complex results (``fft.rfft``) feed arguments whose example is
complex, and reach the scalar result through an entry that takes a complex
value to a real one (``complex.real``, ``fft.irfft``, ...).

A program must also stay off the points where an entry has no derivative, as
the modes may legitimately differ there: an argument of a non-elementwise
entry whose elements repeat (a broadcast value fed to ``std``) gets a fixed
offset, and a step whose tangent rule is not finite at its point is redrawn.
"""
import collections
import functools
import math

import numpy as np
from hypothesis import strategies as st

import dualtape.numpy as dnp
from dualtape.core.domains import examples_for, DOMAINS as AUDIT_DOMAINS
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE

# Values whose magnitude exceeds this are squashed (``LIMIT·tanh(v/LIMIT)``)
# before they feed another step, so chains like exp(exp(...)) stay finite.
LIMIT = 4.0
# A step whose output exceeds this (or is not finite) is discarded and redrawn.
BLOWUP = 1e6
# Largest array a step may produce: keeps a program's evaluation cheap.
MAX_SIZE = 64
# Half-width of the neighbourhood around an audit example for unknown domains.
NEAR = 0.05


class Var:
    """A reference to value number `index` of a program (inputs come first)."""

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index

    def __repr__(self):
        return f"Var({self.index})"


class Step:
    """``outs = TABLE[name](*args, **params)``; `public` names the
    ``dualtape.numpy`` function that binds exactly this primitive, if any."""

    __slots__ = ("name", "args", "params", "outs", "public")

    def __init__(self, name, args, params, outs, public=None):
        self.name = name
        self.args = tuple(args)
        self.params = dict(params)
        self.outs = tuple(outs)        # value indices; None for a discarded output
        self.public = public


class Program:
    """Inputs, steps and the index of the scalar result."""

    def __init__(self, inputs, steps, output, n_values):
        self.inputs = tuple(inputs)
        self.steps = list(steps)
        self.output = output
        self.n_values = n_values

    @property
    def n_inputs(self):
        return len(self.inputs)

    def primitives(self):
        """The table entries the program calls, in order of first use."""
        seen = []
        for s in self.steps:
            if s.name not in seen:
                seen.append(s.name)
        return seen

    def __repr__(self):
        return source(self)


def value_name(index, n_inputs):
    return f"x{index}" if index < n_inputs else f"v{index}"


def run(program, *inputs):
    """Evaluate `program` on `inputs` (floats, arrays or boxes of any mode).

    Example:
        >>> import dualtape as dt
        >>> square = Program([3.0], [Step("multiply", [Var(0), Var(0)], {}, [1])], 1, 2)
        >>> run(square, 3.0), dt.gradient(lambda x: run(square, x))(3.0)
        (9.0, 6.0)
    """
    env = list(inputs) + [None] * (program.n_values - len(inputs))
    for step in program.steps:
        args = [env[a.index] if isinstance(a, Var) else a for a in step.args]
        out = bind(TABLE[step.name], *args, **step.params)
        if TABLE[step.name].multiple_results:
            for o, value in zip(step.outs, out):
                if o is not None:
                    env[o] = value
        else:
            env[step.outs[0]] = out
    return env[program.output]


# --- printing a program as Python ------------------------------------------------

def literal(value):
    """Python source that rebuilds `value` exactly (floats keep every digit).

    Example:
        >>> import numpy as np
        >>> literal((np.array([0.5, 2.0]), slice(1, None, 2), -1))
        "(np.array([0.5, 2.0], dtype='float64'), slice(1, None, 2), -1)"
    """
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r}, dtype={value.dtype.name!r})"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        text = repr(v) if math.isfinite(v) else f"float({repr(v)!r})"
        return text if type(value) is float else f"np.{type(value).__name__}({text})"
    if isinstance(value, slice):
        return f"slice({literal(value.start)}, {literal(value.stop)}, {literal(value.step)})"
    if value is Ellipsis:
        return "Ellipsis"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, np.dtype):
        return f"np.dtype({value.name!r})"
    return repr(value)


def _call_text(step, n_inputs):
    args = [value_name(a.index, n_inputs) if isinstance(a, Var) else literal(a) for a in step.args]
    args += [f"{k}={literal(v)}" for k, v in step.params.items()]
    fn = f"dnp.{step.public}" if step.public else f"bind(TABLE[{step.name!r}]"
    joined = ", ".join(args)
    if step.public:
        return f"{fn}({joined})"
    return f"{fn}, {joined})" if joined else f"{fn})"


def source(program):
    """The program as a runnable Python listing: ``def program(x0, ...)`` with
    its inputs assigned below it.

    Example:
        >>> square = Program([3.0], [Step("multiply", [Var(0), Var(0)], {}, [1], "multiply")], 1, 2)
        >>> text = source(square)
        >>> print(text[text.index("def "):])
        def program(x0):
            v1 = dnp.multiply(x0, x0)
            return v1
        <BLANKLINE>
        <BLANKLINE>
        x0 = 3.0
        <BLANKLINE>
    """
    n = program.n_inputs
    names = [value_name(i, n) for i in range(n)]
    lines = ["import numpy as np",
             "import dualtape.numpy as dnp",
             "from dualtape.core.dispatch import bind",
             "from dualtape.core.primitive import TABLE",
             "",
             "",
             f"def program({', '.join(names)}):"]
    for step in program.steps:
        if len(step.outs) == 1 and not TABLE[step.name].multiple_results:
            target = value_name(step.outs[0], n)
        else:
            target = ", ".join("_" if o is None else value_name(o, n) for o in step.outs)
            if len(step.outs) == 1:
                target += ","
        lines.append(f"    {target} = {_call_text(step, n)}")
    lines.append(f"    return {value_name(program.output, n)}")
    lines += ["", ""]
    lines += [f"{name} = {literal(x)}" for name, x in zip(names, program.inputs)]
    return "\n".join(lines) + "\n"


# --- how to call each table entry ------------------------------------------------

class Slot:
    """One positional argument of a call: a differentiable float (with its
    shape, domain and the audit's example value) or a fixed constant."""

    __slots__ = ("shape", "domain", "base", "constant")

    def __init__(self, shape=None, domain=None, base=None, constant=False):
        self.shape, self.domain, self.base, self.constant = shape, domain, base, constant


class Spec:
    """How the generator calls one table entry."""

    def __init__(self, name, elementwise, domains=(), templates=()):
        self.name = name
        self.elementwise = elementwise     # free broadcasting shapes
        self.domains = tuple(domains)      # per argument, for elementwise entries
        self.templates = list(templates)   # [(slots, params)] otherwise


def _kind(x):
    """"real" for float64 values, "complex" for complex128 ones, else None
    (integers, float32, ...: held fixed, never differentiated)."""
    if type(x) is float:
        return "real"
    if isinstance(x, (np.ndarray, np.floating, np.complexfloating)):
        dt = np.asarray(x).dtype
        if dt == np.float64:
            return "real"
        if dt == np.complex128:
            return "complex"
    return None


def _is_float64(x):
    return _kind(x) == "real"


def _domains(prim, arity):
    d = prim.domain
    return tuple(d) if isinstance(d, tuple) else (d,) * arity


def _float_outputs(prim, out):
    outs = tuple(out) if prim.multiple_results else (out,)
    return [_kind(o) is not None for o in outs]


def describe(prim):
    """A `Spec` for `prim`, or a string saying why it cannot be fuzzed."""
    if prim.broadcasts and prim.examples is None and not prim.static:
        if isinstance(prim.tangent, tuple):
            arity = len(prim.tangent)
        elif isinstance(prim.adjoint, tuple):
            arity = len(prim.adjoint)
        else:
            return "elementwise entry without per-argument rules or examples: arity unknown"
        domains = _domains(prim, arity)
        if all(d in DOMAIN_MAPS for d in domains):
            return Spec(prim.name, True, domains=domains)
    try:
        examples = examples_for(prim, np.random.default_rng(0))
    except Exception as exc:
        return f"the audit cannot build examples for it ({type(exc).__name__}: {exc})"
    templates = []
    reasons = set()
    for args, params in examples:
        domains = _domains(prim, len(args))
        if len(domains) != len(args):
            reasons.add(f"its domain {prim.domain!r} does not give one entry per argument")
            continue
        slots = [Slot(np.shape(a), _domain_of(prim, dom), a) if _kind(a) else Slot(base=a, constant=True)
                 for a, dom in zip(args, domains)]
        if all(s.constant for s in slots):
            reasons.add("its examples have no float64 or complex128 argument to differentiate")
            continue
        try:
            with np.errstate(all="ignore"):
                out = prim.impl(*args, **params)
        except Exception as exc:
            reasons.add(f"its implementation fails on the audit's example ({type(exc).__name__})")
            continue
        if not any(_float_outputs(prim, out)):
            reasons.add("its output is neither float64 nor complex128 (nothing to differentiate)")
            continue
        templates.append((slots, params))
    if not templates:
        return "; ".join(sorted(reasons)) or "the audit gives no examples for it"
    return Spec(prim.name, False, templates=templates)


@functools.lru_cache(maxsize=None)
def _catalogue(names):
    specs, unfuzzable = {}, {}
    for name in names:
        r = describe(TABLE[name])
        if isinstance(r, Spec):
            specs[name] = r
        else:
            unfuzzable[name] = r
    return specs, unfuzzable


def catalogue():
    """``(specs, unfuzzable)`` for the table as it is now: a `Spec` per
    fuzzable entry and, for every other entry, the reason why not.

    Example:
        >>> specs, unfuzzable = catalogue()
        >>> specs["sin"].elementwise, specs["linalg.solve"].elementwise
        (True, False)
    """
    return _catalogue(tuple(sorted(TABLE)))


# --- mapping a value into a domain, with steps written into the program ----------

def _positive_exp(b, v):
    return b.emit("exp", [b.bounded(v)])


def _positive_square(b, v):
    return b.emit("add", [b.emit("square", [b.bounded(v)]), 0.5])


def _scaled_tanh(scale, offset=0.0):
    def to_domain(b, v):
        out = b.emit("multiply", [b.emit("tanh", [v]), scale])
        return out if offset == 0.0 else b.emit("add", [out, offset])
    return to_domain


def _nonzero(b, v):
    # Positive, or its negative, so both signs of a nonzero domain are reached.
    pos = _positive_exp(b, v) if b.coin() else _positive_square(b, v)
    return b.emit("negative", [pos]) if b.coin() else pos


def _above_minus_one(b, v):
    return b.emit("subtract", [_positive_exp(b, v), 0.5])


# Each domain name of the table -> ways to map any real value into it.
DOMAIN_MAPS = {
    "real": [lambda b, v: b.bounded(v)],
    "positive": [_positive_exp, _positive_square],
    "nonzero": [_nonzero],
    "open_unit": [_scaled_tanh(0.9)],
    "above_minus_one": [_above_minus_one],
    "tan": [_scaled_tanh(1.2)],
    "below": [_scaled_tanh(0.1, -0.5)],
    "above": [_scaled_tanh(0.1, 0.5)],
}


# Families whose valid inputs are conditions on a whole matrix (full rank, a
# distinct spectrum, positive definiteness) that no elementwise map produces:
# their arguments always stay near the audit's example.
NEAR_EXAMPLE_FAMILIES = ("linalg.",)
NEAR_EXAMPLE = "near the audit's example"


def _domain_of(prim, domain):
    return NEAR_EXAMPLE if prim.name.startswith(NEAR_EXAMPLE_FAMILIES) else domain


def _near_example(b, v, base):
    """The audit's valid example input, moved by at most NEAR per element."""
    nudge = b.emit("multiply", [b.bounded(v), NEAR / LIMIT])
    return b.emit("add", [nudge, base])


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
                 if _kind(v) in kinds and (shape_ok is None or shape_ok(np.shape(v)))]
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
            with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
                out = bind(prim, *raw_args, **params)
        except Exception as exc:
            raise Rejected(name, f"{type(exc).__name__}: {exc}") from None
        outs = tuple(out) if prim.multiple_results else (out,)
        keep = []
        for o in outs:
            if _kind(o):
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
        self.steps.append(Step(name, args, params, indices, _public_name(name, raw_args, params, out)))
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
        tangents = [_random_like(self.rng, r) if isinstance(a, Var) else None
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
        if _kind(self.values[v.index]) == "complex":
            return self.emit("multiply", [v, LIMIT / float(biggest)])
        inner = self.emit("tanh", [self.emit("multiply", [v, 1.0 / LIMIT])])
        return self.emit("multiply", [inner, LIMIT])

    def to_domain(self, v, domain, base):
        maps = DOMAIN_MAPS.get(domain)
        if domain == "real":
            return self.bounded(v)
        if maps is None or _kind(self.values[v.index]) == "complex":
            return _near_example(self, v, base)
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
                args.append(_constant(domain, self.rng))
                continue
            ok = None if out_shape is None else (lambda s, o=out_shape: _fits(s, o))
            v = self.pick(ok)
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
            v = self.distinct(self.adapt(self.pick(kind=_kind(slot.base)), slot.shape))
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
        for i in range(n, len(self.values)):
            if i not in used and _kind(self.values[i]) == "complex" and to_real:
                mark = self.checkpoint()
                try:
                    self._realify(Var(i), to_real[self.choose(len(to_real))])
                except Rejected:
                    self.rollback(mark)
        used = {a.index for s in self.steps for a in s.args if isinstance(a, Var)}
        sinks = [i for i in range(n, len(self.values))
                 if i not in used and _is_float64(self.values[i])]
        if not sinks:
            sinks = list(range(n))
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
        args = [self.adapt(v, s.shape) if _kind(s.base) == "complex" else s.base for s in slots]
        self.emit(name, args, params)

    def program(self, output):
        return Program(self.inputs, self.steps, output.index, len(self.values))

    def checkpoint(self):
        return len(self.steps), len(self.values)

    def rollback(self, mark):
        del self.steps[mark[0]:]
        del self.values[mark[1]:]


def _random_like(rng, x):
    s = np.shape(x)
    return float(rng.standard_normal()) if s == () else rng.standard_normal(s)


def _broadcasts_to(src, dst):
    return all(a == b or a == 1 for a, b in zip(src[::-1], dst[::-1]))


def _fits(shape, out_shape):
    try:
        joint = np.broadcast_shapes(shape, out_shape)
    except ValueError:
        return False
    return math.prod(joint) <= MAX_SIZE


def _constant(domain, rng):
    return float(AUDIT_DOMAINS[domain](rng, ()))


def _resolve(module, dotted):
    obj = module
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _public_name(name, raw_args, params, out):
    """The ``dualtape.numpy`` function spelling of this step, if it binds the very
    same primitive and gives the same value when called with the same arguments."""
    fn = _resolve(dnp, name)
    if fn is None or getattr(fn, "primitive", None) is not TABLE[name]:
        return None
    try:
        with np.errstate(all="ignore"):
            again = fn(*raw_args, **params)
    except Exception:
        return None
    same = (len(again) == len(out) and all(_identical(a, b) for a, b in zip(again, out))) \
        if TABLE[name].multiple_results else _identical(again, out)
    return name if same else None


def _identical(a, b):
    return type(a) is type(b) and np.shape(a) == np.shape(b) and \
        np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


# --- the hypothesis strategy -------------------------------------------------------

@st.composite
def input_shapes(draw, n):
    """`n` shapes that broadcast together (rank ≤ 3, sides ≤ 4), () included."""
    rank = draw(st.integers(0, 3))
    full = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    shapes = []
    for _ in range(n):
        r = draw(st.integers(0, rank))
        s = full[rank - r:]
        s = tuple(1 if draw(st.integers(0, 4)) == 0 else d for d in s)
        shapes.append(s)
    return shapes


@st.composite
def programs(draw, max_steps=30, names=None):
    """A random program of 1 to `max_steps` drawn primitives, with its inputs.

    `names` restricts the primitives drawn (default: every fuzzable entry).
    """
    specs, _ = catalogue()
    pool = sorted(specs) if names is None else [n for n in names if n in specs]
    def seeded():
        return np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    rng = seeded()
    n_inputs = draw(st.integers(1, 3))
    inputs = [float(rng.uniform(-2, 2)) if s == () else rng.uniform(-2, 2, s)
              for s in draw(input_shapes(n_inputs))]
    b = Builder(rng, inputs)
    n_steps = draw(st.sampled_from(range(1, max_steps + 1)))
    for _ in range(n_steps):
        for _attempt in range(4):
            mark = b.checkpoint()
            name = pool[draw(st.integers(0, len(pool) - 1))]
            b.rng = seeded()
            try:
                b.call(specs[name])
                break
            except Rejected:
                b.rollback(mark)
    b.rng = seeded()
    return b.program(b.finish(to_real_templates()))


def to_real_templates():
    """``(name, slots, params)`` for every way the table takes a complex
    argument to a real result (``real``, ``abs``, ``irfft``, ...)."""
    return _to_real(tuple(sorted(TABLE)))


@functools.lru_cache(maxsize=None)
def _to_real(names):
    specs, _ = _catalogue(names)
    return [(n, slots, p) for n, s in sorted(specs.items()) if not s.elementwise
            for slots, p in s.templates
            if any(_kind(x.base) == "complex" for x in slots) and _real_result(TABLE[n], slots, p)]


def _real_result(prim, slots, params):
    with np.errstate(all="ignore"):
        out = prim.impl(*[x.base for x in slots], **params)
    return all(_kind(o) == "real" for o in (out if prim.multiple_results else (out,)))
