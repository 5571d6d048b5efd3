"""The reduced-strategic-form route for trees the sequence form does not cover.

Trees with more than two players, or without perfect recall, are solved
through the reduced strategic form (:mod:`deterrence.trees.reduced_form`):
its equilibria (every extreme one for two players where the form is small
enough, pure ones for more) are translated back to behaviour strategies and
checked. ``--method reduced-form`` takes this route on any tree, which is how
the two routes are compared (they give the same outcome distributions wherever
both run; see the tests). Such lists of refined equilibria are never claimed
complete.

Example
-------
>>> from deterrence.io import load_game
>>> from deterrence.trees.reduced_form import reduced_form
>>> enumerable(reduced_form(load_game("punishment_credibility")))
True
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from deterrence.errors import UsageError
from deterrence.nash.result import SolveResult
from deterrence.trees.annotate import (CONCEPT_WORDS, LOST_TO_RECALL, check_nash, continuum_notes,
                                       distinct)
from deterrence.trees.result import sort_key

REDUCED = "Nash equilibria of the reduced strategic form"

def enumerable(form) -> bool:
    """Whether every extreme equilibrium of a reduced strategic form is enumerated.

    The enumeration's cost grows with the smaller side (the dimension of the
    polytope whose vertices are listed): square forms up to
    :data:`~deterrence.nash.ENUMERATION_LIMIT` cells (12×12), and forms with
    a short side of at most :data:`SHORT_SIDE` strategies and a long one of at
    most :data:`LONG_SIDE`. Measured: random 6×60 and 4×100 games well under a
    second, but reduced forms of trees are degenerate, with thousands of
    extreme equilibria: a random tree's 6×54 form took 10 s, a 4×22 one 1 s.
    """
    from deterrence.nash import ENUMERATION_LIMIT

    shape = sorted(len(s) for s in form.normal.strategies)
    if len(shape) != 2:
        return False
    short, long = shape
    return short * long <= ENUMERATION_LIMIT or (short <= SHORT_SIDE and long <= LONG_SIDE)


#: Reduced forms with one side this short are enumerated up to :data:`LONG_SIDE`.
SHORT_SIDE = 4
LONG_SIDE = 50
#: Most extreme equilibria of a reduced strategic form checked for a refinement.
MAX_CANDIDATES = 400


def reduced_form_or_none(game):
    from deterrence.trees.reduced_form import reduced_form

    try:
        return reduced_form(game)
    except UsageError:
        return None


def _reduced_nash(game, method: str, form=None):
    """The reduced strategic form and the normal-form solver's result on it."""
    from deterrence.trees.reduced_form import reduced_form

    form = form if form is not None else reduced_form(game)
    normal = form.normal
    if method == "pure" or game.n_players != 2:
        from deterrence.nash.pure import pure_equilibria

        result = pure_equilibria(normal)
        if game.n_players != 2 and method != "pure":
            result = replace(result, complete=False, warnings=result.warnings + (
                f"a {game.n_players}-player tree: only pure-strategy equilibria of the reduced "
                "strategic form were searched",))
        return form, result, "reduced strategic form, best-response marking"
    from deterrence.nash import solve_normal

    if method == "auto" and not enumerable(form):
        result = solve_normal(normal, method="lemke-howson")
    else:
        result = solve_normal(normal, method="enumerate" if method == "auto" else method)
    return form, result, f"reduced strategic form, {result.method}"


def nash_behaviours(game, method: str, form=None):
    """Nash equilibria of the reduced strategic form, as completed behaviour profiles.

    Returns ``(behaviour, component)`` pairs, whether the list is complete, warnings
    (those about continua, numbered in the normal form's order, left out), the method's
    name, the normal-form result, the reduced form, and the partial profiles (``None``
    where a player's own moves rule a decision point out).
    """
    from deterrence.trees.behaviour import complete_behaviour
    from deterrence.trees.pbe_search import partial_behaviour

    form, result, name = _reduced_nash(game, method, form)
    warnings = tuple(w for w in result.warnings if not _about_continua(w))
    partials = [partial_behaviour(game, form, eq.strategies) for eq in result.equilibria]
    out = [(complete_behaviour(game, partial), eq.component)
           for partial, eq in zip(partials, result.equilibria)]
    return out, result.complete, warnings, name, result, form, partials


def _about_continua(warning: str) -> bool:
    """Normal-form warnings about continua number the equilibria in the normal form's
    order; for a tree they are replaced by sentences about the printed list."""
    return "continuum" in warning or "not isolated" in warning


def nash_by_reduced_form(game, method: str, notes: list[str]) -> SolveResult:
    form = reduced_form_or_none(game) if method == "auto" else None
    behaviours, complete, warnings, name, result, _, _ = nash_behaviours(game, method, form)
    equilibria = []
    for behaviour, eq in distinct(game, behaviours):
        if check_nash(game, behaviour):
            equilibria.append(eq)
        elif LOST_TO_RECALL not in notes:
            notes.append(LOST_TO_RECALL)
            complete = False
    equilibria.sort(key=lambda eq: sort_key(game, eq))
    continua = {c for c, comp in enumerate(result.components) if comp.is_continuum}
    notes = notes + list(warnings) + continuum_notes(
        equilibria, {k: eq.component for k, eq in enumerate(equilibria)}, continua, REDUCED)
    if continua:
        notes.append("every convex combination of extreme equilibria within a maximal Nash "
                     "subset of the reduced strategic form is an equilibrium too")
    if result.method == "lemke-howson":
        shape = " x ".join(str(len(s)) for s in result.game.strategies)
        notes.append(f"the reduced strategic form ({shape}) is too large to enumerate by default")
    if any(eq.incredible_threats for eq in equilibria):
        notes.append("some Nash equilibria rest on incredible threats (see each equilibrium)")
    return SolveResult(game, "nash", name, exact=True, complete=complete,
                       equilibria=tuple(equilibria), warnings=tuple(notes))


