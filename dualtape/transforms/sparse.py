"""Sparse Jacobians and Hessians: detect the pattern, colour it, compute one
compressed pass per colour, and read the non-zeros back.

* `jacobian_sparsity` / `hessian_sparsity` run f once on pattern boxes
  (`dualtape.sparsity`) and return a `Pattern` with its colouring;
* `sparse_jacobian` seeds one tangent per column colour in a single batched
  forward pass (``mode="forward"``), or one cotangent per row colour in a
  single batched backward pass over one recording (``mode="reverse"``);
  ``mode="auto"`` takes the side with fewer colours;
* `sparse_hessian` pushes one direction per star colour through the
  gradient, all at once (forward-over-reverse with a batch of tangents), and
  reads every entry directly from the compressed product.

Rows run over f's output leaves and columns over the differentiated
arguments' leaves, each flattened in C order and laid end to end (so with
``argnums=(0, 1)`` the columns of argument 0 come first).

**Global and local patterns.**  By default a pattern holds at every x: the
entries that choose by value (``np.where``, ``maximum``, ``clip``, ``max``,
``abs``) keep both sides.  The pattern is detected on the first call and reused
on later calls whose inputs have the same shapes (and whose other arguments
are the same; values f reads from elsewhere, such as a matrix it closes over,
are taken as fixed, so pass them as arguments if they change).  A Python
branch on values (``if x[0] > 0:``) is different: the detection follows the
branch taken at the first x only, so a reused pattern may miss the other one.
When the traced program compares values, the pattern says so
(``value_dependent``) and the sparse transforms warn
(`ValueDependentPatternWarning`).  ``local=True`` detects the pattern at each
call's own x instead (entries that choose by value then keep only the side
taken, so it may be smaller), and never reuses it.

Example:
    >>> import numpy as np, dualtape as dt
    >>> J = dt.sparse_jacobian(lambda x: x[1:] * x[:-1])(np.array([1.0, 2.0, 3.0]))
    >>> J.toarray()
    array([[2., 1., 0.],
           [0., 3., 2.]])
"""
import hashlib
import warnings

import numpy as np

from ..core.arrays import shape as _shape
from ..core.box import new_level, raw, unbox_to
from ..core.pytree import tree_flatten, tree_unflatten
from ..forward.dual import Dual
from ..forward.parts import own_parts
from ..rules.complex_values import is_complex
from ..rules.indexing import getitem
from ..rules.shapes import concatenate, reshape
from ..sparsity.detect import detect_hessian, detect_jacobian
from ..sparsity.matrix import SparseMatrix
from ..sparsity.pattern import Pattern
from .first_order import gradient, vjp
from .inputs import float_input

__all__ = ["jacobian_sparsity", "hessian_sparsity", "sparse_jacobian", "sparse_hessian",
           "ValueDependentPatternWarning"]

JACOBIAN_MODES = ("auto", "forward", "reverse")
CACHE_SIZE = 8              # patterns kept per sparse transform (one per input signature)


class ValueDependentPatternWarning(UserWarning):
    """A pattern reused across calls was detected from a program that compares its values."""


# --- f as a function of the differentiated leaves --------------------------------------------

