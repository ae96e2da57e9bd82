"""``tf.linalg`` (and ``tf.matmul``, ``tf.tensordot``, ``tf.einsum``, ``tf.norm``): the table's
linear algebra under TensorFlow's names and arguments.

Matrices are the last two axes, and every leading axis is a batch axis, as in
TensorFlow. Right-hand sides of ``solve`` are matrices ``[..., M, K]``; a vector
must be reshaped to a column first (TensorFlow refuses it too).

Example:
    >>> import numpy as np, dualtape as tf
    >>> a = tf.Variable([[2.0, 1.0], [1.0, 3.0]])
    >>> with tf.GradientTape() as tape:
    ...     d = tf.linalg.det(a)
    >>> tape.gradient(d, a).numpy()           # det(A) A^-T = [[3, -1], [-1, 2]]
    array([[ 3., -1.],
           [-1.,  2.]])
"""
import numpy as np

from ..core.box import raw
from .. import numpy as dnp
from ..numpy import linalg as dla
from .arguments import as_result, operand, static_axis, static_int, with_argument_names
from .creation import eye
from .tables import function_named, read_table

__all__ = ["matmul", "matvec", "tensordot", "einsum", "norm", "solve", "inv", "det", "slogdet", "logdet",
           "cholesky", "cholesky_solve", "triangular_solve", "eigh", "eigvalsh", "qr", "svd",
           "pinv", "diag_part", "diag", "trace", "matrix_transpose", "adjoint", "eye"]


def matrix_transpose(a, name=None, conjugate=False):
    """The transpose of each matrix: the last two axes swapped.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.linalg.matrix_transpose(np.zeros((4, 2, 3))).shape
        (4, 3, 2)
    """
    a = operand(a)
    out = dnp.swapaxes(a, -1, -2)
    return as_result(dnp.conj(out) if conjugate else out)


def adjoint(matrix, name=None):
    """The conjugate transpose of each matrix (the transpose, for real matrices).

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.adjoint([[1.0, 2.0]]).numpy()
        array([[1.],
               [2.]])
    """
    return matrix_transpose(matrix, conjugate=True)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """The matrix product of the last two axes, after the optional transposes.

    Example:
        >>> import dualtape as tf
        >>> tf.matmul([[1.0, 2.0]], [[3.0, 4.0]], transpose_b=True).numpy()
        array([[11.]])
    """
    a = operand(a)
    b = operand(b)
    if transpose_a or adjoint_a:
        a = matrix_transpose(a, conjugate=adjoint_a)
    if transpose_b or adjoint_b:
        b = matrix_transpose(b, conjugate=adjoint_b)
    return as_result(dnp.matmul(a, b))


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """Each matrix (the last two axes of `a`, transposed or adjoint first if asked) times
    each vector (the last axis of `b`), the leading axes broadcast: ``[..., M]``.

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0]).numpy()
        array([3., 7.])
        >>> tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], transpose_a=True).numpy()
        array([4., 6.])
    """
    a, b = operand(a), operand(b)
    if np.ndim(raw(a)) < 2 or np.ndim(raw(b)) < 1:
        raise ValueError(f"tf.linalg.matvec: a needs at least 2 axes and b at least 1, got shapes "
                         f"{np.shape(raw(a))} and {np.shape(raw(b))}")
    if transpose_a or adjoint_a:
        a = matrix_transpose(a, conjugate=adjoint_a)
    return as_result(dnp.matvec(a, b))


def tensordot(a, b, axes, name=None):
    """Sum of products over `axes` (an int: the last of `a` with the first of `b`;
    or a pair of axis lists).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.tensordot(np.ones((2, 3)), np.ones((3, 4)), axes=1).shape
        (2, 4)
    """
    a = operand(a)
    b = operand(b)
    if not isinstance(axes, (int, np.integer)):
        axes = tuple(list(static_axis(x)) if np.ndim(raw(x)) else [static_int(x)] for x in axes)
    return as_result(dnp.tensordot(a, b, axes))


