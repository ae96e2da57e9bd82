"""`import dualtape.numpy as np` resolves every public NumPy name, and each kind of
name behaves as the coverage page says: differentiable, plain results, NumPy's own
objects that refuse dualtape values, or NotImplementedError on them."""
import io
import pathlib
import re

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.numpy_names import name_rows, namespaces, kind_counts
from dualtape.composed.passthrough import PASS_THROUGH
from dualtape.composed.plain_values import PLAIN_RESULTS
from dualtape.composed.unsupported import NOT_IMPLEMENTED


def _dual():
    return dt.Dual(np.array([1.0, 2.0]), np.array([1.0, 0.0]))


@pytest.mark.parametrize("module, ours", [(np, dnp), (np.linalg, dnp.linalg), (np.fft, dnp.fft)])
def test_every_public_numpy_name_resolves(module, ours):
    public = [n for n in dir(module) if not n.startswith("_")]
    assert [n for n in public if not hasattr(ours, n)] == []


def test_the_counts_add_up_and_nothing_is_missing():
    modules = {"numpy": np, "numpy.linalg": np.linalg, "numpy.fft": np.fft}
    for title, rows in namespaces(dnp):
        counts = kind_counts(rows)
        assert counts["missing"] == 0, title
        assert sum(counts.values()) == len([n for n in dir(modules[title]) if not n.startswith("_")])


def test_listed_pass_through_names_are_numpys_own_objects():
    for names in PASS_THROUGH.values():
        for name in names:
            if hasattr(np, name):
                assert getattr(dnp, name) is getattr(np, name), name


def test_every_name_in_the_lists_is_a_numpy_name_and_listed_once():
    listed = [n for names in (*PASS_THROUGH.values(), *PLAIN_RESULTS.values()) for n in names]
    listed += list(NOT_IMPLEMENTED)
    assert len(listed) == len(set(listed))
    for name in listed:
        module, _, attr = name.rpartition(".")
        assert hasattr(getattr(np, module) if module else np, attr) or attr in ("float128",
                                                                                "complex256")


def test_no_name_is_both_differentiable_and_listed_as_not_differentiated():
    rows = {r["name"]: r["kind"] for r in name_rows(dnp)}
    for name in NOT_IMPLEMENTED:
        assert rows[name] == "not differentiated" or not getattr(getattr(dnp, name),
                                                                 "not_implemented", None)


# NumPy's own objects refuse a dualtape value (none of them may drop a derivative silently).
REFUSALS = {
    "float64": lambda x: np.float64(x[0]),
    "bitwise_and": lambda x: dnp.bitwise_and(x, 1),
    "packbits": lambda x: dnp.packbits(x),
    "broadcast": lambda x: dnp.broadcast(x, np.ones(2)),
    "r_": lambda x: dnp.r_[x, 1.0],
    "random": lambda x: dnp.random.default_rng(0).normal(x),
    "emath": lambda x: dnp.emath.sqrt(x),
    "ma": lambda x: dnp.ma.masked_array(x, mask=[0, 1]) + 1.0,
    "savetxt": lambda x: dnp.savetxt(io.StringIO(), x),
    "matrix": lambda x: dnp.matrix(x),
    "polynomial": lambda x: dnp.polynomial.Polynomial(x)(2.0),
    "kaiser": lambda x: dnp.kaiser(4, x[0]),
    "nditer": lambda x: list(dnp.nditer(x)),
}


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")     # np.matrix's own
@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_numpys_own_objects_raise_on_a_dualtape_value(name):
    with pytest.raises((TypeError, ValueError)):
        REFUSALS[name](_dual())


