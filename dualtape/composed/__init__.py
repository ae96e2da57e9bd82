"""Functions built from table entries, with no derivative rules of their own.

Each function here calls entries of the table (or other composed functions),
so every mode differentiates it through those entries.
"""
