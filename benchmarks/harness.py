"""How a worker measures and answers: the timing loop, peak memory, and its command line.

A worker (``benchmarks/systems/<system>_worker.py``) imports its own library and
this module only.  It describes each way it computes a workload as a `Variant`
and hands them to `worker_main`, which times every one, saves each result for
the parent to compare, and writes one JSON answer beside them (a file, not
standard output, which a library may write to).  The parent, ``benchmarks/run.py``,
starts each worker in a process of its own.

Example:
    >>> seconds, repeats, result = median_time(lambda: 2 + 2, min_total=0.001, min_repeats=3)
    >>> result, repeats >= 3, seconds >= 0.0
    (4, True, True)
"""
import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
import traceback
from collections import namedtuple

import numpy as np

from . import workloads

# One way a system computes one task of one workload.
#   kind:  "dualtape", "eager" (a peer run op by op), "compiled" (a peer's
#          compiled reference, reported apart) or "floor" (plain NumPy, no AD);
#   fn:    the call that is timed; it returns the derivative (or, unchecked, the value);
#   check: whether its result must agree with dualtape's;
#   sized: for the scalar loops (W1, W6) instead of fn, iterations -> the call: the
#          parent sets the lengths, and the warm-up runs the shortest loop (a
#          100 000-op warm-up would cost a minute on the slowest peer and teach it
#          nothing more).
Variant = namedtuple("Variant", "workload task method kind fn check sized", defaults=(True, None))

KINDS = ("dualtape", "floor", "eager", "compiled")


def median_time(fn, min_total, min_repeats, warm_up=None):
    """Time `fn`: one warm-up call, then the median of repeats totalling at least `min_total` s.

    Returns ``(seconds, repeats, result of the first timed call)``.  The warm-up
    (`fn` itself unless `warm_up` is given) absorbs imports, caches and compilation.

    Example:
        >>> median_time(lambda: "x", min_total=0.0, min_repeats=1)[1:]
        (1, 'x')
    """
    (warm_up or fn)()
    times, results, total = [], [], 0.0
    while len(times) < min_repeats or total < min_total:
        start = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - start)
        total += times[-1]
        if not results:
            results.append(answer)
    return statistics.median(times), len(times), results[0]


def flat_array(result, to_array):
    """A result (an array, a scalar, or nested tuples of them) as one flat float64 array.

    `to_array` turns one leaf of the system's own type into something NumPy reads.

    Example:
        >>> flat_array((1.0, [np.ones(2), 3.0]), np.asarray).tolist()
        [1.0, 1.0, 1.0, 3.0]
    """
    if isinstance(result, (tuple, list)):
        parts = [flat_array(r, to_array) for r in result]
        return np.concatenate(parts) if parts else np.zeros(0)
    return np.ravel(np.asarray(to_array(result), dtype=np.float64))


