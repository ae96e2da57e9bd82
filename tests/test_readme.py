"""The README's claims that can drift: the table size and the CI test command."""
import pathlib
import re

import dualtape  # noqa: F401  (registers every built-in entry)
from dualtape.core.primitive import TABLE

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_states_the_number_of_table_entries():
    stated = re.search(r"The table has (\d+) entries", README)
    assert stated, "README.md should say how many entries the primitive table has"
    assert int(stated.group(1)) == len(TABLE)


def test_ci_runs_exactly_the_readme_test_command():
    block = re.search(r"<!-- test-command -->\s*```bash\n(.+?)\n```\s*<!-- /test-command -->",
                      README, re.S)
    assert block, "README.md should mark its test command for .ci/run"
    assert block.group(1).strip() == 'pip install -e ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "README.md" in ci


def test_readme_picture_exists():
    for path in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / path).is_file(), path
