"""Sparsity detection: the pattern box, an engine beside the forward and reverse ones.

A `PatternBox` (`box`) carries a value and, per element, the set of inputs it
depends on (and, for Hessians, the input pairs that interact non-linearly),
as `IndexSets` (`index_sets`).  Each table entry's pattern rule, stated once
per family (`family_rules`, `products`, chosen in `rule_book`), tells the box
which argument elements each output element depends on; `detect` runs a
function on such boxes and returns its `Pattern` (`pattern`), which colours
itself with `dualtape.kernels.colouring` (`star_colouring` for Hessians).  `SparseMatrix` (`matrix`) holds a
computed sparse derivative.  The transforms that use all this are in
`dualtape.transforms.sparse`.
"""