def _status_bytes(field):
    """A size field of /proc/self/status (VmRSS, VmHWM) in bytes, or None where it is absent."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak():
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS; False where Linux refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def peak_growth(fn):
    """Bytes by which the process's peak resident set grows while `fn()` runs, and how measured.

    On Linux the peak mark is reset first, so the baseline is the current RSS;
    elsewhere the baseline is the peak so far (``getrusage``), which the caller
    keeps low by measuring in a fresh process.

    Example:
        >>> grown, how = peak_growth(lambda: bytearray(50_000_000)[::4096].count(0))
        >>> grown > 40_000_000, how in ("VmHWM", "ru_maxrss")
        (True, True)
    """
    gc.collect()
    if _reset_peak() and _status_bytes("VmRSS") is not None:
        baseline = _status_bytes("VmRSS")
        fn()
        return _status_bytes("VmHWM") - baseline, "VmHWM"
    scale = 1 if sys.platform == "darwin" else 1024          # ru_maxrss is in KiB on Linux
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fn()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) * scale, "ru_maxrss"


def _variants(builders, names):
    """(variant, None) for every variant of the requested workloads; (stand-in, error) where
    a builder failed, so one failure costs one row, not the system."""
    for name in names:
        if name not in builders:
            continue
        try:
            built = list(builders[name]())
        except Exception as error:          # a peer's API may differ between versions
            built, failure = [], error
            yield Variant(name, "-", "(building the workload)", "eager", None), failure
        for variant in built:
            yield variant, None


def _calls(variant, config):
    """The timed call of a variant and its warm-up call."""
    if variant.sized is None:
        return variant.fn, variant.fn
    lengths = config["iterations"]
    fn, shortest = variant.sized(lengths[variant.workload]), min(lengths.values())
    # The same call object warms up where it can: a jit reference compiles once per function.
    return fn, fn if lengths[variant.workload] == shortest else variant.sized(shortest)


def _time_all(system, builders, config, to_array, out_dir):
    rows, arrays = [], {}
    for variant, error in _variants(builders, config["workloads"]):
        row = {"workload": variant.workload, "task": variant.task, "method": variant.method,
               "kind": variant.kind, "check": variant.check}
        if error is None:
            started = time.perf_counter()
            try:
                fn, warm_up = _calls(variant, config)
                seconds, repeats, result = median_time(fn, config["min_total"], config["min_repeats"],
                                                       warm_up)
                key = f"r{len(arrays)}"
                arrays[key] = flat_array(result, to_array)
                row.update(seconds=seconds, repeats=repeats, result=key,
                           wall_seconds=time.perf_counter() - started)   # warm-up (compilation) included
            except Exception as failure:
                error = failure
        if error is not None:
            row["error"] = "".join(traceback.format_exception_only(type(error), error)).strip()
        rows.append(row)
    np.savez(os.path.join(out_dir, f"{system}.npz"), **arrays)
    return rows


def _measure_memory(builders, method, config):
    """Tape bytes per op of one W6 variant: warm up on a W1-sized chain, then one full chain."""
    variant = next(v for v in builders["W6"]() if v.method == method)
    fn, warm_up = _calls(variant, config)
    warm_up()
    grown, how = peak_growth(fn)
    return {"bytes_per_op": grown / workloads.loop_ops(config["iterations"]["W6"]), "memory_probe": how}


def answer_path(out_dir, system, memory=None):
    """Where a worker writes its JSON answer (one file per run, memory probes apart).

    Example:
        >>> answer_path("out", "torch", memory="autograd.grad")
        'out/torch-memory-autograd.grad.json'
    """
    name = system if memory is None else f"{system}-memory-{memory}"
    return os.path.join(out_dir, name.replace(os.sep, "_") + ".json")


def worker_main(system, builders, to_array, versions, argv=None):
    """A worker's command line: time the requested workloads (or probe W6 memory), answer in JSON.

    `builders` maps a workload name to a function returning that system's
    variants; `to_array` converts one result leaf to NumPy; `versions` names the
    libraries measured.  ``--config`` carries the parent's settings as JSON,
    ``--out`` the folder for results and answers, ``--memory METHOD`` asks for one
    W6 memory probe.

    Example (a system with one variant, timed, its answer read back):
        >>> import tempfile
        >>> one = {"W1": lambda: [Variant("W1", "reverse", "by hand", "floor", lambda: 1.0)]}
        >>> config = '{"workloads": ["W1"], "min_total": 0, "min_repeats": 1, "iterations": {}}'
        >>> with tempfile.TemporaryDirectory() as out:
        ...     worker_main("demo", one, float, {"demo": "0"}, ["--out", out, "--config", config])
        ...     with open(answer_path(out, "demo")) as answer:
        ...         json.load(answer)["rows"][0]["method"]
        'by hand'
    """
    parser = argparse.ArgumentParser(description=f"benchmark worker for {system}")
    parser.add_argument("--config", required=True, help="the parent's settings, as JSON")
    parser.add_argument("--out", required=True, help="folder for the result arrays")
    parser.add_argument("--memory", metavar="METHOD", help="probe the tape memory of one W6 method")
    args = parser.parse_args(argv)
    config = json.loads(args.config)
    if args.memory:
        answer = _measure_memory(builders, args.memory, config)
    else:
        answer = {"system": system, "versions": versions,
                  "rows": _time_all(system, builders, config, to_array, args.out)}
    with open(answer_path(args.out, system, args.memory), "w") as out:
        json.dump(answer, out)
