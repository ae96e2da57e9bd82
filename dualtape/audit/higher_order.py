"""Higher-order audit checks, appended to `dualtape.audit.primitives.CHECKS` on import.

For every table entry and each example input (same inputs and directions for
all modes):

* ``hyperdual-vs-tape²``: the ε1ε2 part of a HyperDual push
  (u, v, d in the ε1, ε2, ε1ε2 parts) against uᵀ·H·v computed by a tape over a
  tape, plus ⟨w, J·d⟩ (w a random output weight);
* ``hyperdual-vs-fwd/rev``: the same against forward-over-reverse;
* ``jet-vs-nested-dual``: a jet of order 4 along a random polynomial curve
  against the curve's derivatives by four nested `jvp`s.

Example:
    >>> import dualtape as dt
    >>> dt.check_primitives(["sin", "matmul"]).ok
    True
"""
import math

import numpy as np

from ..core.box import new_level
from ..core.dispatch import bind
from ..forward.hyperdual import HyperDual, hyperdual_parts
from ..forward.jet import Jet, jet_parts
from ..rules import elementwise as _ew
from ..rules.reductions import sum as _sum
from ..transforms.first_order import jvp, vjp
from .measures import abs_inner, inner, relative_error, worse
from .primitives import CHECKS
from .probes import differentiable_positions, random_like, results_of

HYPERDUAL_RTOL = 1e-10
JET_RTOL = 1e-10
JET_ORDER = 4


def _weighted(prim, w, args, params, pos):
    """φ(xs) = Σ_k ⟨w_k, prim(args with xs at `pos`)_k⟩, built from table ops."""
    def phi(*xs):
        full = list(args)
        for i, x in zip(pos, xs):
            full[i] = x
        total = 0.0
        for wk, ok in zip(w, results_of(prim, bind(prim, *full, **params))):
            total = total + _sum(_ew.multiply(wk, ok))
        return total
    return phi


def _real_view(phi, xs, u, v):
    """Complex inputs as pairs of real ones, since the transforms take real inputs:
    φ(a + ib) as a function of (a, b), a complex direction u as (Re u, Im u)."""
    cplx = [np.iscomplexobj(x) for x in xs]
    if not any(cplx):
        return phi, xs, u, v

    def split(values):
        out = []
        for c, val in zip(cplx, values):
            out.extend([np.real(val), np.imag(val)] if c else [val])
        return out

    def phi_of_parts(*parts):
        it = iter(parts)
        return phi(*[_ew.add(next(it), _ew.multiply(1j, next(it))) if c else next(it)
                     for c in cplx])
    return phi_of_parts, split(xs), split(u), split(v)


def _hyperdual_setup(prim, args, params, rng):
    pos = differentiable_positions(args)
    if not pos:
        return None
    u = [random_like(rng, args[i]) for i in pos]
    v = [random_like(rng, args[i]) for i in pos]
    d = [random_like(rng, args[i]) for i in pos]
    out = prim.impl(*args, **params)
    w = [random_like(rng, o) for o in results_of(prim, out)]
    level = new_level()
    boxed = list(args)
    for k, i in enumerate(pos):
        boxed[i] = HyperDual._make(args[i], u[k], v[k], d[k], level)
    res = results_of(prim, bind(prim, *boxed, **params))
    e12 = [hyperdual_parts(r, boxed[pos[0]])[3] for r in res]
    hd = sum(inner(wk, ek) for wk, ek in zip(w, e12))
    # the ε1ε2 part also carries J·d: first order, from the tangent rule on raw values
    jd = results_of(prim, prim.jvp([d[pos.index(i)] if i in pos else None for i in range(len(args))],
                                 out, list(args), params))
    first = sum(inner(wk, 0.0 if t is None else t) for wk, t in zip(w, jd))
    scale = sum(abs_inner(wk, ek) for wk, ek in zip(w, e12)) + \
        sum(abs_inner(wk, 0.0 if t is None else t) for wk, t in zip(w, jd))
    phi = _weighted(prim, w, args, params, pos)
    xs = [args[i] for i in pos]
    phi, xs, u, v = _real_view(phi, xs, u, v)
    return phi, xs, u, v, hd, first, scale


