"""Which pattern rule each table entry follows: one rule per family, a few
entries with a rule of their own, and "dense" (with a warning) for the rest.

`attach` fills the table's ``pattern`` field for the entries registered so
far; `rule_for` also serves entries registered later (a user's elementwise
entry follows its family's rule), and an entry whose family has no rule is
taken as dense, which is correct but hides its sparsity, with a
`PatternWarning` that names it.

Example:
    >>> from dualtape.core.primitive import TABLE
    >>> rule_for(TABLE["sin"]).__name__, rule_for(TABLE["linalg.inv"]).__name__
    ('elementwise', 'dense')
"""
import warnings

from .. import rules as _rules  # noqa: F401  (fills the table these rules attach to)
from ..core.primitive import TABLE
from .family_rules import along_axes, by_adjoint_ids, by_element_ids, dense, elementwise, running
from .products import einsum, matmul

FAMILY_RULES = {
    "elementwise": elementwise,
    "complex_values": elementwise,
    "special": elementwise,
    "casting": elementwise,
    "shapes": by_element_ids,
    "indexing": by_element_ids,
    "reductions": along_axes,
    "statistics": along_axes,
    "matmul": matmul,
    "einsum": einsum,
    "linalg_inverses": dense,
    "linalg_decompositions": dense,
    "fft": dense,
    "floating_point": elementwise,
    "linalg_eig": dense,
    "signals": dense,
    "bessel_modified": elementwise,      # the special functions of dualtape.scipy.special
    "special_scipy": elementwise,
    "bessel_scipy": elementwise,
    "zeta": elementwise,
    "linalg_scipy": dense,
}

# Entries whose family rule does not describe them.
ENTRY_RULES = {
    "scatter_add": by_adjoint_ids,     # indexing, but it sums into its output
    "cumsum": running,                 # statistics, but cumulative
    "cumprod": running,
    "fft.fftshift": by_element_ids,    # fft, but a rearrangement
    "fft.ifftshift": by_element_ids,
}

# Families whose rules are exact (the pattern at a point is the Jacobian's
# structure there); the audit holds them to it.
EXACT_FAMILIES = ("elementwise", "complex_values", "special", "casting", "shapes", "indexing",
                  "reductions", "bessel_modified", "special_scipy", "bessel_scipy", "zeta")


class PatternWarning(UserWarning):
    """A table entry without a pattern rule was taken as dense."""


def rule_for(prim):
    """The pattern rule of a table entry: its own ``pattern`` field, else its
    family's rule, else `dense` (warning once per entry).

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> rule_for(TABLE["reshape"]).__name__
        'by_element_ids'
    """
    rule = prim.pattern or FAMILY_RULES.get(prim.family)
    if rule is None:
        warnings.warn(
            f"sparsity: table entry {prim.name!r} (family {prim.family!r}) has no pattern rule, so "
            f"each of its outputs is taken to depend on all of its inputs (dense): correct, but "
            f"any sparsity through it is lost. Give the entry a `pattern` rule "
            f"(dualtape.sparsity.rule_book) or a family that has one.", PatternWarning, stacklevel=4)
        return dense
    return rule


def attach(table=TABLE):
    """Fill the ``pattern`` field of every entry of `table` that has a rule and none yet.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> attach(); TABLE["cumsum"].pattern.__name__
        'running'
    """
    for name, prim in table.items():
        if prim.pattern is None:
            prim.pattern = ENTRY_RULES.get(name) or FAMILY_RULES.get(prim.family)


attach()