class _Call:
    """One call of f: the leaves of the differentiated arguments, and f as a
    function of those leaves (the other arguments and keywords held fixed)."""

    def __init__(self, f, args, kwargs, argnums, who):
        self.nums = _positions(argnums, len(args), who)
        leaves, self.tree = tree_flatten(tuple(args[k] for k in self.nums))
        self.leaves = [float_input(x, who, i) for i, x in enumerate(leaves)]
        for i, x in enumerate(self.leaves):
            if is_complex(x):
                raise TypeError(
                    f"{who}: input {i} is complex ({np.result_type(raw(x))}); the sparse "
                    f"transforms take real inputs. Use jacobian (holomorphic=True for a "
                    f"holomorphic f) or hessian, or pass the real and imaginary parts as two "
                    f"real arguments.")
        self.sizes = [int(np.prod(_shape(x), dtype=np.int64)) for x in self.leaves]
        self.n = sum(self.sizes)
        self.f, self.args, self.kwargs, self.who = f, args, kwargs, who

    def __call__(self, *xs):
        full = list(self.args)
        for k, value in zip(self.nums, tree_unflatten(self.tree, list(xs))):
            full[k] = value
        return self.f(*full, **self.kwargs)

    def outputs(self, *xs):
        """f's output leaves, as a tuple."""
        return tuple(tree_flatten(self(*xs))[0])

    def scalar(self, *xs):
        """f's output, which must be a scalar."""
        out = self(*xs)
        if isinstance(out, (tuple, list, dict)) or _shape(out) != ():
            given = f"a {type(out).__name__}" if isinstance(out, (tuple, list, dict)) \
                else f"shape {_shape(out)}"
            raise TypeError(f"{self.who}: f must return a scalar, but it returned {given}; "
                            f"use sparse_jacobian for a function with several outputs")
        return out

    def key(self):
        """What the pattern may depend on: the leaves' shapes, and everything else f receives."""
        others = tuple(a for k, a in enumerate(self.args) if k not in self.nums)
        return (repr(self.tree), tuple((type(x).__name__, _shape(x)) for x in self.leaves),
                _fingerprint(others), _fingerprint(self.kwargs))

    def block(self, values, level, c):
        """The tangents at `level` of `values` (one per leaf), as one (c, total size) array."""
        return _side_by_side([_tangent(v, level, c) for v in values], c)

    def seeded(self, seeds, level):
        """The leaves as Duals at `level` carrying the rows of `seeds` (c, n) as tangents."""
        boxed, start = [], 0
        c = seeds.shape[0]
        for x, k in zip(self.leaves, self.sizes):
            boxed.append(Dual._make(x, seeds[:, start:start + k].reshape((c,) + _shape(x)), level, (c,)))
            start += k
        return boxed


def _positions(argnums, count, who):
    single = isinstance(argnums, (int, np.integer)) and not isinstance(argnums, bool)
    nums = (argnums,) if single else tuple(argnums)
    for k in nums:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not -count <= k < count:
            raise ValueError(f"{who}: argnums {argnums!r} does not name positional arguments of a "
                             f"function called with {count}")
    nums = tuple(int(k) % count for k in nums)
    if len(set(nums)) != len(nums):
        raise ValueError(f"{who}: argnums {argnums!r} names an argument twice; the sparse matrix "
                         f"has one block of columns per argument, so name each once")
    return nums


def _fingerprint(obj):
    """A hashable summary of `obj` that changes when its contents do (arrays by their bytes)."""
    if isinstance(obj, np.ndarray):
        data = np.ascontiguousarray(obj).tobytes() if obj.dtype != object else repr(obj).encode()
        return ("array", obj.shape, obj.dtype.str, hashlib.blake2b(data, digest_size=16).digest())
    if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes, np.generic)):
        return ("value", type(obj).__name__, obj)
    if isinstance(obj, (tuple, list)):
        return (type(obj).__name__,) + tuple(_fingerprint(o) for o in obj)
    if isinstance(obj, dict):
        return ("dict",) + tuple(sorted((repr(k), _fingerprint(v)) for k, v in obj.items()))
    return ("object", id(obj))


def _side_by_side(arrays, c):
    """Arrays with `c` leading rows, each flattened after them and laid end to end:
    one (c, total size) array."""
    parts = [reshape(a, (c, -1)) for a in arrays]
    return parts[0] if len(parts) == 1 else concatenate(parts, axis=1)


def _tangent(value, level, c):
    v = unbox_to(value, level)
    if type(v) is Dual and v._level == level:
        return own_parts(v)[1]
    return np.zeros((c,) + _shape(v))     # an output that does not depend on the inputs


def _seeds(colours, c, n):
    seeds = np.zeros((c, n))
    coloured = np.flatnonzero(colours >= 0)
    seeds[colours[coloured], coloured] = 1.0
    return seeds


# --- patterns, detected once per input signature ---------------------------------------------------

