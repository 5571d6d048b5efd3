"""Subgame-perfect, perfect Bayesian and sequential equilibria of two-player trees with
perfect recall, found subgame by subgame, with a proof of completeness where there is one.

The tree is cut at its subgame roots (:func:`deterrence.trees.behaviour.subgame_roots`)
into *pieces*: a subgame with the subgames below it replaced by the value of
one of their refined equilibria. Deepest first, each piece is solved for every
combination of the solutions below it:

1. every extreme Nash equilibrium of the piece's sequence form, with its
   maximal Nash subsets (:mod:`deterrence.trees.sequence_form`);
2. each distinct *path of play* among them (behaviour where play reaches)
   is completed off the path (:mod:`deterrence.trees.completion`): exactly,
   by LPs that find off-path behaviour and beliefs or prove that none exists,
   or, where the off-path part does not settle from the bottom up, by solving
   the continuation game after each deviation (the path held fixed, the
   deviation forced) and checking the result;
3. a maximal Nash subset whose extreme equilibria do not share one path is
   also tried at its barycentre.

Every profile found is checked again on the whole tree by the caller
(:func:`deterrence.trees.solver.annotate`).

**What is proven.** A perfect Bayesian equilibrium is a Nash equilibrium, so
its path of play is the path of some point of some maximal Nash subset. When
every maximal subset of every piece has *one* path (its extreme equilibria
reach the same leaves with the same probabilities, so, payoffs being
bilinear, all its points do), and the completion of each path was decided
exactly (found or refuted), and no combination was cut off, then every path
of play of a perfect Bayesian equilibrium is in the list: ``complete`` is
true, and it means *every outcome distribution of the refinement, each with
at least one equilibrium that has it*. For subgame perfection the list is
complete when no piece has a continuum of Nash equilibria.

Example
-------
>>> from deterrence.io import load_game
>>> r = refine(load_game("punishment_credibility"), "perfect-bayesian")
>>> len(r.profiles), r.complete
(1, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from deterrence.trees.behaviour import (complete_behaviour, node_values, refresh_values, smallest_subgame,
                                        subgame_roots)

#: Most combinations of the solutions of the subgames below a piece that are followed.
MAX_COMBINATIONS = 256
#: Most solutions kept per piece.
MAX_SOLUTIONS = 256
#: Most extreme equilibria of one piece whose paths are completed.
MAX_CANDIDATES = 400


@dataclass(frozen=True)
class PieceSolution:
    """A refined equilibrium of the subgame at a piece's root: behaviour at every
    decision point of the subgame, and the subgame's value."""

    behaviour: tuple[tuple[int, tuple[Fraction, ...]], ...]
    value: tuple[Fraction, ...]


@dataclass
class Refinement:
    """What :func:`refine` found: full behaviour profiles, whether the list is proven
    complete (see the module docstring), and notes for the user."""

    profiles: list[list[tuple[Fraction, ...]]]
    complete: bool
    notes: list[str] = field(default_factory=list)
    decided: int = 0
    refuted: int = 0


def pieces(game) -> tuple[tuple[int, ...], dict[int, list[int]], dict[int, list[int]]]:
    """Subgame roots, the decision points of each piece, and the roots just below each."""
    roots = subgame_roots(game)
    smallest = smallest_subgame(game, roots)
    sets: dict[int, list[int]] = {r: [] for r in roots}
    for h, members in enumerate(game.members):
        sets[smallest[members[0]]].append(h)
    nested: dict[int, list[int]] = {r: [] for r in roots}
    for r in roots:
        if r != 0:
            nested[smallest[int(game.parent[r])]].append(r)
    return roots, sets, nested


