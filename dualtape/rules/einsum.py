"""``einsum``, the one entry behind every contraction: the products NumPy
defines as contractions (``vdot``, ``inner``, ``outer``, ``tensordot``,
``kron``, ``cross``, ``trace``) are composed from it in
`dualtape.composed.contractions`.

The einsum primitive only ever sees *canonical* subscripts: explicit output,
no ellipsis (spelled out as letters), and operands already broadcast so every
label has one size.  Its rules are einsums again:

* tangent for operand i: the same contraction with operand i replaced by its
  tangent, whose leading direction axes get fresh labels kept in the output;
* adjoint for operand i: contract the cotangent with the other operands back
  to operand i's labels (a batch of cotangents gets fresh labels for its
  leading axes, kept in front of the answer).  A label repeated inside operand i (a diagonal, as in
  ``"ii->i"``) gets a fresh label and an identity matrix tying the two
  together, which embeds the cotangent on that diagonal; a label that appears
  only in operand i (summed away) is brought back by a ones vector.
"""
import string

import numpy as np

from ..core.dispatch import bind
from ..core.primitive import defprimitive
from ..core.arrays import shape, ndim, batch_ndim
from .helpers import cotangent_batch
from .shapes import broadcast_to
from .complex_values import accept_complex, HOLOMORPHIC

__all__ = ["einsum"]

_LETTERS = string.ascii_letters


# --- the einsum primitive ---------------------------------------------------------------

def _split_subscripts(subscripts):
    ins, out = subscripts.split("->")
    return ins.split(","), out


def _fresh(used, n):
    """`n` labels that do not occur in the string `used`."""
    free = [c for c in _LETTERS if c not in used]
    if len(free) < n:
        raise ValueError("einsum: too many distinct labels (at most 52 including the ones "
                         "needed to differentiate)")
    return "".join(free[:n])


def _label_sizes(terms, operands):
    sizes = {}
    for term, x in zip(terms, operands):
        for label, n in zip(term, shape(x)):
            sizes[label] = n
    return sizes


def _einsum_impl(*operands, subscripts):
    return np.einsum(subscripts, *operands, optimize=len(operands) > 2)


def _einsum_tangent(ts, out, *operands, subscripts):
    terms, res = _split_subscripts(subscripts)
    total = None
    for i, t in enumerate(ts):
        if t is None:
            continue
        lead = _fresh(subscripts, batch_ndim(t, operands[i]))
        new_terms = list(terms)
        new_terms[i] = lead + terms[i]
        args = list(operands)
        args[i] = t
        part = bind(_einsum, *args, subscripts=",".join(new_terms) + "->" + lead + res)
        total = part if total is None else total + part
    return total


def _einsum_adjoint(g, out, *operands, subscripts):
    terms, res = _split_subscripts(subscripts)
    sizes = _label_sizes(terms, operands)
    # a batch of cotangents: fresh labels in front of the result's, kept in every answer
    lead = _fresh(subscripts, len(cotangent_batch(g, out)))
    return tuple(_einsum_adjoint_one(g, i, terms, res, operands, sizes, subscripts + lead, lead)
                 for i in range(len(operands)))


def _einsum_adjoint_one(g, i, terms, res, operands, sizes, used, lead):
    target = terms[i]
    others = [t for j, t in enumerate(terms) if j != i]
    in_terms = [lead + res] + others
    args = [g] + [x for j, x in enumerate(operands) if j != i]
    # A repeated label is renamed in the result and tied back with an identity.
    renamed = ""
    for label in target:
        if label in renamed:
            new = _fresh(used, 1)
            used += new
            in_terms.append(label + new)
            args.append(np.eye(sizes[label]))
            renamed += new
        else:
            renamed += label
    # A label summed inside operand i alone comes back as a broadcast (ones).
    present = set("".join(in_terms))
    missing = "".join(dict.fromkeys(c for c in target if c not in present))
    if missing:
        in_terms.append(missing)
        args.append(np.ones(tuple(sizes[c] for c in missing)))
    return bind(_einsum, *args, subscripts=",".join(in_terms) + "->" + lead + renamed)


def _einsum_examples(rng):
    n = rng.standard_normal
    return [
        ((n((3, 4)), n((4, 2))), dict(subscripts="ij,jk->ik")),
        ((n((3, 3)),), dict(subscripts="ii->i")),
        ((n((3, 3)),), dict(subscripts="ii->")),
        ((n((4,)), n((4,))), dict(subscripts="i,i->")),
        ((n((2, 3, 4)), n((2, 4, 5))), dict(subscripts="bij,bjk->bik")),
        ((n((2, 3)), n((3, 4)), n((4, 2))), dict(subscripts="ij,jk,kl->il")),
        ((n((3, 2, 3)), n((2,))), dict(subscripts="iji,j->j")),
        ((n((2, 3)),), dict(subscripts="ij->ji")),
        ((n((2, 3)), n((4,))), dict(subscripts="ij,k->k")),
    ]


