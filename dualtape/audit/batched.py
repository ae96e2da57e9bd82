"""The batched-cotangent audit check, the mirror of ``batched-tangent``.

An adjoint rule receives a cotangent of shape ``batch + shape(out)`` (the
leading axes beyond the output's rank are a batch of cotangents) and returns,
for each input, a cotangent of shape ``batch + shape(x_i)``.  That is what
makes a reverse Jacobian one backward pass.  ``batched-cotangent`` pulls a
stack of cotangents (batch shape (3, 2), so that a rule which assumes one
leading axis fails too) back through the entry's adjoint at once, and compares
every slice with the pullback of that cotangent alone (relative error
≤ 1e-12); an input cotangent of another shape than ``batch + shape(x_i)`` is
a failure.

Example:
    >>> import dualtape as dt
    >>> report = dt.check_primitives(["sin", "matmul", "linalg.eigh"])
    >>> report.ok, [r["errors"]["batched-cotangent"] < 1e-12 for r in report]
    (True, [True, True, True])
"""
import numpy as np

from .errors import AuditError
from .measures import worse
from .probes import differentiable_positions, random_like, results_of

BATCH_SHAPE = (3, 2)


def _stack_of_cotangents(rng, o, batch):
    """Random cotangents of shape ``batch + shape(o)`` (complex for a complex `o`)."""
    count = int(np.prod(batch))
    return np.stack([np.asarray(random_like(rng, o)) for _ in range(count)]).reshape(
        batch + np.shape(o))


def _one(stack, k, o):
    """Slice `k` of a stack of cotangents; a Python scalar for a scalar output, as a
    single pullback receives it."""
    c = stack[k]
    return c.item() if np.shape(o) == () else c


def _dense(ct, like_shape):
    return np.zeros(like_shape) if ct is None else np.asarray(ct)


def check_batched_cotangent(prim, args, params, rng, batch=BATCH_SHAPE):
    """A stack of cotangents through the adjoint rule at once equals one pullback each."""
    pos = differentiable_positions(args)
    if not pos:
        return 0.0
    out = prim.impl(*args, **params)
    outs = results_of(prim, out)
    wanted = [i in pos for i in range(len(args))]
    stacks = tuple(_stack_of_cotangents(rng, o, batch) for o in outs)
    together = prim.vjp(stacks if prim.multiple_results else stacks[0], out, args, params, wanted)
    for i in pos:
        expected = batch + np.shape(args[i])
        if together[i] is not None and np.shape(together[i]) != expected:
            raise AuditError(f"{prim.name}: for a batch {batch} of cotangents the adjoint for "
                             f"argument {i} has shape {np.shape(together[i])}, expected {expected}")
    worst = 0.0
    for k in np.ndindex(*batch):
        single = tuple(_one(s, k, o) for s, o in zip(stacks, outs))
        alone = prim.vjp(single if prim.multiple_results else single[0], out, args, params, wanted)
        for i in pos:
            sb = _dense(alone[i], np.shape(args[i]))
            tb = _dense(together[i], batch + np.shape(args[i]))[k]
            scale = max(float(np.max(np.abs(sb), initial=0.0)), 1e-300)
            worst = worse(worst, float(np.max(np.abs(tb - sb), initial=0.0)) / scale)
    return worst
