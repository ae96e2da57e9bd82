"""The coverage page: every table entry and the modes it supports.

One function, `coverage_rows`, reads the table; ``python -m dualtape
primitives`` prints it as text (`coverage_table`) and ``docs/primitives.md``
is the same rows as Markdown (`coverage_markdown`), so the page cannot say
something the table does not.

For each entry:

* **forward** / **reverse**: every entry has a tangent rule (JVP) and an
  adjoint rule (VJP); "zero" marks an entry whose derivative is identically
  zero (``floor``, ``sign``, ...), which both engines skip;
* **HyperDual**: "closed form" when the entry gives a ``second`` rule,
  otherwise "generic": the tangent rule differentiated once more;
* **jet**: "recurrence" when the entry gives a ``taylor`` rule, otherwise
  "nested duals", the generic fallback;
* **complex**: what the entry does with complex values (its ``complex``
  field): "holomorphic", "not holomorphic" (its rules conjugate), "via
  complex.NAME" (the public function sends complex values to that entry) or
  "refused" (`REFUSED` in `dualtape.rules.complex_values` says why);
* **audit**: "ok" when `check_primitives` passes every check on the entry
  (run with ``audit=True``; the whole table takes a few seconds).
"""
from ..core.primitive import TABLE
from ..rules.complex_values import HOLOMORPHIC, NONHOLOMORPHIC, REFUSED
from .numpy_names import names_text, names_markdown
from .primitives import check_primitives

COLUMNS = ("primitive", "family", "forward", "reverse", "HyperDual", "jet", "complex", "audit")


def _parts(rule):
    return rule if isinstance(rule, tuple) else (rule,)


def _is_zero(rule):
    return all(part is None for part in _parts(rule))


def family(prim):
    """The rule module an entry comes from (``elementwise``, ``linalg_inverses``, ...).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> family(TABLE["matmul"])
        'matmul'
    """
    if prim.family:
        return prim.family
    functions = [prim.impl, *_parts(prim.tangent), *_parts(prim.adjoint)]
    modules = [getattr(f, "__module__", None) or "" for f in functions if f is not None]
    for module in modules:
        package, _, last = module.rpartition(".")
        if package == "dualtape.rules" and not last.startswith("_"):
            return last
    for module in modules:
        if module and not module.startswith(("dualtape.", "numpy")):
            return f"user ({module})"
    return "core"


def complex_support(prim):
    """What an entry does with complex values, in the words of the coverage page.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> [complex_support(TABLE[n]) for n in ("exp", "linalg.eigh", "absolute", "floor")]
        ['holomorphic', 'not holomorphic', 'via complex.absolute', 'refused']
    """
    if prim.complex == HOLOMORPHIC:
        return "holomorphic"
    if prim.complex == NONHOLOMORPHIC:
        return "not holomorphic"
    if prim.name in REFUSED and f"complex.{prim.name}" in TABLE:
        return f"via complex.{prim.name}"
    return "refused" if prim.name in REFUSED else "-"


def coverage_rows(audit=False):
    """One dict per table entry, sorted by name, with the `COLUMNS` as keys.

    Example:
        >>> rows = coverage_rows()
        >>> next(r for r in rows if r["primitive"] == "sin")["HyperDual"]
        'closed form'
    """
    report = None
    if audit:
        report = {r["name"]: r for r in check_primitives()}
    rows = []
    for name in sorted(TABLE):
        p = TABLE[name]
        zero = _is_zero(p.tangent) and _is_zero(p.adjoint)
        row = {
            "primitive": name,
            "family": family(p),
            "forward": "zero" if zero else "tangent rule",
            "reverse": "zero" if zero else "adjoint rule",
            "HyperDual": "zero" if zero else "closed form" if p.second is not None else "generic",
            "jet": "zero" if zero else "recurrence" if p.taylor is not None else "nested duals",
            "complex": complex_support(p),
            "audit": "-",
        }
        if report is not None:
            r = report[name]
            row["audit"] = "ok" if r["ok"] else "FAIL: " + "; ".join(r["problems"])
        rows.append(row)
    return rows


def summary(rows):
    """The counts line: entries, and how many pass the audit when it ran.

    Example:
        >>> summary([{"audit": "ok"}, {"audit": "FAIL: dot-product"}])
        '2 primitives; 1 of 2 pass every audit check'
    """
    line = f"{len(rows)} primitives"
    if rows and all(r["audit"] != "-" for r in rows):
        passed = sum(r["audit"] == "ok" for r in rows)
        line += f"; {passed} of {len(rows)} pass every audit check"
    return line


