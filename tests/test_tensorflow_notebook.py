"""Notebook 08 (training with GradientTape, written as TensorFlow code) and its
Chinese twin: the same code cells, the prose in Chinese, and the TensorFlow names
the lesson teaches. (tests/test_notebooks.py runs both top to bottom.)"""
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = NOTEBOOKS / "08_training_with_gradient_tape.ipynb"
CHINESE = NOTEBOOKS / "08_training_with_gradient_tape.zh.ipynb"


def cells(path, kind):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


def test_the_chinese_twin_has_the_same_code_cells_and_chinese_prose():
    assert cells(CHINESE, "code") == cells(ENGLISH, "code")
    assert len(cells(CHINESE, "markdown")) == len(cells(ENGLISH, "markdown"))
    prose = " ".join(cells(CHINESE, "markdown"))
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in prose) > 300


def test_the_lesson_trains_with_tensorflows_names_and_checks_them():
    code = "\n".join(cells(ENGLISH, "code"))
    for name in ["import dualtape as tf", "tf.GradientTape()", "assign_sub", "tf.keras.layers.Dense",
                 "tf.keras.optimizers.Adam", "apply_gradients", "tf.keras.losses.MeanSquaredError",
                 "dt.gradient", "tracemalloc"]:
        assert name in code, name
