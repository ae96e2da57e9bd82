"""The coverage page: every table entry and the modes it supports."""
from .core.primitive import TABLE


def coverage_rows():
    """(name, modes) for each primitive, sorted by name."""
    rows = []
    for name in sorted(TABLE):
        p = TABLE[name]
        modes = ["forward", "reverse"]
        if p.second is not None:
            modes.append("hyperdual (closed form)")
        if p.taylor is not None:
            modes.append("jet (recurrence)")
        rows.append((name, modes))
    return rows


def coverage_table():
    """A plain-text table of the primitive table.

    Example:
        >>> from dualtape.coverage import coverage_table
        >>> "matmul" in coverage_table()
        True
    """
    rows = coverage_rows()
    width = max(len(n) for n, _ in rows)
    lines = [f"{'primitive':<{width}}  modes", "-" * (width + 40)]
    lines += [f"{n:<{width}}  {', '.join(m)}" for n, m in rows]
    lines.append(f"{len(rows)} primitives")
    return "\n".join(lines)
