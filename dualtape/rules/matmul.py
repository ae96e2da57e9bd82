"""Matrix products: ``matmul`` (a primitive, with all of NumPy's batching rules)
and ``dot`` (composed from matmul, reshape and transpose, as NumPy defines it).

The matmul primitive takes NumPy's operands as they are, 1-D ones included (a
row first, a column second): its rules read a 1-D operand as that matrix, so
``A @ x`` is one operation on the tape, not three.
"""
import numpy as np

from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .helpers import cotangent_batch, sum_to_shape
from .matrix_helpers import mT
from .shapes import moveaxis, reshape
from .taylor_series import full, sum_of
from .complex_values import accept_complex, HOLOMORPHIC

__all__ = ["matmul", "dot"]


def _matmul_series(coeffs, out, a, b):
    """Jets: the Cauchy product with matmul in place of multiplication."""
    ca, cb = coeffs
    if ca is None:
        return [bind(_matmul, a, c) for c in cb]
    if cb is None:
        return [bind(_matmul, c, b) for c in ca]
    k = len(ca)
    sa, sb = full(a, ca, k), full(b, cb, k)
    return [sum_of(bind(_matmul, sa[i], sb[j - i]) for i in range(j + 1)) for j in range(1, k + 1)]


def _stack_times(x, w):
    """``x @ w``; when `w` is one matrix and `x` a stack of them (a batch of
    cotangents or tangents, say), the stack is folded into the rows of one matrix
    product, which NumPy computes much faster than the product of each matrix in
    turn (W5's (100, 100, 1) stack: 81 µs one by one, 32 µs folded)."""
    xs = shape(x)
    if len(xs) < 3 or ndim(w) != 2:
        return bind(_matmul, x, w)
    rows = bind(_matmul, reshape(x, (-1, xs[-1])), w)
    return reshape(rows, xs[:-1] + shape(w)[-1:])


def _times_stack(w, x):
    """``w @ x``, folded as `_stack_times` folds when `w` is one matrix and `x` a
    stack: ``(xᵀ @ wᵀ)ᵀ``, whose rows are the stack's."""
    if ndim(x) < 3 or ndim(w) != 2:
        return bind(_matmul, w, x)
    return mT(_stack_times(mT(x), mT(w)))


# --- operands of rank 1 ------------------------------------------------------------------
# The entry takes NumPy's operands as they are: a 1-D `a` is a row (1, k) and a 1-D `b`
# a column (k, 1), whose added axis leaves the result.  The rules work on those matrices
# (`_as_matrix`, shapes only: a reshape is free) and give results their true shapes;
# leading batch axes of a tangent or cotangent stay in front, with unit axes after them
# where the other operand has more stacked axes, so that matmul broadcasts the stacks.

def _matrix_shape(s, row):
    """The shape matmul gives operand shape `s`: a 1-D operand as a row or a column."""
    if len(s) != 1:
        return s
    return (1,) + s if row else s + (1,)


def _as_matrix(t, batch, s, row, stacked):
    """`t` (shape ``batch + s``) with its operand as a matrix (`_matrix_shape`) and
    unit axes after `batch` up to `stacked` axes before the matrix."""
    m = _matrix_shape(s, row)
    want = batch + (1,) * (stacked - (len(m) - 2)) + m
    return t if shape(t) == want else reshape(t, want)


def _stacked(a, b):
    """How many stacked axes the product of `a` and `b` has (before its matrix)."""
    return max(ndim(a), ndim(b), 2) - 2


def _tangent_of_a(t, out, a, b):
    batch = shape(t)[:ndim(t) - ndim(a)]
    if ndim(a) == 1 and ndim(b) == 2:
        return _stack_times(t, b)                  # rows of a vector: one product, folded
    k = _stacked(a, b)
    product = _stack_times(_as_matrix(t, batch, shape(a), True, k),
                           _as_matrix(b, (), shape(b), False, ndim(b) - 2))
    return reshape(product, batch + shape(out))


def _tangent_of_b(t, out, a, b):
    batch = shape(t)[:ndim(t) - ndim(b)]
    if ndim(b) == 1 and ndim(a) == 2:
        return _stack_times(t, mT(a))              # a · t = t · aᵀ for a stack of vectors t
    k = _stacked(a, b)
    product = _times_stack(_as_matrix(a, (), shape(a), True, ndim(a) - 2),
                           _as_matrix(t, batch, shape(b), False, k))
    return reshape(product, batch + shape(out))


