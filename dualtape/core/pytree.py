"""Nested containers of values ("pytrees"): flatten to leaves and rebuild.

Containers are tuples, lists, dicts (in insertion order), namedtuples (rebuilt
as their own type, as in JAX), ``None`` (a container with no leaves), and the
classes registered with `register_pytree` or `register_dataclass`.  A leaf is
an array value: a number, a NumPy array or scalar, a dualtape box, or anything
NumPy converts through ``__array__``.  Any other user object raises a
`TypeError` that names its type and how to register it, rather than being
handed to NumPy as one opaque value (where it would fail far away, or carry
boxes inside it that no transform can see).

Example:
    >>> from dualtape.core.pytree import tree_flatten, tree_unflatten
    >>> leaves, tree = tree_flatten({"a": 1.0, "b": (2.0, [3.0])})
    >>> leaves
    [1.0, 2.0, 3.0]
    >>> tree_unflatten(tree, [x * 10 for x in leaves])
    {'a': 10.0, 'b': (20.0, [30.0])}
"""
import dataclasses
import numbers

import numpy as np

from .box import BOX_TYPES, Box

__all__ = ["tree_flatten", "tree_unflatten", "tree_leaves", "tree_structure", "tree_map",
           "register_pytree", "register_dataclass"]

# type -> (flatten, unflatten): flatten(obj) -> (children, aux), unflatten(aux, children) -> obj
_REGISTRY = {}


