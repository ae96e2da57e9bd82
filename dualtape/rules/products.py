"""Transitional alias: the einsum entry is now `dualtape.rules.einsum`, the
contractions built from it `dualtape.composed.contractions`.

Only `composed/array_methods.py` still imports `trace` from here; delete this
module once it imports from `dualtape.composed.contractions`.  It registers
nothing, and `rules/__init__.py` does not import it, so this one upward import
is made only when that late import asks for it.
"""
from ..composed.contractions import trace  # noqa: F401
