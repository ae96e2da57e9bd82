"""Pictures of the tape (DOT text, drawing, HTML fallbacks) and the readable reprs."""
import re
import sys
import types

import matplotlib
import numpy as np
import pytest

import dualtape as dt
from dualtape.reverse import to_dot as pictures

matplotlib.use("Agg")
dnp = dt.numpy


def _record_sin_times_x():
    x = dt.Variable(2.0, name="x")
    with dt.GradientTape() as tape:
        y = dnp.sin(x) * x
    return tape, x, y


def _statements(dot):
    body = dot.strip().splitlines()[1:-1]
    nodes = {}
    edges = []
    for line in body:
        m = re.match(r"\s*(\w+) -> (\w+);$", line)
        if m:
            edges.append(m.groups())
            continue
        m = re.match(r"\s*(\w+) \[(.*)\];$", line)
        if m:
            nodes[m.group(1)] = m.group(2)
    return nodes, edges


def test_dot_edges_follow_the_data_flow_of_the_recorded_function():
    tape, _, y = _record_sin_times_x()
    nodes, edges = _statements(tape.to_dot(y))
    # x is node 0, sin(x) node 1, sin(x) * x node 2.
    assert sorted(edges) == [("n0", "n1"), ("n0", "n2"), ("n1", "n2")]
    assert 'label="sin\\nscalar"' in nodes["n1"]
    assert 'label="multiply\\nscalar"' in nodes["n2"]


def test_dot_marks_the_watched_source_by_name_and_the_target():
    tape, _, y = _record_sin_times_x()
    nodes, _ = _statements(tape.to_dot(y))
    assert nodes["n0"].startswith('label="x:0\\nVariable scalar"') and "shape=ellipse" in nodes["n0"]
    assert "peripheries=2" in nodes["n2"] and 'xlabel="target"' in nodes["n2"]
    assert "peripheries=2" not in nodes["n1"]


def test_dot_declares_every_edge_endpoint_and_is_balanced():
    x = dt.Variable(np.arange(6.0).reshape(2, 3), name="w")
    with dt.GradientTape() as tape:
        y = dnp.sum(dnp.exp(x) * 2.0, axis=0)
        z = dnp.sum(y * y)
    dot = tape.to_dot(z)
    nodes, edges = _statements(dot)
    assert dot.startswith("digraph tape {") and dot.rstrip().endswith("}")
    assert all(a in nodes and b in nodes for a, b in edges)
    # exp: 1 input, multiply by 2.0: 2 (one a constant), sum: 1, y * y: 2 (the same node twice), sum: 1
    assert len(tape.records) == 5 and len(edges) == 7
    assert edges.count(("n3", "n4")) == 2
    assert 'label="w:0\\nVariable shape 2×3"' in nodes["n0"]
    assert "sum axis=(-2,)" in dot        # rules see axes as negative integers


def test_nodes_no_adjoint_visits_are_faded_when_a_target_is_given():
    x, w = dt.Variable(1.0, name="x"), dt.Variable(0.5, name="w")
    with dt.GradientTape() as tape:
        unused = dnp.cos(w)              # on the tape, but not on the path to y
        y = dnp.exp(x)
    graph = pictures.TapeGraph(tape, y)
    live = {n["label"].splitlines()[0]: n["live"] for n in graph.nodes}
    assert live == {"x:0": True, "w:0": False, "cos": False, "exp": True}
    assert unused is not None
    # Without a target nothing is faded.
    assert all(n["live"] for n in pictures.TapeGraph(tape).nodes)


def test_sources_are_labelled_by_tensorflow_name_and_shared_names_by_place():
    a, b, c = dt.Variable(1.0), dt.Variable(2.0), dt.constant(3.0)     # both named Variable:0
    with dt.GradientTape() as tape:
        tape.watch(c)
        y = a * b + c
    heads = [n["label"] for n in pictures.TapeGraph(tape, y).nodes if n["kind"] == "source"]
    assert heads == ["Variable:0 (source 0)\nVariable scalar", "Variable:0 (source 1)\nVariable scalar",
                     "constant 2\nconstant scalar"]


def test_constants_are_nodes_of_their_own_with_their_value():
    x = dt.Variable(3.0)
    with dt.GradientTape() as tape:
        y = x * 2.5
    nodes, edges = _statements(tape.to_dot(y))
    const = [k for k in nodes if k.startswith("c")]
    assert len(const) == 1 and 'label="2.5"' in nodes[const[0]]
    assert (const[0], "n1") in edges


def test_long_tapes_are_summarised_not_drawn_in_full():
    x = dt.Variable(1.0)
    with dt.GradientTape() as tape:
        y = x
        for _ in range(300):
            y = y * 1.0001
    nodes, _ = _statements(pictures.to_dot(tape, y, max_records=50))
    ops = [k for k, v in nodes.items() if "multiply" in v]
    assert len(ops) == 50
    assert "... 250 more records" in pictures.to_dot(tape, y, max_records=50)


def test_draw_places_every_node_on_the_axes():
    tape, _, y = _record_sin_times_x()
    ax = pictures.draw(tape, y)
    labels = sorted(t.get_text() for t in ax.texts if t.get_text())
    assert labels == ["multiply\nscalar", "sin\nscalar", "x:0\nVariable scalar"]
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


