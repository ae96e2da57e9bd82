"""Benchmarks: figures, never assertions.  ``python benchmarks/run.py`` is the entry point."""
