"""The coverage page: `python -m dualtape primitives` and docs/primitives.md
come from the same rows, and those rows say what the table holds."""
import pathlib
import re

import numpy as np
import pytest

import dualtape.numpy as dnp
from dualtape.cli import main as cli
from dualtape.core.primitive import TABLE, Primitive
from dualtape.audit.coverage import coverage_markdown, coverage_rows, coverage_table, family, summary

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "primitives.md"


@pytest.fixture(scope="module")
def generated_page():
    # The page runs the audit over the whole table: build it once here.
    return coverage_markdown(namespace=dnp)


def test_docs_page_is_generated_from_the_current_table(generated_page):
    assert PAGE.read_text() == generated_page, (
        "docs/primitives.md is out of date; regenerate it with\n"
        "    python -m dualtape primitives --markdown > docs/primitives.md")


def test_docs_page_has_one_row_per_entry_and_states_the_count():
    page = PAGE.read_text()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert sorted(line.split("`")[1] for line in rows) == sorted(TABLE)
    assert f"**{len(TABLE)} primitives; {len(TABLE)} of {len(TABLE)} pass every audit check.**" in page


def test_readme_states_the_number_of_table_entries():
    readme = (PAGE.parent.parent / "README.md").read_text()
    stated = re.search(r"The table has (\d+) entries", readme)
    assert stated, "README.md should say how many entries the table has"
    assert int(stated.group(1)) == len(TABLE), (
        f"README.md says the table has {stated.group(1)} entries; it has {len(TABLE)}")


def _row(name, audit=False):
    return next(r for r in coverage_rows(audit) if r["primitive"] == name)


def test_rows_report_closed_forms_recurrences_and_generic_fallbacks_from_the_entries():
    for r in coverage_rows():
        p = TABLE[r["primitive"]]
        if r["forward"] == "zero":
            continue
        assert r["HyperDual"] == ("closed form" if p.second is not None else "generic")
        assert r["jet"] == ("recurrence" if p.taylor is not None else "nested duals")
    assert _row("sin")["HyperDual"] == "closed form" and _row("sin")["jet"] == "recurrence"
    assert _row("linalg.cholesky")["HyperDual"] == "generic"
    assert _row("linalg.cholesky")["jet"] == "nested duals"


def test_an_entry_with_zero_derivative_reads_zero_in_every_mode():
    row = _row("floor")
    assert [row[c] for c in ("forward", "reverse", "HyperDual", "jet")] == ["zero"] * 4
    assert "zero derivative in every mode" in coverage_table()


def test_family_names_the_rule_module_and_marks_user_entries():
    assert family(TABLE["sin"]) == "elementwise"
    assert family(TABLE["linalg.inv"]) == "linalg_inverses"
    assert family(TABLE["sum"]) == "reductions"

    def double(x):
        return 2.0 * x
    user = Primitive("coverage_test_double", double, lambda ts, out, x: 2.0 * ts[0],
                     lambda g, out, x: (2.0 * g,), examples=lambda rng: [((rng.standard_normal(3),), {})])
    assert family(user) == f"user ({__name__})"


def test_audit_column_reports_a_wrong_rule_and_the_count_drops(monkeypatch):
    wrong = Primitive("coverage_test_wrong", np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                      lambda g, out, x: (2.0 * g * dnp.cos(x),),
                      examples=lambda rng: [((rng.standard_normal(3),), {})])
    monkeypatch.setitem(TABLE, "coverage_test_wrong", wrong)
    rows = {r["primitive"]: r for r in coverage_rows(audit=True)}
    assert rows["coverage_test_wrong"]["audit"].startswith("FAIL: dot-product")
    assert rows["sin"]["audit"] == "ok"
    n = len(TABLE)
    assert summary(list(rows.values())) == f"{n} primitives; {n - 1} of {n} pass every audit check"


def test_summary_counts_audit_passes_only_when_the_audit_ran():
    assert summary([{"audit": "-"}, {"audit": "-"}]) == "2 primitives"
    assert summary([{"audit": "ok"}, {"audit": "ok"}]) == "2 primitives; 2 of 2 pass every audit check"


def test_command_line_prints_the_same_rows_as_text_and_as_the_docs_page(capsys):
    assert cli.main(["primitives", "--no-audit"]) == 0
    text = capsys.readouterr().out
    assert text == coverage_table(namespace=dnp) + "\n"
    entries = text.split("\n\n")[0]
    assert entries == coverage_table()
    assert entries.splitlines()[-1] == f"{len(TABLE)} primitives"
    listed = [line.split()[0] for line in entries.splitlines()[2:-1]]
    assert listed == sorted(TABLE)
    assert cli.main(["primitives", "--markdown", "--no-audit"]) == 0
    assert capsys.readouterr().out == coverage_markdown(audit=False, namespace=dnp)


@pytest.mark.parametrize("name", ["sin", "matmul", "linalg.eigh", "std"])
def test_text_row_lists_forward_reverse_hyperdual_and_jet(name):
    line = next(line for line in coverage_table().splitlines() if line.split()[0] == name)
    for mode in ("forward", "reverse", "hyperdual", "jet"):
        assert mode in line
