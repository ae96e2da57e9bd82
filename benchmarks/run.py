"""Run the workloads W1-W6 with dualtape and, where installed, autograd, PyTorch and JAX, side by side.

    python benchmarks/run.py [--quick] [--rounds N] [--json PATH] [--markdown]
                             [--workloads W1 W5] [--systems dualtape torch]

Rules of measurement: one process per system (each worker imports only its own
library), float64, one thread (OMP_NUM_THREADS=1 and friends in the child's
environment; each worker sets its library's own thread count), a warm-up call
first, then the median of repeats totalling at least 0.3 s (at least three).
Every system's result must agree with dualtape's to a relative tolerance of
1e-9 of the largest entry; the largest difference is printed.  The peers are an
optional extra: ``pip install -e ".[bench]"``; without them the suite runs for
dualtape and the NumPy floors alone.  On a machine shared with other work,
``--rounds N`` runs every system's worker N times in turn and keeps each
variant's fastest median, so that a burst of load during one system's turn does
not skew its ratios to the others.  Figures are reported, never asserted.
The exit status is 1 if any result disagrees or any variant failed.
"""
import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python benchmarks/run.py): put the checkout on the path so the
    # package imports below, and the workers started with -m, resolve as under python -m.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402  (after the path set-up above)

from benchmarks import harness, readme_table, report, workloads  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# (system, the module whose presence says it is installed); dualtape first: it is the reference.
SYSTEMS = (("dualtape", "dualtape"), ("numpy", "numpy"), ("autograd", "autograd"),
           ("torch", "torch"), ("jax", "jax"))

RTOL = 1e-9

# One thread everywhere: BLAS pools, XLA's CPU pool, and 64-bit JAX.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1",
              "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
              "JAX_ENABLE_X64": "1", "JAX_PLATFORMS": "cpu"}

