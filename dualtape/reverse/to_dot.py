"""Pictures of a tape: Graphviz DOT text, a matplotlib drawing, an HTML table.

The tape is a flat list of records; this module reads it as a graph:

* a *source* node for every value the tape was asked to watch (a Variable,
  labelled with its TensorFlow name such as ``x:0``, or a watched constant);
* an *operation* node per record, labelled with the primitive's name, its
  static arguments and the output's shape;
* a *constant* node for every input the tape does not track (a plain number or
  array, or a value of an outer derivative computation);
* edges in the direction data flows, from inputs to the operation using them.

When a target is given it is marked, and nodes that lie on no path from a
source to the target are drawn faded: their adjoints never run.

`to_html` is what a notebook shows for a tape: SVG when the `graphviz` package
and its ``dot`` program are both installed, else a matplotlib drawing, else a
plain HTML table.  It never raises: a picture is not worth a crash.
"""
import base64
import html
import io
import shutil

import numpy as np

from ..core.box import Box, raw
from ..core.pytree import tree_flatten

MAX_RECORDS = 200      # beyond this a picture is unreadable; the rest is summarised

_COLORS = {"source": "#cfe2ff", "target": "#ffd8a8", "op": "#ffffff", "const": "#eeeeee"}


# --- reading the tape as a graph ------------------------------------------------------------

class TapeGraph:
    """Nodes and edges of a tape's records (see the module docstring).

    Each node is a dict with ``id``, ``kind`` (``source``, ``op``, ``const``),
    ``label`` (one or two lines), ``shape``, ``target`` and ``live`` (on a path
    from a source to the target); `edges` holds ``(from_id, to_id)`` pairs.

    Example:
        >>> import dualtape as dt
        >>> x = dt.Variable(2.0, name="x")
        >>> with dt.GradientTape() as tape:
        ...     y = dt.numpy.sin(x) * x
        >>> g = TapeGraph(tape, y)
        >>> [n["label"].splitlines()[0] for n in g.nodes]
        ['x:0', 'sin', 'multiply']
    """

    def __init__(self, tape, target=None, max_records=MAX_RECORDS):
        self.nodes = []
        self.edges = []
        self.omitted = max(0, len(tape.records) - max_records)
        records = tape.records[:max_records]
        names = _source_names(tape)
        produced = {o for rec in records for o in rec.out_nodes}
        used = sorted({i for rec in records for i in rec.in_nodes if i is not None and i not in produced})
        sources = sorted(set(used) | set(names))
        target_nodes = _target_nodes(tape, target)
        by_id = {}

        def add(node):
            self.nodes.append(node)
            by_id[node["id"]] = node

        for s in sources:
            add({"id": f"n{s}", "kind": "source", "label": names.get(s, f"source n{s}"),
                 "shape": None, "node": s})
        for r, rec in enumerate(records):
            outs = rec.out_nodes
            values = rec.out if rec.prim.multiple_results else (rec.out,)
            op_id = f"n{outs[0]}" if len(outs) == 1 else f"r{r}"
            add({"id": op_id, "kind": "op", "label": _op_label(rec.prim, rec.params, values[0]),
                 "shape": _shape(values[0]), "node": outs[0] if len(outs) == 1 else None})
            for p, (i, primal) in enumerate(zip(rec.in_nodes, rec.primals)):
                if i is not None:
                    self.edges.append((f"n{i}", op_id))
                else:
                    cid = f"c{r}_{p}"
                    add({"id": cid, "kind": "const", "label": _const_label(primal),
                         "shape": _shape(primal), "node": None})
                    self.edges.append((cid, op_id))
            if len(outs) > 1:          # one node per result of a multi-output primitive
                for k, (o, v) in enumerate(zip(outs, values)):
                    add({"id": f"n{o}", "kind": "op", "label": f"[{k}]\n{_shape_text(v)}",
                         "shape": _shape(v), "node": o})
                    self.edges.append((op_id, f"n{o}"))
        for node in self.nodes:
            node["target"] = node["node"] is not None and node["node"] in target_nodes
        self._mark_live(bool(target_nodes))

    def _mark_live(self, have_target):
        """live = reachable from a source and reaching a target (everything, without a target)."""
        order = [n["id"] for n in self.nodes]
        if not have_target:
            for n in self.nodes:
                n["live"] = True
            return
        succ, pred = {}, {}
        for a, b in self.edges:
            succ.setdefault(a, []).append(b)
            pred.setdefault(b, []).append(a)
        kinds = {n["id"]: n for n in self.nodes}
        down = _reach([i for i in order if kinds[i]["kind"] == "source"], succ)
        up = _reach([i for i in order if kinds[i]["target"]], pred)
        for n in self.nodes:
            n["live"] = n["id"] in down and n["id"] in up
        for a, b in self.edges:      # a constant is as live as the operation reading it
            if kinds[a]["kind"] == "const":
                kinds[a]["live"] = kinds[b]["live"]

    def depths(self):
        """Longest distance from an input, per node id (the drawing's rows)."""
        depth = {n["id"]: 0 for n in self.nodes}
        # Edges are listed in recording order, so one pass settles every depth.
        for a, b in self.edges:
            depth[b] = max(depth[b], depth[a] + 1)
        for n in self.nodes:       # constants sit just above their consumer
            if n["kind"] == "const":
                consumer = next(b for a, b in self.edges if a == n["id"])
                depth[n["id"]] = max(0, depth[consumer] - 1)
        return depth


