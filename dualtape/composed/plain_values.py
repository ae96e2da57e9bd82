"""NumPy functions whose results carry no derivative, on dualtape values: they
read the plain values under the boxes and return NumPy's plain result.

Each group below is a kind of result that has no derivative: booleans
(comparisons, predicates), integers (indices, counts, positions), shapes and
dtypes, text.  Nothing is dropped by reading the plain values, because the
result could not carry a derivative anyway; functions whose results could
(values, sums, products) are never in these lists.
"""
import numpy as np

from ..core.box import raw, BOX_TYPES

__all__ = ["PLAIN_RESULTS", "on_plain_values", "plain"]

# reason -> names of NumPy functions (top-level, or ``linalg.``/``fft.``)
PLAIN_RESULTS = {
    "comparisons and logical ufuncs: boolean results": [
        "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
        "logical_and", "logical_or", "logical_not", "logical_xor"],
    "predicates: boolean results": [
        "isnan", "isinf", "isfinite", "isneginf", "isposinf", "isnat", "signbit", "iscomplex",
        "isreal", "iscomplexobj", "isrealobj", "isscalar", "isfortran", "allclose", "isclose",
        "array_equal", "array_equiv", "all", "any", "isin", "iterable", "may_share_memory",
        "shares_memory"],
    "indices, counts and positions: integer results": [
        "nonzero", "argwhere", "flatnonzero", "count_nonzero", "searchsorted", "digitize",
        "argpartition", "lexsort", "nanargmax", "nanargmin", "diag_indices_from",
        "tril_indices_from", "triu_indices_from", "ravel_multi_index", "unravel_index", "ix_",
        "linalg.matrix_rank"],
    "bin edges: positions read from the data, constant as in `histogram`": [
        "histogram_bin_edges"],
    "shapes, sizes and dtypes": [
        "ndim", "shape", "size", "result_type", "min_scalar_type", "can_cast", "common_type",
        "mintypecode"],
    "text and plans: strings and contraction orders": [
        "array2string", "array_repr", "array_str", "einsum_path"],
}


def plain(value):
    """`value` with every box, also inside lists and tuples, replaced by its plain value.

    Example:
        >>> import dualtape as dt
        >>> plain([dt.Dual(1.0, 1.0), (2.0, dt.Dual(3.0, 0.0))])
        [1.0, (2.0, 3.0)]
    """
    if type(value) in BOX_TYPES:
        return raw(value)
    if type(value) is list:
        return [plain(v) for v in value]
    if type(value) is tuple:
        return tuple(plain(v) for v in value)
    return value


def on_plain_values(np_fn, name):
    """`np_fn` called on the plain values of its arguments (its result has no derivative).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> isnan = on_plain_values(np.isnan, "isnan")
        >>> isnan(dt.Dual(np.array([1.0, np.nan]), np.ones(2)))
        array([False,  True])
    """
    def fn(*args, **kwargs):
        return np_fn(*plain(args), **{k: plain(v) for k, v in kwargs.items()})
    fn.__name__ = fn.__qualname__ = name.rpartition(".")[2]
    fn.__doc__ = (f"``numpy.{name}`` on the plain values (its result carries no derivative).\n\n"
                  f"See NumPy's documentation of ``numpy.{name}``.")
    fn.plain_result = True
    return fn
