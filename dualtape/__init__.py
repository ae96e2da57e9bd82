"""dualtape: automatic differentiation on NumPy you can trust and learn from.

Forward mode on dual numbers, reverse mode on a recording tape, and one
primitive table that both read, so every derivative can be cross-checked.

Example:
    >>> import dualtape as dt
    >>> dt.gradient(lambda x: dt.numpy.sin(x) * x)(0.0)
    0.0
"""
from . import rules as _rules  # noqa: F401  (registers the built-in primitives)
from . import numpy  # noqa: F401  (fills the NumPy interop table)
from .numpy import linalg as _linalg, fft as _fft  # noqa: F401  (np.linalg / np.fft routing)
from . import special  # noqa: F401  (dualtape.special: erf, gammaln, logsumexp, ...)
from .forward.dual import Dual
from .reverse.tensor import Tensor, Variable, constant
from .reverse.gradient_tape import GradientTape
from .transforms.stop_gradient import stop_gradient
from .transforms.first_order import jvp, vjp, gradient, grad, value_and_gradient, value_and_grad
from .transforms.jacobians import jacobian, jacrev, jacfwd
from .audit.errors import AuditError
from .audit.primitives import check_primitives
from .audit.check_gradients import check_gradients
from .transforms.custom import primitive, custom_gradient
from .forward.hyperdual import HyperDual
from .forward.jet import Jet
from .transforms.higher_order import hessian, hvp, derivative, taylor
from .core.pytree import register_pytree, register_dataclass
from .audit import higher_order as _audit_higher  # noqa: F401  (adds the higher-order audit checks)
from .transforms.sparse import jacobian_sparsity, hessian_sparsity, sparse_jacobian, sparse_hessian
from .audit import pattern as _audit_pattern  # noqa: F401  (adds the sparsity-pattern audit check)
from .audit import complex_checks as _audit_complex  # noqa: F401  (adds the complex audit checks)
from .transforms.autograd_names import (elementwise_grad, holomorphic_grad, make_vjp, make_jvp,
                                        make_hvp, hessian_tensor_product, hessian_vector_product,
                                        tensor_jacobian_product, vector_jacobian_product,
                                        make_ggnvp, grad_named, grad_and_aux, deriv)
from .transforms.autograd_rules import defvjp, defjvp
from .transforms.jax_custom import custom_jvp, custom_vjp
from .transforms.jax_names import linearize, vmap
from . import tree_util, tree  # noqa: F401  (JAX's jax.tree_util and jax.tree)
from . import tensorflow as _tensorflow

__version__ = "0.1.0"

__all__ = ["Dual", "Tensor", "Variable", "constant", "GradientTape", "stop_gradient",
           "jvp", "vjp", "gradient", "grad", "value_and_gradient", "value_and_grad",
           "jacobian", "jacrev", "jacfwd", "check_primitives", "check_gradients",
           "AuditError", "numpy", "special", "primitive", "custom_gradient", "HyperDual", "Jet", "hessian", "hvp", "derivative", "taylor",
           "register_pytree", "register_dataclass",
           "jacobian_sparsity", "hessian_sparsity", "sparse_jacobian", "sparse_hessian",
           # HIPS autograd's names (transforms/autograd_names.py, autograd_rules.py)
           "elementwise_grad", "holomorphic_grad", "make_vjp", "make_jvp", "make_hvp",
           "hessian_tensor_product", "hessian_vector_product", "tensor_jacobian_product",
           "vector_jacobian_product", "make_ggnvp", "grad_named", "grad_and_aux", "deriv",
           "defvjp", "defjvp",
           # JAX's names (transforms/jax_custom.py, linearize.py, vmap.py; tree_util)
           "custom_jvp", "custom_vjp", "linearize", "vmap", "tree_util", "tree"]


def __getattr__(name):
    """TensorFlow's names that dualtape does not define itself (``tf.reduce_sum``,
    ``tf.math``, ``tf.float32``, ...), so ``import dualtape as tf`` runs TensorFlow code."""
    if name in _tensorflow.__all__:
        return getattr(_tensorflow, name)
    raise AttributeError(f"module 'dualtape' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_tensorflow.__all__))
