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
    """``a @ b`` with broadcast leading axes: the grid (..., i, j, k); a 1-D operand is
    a row (first) or a column (second), as NumPy's matmul reads it.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> a = np.array([[1.0, 0.0], [0.0, 2.0]])          # a constant diagonal matrix
        >>> call = PatternCall.at(TABLE["matmul"], (a, np.ones((2, 1))), traced=(False, True))
        >>> link = matmul(call).links[1]
        >>> link.out_rows, link.in_rows                     # output i reads x_i only
        (array([0, 1]), array([0, 1]))
    """
    sa, sb = call.shape(0), call.shape(1)
    ma = (1,) + sa if len(sa) == 1 else sa
    mb = sb + (1,) if len(sb) == 1 else sb
    # the result's matrix shape: the stacks broadcast, then (rows of a, columns of b)
    mo = np.broadcast_shapes(ma[:-2], mb[:-2]) + (ma[-2], mb[-1])
    a = element_ids(sa).reshape(ma)[..., :, :, None]
    b = element_ids(sb).reshape(mb)[..., None, :, :]
    out = element_ids(_shape(call.out)).reshape(mo)[..., :, None, :]
    return contraction(call, [a, b], out)


def einsum(call):
    """Canonical einsum (explicit output, no ellipsis): the grid of all its labels.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> call = PatternCall.at(TABLE["einsum"], (np.ones((2, 2)),), dict(subscripts="ii->"))
        >>> einsum(call).links[0].in_rows                    # the trace reads the diagonal
        array([0, 3])
    """
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
    and `out_ids` are element-id arrays that broadcast to the grid.

    Example:
        >>> import numpy as np
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> call = PatternCall.at(TABLE["multiply"], (np.ones(2), np.ones(2)))
        >>> s = contraction(call, [np.arange(2), np.arange(2)], np.arange(2))   # x·y as a product
        >>> s.links[0].in_rows, s.curvature[0].rows_i, s.curvature[0].rows_j
        (array([0, 1]), array([0, 1]), array([0, 1]))
    """
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

