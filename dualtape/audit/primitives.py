"""The audit: every table entry checked against independent computations.

For each primitive (user-registered ones included) and each example input
drawn from its domain (`dualtape.core.domains`), `check_primitives` verifies:

* ``dot-product``: the tangent and adjoint rules are transposes of each other,
  ⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩ (relative error ≤ 1e-12);
* ``finite-difference``: the tangent rule against a Richardson-extrapolated
  central difference of the NumPy implementation (relative error ≤ 1e-6);
* ``batched-tangent``: pushing a batch of directions at once through the
  forward engine equals pushing them one at a time (≤ 1e-12).

Further checks (higher-order modes) register themselves in `CHECKS`.
"""
import math

import numpy as np

from ..core.box import new_level
from ..core.dispatch import bind
from ..core.domains import examples_for
from ..core.primitive import TABLE
from ..forward.dual import Dual
from ..forward.parts import own_parts
from .batched import check_batched_cotangent
from .errors import AuditError
from .measures import abs_inner, inner, relative_error, worse
from .probes import differentiable_positions, random_like, results_of

DOT_RTOL = 1e-12
FD_RTOL = 1e-6
BATCH_RTOL = 1e-12


def _dense(t, like):
    if t is None:
        return np.zeros(np.shape(like))
    t = np.asarray(t)
    return np.broadcast_to(t if t.dtype.kind == "c" else t.astype(float), np.shape(like))


def _tangent_in_random_directions(prim, args, params, rng):
    """(out, positions moved, their directions, J·directions per result)."""
    out = prim.impl(*args, **params)
    pos = differentiable_positions(args)
    tangents = [random_like(rng, a) if i in pos else None for i, a in enumerate(args)]
    jt = results_of(prim, prim.jvp(tangents, out, args, params))
    return out, pos, tangents, jt


# --- the checks ------------------------------------------------------------------------------

def check_dot_product(prim, args, params, rng):
    """⟨ȳ, J·ẋ⟩ against ⟨Jᵀ·ȳ, ẋ⟩; returns the relative error."""
    out, pos, tangents, jt = _tangent_in_random_directions(prim, args, params, rng)
    outs = results_of(prim, out)
    ybar = tuple(random_like(rng, o) for o in outs)
    cts = prim.vjp(ybar if prim.multiple_results else ybar[0], out, args, params,
                   [i in pos for i in range(len(args))])
    lhs = sum(inner(y, _dense(t, o)) for y, t, o in zip(ybar, jt, outs))
    rhs = sum(inner(_dense(cts[i], args[i]), tangents[i]) for i in pos)
    scale = sum(abs_inner(y, _dense(t, o)) for y, t, o in zip(ybar, jt, outs)) + \
        sum(abs_inner(_dense(cts[i], args[i]), tangents[i]) for i in pos)
    for i in pos:
        if cts[i] is not None and np.shape(cts[i]) != np.shape(args[i]):
            raise AuditError(f"{prim.name}: adjoint for argument {i} has shape "
                             f"{np.shape(cts[i])}, expected {np.shape(args[i])}")
    return relative_error(lhs, rhs, scale)


def check_finite_difference(prim, args, params, rng):
    """The tangent rule against a Richardson-extrapolated central difference."""
    pos = differentiable_positions(args)
    tangents = [random_like(rng, a) if i in pos else None for i, a in enumerate(args)]
    return finite_difference_error(prim, args, params, tangents)


def finite_difference_error(prim, args, params, tangents):
    """The worst relative error between the tangent rule and a Richardson-extrapolated
    central difference of the implementation along `tangents` (None: not moved)."""
    out = prim.impl(*args, **params)
    outs = results_of(prim, out)
    pos = [i for i, t in enumerate(tangents) if t is not None]
    jt = results_of(prim, prim.jvp(tangents, out, args, params))

    def at(h):
        moved = [a + h * t if i in pos else a for i, (a, t) in enumerate(zip(args, tangents))]
        return results_of(prim, prim.impl(*moved, **params))

    h = 1e-3 * (1.0 + max(float(np.max(np.abs(args[i]))) for i in pos)) if pos else 1e-3
    worst = 0.0
    with np.errstate(all="ignore"):
        plus1, minus1, plus2, minus2 = at(h), at(-h), at(h / 2), at(-h / 2)
    for k, o in enumerate(outs):
        d1 = (np.asarray(plus1[k]) - np.asarray(minus1[k])) / (2 * h)
        d2 = (np.asarray(plus2[k]) - np.asarray(minus2[k])) / h
        fd = (4 * d2 - d1) / 3
        exact = _dense(jt[k], o)
        scale = max(float(np.max(np.abs(exact), initial=0.0)), float(np.max(np.abs(fd), initial=0.0)), 1e-8)
        worst = worse(worst, float(np.max(np.abs(fd - exact), initial=0.0)) / scale)
    return worst