def refine(game, concept: str, limit: int = MAX_COMBINATIONS, cache: dict | None = None
           ) -> Refinement:
    """Refined equilibria of a two-player tree with perfect recall (see the module docstring).

    ``concept`` is ``"subgame-perfect"`` or ``"perfect-bayesian"`` (sequential
    equilibria are the perfect Bayesian ones whose beliefs are consistent; the
    caller filters). ``cache`` receives each piece's sequence form and extreme
    equilibria, keyed ``("nash", root, cut)``.

    Raises
    ------
    UsageError
        If a piece's sequence form is too large to enumerate.
    """
    roots, piece_sets, nested = pieces(game)
    out = Refinement([], True)
    cache = {} if cache is None else cache
    solutions: dict[int, list[PieceSolution]] = {}
    placeholder = [tuple(Fraction(int(j == 0)) for j in range(len(game.infoset_actions(h))))
                   for h in range(game.n_infosets)]
    shape = (game.structure, game.child.tobytes(), game.n_players)
    for s in sorted(roots, reverse=True):
        below = nested[s]
        numbers = (shape, s, _numbers_below(game, s))
        found: list[PieceSolution] = []
        seen: set = set()
        for k, combo in enumerate(itertools.product(*(solutions[r] for r in below))):
            if k >= limit:
                out.complete = False
                out.notes.append(f"more than {limit} combinations of the equilibria of "
                                 f"subgames; the first {limit} were followed")
                break
            base = list(placeholder)
            for solution in combo:
                for h, b in solution.behaviour:
                    base[h] = b
            cut = {r: sol.value for r, sol in zip(below, combo)}
            profiles = _solved_piece(game, s, piece_sets[s], base, cut, concept, out, cache, numbers)
            inside = piece_sets[s] + [h for solution in combo for h, _ in solution.behaviour]
            for b in profiles:
                key = tuple(b[h] for h in inside)
                if key in seen:
                    continue
                seen.add(key)
                if len(found) >= MAX_SOLUTIONS:
                    out.complete = False
                    break
                value = node_values(game, b, game.subtree_nodes(s).tolist())[s]
                found.append(PieceSolution(tuple(sorted((h, b[h]) for h in inside)), value))
        solutions[s] = found
        for r in below:
            del solutions[r]
    for solution in solutions[0]:
        full = list(placeholder)
        for h, b in solution.behaviour:
            full[h] = b
        out.profiles.append(full)
    return out


#: Pieces solved so far, in any tree (see :func:`_solved_piece`).
_SOLVED: dict = {}
#: Most pieces remembered.
MAX_REMEMBERED = 4096


def _numbers_below(game, s: int) -> tuple:
    """Every number of the subtree at ``s``: the payoffs at its nodes and the probabilities
    of its chance moves."""
    nodes = game.subtree_nodes(s).tolist()
    return (tuple(game.node_payoff(v) for v in nodes),
            tuple(game.probability(e) for v in nodes if game.is_chance(v) for e in game.edges(v)))


def _solved_piece(game, s: int, sets: Sequence[int], base, cut, concept: str, out: Refinement,
                  cache: dict, numbers: tuple) -> list[list[tuple[Fraction, ...]]]:
    """:func:`_solve_piece`, remembered across trees: a piece's solutions are decided by
    the tree's shape, the numbers of the subtree at its root (``numbers``), the values
    cut below it and the behaviour given elsewhere (``base``). A sweep or a threshold
    search solves one tree at many points, and a parameter that only a part of the tree
    uses leaves the other pieces as they were: they are solved once. What the piece
    adds to ``out`` (notes, counts, completeness) is added again on each use."""
    key = (numbers, concept, tuple(sorted(cut.items())), tuple(base), tuple(sets))
    found = _SOLVED.get(key)
    if found is None:
        part = Refinement([], True)
        profiles = _solve_piece(game, s, sets, base, cut, concept, part, cache)
        if len(_SOLVED) >= MAX_REMEMBERED:
            _SOLVED.clear()
        found = _SOLVED[key] = (tuple(tuple(b) for b in profiles), part)
    profiles, part = found
    out.complete = out.complete and part.complete
    out.notes.extend(part.notes)
    out.decided += part.decided
    out.refuted += part.refuted
    return [list(b) for b in profiles]


