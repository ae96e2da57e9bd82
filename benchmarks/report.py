"""The printed report of ``benchmarks/run.py``: one table per workload, then the summary.

Ratios are always dualtape's time over the other's (below 1: dualtape is
faster).  Rows are ordered dualtape, floors (plain NumPy, no AD), eager peers,
then compiled references, which never count as "best eager peer".

Example:
    >>> print(format_table(["a", "bb", "n"], [["x", "1", 5], ["yy", "22", 10]]))
    a    bb    n
    x    1     5
    yy   22   10
"""
from . import workloads

ORDER = {"dualtape": 0, "floor": 1, "eager": 2, "compiled": 3}
GRID_WORKLOADS = ("W4",)             # many tasks sharing one set of methods: a grid reads better


def format_time(seconds):
    """A duration with a unit that keeps three or four digits.

    Example:
        >>> format_time(0.00001234), format_time(0.5), format_time(12.0)
        ('12.3 µs', '500.00 ms', '12.00 s')
    """
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def format_ratio(ratio):
    """A ratio to three significant digits, or '-' where there is none.

    Example:
        >>> format_ratio(0.46213), format_ratio(30.3), format_ratio(None)
        ('0.462', '30.3', '-')
    """
    return "-" if ratio is None else f"{ratio:.3g}"


def format_table(headers, lines, left=2):
    """Columns aligned: the first `left` to the left (names), the others to the right (figures)."""
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *lines)]

    def one(cells):
        return "   ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                          for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join(one(cells) for cells in [headers] + lines)


def _agreement(row):
    if "error" in row:
        return "ERROR"
    if not row["check"]:
        return "(value only)"
    if "agrees" not in row:
        return "-"
    text = f"{row['max_rel_diff']:.1e}"
    return text if row["agrees"] else text + " DISAGREES"


def _label(row):
    return f"{row['system']} {row['method']}"


def _primary(task_rows):
    return next((r for r in task_rows if r["kind"] == "dualtape" and "seconds" in r), None)


def _ratio(primary, row):
    if primary is None or "seconds" not in row:
        return None
    return primary["seconds"] / row["seconds"]


def _best(task_rows, kind, key="seconds"):
    """The fastest agreeing row of `kind` (the smallest `key`), or None."""
    fair = [r for r in task_rows if r["kind"] == kind and key in r and r.get("agrees", True)]
    return min(fair, key=lambda r: r[key], default=None)


def _by_task(rows, workload):
    tasks = {}
    for row in sorted((r for r in rows if r["workload"] == workload), key=lambda r: ORDER[r["kind"]]):
        tasks.setdefault(row["task"], []).append(row)
    return tasks


def _long_table(tasks):
    has_bytes = any("bytes_per_op" in r for rows in tasks.values() for r in rows)
    headers = ["task", "system / method", "kind", "time", "repeats", "dualtape/this", "max |Δ| / max |ref|"]
    headers += ["bytes/op"] if has_bytes else []
    lines, notes = [], []
    for task, task_rows in tasks.items():
        primary = _primary(task_rows)
        for row in task_rows:
            cells = [task, _label(row), row["kind"], format_time(row.get("seconds")),
                     row.get("repeats", "-"), format_ratio(_ratio(primary, row)),
                     "reference" if row is primary else _agreement(row)]
            if has_bytes:
                cells.append(f"{row['bytes_per_op']:.0f}" if "bytes_per_op" in row else "-")
            lines.append(cells)
            if "error" in row:
                notes.append(f"  error in {task}, {_label(row)}: {row['error']}")
        best = _best(task_rows, "eager")
        if best is not None and primary is not None:
            notes.append(f"  {task}: best eager peer {_label(best)}, "
                         f"dualtape/best = {format_ratio(_ratio(primary, best))}")
    return format_table(headers, lines, left=3) + ("\n" + "\n".join(notes) if notes else "")


def _grid_table(tasks):
    names = list(tasks)
    methods = {}
    for task_rows in tasks.values():
        for row in task_rows:
            methods.setdefault((row["system"], row["method"], row["kind"]), {})[row["task"]] = row
    lines, notes = [], []
    for (system, method, kind), cells in methods.items():
        diffs = [c.get("max_rel_diff") for c in cells.values() if c.get("max_rel_diff") is not None]
        wrong = any(c.get("agrees") is False or "error" in c for c in cells.values())
        agreement = (f"{max(diffs):.1e}" if diffs else "-") + (" DISAGREES/ERROR" if wrong else "")
        lines.append([f"{system} {method}", kind]
                     + [format_time(cells[t].get("seconds")) if t in cells else "" for t in names]
                     + [agreement])
        notes += [f"  error in {t}, {system} {method}: {c['error']}"
                  for t, c in cells.items() if "error" in c]
    ratios = []
    for t in names:
        primary, best = _primary(tasks[t]), _best(tasks[t], "eager")
        ratios.append(format_ratio(_ratio(primary, best)) if best else "-")
    lines.append(["dualtape/best eager peer", ""] + ratios + [""])
    headers = ["system / method", "kind"] + names + ["max |Δ| / max |ref|"]
    return format_table(headers, lines) + ("\n" + "\n".join(notes) if notes else "")


