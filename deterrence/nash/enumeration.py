"""Every extreme Nash equilibrium of a two-player game, exact, with its components.

The method is the one of lrsnash (Avis, Rosenberg, Savani and von Stengel,
"Enumeration of Nash equilibria for two-player games", *Economic Theory*
42, 2010). Shift both payoff matrices so that every entry is positive and
form the *best-response polytopes*

.. math::

    P = \\{x \\ge 0 : B^\\top x \\le 1\\}, \\qquad Q = \\{y \\ge 0 : A y \\le 1\\}.

A point of :math:`P` has label :math:`i` (a row) when :math:`x_i = 0` and
label :math:`m + j` (a column) when column :math:`j` is a best response,
:math:`(B^\\top x)_j = 1`; labels of :math:`Q` likewise. A pair of non-zero
vertices whose labels together cover all :math:`m + n` labels is
*complementary*, and, normalised to probabilities, is an extreme Nash
equilibrium; every extreme equilibrium arises this way, also in degenerate
games, where a vertex may carry more than :math:`m` (or :math:`n`) labels.

The vertices are enumerated exactly by cddlib (double description, GMP
rationals, degeneracy handled) through pycddlib; the labels are cddlib's
incidence sets. For square games (and nearly square ones) both polytopes are
enumerated and complementary label sets matched through a dictionary
(:func:`complementary_pairs`); otherwise only the polytope of lower
dimension is enumerated and, for each of its vertices, the vertices of the
complementary face of the other polytope (:func:`pairs_by_faces`, as
lrsnash does), which is far faster when one player has many more
strategies. Every pair is normalised to probabilities and verified exactly.

The equilibrium set is a finite union of *maximal Nash subsets*: products
:math:`X' \\times Y'` of convex hulls of extreme strategies in which every
pair is an equilibrium. They are the maximal complete bipartite subgraphs
(bicliques) of the bipartite graph whose edges are the extreme equilibria
(Avis et al. 2010, section 6; Winkels 1979). Maximal subsets that share an
extreme strategy belong to one connected *component*; a component with more
than one extreme equilibrium is a continuum.

Example
-------
Battle of the sexes: two pure equilibria and one mixed.

>>> from deterrence.model import NormalFormGame
>>> bos = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> r = enumerate_equilibria(bos)
>>> [eq.label() for eq in r.equilibria]
['(s1, s1)', '(s2, s2)', '(2/3 s1 + 1/3 s2, 1/3 s1 + 2/3 s2)']
>>> r.complete, len(r.components)
(True, 3)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

from deterrence.errors import UsageError
from deterrence.nash.result import Component, MixedEquilibrium, SolveResult, ordered
from deterrence.nash.verify import check_equilibrium
from deterrence.model.interop import accepts_nashpy


class _LongIntegers:
    """Let cddlib's text interface take integers of any length.

    pycddlib passes exact numbers as decimal text, and Python refuses to
    convert integers of more than 4,300 digits to text by default; scaled
    payoffs of a game with large exact entries can exceed that.
    """

    def __enter__(self):
        import sys

        self.saved = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)

    def __exit__(self, *exc):
        import sys

        sys.set_int_max_str_digits(self.saved)
        return False


#: ``with long_integers(): ...`` lets cddlib take integers of any length (public for the
#: sequence form of game trees, :mod:`deterrence.trees.sequence_form`).
long_integers = _LongIntegers


def cdd_generators(rows, lin=frozenset(), incidence: bool = True):
    """cddlib's generators of ``{z : b + A z >= 0}`` (rows ``[b, A]``, exact; the rows in
    ``lin`` are equalities) and, with ``incidence``, the rows tight at each (else
    ``None``); integers of any length allowed both ways."""
    import cdd

    with long_integers():
        mat = cdd.Matrix(rows, number_type="fraction")
        mat.rep_type = cdd.RepType.INEQUALITY
        mat.lin_set = frozenset(lin)
        poly = cdd.Polyhedron(mat)
        return poly.get_generators(), poly.get_incidence() if incidence else None

METHOD = "vertex-enumeration"


# --------------------------------------------------------------------- polytopes


def positive_integer_matrix(matrix) -> list[list[int]]:
    """A positive integer matrix with the same best responses as ``matrix``.

    Adds a constant so that the least entry is 1, then multiplies by the
    common denominator; both are positive affine maps, which leave best
    responses, and so the equilibria, unchanged.

    >>> positive_integer_matrix([[Fraction(1, 2), -1], [0, 0]])
    [[5, 2], [4, 4]]
    """
    entries = [Fraction(v) for row in matrix for v in row]
    shift = 1 - min(entries)
    scale = math.lcm(*(v.denominator for v in entries))
    rows, cols = len(matrix), len(matrix[0])
    flat = [int((v + shift) * scale) for v in entries]
    return [flat[r * cols:(r + 1) * cols] for r in range(rows)]


def polytope_vertices(bounds: Sequence[Sequence[int]], first_labels_are_bounds: bool):
    """Non-zero vertices of ``{z >= 0 : M z <= 1}`` and the labels of each.

    Parameters
    ----------
    bounds:
        The rows of ``M`` (one per inequality ``M_k z <= 1``), positive integers.
    first_labels_are_bounds:
        Whether the rows of ``M`` carry the first labels (true for ``Q``,
        whose labels ``0..m-1`` are rows of ``A``), or the coordinates
        ``z_k = 0`` do (true for ``P``: labels ``0..m-1`` are ``x_i = 0``).

    Returns
    -------
    vertices:
        Each non-zero vertex as cddlib's row ``(1, z_1, ..., z_d)`` of exact
        numbers (convert with :func:`normalised` when needed: most vertices
        are never paired, so converting them all would be wasted work).
    labels:
        Boolean matrix, one row per vertex: which labels it carries.
    """
    import numpy as np

    dim = len(bounds[0])
    nonneg = [[0] + [int(k == i) for k in range(dim)] for i in range(dim)]
    upper = [[1] + [-v for v in row] for row in bounds]
    rows = upper + nonneg if first_labels_are_bounds else nonneg + upper
    generators, incidence = cdd_generators(rows)
    vertices = []
    keep = []
    for k in range(generators.row_size):
        row = generators[k]
        if row[0] == 0:  # cannot happen: the polytope is bounded
            raise ArithmeticError("best-response polytope is unbounded")
        if any(row[1:]):
            vertices.append(row)
            keep.append(k)
    labels = np.zeros((len(vertices), len(rows)), dtype=bool)
    for r, k in enumerate(keep):
        labels[r, list(incidence[k])] = True
    return vertices, labels


def complementary_pairs(labels_p, labels_q, m: int) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)`` whose labels together cover every label.

    A vertex of ``P`` (in dimension ``m``) carries at least ``m`` labels, a
    vertex of ``Q`` at least ``n``; a *simple* vertex exactly that many. Two
    simple vertices are complementary only when their label sets are exact
    complements, which a dictionary finds in one lookup, so a non-degenerate
    game costs time linear in the number of vertices (a matrix product over
    all pairs was the bottleneck at 12×12 and 13×13, and needed hundreds of
    megabytes). Every other combination (a degenerate vertex on either side)
    is checked by a vectorised superset test on packed label bits. Correct for
    any boolean matrices.

    >>> import numpy as np
    >>> lp = np.array([[1, 0, 1], [0, 1, 0]], dtype=bool)
    >>> lq = np.array([[0, 1, 0], [1, 1, 0]], dtype=bool)
    >>> complementary_pairs(lp, lq, m=2)
    [(0, 0), (0, 1)]
    """
    import numpy as np

    if not len(labels_p) or not len(labels_q):
        return []
    n = labels_p.shape[1] - m
    packed_p = np.packbits(labels_p, axis=1)
    packed_q = np.packbits(labels_q, axis=1)
    needed = np.packbits(np.ones(labels_p.shape[1], dtype=bool)) & ~packed_p
    count_p = labels_p.sum(axis=1)
    count_q = labels_q.sum(axis=1)
    simple_q: dict[bytes, list[int]] = {}
    for b in np.flatnonzero(count_q == n):
        simple_q.setdefault(packed_q[b].tobytes(), []).append(int(b))
    other_q = np.flatnonzero(count_q != n)
    packed_other_q = packed_q[other_q]
    pairs = []
    for a, need in enumerate(needed):
        if count_p[a] == m:
            pairs.extend((a, b) for b in simple_q.get(need.tobytes(), ()))
            candidates, packed = other_q, packed_other_q
        else:
            candidates, packed = np.arange(len(packed_q)), packed_q
        if len(candidates):
            hit = np.all((packed & need) == need, axis=1)
            pairs.extend((a, int(b)) for b in candidates[hit])
    return sorted(pairs)


