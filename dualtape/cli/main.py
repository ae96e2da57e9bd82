"""The command line: ``python -m dualtape [tour|diff|check|primitives]``.

Exit codes: 0 success; 1 a check failed (an audit row, or modes that disagree);
2 bad usage (unknown option, rejected expression, unknown primitive).
"""
import argparse
import math
import sys

import numpy as np

from ..audit.coverage import coverage_markdown, coverage_table
from ..audit.primitives import check_primitives
from .. import numpy as dnp
from . import derivative_table as dtab
from .errors import ExpressionError, LimitExceeded
from .expression import parse_assignments, parse_expression
from .limits import check_work, element_limit
from .time_limit import TimeLimitExceeded, time_limit
from .tour import main as tour

MAX_ORDER = 10          # nested forward/reverse cost grows like 2.7**order (see limits)
DEFAULT_TIMEOUT = 10.0  # seconds of wall-clock time for one `diff`


def _cmd_tour(args):
    progress = _progress if sys.stderr.isatty() else None
    try:
        return tour(progress=progress)
    finally:
        _clear_progress(progress)


# --- check / primitives -------------------------------------------------------------------

def _cmd_check(args):
    progress = _progress if sys.stderr.isatty() else None
    try:
        report = check_primitives(args.names or None, progress=progress)
    except KeyError as exc:
        print(f"dualtape check: {exc.args[0]}", file=sys.stderr)
        return 2
    finally:
        _clear_progress(progress)
    print(report)
    return 0 if report.ok else 1


def _progress(done, total, name):
    sys.stderr.write(f"\rauditing {done}/{total}: {name:<30}")
    sys.stderr.flush()


def _clear_progress(progress):
    if progress:
        sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()


def _cmd_primitives(args):
    if args.markdown:
        sys.stdout.write(coverage_markdown(audit=not args.no_audit, namespace=dnp))
    else:
        print(coverage_table(audit=not args.no_audit, namespace=dnp))
    return 0


# --- diff ------------------------------------------------------------------------------------

def _cmd_diff(args):
    available = dtab.available_modes()
    modes = available if args.mode == "all" else [args.mode]
    missing = [m for m in modes if m not in available]
    if missing:
        print(f"dualtape diff: mode {missing[0]!r} is not available in this build "
              f"(available: {', '.join(available)})", file=sys.stderr)
        return 2
    try:
        point = parse_assignments(args.at)
        f = parse_expression(args.expression, list(point),
                             max_elements=element_limit(args.order, modes))
        check_work(f.operations, len(point), args.order, modes)
    except ExpressionError as exc:          # bad text, or a limit (LimitExceeded) reached
        print(f"dualtape diff: {exc}", file=sys.stderr)
        return 2
    try:
        # inf and nan (1/x at 0, sqrt of a negative) belong in the table, not in warnings.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"), \
                time_limit(args.timeout):
            table = dtab.derivative_table(f, list(point.values()), args.order, modes)
    except TimeLimitExceeded:
        print(f"dualtape diff: the time limit: {_shorten(args.expression)!r} at "
              f"{_shorten(args.at)} did not finish in {args.timeout:g} s; ask for a lower "
              f"--order or fewer variables, or allow more time with --timeout SECONDS",
              file=sys.stderr)
        return 2
    except LimitExceeded as exc:
        print(f"dualtape diff: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the formula itself failed: say where, as a usage error
        print(f"dualtape diff: evaluating {_shorten(args.expression)!r} at {_shorten(args.at)} "
              f"failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    where = ", ".join(f"{k} = {v:g}" for k, v in point.items())
    print(f"f({', '.join(point)}) = {args.expression}    at {where}\n")
    print(table.render())
    return 0 if table.agree() else 1


def _shorten(text, limit=80):
    """`text` cut to `limit` characters for a message (a formula or point may be long)."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _order(text):
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--order must be an integer, got {text!r}") from None
    if not 1 <= k <= MAX_ORDER:
        raise argparse.ArgumentTypeError(f"--order must be between 1 and {MAX_ORDER}, got {k}")
    return k


def _timeout(text):
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--timeout must be a number of seconds, "
                                         f"got {text!r}") from None
    if not (seconds > 0 and math.isfinite(seconds)):
        raise argparse.ArgumentTypeError(f"--timeout must be a positive number of seconds, "
                                         f"got {text!r}")
    return seconds


# --- the parser ------------------------------------------------------------------------------

def build_parser():
    """The argument parser of the ``dualtape`` command.

    Example:
        >>> from dualtape.cli.main import build_parser
        >>> build_parser().parse_args(["diff", "sin(x)", "--at", "x=1"]).order
        1
    """
    parser = argparse.ArgumentParser(
        prog="dualtape", description="Automatic differentiation on NumPy, checked several ways.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("tour", help="the tutorial programs, a cross-mode table and the audit (default)")
    diff = sub.add_parser(
        "diff", help="derivatives of an expression, every mode side by side",
        description="Derivatives of an expression in NumPy syntax, computed by every mode. "
                    "Order 1 prints the gradient, order 2 adds the Hessian, order K adds "
                    "the pure partial derivatives up to K. The expression is checked against "
                    "a whitelist (numbers, the --at variables, pi, e, + - * / **, functions "
                    "listed by `dualtape primitives`); it is never eval'd. A request too "
                    "large to finish in seconds is refused with exit code 2 and the name of "
                    "the limit it passed: the nesting depth, the array size, the work of the "
                    "table, or the time (--timeout).",
        epilog='example: dualtape diff "exp(sin(x)) * y**2" --at x=1.5,y=2 --order 2')
    diff.add_argument("expression", help='a formula such as "exp(sin(x)) * y**2"')
    diff.add_argument("--at", required=True, metavar="x=1.5,y=2",
                      help="the point: one name=value per variable")
    diff.add_argument("--order", type=_order, default=1, metavar="K",
                      help=f"highest derivative order, 1 to {MAX_ORDER} (default 1)")
    diff.add_argument("--mode", default="all",
                      choices=["all", "forward", "reverse", "hyperdual", "jet"],
                      help="one mode, or all of them side by side (default)")
    diff.add_argument("--timeout", type=_timeout, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                      help=f"stop with exit code 2 after this much wall-clock time "
                           f"(default {DEFAULT_TIMEOUT:g})")
    check = sub.add_parser("check", help="audit the primitive table; non-zero exit on failure")
    check.add_argument("names", nargs="*", help="primitives to audit (default: all)")
    prims = sub.add_parser("primitives", help="list the primitive table, the modes each entry "
                                               "supports and its audit status")
    prims.add_argument("--markdown", action="store_true",
                       help="print the page docs/primitives.md is generated as")
    prims.add_argument("--no-audit", action="store_true",
                       help="leave out the audit column (skips the second or two it takes)")
    return parser


COMMANDS = {"tour": _cmd_tour, "diff": _cmd_diff, "check": _cmd_check,
            "primitives": _cmd_primitives}


def main(argv=None):
    """Run the command line with `argv` (default: ``sys.argv[1:]``); returns the exit code.

    Example:
        >>> from dualtape.cli.main import main
        >>> main(["diff", "x**3", "--at", "x=2", "--mode", "forward"])  # doctest: +ELLIPSIS
        f(x) = x**3    at x = 2
        ...
        0
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:        # argparse reports usage errors itself, with code 2
        return exc.code
    return COMMANDS[args.command or "tour"](args)