def check_batched_tangent(prim, args, params, rng, n=3):
    """A batch of n directions through the forward engine equals n single pushes."""
    pos = differentiable_positions(args)
    if not pos:
        return 0.0
    batches = {i: np.stack([np.asarray(random_like(rng, args[i])) for _ in range(n)]) for i in pos}
    level = new_level()
    boxed = [Dual._make(a, batches[i], level, (n,)) if i in pos else a for i, a in enumerate(args)]
    together = results_of(prim, bind(prim, *boxed, **params))
    worst = 0.0
    for k in range(n):
        lv = new_level()
        single = [Dual._make(a, batches[i][k] if np.ndim(a) else batches[i][k][()].item(), lv)
                  if i in pos else a for i, a in enumerate(args)]
        alone = results_of(prim, bind(prim, *single, **params))
        for t, s in zip(together, alone):
            tb = np.asarray(own_parts(t)[1])[k] if type(t) is Dual else 0.0
            sb = np.asarray(own_parts(s)[1]) if type(s) is Dual else 0.0
            scale = max(float(np.max(np.abs(sb), initial=0.0)), 1e-300)
            worst = worse(worst, float(np.max(np.abs(tb - sb), initial=0.0)) / scale)
    return worst


# Each check: (name, function(prim, args, params, rng) -> relative error, tolerance).
CHECKS = [
    ("dot-product", check_dot_product, DOT_RTOL),
    ("finite-difference", check_finite_difference, FD_RTOL),
    ("batched-tangent", check_batched_tangent, BATCH_RTOL),
    ("batched-cotangent", check_batched_cotangent, BATCH_RTOL),
]


def add_check(name, check, tolerance):
    """Append a check to `CHECKS` (once: a module imported twice adds nothing twice).

    Example:
        >>> add_check("dot-product", check_dot_product, DOT_RTOL)
        >>> [n for n, _, _ in CHECKS].count("dot-product")
        1
    """
    if all(name != c[0] for c in CHECKS):
        CHECKS.append((name, check, tolerance))


# --- the report --------------------------------------------------------------------------------

class AuditReport:
    """One row per primitive: the worst relative error of each check.

    ``report.ok`` is True when every check passed; ``str(report)`` is a table.
    """

    def __init__(self, rows, checks):
        self.rows = rows
        self.checks = checks

    @property
    def ok(self):
        return all(r["ok"] for r in self.rows)

    @property
    def failures(self):
        return [r for r in self.rows if not r["ok"]]

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __str__(self):
        names = [c[0] for c in self.checks]
        width = max([len("primitive")] + [len(r["name"]) for r in self.rows])
        head = f"{'primitive':<{width}}  " + "  ".join(f"{n:>9}" for n in names) + "  result"
        lines = [head, "-" * len(head)]
        for r in self.rows:
            cells = []
            for n in names:
                v = r["errors"].get(n)
                cells.append(f"{'-' if v is None else f'{v:.1e}':>{max(9, len(n))}}")
            verdict = "ok" if r["ok"] else "FAIL: " + "; ".join(r["problems"])
            lines.append(f"{r['name']:<{width}}  " + "  ".join(cells) + "  " + verdict)
        passed = sum(r["ok"] for r in self.rows)
        lines.append(f"{passed} of {len(self.rows)} primitives pass every check")
        return "\n".join(lines)

    def _repr_html_(self):
        return "<pre>" + str(self) + "</pre>"


def check_primitives(names=None, *, raise_on_failure=False, seed=0, progress=None):
    """Audit the primitive table (or the entries in `names`); returns an `AuditReport`.

    Example:
        >>> import dualtape as dt
        >>> report = dt.check_primitives(["sin", "matmul"])
        >>> report.ok
        True
    """
    if names is None:
        names = sorted(TABLE)
    elif isinstance(names, str):
        names = [names]
    rows = []
    for k, name in enumerate(names):
        if name not in TABLE:
            raise KeyError(f"check_primitives: no primitive named {name!r} in the table")
        prim = TABLE[name]
        rng = np.random.default_rng([seed, _stable_hash(name)])
        errors, problems = {}, []
        try:
            examples = examples_for(prim, rng)
        except Exception as exc:  # a broken example generator is a failure, not a crash
            examples = []
            problems.append(f"examples: {type(exc).__name__}: {exc}")
        for check_name, check, tol in CHECKS:
            worst = None              # stays None where the check applies to no example
            for args, params in examples:
                try:
                    err = check(prim, args, params, rng)
                except Exception as exc:
                    if not any(p.startswith(check_name) for p in problems):
                        problems.append(f"{check_name}: {type(exc).__name__}: {exc}")
                    err = math.inf
                if err is None:
                    continue
                worst = err if worst is None else worse(worst, err)
            errors[check_name] = worst
            if worst is not None and not worst <= tol and \
                    not any(p.startswith(check_name) for p in problems):
                problems.append(f"{check_name} identity off by {worst:.1e} (tolerance {tol:.0e})")
        rows.append({"name": name, "errors": errors, "ok": not problems, "problems": problems,
                     "examples": len(examples)})
        if progress is not None:
            progress(k + 1, len(names), name)
    report = AuditReport(rows, list(CHECKS))
    if raise_on_failure and not report.ok:
        raise AuditError("the primitive audit failed:\n" + str(report))
    return report


def _stable_hash(name):
    return sum((i + 1) * ord(c) for i, c in enumerate(name)) % (2 ** 31)
