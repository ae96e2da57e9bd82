"""The bounds of ``dualtape diff``: what it refuses before time or memory run out.

A formula is short, but a short formula can ask for a lot: ``tile(x, 1e12)``
asks for eight terabytes, ``diag`` squares a length, and derivative order K
nests K derivative computations, each multiplying the work by about 2.7.
Each limit is checked before the work it bounds is done, and each refusal is a
`LimitExceeded` whose message names the limit:

* **the nesting limit**: how deeply operations nest (evaluation recurses once
  per level, and Python's stack is finite);
* **the array size limit**: how many elements the arrays of one evaluation
  may hold, smaller at higher orders because nested derivative boxes hold
  about 2**K copies of every array.  A call that creates size from a count
  (``tile``, ``repeat``, ``linspace``, ``diag``, ``outer``, broadcasting, ...)
  is estimated from its arguments before it runs;
* **the work limit**: operations × derivatives asked for × the cost of one
  derivative at its order in each chosen mode, plus the set-up of each;
* **the time limit** (`time_limit`) interrupts whatever the estimates miss.

Example:
    >>> from dualtape.cli.limits import estimate_elements
    >>> import numpy as np
    >>> estimate_elements("tile", [np.ones(3), 1e12])
    3000000000000
"""
import ast
import math

import numpy as np

from ..core.box import raw
from .errors import LimitExceeded

__all__ = ["MAX_DEPTH", "ELEMENT_BUDGET", "WORK_BUDGET", "check_nesting", "count_operations",
           "element_limit", "estimate_elements", "ArrayBudget", "rows_by_order", "estimate_work",
           "check_work"]

MAX_DEPTH = 200              # a sum of 200 terms nests 200 deep; Python's stack takes 1000 frames
ELEMENT_BUDGET = 1 << 23     # elements (64 MB of float64) across one evaluation's copies
WORK_BUDGET = 1_000_000      # work units (below): about 2 to 5 seconds on one core
ROUTE_OVERHEAD = 20          # setting up one derivative costs about this many units,
VARIABLE_OVERHEAD = 1 / 20   # and this many more for every variable it passes along

# How many copies of each array one evaluation holds, and what one operation
# costs, in units of about 4 µs (one operation of a plain evaluation, dispatch
# included), for a derivative of order k in each mode.  Fitted to sums of
# sin·exp terms on one core (2 to 5 µs per unit across orders 1 to 10, 1 to
# 1,000 variables): nested forward and reverse derivatives multiply the work
# by about 2.7 per order; a Taylor jet carries k + 1 coefficients and
# multiplies them in about k² operations; a hyper-dual number has four parts
# and stops at order 2.
_COPIES = {"forward": lambda k: 2 ** k, "reverse": lambda k: 2 ** k,
           "jet": lambda k: k + 1, "hyperdual": lambda k: 4}
_COST = {"forward": lambda k: 2.7 ** k, "reverse": lambda k: 2.7 ** k,
         "jet": lambda k: (k + 1) ** 2 / 2, "hyperdual": lambda k: 4 if k <= 2 else 0}


# --- the expression tree ---------------------------------------------------------------------

def check_nesting(tree):
    """Refuse an expression tree nested deeper than `MAX_DEPTH` (walked without recursion).

    Example:
        >>> import ast
        >>> from dualtape.cli.limits import check_nesting
        >>> check_nesting(ast.parse("sin(x) + 1", mode="eval").body)
        3
    """
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LimitExceeded(f"the nesting limit: the expression nests more than {MAX_DEPTH} "
                                f"levels deep; split it or simplify it")
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _operands(node))
    return deepest


def _operands(node):
    if isinstance(node, ast.Call):       # the called name is not a level of its own
        return tuple(node.args) + tuple(k.value for k in node.keywords)
    return tuple(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr))


def count_operations(tree):
    """How many operations (calls, binary and unary operators) the tree evaluates.

    Example:
        >>> import ast
        >>> from dualtape.cli.limits import count_operations
        >>> count_operations(ast.parse("-sin(x) * y", mode="eval").body)
        3
    """
    return sum(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Call)) for n in ast.walk(tree))


# --- array sizes -----------------------------------------------------------------------------