def einsum(equation, *inputs, **kwargs):
    """Einstein summation: ``tf.einsum('ij,jk->ik', a, b)``; an index repeated in one
    input takes its diagonal (``'bxby->bxy'``).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> tf.einsum('ii->i', np.array([[1.0, 2.0], [3.0, 4.0]])).numpy()
        array([1., 4.])
    """
    return as_result(dnp.einsum(equation, *[operand(x) for x in inputs]))


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector or matrix norms, with TensorFlow's arguments.

    With ``axis=None`` the tensor is one long vector (``'euclidean'`` is then the
    Frobenius norm of a matrix); an int `axis` gives vector norms along it, a pair
    of axes matrix norms (``'fro'``/``'euclidean'``, 1, 2, ``np.inf``). `ord` is also
    1, ``np.inf`` or any p > 0 for vectors. At the zero vector the derivative is 0
    (dualtape's convention; TensorFlow gives NaN there).

    Example:
        >>> import numpy as np, dualtape as tf
        >>> float(tf.norm([3.0, 4.0])), tf.norm([[3.0, 4.0], [0.0, 1.0]], ord=1, axis=1).numpy()
        (5.0, array([7., 1.]))
    """
    tensor = operand(tensor)
    keep = bool(keepdims)
    axes = static_axis(axis)
    matrix = isinstance(axes, tuple) and len(axes) == 2
    if matrix:
        allowed = ord in ("euclidean", "fro") or ord in (1, 2, np.inf)
    else:
        allowed = ord == "euclidean" or (not isinstance(ord, str) and float(ord) > 0)
    if not allowed:
        kind = "matrix norms: 'euclidean', 'fro', 1, 2, np.inf" if matrix else \
            "vector norms: 'euclidean', 1, 2, np.inf or any p > 0"
        hint = "; 'fro' is a matrix norm: give axis as a pair of axes" if ord == "fro" else ""
        raise ValueError(f"tf.norm: ord={ord!r} is not one of TensorFlow's {kind}{hint}")
    numpy_ord = None if ord in ("euclidean", "fro") else ord
    if axes is None:
        nd = np.ndim(raw(tensor))
        out = dla.norm(dnp.reshape(tensor, (-1,)), numpy_ord, 0)
        return as_result(dnp.reshape(out, (1,) * nd) if keep else out)
    return as_result(dla.norm(tensor, numpy_ord, axes, keep))


def _matrix_and_rhs(matrix, rhs, who):
    """The operands of a solve; the right-hand side must be matrices, as in TensorFlow."""
    rhs = operand(rhs)
    if np.ndim(raw(rhs)) < 2:
        raise ValueError(f"{who}: rhs must have shape [..., M, K], got {np.shape(raw(rhs))}; "
                         f"a vector b becomes a column with tf.reshape(b, [-1, 1])")
    return operand(matrix), rhs


def solve(matrix, rhs, adjoint=False, name=None):
    """X with ``matrix @ X = rhs`` (``matrix^T @ X = rhs`` with `adjoint`).

    Example:
        >>> import dualtape as tf
        >>> a, b = [[2.0, 0.0], [1.0, 4.0]], [[2.0], [8.0]]       # 2 x = 2, x + 4 y = 8
        >>> tf.linalg.solve(a, b).numpy().ravel(), tf.linalg.solve(a, b, adjoint=True).numpy().ravel()
        (array([1.  , 1.75]), array([0., 2.]))
    """
    matrix, rhs = _matrix_and_rhs(matrix, rhs, "tf.linalg.solve")
    if adjoint:
        matrix = matrix_transpose(matrix, conjugate=True)
    return as_result(dla.solve(matrix, rhs))


def inv(input, adjoint=False, name=None):
    """The inverse of each square matrix (of its adjoint, with `adjoint`).

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]]).numpy()
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
    """
    input = operand(input)
    if adjoint:
        input = matrix_transpose(input, conjugate=True)
    return as_result(dla.inv(input))


def slogdet(input, name=None):
    """``(sign, log|det|)`` of each square matrix.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> sign, logabs = tf.linalg.slogdet([[-2.0, 0.0], [0.0, 3.0]])
        >>> float(sign), bool(np.isclose(logabs.numpy(), np.log(6.0)))
        (-1.0, True)
    """
    input = operand(input)
    sign, logabs = dla.slogdet(input)
    return as_result(sign), as_result(logabs)


def logdet(matrix, name=None):
    """``log det`` of each symmetric positive-definite matrix, from its Cholesky factor.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> bool(np.isclose(tf.linalg.logdet([[4.0, 2.0], [2.0, 2.0]]).numpy(), np.log(4.0)))
        True
    """
    matrix = operand(matrix)
    chol = dla.cholesky(matrix)
    return as_result(dnp.multiply(2.0, dnp.sum(dnp.log(dnp.diagonal(chol, 0, -2, -1)), -1)))


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """X with ``T @ X = rhs``, T the lower (or upper) triangle of `matrix`
    (``T^T @ X = rhs`` with `adjoint`); the other triangle is never read.

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.triangular_solve([[2.0, 99.0], [1.0, 1.0]], [[2.0], [2.0]]).numpy()
        array([[1.],
               [1.]])
    """
    matrix, rhs = _matrix_and_rhs(matrix, rhs, "tf.linalg.triangular_solve")
    return as_result(dla.solve_triangular(matrix, rhs, lower=lower, trans=1 if adjoint else 0))


def cholesky_solve(chol, rhs, name=None):
    """X with ``A @ X = rhs``, given the Cholesky factor ``chol`` of A.

    Example:
        >>> import dualtape as tf
        >>> L = tf.linalg.cholesky([[4.0, 2.0], [2.0, 2.0]])
        >>> tf.linalg.cholesky_solve(L, [[6.0], [4.0]]).numpy()
        array([[1.],
               [1.]])
    """
    y = triangular_solve(chol, rhs, lower=True)
    return triangular_solve(chol, y, lower=True, adjoint=True)


def eigh(tensor, name=None):
    """``(eigenvalues, eigenvectors)`` of each symmetric matrix (lower triangle read),
    eigenvalues ascending.

    Example:
        >>> import dualtape as tf
        >>> e, v = tf.linalg.eigh([[2.0, 1.0], [1.0, 2.0]])
        >>> e.numpy()
        array([1., 3.])
    """
    tensor = operand(tensor)
    e, v = dla.eigh(tensor)
    return as_result(e), as_result(v)


def qr(input, full_matrices=False, name=None):
    """``(q, r)``: orthonormal columns times an upper-triangular matrix.

    Example:
        >>> import numpy as np, dualtape as tf
        >>> q, r = tf.linalg.qr([[3.0, 1.0], [4.0, 2.0]])
        >>> bool(np.allclose((q @ r).numpy(), [[3.0, 1.0], [4.0, 2.0]]))
        True
    """
    input = operand(input)
    q, r = dla.qr(input, mode="complete" if full_matrices else "reduced")
    return as_result(q), as_result(r)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """``(s, u, v)`` with ``tensor = u @ diag(s) @ v^T`` -- TensorFlow's order, and `v`
    not transposed (NumPy returns ``u, s, vh``); only `s` with ``compute_uv=False``.

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.svd([[3.0, 0.0], [0.0, -2.0]], compute_uv=False).numpy()
        array([3., 2.])
    """
    tensor = operand(tensor)
    if not compute_uv:
        return as_result(dla.svd(tensor, full_matrices=full_matrices, compute_uv=False))
    u, s, vh = dla.svd(tensor, full_matrices=full_matrices)
    return as_result(s), as_result(u), matrix_transpose(vh)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse of each matrix.

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.pinv([[2.0, 0.0]]).numpy()
        array([[0.5],
               [0. ]])
    """
    a = operand(a)
    return as_result(dla.pinv(a) if rcond is None else dla.pinv(a, rcond))


