"""HTML for forward-mode boxes in notebooks: a small table of their parts."""
import html

import numpy as np

from ..core.box import raw


def parts_table(kind, parts):
    """`kind` as a heading over one row per ``(label, value)`` part.

    Example:
        >>> html = parts_table("Dual", [("primal", 1.0), ("tangent", 2.0)])
        >>> html.startswith("<b>Dual</b><table>"), "<th>tangent</th><td><code>2.</code>" in html
        (True, True)
    """
    rows = "".join(f"<tr><th>{html.escape(label)}</th><td><code>"
                   f"{html.escape(np.array2string(np.asarray(raw(value))))}</code></td></tr>"
                   for label, value in parts)
    return f"<b>{html.escape(kind)}</b><table>{rows}</table>"
