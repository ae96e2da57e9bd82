"""The command line: every subcommand, its output, and its exit codes."""
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dualtape.cli import main as cli
from dualtape.cli import derivative_table as dtab
from dualtape.core.primitive import TABLE, Primitive
from dualtape.cli.expression import ExpressionError, parse_assignments, parse_expression

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def table_rows(out):
    """{quantity: [value per mode]} from the printed diff table."""
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("quantity"))
    modes = lines[head].split()[1:-2]          # drop "max |diff|"
    rows = {}
    for line in lines[head + 2:]:
        if line.startswith("largest disagreement"):
            break
        m = re.match(r"(.+?)\s{2,}(.*)$", line)
        cells = m.group(2).split()
        rows[m.group(1).strip()] = dict(zip(modes, [None if c == "-" else float(c)
                                                     for c in cells[:len(modes)]]))
    return rows


# --- diff: the numbers ----------------------------------------------------------------------

# f = exp(sin(x)) * y**2 at x = 3/2, y = 2; derivatives by sympy, 17 digits:
EXPECTED = {
    "value": 10.845924070728635,        # y**2*exp(sin(x))
    "df/dx": 0.76721031826372473,       # y**2*exp(sin(x))*cos(x)
    "df/dy": 10.845924070728635,        # 2*y*exp(sin(x))
    "d2f/dx2": -10.764484574635488,     # y**2*(cos(x)**2 - sin(x))*exp(sin(x))
    "d2f/dx dy": 0.76721031826372473,   # 2*y*exp(sin(x))*cos(x)
    "d2f/dy2": 5.4229620353643175,      # 2*exp(sin(x))
    "d3f/dx3": -3.0592367267465253,     # -y**2*(sin(x) + 3)*exp(sin(x))*sin(x)*cos(x)
    "d3f/dy3": 0.0,
}


def test_diff_prints_value_gradient_hessian_and_third_derivatives_in_every_mode(capsys):
    code, out, err = run(capsys, "diff", "exp(sin(x)) * y**2", "--at", "x=1.5,y=2", "--order", "3")
    assert code == 0 and err == ""
    assert out.startswith("f(x, y) = exp(sin(x)) * y**2    at x = 1.5, y = 2")
    rows = table_rows(out)
    assert list(rows) == list(EXPECTED)
    assert dtab.available_modes() == ["forward", "reverse", "hyperdual", "jet"]
    for quantity, exact in EXPECTED.items():
        assert set(rows[quantity]) == set(dtab.available_modes())
        for mode, value in rows[quantity].items():
            if mode == "hyperdual" and quantity.startswith("d3"):
                assert value is None            # hyper-dual numbers stop at order 2
                continue
            assert value == pytest.approx(exact, rel=1e-13, abs=1e-13), (quantity, mode)
    assert "(all modes agree)" in out


def test_diff_higher_pure_partials_match_the_closed_form(capsys):
    # d^k/dx^k sin(x) e^x = 2^(k/2) e^x sin(x + k pi/4)
    code, out, _ = run(capsys, "diff", "sin(x) * exp(x)", "--at", "x=0.5", "--order", "4")
    rows = table_rows(out)
    assert code == 0
    for k in range(1, 5):
        exact = 2 ** (k / 2) * math.exp(0.5) * math.sin(0.5 + k * math.pi / 4)
        name = "df/dx" if k == 1 else f"d{k}f/dx{k}"
        for mode, value in rows[name].items():
            if mode == "hyperdual" and k > 2:
                continue
            assert value == pytest.approx(exact, rel=1e-12), (k, mode)
    assert rows["d4f/dx4"]["jet"] is not None


def test_diff_single_mode_prints_only_that_mode(capsys):
    code, out, _ = run(capsys, "diff", "x*y + pi", "--at", "x=3,y=-2", "--mode", "reverse")
    rows = table_rows(out)
    assert code == 0
    assert rows == {"value": {"reverse": -6.0 + math.pi}, "df/dx": {"reverse": -2.0},
                    "df/dy": {"reverse": 3.0}}


def test_diff_exits_1_when_two_modes_disagree(capsys, monkeypatch):
    good = dtab.ROUTES["reverse"]
    monkeypatch.setitem(dtab.ROUTES, "reverse", lambda f, xs, index: 1.001 * good(f, xs, index))
    code, out, _ = run(capsys, "diff", "x**3", "--at", "x=2", "--mode", "all")
    assert code == 1
    assert "MODES DISAGREE" in out
    # 12 (forward) against 12.012 (the perturbed reverse route)
    assert table_rows(out)["df/dx"]["reverse"] == pytest.approx(12.012, rel=1e-12)


def test_diff_reports_a_mode_this_build_lacks_with_exit_2(capsys, monkeypatch):
    monkeypatch.setattr(dtab, "available_modes", lambda: ["forward", "reverse"])
    code, out, err = run(capsys, "diff", "x", "--at", "x=1", "--mode", "jet")
    assert code == 2 and out == ""
    assert "mode 'jet' is not available" in err


# --- diff: what is rejected -------------------------------------------------------------------

