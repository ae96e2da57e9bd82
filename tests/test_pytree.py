"""Pytrees: nested tuples, lists and dicts flatten to leaves in order and
rebuild to the same structure."""
import numpy as np

from dualtape.core.pytree import tree_flatten, tree_unflatten


def test_flatten_then_unflatten_round_trips_nested_containers():
    tree = {"a": 1.0, "b": (np.ones(2), [3.0, {"c": 4.0}]), "d": None}
    leaves, treedef = tree_flatten(tree)
    assert leaves[0] == 1.0 and leaves[2:] == [3.0, 4.0] and len(leaves) == 4
    rebuilt = tree_unflatten(treedef, leaves)
    assert rebuilt.keys() == tree.keys() and rebuilt["d"] is None
    assert isinstance(rebuilt["b"], tuple) and isinstance(rebuilt["b"][1], list)


def test_structures_compare_equal_only_when_containers_and_keys_match():
    assert tree_flatten((1.0, [2.0]))[1] == tree_flatten((5.0, [6.0]))[1]
    assert tree_flatten((1.0, [2.0]))[1] != tree_flatten((1.0, (2.0,)))[1]
    assert tree_flatten({"a": 1.0})[1] != tree_flatten({"b": 1.0})[1]


def test_a_bare_value_is_a_single_leaf():
    leaves, treedef = tree_flatten(np.arange(3.0))
    assert len(leaves) == 1 and tree_unflatten(treedef, [7.0]) == 7.0
