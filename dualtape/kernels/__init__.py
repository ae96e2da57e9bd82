"""Numeric kernels that are not rules: plain-array series and recurrences
(special functions, `special`) that table entries wrap, and the graph
colourings of compressed sparse derivatives (`colouring`, `star_colouring`).

Nothing here sees a box or writes a derivative; the entries and transforms
that call these kernels do both.
"""
