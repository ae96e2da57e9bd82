"""The table's content: the modules that register entries, by family.

Importing this package registers every built-in primitive.  The elementwise
family has two modules (`elementwise`, with closed-form higher rules, and
`ufuncs`, with partials only); `elementwise_entry`, `taylor_series`, `helpers`
and `matrix_helpers` are what the rule modules share.
"""
from . import elementwise, reductions, shapes, indexing, matmul, casting, ufuncs, statistics, special  # noqa: F401
from . import einsum  # noqa: F401
from . import complex_values, linalg_inverses, linalg_decompositions, fft  # noqa: F401