def modes_text(row):
    """The modes of one row in words, as the command line prints them.

    Example:
        >>> modes_text(next(r for r in coverage_rows() if r["primitive"] == "sin"))
        'forward, reverse, hyperdual (closed form), jet (recurrence); complex: holomorphic'
    """
    if row["forward"] == "zero":
        modes = "zero derivative in every mode"
    else:
        modes = f"forward, reverse, hyperdual ({row['HyperDual']}), jet ({row['jet']})"
    return modes if row["complex"] in ("refused", "-") else f"{modes}; complex: {row['complex']}"


def coverage_table(audit=False, namespace=None):
    """The table entries and their modes as plain text, ending with the count (and, given
    the ``dualtape.numpy`` `namespace`, how NumPy's names resolve there).

    Example:
        >>> from dualtape.audit.coverage import coverage_table
        >>> coverage_table().splitlines()[-1] == f"{len(TABLE)} primitives"
        True
    """
    rows = coverage_rows(audit)
    cells = [(r["primitive"], r["family"], modes_text(r), r["audit"]) for r in rows]
    head = ("primitive", "family", "modes", "audit")
    n = 4 if audit else 3
    widths = [max(len(head[k]), *(len(c[k]) for c in cells)) for k in range(n)]

    def line(c):
        return "  ".join(f"{c[k]:<{widths[k]}}" for k in range(n)).rstrip()
    out = [line(head), "-" * len(line(head))] + [line(c) for c in cells]
    out.append(summary(rows))
    if namespace is not None:
        out += ["", names_text(namespace)]
    return "\n".join(out)


MARKDOWN_HEAD = """\
# The primitive table

Every operation dualtape differentiates is one entry of the primitive table,
with its NumPy implementation, a tangent rule (forward mode) and an adjoint
rule (reverse mode) side by side.  This page lists each entry and the modes it
supports.  It is generated, do not edit it by hand:

    python -m dualtape primitives --markdown > docs/primitives.md

(a test fails when it is out of date).

**{summary}.**

* **forward** / **reverse**: the tangent and adjoint rules; *zero* marks an
  entry whose derivative is identically zero.
* **HyperDual**: *closed form* when the entry has its own second-order rule,
  *generic* when the tangent rule is differentiated once more.
* **jet** (Taylor polynomials): *recurrence* when the entry has a Taylor
  coefficient recurrence, *nested duals* for the generic fallback.
* **complex**: *holomorphic* entries take complex values with the same rules
  as real ones; *not holomorphic* ones conjugate where they must; *via
  complex.NAME* means the public function sends complex values to that entry;
  *refused* entries raise a `TypeError` on complex input, for the reason given
  at the end of this page.
* **audit**: `python -m dualtape check NAME` checks the entry: the dot-product
  identity between its two rules, finite differences, batched tangents and cotangents,
  HyperDual against tape-over-tape and forward-over-reverse, jets against
  nested duals, and, for the entries that take complex values, the same on
  complex inputs plus complex-step differentiation.
* Random programs built from every entry (`tests/test_fuzz_programs.py`) must
  give the same gradient forward, reverse and by finite differences, and the
  same Hessian-vector products in every mode.
"""


def coverage_markdown(audit=True, namespace=None):
    """``docs/primitives.md``: the coverage rows as a Markdown page (and, given the
    ``dualtape.numpy`` `namespace`, the section on NumPy's names).

    Example:
        >>> page = coverage_markdown(audit=False)
        >>> page.startswith("# The primitive table")
        True
    """
    rows = coverage_rows(audit)
    columns = COLUMNS if audit else COLUMNS[:-1]
    lines = [MARKDOWN_HEAD.format(summary=summary(rows)),
             "| " + " | ".join(columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for r in sorted(rows, key=lambda r: (r["family"], r["primitive"])):
        cells = [f"`{r['primitive']}`"] + [r[c] for c in columns[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Entries that refuse complex values, and why", "",
              "Each raises a `TypeError` with this reason on complex input "
              "(the *via* entries are reached through their public function).", ""]
    lines += [f"* `{name}`: {REFUSED[name]}." for name in sorted(REFUSED) if name in TABLE]
    page = "\n".join(lines) + "\n"
    return page + names_markdown(namespace) if namespace is not None else page
