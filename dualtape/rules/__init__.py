"""The table's content, one module per family of primitives.

Importing this package registers every built-in primitive.
"""
from . import elementwise, reductions, shapes, indexing, matmul, casting, ufuncs, statistics, special  # noqa: F401
from . import einsum  # noqa: F401
from . import complex_values, linalg_inverses, linalg_decompositions, fft  # noqa: F401
