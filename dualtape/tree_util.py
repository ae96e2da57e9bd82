"""JAX's ``jax.tree_util`` names for dualtape's pytrees: `tree_map`, `tree_leaves`,
`tree_structure`, `tree_flatten`, `tree_unflatten` and `register_pytree_node`
(dualtape's `register_pytree`, which takes the same ``flatten(obj) -> (children,
aux)`` and ``unflatten(aux, children)``).

Example:
    >>> import dualtape as dt
    >>> params = {"w": [1.0, 2.0], "b": 0.5}
    >>> grads = dt.gradient(lambda p: p["w"][0] * p["w"][1] + p["b"])(params)
    >>> dt.tree_util.tree_map(lambda p, g: p - 0.5 * g, params, grads)
    {'w': [0.0, 1.5], 'b': 0.0}
"""
from .core.pytree import (tree_flatten, tree_unflatten, tree_leaves, tree_structure,  # noqa: F401
                          tree_map, register_pytree as register_pytree_node)

__all__ = ["tree_map", "tree_leaves", "tree_structure", "tree_flatten", "tree_unflatten",
           "register_pytree_node"]