def register_pytree(cls, flatten, unflatten):
    """Make instances of `cls` containers: their children are differentiated, not the object.

    ``flatten(obj)`` returns ``(children, aux)``: the sequence of child values
    (arrays or pytrees) and any static data needed to rebuild the object;
    ``unflatten(aux, children)`` builds an object from them.  `aux` must
    compare with ``==`` (two trees have the same structure when their `aux`
    are equal).  Exact types are matched, as in JAX: register a subclass too
    if you pass one.  Returns `cls`.

    Example:
        >>> import dualtape as dt
        >>> class Point:
        ...     def __init__(self, x, y):
        ...         self.x, self.y = x, y
        >>> _ = dt.register_pytree(Point, lambda p: ((p.x, p.y), None),
        ...                        lambda aux, children: Point(*children))
        >>> g = dt.gradient(lambda p: p.x * p.y)(Point(2.0, 3.0))
        >>> g.x, g.y                       # d(xy)/dx = y, d(xy)/dy = x
        (3.0, 2.0)
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_pytree: expected a class, got {type(cls).__name__}")
    if not (callable(flatten) and callable(unflatten)):
        raise TypeError("register_pytree: flatten and unflatten must be functions, "
                        "flatten(obj) -> (children, aux) and unflatten(aux, children) -> obj")
    if cls in (tuple, list, dict, type(None)):
        raise ValueError(f"register_pytree: {cls.__name__} is a container already")
    if cls in _PLAIN_LEAVES or issubclass(cls, Box):
        raise ValueError(f"register_pytree: {cls.__name__} is an array value (a leaf), not a "
                         f"container")
    _REGISTRY[cls] = (flatten, unflatten)
    return cls


def register_dataclass(cls):
    """Register a dataclass as a container of its fields (usable as a decorator).

    Every field that ``__init__`` takes is a child; the object is rebuilt by
    calling the class with them as keywords.

    Example:
        >>> import dataclasses, dualtape as dt
        >>> @dt.register_dataclass
        ... @dataclasses.dataclass
        ... class Params:
        ...     w: float
        ...     b: float
        >>> dt.gradient(lambda p: p.w * 4.0 + p.b)(Params(1.0, 0.5))
        Params(w=4.0, b=1.0)
    """
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise TypeError(f"register_dataclass: {getattr(cls, '__name__', cls)!r} is not a "
                        f"dataclass; use register_pytree(cls, flatten, unflatten) for other "
                        f"classes")
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)

    def flatten(obj):
        return tuple(getattr(obj, n) for n in names), None

    def unflatten(aux, children):
        return cls(**dict(zip(names, children)))
    return register_pytree(cls, flatten, unflatten)


class _Node:
    """One level of a tree's structure: its kind, static keys and child structures.

    `kind` is "leaf", "none", "tuple", "list", "dict", "namedtuple" (keys: the
    class) or "registered" (keys: ``(class, aux)``).
    """
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
        if self.kind == "dict":
            return "{" + ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.keys, self.children)) + "}"
        inner = ", ".join(repr(c) for c in self.children)
        if self.kind == "namedtuple":
            fields = ", ".join(f"{f}={c!r}" for f, c in zip(self.keys._fields, self.children))
            return f"{self.keys.__name__}({fields})"
        if self.kind == "registered":
            return f"{self.keys[0].__name__}({inner})"
        return {"tuple": "({})", "list": "[{}]"}[self.kind].format(inner)


_LEAF = _Node("leaf", None, ())
_NONE = _Node("none", None, ())
_ARRAY_TYPES = (numbers.Number, np.ndarray, np.generic, Box)
# Leaf types that register_pytree refuses (with the boxes): a value of one of them is a
# leaf at once.
_PLAIN_LEAVES = frozenset((float, int, complex, np.ndarray, np.float64))


def tree_flatten(tree, strict=True):
    """``(leaves, treedef)`` of a nested structure, leaves in order.

    With ``strict=False`` an unregistered user object is kept as one leaf
    (for values that are carried along, never differentiated).

    Example:
        >>> import collections
        >>> from dualtape.core.pytree import tree_flatten
        >>> P = collections.namedtuple("P", "a b")
        >>> tree_flatten([P(1.0, 2.0), None])
        ([1.0, 2.0], [P(a=*, b=*), None])
    """
    leaves = []
    return leaves, _flatten(tree, leaves, strict)


def _flatten(tree, leaves, strict):
    kind = type(tree)
    if kind in _PLAIN_LEAVES or kind in BOX_TYPES:   # the common case, spared the tests below
        leaves.append(tree)
        return _LEAF
    registered = _REGISTRY.get(kind)
    if registered is not None:
        children, aux = registered[0](tree)
        return _Node("registered", (type(tree), aux),
                     tuple(_flatten(c, leaves, strict) for c in children))
    if isinstance(tree, tuple):
        kind, keys = ("namedtuple", type(tree)) if hasattr(type(tree), "_fields") \
            else ("tuple", None)
        return _Node(kind, keys, tuple(_flatten(c, leaves, strict) for c in tree))
    if isinstance(tree, list):
        return _Node("list", None, tuple(_flatten(c, leaves, strict) for c in tree))
    if isinstance(tree, dict):
        keys = tuple(tree)
        return _Node("dict", keys, tuple(_flatten(tree[k], leaves, strict) for k in keys))
    if tree is None:
        return _NONE
    if strict and not _is_array_value(tree):
        raise TypeError(_unregistered_message(tree))
    leaves.append(tree)
    return _LEAF


def _is_array_value(x):
    """Whether `x` is a value NumPy treats as an array (or a builtin Python object,
    which the caller reports in its own words)."""
    if isinstance(x, _ARRAY_TYPES):
        return True
    cls = type(x)
    return (cls.__module__ == "builtins" or hasattr(cls, "__array__")
            or hasattr(x, "__array_interface__"))


def _unregistered_message(x):
    name = type(x).__qualname__
    how = (f"dualtape.register_dataclass({name})" if dataclasses.is_dataclass(x)
           else f"dualtape.register_pytree({name}, flatten, unflatten)")
    return (f"the {name} object is neither an array nor a registered pytree container, so "
            f"dualtape cannot see the values inside it. Register the class with {how}, "
            f"or pass its arrays in a tuple, list or dict (namedtuples work as they are)")


def tree_unflatten(treedef, leaves, strict=True):
    """Rebuild the structure `treedef` with `leaves` in order.

    A registered class is rebuilt only around array values (``strict=False``
    lifts this, as it does in `tree_flatten`): a class whose children were
    left as placeholder objects would be a silently broken result.

    Example:
        >>> from dualtape.core.pytree import tree_flatten, tree_unflatten
        >>> tree_unflatten(tree_flatten((1.0, [2.0]))[1], [5.0, 6.0])
        (5.0, [6.0])
    """
    if treedef is _LEAF:
        return next(iter(leaves))         # the common case: one value, no container
    return _unflatten(treedef, iter(leaves), None if strict else False)


def _unflatten(node, it, inside):
    """`inside` is the registered class being rebuilt around this node (None outside
    one; False when not checking)."""
    kind = node.kind
    if kind == "leaf":
        leaf = next(it)
        if inside and not _is_array_value(leaf):
            raise TypeError(
                f"cannot rebuild a {inside.__name__} around a {type(leaf).__name__}: a "
                f"registered class holds array values. A transform whose result has a "
                f"{inside.__name__} inside it (the jacobian of a function that returns one, the "
                f"hessian with respect to one) cannot build it yet; use a tuple, list, dict "
                f"or namedtuple of arrays there")
        return leaf
    if kind == "none":
        return None
    if kind == "registered" and inside is not False:
        inside = node.keys[0]
    children = [_unflatten(c, it, inside) for c in node.children]
    if kind == "tuple":
        return tuple(children)
    if kind == "list":
        return children
    if kind == "dict":
        return dict(zip(node.keys, children))
    if kind == "namedtuple":
        return node.keys(*children)
    cls, aux = node.keys
    return _REGISTRY[cls][1](aux, tuple(children))


def tree_leaves(tree):
    """The leaves of `tree`, in order (JAX's ``tree_util.tree_leaves``).

    Example:
        >>> tree_leaves({"w": [1.0, 2.0], "b": 3.0})
        [1.0, 2.0, 3.0]
    """
    return tree_flatten(tree)[0]


def tree_structure(tree):
    """The structure of `tree`, without its leaves (JAX's ``tree_util.tree_structure``).

    Example:
        >>> tree_structure({"w": [1.0, 2.0], "b": 3.0})
        {'w': [*, *], 'b': *}
    """
    return tree_flatten(tree)[1]


def tree_map(f, tree, *rest):
    """`tree` with each leaf x replaced by ``f(x, *the leaves of rest there)``
    (JAX's ``tree_util.tree_map``); every tree of `rest` has the structure of `tree`.

    Example:
        >>> params, grads = {"w": [1.0, 2.0], "b": 3.0}, {"w": [0.5, 0.5], "b": 1.0}
        >>> tree_map(lambda p, g: p - 0.1 * g, params, grads)
        {'w': [0.95, 1.95], 'b': 2.9}
    """
    leaves, treedef = tree_flatten(tree)
    others = []
    for i, other in enumerate(rest):
        other_leaves, other_def = tree_flatten(other)
        if other_def != treedef:
            raise ValueError(f"tree_map: tree {i + 1} of rest has the structure {other_def!r}, "
                             f"not the first tree's {treedef!r}; give trees of one structure")
        others.append(other_leaves)
    return tree_unflatten(treedef, [f(*xs) for xs in zip(leaves, *others)])