def _out_as_matrix(g, out, a, b):
    """Cotangent `g` (batch + shape(out)) as the matrix product's output: the axes a 1-D
    operand dropped put back.  Returns (batch, g as a matrix)."""
    batch = cotangent_batch(g, out)
    s = shape(out)
    if ndim(b) == 1:
        s = s + (1,)
    if ndim(a) == 1:
        s = s[:-1] + (1,) + s[-1:]
    return batch, (g if len(s) == ndim(out) else reshape(g, batch + s))


def _adjoint_of_a(g, out, a, b):
    if ndim(a) == 1 and ndim(b) == 2:
        return _stack_times(g, mT(b))              # rows g · bᵀ, folded
    batch, gm = _out_as_matrix(g, out, a, b)
    bm = _as_matrix(b, (), shape(b), False, ndim(b) - 2)
    ga = sum_to_shape(_stack_times(gm, mT(bm)), _matrix_shape(shape(a), True), batch)
    return reshape(ga, batch + shape(a))


def _adjoint_of_b(g, out, a, b):
    if ndim(b) == 1 and ndim(a) == 2:
        return _stack_times(g, a)                  # rows g · a, folded
    batch, gm = _out_as_matrix(g, out, a, b)
    am = _as_matrix(a, (), shape(a), True, ndim(a) - 2)
    gb = sum_to_shape(mT(_stack_times(mT(gm), am)), _matrix_shape(shape(b), False), batch)
    return reshape(gb, batch + shape(b))


_matmul = defprimitive(
    "matmul", np.matmul,
    # a batch of tangents is leading axes that matmul broadcasts: folded into one product
    (_tangent_of_a, _tangent_of_b),
    # a batch of cotangents is one more leading axis that matmul broadcasts
    (_adjoint_of_a, _adjoint_of_b),
    taylor=_matmul_series, family="matmul",
    examples=lambda rng: [
        ((rng.standard_normal((3, 4)), rng.standard_normal((4, 2))), {}),
        ((rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))), {}),
        ((rng.standard_normal((3, 1, 2, 4)), rng.standard_normal((2, 4, 3))), {}),
        ((rng.standard_normal((3, 4)), rng.standard_normal(4)), {}),
        ((rng.standard_normal(3), rng.standard_normal((3, 2))), {}),
        ((rng.standard_normal(3), rng.standard_normal(3)), {}),
        ((rng.standard_normal(4), rng.standard_normal((2, 4, 3))), {}),
        ((rng.standard_normal((2, 1, 3, 4)), rng.standard_normal(4)), {}),
    ])


def matmul(a, b):
    """``a @ b`` with NumPy's rules: a 1-D operand is a row (first) or a column
    (second) whose added axis leaves the result, leading axes broadcast.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.gradient(lambda x: dt.numpy.matmul(x, x))(np.array([1.0, 2.0]))
        array([2., 4.])
    """
    na, nb = ndim(a), ndim(b)
    if na == 0 or nb == 0:
        raise ValueError("matmul: Input operand does not have enough dimensions "
                         f"(shapes {shape(a)} and {shape(b)}); use multiply for scalars")
    if shape(a)[-1] != shape(b)[0 if nb == 1 else -2]:
        raise ValueError(f"matmul: shapes {shape(a)} and {shape(b)} are not aligned: "
                         f"the last axis of the first must match the "
                         f"{'only' if nb == 1 else 'second-to-last'} axis of the second")
    return bind(_matmul, a, b)


def dot(a, b):
    """``numpy.dot``: products of scalars, inner product of vectors, matrix
    product, and for N-D arrays a sum over the last axis of `a` and the
    second-to-last of `b`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> dt.numpy.dot(np.ones((2, 3)), np.ones(3))
        array([3., 3.])
    """
    na, nb = ndim(a), ndim(b)
    if na == 0 or nb == 0:
        return a * b
    if nb <= 2:
        return matmul(a, b)
    sb = shape(b)
    k = sb[-2]
    if shape(a)[-1] != k:
        raise ValueError(f"dot: shapes {shape(a)} and {sb} not aligned: {shape(a)[-1]} (dim {na - 1}) != {k} (dim {nb - 2})")
    b2 = reshape(moveaxis(b, -2, 0), (k, -1))
    out = matmul(a, b2)
    return reshape(out, shape(a)[:-1] + sb[:-2] + sb[-1:])


# --- complex values: the adjoint is G Bᵀ, a transpose without conjugate ----------------------
accept_complex(HOLOMORPHIC, _matmul)
