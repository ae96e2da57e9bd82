"""Every elementwise entry at the edges of its domain: a Python float and a 0-d
array give the same value and the same derivative, forward and reverse.

Python floats take a separate path (``math`` functions, ``/`` on floats), where
dividing by zero raises instead of giving NumPy's ``inf``.  The partials must be
written with table operations (``divide``, not ``/``) so both paths agree at a
pole; this walks the whole elementwise family to pin that.  Infinities, NaN and
zeros must match exactly (NaN equal to NaN); finite values may differ in their
last bits only, since ``math`` and NumPy round some functions differently.
"""
import itertools
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE

# 0, ±1 and ±inf are where the table's poles and domain edges sit (log, log1p,
# reciprocal, arctanh, arccosh, sqrt, power, divide, ...); -0.0 tells the signed
# zeros apart (arctan2, copysign) and 0.5 is an ordinary interior point.
EDGES = (0.0, -0.0, 1.0, -1.0, 0.5, np.inf, -np.inf)

# Static parameters for the entries that take some (each set is walked).
PARAMS = {
    "where": [dict(condition=True), dict(condition=False)],
    "round": [dict(decimals=0), dict(decimals=1)],
    "nan_to_num": [dict(nan=0.0, posinf=None, neginf=None)],
}

# math.acos(0.5) and np.arccos(0.5) differ by one unit in the last place.
ULPS = 4 * np.finfo(float).eps

ELEMENTWISE = sorted(name for name, p in TABLE.items() if p.family == "elementwise")


def _arity(prim):
    parts = prim.tangent if isinstance(prim.tangent, tuple) else prim.adjoint
    return len(parts)


