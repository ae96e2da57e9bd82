"""The teaching notebooks run top to bottom, with their own `assert` cells.

Each notebook is re-executed in a fresh kernel started from *this* Python
(`sys.executable`), so in CI the notebooks import the dualtape installed in the
test venv, not whatever ``python3`` kernelspec happens to be on the machine: a
kernelspec naming `sys.executable` is written to a temporary directory, and a
first cell injected at test time asserts that the kernel really is this
interpreter. Plots use the inline backend, which renders with matplotlib's Agg
(no display needed).
"""
import json
import os
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 120          # seconds per cell; the whole set takes far less
KERNEL_NAME = "dualtape-test-python"

EXPECTED = [
    "01_gradient_tape.ipynb", "01_gradient_tape.zh.ipynb", "02_dual_numbers.ipynb",
    "03_hyperdual_and_step_size.ipynb", "04_reverse_mode_tape.ipynb",
    "05_higher_order.ipynb", "06_one_table_two_modes.ipynb", "07_optimization.ipynb",
    "08_training_with_gradient_tape.ipynb", "08_training_with_gradient_tape.zh.ipynb",
    "09_sparse_derivatives.ipynb", "10_complex_differentiation.ipynb",
]


def write_kernelspec(directory):
    """A kernelspec for this interpreter, with the repository importable."""
    spec_dir = Path(directory) / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join([str(ROOT)] + ([os.environ["PYTHONPATH"]]
                                          if os.environ.get("PYTHONPATH") else []))
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (dualtape tests)", "language": "python",
            "env": {"PYTHONPATH": path}}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return Path(directory)


def kernel_probe():
    """A cell proving the kernel runs this interpreter and this checkout."""
    return nbformat.v4.new_code_cell(
        "import sys, os, dualtape\n"
        f"assert sys.executable == {sys.executable!r}, sys.executable\n"
        f"assert os.path.dirname(os.path.dirname(dualtape.__file__)) == {str(ROOT)!r}, "
        "dualtape.__file__")


def execute(nb, kernel_dir):
    """Run every cell of `nb` (in place) in a kernel of this interpreter; returns `nb`."""
    km = AsyncKernelManager(kernel_name=KERNEL_NAME,
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory):
    return write_kernelspec(tmp_path_factory.mktemp("kernels"))


def test_every_notebook_of_the_course_is_present():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_and_its_asserts_hold(path, kernel_dir):
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, kernel_probe())
    started = time.perf_counter()
    execute(nb, kernel_dir)      # raises CellExecutionError naming the failing cell
    elapsed = time.perf_counter() - started
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    print(f"{path.name}: {elapsed:.1f} s")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_executed_with_a_picture_and_assert_cells(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "store it executed"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "execute it top to bottom in one go"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
               for c in code for o in c.outputs), "each notebook shows at least one picture"
    assert sum(any(line.lstrip().startswith("assert ") for line in c.source.splitlines())
               for c in code) >= 2, "claims are checked with assert cells"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 3, "prose between the cells"


def test_the_chinese_twin_has_the_same_code_cells():
    english = nbformat.read(NOTEBOOK_DIR / "01_gradient_tape.ipynb", as_version=4)
    chinese = nbformat.read(NOTEBOOK_DIR / "01_gradient_tape.zh.ipynb", as_version=4)

    def code(nb):
        return [c.source for c in nb.cells if c.cell_type == "code"]
    assert code(chinese) == code(english)
    prose = " ".join(c.source for c in chinese.cells if c.cell_type == "markdown")
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in prose) > 300      # written in Chinese
    assert len([c for c in chinese.cells if c.cell_type == "markdown"]) == \
        len([c for c in english.cells if c.cell_type == "markdown"])
