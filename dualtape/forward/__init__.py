"""Forward mode: boxes that carry derivatives along with values.

`Dual` numbers (value + tangent) for first derivatives, `HyperDual` numbers for
exact second derivatives, and Taylor `Jet`s for derivatives of any order;
`parts` holds what the three do alike, and `hand_built` how numbers built by
hand share one ε.
"""
