"""Reverse-mode Jacobians: the rows are the pullbacks of the unit cotangents.

Adjoint rules carry leading batch axes on the cotangent (the convention in
`dualtape.core.primitive`), so `jacobian_in_one_pass` seeds the whole identity
as one batch of cotangents and runs a single backward pass, instead of one
pullback per row; past a memory budget it runs one pass per chunk of rows.
`GradientTape.jacobian` and the functional ``jacobian(mode="reverse")`` both
build their Jacobians here; they differ only in how they pull cotangents back.
"""
import math

import numpy as np

from ..core.primitive import PRIMITIVES

from ..rules.indexing import getitem
from ..rules.shapes import concatenate, reshape

# Numbers in one batched cotangent of the largest value on the tape: past this,
# the rows of a Jacobian are pulled back in chunks (32 MB per float64 cotangent).
ROW_BUDGET = 1 << 22


def rows_per_pass(m, largest, budget=None):
    """How many of a Jacobian's `m` rows one backward pass pulls back, when the
    largest value on the tape has `largest` elements: its batched cotangent is
    the biggest array the pass holds (`budget` numbers; `ROW_BUDGET` by default).

    Example:
        >>> rows_per_pass(100, 100), rows_per_pass(10_000, 10_000, budget=1 << 22)
        (100, 419)
    """
    budget = ROW_BUDGET if budget is None else budget
    return max(1, min(m, budget // max(largest, 1)))


def largest_value(records):
    """The number of elements of the largest output among a tape's records, as
    stored (`Tape.stored`).

    Example:
        >>> import numpy as np
        >>> from dualtape.reverse.tape import Tape
        >>> tape = Tape()
        >>> x = tape.source(np.ones(3))
        >>> with tape.recording_on():
        ...     y = (x[:, None] * x).sum()
        >>> largest_value(tape.stored())
        9
    """
    largest = 1
    for index, _, _, _, out, _ in records:
        for o in (out if PRIMITIVES[index].multiple_results else (out,)):
            size = getattr(o, "size", 1)
            if size > largest:
                largest = size
    return largest


def unit_cotangents(out_shapes, dtypes, lo, hi):
    """Rows ``lo:hi`` of the identity over all outputs' elements (laid end to end,
    each output in C order), as one batch of cotangents per output: shape
    ``(hi - lo,) + out_shapes[j]`` in ``dtypes[j]``.

    Example:
        >>> import numpy as np
        >>> a, b = unit_cotangents([(2,), ()], [np.float64, np.float32], 1, 3)
        >>> a, b
        (array([[0., 1.],
               [0., 0.]]), array([0., 1.], dtype=float32))
    """
    cotangents, start = [], 0
    for s, dtype in zip(out_shapes, dtypes):
        m = math.prod(s)
        rows = np.zeros((hi - lo, m), dtype=dtype)
        first, last = max(lo, start), min(hi, start + m)
        if first < last:
            # the ones sit at (row i - lo, column i - start) for first <= i < last: every
            # (m + 1)-th number of the flat rows, from that of i = first on
            offset = (first - lo) * m + (first - start)
            rows.reshape(-1)[offset::m + 1][:last - first] = 1.0
        cotangents.append(rows.reshape((hi - lo,) + tuple(s)))
        start += m
    return cotangents


def jacobian_in_one_pass(pull, out_shapes, in_shapes, dtypes, who="jacobian", largest=None):
    """The Jacobian blocks ``[j][i]`` (output j, input i; shape ``out_shapes[j] +
    in_shapes[i]``) from one backward pass with the identity as a batch of cotangents.

    ``pull(cotangents, batch)`` takes one cotangent per output, each of shape
    ``batch + out_shapes[j]``, and returns one per input of shape ``batch +
    in_shapes[i]`` (or None for an input with no derivative, which raises a
    TypeError reported as `who`).  A single output element is pulled back
    unbatched (``batch == ()``).  When the batch would be large, ``largest()``
    (the size of the largest value the pass handles) sets how many rows one
    pass takes (`rows_per_pass`), and the rows are pulled back chunk by chunk.

    Example:
        >>> import numpy as np
        >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> pull = lambda cts, batch: [cts[0] @ a]
        >>> jacobian_in_one_pass(pull, [(2,)], [(2,)], [np.float64])[0][0]
        array([[1., 2.],
               [3., 4.]])
    """
    m = sum(math.prod(s) for s in out_shapes)
    if m == 0:
        return [[np.zeros(o + s, dtype=d) for s in in_shapes] for o, d in zip(out_shapes, dtypes)]
    if m == 1:
        # one row: one unbatched cotangent, the cheaper pass (pinned against the batched one)
        row = _checked(pull([_ones(s, d) for s, d in zip(out_shapes, dtypes)], ()), in_shapes, who)
        pieces = [[reshape(c, (1,) + s) for c, s in zip(row, in_shapes)]]
    else:
        chunk = rows_per_pass(m, largest()) if largest is not None else m
        pieces = [_checked(pull(unit_cotangents(out_shapes, dtypes, lo, min(m, lo + chunk)),
                                (min(m, lo + chunk) - lo,)), in_shapes, who)
                  for lo in range(0, m, chunk)]
    rows = [p[0] if len(pieces) == 1 else concatenate(p, axis=0)
            for p in (list(col) for col in zip(*pieces))]
    blocks, start = [], 0
    for o in out_shapes:
        k = math.prod(o)
        blocks.append([_reshaped(r if k == m else getitem(r, (slice(start, start + k),)), o + s)
                       for r, s in zip(rows, in_shapes)])
        start += k
    return blocks


def _reshaped(r, s):
    """`r` in shape `s`: itself when it has that shape (one output's rows already do)."""
    return r if type(r) is np.ndarray and r.shape == s else reshape(r, s)


def _ones(s, dtype):
    """Ones of shape `s` in `dtype`; a Python float for a float64 scalar."""
    dtype = np.dtype(dtype)
    if s:
        return np.ones(s, dtype=dtype)
    return 1.0 if dtype == np.float64 else dtype.type(1.0)


def _checked(cotangents, in_shapes, who):
    """`cotangents` of the inputs, with a TypeError for an input that has none."""
    for a, (c, s) in enumerate(zip(cotangents, in_shapes)):
        if c is None:
            raise TypeError(
                f"{who}: source {a} (shape {s}) has no derivative: an integer or boolean value "
                f"carries none. Pass floats: Variable(3.0) rather than Variable(3), or "
                f"x.astype(float).")
    return list(cotangents)
