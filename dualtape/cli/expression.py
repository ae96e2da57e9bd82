"""Safe expressions for the command line: ``"exp(sin(x)) * y**2"`` -> a function.

The text is parsed with the `ast` module and checked against a whitelist
before anything runs; it is never handed to `eval`.  What is allowed:

* numbers (int and float literals, turned into floats so ``9**9**9`` cannot
  grind through a huge integer power);
* the variables the caller declares;
* the constants ``pi`` and ``e``;
* ``+ - * / **`` and unary ``+``/``-``;
* calls of functions from `dualtape.numpy` by plain name, with positional
  arguments only (``sin(x)``, ``arctan2(y, x)``).

Everything else — attribute access (``os.system``), subscripts, lambdas,
comprehensions, keywords, strings, unknown names such as ``__import__`` — is
rejected with an `ExpressionError` that says what was found and what is
allowed.  So is an expression nested past `limits.MAX_DEPTH`.  Evaluation
walks the checked tree, so boxes of every mode flow through it like through
any other Python function; every call is first weighed against the array size
limit (`limits.ArrayBudget`).
"""
import ast
import math
import operator

import numpy as np

from .. import numpy as dnp
from .errors import ExpressionError, LimitExceeded
from .limits import ELEMENT_BUDGET, UNBOUNDED, ArrayBudget, check_nesting, count_operations

__all__ = ["ExpressionError", "Expression", "parse_expression", "parse_assignments",
           "allowed_functions"]

MAX_LENGTH = 2000          # long enough for any hand-written formula
CONSTANTS = {"pi": math.pi, "e": math.e}

# Binary operators go through the table's functions (named here, looked up at
# evaluation) so plain floats follow NumPy's rules too: 1/0 is inf and
# (-2)**0.5 is nan, never a ZeroDivisionError or a complex number.
_BINARY = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply",
           ast.Div: "divide", ast.Pow: "power"}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_SYMBOL = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
           ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
           ast.Invert: "~", ast.Not: "not"}

_HINT = ("allowed: numbers, the variables given with --at, pi, e, + - * / **, and calls "
         "of functions listed by `dualtape primitives`")


def allowed_functions():
    """The callables an expression may use, by name: the `dualtape.numpy` facade.

    Example:
        >>> from dualtape.cli.expression import allowed_functions
        >>> "sin" in allowed_functions() and "open" not in allowed_functions()
        True
    """
    return {name: fn for name in dnp.__all__
            if callable(fn := getattr(dnp, name)) and not name.startswith("_")
            and name not in UNBOUNDED and _differentiable(fn, getattr(np, name, None))}


def _differentiable(fn, numpy_object):
    """False for NumPy's own objects (file readers, printers, the test runner, ...), for
    functions with plain results and for those listed as not differentiated."""
    return fn is not numpy_object and not getattr(fn, "plain_result", False) and \
        not getattr(fn, "not_implemented", None)


class Expression:
    """A checked expression: call it with one value per variable, in order.

    Example:
        >>> from dualtape.cli.expression import parse_expression
        >>> f = parse_expression("x**2 + 3*y", ["x", "y"])
        >>> f(2.0, 1.0)
        7.0
    """

    def __init__(self, text, variables, tree, functions, max_elements=ELEMENT_BUDGET):
        self.text = text
        self.variables = tuple(variables)
        self.operations = count_operations(tree)
        self.max_elements = max_elements
        self._tree = tree
        self._functions = functions

    def __call__(self, *values):
        if len(values) != len(self.variables):
            raise TypeError(f"expression {self.text!r} takes {len(self.variables)} values "
                            f"({', '.join(self.variables)}), got {len(values)}")
        env = dict(zip(self.variables, values))
        return _evaluate(self._tree, env, self._functions, ArrayBudget(self.max_elements))

    def __repr__(self):
        return f"Expression({self.text!r}, variables={self.variables})"