def pairs_by_labels(a_int: list[list[int]], b_int: list[list[int]]) -> list[tuple]:
    """Complementary vertex pairs of ``P`` and ``Q``, from both vertex lists.

    Enumerates every vertex of both polytopes and matches their label sets
    with :func:`complementary_pairs`. Best when the game is square: both
    polytopes have about as many vertices, and the matching is one matrix
    product. Returns pairs of cddlib vertex rows ``(x, y)``.
    """
    # P = {x >= 0 : B^T x <= 1}: labels 0..m-1 are x_i = 0, m+j are columns of B^T x = 1
    xs, labels_p = polytope_vertices([list(col) for col in zip(*b_int)],
                                     first_labels_are_bounds=False)
    # Q = {y >= 0 : A y <= 1}: labels 0..m-1 are rows of A y = 1, m+j are y_j = 0
    ys, labels_q = polytope_vertices(a_int, first_labels_are_bounds=True)
    return [(xs[a], ys[b]) for a, b in complementary_pairs(labels_p, labels_q, len(a_int))]


def pairs_by_faces(a_int: list[list[int]], b_int: list[list[int]]) -> list[tuple]:
    """Complementary vertex pairs, from the vertices of ``P`` and faces of ``Q``.

    For each non-zero vertex ``x`` of ``P`` with labels ``L``, the vertices
    ``y`` of ``Q`` complementary to it are the vertices of the face of ``Q``
    on which every label outside ``L`` holds: ``y_j = 0`` for every column
    that is not a best response to ``x``, ``(A y)_i = 1`` for every row in
    the support of ``x``. The vertices of a face of a polytope are vertices
    of the polytope, so this finds exactly the pairs of
    :func:`pairs_by_labels` (as lrsnash does) without enumerating ``Q``,
    which is what makes it fast when ``Q`` has far more vertices than ``P``
    (``m`` much smaller than ``n``). Faces are tiny in non-degenerate games
    (single points) and are enumerated by cddlib too, so degenerate games
    are exact as well.
    """
    m, n = len(a_int), len(a_int[0])
    xs, labels_p = polytope_vertices([list(col) for col in zip(*b_int)],
                                     first_labels_are_bounds=False)
    negated = [[-v for v in row] for row in a_int]
    out = []
    for x, labels in zip(xs, labels_p.tolist()):
        replies = [j for j in range(n) if labels[m + j]]
        if not replies:  # (A y)_i = 1 on the support of x needs some y_j > 0
            continue
        support = [i for i in range(m) if not labels[i]]
        others = [i for i in range(m) if labels[i]]
        k = len(replies)
        rows = [[1] + [negated[i][j] for j in replies] for i in support + others]
        rows += [[0] * (s + 1) + [1] + [0] * (k - s - 1) for s in range(k)]
        face, _ = cdd_generators(rows, range(len(support)), incidence=False)
        for r in range(face.row_size):
            row = face[r]
            if row[0] == 0:
                raise ArithmeticError("best-response polytope is unbounded")
            y = [0] * (n + 1)
            y[0] = row[0]
            for s, j in enumerate(replies):
                y[j + 1] = row[s + 1]
            out.append((x, tuple(y)))
    return out