def diag_part(input, name=None, k=0):
    """The `k`-th diagonal of each matrix (the last two axes).

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.diag_part([[1.0, 2.0], [3.0, 4.0]]).numpy()
        array([1., 4.])
    """
    input = operand(input)
    return as_result(dnp.diagonal(input, static_int(k), -2, -1))


def diag(diagonal, name=None, k=0):
    """Square matrices with `diagonal` (``[..., N]``) on the main diagonal, zeros elsewhere.

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.diag([[1.0, 2.0]]).numpy()
        array([[[1., 0.],
                [0., 2.]]])
    """
    diagonal = operand(diagonal)
    if k != 0:
        raise NotImplementedError("tf.linalg.diag: only k=0 (the main diagonal) is supported")
    n = np.shape(raw(diagonal))[-1]
    return as_result(dnp.multiply(dnp.expand_dims(diagonal, -1), np.eye(n)))


def matrix_function(tf_name, parameter, function, summary, example, shows):
    """The ``tf.linalg`` function `tf_name` ``(<parameter>, name=None)``: the table's
    `function` of one tensor (matrices in its last two axes). TensorFlow names the tensor
    differently from function to function (``input``, ``tensor``, ``x``), and so does this.
    The docstring is `summary` and an example: `function` of `example` shows `shows`.

    Example:
        >>> import inspect
        >>> f = matrix_function("det", "input", dla.det, "The determinant.", "[[2.0]]", "2.0")
        >>> str(inspect.signature(f)), float(f(input=[[2.0, 0.0], [0.0, 3.0]]))
        ('(input, name=None)', 6.0)
    """
    def apply(tensor):
        return as_result(function(operand(tensor)))
    apply = with_argument_names(apply, (parameter,))
    apply.__name__ = apply.__qualname__ = tf_name
    apply.__doc__ = f"""{summary}

    Example:
        >>> import dualtape as tf
        >>> tf.linalg.{tf_name}({example}).numpy()
        {shows}
    """
    return apply


# The functions of one matrix argument: TensorFlow's name, the argument's name, the
# table's function, the docstring example's matrix and what it shows (worked out by hand),
# and what the function computes.
_ONE_MATRIX = """
det      | input  | dla.det      | [[2.0, 1.0], [1.0, 3.0]] | np.float64(5.0)   | The determinant
    of each square matrix.
cholesky | input  | dla.cholesky | [[4.0, 2.0], [2.0, 2.0]] | array([[2., 0.], [1., 1.]]) | The
    lower-triangular L with ``input = L L^T`` (only the lower triangle is read).
eigvalsh | tensor | dla.eigvalsh | [[2.0, 0.0], [0.0, 1.0]] | array([1., 2.])   | The eigenvalues
    of each symmetric matrix, ascending.
trace    | x      | dla.trace    | [[1.0, 2.0], [3.0, 4.0]] | np.float64(5.0)   | The sum of the
    diagonal of each matrix (the last two axes).
"""
ONE_MATRIX = {tf_name: matrix_function(tf_name, parameter, function_named(function, {"dla": dla}),
                                       summary, example, shows)
              for tf_name, parameter, function, example, shows, summary in read_table(_ONE_MATRIX)}
det, cholesky, eigvalsh, trace = ONE_MATRIX.values()
