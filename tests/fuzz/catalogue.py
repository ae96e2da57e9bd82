"""How the generator calls each table entry, read from the table itself."""
import functools

import numpy as np

from dualtape.core.domains import examples_for
from dualtape.core.primitive import TABLE

from .values import DOMAIN_MAPS, kind_of


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


# Families whose valid inputs are conditions on a whole matrix (full rank, a
# distinct spectrum, positive definiteness) that no elementwise map produces:
# their arguments always stay near the audit's example.
NEAR_EXAMPLE_FAMILIES = ("linalg.",)
NEAR_EXAMPLE = "near the audit's example"


def _domain_of(prim, domain):
    return NEAR_EXAMPLE if prim.name.startswith(NEAR_EXAMPLE_FAMILIES) else domain


def _domains(prim, arity):
    d = prim.domain
    return tuple(d) if isinstance(d, tuple) else (d,) * arity


def _float_outputs(prim, out):
    outs = tuple(out) if prim.multiple_results else (out,)
    return [kind_of(o) is not None for o in outs]


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
        slots = [Slot(np.shape(a), _domain_of(prim, dom), a) if kind_of(a) else Slot(base=a, constant=True)
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


def to_real_templates():
    """``(name, slots, params)`` for every way the table takes a complex
    argument to a real result (``real``, ``abs``, ``irfft``, ...)."""
    return _to_real(tuple(sorted(TABLE)))


@functools.lru_cache(maxsize=None)
def _to_real(names):
    specs, _ = _catalogue(names)
    return [(n, slots, p) for n, s in sorted(specs.items()) if not s.elementwise
            for slots, p in s.templates
            if any(kind_of(x.base) == "complex" for x in slots) and _real_result(TABLE[n], slots, p)]


def _real_result(prim, slots, params):
    with np.errstate(all="ignore"):
        out = prim.impl(*[x.base for x in slots], **params)
    return all(kind_of(o) == "real" for o in (out if prim.multiple_results else (out,)))
