"""Reverse mode: a recording tape (a flat Wengert list) replayed backwards.

`tape` records and runs the backward pass, `guards` keeps what the adjoints read
unchanged, `tensor` holds the tensors (and the leaf `constant`s and `Variable`s),
`gradient_tape` TensorFlow's `GradientTape` on top, `active` the tapes recording
in this thread, `jacobian` the reverse Jacobians and `to_dot` the pictures.
"""
