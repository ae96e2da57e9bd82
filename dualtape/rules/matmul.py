"""Matrix products: ``matmul`` (a primitive, with all of NumPy's batching rules)
and ``dot`` (composed from matmul, reshape and transpose, as NumPy defines it).

The matmul primitive only ever sees operands of rank >= 2: the public
function promotes 1-D operands the way NumPy does and removes the added axis
afterwards, so the rules need no special cases.
"""
import numpy as np

from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim
from .helpers import cotangent_batch, sum_to_shape
from .matrix_helpers import mT
from .shapes import expand_dims, squeeze, moveaxis, reshape
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


_matmul = defprimitive(
    "matmul", np.matmul,
    # a batch of tangents is leading axes that matmul broadcasts: folded into one product
    (lambda t, out, a, b: _stack_times(t, b),
     lambda t, out, a, b: _times_stack(a, t)),
    # a batch of cotangents is one more leading axis that matmul broadcasts
    (lambda g, out, a, b: sum_to_shape(_stack_times(g, mT(b)), shape(a), cotangent_batch(g, out)),
     lambda g, out, a, b: sum_to_shape(mT(_stack_times(mT(g), a)), shape(b),
                                       cotangent_batch(g, out))),
    broadcasts=True, taylor=_matmul_series, family="matmul",
    examples=lambda rng: [
        ((rng.standard_normal((3, 4)), rng.standard_normal((4, 2))), {}),
        ((rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))), {}),
        ((rng.standard_normal((3, 1, 2, 4)), rng.standard_normal((2, 4, 3))), {}),
    ])


def matmul(a, b):
    """``a @ b`` with NumPy's rules: 1-D operands are promoted (and the added
    axis removed), leading axes broadcast.

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
    if na == 1:
        a = expand_dims(a, 0)
    if nb == 1:
        b = expand_dims(b, -1)
    out = bind(_matmul, a, b)
    if nb == 1:
        out = squeeze(out, -1)
    if na == 1:
        out = squeeze(out, -2 if nb != 1 else -1)
    return out


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
