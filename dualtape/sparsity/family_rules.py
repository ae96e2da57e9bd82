"""Pattern rules, each stated once for a whole family of table entries.

* `elementwise`: output element r reads element ``broadcast(r)`` of each
  argument; an argument whose partial is identically zero (``floor``,
  ``sign``) is not read at all.  Second order from the entry's ``second``
  field: ``{}`` (piecewise linear: ``abs``, ``maximum``, ``where``) adds
  nothing, keys ``(i, j)`` add the pairs of arguments i and j (``multiply``:
  x with y only), and no field at all adds every pair (the safe default).
* `by_element_ids`: shape and indexing entries move elements without
  combining them, so the implementation applied to an array of element ids
  says where each output element comes from.
* `by_adjoint_ids`: a linear entry whose adjoint gathers (``scatter_add``,
  whose adjoint is ``getitem``) is read the other way round: the adjoint
  applied to the output's element ids says where each argument element goes.
* `along_axes`: reductions, the union along the reduced axes.
* `running`: cumulative sums and products, the union of the elements up to
  each position.
* `dense`: every output element depends on every argument element, and all of
  them interact (unless the entry is linear): right for any entry, so it is
  the rule of linear algebra and of entries with no rule of their own.

Products (matmul, einsum) are in `dualtape.sparsity.products`.
"""
import numpy as np

from ..core.arrays import shape as _shape
from .index_sets import INDEX
from .structure import Cross, Links, SELF, Structure, broadcast_ids, element_ids, size_of


def has_zero_partial(prim, i):
    """Whether the entry's derivative with respect to argument i is identically
    zero (its tangent or adjoint rule has no part for it).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> has_zero_partial(TABLE["floor"], 0), has_zero_partial(TABLE["sin"], 0)
        (True, False)
    """
    for rule in (prim.tangent, prim.adjoint):
        if isinstance(rule, tuple) and (i >= len(rule) or rule[i] is None):
            return True
    return False


def elementwise(call):
    """Elementwise entries: the broadcast index, and second order from ``second``.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> s = elementwise(PatternCall.at(TABLE["multiply"], (np.ones((2, 1)), np.ones(3))))
        >>> s.links[0].in_rows, s.links[1].in_rows, [(t.i, t.j) for t in s.curvature]
        (array([0, 0, 0, 1, 1, 1]), array([0, 1, 2, 0, 1, 2]), [(0, 1)])
    """
    out_shape = _shape(call.out)
    links = []
    for i in range(len(call.values)):
        if not call.traced[i] or has_zero_partial(call.prim, i):
            links.append(None)
        elif call.shape(i) == out_shape:
            links.append(Links.identity())
        else:
            links.append(Links.mapped(broadcast_ids(call.shape(i), out_shape)))
    return Structure(links, _elementwise_curvature(call.prim, links, size_of(call.out)))


def _elementwise_curvature(prim, links, m):
    if prim.linear or all(link is None for link in links):
        return []
    second = prim.second
    if not isinstance(second, dict):      # no closed form (or a unary one): every pair may interact
        return [SELF]
    terms = []
    everyone = np.arange(m, dtype=INDEX)
    for (i, j) in second:
        if links[i] is None or links[j] is None:
            continue
        rows_i = everyone if links[i].kind == "identity" else links[i].in_rows
        rows_j = everyone if links[j].kind == "identity" else links[j].in_rows
        terms.append(Cross(everyone, i, rows_i, j, rows_j))
    return terms