_einsum = defprimitive(
    "einsum", _einsum_impl, _einsum_tangent, _einsum_adjoint,
    static=("subscripts",), family="einsum", examples=_einsum_examples,
    doc="Einstein summation on canonical subscripts (explicit output, no ellipsis).")


# --- parsing NumPy's subscripts into the canonical form --------------------------------------

def _sublist_to_string(sublist):
    """The interleaved form's ``[0, 1, Ellipsis]`` as ``"ab..."``."""
    out = ""
    for item in sublist:
        if item is Ellipsis:
            out += "..."
        else:
            k = int(item)
            if not 0 <= k < len(_LETTERS):
                raise ValueError(f"einsum: subscript {k} in a sublist is out of range [0, 52)")
            out += _LETTERS[k]
    return out


def _parse_operands(args):
    """``(subscripts, operands)`` from either calling form of ``numpy.einsum``."""
    if not args:
        raise ValueError("einsum: no subscripts given")
    if isinstance(args[0], str):
        return args[0], list(args[1:])
    operands, terms = list(args[0::2]), list(args[1::2])
    out = None
    if len(terms) < len(operands):        # a trailing output sublist
        out = _sublist_to_string(operands.pop())
    subs = ",".join(_sublist_to_string(t) for t in terms)
    return subs + ("" if out is None else "->" + out), operands


def _canonical(subscripts, operands):
    """Explicit subscripts without ellipsis, plus the operands broadcast so each
    label has one size; returns ``(subscripts, operands)``."""
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        ins, out = subscripts.split("->")
    else:
        ins, out = subscripts, None
    terms = ins.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"einsum: {len(terms)} operand subscripts given for "
                         f"{len(operands)} operands in {subscripts!r}")
    for c in subscripts.replace("...", "").replace(",", "").replace("->", ""):
        if c not in _LETTERS:
            raise ValueError(f"einsum: invalid subscript {c!r} in {subscripts!r}; use letters")
    # Ellipsis dimensions get labels that the subscripts do not use, right-aligned.
    n_ell = 0
    for term, x in zip(terms, operands):
        if "..." in term:
            n_ell = max(n_ell, ndim(x) - len(term.replace("...", "")))
    ell = _fresh(subscripts, n_ell)
    spelled = []
    for term, x in zip(terms, operands):
        if "..." in term:
            k = ndim(x) - len(term.replace("...", ""))
            term = term.replace("...", ell[len(ell) - k:] if k else "")
        if len(term) != ndim(x):
            raise ValueError(f"einsum: subscripts {term!r} do not match an operand of shape {shape(x)}")
        spelled.append(term)
    if out is None:
        counts = {}
        for c in "".join(spelled):
            counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, k in counts.items() if k == 1 and c not in ell))
    else:
        if "..." not in out and n_ell and any("..." in t for t in terms):
            raise ValueError("einsum: output has more dimensions than subscripts given in einstein "
                             "sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
        out = out.replace("...", ell)
        for c in out:
            if c not in "".join(spelled):
                raise ValueError(f"einsum: output subscript {c!r} does not appear in the inputs")
        if len(set(out)) != len(out):
            raise ValueError(f"einsum: output subscript {out!r} repeats a label")
    # One size per label; size-1 dimensions broadcast (as NumPy's einsum allows).
    sizes = {}
    for term, x in zip(spelled, operands):
        for c, n in zip(term, shape(x)):
            if sizes.get(c, 1) == 1:
                sizes[c] = n
            elif n not in (1, sizes[c]):
                raise ValueError(f"einsum: operands could not be broadcast together: label {c!r} "
                                 f"has sizes {sizes[c]} and {n}")
    ops = []
    for term, x in zip(spelled, operands):
        full = tuple(sizes[c] for c in term)
        if shape(x) != full:
            if len(set(term)) != len(term):
                raise ValueError(f"einsum: a repeated label in {term!r} needs equal sizes, got {shape(x)}")
            x = broadcast_to(x, full)
        ops.append(x)
    return ",".join(spelled) + "->" + out, ops


def einsum(*operands, optimize=False):
    """``numpy.einsum``: explicit or implicit subscripts, ellipsis, repeated
    labels (traces and diagonals), any number of operands, and NumPy's
    interleaved ``einsum(a, [0, 1], b, [1, 2])`` form.

    `optimize` is accepted for compatibility; contractions of three or more
    operands always take NumPy's optimized path.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> float(dt.numpy.einsum("ii", np.array([[1.0, 2.0], [3.0, 4.0]])))
        5.0
        >>> dt.gradient(lambda a: dt.numpy.einsum("ij,ij->", a, a))(np.ones((2, 2)))
        array([[2., 2.],
               [2., 2.]])
    """
    subscripts, ops = _parse_operands(operands)
    subscripts, ops = _canonical(subscripts, ops)
    return bind(_einsum, *ops, subscripts=subscripts)


# --- complex values: a sum of products is holomorphic (no conjugate in its rules) ------------
accept_complex(HOLOMORPHIC, _einsum)
