"""How dualtape's costs grow with the size of the problem.

* W1's reverse cost per operation (record + backward of the scalar loop) from
  10³ to 10⁶ operations: flat means the tape costs the same per operation however
  long it grows (no quadratic bookkeeping, no recursion);
* W6's tape bytes per operation over the same range (peak resident memory over
  the baseline, each size in a fresh process, as W6 measures it; at 10³
  operations the tape fits in memory the process already holds, so less shows);
* W3's time per Hessian against n in each Hessian mode, with the exponent of a
  least-squares fit of log(time) on log(n): about 2 for the modes carrying n
  numbers per intermediate element of an n-element function (once the fixed cost
  per call no longer counts), about 3 for the hyperdual pass, which carries n²
  per element.

Figures, not assertions.  ``--quick`` stops at 10⁵ operations and n = 400;
``--markdown`` prints the tables as Markdown.

    python benchmarks/bench_scaling.py [--quick] [--markdown]
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    # One thread, as benchmarks/run.py measures (BLAS reads this when NumPy loads).
    for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402  (after the set-up above)

import dualtape as dt  # noqa: E402
import dualtape.numpy as dnp  # noqa: E402
from benchmarks import workloads as w  # noqa: E402
from benchmarks.harness import median_time, peak_growth  # noqa: E402
from benchmarks.report import format_table  # noqa: E402
from benchmarks.run import child_environment  # noqa: E402
from benchmarks.systems.dualtape_worker import OPS  # noqa: E402

OPS_SIZES = (1_000, 10_000, 100_000, 1_000_000)
HESSIAN_SIZES = (50, 100, 200, 400, 800)
HESSIAN_MODES = ("reverse-over-reverse", "forward-over-reverse", "hyperdual")
HYPERDUAL_UP_TO = 200          # the n² pass: past this, seconds per Hessian


def iterations_for(ops):
    """The scalar loop's turns for about `ops` operations.

    Example:
        >>> iterations_for(6000)
        1000
    """
    return max(1, round(ops / w.LOOP_OPS_PER_ITERATION))


def loop_gradient(iterations):
    """The call: W1's reverse gradient of the scalar loop of that length (record + backward).

    Example:
        >>> loop_gradient(2)() == w.scalar_loop_derivative(w.LOOP_START, 2)
        True
    """
    grad = dt.gradient(lambda x: w.scalar_loop(dnp.sin, x, iterations))
    return lambda: grad(w.LOOP_START)


def reverse_cost_per_op(ops, min_total):
    """Seconds per operation of W1's reverse gradient with about `ops` operations."""
    n = iterations_for(ops)
    seconds, _, _ = median_time(loop_gradient(n), min_total=min_total, min_repeats=3)
    return seconds / w.loop_ops(n)


def bytes_per_op(ops):
    """Tape bytes per operation of the scalar chain with about `ops` operations,
    measured in a fresh process (W6's probe: peak RSS growth over the baseline)."""
    command = [sys.executable, "-m", "benchmarks.bench_scaling", "--probe-memory", str(ops)]
    done = subprocess.run(command, cwd=Path(__file__).resolve().parents[1], env=child_environment(),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["bytes_per_op"]


def _probe_memory(ops):
    n = iterations_for(ops)
    loop_gradient(min(n, 100))()                  # warm up: imports, caches
    grown, _ = peak_growth(loop_gradient(n))
    print(json.dumps({"bytes_per_op": grown / w.loop_ops(n)}))


def hessian_seconds(mode, n, min_total):
    """Seconds per Hessian of W3's extended Rosenbrock function in `mode` at size n."""
    x = w.rosenbrock_input(n)
    hess = dt.hessian(lambda v: w.rosenbrock(OPS, v), mode=mode)
    seconds, _, H = median_time(lambda: hess(x), min_total=min_total, min_repeats=3)
    assert np.allclose(H, w.rosenbrock_hessian(x), rtol=1e-12, atol=1e-9), (mode, n)
    return seconds


def fitted_exponent(sizes, seconds):
    """The slope of the least-squares line through (log size, log seconds).

    Example:
        >>> round(fitted_exponent([10, 20, 40], [1.0, 4.0, 16.0]), 6)
        2.0
    """
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def _table(headers, lines, markdown):
    if not markdown:
        return format_table(headers, lines, left=1)
    rows = [headers, ["---"] * len(headers)] + lines
    return "\n".join("| " + " | ".join(str(c) for c in row) + " |" for row in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="up to 10⁵ operations and n = 400")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--probe-memory", type=int, metavar="OPS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe_memory:
        return _probe_memory(args.probe_memory)
    ops_sizes = OPS_SIZES[:-1] if args.quick else OPS_SIZES
    hessian_sizes = HESSIAN_SIZES[:-1] if args.quick else HESSIAN_SIZES
    min_total = 0.1 if args.quick else 0.3

    lines = []
    for ops in ops_sizes:
        lines.append([f"{w.loop_ops(iterations_for(ops)):,}",
                      f"{reverse_cost_per_op(ops, min_total) * 1e6:.2f}",
                      f"{bytes_per_op(ops):.0f}"])
    print("W1 reverse gradient and W6 tape memory, per operation of the scalar loop\n"
          + _table(["operations", "µs per op (record + backward)", "tape bytes per op"], lines,
                   args.markdown))

    times = {mode: [] for mode in HESSIAN_MODES}
    for n in hessian_sizes:
        for mode in HESSIAN_MODES:
            if mode != "hyperdual" or n <= HYPERDUAL_UP_TO // (2 if args.quick else 1):
                times[mode].append(hessian_seconds(mode, n, min_total))
    lines = []
    for k, n in enumerate(hessian_sizes):
        lines.append([n] + [f"{times[m][k] * 1e3:.2f}" if k < len(times[m]) else "-"
                            for m in HESSIAN_MODES])
    lines.append(["p, all sizes"] + [
        f"{fitted_exponent(hessian_sizes[:len(times[m])], times[m]):.2f}" for m in HESSIAN_MODES])
    lines.append(["p, largest 3"] + [
        f"{fitted_exponent(hessian_sizes[:len(times[m])][-3:], times[m][-3:]):.2f}"
        for m in HESSIAN_MODES])
    print("\nW3 Hessian of the extended Rosenbrock function: ms per Hessian against n, and "
          "the exponent p of a least-squares fit time ∝ n^p (over every size, and over the "
          "largest three, where the fixed cost per call no longer counts)\n"
          + _table(["n"] + list(HESSIAN_MODES), lines, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
