"""Small yard, high fence: which goods a target protects against a coercer
who cuts the one that hurts most (``kind = "yard"``).

:mod:`~deterrence.builders.yard.spec` reads the file,
:mod:`~deterrence.builders.yard.tree` builds the game tree,
:mod:`~deterrence.builders.yard.file` reads a file into a tree that rebuilds
itself, and :mod:`~deterrence.builders.yard.analysis` reads the protected set
off the solved tree, as a function of the budget.
"""