REJECTED = [
    ("__import__('os')", "unknown function '__import__'"),
    ("__import__('os').system('true')", "only plain function names may be called"),
    ("os.system('true')", "only plain function names may be called"),
    ("x.real", "attribute access (.real)"),
    ("x.__class__", "attribute access (.__class__)"),
    ("x[0]", "subscripting"),
    ("(lambda: 1)()", "only plain function names may be called, not a lambda"),
    ("lambda: x", "a lambda is not allowed"),
    ("[x for x in (1, 2)]", "a list comprehension is not allowed"),
    ("sum(x for x in (1,))", "a generator expression is not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("eval('1')", "unknown function 'eval'"),
    ("y + 1", "unknown name 'y'"),
    ("x + __builtins__", "unknown name '__builtins__'"),
    ("sin(x, out=x)", "keyword arguments are not allowed"),
    ("sin(*x)", "*arguments are not allowed"),
    ("'abc'", "the literal 'abc' is not a real number"),
    ("1j * x", "the literal 1j is not a real number"),
    ("True * x", "the literal True is not a real number"),
    ("x % 2", "the operator '%' is not allowed"),
    ("x // 2", "the operator '//' is not allowed"),
    ("~x", "the operator '~' is not allowed"),
    ("x if x else 1", "a conditional expression is not allowed"),
    ("x < 1", "a comparison is not allowed"),
    ("(x := 2)", "an assignment (:=) is not allowed"),
    ("sin", "'sin' is a function: call it"),
    ("x(1)", "'x' is a variable, not a function"),
    ("x +", "not a valid expression"),
    ("import os", "not a valid expression"),
    ("x" + "+x" * 1200, "characters long; the limit is 2000"),
]


@pytest.mark.parametrize("expression,message", REJECTED)
def test_diff_rejects_anything_outside_the_whitelist_with_exit_2(capsys, expression, message):
    code, out, err = run(capsys, "diff", expression, "--at", "x=1")
    assert code == 2
    assert out == ""
    assert err.startswith("dualtape diff: ") and message in err


def test_rejected_expressions_never_run(tmp_path, capsys):
    marker = tmp_path / "ran"
    attempt = f"__import__('os').system('touch {marker}')"
    assert cli.main(["diff", attempt, "--at", "x=1"]) == 2
    assert cli.main(["diff", f"open('{marker}', 'w')", "--at", "x=1"]) == 2
    capsys.readouterr()
    assert not marker.exists()


@pytest.mark.parametrize("at,message", [
    ("x", "name=value pairs"),
    ("x=abc", "the value of x must be a number"),
    ("x=1,x=2", "x is given twice"),
    ("x=nan", "must be finite"),
    ("1x=2", "not a valid variable name"),
    ("sin=1", "'sin' is the name of a function or constant"),
    ("pi=3", "'pi' is the name of a function or constant"),
    ("__x=1", "cannot be a variable name"),
    (",", "give at least one variable"),
])
def test_diff_rejects_a_malformed_point_with_exit_2(capsys, at, message):
    code, out, err = run(capsys, "diff", "1.0", "--at", at)
    assert code == 2 and out == ""
    assert message in err


@pytest.mark.parametrize("argv", [
    ["diff", "x", "--at", "x=1", "--order", "0"],
    ["diff", "x", "--at", "x=1", "--order", "11"],
    ["diff", "x", "--at", "x=1", "--order", "two"],
    ["diff", "x", "--at", "x=1", "--mode", "symbolic"],
    ["diff", "x"],
    ["no-such-command"],
])
def test_bad_usage_exits_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and "usage:" in err


def test_infinite_and_undefined_results_are_shown_and_agree_across_modes(capsys):
    code, out, err = run(capsys, "diff", "sqrt(x) + log(y)", "--at", "x=0,y=-1")
    assert err == ""                                 # no NumPy warnings on the console
    rows = table_rows(out)
    assert all(math.isnan(v) for v in rows["value"].values())      # log(-1)
    assert all(v == math.inf for v in rows["df/dx"].values())      # sqrt'(0) = inf
    assert all(v == -1.0 for v in rows["df/dy"].values())          # 1/y
    assert code == 0 and "(all modes agree)" in out


def test_spread_flags_a_mode_that_alone_gives_nan():
    assert dtab.DerivativeTable.spread({"forward": 1.0, "reverse": math.nan}) != 0.0
    table = dtab.DerivativeTable(["forward", "reverse"],
                                 [("value", {"forward": 1.0, "reverse": math.nan})])
    assert not table.agree()
    assert math.isnan(table.largest_disagreement())


def test_a_formula_that_fails_to_evaluate_is_reported_with_exit_2(capsys):
    code, out, err = run(capsys, "diff", "sin(x, x, x)", "--at", "x=1")
    assert code == 2 and out == ""
    assert "evaluating 'sin(x, x, x)' at x=1 failed" in err


def test_expression_evaluates_like_the_same_numpy_formula():
    f = parse_expression("exp(sin(x)) * y**2 - arctan2(y, x) / (1 + x**2) + e", ["x", "y"])
    x, y = 0.7, -1.3
    assert f(x, y) == pytest.approx(np.exp(np.sin(x)) * y ** 2 - np.arctan2(y, x) / (1 + x ** 2)
                                    + np.e, rel=1e-15)
    assert f.variables == ("x", "y")


def test_integer_literals_become_floats_so_huge_powers_cannot_hang():
    f = parse_expression("9**9**9 + x", ["x"])
    with np.errstate(over="ignore"):
        assert f(1.0) == math.inf


def test_parse_assignments_keeps_the_order_given():
    assert list(parse_assignments("b=1, a=2.5e-1")) == ["b", "a"]
    with pytest.raises(ExpressionError):
        parse_assignments("a=1;b=2")


# --- check, primitives, tour ---------------------------------------------------------------

def test_check_named_primitives_prints_the_audit_table_and_exits_0(capsys):
    code, out, err = run(capsys, "check", "sin", "matmul")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["primitive", "dot-product", "finite-difference",
                                    "batched-tangent"]
    assert [line.split()[0] for line in lines[2:4]] == ["sin", "matmul"]
    assert lines[-1] == "2 of 2 primitives pass every check"


def test_check_exits_1_when_a_rule_is_wrong(capsys, monkeypatch):
    # d/dx (2x) is 2; this adjoint says 3, so the dot-product identity breaks.
    wrong = Primitive("double_wrong_adjoint", lambda x: 2.0 * x,
                      (lambda t, out, x: 2.0 * t,), (lambda ct, out, x: 3.0 * ct,))
    monkeypatch.setitem(TABLE, "double_wrong_adjoint", wrong)
    code, out, _ = run(capsys, "check", "sin", "double_wrong_adjoint")
    assert code == 1
    assert "double_wrong_adjoint" in out and "FAIL: dot-product identity off" in out
    assert out.splitlines()[-1] == "1 of 2 primitives pass every check"


def test_check_unknown_primitive_exits_2(capsys):
    code, out, err = run(capsys, "check", "no_such_primitive")
    assert code == 2 and "no primitive named 'no_such_primitive'" in err


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_check_shows_progress_only_on_a_terminal(capsys, monkeypatch):
    run(capsys, "check", "sin", "cos")
    assert capsys.readouterr().err == ""          # pytest's capture is not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["check", "sin", "cos"]) == 0
    assert "\rauditing 1/2: sin" in terminal.getvalue()
    assert "\rauditing 2/2: cos" in terminal.getvalue()


def test_tour_shows_audit_progress_only_on_a_terminal(capsys, monkeypatch):
    import dualtape
    full_audit = dualtape.check_primitives
    # A two-entry audit keeps the test fast; the progress callback is what is checked.
    monkeypatch.setattr(dualtape, "check_primitives",
                        lambda progress=None: full_audit(["sin", "cos"], progress=progress))
    code, out, err = run(capsys, "tour")
    assert code == 0 and err == ""
    assert "2 of 2 primitives pass every check" in out
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([]) == 0
    assert "\rauditing 2/2: cos" in terminal.getvalue()


def test_primitives_lists_every_table_entry_with_its_modes(capsys):
    code, out, _ = run(capsys, "primitives")
    assert code == 0
    out, names = out.split("\n\n", 1)           # the entries, then NumPy's names
    assert names.startswith("NumPy's public names in dualtape.numpy")
    listed = {line.split()[0] for line in out.splitlines()[2:-1]}
    assert listed == set(TABLE)
    assert out.splitlines()[-1] == f"{len(TABLE)} primitives; {len(TABLE)} of {len(TABLE)} pass every audit check"
    sin_line = next(line for line in out.splitlines() if line.split()[0] == "sin")
    assert "forward" in sin_line and "reverse" in sin_line


def _module(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "dualtape", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_python_dash_m_runs_the_tour_by_default():
    done = _module()
    assert done.returncode == 0, done.stderr
    assert "f(x) = 16.0, f'(x) = 8.0" in done.stdout              # x**2 + 2x + 1 at 3
    assert "df/dx = 6.0, df/dy = 8.0" in done.stdout              # x**2 + y**2 at (3, 4)
    assert "f(x) = 8.0, f'(x) = 12.0, f''(x) = 12.0" in done.stdout  # x**3 at 2
    assert re.search(r"(\d+) of \1 primitives pass every check", done.stdout)
    assert done.stderr == ""          # not a terminal: no progress indication


def test_python_dash_m_diff_rejects_an_import_with_exit_2():
    done = _module("diff", "__import__('os').getcwd()", "--at", "x=1")
    assert done.returncode == 2 and done.stdout == ""
    assert "dualtape diff: only plain function names may be called" in done.stderr


def test_the_installed_script_points_at_the_command_line_main():
    text = (ROOT / "pyproject.toml").read_text()
    target = re.search(r'^dualtape = "([\w.]+):(\w+)"$', text, re.M)
    module, name = target.groups()
    import importlib
    assert getattr(importlib.import_module(module), name) is cli.main