class _Patterns:
    """The patterns one sparse transform has detected, by input signature."""

    def __init__(self, detect, local, who):
        self.detect, self.local, self.who = detect, local, who
        self.known = {}

    def for_call(self, call, given):
        if given is not None:
            return given
        if self.local:
            return self.detect(call, True)
        key = call.key()
        tree, pattern = self.known.get(key, (None, None))
        if pattern is None or tree != call.tree:     # (a tree's repr may not show all of it)
            pattern = self.detect(call, False)
            if pattern.value_dependent:
                warnings.warn(
                    f"{self.who}: f compared traced values (such as `x > 0`) while its pattern "
                    f"was detected. np.where, maximum, clip and max keep both sides at every x, "
                    f"but a Python `if` on those values follows only the branch taken at this "
                    f"first x, and the pattern is reused on later calls. If f branches in Python "
                    f"on its inputs, pass local=True (a pattern per call, at its x) or a pattern= "
                    f"that covers every branch.", ValueDependentPatternWarning, stacklevel=4)
            if len(self.known) >= CACHE_SIZE:
                self.known.pop(next(iter(self.known)))
            self.known[key] = (call.tree, pattern)
        return pattern


def _detected_jacobian(call, local):
    return detect_jacobian(call.outputs, call.leaves, local)


def _detected_hessian(call, local):
    return detect_hessian(call.scalar, call.leaves, local)


def _check_pattern(pattern, call, symmetric):
    if not isinstance(pattern, Pattern):
        raise TypeError(f"{call.who}: pattern must be a Pattern (from jacobian_sparsity or "
                        f"hessian_sparsity), got {type(pattern).__name__}")
    if pattern.shape[1] != call.n or (symmetric and not pattern.symmetric):
        kind = "a Hessian pattern (hessian_sparsity)" if symmetric else "a Jacobian pattern"
        raise ValueError(f"{call.who}: the pattern has shape {pattern.shape}, but the "
                         f"differentiated inputs have {call.n} elements; pass {kind} detected "
                         f"for inputs of these shapes")


# --- the transforms ----------------------------------------------------------------------------

def jacobian_sparsity(f, *, argnums=0, local=False):
    """The Jacobian's sparsity pattern as a function: returns a `Pattern`.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> p = dt.jacobian_sparsity(lambda x: x[1:] - x[:-1])(np.zeros(4))
        >>> p.shape, p.nnz, p.ncolors
        ((3, 4), 6, 2)
    """
    def jacobian_sparsity_f(*args, **kwargs):
        return _detected_jacobian(_Call(f, args, kwargs, argnums, "jacobian_sparsity"), local)
    jacobian_sparsity_f.__name__ = f"jacobian_sparsity({getattr(f, '__name__', 'f')})"
    return jacobian_sparsity_f


def hessian_sparsity(f, *, argnums=0, local=False):
    """The sparsity pattern of a scalar function's Hessian as a function: returns
    a symmetric `Pattern` with a star colouring.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> p = dt.hessian_sparsity(lambda x: (x[1:] * x[:-1] ** 2).sum())(np.ones(5))
        >>> p.toarray().astype(int)[:3], p.ncolors
        (array([[1, 1, 0, 0, 0],
               [1, 1, 1, 0, 0],
               [0, 1, 1, 1, 0]]), 3)
    """
    def hessian_sparsity_f(*args, **kwargs):
        return _detected_hessian(_Call(f, args, kwargs, argnums, "hessian_sparsity"), local)
    hessian_sparsity_f.__name__ = f"hessian_sparsity({getattr(f, '__name__', 'f')})"
    return hessian_sparsity_f


def sparse_jacobian(f, pattern=None, mode="auto", *, argnums=0, local=False):
    """The Jacobian as a function returning a `SparseMatrix`, computed in one
    compressed pass per colour of its pattern.

    `pattern` (from `jacobian_sparsity`) is used as given; without it the
    pattern is detected on the first call and reused for inputs of the same
    shapes (see the module docstring for ``local``).  ``mode`` is
    ``"forward"`` (one batched pass, one tangent per column colour),
    ``"reverse"`` (one batched backward pass, one cotangent per row colour) or
    ``"auto"`` (the side with fewer colours).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> J = dt.sparse_jacobian(lambda x: dt.numpy.sin(x) * 2.0)(np.zeros(1000))
        >>> J.nnz, J.ncolors, J.values[:3]
        (1000, 1, array([2., 2., 2.]))
    """
    if mode not in JACOBIAN_MODES:
        raise ValueError(f"sparse_jacobian: mode must be one of "
                         f"{', '.join(map(repr, JACOBIAN_MODES))}, got {mode!r}")
    patterns = _Patterns(_detected_jacobian, local, "sparse_jacobian")

    def sparse_jacobian_f(*args, **kwargs):
        call = _Call(f, args, kwargs, argnums, "sparse_jacobian")
        p = patterns.for_call(call, pattern)
        _check_pattern(p, call, symmetric=False)
        side = p.cheaper_side() if mode == "auto" else mode
        values = _forward(call, p) if side == "forward" else _reverse(call, p)
        ncolors = p.ncolors if side == "forward" else p.nrow_colors
        return SparseMatrix(p.shape, p.rows, p.cols, values, ncolors=ncolors, mode=side, pattern=p)
    sparse_jacobian_f.__name__ = f"sparse_jacobian({getattr(f, '__name__', 'f')})"
    return sparse_jacobian_f


