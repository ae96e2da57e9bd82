"""The complex audit checks, appended to `dualtape.audit.primitives.CHECKS` on import.

For every entry that takes complex values (its ``complex`` field, see
`dualtape.rules.complex_values`), each example is made complex
(`dualtape.core.domains.complexified`) and checked:

* ``complex-dot-product``: the tangent and adjoint rules are transposes under
  the pairing ``Re Σ a·b``, ⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩ with complex ẋ and ȳ;
* ``complex-finite-diff``: the tangent rule against central differences along
  a real direction and along an imaginary one (the worse of the two);
* ``complex-modes``: batched tangents (and cotangents), HyperDual numbers and
  jets, each against its reference, on the complex inputs.

And for every holomorphic entry whose output is real on real input:

* ``complex-step``: the tangent rule on the entry's real examples against
  complex-step differentiation, ``f'(x)·ẋ = Im f(x + i h ẋ) / h`` with
  ``h = 1e-30``.  It subtracts nothing, so it has no cancellation error and
  checks the rule to machine precision: a third computation of the same
  derivative, independent of both the adjoint and finite differences.

A check that does not apply to an entry reports nothing (shown as ``-``).

Example:
    >>> import dualtape as dt
    >>> row = dt.check_primitives("exp").rows[0]
    >>> row["errors"]["complex-step"] < 1e-14, row["ok"]
    (True, True)
"""
import numpy as np

from ..core.domains import complex_params, complexified
from ..rules.complex_values import HOLOMORPHIC
from .measures import worse
from .primitives import CHECKS, add_check, check_dot_product, finite_difference_error
from .probes import differentiable_positions, random_like, results_of

COMPLEX_DOT_RTOL = 1e-12
COMPLEX_FD_RTOL = 1e-6
COMPLEX_STEP = 1e-30
COMPLEX_STEP_RTOL = 1e-13
COMPLEX_MODES_RTOL = 1e-10          # the tolerance of the HyperDual and jet checks it repeats

# The checks of other kinds that `complex-modes` repeats on complex inputs.
MODES = ("batched-tangent", "batched-cotangent", "hyperdual-vs-tape²", "hyperdual-vs-fwd/rev",
         "jet-vs-nested-dual")


def _complex_example(prim, args, params, rng):
    """The example made complex, or None when the entry takes no complex values."""
    if prim.complex is None or not differentiable_positions(args):
        return None
    return complexified(args, params, rng)


def check_complex_dot_product(prim, args, params, rng):
    """⟨ȳ, J·ẋ⟩ against ⟨Jᵀ·ȳ, ẋ⟩ on complex inputs, directions and cotangents."""
    example = _complex_example(prim, args, params, rng)
    return None if example is None else check_dot_product(prim, *example, rng)


def check_complex_finite_difference(prim, args, params, rng):
    """The tangent rule against central differences along a real and an imaginary
    direction, at complex inputs; returns the worse relative error."""
    example = _complex_example(prim, args, params, rng)
    if example is None:
        return None
    cargs, cparams = example
    pos = differentiable_positions(cargs)
    worst = 0.0
    for unit in (1.0, 1j):
        tangents = [unit * np.real(random_like(rng, a)) if i in pos else None
                    for i, a in enumerate(cargs)]
        tangents = [complex(t) if np.ndim(t) == 0 and t is not None else t for t in tangents]
        worst = worse(worst, finite_difference_error(prim, cargs, cparams, tangents))
    return worst


def check_complex_modes(prim, args, params, rng):
    """The other modes' checks (`MODES`) repeated on complex inputs; the worst error."""
    example = _complex_example(prim, args, params, rng)
    if example is None:
        return None
    worst = None
    for name, check, _ in CHECKS:
        if name in MODES:
            err = check(prim, *example, rng)
            if err is not None:
                worst = err if worst is None else worse(worst, err)
    return worst


def check_complex_step(prim, args, params, rng):
    """The tangent rule at real inputs against ``Im f(x + i h ẋ) / h`` (h = 1e-30)."""
    if prim.complex != HOLOMORPHIC:
        return None
    pos = differentiable_positions(args)
    if not pos or any(np.iscomplexobj(args[i]) for i in pos):
        return None
    out = prim.impl(*args, **params)
    outs = results_of(prim, out)
    if any(np.iscomplexobj(o) for o in outs):
        return None                   # Im f(x + ih) then mixes f(x) in: no clean step
    tangents = [random_like(rng, a) if i in pos else None for i, a in enumerate(args)]
    exact = results_of(prim, prim.jvp(tangents, out, args, params))
    stepped = [a + 1j * COMPLEX_STEP * t if i in pos else a
               for i, (a, t) in enumerate(zip(args, tangents))]
    with np.errstate(all="ignore"):
        moved = results_of(prim, prim.impl(*stepped, **complex_params(params)))
    worst = 0.0
    for o, e, m in zip(outs, exact, moved):
        step = np.imag(np.asarray(m)) / COMPLEX_STEP
        e = np.broadcast_to(np.zeros(np.shape(o)) if e is None else np.asarray(e), np.shape(o))
        scale = max(float(np.max(np.abs(e), initial=0.0)), float(np.max(np.abs(step), initial=0.0)),
                    1e-300)
        worst = worse(worst, float(np.max(np.abs(step - e), initial=0.0)) / scale)
    return worst


add_check("complex-dot-product", check_complex_dot_product, COMPLEX_DOT_RTOL)
add_check("complex-finite-diff", check_complex_finite_difference, COMPLEX_FD_RTOL)
add_check("complex-modes", check_complex_modes, COMPLEX_MODES_RTOL)
add_check("complex-step", check_complex_step, COMPLEX_STEP_RTOL)
