"""Transforms: JAX-style functions built only on the two engines.

`first_order` (jvp, vjp, gradient), `jacobians` (jacobian, jacfwd, jacrev),
`higher_order` (hessian, hvp, derivative, taylor), `sparse` (sparse Jacobians
and Hessians), `custom` (user primitives, custom_gradient) and `stop_gradient`;
`inputs`, `outputs` and `dtypes` hold what they share in reading their
arguments and shaping their results.
No derivative rule lives here.
"""
