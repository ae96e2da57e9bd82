"""JAX's ``jax.tree`` names for dualtape's pytrees: `map`, `leaves`, `structure`,
`flatten` and `unflatten` (the same functions as `dualtape.tree_util`).

Example:
    >>> import dualtape as dt
    >>> dt.tree.map(lambda x: 2 * x, {"a": 1.0, "b": (2.0, 3.0)})
    {'a': 2.0, 'b': (4.0, 6.0)}
"""
from .core.pytree import (tree_map as map, tree_leaves as leaves,  # noqa: F401
                          tree_structure as structure, tree_flatten as flatten,
                          tree_unflatten as unflatten)

__all__ = ["map", "leaves", "structure", "flatten", "unflatten"]