def parse_expression(text, variables, max_elements=ELEMENT_BUDGET):
    """Check `text` against the whitelist; return an `Expression` of `variables`.

    Raises `ExpressionError` (a `ValueError`) naming the first construct that is
    not allowed, or the limit passed (a `LimitExceeded`).  Each evaluation may
    create arrays of `max_elements` elements in all.

    Example:
        >>> from dualtape.cli.expression import parse_expression, ExpressionError
        >>> parse_expression("exp(sin(x))", ["x"])(0.0)
        1.0
        >>> try:
        ...     parse_expression("__import__('os')", ["x"])
        ... except ExpressionError as exc:
        ...     print(str(exc).split(" (")[0])
        unknown function '__import__'
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the expression must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise LimitExceeded(f"the length limit: the expression is {len(text)} characters "
                            f"long; the limit is {MAX_LENGTH}")
    functions = allowed_functions()
    for v in variables:
        _check_variable_name(v, functions)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not a valid expression: {exc.msg} (at column {exc.offset})") \
            from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise ExpressionError(f"cannot parse the expression: {type(exc).__name__}") from None
    check_nesting(tree.body)         # before the recursive walks below
    _check(tree.body, set(variables), functions)
    return Expression(text, variables, tree.body, functions, max_elements)


def parse_assignments(text):
    """``"x=1.5,y=2"`` -> ``{"x": 1.5, "y": 2.0}`` (plain float literals only).

    Example:
        >>> from dualtape.cli.expression import parse_assignments
        >>> parse_assignments("x=1.5, y=-2")
        {'x': 1.5, 'y': -2.0}
    """
    values = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, number = part.partition("=")
        name, number = name.strip(), number.strip()
        if not sep or not name or not number:
            raise ExpressionError(f"--at expects name=value pairs separated by commas "
                                  f"(like x=1.5,y=2), got {part!r}")
        if not name.isidentifier():
            raise ExpressionError(f"--at: {name!r} is not a valid variable name")
        try:
            value = float(number)
        except ValueError:
            raise ExpressionError(f"--at: the value of {name} must be a number, "
                                  f"got {number!r}") from None
        if not math.isfinite(value):
            raise ExpressionError(f"--at: the value of {name} must be finite, got {number!r}")
        if name in values:
            raise ExpressionError(f"--at: {name} is given twice")
        values[name] = value
    if not values:
        raise ExpressionError("--at: give at least one variable, like --at x=1.5")
    return values


# --- the whitelist check ---------------------------------------------------------------

def _check_variable_name(name, functions):
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
        raise ExpressionError(f"{name!r} cannot be a variable name")
    if name in functions or name in CONSTANTS:
        raise ExpressionError(f"{name!r} is the name of a function or constant; "
                              f"choose another variable name")


def _check(node, variables, functions):
    """Walk the tree; raise on the first node outside the whitelist."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExpressionError(f"the literal {value!r} is not a real number ({_HINT})")
        return
    if isinstance(node, ast.Name):
        if node.id in variables or node.id in CONSTANTS:
            return
        if node.id in functions:
            raise ExpressionError(f"{node.id!r} is a function: call it, as in {node.id}(x)")
        raise ExpressionError(f"unknown name {node.id!r}: it is not a variable given with --at, "
                              f"pi or e ({_HINT})")
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"the operator {_symbol(node.op)} is not allowed ({_HINT})")
        _check(node.left, variables, functions)
        _check(node.right, variables, functions)
        return
    if isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            raise ExpressionError(f"the operator {_symbol(node.op)} is not allowed ({_HINT})")
        _check(node.operand, variables, functions)
        return
    if isinstance(node, ast.Call):
        _check_call(node, variables, functions)
        return
    raise ExpressionError(f"{_describe(node)} is not allowed in an expression ({_HINT})")


def _check_call(node, variables, functions):
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(f"only plain function names may be called, not "
                              f"{_describe(node.func)} ({_HINT})")
    name = node.func.id
    if name not in functions:
        why = "a variable, not a function" if name in variables or name in CONSTANTS \
            else "unknown function"
        if why == "unknown function":
            raise ExpressionError(f"unknown function {name!r} ({_HINT})")
        raise ExpressionError(f"{name!r} is {why}")
    if node.keywords:
        raise ExpressionError(f"{name}(...): keyword arguments are not allowed; "
                              f"pass arguments by position")
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            raise ExpressionError(f"{name}(...): *arguments are not allowed")
        _check(arg, variables, functions)


def _symbol(op):
    return repr(_SYMBOL.get(type(op), type(op).__name__))


_DESCRIPTIONS = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripting (x[...])",
    ast.Lambda: "a lambda", ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension", ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression", ast.Compare: "a comparison",
    ast.BoolOp: "and/or", ast.IfExp: "a conditional expression",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "an assignment (:=)",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Starred: "*unpacking",
}


def _describe(node):
    what = _DESCRIPTIONS.get(type(node), type(node).__name__)
    if isinstance(node, ast.Attribute):
        what += f" (.{node.attr})"
    return what


# --- evaluation of a checked tree ---------------------------------------------------------

def _evaluate(node, env, functions, budget):
    # Loops rather than comprehensions: each level of nesting costs one stack frame.
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id] if node.id in env else CONSTANTS[node.id]
    if isinstance(node, ast.BinOp):
        name = _BINARY[type(node.op)]
        left = _evaluate(node.left, env, functions, budget)
        right = _evaluate(node.right, env, functions, budget)
        return _call(name, functions[name], [left, right], budget)
    if isinstance(node, ast.UnaryOp):
        out = _UNARY[type(node.op)](_evaluate(node.operand, env, functions, budget))
        budget.after("negative" if isinstance(node.op, ast.USub) else "positive", out)
        return out
    # The only other node `_check` lets through is a call of a whitelisted name.
    args = []
    for a in node.args:
        if isinstance(a, ast.Constant) and type(a.value) is int:
            # An integer written as a call argument is a count, an axis or an order
            # (tile(x, 3), diag(v, 1)), which NumPy wants as an int; in arithmetic
            # literals stay floats, so 2**70 cannot wrap around in int64.
            args.append(a.value)
        else:
            args.append(_evaluate(a, env, functions, budget))
    return _call(node.func.id, functions[node.func.id], args, budget)


def _call(name, function, args, budget):
    budget.before(name, args)
    out = function(*args)
    budget.after(name, out)
    return out