FULL = {"min_total": 0.3, "min_repeats": 3, "iterations": workloads.LOOP_ITERATIONS}
# --quick: a sixth of the time per variant, one repeat where one call passes it, and
# the scalar loops W1 and W6 a tenth as long (600 and 10 000 ops): JAX's op-by-op
# loops and the compilation of its jit references would otherwise take minutes.
QUICK = {"min_total": 0.05, "min_repeats": 1,
         "iterations": {name: n // 10 for name, n in workloads.LOOP_ITERATIONS.items()}}


def child_environment():
    """The environment of a worker: ours, one thread, and this checkout first on the path.

    Example:
        >>> env = child_environment()
        >>> env["OMP_NUM_THREADS"], env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)
        ('1', True)
    """
    env = dict(os.environ, **ONE_THREAD)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return env


def run_worker(system, config, out_dir, memory=None):
    """Start one worker process and read its answer: ``(answer, None)`` or ``(None, error text)``."""
    command = [sys.executable, "-m", f"benchmarks.systems.{system}_worker",
               "--config", json.dumps(config), "--out", out_dir]
    if memory is not None:
        command += ["--memory", memory]
    done = subprocess.run(command, cwd=ROOT, env=child_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return None, lines[-1] if lines else f"exit status {done.returncode}"
    with open(harness.answer_path(out_dir, system, memory)) as answer:
        return json.load(answer), None


def compare(rows, arrays):
    """Give every checked row its largest difference from dualtape's result on the same task.

    The reference of a task is the first dualtape row of that task.  A row agrees
    when max |result − reference| ≤ RTOL · max |reference|.

    Example:
        >>> rows = [{"system": "dualtape", "kind": "dualtape", "workload": "W", "task": "t",
        ...          "check": True, "result": "a"},
        ...         {"system": "p", "kind": "eager", "workload": "W", "task": "t",
        ...          "check": True, "result": "b"}]
        >>> compare(rows, {"a": np.array([1.0, 2.0]), "b": np.array([1.0, 2.5])})
        >>> rows[1]["max_abs_diff"], rows[1]["max_rel_diff"], rows[1]["agrees"]
        (0.5, 0.25, False)
    """
    references = {}
    for row in rows:
        key = (row["workload"], row["task"])
        if row["system"] == "dualtape" and row["kind"] == "dualtape" and "result" in row:
            references.setdefault(key, arrays[row["result"]])
    for row in rows:
        reference = references.get((row["workload"], row["task"]))
        if not row["check"] or "result" not in row or reference is None:
            continue
        mine = arrays[row["result"]]
        if mine.shape != reference.shape:
            row.update(agrees=False, error=f"result has {mine.size} numbers, dualtape's {reference.size}")
            continue
        scale = float(np.max(np.abs(reference))) if reference.size else 0.0
        diff = float(np.max(np.abs(mine - reference))) if mine.size else 0.0
        row.update(max_abs_diff=diff, max_rel_diff=diff / scale if scale else diff,
                   agrees=bool(diff <= RTOL * scale))


def measure_system(system, config, out_dir, log, probes=True):
    """Every row of one system, W6 memory probes included (each in a fresh process) unless
    not `probes`, and its status."""
    started = time.perf_counter()
    answer, error = run_worker(system, config, out_dir)
    if error is not None:
        log(f"  {system}: failed: {error}")
        return [], {"status": "failed", "error": error}, {}
    rows = [dict(row, system=system) for row in answer["rows"]]
    with np.load(os.path.join(out_dir, f"{system}.npz")) as saved:
        arrays = {f"{system}:{key}": saved[key] for key in saved.files}
    for row in rows:
        if "result" in row:
            row["result"] = f"{system}:{row['result']}"
        if probes and row["workload"] == "W6" and "seconds" in row:
            probe, error = run_worker(system, config, out_dir, memory=row["method"])
            row.update(probe or {"memory_error": error})
    log(f"  {system}: {len(rows)} variants in {time.perf_counter() - started:.1f} s")
    return rows, {"status": "ran", "versions": answer["versions"]}, arrays


def keep_fastest(rows, later):
    """Give each row the time of the same variant's row in a `later` round when that is faster.

    Example:
        >>> rows = [{"system": "s", "workload": "W", "task": "t", "method": "m", "seconds": 2.0}]
        >>> keep_fastest(rows, [dict(rows[0], seconds=1.5, repeats=4)])
        >>> rows[0]["seconds"], rows[0]["repeats"]
        (1.5, 4)
    """
    def key(row):
        return row["system"], row["workload"], row["task"], row["method"]
    faster = {key(r): r for r in later if "seconds" in r}
    for row in rows:
        other = faster.get(key(row))
        if other is not None and other["seconds"] < row.get("seconds", float("inf")):
            row.update(seconds=other["seconds"], repeats=other["repeats"])


def machine():
    """What the figures were measured on."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo
                          if line.startswith("model name")), model)
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_start": list(os.getloadavg())}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="about a minute: 0.05 s per variant, one repeat, W1 and W6 a tenth as long")
    parser.add_argument("--rounds", type=int, default=1, metavar="N",
                        help="run every system N times in turn, keeping each variant's fastest median")
    parser.add_argument("--json", metavar="PATH", help="also write every figure to PATH as JSON")
    parser.add_argument("--markdown", action="store_true",
                        help="end with the README's table of figures against the targets, in Markdown")
    parser.add_argument("--workloads", nargs="+", default=list(workloads.WORKLOAD_NAMES),
                        choices=workloads.WORKLOAD_NAMES)
    parser.add_argument("--systems", nargs="+", default=[s for s, _ in SYSTEMS],
                        choices=[s for s, _ in SYSTEMS])
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    config = dict(QUICK if args.quick else FULL, workloads=args.workloads, quick=args.quick,
                  rounds=max(1, args.rounds))
    meta = {"machine": machine(), "settings": dict(config, rtol=RTOL, threads=ONE_THREAD)}
    print(report.header(meta), flush=True)
    rows, systems, arrays = [], {}, {}

    def log(text):
        print(text, file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as out_dir:
        for turn in range(config["rounds"]):
            for system, module in SYSTEMS:
                if system not in args.systems or systems.get(system, {}).get("status") == "failed":
                    continue
                if importlib.util.find_spec(module) is None:
                    systems[system] = {"status": "not installed"}
                    log(f"  {system}: not installed (pip install -e '.[bench]')")
                    continue
                if turn:        # a later round: times only (the results and memory are the first's)
                    keep_fastest(rows, measure_system(system, config, out_dir, log, probes=False)[0])
                    continue
                more_rows, systems[system], more_arrays = measure_system(system, config, out_dir, log)
                rows += more_rows
                arrays.update(more_arrays)
    compare(rows, arrays)
    meta["machine"]["load_average_at_end"] = list(os.getloadavg())
    summary = report.summarize(rows, args.workloads)
    print(report.tables(rows, systems, config))
    print(report.summary_table(summary, meta), flush=True)
    if args.markdown:
        print("\n" + readme_table.markdown(summary, meta, systems), flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"meta": meta, "systems": systems, "rows": rows, "summary": summary}, out, indent=1)
    return 1 if any(row.get("error") or row.get("agrees") is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
