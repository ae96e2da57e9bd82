"""How each public NumPy name resolves in ``dualtape.numpy``: counted, with reasons.

`name_rows` sorts every public name of a NumPy namespace (``numpy``,
``numpy.linalg``, ``numpy.fft``) into one kind:

* **entry**: a table entry of that name (its rules are audited);
* **composed**: a function built from entries (differentiable through them);
* **plain result**: NumPy on the plain values, for results without a
  derivative (booleans, indices, shapes; `composed.plain_values`);
* **NumPy's own**: NumPy's object, which takes no dualtape value or refuses
  one (`composed.passthrough`);
* **not differentiated**: NumPy's on plain values, ``NotImplementedError`` on
  dualtape values (`composed.unsupported`);
* **missing**: not in ``dualtape.numpy`` at all.

The namespace to read is given by the caller (the command line passes
``dualtape.numpy``), since the audit sits below the public face.
"""
import collections

import numpy as np

from ..core.primitive import TABLE
from ..composed.passthrough import PASS_THROUGH
from ..composed.plain_values import PLAIN_RESULTS
from ..composed.unsupported import NOT_IMPLEMENTED

KINDS = ("entry", "composed", "plain result", "NumPy's own", "not differentiated", "missing")

_PLAIN_REASON = {n: reason for reason, names in PLAIN_RESULTS.items() for n in names}
_OWN_REASON = {n: reason for reason, names in PASS_THROUGH.items() for n in names}


def public_names(module):
    """The public names of a NumPy namespace, sorted.

    Example:
        >>> "fftfreq" in public_names(np.fft), "_pocketfft" in public_names(np.fft)
        (True, False)
    """
    return sorted(n for n in dir(module) if not n.startswith("_"))


_ABSENT = object()


def _kind(name, qualified, value, reference):
    if value is _ABSENT:
        return "missing", ""
    if getattr(value, "not_implemented", None):
        return "not differentiated", NOT_IMPLEMENTED[name][0]
    if getattr(value, "plain_result", False):
        return "plain result", _PLAIN_REASON.get(qualified, "")
    if value is reference:
        return "NumPy's own", _OWN_REASON.get(name, "")
    if qualified in TABLE or getattr(value, "primitive", None) is not None:
        return "entry", ""
    return "composed", ""


def name_rows(namespace, module=np, prefix=""):
    """One dict per public name of `module` (a NumPy namespace): ``name``, ``kind`` (one of
    `KINDS`) and ``reason`` (for plain results, NumPy's own and the names not differentiated).

    Example:
        >>> import dualtape.numpy as dnp
        >>> rows = {r["name"]: r["kind"] for r in name_rows(dnp)}
        >>> rows["sin"], rows["diff"], rows["isnan"], rows["float64"]
        ('entry', 'composed', 'plain result', "NumPy's own")
    """
    rows = []
    for name in public_names(module):
        qualified = prefix + name
        kind, reason = _kind(name, qualified, getattr(namespace, name, _ABSENT),
                             getattr(module, name))
        rows.append({"name": qualified, "kind": kind, "reason": reason})
    return rows


def kind_counts(rows):
    """How many rows of each kind, in the order of `KINDS`.

    Example:
        >>> kind_counts([{"kind": "entry"}, {"kind": "missing"}, {"kind": "entry"}])["entry"]
        2
    """
    counts = collections.Counter(r["kind"] for r in rows)
    return {k: counts.get(k, 0) for k in KINDS}


def counts_line(rows, title):
    """One line: how many of a namespace's names resolve, and of which kind.

    Example:
        >>> print(counts_line([{"kind": "entry"}, {"kind": "missing"}], "numpy"))
        numpy: 1 of 2 names resolve (1 entry, 0 composed, 0 plain result, 0 NumPy's own, 0 not differentiated); 1 missing
    """
    c = kind_counts(rows)
    resolved = len(rows) - c["missing"]
    parts = ", ".join(f"{c[k]} {k}" for k in KINDS[:-1])
    return f"{title}: {resolved} of {len(rows)} names resolve ({parts}); {c['missing']} missing"


def namespaces(dnp):
    """The NumPy namespaces and their dualtape counterparts: ``[(title, rows), ...]``.

    Example:
        >>> import dualtape.numpy as dnp
        >>> [title for title, _ in namespaces(dnp)]
        ['numpy', 'numpy.linalg', 'numpy.fft']
    """
    return [("numpy", name_rows(dnp)),
            ("numpy.linalg", name_rows(dnp.linalg, np.linalg, "linalg.")),
            ("numpy.fft", name_rows(dnp.fft, np.fft, "fft."))]


def _listed(rows, kind):
    """Names of one kind grouped by reason: ``[(reason, [names]), ...]``."""
    groups = {}
    for r in rows:
        if r["kind"] == kind:
            groups.setdefault(r["reason"], []).append(r["name"])
    return list(groups.items())


def names_text(dnp):
    """The command line's summary of NumPy's names: counts, then what is not differentiated.

    Example:
        >>> import dualtape.numpy as dnp
        >>> names_text(dnp).splitlines()[0]
        "NumPy's public names in dualtape.numpy (NumPy ...)"
    """
    lines = [f"NumPy's public names in dualtape.numpy (NumPy {np.__version__})"]
    every = []
    for title, rows in namespaces(dnp):
        lines.append("  " + counts_line(rows, title))
        every += rows
    for kind in ("not differentiated", "missing"):
        for reason, names in _listed(every, kind):
            lines.append(f"  {kind}: {', '.join(names)}" + (f" ({reason})" if reason else ""))
    return "\n".join(lines)


NAMES_HEAD = """
## NumPy's names

`import dualtape.numpy as np` resolves every public name of NumPy {version}
(`dir(numpy)`, and those of `numpy.linalg` and `numpy.fft`), in one of these ways:

* **entry**: a table entry of that name, listed above;
* **composed**: a function built from entries, differentiable through them;
* **plain result**: NumPy on the plain values, where the result has no derivative;
* **NumPy's own**: NumPy's object, which takes no dualtape value or refuses one
  with an error (so no derivative is dropped silently);
* **not differentiated**: NumPy's on plain values, `NotImplementedError` naming
  the alternative on dualtape values.

"""


def names_markdown(dnp):
    """The section of docs/primitives.md on NumPy's names: counts, and every name by kind.

    Example:
        >>> import dualtape.numpy as dnp
        >>> names_markdown(dnp).lstrip().startswith("## NumPy's names")
        True
    """
    lines = [NAMES_HEAD.format(version=np.__version__)]
    every = []
    for title, rows in namespaces(dnp):
        lines.append(f"* **{counts_line(rows, title)}**")
        every += rows
    for kind in KINDS:
        groups = _listed(every, kind)
        if not groups:
            continue
        lines.append(f"\n### {kind[0].upper() + kind[1:]}\n")
        for reason, names in groups:
            prefix = f"*{reason}*: " if reason else ""
            lines.append(f"* {prefix}" + ", ".join(f"`{n}`" for n in names))
    return "\n".join(lines) + "\n"