def check_hyperdual_vs_tape2(prim, args, params, rng):
    """ε1ε2 part of a HyperDual against uᵀHv by reverse-over-reverse (+ ⟨w, J·d⟩)."""
    setup = _hyperdual_setup(prim, args, params, rng)
    if setup is None:
        return None
    phi, xs, u, v, hd, first, scale = setup

    def along_u(*ys):          # ⟨∇φ(ys), u⟩, recorded on an outer tape
        grads = vjp(phi, *ys)[1](1.0)
        total = 0.0
        for g, uk in zip(grads, u):
            total = total + _sum(_ew.multiply(g, uk))
        return total
    grads = vjp(along_u, *xs)[1](1.0)
    ref = sum(inner(g, vk) for g, vk in zip(grads, v)) + first
    return relative_error(hd, ref, scale)


def check_hyperdual_vs_forward_over_reverse(prim, args, params, rng):
    """ε1ε2 part of a HyperDual against uᵀHv by forward-over-reverse (+ ⟨w, J·d⟩)."""
    setup = _hyperdual_setup(prim, args, params, rng)
    if setup is None:
        return None
    phi, xs, u, v, hd, first, scale = setup

    def gradient_of_phi(*ys):
        return vjp(phi, *ys)[1](1.0)
    hv = jvp(gradient_of_phi, tuple(xs), tuple(v))[1]
    ref = sum(inner(h, uk) for h, uk in zip(hv, u)) + first
    return relative_error(hd, ref, scale)


def check_jet_vs_nested_duals(prim, args, params, rng, order=JET_ORDER):
    """A jet of order 4 against the Taylor coefficients from four nested jvps."""
    pos = differentiable_positions(args)
    if not pos:
        return None
    coeffs = {i: [random_like(rng, args[i]) for _ in range(order)] for i in pos}
    level = new_level()
    boxed = list(args)
    for i in pos:
        boxed[i] = Jet._make(args[i], coeffs[i], level)
    res = results_of(prim, bind(prim, *boxed, **params))
    jets = [jet_parts(r, boxed[pos[0]])[1] for r in res]

    def curve(t):              # prim(x(t)), x(t) = a + c1 t + ... + ck t^k
        full = list(args)
        for i in pos:
            acc = coeffs[i][order - 1]
            for c in reversed(coeffs[i][:-1]):
                acc = _ew.add(c, _ew.multiply(t, acc))
            full[i] = _ew.add(args[i], _ew.multiply(t, acc))
        return results_of(prim, bind(prim, *full, **params))

    refs = []                  # refs[j-1][m]: coefficient j of output m
    g = curve
    for j in range(1, order + 1):
        g = _differentiated(g)
        refs.append([np.asarray(r) / math.factorial(j) for r in g(0.0)])
    worst = 0.0
    for m in range(len(jets)):
        got = [np.asarray(c) for c in jets[m]]
        want = [refs[j][m] for j in range(order)]
        scale = max(float(np.max(np.abs(c), initial=0.0)) for c in got + want)
        for a, b in zip(got, want):
            worst = worse(worst, float(np.max(np.abs(a - b), initial=0.0)) / max(scale, 1e-300))
    return worst


def _differentiated(g):
    def dg(t):
        return jvp(g, (t,), (1.0,))[1]
    return dg


NEW_CHECKS = [
    ("hyperdual-vs-tape²", check_hyperdual_vs_tape2, HYPERDUAL_RTOL),
    ("hyperdual-vs-fwd/rev", check_hyperdual_vs_forward_over_reverse, HYPERDUAL_RTOL),
    ("jet-vs-nested-dual", check_jet_vs_nested_duals, JET_RTOL),
]

for _check in NEW_CHECKS:
    if all(_check[0] != c[0] for c in CHECKS):
        CHECKS.append(_check)
