"""The audit: every table entry checked against independent computations.

`primitives` walks the table (dot-product identity, finite differences,
batched tangents); `higher_order` adds the HyperDual and jet checks;
`check_gradients` cross-checks a user's function; `coverage` is the table's
page of modes.
"""