@pytest.mark.parametrize("name, call", [
    ("isnan", lambda f, x: f(x)), ("isclose", lambda f, x: f(x, 1.0)),
    ("allclose", lambda f, x: f(x, x)), ("less", lambda f, x: f(x, 1.5)),
    ("nonzero", lambda f, x: f(x - 1.0)), ("argwhere", lambda f, x: f(x > 1.0)),
    ("searchsorted", lambda f, x: f(x, 1.5)), ("digitize", lambda f, x: f(x, [1.5])),
    ("count_nonzero", lambda f, x: f(x - 1.0)), ("signbit", lambda f, x: f(-x)),
    ("shape", lambda f, x: f(x)), ("ndim", lambda f, x: f(x)), ("result_type", lambda f, x: f(x)),
    ("array_equal", lambda f, x: f(x, [1.0, 2.0])), ("iscomplexobj", lambda f, x: f(x)),
    ("flatnonzero", lambda f, x: f(x)), ("isfinite", lambda f, x: f(x)),
    ("logical_and", lambda f, x: f(x > 1, x < 3)), ("any", lambda f, x: f(x > 1.5)),
])
def test_plain_results_on_a_dualtape_value_are_numpys_on_the_plain_value(name, call):
    x = _dual()
    for fn in (getattr(dnp, name), getattr(np, name)):       # ours, and NumPy's routed to ours
        got = call(fn, x)
        want = call(getattr(np, name), x.primal)
        assert type(got) is type(want)
        np.testing.assert_array_equal(got, want)


def test_where_with_the_condition_alone_is_nonzero():
    x = _dual()
    np.testing.assert_array_equal(dnp.where(x > 1.5)[0], [1])
    np.testing.assert_array_equal(np.where(x > 1.5)[0], [1])


# (a listed name that another module makes differentiable is that module's, and not tested here)
@pytest.mark.parametrize("name", sorted(n for n in NOT_IMPLEMENTED
                                        if getattr(getattr(dnp, n), "not_implemented", None)))
def test_not_differentiated_names_name_the_reason_on_a_dualtape_value(name):
    fn = getattr(dnp, name)
    with pytest.raises(NotImplementedError, match=rf"dualtape.numpy.{name} is not differentiable"):
        fn(_dual(), np.array([1.0])) if name != "i0" else fn(_dual())


@pytest.mark.parametrize("alias, name", [("acos", "arccos"), ("atan2", "arctan2"), ("pow", "power"),
                                         ("concat", "concatenate"), ("permute_dims", "transpose"),
                                         ("row_stack", "vstack"), ("amax", "max")])
def test_numpy_2_aliases_are_the_same_functions(alias, name):
    assert getattr(dnp, alias) is getattr(dnp, name)


def test_poly1d_of_dualtape_coefficients_is_differentiated_through_numpys_routing():
    c = np.array([1.0, 2.0, 3.0])                        # p(t) = t² + 2t + 3, p(3) = 18
    np.testing.assert_array_equal(dt.gradient(lambda c: dnp.poly1d(c)(3.0))(c), [9.0, 3.0, 1.0])
    np.testing.assert_array_equal(dt.gradient(lambda c: (dnp.poly1d(c) ** 2)(3.0))(c),
                                  2 * 18.0 * np.array([9.0, 3.0, 1.0]))


def test_numpy_calls_route_to_the_new_functions_on_dualtape_values():
    x = dt.Dual(np.array([3.0, 1.0, 2.0]), np.array([1.0, 0.0, 0.0]))
    assert np.trapezoid(x).tangent == 0.5                   # (x0 + x1)/2 + (x1 + x2)/2
    np.testing.assert_array_equal(np.cov(x, x).tangent.shape, (2, 2))
    np.testing.assert_array_equal(np.insert(x, 0, 5.0).tangent, [0.0, 1.0, 0.0, 0.0])
    np.testing.assert_array_equal(np.polyval(x, 2.0).tangent, 4.0)   # ∂/∂p0 of p0·4 + p1·2 + p2


def test_the_readme_states_the_counts_of_the_coverage_page():
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text()
    text = " ".join(readme.split())
    stated = re.search(r"of the (\d+) names of `numpy`, (\d+) are table entries, (\d+) are composed "
                       r"from entries, (\d+) give NumPy's plain result .*?, (\d+) are NumPy's own "
                       r"objects .*? and (\d+) are listed as not differentiated", text)
    assert stated, "README.md should state how NumPy's names resolve"
    counts = kind_counts(name_rows(dnp))
    assert [int(g) for g in stated.groups()] == [
        sum(counts.values()), counts["entry"], counts["composed"], counts["plain result"],
        counts["NumPy's own"], counts["not differentiated"]]