def sparse_hessian(f, pattern=None, *, argnums=0, local=False):
    """The Hessian of a scalar function as a function returning a symmetric
    `SparseMatrix`, from one batch of Hessian-vector products (one direction
    per star colour, forward-over-reverse).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> rosenbrock = lambda x: (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
        >>> H = dt.sparse_hessian(rosenbrock)(np.zeros(10_000))
        >>> H.shape, H.nnz, H.ncolors, H.values[:4]          # H[0, 0], H[0, 1], H[1, 0], H[1, 1]
        ((10000, 10000), 29998, 3, array([  2.,   0.,   0., 202.]))
    """
    patterns = _Patterns(_detected_hessian, local, "sparse_hessian")

    def sparse_hessian_f(*args, **kwargs):
        call = _Call(f, args, kwargs, argnums, "sparse_hessian")
        p = patterns.for_call(call, pattern)
        _check_pattern(p, call, symmetric=True)
        return SparseMatrix(p.shape, p.rows, p.cols, _hvps(call, p), ncolors=p.ncolors,
                            mode="hvp", pattern=p)
    sparse_hessian_f.__name__ = f"sparse_hessian({getattr(f, '__name__', 'f')})"
    return sparse_hessian_f


# --- the compressed passes ---------------------------------------------------------------------------

def _forward(call, pattern):
    """One forward pass with a batch of tangents, one per column colour."""
    c = pattern.ncolors
    if c == 0:
        return np.zeros(0)
    level = new_level()
    outputs = call.outputs(*call.seeded(_seeds(pattern.colors, c, call.n), level))
    compressed = call.block(outputs, level, c)              # (colours, outputs)
    _check_rows(pattern, _shape(compressed)[1], call)
    return getitem(compressed, pattern.recovery("forward"))


def _reverse(call, pattern):
    """One recorded pass, then one backward pass with a batch of cotangents, one per
    row colour."""
    c = pattern.nrow_colors
    if c == 0:
        return np.zeros(0)
    outputs, pullback = vjp(call.outputs, *call.leaves)
    shapes = [_shape(o) for o in outputs]
    sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
    _check_rows(pattern, sum(sizes), call)
    weights = _seeds(pattern.row_colors, c, sum(sizes))          # (colours, outputs)
    starts = np.cumsum([0] + sizes)
    cotangents = [weights[:, a:a + m].reshape((c,) + s) for a, m, s in zip(starts, sizes, shapes)]
    compressed = _side_by_side(pullback.batched(cotangents, (c,)), c)   # (colours, inputs)
    return getitem(compressed, pattern.recovery("reverse"))


def _hvps(call, pattern):
    """Hessian-vector products with one direction per colour, in one batched pass."""
    c = pattern.ncolors
    if c == 0:
        return np.zeros(0)
    level = new_level()
    boxed = call.seeded(_seeds(pattern.colors, c, call.n), level)
    grads = gradient(call.scalar, argnums=tuple(range(len(boxed))))(*boxed)
    return getitem(call.block(grads, level, c), pattern.recovery("hvp"))


def _check_rows(pattern, m, call):
    if m != pattern.shape[0]:
        raise ValueError(f"{call.who}: f has {m} output elements here, but the pattern has "
                         f"{pattern.shape[0]} rows; pass a pattern detected for this function")
