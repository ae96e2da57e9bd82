"""Pattern rules of products: matmul and einsum, as boolean products.

Both are sums of products over an index grid (i, j, k for ``a @ b``): each
grid point multiplies one element of every operand into one output element.
The rule lays every operand's element ids on that grid and keeps, for operand
k, the points where every other factor may be non-zero.  A factor may be
non-zero if it depends on the inputs or its value is not zero, so a constant
matrix with zeros (a stencil written as a matrix) gives its own sparsity; at a
point (``local``) only the values count.  Two traced operands interact where
both meet at a grid point (x and y in ``x @ y``), with the other factors
possibly non-zero.

The grid holds one entry per scalar multiplication of the dense product, so
the rule costs what the product itself costs.
"""
import numpy as np

from ..core.arrays import shape as _shape
from .structure import Cross, Links, Structure, element_ids


def matmul(call):
    """``a @ b`` on operands of rank >= 2 with broadcast leading axes: the grid (..., i, j, k)."""
    a = element_ids(call.shape(0))[..., :, :, None]
    b = element_ids(call.shape(1))[..., None, :, :]
    out = element_ids(_shape(call.out))[..., :, None, :]
    return contraction(call, [a, b], out)


def einsum(call):
    """Canonical einsum (explicit output, no ellipsis): the grid of all its labels."""
    inputs, output = call.params["subscripts"].split("->")
    terms = inputs.split(",")
    labels = "".join(dict.fromkeys("".join(terms)))
    operands = [_on_grid(term, element_ids(call.shape(k)), labels) for k, term in enumerate(terms)]
    return contraction(call, operands, _on_grid(output, element_ids(_shape(call.out)), labels))


def _on_grid(term, ids, labels):
    """Element ids of an operand with subscripts `term`, as an array broadcasting
    over the grid whose axes are `labels` (a repeated label reads the diagonal)."""
    own = "".join(dict.fromkeys(term))
    ordered = "".join(c for c in labels if c in own)
    if term != ordered:
        ids = np.einsum(f"{term}->{ordered}", ids)
    sizes = dict(zip(ordered, np.shape(ids)))
    return np.reshape(ids, [sizes.get(c, 1) for c in labels])


def contraction(call, operands, out_ids):
    """The structure of ``out[o] = Σ Π_k operand_k[ids_k]`` over a grid: `operands`
    and `out_ids` are element-id arrays that broadcast to the grid."""
    grid = np.broadcast_shapes(out_ids.shape, *(o.shape for o in operands))
    ids = [np.broadcast_to(o, grid).ravel() for o in operands]
    out = np.broadcast_to(out_ids, grid).ravel()
    dependent, nonzero = [], []
    for k, index in enumerate(ids):
        here = (np.asarray(call.values[k]).ravel() != 0)[index]
        dep = call.dependent(k)[index] if call.traced[k] else np.zeros(index.size, dtype=bool)
        dependent.append(dep)
        nonzero.append(here if call.local else dep | here)

    def others_nonzero(*skip):
        mask = np.ones(out.size, dtype=bool)
        for k, nz in enumerate(nonzero):
            if k not in skip:
                mask &= nz
        return mask
    links, curvature = [], []
    for k, index in enumerate(ids):
        if not call.traced[k]:
            links.append(None)
            continue
        keep = dependent[k] & others_nonzero(k)
        links.append(Links.pairs(out[keep], index[keep]))
        for l in range(k):
            if call.traced[l]:
                both = dependent[k] & dependent[l] & others_nonzero(k, l)
                curvature.append(Cross(out[both], k, index[both], l, ids[l][both]))
    return Structure(links, curvature)

