"""Pytrees: nested tuples, lists, dicts, namedtuples and registered classes flatten
to leaves in order and rebuild to the same structure, through every transform."""
import collections
import dataclasses
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.numpy.linalg as dla

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


# --- namedtuples are containers, as in JAX ------------------------------------------------

P = collections.namedtuple("P", "a b")


def test_gradient_of_a_namedtuple_is_the_same_namedtuple():
    # d(ab)/da = b = 3, d(ab)/db = a = 2
    g = dt.gradient(lambda p: p.a * p.b)(P(2.0, 3.0))
    assert type(g) is P and g == P(a=3.0, b=2.0)


def test_flattening_a_namedtuple_gives_its_fields_and_keeps_its_class():
    leaves, tree = tree_flatten([P(1.0, 2.0), None])
    assert leaves == [1.0, 2.0] and repr(tree) == "[P(a=*, b=*), None]"
    assert tree != tree_flatten([(1.0, 2.0), None])[1]
    Other = collections.namedtuple("Other", "a b")
    assert tree != tree_flatten([Other(1.0, 2.0), None])[1]
    rebuilt = tree_unflatten(tree, [5.0, 6.0])
    assert type(rebuilt[0]) is P and rebuilt == [P(5.0, 6.0), None]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_jacobian_with_respect_to_a_namedtuple(mode):
    # f(a, b) = [ab, a + b]: df/da = [b, 1] = [3, 1], df/db = [a, 1] = [2, 1]
    jac = dt.jacobian(lambda p: dnp.stack([p.a * p.b, p.a + p.b]), mode=mode)(P(2.0, 3.0))
    assert type(jac) is P
    np.testing.assert_array_equal(jac.a, [3.0, 1.0])
    np.testing.assert_array_equal(jac.b, [2.0, 1.0])


@pytest.mark.parametrize("mode", ["forward-over-reverse", "reverse-over-reverse"])
def test_hessian_with_respect_to_a_namedtuple(mode):
    # f = a² b at (2, 3): f_aa = 2b = 6, f_ab = 2a = 4, f_bb = 0
    h = dt.hessian(lambda p: p.a ** 2 * p.b, mode=mode)(P(2.0, 3.0))
    assert h[0] == P(a=6.0, b=4.0) and h[1] == P(a=4.0, b=0.0)


def test_jvp_and_vjp_with_namedtuple_primals():
    # f = ab at (2, 3): the tangent along (1, 0) is b = 3; the cotangent 1 pulls back to (b, a)
    y, ty = dt.jvp(lambda p: p.a * p.b, (P(2.0, 3.0),), (P(1.0, 0.0),))
    assert (y, ty) == (6.0, 3.0)
    _, pullback = dt.vjp(lambda p: p.a * p.b, P(2.0, 3.0))
    assert pullback(1.0) == (P(a=3.0, b=2.0),)


def test_jvp_of_eigh_returns_its_namedtuple_of_value_and_tangent():
    # A = diag(1, 3) has eigenvectors e1, e2; first-order perturbation theory gives
    # dλ_i = e_iᵀ dA e_i = the diagonal of dA, here [0.5, 0.1]
    dA = np.array([[0.5, 0.2], [0.2, 0.1]])
    out, tangent = dt.jvp(dla.eigh, (np.diag([1.0, 3.0]),), (dA,))
    assert type(out).__name__ == type(tangent).__name__ == "EighResult"
    np.testing.assert_allclose(out.eigenvalues, [1.0, 3.0])
    np.testing.assert_allclose(tangent.eigenvalues, [0.5, 0.1], rtol=1e-14)


# --- dicts and lists through every transform and the tape --------------------------------

def test_gradient_jacobian_and_hessian_of_dict_and_list_arguments():
    # f = w² b at w = 2, b = 5: f_w = 2wb = 20, f_b = w² = 4; f_ww = 2b = 10, f_wb = 2w = 4
    f = lambda d: d["w"] ** 2 * d["b"]            # noqa: E731
    assert dt.gradient(f)({"w": 2.0, "b": 5.0}) == {"w": 20.0, "b": 4.0}
    h = dt.hessian(f)({"w": 2.0, "b": 5.0})
    assert h == {"w": {"w": 10.0, "b": 4.0}, "b": {"w": 4.0, "b": 0.0}}
    # g = sin(x0) x1 at (0.5, 2): [cos(0.5)·2, sin(0.5)]
    g = dt.gradient(lambda v: dnp.sin(v[0]) * v[1])([0.5, 2.0])
    assert g == pytest.approx([2.0 * math.cos(0.5), math.sin(0.5)], rel=1e-15)
    jac = dt.jacobian(lambda v: dnp.stack([v[0] * v[1], v[1]]))([0.5, 2.0])
    np.testing.assert_array_equal(jac[0], [2.0, 0.0])
    np.testing.assert_array_equal(jac[1], [0.5, 1.0])


@pytest.mark.parametrize("pack", [lambda x, y: P(x, y), lambda x, y: {"a": x, "b": y},
                                  lambda x, y: [x, y]], ids=["namedtuple", "dict", "list"])