def by_element_ids(call):
    """Entries that only move elements: apply the implementation to element ids.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> call = PatternCall.at(TABLE["concatenate"], (np.ones(2), np.ones(1)), dict(axis=-1),
        ...                       traced=(True, False))
        >>> by_element_ids(call).links[0].in_rows
        array([ 0,  1, -1])
    """
    ids, offsets, offset = [], [], 0
    for i in range(len(call.values)):
        s = call.shape(i)
        ids.append(element_ids(s, offset) if call.traced[i] else np.full(s, -1, dtype=INDEX))
        offsets.append(offset)
        offset += call.size(i)
    out_ids = np.asarray(call.prim.impl(*ids, **call.params)).ravel()
    links = []
    for i in range(len(call.values)):
        if not call.traced[i]:
            links.append(None)
            continue
        local = out_ids - offsets[i]
        inside = (local >= 0) & (local < call.size(i))
        links.append(Links.mapped(np.where(inside, local, -1)))
    return Structure(links)


def by_adjoint_ids(call):
    """Linear entries whose adjoint gathers: apply the adjoint to the output's element ids.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> index = (np.array([2, 0, 2]),)
        >>> call = PatternCall.at(TABLE["scatter_add"], (np.ones(3),), dict(index=index, shape=(4,)))
        >>> by_adjoint_ids(call).links[0].out_rows
        array([2, 0, 2])
    """
    out_ids = element_ids(_shape(call.out))
    targets = call.prim.vjp(out_ids, call.out, call.values, call.params, call.traced)
    links = []
    for i in range(len(call.values)):
        if not call.traced[i] or targets[i] is None:
            links.append(None)
            continue
        target = np.asarray(targets[i])
        if target.shape == call.shape(i):
            links.append(Links.scattered(target))
        else:                            # the argument was broadcast before being scattered
            links.append(Links.pairs(target, broadcast_ids(call.shape(i), target.shape)))
    return Structure(links)


def along_axes(call):
    """Reductions over ``axis`` (with any ``keepdims``; quantiles may add leading
    axes for several levels): the union along the reduced axes.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> call = PatternCall.at(TABLE["sum"], (np.ones((2, 3)),), dict(axis=(-1,), keepdims=False))
        >>> along_axes(call).links[0].out_rows, along_axes(call).curvature
        (array([0, 0, 0, 1, 1, 1]), [])
    """
    s = call.shape(0)
    nd = len(s)
    axes = {int(a) % nd for a in call.params.get("axis", ())} if nd else set()
    kept = tuple(1 if d in axes else n for d, n in enumerate(s))
    groups = broadcast_ids(kept, s)
    n_groups = int(np.prod(kept, dtype=INDEX))
    repeats = size_of(call.out) // max(n_groups, 1)
    if repeats == 1:
        link = Links.scattered(groups)
    else:                                # one output block per quantile level
        block = np.arange(repeats, dtype=INDEX)[:, None] * n_groups
        link = Links.pairs(block + groups[None, :], np.tile(np.arange(groups.size, dtype=INDEX), repeats))
    return Structure([link], [] if call.prim.linear else [SELF])


def running(call):
    """Cumulative entries along ``axis``: position k depends on positions 0..k.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> link = running(PatternCall.at(TABLE["cumsum"], (np.ones(3),), dict(axis=-1))).links[0]
        >>> link.out_rows, link.in_rows
        (array([0, 1, 1, 2, 2, 2]), array([0, 0, 1, 0, 1, 2]))
    """
    s = call.shape(0)
    length = s[call.params["axis"]]
    lines = np.moveaxis(element_ids(s), call.params["axis"], -1).reshape(-1, length)
    later, earlier = np.tril_indices(length)
    link = Links.pairs(lines[:, later], lines[:, earlier])
    return Structure([link], [] if call.prim.linear else [SELF])


def dense(call):
    """Every output element on every traced argument element (the safe answer).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> from dualtape.sparsity.structure import PatternCall
        >>> s = dense(PatternCall.at(TABLE["linalg.inv"], (np.eye(2),)))
        >>> s.links[0].kind, s.curvature
        ('all', ['self'])
    """
    links = [Links.every() if traced else None for traced in call.traced]
    structure = Structure(links, [] if call.prim.linear else [SELF])
    if call.prim.multiple_results:
        return [structure] * len(call.out)
    return structure