def complementary_vertices(a_int: list[list[int]], b_int: list[list[int]]) -> list[tuple]:
    """Every complementary pair of non-zero vertices ``(x, y)`` of ``P`` and ``Q``.

    Chooses between :func:`pairs_by_labels` and :func:`pairs_by_faces` (with
    the players' roles swapped when there are more rows than columns, so that
    the enumerated polytope is the one of lower dimension). Matching labels
    wins on square games, faces win once one player has a few more
    strategies than the other (measured: at 8×16 faces are about 5 times
    faster, at 5×30 hundreds of times).

    >>> pairs = complementary_vertices([[2, 1], [1, 2]], [[2, 1], [1, 2]])
    >>> sorted(" ".join(str(p) for v in pair for p in normalised(v)) for pair in pairs)
    ['0 1 0 1', '1 0 1 0', '1/2 1/2 1/2 1/2']
    """
    m, n = len(a_int), len(a_int[0])
    from deterrence.nash import small_polytopes

    if small_polytopes.is_small(m, n):  # a handful of bases: no numpy or cddlib to load
        return small_polytopes.complementary_vertices(a_int, b_int)
    if abs(m - n) <= SQUARE_SLACK:
        return pairs_by_labels(a_int, b_int)
    if m <= n:
        return pairs_by_faces(a_int, b_int)
    transpose = [list(col) for col in zip(*b_int)], [list(col) for col in zip(*a_int)]
    return [(x, y) for y, x in pairs_by_faces(*transpose)]