def element_limit(order, modes):
    """Elements one evaluation may create when derivatives up to `order` run in `modes`.

    Example:
        >>> from dualtape.cli.limits import element_limit, ELEMENT_BUDGET
        >>> element_limit(1, ["forward"]) == ELEMENT_BUDGET // 2
        True
    """
    copies = max(_COPIES[m](order) for m in modes)
    return max(ELEMENT_BUDGET // copies, 1)


def _elements(value):
    if isinstance(value, (list, tuple)):
        return sum(_elements(v) for v in value)
    return int(np.size(raw(value)))


def _numbers(value):
    """The numbers in a count argument as non-negative ints, or None if one is not finite."""
    flat = np.ravel(np.asarray(raw(value), dtype=float))
    if not np.all(np.isfinite(flat)):
        return None
    return [math.ceil(abs(float(c))) for c in flat]


def _product(value):
    counts = _numbers(value)
    return None if counts is None else math.prod(counts)


def _largest(value):
    counts = _numbers(value)
    return None if counts is None else max(counts, default=0)


def _arg(args, i, default):
    return args[i] if len(args) > i else default


def _ndim(value):
    return np.ndim(raw(value))


def _broadcast(values):
    """Elements of the broadcast of `values`; their total when they do not broadcast."""
    try:
        return math.prod(np.broadcast_shapes(*(np.shape(raw(v)) for v in values)))
    except ValueError:
        return sum(_elements(v) for v in values)


def _growth(values):
    """What a function with no rule of its own may create before it is counted: the
    broadcast of its arguments where that is larger than each of them ((n, 1) against
    (n,) makes n²), else nothing (a result no larger than an argument is counted once
    made; a reduction is smaller)."""
    size = _broadcast(values)
    return size if size > max(_elements(v) for v in values) else 0


def _times(size, count):
    return None if count is None else size * count


def _tile(a):
    return _times(_elements(a[0]), _product(_arg(a, 1, 1.0)))


def _repeat(a):
    return _times(_elements(a[0]), _largest(_arg(a, 1, 1.0)))


def _linspace(a):
    return _times(_broadcast(a[:2]), _largest(_arg(a, 2, 50.0)))


def _pad(a):
    width = _largest(_arg(a, 1, 0.0))
    return None if width is None else math.prod(d + 2 * width for d in np.shape(raw(a[0])))


def _diag(a):
    k = _largest(_arg(a, 1, 0.0))
    if k is None or _ndim(a[0]) > 1:
        return _elements(a[0])
    return (_elements(a[0]) + k) ** 2


def _outer(a):
    return _elements(a[0]) * _elements(_arg(a, 1, 1.0))


def _contract(a):
    # A product with a vector is no larger than its other operand; between two matrices
    # the product of the sizes bounds both the result and the multiply-adds.
    if len(a) < 2 or min(_ndim(a[0]), _ndim(a[1])) <= 1:
        return max(_elements(v) for v in a[:2])
    return _outer(a)


def _difference(a):
    # every order of difference is one more pass over the array
    return _times(_elements(a[0]), _largest(_arg(a, 1, 1.0)))


def _sections(a):
    count = _largest(_arg(a, 1, 1.0))
    return None if count is None else max(_elements(a[0]), count)


def _shape_argument(a):
    return _product(a[0])


def _square(a):
    n = _largest(a[0])
    m = _largest(_arg(a, 1, a[0]))
    return None if n is None or m is None else n * m


def _arange(a):
    start, stop = (0.0, a[0]) if len(a) == 1 else a[:2]
    span = _largest(np.subtract(raw(stop), raw(start)))
    step = abs(float(raw(_arg(a, 2, 1.0)))) or 1.0
    return None if span is None else math.ceil(span / step)


# Functions that create size from a count, by their NumPy name.  Constructors such as
# `zeros` and `eye` are listed so that the limit holds the day the facade exports them.
_ESTIMATES = {
    "tile": _tile, "repeat": _repeat, "linspace": _linspace, "pad": _pad,
    "broadcast_to": lambda a: _product(_arg(a, 1, 1.0)), "diag": _diag,
    "outer": _outer, "kron": _outer, "tensordot": _outer,
    "matmul": _contract, "dot": _contract, "inner": _contract,
    "diff": _difference, "split": _sections, "array_split": _sections,
    "hsplit": _sections, "vsplit": _sections,
    "zeros": _shape_argument, "ones": _shape_argument, "empty": _shape_argument,
    "full": _shape_argument, "eye": _square, "tri": _square,
    "identity": lambda a: _square(a[:1]), "arange": _arange,
}


# Functions of `dualtape.numpy` whose result size (or work) comes from a count, a grid or a
# loop that the estimates above do not bound, or that write into their arguments: not
# offered to expressions.
UNBOUNDED = frozenset({
    "vander", "resize", "logspace", "geomspace", "meshgrid", "full_like", "bincount",
    "histogram", "histogramdd", "histogram2d", "polyint", "polyder", "polyfit", "polydiv",
    "poly", "apply_along_axis", "apply_over_axes", "vectorize", "piecewise", "insert", "block",
    "put", "place", "putmask", "copyto", "fill_diagonal", "put_along_axis", "cumulative_sum",
    "cumulative_prod", "gradient", "interp", "convolve", "correlate", "ediff1d", "unwrap",
    "cov", "corrcoef", "choose", "select", "zeros_like", "ones_like", "empty_like", "array", "asarray", "asanyarray", "require",
    "ascontiguousarray", "asfortranarray", "asarray_chkfinite", "broadcast_arrays"})


def estimate_elements(name, args):
    """About how many elements calling `name` on `args` creates, before it runs: an upper
    bound for the functions that create size from a count, the growth by broadcasting
    for the others.

    A count that is not a finite number gives 0: the function itself refuses it.

    Example:
        >>> import numpy as np
        >>> from dualtape.cli.limits import estimate_elements
        >>> estimate_elements("diag", [np.ones(1000)])
        1000000
        >>> estimate_elements("add", [np.ones((3, 1)), np.ones(4)]), estimate_elements("sum", [np.ones(9)])
        (12, 0)
    """
    if not args:
        return 1
    rule = _ESTIMATES.get(name, _growth)
    try:
        estimate = rule(list(args))
    except (TypeError, ValueError, OverflowError):
        return 0                   # malformed arguments: let the function say what is wrong
    return 0 if estimate is None else estimate


class ArrayBudget:
    """Counts the elements one evaluation creates; refuses a call that would pass `limit`.

    Example:
        >>> import numpy as np
        >>> from dualtape.cli.limits import ArrayBudget, LimitExceeded
        >>> budget = ArrayBudget(100)
        >>> budget.after("atleast_1d", np.ones(3)); budget.used
        3
        >>> try:
        ...     budget.before("tile", [np.ones(3), 1e6])
        ... except LimitExceeded as exc:
        ...     print(str(exc)[:69])
        the array size limit: tile(...) would create about 3,000,000 elements
    """

    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def before(self, name, args):
        """Refuse the call `name(*args)` if its estimated result would pass the limit."""
        estimate = estimate_elements(name, args)
        if self.used + estimate > self.limit:
            self._refuse(name, estimate)

    def after(self, name, value):
        """Count the result `value` of `name`; refuse once the total passes the limit."""
        created = _elements(value)
        self.used += created
        if self.used > self.limit:
            self._refuse(name, created)

    def _refuse(self, name, elements):
        raise LimitExceeded(f"the array size limit: {name}(...) would create about "
                            f"{elements:,} elements; one evaluation may create {self.limit:,} "
                            f"at this --order (fewer at higher orders)")


# --- the work of a whole table --------------------------------------------------------------

def rows_by_order(n, order):
    """{k: how many order-k partials the table shows} for `n` variables (as `multi_indices`).

    Example:
        >>> from dualtape.cli.limits import rows_by_order
        >>> rows_by_order(3, 4)                  # gradient, Hessian triangle, pure 3rd and 4th
        {1: 3, 2: 6, 3: 3, 4: 3}
    """
    rows = {1: n}
    if order >= 2:
        rows[2] = n * (n + 1) // 2
    for k in range(3, order + 1):
        rows[k] = n
    return rows


def estimate_work(operations, n_variables, order, modes):
    """About how many work units (see `_COST`) the derivative table takes.

    Example:
        >>> from dualtape.cli.limits import estimate_work
        >>> estimate_work(1, 1, 1, ["forward"])    # value: 1; df/dx: 2.7 * (1 + 1) + 20 + 1/20
        26
    """
    operations = max(operations, 1)
    total = operations                       # the value row
    setup = len(modes) * (ROUTE_OVERHEAD + VARIABLE_OVERHEAD * n_variables)
    for k, count in rows_by_order(n_variables, order).items():
        per_row = sum(_COST[m](k) for m in modes) * (operations + 1) + setup
        total += count * per_row
    return round(total)


def check_work(operations, n_variables, order, modes):
    """Refuse a table whose estimated work passes `WORK_BUDGET`; return the estimate.

    Example:
        >>> from dualtape.cli.limits import check_work
        >>> check_work(3, 2, 2, ["forward", "reverse"]) < 10_000
        True
    """
    work = estimate_work(operations, n_variables, order, modes)
    if work > WORK_BUDGET:
        rows = sum(rows_by_order(n_variables, order).values())
        advice = "a lower --order, fewer --at variables or a shorter formula"
        if modes != ["jet"]:
            advice += " (or --mode jet, whose cost grows like K² with the order, not 2.7**K)"
        variables = f"{n_variables} variable{'s' if n_variables != 1 else ''}"
        raise LimitExceeded(
            f"the work limit: {rows:,} derivatives of a formula with {operations} operations "
            f"in {variables}, by {', '.join(modes)} up to --order {order}, would take about "
            f"{work:,} work units (a few µs each); the limit is {WORK_BUDGET:,}. "
            f"Ask for {advice}")
    return work
