"""SciPy is optional: scipy.special ufuncs on dualtape values reach the table (or
raise naming scipy.special), and dualtape imports and differentiates with SciPy
hidden."""
import ast
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import scipy.special as ss

import dualtape as dt
import dualtape.special as dsp
from dualtape.core.primitive import TABLE


@pytest.mark.parametrize("name, args", [
    ("expit", (0.3,)), ("erf", (0.3,)), ("gammaln", (2.5,)), ("i1", (0.7,)), ("ndtri", (0.3,)),
    ("erfinv", (0.3,)), ("gamma", (2.5,)), ("j0", (1.2,)), ("log_ndtr", (-3.0,)),
    ("xlogy", (2.0, 3.0)), ("betaln", (2.0, 3.0)), ("kl_div", (2.0, 3.0)), ("huber", (1.0, 2.5)),
])
def test_scipy_special_ufuncs_on_boxes_give_scipys_value_and_a_derivative_in_every_mode(name, args):
    ufunc = getattr(ss, name)
    x0 = np.array(args)

    def f(v):
        return ufunc(*[v[i] for i in range(len(args))])
    value = float(ufunc(*args))
    h = 1e-6
    fd = [(float(ufunc(*(x0 + h * e))) - float(ufunc(*(x0 - h * e)))) / (2 * h) for e in np.eye(len(args))]
    for mode in ("forward", "reverse"):
        np.testing.assert_allclose(dt.jacobian(f, mode=mode)(x0), fd, rtol=1e-7, atol=1e-9)
    assert dt.jvp(f, (x0,), (np.ones(len(args)),))[0] == pytest.approx(value, rel=1e-15)


def test_scipy_special_orders_and_constants_route_with_the_argument_differentiated():
    # scipy.special.jv(v, x): d/dx = (J_{v-1} - J_{v+1}) / 2
    x = 1.7
    assert dt.gradient(lambda z: ss.jv(1.5, z))(x) == pytest.approx(
        0.5 * (ss.jv(0.5, x) - ss.jv(2.5, x)), rel=1e-14)
    # gammainc(a, x): d/dx = x^(a-1) e^(-x) / Gamma(a)
    assert dt.gradient(lambda z: ss.gammainc(2.5, z))(x) == pytest.approx(
        x ** 1.5 * np.exp(-x) / ss.gamma(2.5), rel=1e-14)


def test_hyperdual_second_derivative_through_a_routed_scipy_ufunc():
    # d²/dx² expit = expit(x)(1 - expit(x))(1 - 2 expit(x))
    y = ss.expit(dt.HyperDual(0.4, 1.0, 1.0, 0.0))
    s = ss.expit(0.4)
    assert y.e12 == pytest.approx(s * (1 - s) * (1 - 2 * s), rel=1e-14)


def test_an_unsupported_scipy_ufunc_names_scipy_special_and_points_at_dualtape_scipy():
    with pytest.raises(TypeError, match=r"scipy\.special\.struve was called on a dualtape Dual.*"
                                        r"dualtape\.scipy\.special"):
        ss.struve(1.0, dt.Dual(1.0, 1.0))
    with pytest.raises(TypeError, match=r"^scipy\.special\.airy"):
        dt.gradient(lambda x: ss.airy(x)[0])(1.0)


def test_a_ufunc_of_no_routed_library_is_refused_without_loading_scipy_routes():
    mine = np.frompyfunc(lambda v: v, 1, 1)         # neither NumPy's nor SciPy's
    with pytest.raises(TypeError, match=r"vectorized\) was called on a dualtape Dual"):
        mine(dt.Dual(1.0, 1.0))


def test_the_scipy_entries_are_in_the_table_and_pass_the_audit():
    families = {"special_scipy", "bessel_scipy", "zeta", "bessel_modified"}
    names = sorted(n for n, p in TABLE.items() if p.family in families)
    assert {"erfinv", "jv", "kv", "zeta", "zeta_derivative", "lambertw", "i0", "gammainc"} <= set(names)
    report = dt.check_primitives(names)
    assert report.ok, str(report)


def test_dualtape_numpy_i0_is_numpys_i0_with_derivative_i1():
    x = np.array([-3.0, -0.2, 0.0, 0.9, 12.0, 45.0])
    np.testing.assert_array_equal(dt.numpy.i0(x), np.i0(x))
    np.testing.assert_allclose(dt.gradient(lambda v: np.sum(np.i0(v)))(x), ss.i1(x), rtol=2e-15)


HIDDEN_SCIPY = textwrap.dedent("""
    import sys

    class HideSciPy:
        def find_spec(self, name, path=None, target=None):
            if name == "scipy" or name.startswith("scipy."):
                raise ImportError("SciPy is hidden for this test")
            return None

    sys.meta_path.insert(0, HideSciPy())
    import numpy as np
    import dualtape as dt, dualtape.numpy as dnp, dualtape.special as dsp
    from dualtape.core.primitive import TABLE
    assert "scipy" not in sys.modules
    assert "erfinv" not in TABLE and "i0" in TABLE and "erf" in TABLE
    g = dt.gradient(lambda x: dnp.sum(dsp.erf(x) * dsp.i0(x) + dsp.logit(x / 4.0) + dnp.i0(x)))
    print(g(np.array([0.5, 1.5])).tolist())
    print(dt.check_primitives(["i0", "i1", "logit", "erf"]).ok)
    try:
        import dualtape.scipy
    except ImportError as e:
        print("ImportError:", e)
""")


def test_dualtape_imports_and_differentiates_with_scipy_hidden():
    run = subprocess.run([sys.executable, "-c", HIDDEN_SCIPY], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    gradient, audited, refusal = run.stdout.splitlines()
    x = np.array([0.5, 1.5])
    # d/dx [erf(x) I0(x) + logit(x/4) + I0(x)], independently from SciPy's values
    expected = (2 / np.sqrt(np.pi) * np.exp(-x * x) * ss.i0(x) + ss.erf(x) * ss.i1(x)
                + 1 / (x * (1 - x / 4)) + ss.i1(x))
    np.testing.assert_allclose(ast.literal_eval(gradient), expected, rtol=1e-14)
    assert audited == "True"
    assert refusal.startswith("ImportError: dualtape.scipy needs SciPy") and 'dualtape[scipy]' in refusal


def test_importing_dualtape_does_not_import_scipy():
    code = "import sys, dualtape, dualtape.special; print('scipy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "False", run.stderr


ROUTED_ON_FIRST_USE = textwrap.dedent("""
    import sys
    import dualtape as dt, scipy.special
    before = "dualtape.scipy.special" in sys.modules
    print(before, dt.jvp(scipy.special.ndtri, (0.5,), (1.0,)), "dualtape.scipy.special" in sys.modules)
""")


def test_a_scipy_ufunc_meeting_a_box_loads_the_routes_on_first_use():
    run = subprocess.run([sys.executable, "-c", ROUTED_ON_FIRST_USE], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    before, rest = run.stdout.split(" ", 1)
    assert before == "False" and rest.strip().endswith("True")
    value, slope = ast.literal_eval(rest.strip()[:-len(" True")])
    assert value == 0.0 and slope == pytest.approx(np.sqrt(2 * np.pi), rel=1e-15)   # 1/φ(0)


def test_special_functions_refuse_complex_arguments_where_their_rules_are_real_only():
    with pytest.raises(TypeError, match="erf: complex arguments are not supported"):
        dsp.erf(np.array([1.0 + 1.0j]))
    with pytest.raises(TypeError, match="gammaln: complex"):
        dsp.gammaln(1.0j)