#: Shape difference up to which both polytopes are enumerated and matched.
SQUARE_SLACK = 1


def normalised(vertex: Sequence) -> tuple[Fraction, ...]:
    """The mixed strategy on the ray of a vertex row ``(t, z_1, ..., z_d)``.

    >>> normalised((1, Fraction(1, 6), Fraction(1, 3)))
    (Fraction(1, 3), Fraction(2, 3))
    """
    point = [Fraction(v) for v in vertex[1:]]
    total = sum(point, Fraction(0))
    return tuple(v / total for v in point)


# --------------------------------------------------------------------- components


def maximal_bicliques(edges: Sequence[tuple]) -> list[tuple[frozenset, frozenset]]:
    """Every maximal complete bipartite subgraph ``(X', Y')`` of a bipartite graph.

    The right-hand sides of maximal bicliques are exactly the non-empty
    intersections of neighbourhoods ``N(x)`` (closed sets of the Galois
    connection); they are generated by intersecting until nothing new appears.

    >>> sorted((sorted(x), sorted(y)) for x, y in maximal_bicliques([(0, 0), (0, 1), (1, 1)]))
    [([0], [0, 1]), ([0, 1], [1])]
    """
    neighbours: dict = {}
    for a, b in edges:
        neighbours[a] = neighbours.get(a, frozenset()) | {b}
    hoods = set(neighbours.values())
    closed: set[frozenset] = set()
    frontier = set(hoods)
    while frontier:
        closed |= frontier
        frontier = {s & h for s in frontier for h in hoods if s & h} - closed
    out = []
    for right in closed:
        left = frozenset(a for a, h in neighbours.items() if right <= h)
        out.append((left, right))
    return out


def connected_components(edges: Sequence[tuple]) -> list[list[int]]:
    """Indices of ``edges`` grouped by connected component of the bipartite graph.

    >>> connected_components([(0, 0), (1, 1), (0, 2), (2, 2)])
    [[0, 2, 3], [1]]
    """
    parent: dict[tuple, tuple] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = find(("x", a)), find(("y", b))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple, list[int]] = {}
    for k, (a, _) in enumerate(edges):
        groups.setdefault(find(("x", a)), []).append(k)
    return sorted(groups.values())