def test_html_without_the_graphviz_package_falls_back_to_a_drawing(monkeypatch):
    tape, _, y = _record_sin_times_x()
    monkeypatch.setitem(sys.modules, "graphviz", None)       # `import graphviz` fails
    out = pictures.to_html(tape, y)
    assert out.startswith('<img src="data:image/png;base64,')
    assert tape._repr_html_().startswith("<img")


def test_html_without_graphviz_or_matplotlib_falls_back_to_a_table(monkeypatch):
    tape, _, y = _record_sin_times_x()
    for name in ("graphviz", "matplotlib", "matplotlib.figure", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, name, None)
    out = pictures.to_html(tape, y)
    assert out.startswith("<table>")
    assert "<td>sin</td>" in out and "<td>multiply</td>" in out and "<td>target</td>" in out


def _fake_graphviz(pipe):
    module = types.ModuleType("graphviz")

    class Source:
        def __init__(self, dot):
            self.dot = dot

        def pipe(self, format, encoding):
            return pipe(self.dot, format, encoding)
    module.Source = Source
    return module


def test_html_is_svg_when_graphviz_and_its_program_exist(monkeypatch):
    tape, _, y = _record_sin_times_x()
    seen = []

    def pipe(dot, format, encoding):
        seen.append((format, encoding, dot))
        return "<svg>drawn</svg>"
    monkeypatch.setitem(sys.modules, "graphviz", _fake_graphviz(pipe))
    monkeypatch.setattr(pictures.shutil, "which", lambda name: "/usr/bin/" + name)
    assert pictures.to_html(tape, y) == "<svg>drawn</svg>"
    assert seen[0][:2] == ("svg", "utf-8") and seen[0][2] == tape.to_dot(y)


def test_html_falls_back_when_the_graphviz_program_is_missing_or_fails(monkeypatch):
    tape, _, y = _record_sin_times_x()

    def broken(dot, format, encoding):
        raise RuntimeError("failed to execute 'dot'")
    monkeypatch.setitem(sys.modules, "graphviz", _fake_graphviz(broken))
    monkeypatch.setattr(pictures.shutil, "which", lambda name: "/usr/bin/" + name)
    assert pictures.to_html(tape, y).startswith("<img")
    monkeypatch.setattr(pictures.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="not on PATH"):
        pictures.to_svg("digraph { a -> b }")


def test_html_never_raises_even_when_every_renderer_breaks(monkeypatch):
    tape, _, y = _record_sin_times_x()

    def boom(*args, **kwargs):
        raise ValueError("broken renderer")
    monkeypatch.setattr(pictures, "to_svg", boom)
    monkeypatch.setattr(pictures, "_matplotlib_html", boom)
    monkeypatch.setattr(pictures, "to_html_table", boom)
    assert pictures.to_html(tape, y).startswith("<pre>&lt;GradientTape: 2 records")


def test_tape_repr_counts_records_and_names_watched_variables():
    x, w = dt.Variable(1.0, name="x"), dt.Variable([1.0, 2.0])
    with dt.GradientTape() as tape:
        y = x * dnp.sum(w)      # sum(w) runs first, so w is watched first
        inside = repr(tape)
    assert inside == "<GradientTape: 2 records, recording, watching 2 sources (Variable:0, x:0)>"
    assert repr(tape).startswith("<GradientTape: 2 records, stopped")
    assert y is not None


def test_variable_and_tensor_reprs_show_name_shape_dtype_and_value():
    x = dt.Variable(3.0, name="x")
    assert repr(x) == "<dualtape.Variable 'x:0': shape=(), dtype=float64, numpy=3.0>"
    with dt.GradientTape() as tape:
        y = x * x
    assert repr(y) == "<dualtape.Tensor: shape=(), dtype=float64, numpy=9.0>"
    assert x._repr_html_() == "<b>Variable <code>x:0</code></b> shape () dtype float64<pre>3.</pre>"
    assert dt.constant([1.0, 2.0])._repr_html_().startswith("<b>Tensor</b> shape (2,)")
    assert tape.gradient(y, x).numpy() == 6.0


def test_dual_repr_shows_primal_and_tangent():
    d = dnp.sin(dt.Dual(0.0, 2.0))
    assert repr(d) == "Dual(0.0, 2.0)"
    assert "<th>tangent</th><td><code>[3. 4.]</code>" in dt.Dual([1.0, 2.0], [3.0, 4.0])._repr_html_()


def test_hyperdual_and_jet_show_every_part_in_html():
    h = dt.HyperDual(2.0) ** 3            # (2 + ε1 + ε2)^3: 8, 12, 12, f'' = 6·2 = 12
    assert repr(h) == "HyperDual(8.0, 12.0, 12.0, 12.0)"
    assert h._repr_html_() == (
        "<b>HyperDual</b><table><tr><th>primal</th><td><code>8.</code></td></tr>"
        "<tr><th>ε1</th><td><code>12.</code></td></tr><tr><th>ε2</th><td><code>12.</code></td></tr>"
        "<tr><th>ε1ε2</th><td><code>12.</code></td></tr></table>")
    j = dnp.exp(dt.Jet(0.0, [1.0, 0.0]))   # e^t = 1 + t + t²/2
    assert "<th>t^2</th><td><code>0.5</code>" in j._repr_html_()
    assert "<th>t^0</th><td><code>1.</code>" in j._repr_html_()