def _same(a, b):
    """Scalars equal up to a few units in the last place; inf, NaN and 0 exactly."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape == () and bool(np.isclose(a, b, rtol=ULPS, atol=0.0, equal_nan=True))


def _four_ways(prim, args, i, params):
    """(value, derivative in argument i) forward and reverse, for Python floats
    and for 0-d arrays; the other arguments are constants of the same kind."""
    results = {}
    for kind, make in (("float", float), ("0-d array", np.array)):
        xs = [make(a) for a in args]

        def f(x):
            return bind(prim, *(x if k == i else c for k, c in enumerate(xs)), **params)
        results[kind, "forward"] = dt.jvp(f, (xs[i],), (make(1.0),))
        results[kind, "reverse"] = dt.value_and_gradient(f)(xs[i])
    return results


def test_a_python_float_at_a_pole_gets_numpys_inf_not_an_error():
    with np.errstate(all="ignore"):
        assert dt.gradient(dnp.log2)(0.0) == np.inf                         # 1 / (0 · ln 2)
        assert dt.gradient(dnp.log10)(0.0) == np.inf                        # 1 / (0 · ln 10)
        assert dt.gradient(dnp.cbrt)(0.0) == np.inf                         # 1 / (3 · 0²)
        assert dt.gradient(dnp.arctanh)(1.0) == np.inf                      # 1 / (1 − 1²)
        assert dt.jvp(dnp.arccosh, (1.0,), (1.0,)) == (0.0, np.inf)        # 1 / sqrt(1² − 1)
        assert np.isnan(dt.gradient(lambda y: dnp.arctan2(y, 0.0))(0.0))   # 0 / (0² + 0²)
        assert dt.gradient(lambda x: dnp.hypot(x, 0.0))(0.0) == 0.0         # hypot(x, 0) = |x|: abs'(0)


def test_a_python_complex_divided_by_zero_gets_numpys_value_in_every_mode():
    # Python's complex / 0.0 raises ZeroDivisionError; NumPy gives IEEE values, and a
    # Python complex must give the same as a 0-d complex array.
    z = 0.5 - 1.5j
    with np.errstate(all="ignore"):
        expected = np.array(z) / 0.0                                       # inf - inf·j
        slope = np.array(1.0 + 0.0j) * (np.array(1.0) / 0.0)              # 1/y · ż: inf + nan·j
        for x in (z, np.array(z)):
            value, tangent = dt.jvp(lambda w: w / 0.0, (x,), (1.0 + 0.0 * x,))
            np.testing.assert_equal(complex(value), complex(expected))
            np.testing.assert_equal(complex(tangent), complex(slope))
            (cotangent,) = dt.vjp(lambda w: w / 0.0, x)[1](1.0 + 0.0j)
            np.testing.assert_equal(complex(cotangent), complex(slope))


def test_the_walk_covers_the_whole_elementwise_family():
    # the ufuncs of NumPy's wider list belong to the family too
    assert {"sin", "divide", "log2", "hypot", "cbrt", "arctan2", "floor", "where"} <= set(ELEMENTWISE)
    assert len(ELEMENTWISE) >= 60


def _walk_edges(name, run, disagree):
    """Every (params, edge arguments, argument i) of entry `name`: `run(prim, args,
    i, params)` gives the results and `disagree(results)` says where they differ;
    returns those messages."""
    prim = TABLE[name]
    found = []
    for params in PARAMS.get(name, [{}]):
        for args in itertools.product(EDGES, repeat=_arity(prim)):
            for i in range(len(args)):
                at = f"{name}{args} in x{i} {params or ''}"
                try:
                    with warnings.catch_warnings(), np.errstate(all="ignore"):
                        warnings.simplefilter("ignore", RuntimeWarning)
                        results = run(prim, args, i, params)
                except Exception as e:   # a Python float raising where NumPy gives inf
                    found.append(f"{at}: {e!r}")
                    continue
                found += [f"{at}: {message}" for message in disagree(results)]
    return found


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_python_float_and_0d_array_agree_at_the_edges_of_the_domain(name):
    prim = TABLE[name]
    assert set(prim.static) <= set(PARAMS.get(name, [{}])[0]), \
        f"{name}: give its static parameters in PARAMS"

    def disagree(results):
        want = results["0-d array", "forward"]
        return [f"{way} gives {got}, 0-d array forward {want}" for way, got in results.items()
                if not (_same(got[0], want[0]) and _same(got[1], want[1]))]
    disagreements = _walk_edges(name, _four_ways, disagree)
    assert not disagreements, "\n".join(disagreements[:10])


# The special functions of real arguments keep the same rule (a partial divides with the
# table's `divide`): xlogy's partial in y, x / y, once raised ZeroDivisionError for a Python
# float at y = 0, inside the Hessian of gammainc at 0.
SPECIAL = sorted(name for name, p in TABLE.items() if p.family == "special" and not p.static)


def test_the_special_walk_covers_the_partials_that_divide():
    assert {"xlogy", "xlog1py", "logit", "entr"} <= set(SPECIAL)


@pytest.mark.parametrize("name", SPECIAL)
def test_python_float_and_0d_array_agree_at_the_edges_of_a_special_function(name):
    test_python_float_and_0d_array_agree_at_the_edges_of_the_domain(name)


# --- jets: the Taylor recurrences at the same edges ---------------------------------------

WITH_TAYLOR = [name for name in ELEMENTWISE if TABLE[name].taylor is not None]


def _jet_both_ways(prim, args, i, params, order=3):
    """dt.taylor in argument i (the others constant), for Python floats and 0-d arrays."""
    results = {}
    for kind, make in (("float", float), ("0-d array", np.array)):
        xs = [make(a) for a in args]

        def f(x):
            return bind(prim, *(x if k == i else c for k, c in enumerate(xs)), **params)
        results[kind] = dt.taylor(f, xs[i], order=order)
    return results


def test_the_jet_walk_covers_every_taylor_rule_of_the_family():
    assert {"exp", "log", "log1p", "arcsin", "sqrt", "divide", "power", "tan"} <= set(WITH_TAYLOR)


@pytest.mark.parametrize("name", WITH_TAYLOR)
def test_python_float_and_0d_array_give_the_same_jet_at_the_edges_of_the_domain(name):
    def disagree(results):
        got, want = results["float"], results["0-d array"]
        if len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want)):
            return []
        return [f"the jet of a float is {got}, of a 0-d array {want}"]
    disagreements = _walk_edges(name, _jet_both_ways, disagree)
    assert not disagreements, "\n".join(disagreements[:10])


def test_jets_at_poles_give_numpys_infinities_for_a_python_float():
    with np.errstate(all="ignore"):
        # log x at 0: [log 0, 1/x, −1/(2x²), 1/(3x³)] = [−inf, inf, −inf, inf]
        assert dt.taylor(dnp.log, 0.0, order=3) == [-np.inf, np.inf, -np.inf, np.inf]
        # log1p at −1: the same series in 1 + x
        assert dt.taylor(dnp.log1p, -1.0, order=3) == [-np.inf, np.inf, -np.inf, np.inf]
        # arcsin at 1: [π/2, 1/sqrt(1 − x²), x/(2(1 − x²)^{3/2}), ...]: every one infinite
        value, *higher = dt.taylor(dnp.arcsin, 1.0, order=2)
        assert value == np.pi / 2 and higher == [np.inf, np.inf]


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_every_derivative_of_exp_is_inf_where_exp_overflows(k):
    # exp(1000) overflows to inf in IEEE arithmetic, and exp⁽ᵏ⁾ = exp
    with np.errstate(all="ignore"):
        assert dt.derivative(dnp.exp, order=k)(1000.0) == np.inf
        assert dt.derivative(dnp.exp, order=k)(np.array(1000.0)) == np.inf


def test_overflowed_values_keep_infinite_jets_through_products_and_hyperbolics():
    with np.errstate(over="ignore"):
        # (x eˣ)⁽ᵏ⁾ = (x + k) eˣ: inf at 1000 for every k, whichever factor comes first
        assert dt.taylor(lambda x: x * dnp.exp(x), 1000.0, order=3) == [np.inf] * 4
        assert dt.taylor(lambda x: dnp.exp(x) * x, 1000.0, order=3) == [np.inf] * 4
        # sinh⁽ᵏ⁾ is sinh or cosh: both overflow to inf at 1000
        assert dt.taylor(dnp.sinh, 1000.0, order=3) == [np.inf] * 4


def test_an_element_that_does_not_move_along_the_jet_gets_zero_higher_coefficients():
    # direction 0 for the second element: exp(1000) is constant along the curve
    with np.errstate(over="ignore"):
        coefficients = dt.taylor(dnp.exp, np.array([1000.0, 1000.0]), order=3,
                                 direction=np.array([1.0, 0.0]))
        assert dt.taylor(dnp.exp, 1000.0, order=3, direction=0.0) == [np.inf, 0.0, 0.0, 0.0]
    np.testing.assert_array_equal(coefficients, [[np.inf, np.inf]] + [[np.inf, 0.0]] * 3)
