"""`dualtape diff` finishes or refuses within seconds and bounded memory, whatever the input:
each limit (length, nesting, array size, work, time) refuses with exit 2 and says which."""
import contextlib
import io
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from dualtape.cli import limits
from dualtape.cli import main as cli
from dualtape.cli.errors import LimitExceeded
from dualtape.cli.time_limit import TimeLimitExceeded, time_limit

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    start = time.monotonic()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err, time.monotonic() - start


def run_quietly(*argv):
    """main(argv) with stdout and stderr captured by hand (for a thread of its own)."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue(), time.monotonic() - start


def sin_exp_terms(m):
    """sin(1.5x)·exp(x/2) + sin(2.5x)·exp(x/3) + ...: six operations per term."""
    return " + ".join(f"sin({i + 1}.5*x)*exp(x/{i + 2})" for i in range(m))


# --- array sizes ------------------------------------------------------------------------------

def run_in_a_fresh_process(*argv):
    """(exit code, stderr, peak resident memory in MB) of ``dualtape.cli.main(argv)``."""
    program = ("import resource, sys\n"
               "from dualtape.cli.main import main\n"
               f"code = main({list(argv)!r})\n"
               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
               "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, done.stderr, int(done.stdout.split()[-1])


@pytest.mark.parametrize("expression", ["sum(tile(atleast_1d(x), 1000000000000))",
                                        "sum(diag(tile(atleast_1d(x), 100000)))"])
def test_huge_counts_are_refused_within_seconds_and_little_memory(expression):
    # before: tile ran for minutes (8e12 bytes asked for); diag of 1e5 elements asks for 1e10
    start = time.monotonic()
    code, err, peak_mb = run_in_a_fresh_process("diff", expression, "--at", "x=1")
    assert time.monotonic() - start < 20            # start-up included; refused before any work
    assert code == 2 and "the array size limit" in err
    assert peak_mb < 300                            # an import of dualtape and NumPy is ~40 MB


@pytest.mark.parametrize("expression, call", [
    ("sum(repeat(atleast_1d(x), 1000000000000))", "repeat"),
    ("sum(linspace(0, x, 1000000000000))", "linspace"),
    ("sum(broadcast_to(x, 1000000000000))", "broadcast_to"),
    ("sum(pad(atleast_1d(x), 1000000000000))", "pad"),
    ("sum(diag(atleast_1d(x), 1e7))", "diag"),                      # (1 + 1e7)² elements
    ("sum(outer(tile(atleast_1d(x), 10000), tile(atleast_1d(x), 10000)))", "outer"),
    ("sum(kron(tile(atleast_1d(x), 10000), tile(atleast_1d(x), 10000)))", "kron"),
    # broadcasting a (10⁴, 1) column against a row of 10⁴ makes 10⁸ elements
    ("sum(transpose(atleast_2d(tile(atleast_1d(x), 10000))) * tile(atleast_1d(x), 10000))",
     "multiply"),
])
def test_every_way_to_make_a_huge_array_is_refused_before_it_is_made(capsys, expression, call):
    code, out, err, seconds = run(capsys, "diff", expression, "--at", "x=1")
    assert code == 2 and out == ""
    assert err.startswith(f"dualtape diff: the array size limit: {call}(...) would create")
    assert seconds < 5


def table_rows(out):
    """{quantity: [the value of each mode]} from a printed table."""
    return {line.split()[0]: line.split()[1:-1] for line in out.splitlines()
            if line.startswith(("value", "df/", "d2f/"))}


def test_arrays_within_the_limit_are_differentiated(capsys):
    # f = sum of 1000 copies of x: f = 1000 x = 1500 at x = 1.5, df/dx = 1000, d2f/dx2 = 0
    code, out, err, _ = run(capsys, "diff", "sum(tile(atleast_1d(x), 1000))", "--at", "x=1.5",
                            "--order", "2")
    assert code == 0 and err == ""
    assert table_rows(out) == {"value": ["1500"] * 4, "df/dx": ["1000"] * 4,
                               "d2f/dx2": ["0"] * 4}


def test_the_array_limit_shrinks_with_the_order_as_nested_boxes_multiply_copies():
    # forward and reverse nest K boxes, each holding a primal and a tangent: 2**K copies
    assert limits.element_limit(1, ["forward"]) == limits.ELEMENT_BUDGET // 2
    assert limits.element_limit(10, ["forward", "jet"]) == limits.ELEMENT_BUDGET // 1024
    assert limits.element_limit(10, ["jet"]) == limits.ELEMENT_BUDGET // 11


@pytest.mark.parametrize("name, args, expected", [
    ("tile", [np.ones(3), 4.0], 12),                    # np.tile(np.ones(3), 4).size
    ("tile", [np.ones(3), np.array([2.0, 5.0])], 30),    # shape (2, 15)
    ("repeat", [np.ones(3), 7.0], 21),
    ("linspace", [0.0, 1.0, 9.0], 9),
    ("linspace", [0.0, 1.0], 50),                        # NumPy's default num
    ("pad", [np.ones((2, 3)), 1.0], 20),                 # shape (4, 5)
    ("broadcast_to", [1.0, np.array([3.0, 4.0])], 12),
    ("diag", [np.ones(4)], 16),
    ("diag", [np.ones(4), -2.0], 36),                    # np.diag(np.ones(4), -2).shape == (6, 6)
    ("diag", [np.ones((3, 3))], 9),
    ("outer", [np.ones(3), np.ones(5)], 15),
    ("matmul", [np.ones((3, 4)), np.ones(4)], 12),       # a vector product is no larger
    ("matmul", [np.ones((3, 4)), np.ones((4, 5))], 240),  # bound 12 * 20 on size and work
    ("add", [np.ones((3, 1)), np.ones(4)], 12),          # the broadcast (3, 4)
    ("add", [np.ones(3), 2.0], 0),                       # no larger than x: counted once made
    ("sum", [np.ones(9)], 0),                            # a reduction is smaller
    ("eye", [3.0, 5.0], 15),
    ("arange", [0.0, 10.0, 0.5], 20),
    ("tile", [np.ones(3), math.inf], 0),                 # not a count: tile itself refuses it
])
def test_size_estimates_match_what_numpy_creates(name, args, expected):
    assert limits.estimate_elements(name, args) == expected


# --- the expression: length and nesting --------------------------------------------------------

def test_an_expression_nested_past_the_limit_exits_2_instead_of_a_recursion_error(capsys):
    # before: a RecursionError traceback from the whitelist check
    code, out, err, _ = run(capsys, "diff", "+" * 1990 + "x", "--at", "x=1")
    assert code == 2 and out == ""
    assert err.startswith("dualtape diff: the nesting limit: the expression nests more than "
                          f"{limits.MAX_DEPTH} levels deep")


@pytest.mark.parametrize("expression", [
    "(" + "-" * (limits.MAX_DEPTH - 1) + "x)",                   # unary minus 199 times: -x
    "sin(" * (limits.MAX_DEPTH - 1) + "x" + ")" * (limits.MAX_DEPTH - 1),
    " + ".join(["x"] * limits.MAX_DEPTH),                        # 200 x (left-nested sum)
])
def test_an_expression_just_within_the_nesting_limit_is_differentiated(capsys, expression):
    code, out, err, _ = run(capsys, "diff", expression, "--at", "x=0.5", "--order", "2")
    assert code == 0 and err == "" and "(all modes agree)" in out


def test_the_length_limit_is_named(capsys):
    code, _, err, _ = run(capsys, "diff", "x" + "+x" * 1200, "--at", "x=1")
    assert code == 2 and err.startswith("dualtape diff: the length limit: the expression is 2401")


# --- the work of the whole table ------------------------------------------------------------

def test_a_long_formula_at_order_10_is_refused_at_once_and_jets_alone_can_do_it(capsys):
    text = sin_exp_terms(58)
    assert len(text) == 1372          # about the 1,374 characters of a formula that took 60 s
    code, out, err, seconds = run(capsys, "diff", text, "--at", "x=0.3", "--order", "10")
    assert code == 2 and out == "" and seconds < 2
    assert err.startswith("dualtape diff: the work limit: ") and "--mode jet" in err
    # Taylor jets cost K² per operation, not 2.7**K: the same request in jet mode is cheap.
    # d^10/dx^10 sin(a x) e^(b x) = Im[(b + i a)^10 e^((b + i a) x)]  (closed form)
    code, out, err, seconds = run(capsys, "diff", text, "--at", "x=0.3", "--order", "10",
                                  "--mode", "jet")
    exact = sum(((1 / (i + 2) + 1j * (i + 1.5)) ** 10 * np.exp((1 / (i + 2) + 1j * (i + 1.5)) * 0.3)).imag
                for i in range(58))
    assert code == 0 and err == ""
    row = next(line for line in out.splitlines() if line.startswith("d10f/dx10"))
    assert float(row.split()[1]) == pytest.approx(exact, rel=1e-11)


def test_a_thousand_variables_at_order_2_are_refused_at_once(capsys):
    # 1,000 variables ask for 1,000 + 500,500 derivatives; before: over a minute
    point = ",".join(f"x{i}=1" for i in range(1000))
    code, out, err, seconds = run(capsys, "diff", "x0 * x1", "--at", point, "--order", "2")
    assert code == 2 and out == "" and seconds < 2
    assert err.startswith("dualtape diff: the work limit: 501,500 derivatives of a formula with "
                          "1 operations in 1000 variables")


def test_the_work_estimate_counts_the_rows_the_table_prints():
    from dualtape.cli.derivative_table import multi_indices
    for n, order in [(1, 1), (3, 2), (4, 5)]:
        rows = limits.rows_by_order(n, order)
        assert sum(rows.values()) == len(multi_indices(n, order))


# --- the time limit -------------------------------------------------------------------------

def test_the_time_limit_interrupts_a_long_computation_and_says_so(capsys):
    # order 10 of a 2-term formula: within the work limit, and about 2 s of work
    code, out, err, seconds = run(capsys, "diff", sin_exp_terms(2), "--at", "x=0.3",
                                  "--order", "10", "--timeout", "0.1")
    assert code == 2 and out == "" and seconds < 1.5
    assert err.startswith("dualtape diff: the time limit: ") and "did not finish in 0.1 s" in err
    # nothing is left behind: no alarm pending, the handler restored, the next diff runs
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    code, out, _, _ = run(capsys, "diff", "x**3", "--at", "x=2")
    assert code == 0 and "12 " in out                # d(x³)/dx = 3x² = 12


def test_the_time_limit_also_interrupts_off_the_main_thread(capsys):
    # no signals there: the profile-hook fallback must stop the same computation
    result = {}

    def diff_in_a_thread():
        result["code"], result["out"], result["err"], result["seconds"] = run_quietly(
            "diff", sin_exp_terms(2), "--at", "x=0.3", "--order", "10", "--timeout", "0.2")
    worker = threading.Thread(target=diff_in_a_thread)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert result["code"] == 2 and result["seconds"] < 2
    assert "did not finish in 0.2 s" in result["err"]


@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "soon"])
def test_a_bad_timeout_is_a_usage_error(capsys, value):
    code, _, err, _ = run(capsys, "diff", "x", "--at", "x=1", "--timeout", value)
    assert code == 2 and "--timeout must be a" in err


def test_the_default_timeout_is_ten_seconds():
    args = cli.build_parser().parse_args(["diff", "x", "--at", "x=1"])
    assert args.timeout == cli.DEFAULT_TIMEOUT == 10.0


def test_time_limit_is_not_swallowed_by_except_exception():
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            while True:
                try:
                    sum(range(100))
                except Exception:            # a computation that catches everything
                    pass
    assert time.monotonic() - start < 1


def test_limit_exceeded_is_an_expression_error():
    from dualtape.cli.errors import ExpressionError
    assert issubclass(LimitExceeded, ExpressionError)


# --- IEEE overflow --------------------------------------------------------------------------

def test_exp_of_1000_prints_inf_in_every_mode(capsys):
    # NumPy: np.exp(1000.0) == inf, and d/dx exp(x) = exp(x) = inf there too.
    # before: "OverflowError: math range error" from the hyper-dual scalar path
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(np.float64(1000.0)))
    code, out, err, _ = run(capsys, "diff", "exp(x)", "--at", "x=1000")
    assert code == 0 and err == ""
    assert table_rows(out) == {"value": ["inf"] * 4, "df/dx": ["inf"] * 4}
