"""Nested tuples, lists and dicts of values ("pytrees"): flatten and rebuild.

Example:
    >>> from dualtape.core.pytree import tree_flatten, tree_unflatten
    >>> leaves, tree = tree_flatten({"a": 1.0, "b": (2.0, [3.0])})
    >>> leaves
    [1.0, 2.0, 3.0]
    >>> tree_unflatten(tree, [x * 10 for x in leaves])
    {'a': 10.0, 'b': (20.0, [30.0])}
"""


class _Node:
    __slots__ = ("kind", "keys", "children")

    def __init__(self, kind, keys, children):
        self.kind = kind
        self.keys = keys
        self.children = children

    def __eq__(self, other):
        return (isinstance(other, _Node) and self.kind == other.kind and self.keys == other.keys
                and self.children == other.children)

    def __repr__(self):
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        inner = ", ".join(repr(c) if self.kind != "dict" else f"{k!r}: {c!r}"
                          for k, c in zip(self.keys or [None] * len(self.children), self.children))
        return {"tuple": "({})", "list": "[{}]", "dict": "{{{}}}"}[self.kind].format(inner)


_LEAF = _Node("leaf", None, ())


def tree_flatten(tree):
    """``(leaves, treedef)``; tuples, lists and dicts are containers, None is empty."""
    leaves = []
    return leaves, _flatten(tree, leaves)


def _flatten(tree, leaves):
    if isinstance(tree, tuple) and not hasattr(tree, "_fields"):
        return _Node("tuple", None, tuple(_flatten(c, leaves) for c in tree))
    if isinstance(tree, list):
        return _Node("list", None, tuple(_flatten(c, leaves) for c in tree))
    if isinstance(tree, dict):
        keys = tuple(tree)
        return _Node("dict", keys, tuple(_flatten(tree[k], leaves) for k in keys))
    if tree is None:
        return _Node("none", None, ())
    leaves.append(tree)
    return _LEAF


def tree_unflatten(treedef, leaves):
    """Rebuild the structure `treedef` with `leaves` in order."""
    return _unflatten(treedef, iter(leaves))


def _unflatten(node, it):
    if node.kind == "leaf":
        return next(it)
    if node.kind == "none":
        return None
    children = [_unflatten(c, it) for c in node.children]
    if node.kind == "tuple":
        return tuple(children)
    if node.kind == "list":
        return children
    return dict(zip(node.keys, children))