def _reach(start, nxt):
    seen = set(start)
    stack = list(start)
    while stack:
        for m in nxt.get(stack.pop(), ()):
            if m not in seen:
                seen.add(m)
                stack.append(m)
    return seen


def _source_names(tape):
    """{node id: label} for the sources a GradientTape made from Variables and watched
    constants: a Variable by its TensorFlow name (``x:0``), a constant by its place
    among the sources; a name that several sources share gets that place too."""
    leaves = [(leaf, src._node) for leaf, _, src in getattr(tape, "_sources", {}).values()]
    given = [getattr(leaf, "name", None) for leaf, _ in leaves]     # constants have no name
    labels = {}
    for k, ((leaf, node), name) in enumerate(zip(leaves, given)):
        if name is None:
            head, kind = f"constant {k}", "constant"
        else:
            head = name if given.count(name) == 1 else f"{name} (source {k})"
            kind = "Variable"
        labels[node] = f"{head}\n{kind} {_shape_text(leaf._value)}"
    return labels


def _target_nodes(tape, target):
    if target is None:
        return set()
    nodes = set()
    for t in tree_flatten(target)[0]:
        node = tape._node_of(t) if hasattr(tape, "_node_of") else getattr(t, "_node", None)
        if node is not None:
            nodes.add(node)
    return nodes


def _shape(value):
    return tuple(np.shape(raw(value)))


def _shape_text(value):
    s = _shape(value)
    return "scalar" if s == () else "shape " + "×".join(str(d) for d in s)


def _op_label(prim, params, out):
    shown = []
    for k, v in sorted(params.items()):
        text = repr(v) if not isinstance(v, np.ndarray) else f"array{v.shape}"
        shown.append(f"{k}={text if len(text) <= 20 else text[:17] + '...'}")
    head = prim.name + (" " + ", ".join(shown) if shown else "")
    return f"{head}\n{_shape_text(out)}"


def _const_label(value):
    if isinstance(value, Box):
        return f"outer value\n{_shape_text(value)}"
    r = raw(value)
    if np.ndim(r) == 0:
        return f"{float(r):.4g}" if np.issubdtype(np.result_type(r), np.number) else repr(r)
    return f"constant\n{_shape_text(r)}"


# --- DOT text -------------------------------------------------------------------------------

def _dot_escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(tape, target=None, max_records=MAX_RECORDS):
    """Graphviz DOT text of the records on `tape` (see the module docstring).

    Example:
        >>> import dualtape as dt
        >>> x = dt.Variable(3.0, name="x")
        >>> with dt.GradientTape() as tape:
        ...     y = x * x + 1.0
        >>> print(to_dot(tape, y))  # doctest: +ELLIPSIS
        digraph tape {
        ...
          n0 -> n1;
          n0 -> n1;
          n1 -> n2;
          c1_1 -> n2;
        }
    """
    g = TapeGraph(tape, target, max_records)
    lines = ["digraph tape {", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=11, style=filled];']
    for n in g.nodes:
        attrs = [f'label="{_dot_escape(n["label"])}"']
        if n["kind"] == "source":
            attrs += ["shape=ellipse", f'fillcolor="{_COLORS["source"]}"', "penwidth=2"]
        elif n["kind"] == "const":
            attrs += ["shape=plaintext", f'fillcolor="{_COLORS["const"]}"']
        else:
            attrs += ["shape=box"]
            attrs.append(f'fillcolor="{_COLORS["target"] if n["target"] else _COLORS["op"]}"')
        if n["target"]:
            attrs += ["peripheries=2", 'xlabel="target"']
        if not n["live"]:
            attrs += ['color="#aaaaaa"', 'fontcolor="#888888"']
        lines.append(f"  {n['id']} [{', '.join(attrs)}];")
    if g.omitted:
        lines.append(f'  more [shape=note, label="... {g.omitted} more records"];')
    for a, b in g.edges:
        lines.append(f"  {a} -> {b};")
    lines.append("}")
    return "\n".join(lines)


# --- rendering --------------------------------------------------------------------------------