def test_tape_gradient_with_structured_sources(pack):
    # z = x² y at x = 2, y = 3: dz/dx = 2xy = 12, dz/dy = x² = 4
    x, y = dt.Variable(2.0), dt.Variable(3.0)
    with dt.GradientTape() as tape:
        z = x ** 2 * y
    grads = tape.gradient(z, pack(x, y))
    assert type(grads) is type(pack(x, y))
    leaves = tree_flatten(grads)[0]
    assert [float(g.numpy()) for g in leaves] == [12.0, 4.0]


# --- registered classes ---------------------------------------------------------------------

@dt.register_dataclass
@dataclasses.dataclass
class Params:
    w: np.ndarray
    b: float


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


dt.register_pytree(Point, lambda p: ((p.x, p.y), "point"), lambda aux, xy: Point(*xy))


def test_a_registered_dataclass_is_differentiated_field_by_field():
    # loss = sum(w · u) + b² with u = [1, 2]: d/dw = u, d/db = 2b = 3
    loss = lambda p: dnp.sum(p.w * np.array([1.0, 2.0])) + p.b ** 2      # noqa: E731
    g = dt.gradient(loss)(Params(np.array([0.3, -0.1]), 1.5))
    assert type(g) is Params and g.b == 3.0
    np.testing.assert_array_equal(g.w, [1.0, 2.0])
    jac = dt.jacobian(lambda p: p.w * p.b)(Params(np.array([0.3, -0.1]), 1.5))
    np.testing.assert_array_equal(jac.w, 1.5 * np.eye(2))      # d(w b)/dw = b·I
    np.testing.assert_array_equal(jac.b, [0.3, -0.1])          # d(w b)/db = w


def test_a_registered_class_is_rebuilt_with_its_aux_data():
    # f = x y² at (2, 3): (y², 2xy) = (9, 12)
    g = dt.gradient(lambda p: p.x * p.y ** 2)(Point(2.0, 3.0))
    assert type(g) is Point and (g.x, g.y) == (9.0, 12.0)
    leaves, tree = tree_flatten(Point(1.0, 2.0))
    assert leaves == [1.0, 2.0] and tree.keys == (Point, "point")
    assert tree == tree_flatten(Point(5.0, 6.0))[1]


def test_a_transform_that_cannot_rebuild_a_registered_class_says_so():
    # hessian must not hand back a Params holding placeholder objects
    with pytest.raises(TypeError, match="cannot rebuild a Params"):
        dt.hessian(lambda p: dnp.sum(p.w) * p.b)(Params(np.array([0.3, -0.1]), 1.5))


def test_register_dataclass_refuses_a_plain_class():
    with pytest.raises(TypeError, match="not a dataclass.*register_pytree"):
        dt.register_dataclass(Point)


# --- unregistered user objects --------------------------------------------------------------

@dataclasses.dataclass
class Unregistered:
    a: float


class Opaque:
    a = 2.0


@pytest.mark.parametrize("obj, fix", [(Unregistered(2.0), r"register_dataclass\(Unregistered\)"),
                                      (Opaque(), r"register_pytree\(Opaque, flatten, unflatten\)")])
def test_an_unregistered_object_is_a_clear_type_error_naming_the_fix(obj, fix):
    # before: NumPy's "Cannot interpret 'Unregistered(a=2.0)' as a data type"
    with pytest.raises(TypeError, match=f"{type(obj).__name__} object is neither an array.*{fix}"):
        dt.gradient(lambda p: p.a * 2.0)(obj)
    with pytest.raises(TypeError, match=fix):
        dt.jacobian(lambda p: p.a * 2.0)(obj)


def test_strict_false_keeps_a_user_object_as_one_leaf():
    obj = Opaque()
    leaves, tree = tree_flatten({"note": obj, "x": 1.0}, strict=False)
    assert leaves == [obj, 1.0]
    assert tree_unflatten(tree, leaves, strict=False)["note"] is obj


def test_a_function_returning_an_unregistered_object_raises_instead_of_a_zero_tangent():
    # before: jvp gave (the object, with a live Dual inside, and tangent 0.0): the derivative
    # of 3x, which is 3, was silently lost
    class Holder:
        def __init__(self, value):
            self.value = value
    with pytest.raises(TypeError, match="Holder object is neither an array"):
        dt.jvp(lambda x: Holder(3.0 * x), (1.0,), (1.0,))


class _Note:
    """A user object that is not a registered pytree (aux data may be anything)."""

    def __init__(self, text):
        self.text = text


def test_aux_output_may_hold_any_object_as_in_jax():
    # d/dx x^2 = 2x = 6 at 3; the aux object comes back untouched
    (value, note), g = dt.value_and_gradient(lambda x: (x * x, _Note("kept")), has_aux=True)(3.0)
    assert (value, g, note.text) == (9.0, 6.0, "kept")
    out, pullback, note = dt.vjp(lambda x: (x * x, _Note("also")), 2.0, has_aux=True)
    assert (out, pullback(1.0), note.text) == (4.0, (4.0,), "also")
