"""The hypothesis strategies: random programs together with their inputs."""
import numpy as np
from hypothesis import strategies as st

from .builder import Builder, Rejected
from .catalogue import catalogue, to_real_templates


@st.composite
def input_shapes(draw, n):
    """`n` shapes that broadcast together (rank ≤ 3, sides ≤ 4), () included."""
    rank = draw(st.integers(0, 3))
    full = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    shapes = []
    for _ in range(n):
        r = draw(st.integers(0, rank))
        s = full[rank - r:]
        s = tuple(1 if draw(st.integers(0, 4)) == 0 else d for d in s)
        shapes.append(s)
    return shapes


def _input(rng, shape, complex_value):
    """A program input in [-2, 2] (complex: imaginary part in [-1, 1]), a Python
    number for a scalar."""
    x = rng.uniform(-2, 2, shape)
    if complex_value:
        x = x + 1j * rng.uniform(-1, 1, shape)
        return complex(x) if shape == () else x
    return float(x) if shape == () else x


@st.composite
def programs(draw, max_steps=30, names=None, complex_inputs=True):
    """A random program of 1 to `max_steps` drawn primitives, with its inputs.

    `names` restricts the primitives drawn (default: every fuzzable entry); with
    `complex_inputs` about a third of the inputs are complex.
    """
    specs, _ = catalogue()
    pool = sorted(specs) if names is None else [n for n in names if n in specs]
    def seeded():
        return np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    rng = seeded()
    n_inputs = draw(st.integers(1, 3))
    inputs = [_input(rng, s, complex_inputs and draw(st.integers(0, 2)) == 0)
              for s in draw(input_shapes(n_inputs))]
    b = Builder(rng, inputs)
    n_steps = draw(st.sampled_from(range(1, max_steps + 1)))
    for _ in range(n_steps):
        for _attempt in range(4):
            mark = b.checkpoint()
            name = pool[draw(st.integers(0, len(pool) - 1))]
            b.rng = seeded()
            try:
                b.call(specs[name])
                break
            except Rejected:
                b.rollback(mark)
    b.rng = seeded()
    return b.program(b.finish(to_real_templates()))