def equilibrium_components(pairs: Sequence[tuple]) -> list[Component]:
    """Components (with their maximal Nash subsets) of extreme equilibria ``pairs``.

    ``pairs[k]`` names the row player's and the column player's strategy in
    extreme equilibrium ``k`` (anything hashable); the components list
    indices into ``pairs``, ordered by their first equilibrium.

    >>> [c.maximal_subsets for c in equilibrium_components([(0, 0), (1, 1), (0, 1)])]
    [((0, 2), (1, 2))]
    """
    # the strategies as small integers: a tuple of Fractions is hashed anew at every look-up
    rows: dict = {}
    columns: dict = {}
    pairs = [(rows.setdefault(x, len(rows)), columns.setdefault(y, len(columns))) for x, y in pairs]
    index = {pair: k for k, pair in enumerate(pairs)}
    subsets = []
    for left, right in maximal_bicliques(pairs):
        subsets.append(tuple(sorted(index[(a, b)] for a in left for b in right)))
    components = []
    for members in connected_components(pairs):
        inside = set(members)
        mine = sorted(s for s in subsets if s[0] in inside)
        components.append(Component(extreme=tuple(members), maximal_subsets=tuple(mine)))
    return sorted(components, key=lambda c: c.extreme)


# --------------------------------------------------------------------- the solver


@accepts_nashpy
def enumerate_equilibria(game) -> SolveResult:
    """Every extreme Nash equilibrium of a two-player game, exact and verified.

    Parameters
    ----------
    game:
        A two-player :class:`~deterrence.model.NormalFormGame`.

    Returns
    -------
    SolveResult
        ``concept="nash"``, ``method="vertex-enumeration"``, exact and
        complete: every extreme equilibrium, pure ones first, each tagged with
        its connected component; ``components`` lists the components and
        their maximal Nash subsets, and a warning names every continuum.

    Example
    -------
    A game with a continuum: Column is indifferent, so Row's pure strategy
    ``r1`` is an equilibrium with any mix of Column's in which ``c1`` has
    probability at least 1/2.

    >>> from deterrence.model import NormalFormGame
    >>> g = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 1], [1, 1]])
    >>> r = enumerate_equilibria(g)
    >>> [eq.label() for eq in r.equilibria]
    ['(s1, s1)', '(s2, s2)', '(s1, 1/2 s1 + 1/2 s2)', '(s2, 1/2 s1 + 1/2 s2)']
    >>> [c.extreme for c in r.components]
    [(0, 1, 2, 3)]
    """
    if game.n_players != 2:
        raise UsageError(f"enumeration needs a two-player game, not {game.n_players} players",
                         hint="use --method pure for games with more players")
    A, B = game.matrices()
    strategies: dict[tuple, tuple[Fraction, ...]] = {}  # each vertex normalised once
    equilibria = []
    with _LongIntegers():
        for x, y in complementary_vertices(positive_integer_matrix(A), positive_integer_matrix(B)):
            profile = tuple(strategies.setdefault(v, normalised(v)) for v in (x, y))
            equilibria.append(MixedEquilibrium(profile, check_equilibrium(game, profile)))
    equilibria = ordered(equilibria)
    components = equilibrium_components([eq.strategies for eq in equilibria])
    component_of = {k: c for c, comp in enumerate(components) for k in comp.extreme}
    equilibria = [MixedEquilibrium(eq.strategies, eq.payoffs, component_of[k])
                  for k, eq in enumerate(equilibria)]
    warnings = tuple(continuum_warning(c, comp) for c, comp in enumerate(components)
                     if comp.is_continuum)
    return SolveResult(game, "nash", METHOD, exact=True, complete=True,
                       equilibria=tuple(equilibria), components=tuple(components),
                       warnings=warnings)


def continuum_warning(index: int, component: Component) -> str:
    """Say that a component is a continuum (equilibria numbered from 1, as printed).

    >>> continuum_warning(0, Component((0, 1), ((0, 1),)))
    'degenerate game: a continuum of equilibria joins extreme equilibria 1, 2 (component 1); the list gives its extreme points, every convex combination within a maximal Nash subset is an equilibrium too'
    """
    members = ", ".join(str(k + 1) for k in component.extreme)
    return (f"degenerate game: a continuum of equilibria joins extreme equilibria {members} "
            f"(component {index + 1}); the list gives its extreme points, every convex "
            "combination within a maximal Nash subset is an equilibrium too")


__all__ = ["enumerate_equilibria", "equilibrium_components", "maximal_bicliques",
           "complementary_pairs", "polytope_vertices", "positive_integer_matrix", "cdd_generators"]
