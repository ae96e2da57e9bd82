"""How many of NumPy's public names ``dualtape.numpy``, ``autograd.numpy`` and
``jax.numpy`` resolve, counted against the NumPy that is installed.

    python benchmarks/namespace_coverage.py

Run it in an environment with the peers installed (``pip install -e ".[bench]"``);
a peer that is missing is reported as such.  "Resolves" means the name exists
in the peer's namespace; for dualtape and autograd the script also says what
kind of object it is:

* dualtape: the kinds of the coverage page (`dualtape.audit.numpy_names`);
* autograd: a primitive with a VJP (differentiable), one registered as having
  no derivative (``register_notrace``: plain results), a primitive without a
  VJP (it raises when differentiated), a Python function of its own (composed),
  or NumPy's own object.

JAX's names are counted only as resolving: ``jax.numpy`` gives no per-name
record of differentiability.
"""
import importlib

import numpy as np

NAMESPACES = ("", "linalg", "fft")


def public(module):
    """The public names of a module, sorted.

    Example:
        >>> "sin" in public(np), "_NoValue" in public(np)
        (True, False)
    """
    return sorted(n for n in dir(module) if not n.startswith("_"))


def resolved(reference, candidate):
    """The names of `reference` that `candidate` (a module, or None) also has.

    Example:
        >>> len(resolved(np.fft, None)), "fft" in resolved(np.fft, np.fft)
        (0, True)
    """
    if candidate is None:
        return []
    return [n for n in public(reference) if hasattr(candidate, n)]


def _load(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _sub(module, part):
    return module if module is None or not part else getattr(module, part, None)


def autograd_kinds(names, anp, np_module):
    """Sort autograd.numpy's objects for `names` into kinds.

    Example:
        >>> autograd_kinds([], None, np)
        {}
    """
    if anp is None:
        return {}
    from autograd.core import primitive_vjps            # noqa: autograd is optional here
    from autograd.tracer import notrace_primitives      # noqa
    no_derivative = set().union(*notrace_primitives.values())
    kinds = {}
    for n in names:
        obj = getattr(anp, n)
        if obj in primitive_vjps and primitive_vjps[obj]:
            kind = "primitive with a VJP"
        elif obj in no_derivative:
            kind = "no derivative (notrace)"
        elif obj is getattr(np_module, n, object()):
            kind = "NumPy's own"
        elif getattr(obj, "_is_autograd_primitive", False):
            kind = "primitive without a VJP"
        else:
            kind = "function of its own"
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def dualtape_kinds(dnp, part):
    """The coverage page's kinds for one dualtape.numpy namespace.

    Example:
        >>> dualtape_kinds(None, "")
        {}
    """
    if dnp is None:
        return {}
    from dualtape.audit.numpy_names import name_rows, kind_counts     # noqa: dualtape is optional
    rows = name_rows(_sub(dnp, part), _sub(np, part), f"{part}." if part else "")
    return {k: v for k, v in kind_counts(rows).items() if v}


def main():
    """Print the counts for every namespace and peer."""
    peers = {"dualtape.numpy": _load("dualtape.numpy"), "autograd.numpy": _load("autograd.numpy"),
             "jax.numpy": _load("jax.numpy")}
    print(f"NumPy {np.__version__}")
    for part in NAMESPACES:
        reference = _sub(np, part)
        title = "numpy" + (f".{part}" if part else "")
        print(f"\n{title}: {len(public(reference))} public names")
        for peer, module in peers.items():
            if module is None:
                print(f"  {peer:<16} not installed")
                continue
            names = resolved(reference, _sub(module, part))
            line = f"  {peer:<16} {len(names):4d} resolve"
            kinds = dualtape_kinds(module, part) if peer == "dualtape.numpy" else \
                autograd_kinds(names, _sub(module, part), reference) if peer == "autograd.numpy" \
                else {}
            if kinds:
                line += " (" + ", ".join(f"{v} {k}" for k, v in kinds.items()) + ")"
            print(line)


if __name__ == "__main__":
    main()
