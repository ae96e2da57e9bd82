"""What a program is: numbered values, the steps that compute them, and `run`."""
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE


class Var:
    """A reference to value number `index` of a program (inputs come first)."""

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index

    def __repr__(self):
        return f"Var({self.index})"


class Step:
    """``outs = TABLE[name](*args, **params)``; `public` names the
    ``dualtape.numpy`` function that binds exactly this primitive, if any."""

    __slots__ = ("name", "args", "params", "outs", "public")

    def __init__(self, name, args, params, outs, public=None):
        self.name = name
        self.args = tuple(args)
        self.params = dict(params)
        self.outs = tuple(outs)        # value indices; None for a discarded output
        self.public = public


class Program:
    """Inputs, steps and the index of the scalar result."""

    def __init__(self, inputs, steps, output, n_values):
        self.inputs = tuple(inputs)
        self.steps = list(steps)
        self.output = output
        self.n_values = n_values

    @property
    def n_inputs(self):
        return len(self.inputs)

    def primitives(self):
        """The table entries the program calls, in order of first use."""
        seen = []
        for s in self.steps:
            if s.name not in seen:
                seen.append(s.name)
        return seen

    def __repr__(self):
        # Imported here because printing.py imports this module (for `Var`).
        from .printing import source
        return source(self)


def run(program, *inputs):
    """Evaluate `program` on `inputs` (floats, arrays or boxes of any mode).

    Example:
        >>> import dualtape as dt
        >>> square = Program([3.0], [Step("multiply", [Var(0), Var(0)], {}, [1])], 1, 2)
        >>> run(square, 3.0), dt.gradient(lambda x: run(square, x))(3.0)
        (9.0, 6.0)
    """
    env = list(inputs) + [None] * (program.n_values - len(inputs))
    for step in program.steps:
        args = [env[a.index] if isinstance(a, Var) else a for a in step.args]
        out = bind(TABLE[step.name], *args, **step.params)
        if TABLE[step.name].multiple_results:
            for o, value in zip(step.outs, out):
                if o is not None:
                    env[o] = value
        else:
            env[step.outs[0]] = out
    return env[program.output]
