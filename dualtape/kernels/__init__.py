"""Numeric kernels that are not rules: plain-array series and recurrences
(special functions) that table entries wrap.

Nothing here sees a box or writes a derivative; the entries that call these
kernels do both.
"""
