"""Detection: run a function on pattern boxes and read off its pattern.

The function `g` takes the input leaves as separate arguments (arrays or
floats) and returns its output leaves as a tuple (for Jacobians) or one
scalar (for Hessians); the transforms build such a `g` from the user's
function, its `argnums` and its pytrees.
"""
import numpy as np

from ..core.box import raw
from .box import Trace, box_of
from .index_sets import INDEX, distinct
from .pattern import Pattern
from .structure import size_of


def _seeded(leaves, local, hessian):
    n = sum(size_of(x) for x in leaves)
    trace = Trace(n, local=local, hessian=hessian)
    boxes, offset = [], 0
    for x in leaves:
        boxes.append(trace.seed(x, offset))
        offset += size_of(x)
    return trace, boxes


def detect_jacobian(g, leaves, local=False):
    """The Jacobian pattern of ``g(*leaves)``, rows over the flattened output
    leaves and columns over the flattened input leaves.

    Example:
        >>> import numpy as np
        >>> detect_jacobian(lambda x: (x[1:] - x[:-1],), [np.zeros(3)]).toarray().astype(int)
        array([[1, 1, 0],
               [0, 1, 1]])
    """
    trace, boxes = _seeded(leaves, local, hessian=False)
    outputs = g(*boxes)
    rows, cols, offset = [], [], 0
    for out in outputs:
        box = box_of(out, trace)
        m = size_of(raw(out))
        if box is not None:
            r, k = box.deps.entries()
            rows.append(r + offset)
            cols.append(k)
        offset += m
    return Pattern((offset, trace.n), _joined(rows), _joined(cols), local=local,
                   value_dependent=trace.compared)


def detect_hessian(g, leaves, local=False):
    """The (symmetric) Hessian pattern of the scalar ``g(*leaves)``.

    Example:
        >>> import numpy as np
        >>> detect_hessian(lambda x: (x[0] * x[1:]).sum(), [np.zeros(3)]).toarray().astype(int)
        array([[0, 1, 1],
               [1, 0, 0],
               [1, 0, 0]])
    """
    trace, boxes = _seeded(leaves, local, hessian=True)
    out = g(*boxes)
    n = trace.n
    box = box_of(out, trace)
    keys = [box.pairs.indices] if box is not None else []
    keys += trace.pooled
    if trace.dense_inputs is not None:
        chosen = np.flatnonzero(trace.dense_inputs).astype(INDEX)
        low, high = np.triu_indices(chosen.size)
        keys.append(chosen[low] * n + chosen[high])
    keys = distinct(_joined(keys))
    i, j = keys // max(n, 1), keys % max(n, 1)
    off = i != j
    return Pattern((n, n), np.concatenate([i, j[off]]), np.concatenate([j, i[off]]),
                   symmetric=True, local=local, value_dependent=trace.compared)


def _joined(arrays):
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=INDEX)