def to_svg(dot):
    """SVG text of DOT `dot`, by the `graphviz` package; raises if it or ``dot`` is missing.

    Example:
        >>> try:
        ...     svg = to_svg("digraph { a -> b }")
        ... except (ImportError, RuntimeError, OSError):
        ...     svg = "<svg/>"        # graphviz not installed here
        >>> "<svg" in svg
        True
    """
    import graphviz          # optional: imported only when a picture is asked for
    if shutil.which("dot") is None:
        raise RuntimeError("the Graphviz program `dot` is not on PATH")
    return graphviz.Source(dot).pipe(format="svg", encoding="utf-8")


def draw(tape, target=None, ax=None, max_records=60):
    """Draw the tape's graph with matplotlib; returns the axes.

    Rows are distances from the inputs; sources are blue, the target orange,
    nodes that no adjoint visits are faded.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import dualtape as dt
        >>> x = dt.Variable(2.0, name="x")
        >>> with dt.GradientTape() as tape:
        ...     y = dt.numpy.exp(x) * x
        >>> ax = draw(tape, y)
        >>> sorted(t.get_text().splitlines()[0] for t in ax.texts if t.get_text())
        ['exp', 'multiply', 'x:0']
    """
    g = TapeGraph(tape, target, max_records)
    pos = _layout(g)
    if ax is None:
        import matplotlib.pyplot as plt      # optional, like graphviz
        _, ax = plt.subplots(figsize=_figure_size(pos))
    for a, b in g.edges:
        ax.annotate("", xy=pos[b], xytext=pos[a],
                    arrowprops=dict(arrowstyle="-|>", color="#555555", shrinkA=16, shrinkB=16))
    for n in g.nodes:
        color = _COLORS["target"] if n["target"] else _COLORS[n["kind"]]
        style = "round,pad=0.4" if n["kind"] == "source" else "square,pad=0.4"
        ax.text(*pos[n["id"]], n["label"], ha="center", va="center", fontsize=9,
                alpha=1.0 if n["live"] else 0.45,
                bbox=dict(boxstyle=style, facecolor=color,
                          edgecolor="#333333" if n["live"] else "#aaaaaa",
                          linewidth=2.0 if n["kind"] == "source" or n["target"] else 1.0))
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.axis("off")
    if g.omitted:
        ax.set_title(f"first {max_records} records ({g.omitted} more not drawn)", fontsize=9)
    return ax


def _layout(g):
    """Node id -> (x, y): one row per depth, members centred."""
    depth = g.depths()
    rows = {}
    for n in g.nodes:
        rows.setdefault(depth[n["id"]], []).append(n)
    pos = {}
    for d, members in rows.items():
        for k, n in enumerate(members):
            pos[n["id"]] = (k - (len(members) - 1) / 2.0, -float(d))
    return pos


def _figure_size(pos):
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    return (max(4.0, 2.0 * (max(xs) - min(xs) + 1.6)), max(2.5, 1.1 * (max(ys) - min(ys) + 1.2)))


def to_html_table(tape, target=None, max_records=MAX_RECORDS):
    """The records as an HTML table: one row per node (the picture of last resort).

    Example:
        >>> import dualtape as dt
        >>> x = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     y = x * x
        >>> "<td>multiply</td>" in to_html_table(tape)
        True
    """
    g = TapeGraph(tape, target, max_records)
    inputs = {}
    for a, b in g.edges:
        inputs.setdefault(b, []).append(a)
    rows = []
    for n in g.nodes:
        if n["kind"] == "const":
            continue
        name, _, shape = n["label"].partition("\n")
        role = "target" if n["target"] else ("source" if n["kind"] == "source" else "")
        args = ", ".join(a if not a.startswith("c") else
                         next(m["label"].replace("\n", " ") for m in g.nodes if m["id"] == a)
                         for a in inputs.get(n["id"], []))
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in
                                    (n["id"], name, args, shape, role)) + "</tr>")
    more = f"<p>... {g.omitted} more records</p>" if g.omitted else ""
    return ("<table><thead><tr><th>node</th><th>operation</th><th>inputs</th><th>value</th>"
            "<th>role</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + more)


def _matplotlib_html(tape, target):
    from matplotlib.figure import Figure     # optional, like graphviz
    size = _figure_size(_layout(TapeGraph(tape, target)))
    fig = Figure(figsize=size)      # not pyplot: drawing for HTML must not open a window
    ax = fig.add_subplot()
    draw(tape, target, ax=ax)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="the recorded graph"/>'


def to_html(tape, target=None):
    """HTML for a notebook: SVG by Graphviz, else a matplotlib PNG, else a table; never raises.

    Example:
        >>> import dualtape as dt
        >>> x = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     y = x * x
        >>> to_html(tape).startswith(("<svg", "<?xml", "<img", "<table"))
        True
    """
    for render in (lambda: to_svg(to_dot(tape, target)),
                   lambda: _matplotlib_html(tape, target),
                   lambda: to_html_table(tape, target)):
        try:
            return render()
        except Exception:  # noqa: BLE001 - each renderer may lack its package; try the next
            continue
    return f"<pre>{html.escape(repr(tape))}</pre>"
