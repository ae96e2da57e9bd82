"""The bottom layers: boxes and levels, the primitive table, and dispatch."""
