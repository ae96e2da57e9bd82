"""Values for the programs: kinds, random draws, and maps into an entry's domain.

A domain map takes a `Builder` and a value and returns a value inside the
domain, written into the program as table operations (``exp`` for
``positive``, ``0.9·tanh`` for ``open_unit``, ...), so it stays valid whatever
earlier steps did.
"""
import numpy as np

from dualtape.core.domains import DOMAINS, IMAGINARY_SPREAD

# Values whose magnitude exceeds this are squashed (``LIMIT·tanh(v/LIMIT)``)
# before they feed another step, so chains like exp(exp(...)) stay finite.
LIMIT = 4.0
# Half-width of the neighbourhood around an audit example for unknown domains.
NEAR = 0.05


def kind_of(x):
    """"real" for float64 values, "complex" for complex128 ones, else None
    (integers, float32, ...: held fixed, never differentiated)."""
    if type(x) is float:
        return "real"
    if type(x) is complex:
        return "complex"
    if isinstance(x, (np.ndarray, np.floating, np.complexfloating)):
        dt = np.asarray(x).dtype
        if dt == np.float64:
            return "real"
        if dt == np.complex128:
            return "complex"
    return None


def is_float64(x):
    return kind_of(x) == "real"


def random_direction(rng, x):
    """A standard-normal direction shaped like `x` (a Python number for a scalar),
    complex for a complex `x`."""
    s = np.shape(x)
    d = rng.standard_normal(s)
    if kind_of(x) == "complex":
        d = d + 1j * rng.standard_normal(s)
        return complex(d) if s == () else d
    return float(d) if s == () else d


def constant_in(domain, rng):
    """A Python float inside the named domain, drawn as the audit draws it."""
    return float(DOMAINS[domain](rng, ()))


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


def into_strip(b, v, domain):
    """A complex value mapped into the strip around a real domain that the audit's
    complex inputs come from (`dualtape.core.domains.IMAGINARY_SPREAD`): its real
    part mapped into the domain, its imaginary part to ``0.4·tanh(Im v)``."""
    maps = DOMAIN_MAPS[domain]
    re = maps[b.choose(len(maps))](b, b.emit("complex.real", [v]))
    im = b.emit("multiply", [b.emit("tanh", [b.emit("complex.imag", [v])]), IMAGINARY_SPREAD])
    return b.emit("add", [re, b.emit("multiply", [im, 1j])])


def near_example(b, v, base):
    """The audit's valid example input, moved by at most NEAR per element."""
    nudge = b.emit("multiply", [b.bounded(v), NEAR / LIMIT])
    return b.emit("add", [nudge, base])
