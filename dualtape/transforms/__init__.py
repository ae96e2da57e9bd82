"""Transforms: JAX-style functions built only on the two engines.

`first_order` (jvp, vjp, gradient, jacobian), `higher_order` (hessian, hvp,
derivative, taylor), `custom` (user primitives, custom_gradient) and
`stop_gradient`; `inputs` holds what they share in reading their arguments.
No derivative rule lives here.
"""