def _solve_piece(game, s: int, sets: Sequence[int], base, cut, concept: str,
                 out: Refinement, cache: dict) -> list[list[tuple[Fraction, ...]]]:
    """Refined equilibria of one piece given the solutions below it (in ``base``)."""
    from deterrence.trees.completion import FOUND, REFUTED, exact_completion, forced_completions, split
    from deterrence.trees.sequence_form import extreme_equilibria, sequence_form

    if not sets:
        return [list(base)]
    key = ("nash", s, tuple(sorted(cut.items())))
    if key not in cache:
        form = sequence_form(game, s, cut)
        cache[key] = (form, extreme_equilibria(form))
    form, nash = cache[key]
    outcome = [form.outcome(x, y) for x, y in nash.pairs]
    candidates: list[tuple] = []
    determinate = True
    for component in nash.components:
        for subset in component.maximal_subsets:
            pairs = [nash.pairs[k] for k in subset]
            if len({outcome[k] for k in subset}) > 1:
                determinate = False
                xs = sorted({x for x, _ in pairs})
                ys = sorted({y for _, y in pairs})
                candidates.append((_mean(xs), _mean(ys)))
            candidates.extend(pairs)
        if component.is_continuum and concept == "subgame-perfect":
            out.complete = False
    if concept == "perfect-bayesian" and not determinate:
        out.complete = False
    if len(candidates) > MAX_CANDIDATES:
        out.complete = False
        out.notes.append(f"a subgame has {len(nash.pairs)} extreme Nash equilibria; the paths of "
                         f"the first {MAX_CANDIDATES} were completed")
        candidates = candidates[:MAX_CANDIDATES]
    profiles: list[list[tuple[Fraction, ...]]] = []
    decided: dict[tuple, bool] = {}
    tried: set[tuple] = set()       # grafts of several deviations often give the same profile
    if "roots" not in cache:
        cache["roots"] = subgame_roots(game)
    roots = cache["roots"]
    for x, y in candidates:
        partial = [None] * game.n_infosets
        for h in range(game.n_infosets):
            if h not in sets:
                partial[h] = base[h]
        for h, b in form.profile_behaviour(x, y).items():
            partial[h] = b
        filled = complete_behaviour(game, partial, roots)
        if concept == "subgame-perfect":
            profiles.append(filled)
            continue
        on_path, _ = split(game, s, sets, filled)
        key = tuple((h, filled[h]) for h in on_path)
        if key in decided:
            continue
        status, found = exact_completion(game, s, sets, filled)
        if status == FOUND:
            profiles.extend(found)
            decided[key] = True
            continue
        if status == REFUTED:
            decided[key] = False
            out.refuted += 1
            continue
        decided[key] = False
        out.complete = False
        # the candidates differ from ``filled`` off the path only: their values are those of
        # ``filled`` brought up to date at the sets that differ (and their ancestors)
        base_values = node_values(game, filled, game.subtree_nodes(s).tolist())
        for candidate in itertools.chain([filled], forced_completions(game, form, s, sets, filled)):
            candidate = complete_behaviour(game, candidate, roots)
            key_of = tuple(tuple(b) for b in candidate)
            if key_of in tried:
                continue
            tried.add(key_of)
            values = dict(base_values)
            changed = [v for h, b in enumerate(candidate) if b != filled[h] for v in game.members[h]]
            refresh_values(game, candidate, values, changed, start=s)
            if _piece_passes(game, candidate, sets, s, values, roots):
                profiles.append(candidate)
                decided[key] = True
    out.decided += len(decided)
    return profiles


def _piece_passes(game, behaviour, sets: Sequence[int], root: int, values: dict, roots
                  ) -> bool:
    """Whether ``behaviour`` is perfect Bayesian at the piece's sets (in the subgame at
    ``root``, which holds them; ``values`` are its nodes' values, ``roots`` the tree's
    subgame roots)."""
    from deterrence.trees.assessment import assess

    return assess(game, behaviour, roots, values, sets=list(sets), sequential=False, settle=True,
                  start=root).perfect_bayesian


def _mean(plans: Sequence[tuple[Fraction, ...]]) -> tuple[Fraction, ...]:
    n = len(plans)
    return tuple(sum(column, Fraction(0)) / n for column in zip(*plans))


__all__ = ["refine", "Refinement", "PieceSolution", "pieces", "MAX_COMBINATIONS"]
