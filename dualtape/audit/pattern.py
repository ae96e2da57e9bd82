"""The pattern audit check, appended to `dualtape.audit.primitives.CHECKS` on import.

For every table entry and each example input, ``pattern`` compares the
entry's sparsity rule (`dualtape.sparsity`) with the structure of its dense
derivatives at that random point:

* the Jacobian, one unit tangent at a time through the tangent rule (a real
  and an imaginary unit for a complex argument): the global pattern and the
  pattern at the point must both contain every structural non-zero, and for
  the elementwise, indexing, shape and reduction families the pattern at the
  point must be exactly the non-zeros;
* for real entries, the Hessian of φ = Σ w·entry(x) (w a random weight, by
  forward-over-reverse): both Hessian patterns must contain its non-zeros.

It reports the fraction of structural non-zeros missed (plus, for the exact
families, of entries claimed but zero), which must be 0.

Example:
    >>> import dualtape as dt
    >>> report = dt.check_primitives(["multiply", "getitem"])
    >>> report.ok, [r["errors"]["pattern"] for r in report]
    (True, [0.0, 0.0])
"""
import warnings

import numpy as np

from ..core.dispatch import bind
from ..rules import elementwise as _ew
from ..rules.reductions import sum as _sum
from ..sparsity.detect import detect_hessian, detect_jacobian
from ..sparsity.rule_book import EXACT_FAMILIES, PatternWarning
from ..transforms.higher_order import hessian
from .primitives import CHECKS
from .probes import differentiable_positions, random_like, results_of

PATTERN_TOLERANCE = 0.0


def _unit(arg, k, scale):
    if np.ndim(arg) == 0:
        return scale
    t = np.zeros(np.shape(arg), dtype=complex if np.iscomplexobj(scale) else float)
    t.flat[k] = scale
    return t


def dense_jacobian_structure(prim, args, params, pos):
    """Which Jacobian entries are non-zero at `args`: a boolean array of
    (all results' elements) × (the elements of the arguments at `pos`).

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> rows_summed = dict(axis=(-1,), keepdims=False)
        >>> dense_jacobian_structure(TABLE["sum"], (np.ones((2, 2)),), rows_summed, [0]).astype(int)
        array([[1, 1, 0, 0],
               [0, 0, 1, 1]])
    """
    out = prim.impl(*args, **params)
    sizes = [int(np.size(o)) for o in results_of(prim, out)]
    columns = []
    for i in pos:
        units = (1.0, 1j) if np.iscomplexobj(args[i]) else (1.0,)
        for k in range(int(np.size(args[i]))):
            hit = np.zeros(sum(sizes), dtype=bool)
            for scale in units:
                tangents = [_unit(a, k, scale) if j == i else None for j, a in enumerate(args)]
                jt = results_of(prim, prim.jvp(tangents, out, list(args), params))
                hit |= np.concatenate([np.broadcast_to(np.asarray(t) != 0, np.shape(o)).ravel()
                                       if t is not None else np.zeros(m, dtype=bool)
                                       for t, o, m in zip(jt, results_of(prim, out), sizes)])
            columns.append(hit)
    return np.stack(columns, axis=1) if columns else np.zeros((sum(sizes), 0), dtype=bool)


def _at(args, pos, xs):
    full = list(args)
    for i, x in zip(pos, xs):
        full[i] = x
    return full


def _weighted(prim, w, args, params, pos):
    def phi(*xs):
        total = 0.0
        for wk, ok in zip(w, results_of(prim, bind(prim, *_at(args, pos, xs), **params))):
            total = total + _sum(_ew.multiply(wk, ok))
        return total
    return phi


def _dense_hessian_structure(phi, xs):
    blocks = hessian(phi, argnums=tuple(range(len(xs))))(*xs)
    sizes = [int(np.size(x)) for x in xs]
    rows = [np.concatenate([np.reshape(blocks[a][b], (sizes[a], sizes[b])) for b in range(len(xs))],
                           axis=1) for a in range(len(xs))]
    return np.concatenate(rows, axis=0) != 0


def _shortfall(truth, claimed, exact):
    """Structural non-zeros `claimed` misses (and, if `exact`, zeros it claims), relative."""
    wrong = np.count_nonzero(truth & ~claimed)
    if exact:
        wrong += np.count_nonzero(claimed & ~truth)
    return float(wrong / max(1, np.count_nonzero(truth)))


def check_pattern(prim, args, params, rng):
    """The entry's pattern rule against its dense Jacobian (and Hessian)
    structure: the fraction of non-zeros missed (or, in an exact family, made up).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> check_pattern(TABLE["cumprod"], (np.ones((2, 3)),), dict(axis=-1), np.random.default_rng(0))
        0.0
    """
    pos = differentiable_positions(args)
    if not pos:
        return None
    xs = [args[i] for i in pos]
    exact = prim.family in EXACT_FAMILIES

    def entry(*ys):
        return results_of(prim, bind(prim, *_at(args, pos, ys), **params))
    truth = dense_jacobian_structure(prim, args, params, pos)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PatternWarning)
        everywhere = detect_jacobian(entry, xs).toarray()
        here = detect_jacobian(entry, xs, local=True).toarray()
        error = max(_shortfall(truth, everywhere, False), _shortfall(truth, here, exact))
        outs = results_of(prim, prim.impl(*args, **params))
        if any(np.iscomplexobj(v) for v in xs + list(outs)):
            return error
        phi = _weighted(prim, [random_like(rng, o) for o in outs], args, params, pos)
        curvature = _dense_hessian_structure(phi, xs)
        for local in (False, True):
            error = max(error, _shortfall(curvature, detect_hessian(phi, xs, local).toarray(), False))
    return error


NEW_CHECKS = [("pattern", check_pattern, PATTERN_TOLERANCE)]

for _check in NEW_CHECKS:
    if all(_check[0] != c[0] for c in CHECKS):
        CHECKS.append(_check)