def refined_by_reduced_form(game, concept: str, notes: list[str], passes) -> SolveResult:
    from deterrence.trees.subgames import subgame_perfect_profiles

    words = CONCEPT_WORDS[concept]
    behaviours, _, subgame_warnings = subgame_perfect_profiles(game)
    warnings = [w for w in subgame_warnings if not _about_continua(w)]
    continuum_in_subgame = len(warnings) < len(subgame_warnings)
    method = "subgame decomposition"
    where = ("the subgame decomposition's profiles (extreme equilibria of each subgame, "
             "folded back)")
    nash = None
    form = reduced_form_or_none(game) if game.n_players == 2 else None
    if form is not None and enumerable(form):
        extra, _, more, _, nash, form, partials = nash_behaviours(game, "enumerate", form)
        warnings += [w for w in more if w not in warnings]
        method += " + extreme equilibria of the reduced strategic form"
        where = ("the extreme Nash equilibria of the reduced strategic form and the subgame "
                 "decomposition's profiles")
        if len(extra) > MAX_CANDIDATES:
            warnings.append(f"the reduced strategic form has {len(extra)} extreme Nash "
                            f"equilibria; the first {MAX_CANDIDATES} were checked")
            where = where.replace("the extreme", f"the first {MAX_CANDIDATES} extreme")
        candidates = extra[:MAX_CANDIDATES] + [(b, None) for b in behaviours]
    else:
        candidates = [(b, None) for b in behaviours]
        if continuum_in_subgame:
            warnings.append("a subgame has a continuum of equilibria: only its extreme "
                            "equilibria were carried up")
        if game.n_players == 2:
            warnings.append("the reduced strategic form is too large to enumerate: only the "
                            "subgame decomposition was searched")
    cache: dict = {}
    seen: set = set()
    found = []
    failed = []
    for behaviour, eq in distinct(game, candidates, cache, seen):
        if passes(game, concept, behaviour, eq, notes):
            found.append(eq)
        else:
            failed.append(behaviour)
    if not found and nash is not None:
        found, how = _search(game, concept, form, nash, list(zip(extra, partials)), failed,
                             notes, cache, seen, passes)
        if found:
            method += " + search off the path"
            where += f" (none passed; found among {how})"
    known = {id(eq): eq.component for eq in found if eq.component is not None}
    found.sort(key=lambda eq: sort_key(game, eq))
    equilibria = tuple(replace(eq, component=eq.component or 0) for eq in found)
    if found:
        notes.append(f"listed: the {words} among {where}; others may exist")
    else:
        searched = " nor at the points searched off the path and inside each maximal Nash " \
                   "subset" if nash is not None else ""
        notes.append(f"none of the {words} was found among {where},{searched}; one exists "
                     "(every finite game has a sequential equilibrium) but this search did "
                     "not find it: try --concept nash")
    if nash is not None:
        continua = {c for c, comp in enumerate(nash.components) if comp.is_continuum}
        notes += continuum_notes(found, {k: known[id(eq)] for k, eq in enumerate(found)
                                         if id(eq) in known}, continua,
                                 REDUCED)
    return SolveResult(game, concept, method, exact=True, complete=False,
                       equilibria=equilibria, warnings=tuple(notes) + tuple(warnings))


def _search(game, concept, form, nash, extreme, failed, notes, cache, seen, passes):
    """No extreme candidate passed: look for equilibrium continuations below actions the
    candidates avoid, then at other fillings of decision points ruled out by a player's
    own moves, then at points inside the maximal Nash subsets
    (:mod:`deterrence.trees.pbe_search`). Returns the equilibria found and how."""
    from deterrence.trees import pbe_search as search
    from deterrence.nash.enumeration import enumerate_equilibria

    def passing(candidates):
        return [eq for behaviour, eq in distinct(game, candidates, cache, seen)
                if passes(game, concept, behaviour, eq, notes)]

    partials = [(partial, c) for (_, c), partial in extreme]
    profiles = [(b, partial) for (b, _), partial in extreme]
    for h, a in search.avoided_branches(game, profiles):
        found = passing((b, None) for b in search.forced_continuations(
            game, form, enumerate_equilibria, profiles + [(b, b) for b in failed], h, a))
        if found:
            return found, "equilibrium continuations below the actions they avoid"
    found = passing((b, c) for partial, c in partials
                    for b in itertools.islice(search.alternative_fillings(game, partial), 1, None))
    if found:
        return found, "other fillings of decision points ruled out by a player's own moves"
    interior = ((search.partial_behaviour(game, form, p), c)
                for p, c in search.interior_profiles(nash))
    found = passing((b, c) for partial, c in interior
                    for b in itertools.islice(search.alternative_fillings(game, partial, 4), 4))
    if found:
        return found, "points inside the maximal Nash subsets"
    return [], ""
