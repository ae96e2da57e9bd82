"""The audit: every table entry checked against independent computations.

`primitives` walks the table (dot-product identity, finite differences,
batched tangents) and reports; `higher_order` adds the HyperDual and jet
checks; `check_gradients` cross-checks a user's function; `coverage` is the
table's page of modes.  The checks share `probes` (which arguments move, in
which random directions), `measures` (inner products, relative errors) and
`errors` (`AuditError`).  Inputs come from each entry's domain, sampled in
`dualtape.core.domains`.
"""