def header(meta):
    """The lines above the tables: settings, machine, and why absolute figures are noisy."""
    s, m = meta["settings"], meta["machine"]
    mode = ("--quick" if s["quick"] else "full") + \
        (f", {s['rounds']} rounds (each variant's fastest median)" if s.get("rounds", 1) > 1 else "")
    return "\n".join([
        f"dualtape benchmark suite ({mode}): warm-up call, then the median of repeats totalling "
        f">= {s['min_total']} s (at least {s['min_repeats']}); scalar loops "
        + ", ".join(f"{name} {workloads.loop_ops(n)} ops" for name, n in s["iterations"].items())
        + "; float64, one thread; "
        f"results agree when max |Δ| <= {s['rtol']:g} * max |dualtape|",
        f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, load average "
        f"{m['load_average_at_start'][0]:.2f} at start (other work on these cores makes absolute "
        f"figures noisy; ratios within one run are what to compare)"])


def systems_table(systems):
    """One line per system: ran (with versions), not installed, or failed (with why)."""
    lines = []
    for name, info in systems.items():
        detail = ", ".join(f"{k} {v}" for k, v in info.get("versions", {}).items()) or info.get("error", "")
        lines.append([name, info["status"], detail])
    return format_table(["system", "status", "versions"], lines, left=3)


def tables(rows, systems, settings):
    """Every workload's table, after the list of systems."""
    parts = [systems_table(systems)]
    for name in settings["workloads"]:
        tasks = _by_task(rows, name)
        if not tasks:
            continue
        table = _grid_table(tasks) if name in GRID_WORKLOADS else _long_table(tasks)
        title = workloads.TITLES[name]
        length = settings["iterations"].get(name)
        if length is not None and length != workloads.LOOP_ITERATIONS[name]:
            title += f"; THIS RUN: {length} iterations, {workloads.loop_ops(length)} ops"
        parts.append(f"{name}  {title}\n{table}")
    return "\n\n".join(parts)


def summarize(rows, names):
    """Per task: dualtape's time against the best eager peer, the best compiled one and the floors."""
    summary = []
    for name in names:
        for task, task_rows in _by_task(rows, name).items():
            primary = _primary(task_rows)
            if primary is None:
                continue
            entry = {"workload": name, "task": task, "dualtape": _label(primary),
                     "seconds": primary["seconds"]}
            for kind in ("eager", "compiled"):
                best = _best(task_rows, kind)
                if best is not None:
                    entry[f"best_{kind}"] = {"label": _label(best), "seconds": best["seconds"],
                                             "ratio": _ratio(primary, best)}
            entry["floors"] = [{"label": _label(r), "seconds": r["seconds"], "ratio": _ratio(primary, r)}
                               for r in task_rows if r["kind"] == "floor" and "seconds" in r]
            lightest = _best(task_rows, "eager", key="bytes_per_op")
            if "bytes_per_op" in primary and lightest is not None:
                entry["bytes_per_op"] = {"dualtape": primary["bytes_per_op"], "label": _label(lightest),
                                         "peer": lightest["bytes_per_op"],
                                         "ratio": primary["bytes_per_op"] / lightest["bytes_per_op"]}
            summary.append(entry)
    return summary


def summary_table(summary, meta):
    """The closing table: for each task, dualtape over the best eager peer, and over the rest."""
    lines = []
    for e in summary:
        eager, compiled = e.get("best_eager"), e.get("best_compiled")
        lines.append([e["workload"], e["task"], format_time(e["seconds"]),
                      format_ratio(eager and eager["ratio"]), eager["label"] if eager else "-",
                      format_ratio(compiled and compiled["ratio"]), compiled["label"] if compiled else "-"])
    text = format_table(["workload", "task", "dualtape", "/ best eager", "best eager peer",
                         "/ compiled", "best compiled reference"], lines)
    extra = []
    for e in summary:
        extra += [f"  {e['workload']} {e['task']}: dualtape / {f['label']} = {format_ratio(f['ratio'])}"
                  for f in e["floors"]]
        if "bytes_per_op" in e:
            b = e["bytes_per_op"]
            extra.append(f"  {e['workload']} bytes per op: dualtape {b['dualtape']:.0f}, lightest eager "
                         f"peer {b['label']} {b['peer']:.0f}, ratio {format_ratio(b['ratio'])}")
    jets = {e["task"]: e["seconds"] for e in summary if e["workload"] == "W4"}
    if "k=1" in jets and len(jets) > 1:
        last = list(jets)[-1]
        extra.append(f"  W4 dualtape t({last})/t(k=1) = {format_ratio(jets[last] / jets['k=1'])}")
    load = meta["machine"].get("load_average_at_end")
    extra.append(f"  load average at end: {load[0]:.2f}" if load else "")
    return "Summary (dualtape's time over each; below 1 is faster)\n" + text + "\n" + "\n".join(extra)
