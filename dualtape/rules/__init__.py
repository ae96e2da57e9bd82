"""The table's content: the modules that register entries, by family.

Importing this package registers every built-in primitive.  The elementwise
family has four modules (`elementwise` and `elementwise_trigonometric`, with
closed-form higher rules, and `elementwise_more` and `elementwise_piecewise`,
with partials only);
`elementwise_entry`, `taylor_series`, `helpers`, `reduction_helpers` and
`matrix_helpers` are what the rule modules share.  The modules that run
SciPy's numerics register only when SciPy is installed.
"""
from . import elementwise, elementwise_trigonometric, elementwise_more, elementwise_piecewise  # noqa: F401
from . import reductions, shapes, indexing, matmul, casting, statistics, nan_reductions  # noqa: F401
from . import special  # noqa: F401
from . import einsum  # noqa: F401
from . import complex_values, linalg_inverses, linalg_decompositions, linalg_svd, fft  # noqa: F401
from . import floating_point, linalg_eig, signals  # noqa: F401
from . import bessel_modified  # noqa: F401
from ..core.optional import installed as _installed

if _installed("scipy"):      # entries SciPy computes: SciPy itself is imported when first used
    from . import special_scipy, bessel_scipy, zeta, linalg_scipy  # noqa: F401
