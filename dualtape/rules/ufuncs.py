"""Transitional alias: these elementwise entries are now in
`dualtape.rules.elementwise_more` (``real``, ``imag``, ``conj``) and
`dualtape.rules.elementwise_piecewise` (``remainder``, ``floor``, ``round``).

Only `reverse/tape.py` and `composed/array_methods.py` still import them from
here; delete this module once they import from those two.  It registers
nothing of its own, and `rules/__init__.py` does not import it.
"""
from .elementwise_more import real, imag, conj  # noqa: F401
from .elementwise_piecewise import remainder, floor, round  # noqa: F401
