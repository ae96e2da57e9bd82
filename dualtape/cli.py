"""The command line: ``python -m dualtape [tour|check|primitives]``."""
import argparse
import sys


def _cmd_tour(args):
    from .tour import main
    return main()


def _cmd_check(args):
    from .audit import check_primitives
    progress = _progress if sys.stderr.isatty() else None
    report = check_primitives(args.names or None, progress=progress)
    if progress:
        sys.stderr.write("\r" + " " * 60 + "\r")
    print(report)
    return 0 if report.ok else 1


def _progress(done, total, name):
    sys.stderr.write(f"\rauditing {done}/{total}: {name:<30}")
    sys.stderr.flush()


def _cmd_primitives(args):
    from .coverage import coverage_table
    print(coverage_table())
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="dualtape", description="Automatic differentiation on NumPy, checked several ways.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("tour", help="the tutorial programs, a cross-mode table and the audit (default)")
    check = sub.add_parser("check", help="audit the primitive table; non-zero exit on failure")
    check.add_argument("names", nargs="*", help="primitives to audit (default: all)")
    sub.add_parser("primitives", help="list the primitive table and the modes each entry supports")
    return parser


COMMANDS = {"tour": _cmd_tour, "check": _cmd_check, "primitives": _cmd_primitives}


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command or "tour"](args)
    except KeyError as exc:
        print(f"dualtape: {exc.args[0]}", file=sys.stderr)
        return 2
