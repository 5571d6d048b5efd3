"""Solving game trees: which concept, which method, and the verified answer.

:func:`solve_tree` chooses what a user of a deterrence model wants:

* the default concept is **subgame perfection**, refined to **perfect
  Bayesian equilibrium** where nature draws something a player cannot see
  (chance moves and information sets of several nodes);
* on a tree of perfect information: backward induction, every pure
  subgame-perfect equilibrium (:mod:`deterrence.trees.backward_induction`),
  exactly or, with ``floating=True``, in numpy;
* with information sets: subgame decomposition
  (:mod:`deterrence.trees.subgames`), and for two players also every extreme
  Nash equilibrium of the reduced strategic form that passes the refinement
  (mixed ones included: a bluff that mixes is an answer), where the form is
  small enough to enumerate (:func:`enumerable`). Such a list is never
  claimed complete (``complete=False``, and a warning says what it is): a
  refined equilibrium may lie inside a continuum of Nash equilibria or need a
  mixed continuation off the path. When none of these candidates passes,
  :mod:`deterrence.trees.pbe_search` looks further (equilibrium continuations
  below avoided actions, other fillings of decision points a player's own
  moves rule out, points inside each maximal Nash subset), and if that fails
  too the answer says so;
* ``concept="nash"``: every extreme Nash equilibrium of the reduced
  strategic form (two players; pure ones for more), each translated to
  behaviour strategies and flagged: subgame perfect or not, perfect Bayesian
  or not, and its incredible threats.

Every equilibrium reported is checked exactly: Nash in the whole tree, and
for the refinements, Nash in every subgame and best against its beliefs.

Example
-------
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> r = solve_tree(game, concept="nash")
>>> for eq in r.equilibria:
...     print(eq.label(game), "|", "subgame perfect" if eq.subgame_perfect else "incredible threat")
Challenger: Challenge; Defender: Acquiesce | subgame perfect
Challenger: Status quo; Defender: Retaliate | incredible threat
Challenger: Status quo; Defender: 1/3 Retaliate + 2/3 Acquiesce | incredible threat
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

from deterrence.errors import UsageError
from deterrence.nash.result import SolveResult
from deterrence.trees.result import TreeEquilibrium, from_behaviour, sort_key

CONCEPTS = ("auto", "subgame-perfect", "perfect-bayesian", "nash")
METHODS = ("auto", "backward-induction", "subgames", "enumerate", "pure")

#: Options of :func:`solve_tree` besides method, concept and floating (backward induction).
TREE_OPTIONS = ("limit", "verify")


def incomplete_information(game) -> bool:
    """Nature moves and some player cannot see everything: types, bluffs, beliefs."""
    return game.has_chance and not game.is_perfect_information


def default_concept(game) -> str:
    return "perfect-bayesian" if incomplete_information(game) else "subgame-perfect"


def solve_tree(game, method: str = "auto", concept: str | None = None, floating: bool = False,
               **options) -> SolveResult:
    """Solve a game tree (see the module docstring for what is chosen).

    Parameters
    ----------
    method:
        ``auto``, ``backward-induction`` (perfect information), ``subgames``,
        ``enumerate`` (all Nash equilibria of the reduced form; two players)
        or ``pure`` (pure equilibria of the reduced form). The normal-form
        method names ``lemke-howson`` is refused.
    concept:
        ``subgame-perfect``, ``perfect-bayesian``, ``nash`` or ``None``/``auto``.
    floating:
        Backward induction in floating point (perfect information only).
    """
    unknown = sorted(set(options) - set(TREE_OPTIONS))
    if unknown:
        raise TypeError(f"solve() of a game tree got unexpected option(s): {', '.join(unknown)}")
    concept = concept or "auto"
    if concept not in CONCEPTS:
        raise UsageError(f"unknown concept {concept!r}", hint=f"concepts: {', '.join(CONCEPTS)}")
    if method not in METHODS:
        raise UsageError(f"method {method!r} does not apply to game trees",
                         hint=f"methods for trees: {', '.join(METHODS)}")
    if concept == "auto":
        concept = "nash" if method in ("enumerate", "pure") else default_concept(game)
    notes = list(game.perfect_recall_violations())
    if notes:
        notes = [f"imperfect recall: {n}" for n in notes] + [
            "without perfect recall behaviour strategies may not reproduce mixed ones (Kuhn); "
            "answers are checked, but the list may be incomplete"]
    if method == "backward-induction" and not game.is_perfect_information:
        raise UsageError("backward induction needs perfect information",
                         hint="this tree has information sets; use --method auto")
    if concept != "nash" and game.is_perfect_information and method in ("auto", "backward-induction"):
        from deterrence.trees.backward_induction import backward_induction

        result = backward_induction(game, floating=floating, **_only(options, "limit", "verify"))
        if not floating and game.n_players == 2 and len(result.equilibria) > 1 and game.size <= 2000:
            result = _add_mixed_ties(game, result)
        return replace(result, concept=concept, warnings=tuple(notes) + result.warnings)
    if floating:
        notes.append("--float applies to backward induction on trees of perfect information; "
                      "this tree was solved exactly")
    if concept == "nash":
        return _nash(game, method, notes)
    return _refined(game, concept, notes)


def _add_mixed_ties(game, result: SolveResult) -> SolveResult:
    """Where players are indifferent, the extreme Nash equilibria of the reduced
    strategic form that are subgame perfect too (mixtures over tied actions)."""
    form = _reduced_form_or_none(game)
    if form is None or not enumerable(form):
        return result
    extra = _nash_behaviours(game, "enumerate", form)[0][:MAX_CANDIDATES]
    known = {eq.key(game) for eq in result.equilibria}
    added = []
    for behaviour, eq in _distinct(game, extra):
        if eq.subgame_perfect and eq.key(game) not in known and _check_nash(game, behaviour):
            known.add(eq.key(game))
            added.append(eq)
    if not added:
        return result
    equilibria = sorted(result.equilibria + tuple(added), key=lambda eq: sort_key(game, eq))
    return replace(result, equilibria=tuple(equilibria),
                   method="backward induction + extreme equilibria of the reduced strategic form")


def _only(options: dict, *names: str) -> dict:
    return {k: v for k, v in options.items() if k in names}


def annotate(game, behaviour, component: int = 0, cache: dict | None = None) -> TreeEquilibrium:
    """A :class:`TreeEquilibrium` with payoffs, outcomes, beliefs, and the refinement flags."""
    from deterrence.trees.behaviour import node_values, reach, subgame_roots
    from deterrence.trees.beliefs import perfect_bayesian
    from deterrence.trees.credibility import subgame_perfection

    cache = {} if cache is None else cache
    roots = cache.setdefault("roots", subgame_roots(game))
    values = node_values(game, behaviour)
    spe, threats = subgame_perfection(game, behaviour, roots, values)
    beliefs = perfect_bayesian(game, behaviour, spe, values, roots)
    reached = reach(game, behaviour, 0)
    outcomes: dict[str, Fraction] = {}
    for z in game.terminals:
        p = reached.get(z, Fraction(0))
        if p:
            outcomes[game.outcome[z]] = outcomes.get(game.outcome[z], Fraction(0)) + p
    ordered = tuple(sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])))
    flagged = {t.infoset for t in threats}
    threats = threats + tuple(t for t in beliefs.threats if t.infoset not in flagged)
    return from_behaviour(game, behaviour, payoffs=values[0], outcomes=ordered,
                          beliefs=beliefs.beliefs, off_path_beliefs=beliefs.off_path,
                          subgame_perfect=spe, perfect_bayesian=beliefs.perfect_bayesian,
                          incredible_threats=threats, component=component)


def _check_nash(game, behaviour) -> bool:
    """Exact check: no player gains by any deviation in the whole tree.

    Returns ``False`` for a profile that fails on a tree without perfect
    recall (there a mixed equilibrium need not have an equivalent behaviour
    profile); on a tree with perfect recall a failure is a bug and raises.
    """
    from deterrence.trees.behaviour import node_values
    from deterrence.trees.credibility import best_response_value
    from deterrence.nash.verify import VerificationError

    values = node_values(game, behaviour)
    for i, player in enumerate(game.players):
        best, _ = best_response_value(game, behaviour, i, 0)
        if best > values[0][i]:
            if not game.has_perfect_recall:
                return False
            raise VerificationError(f"{player} gains {best - values[0][i]} by deviating")
    return True


LOST_TO_RECALL = ("an equilibrium of the reduced strategic form has no equivalent behaviour "
                  "profile (imperfect recall) and is left out")


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


def _reduced_form_or_none(game):
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


def _nash_behaviours(game, method: str, form=None):
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


def _distinct(game, candidates, cache: dict | None = None, seen: set | None = None):
    """Each different profile once, annotated: ``(behaviour, TreeEquilibrium)``."""
    cache = {} if cache is None else cache
    seen = set() if seen is None else seen
    for behaviour, component in candidates:
        key = tuple(behaviour)
        if key not in seen:
            seen.add(key)
            yield behaviour, annotate(game, behaviour, component, cache)


def ranges(numbers) -> str:
    """``1-3, 5, 8, 9``: sorted numbers with runs of three or more collapsed.

    >>> ranges([5, 1, 2, 3, 9, 8])
    '1-3, 5, 8, 9'
    """
    numbers = sorted(set(numbers))
    parts, k = [], 0
    while k < len(numbers):
        j = k
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if j - k >= 2:
            parts.append(f"{numbers[k]}-{numbers[j]}")
        else:
            parts.extend(str(x) for x in numbers[k:j + 1])
        k = j + 1
    return ", ".join(parts)


def continuum_notes(equilibria, known: dict[int, int], continua: set[int],
                    what: str = "Nash equilibria of the reduced strategic form") -> list[str]:
    """One short sentence per continuum, naming the equilibria *as printed* (from 1).

    ``known`` maps a printed position (from 0) to its component, where known;
    ``continua`` are the components that are continua.
    """
    groups: dict[int, list[int]] = {}
    for k, c in known.items():
        if c in continua:
            groups.setdefault(c, []).append(k + 1)
    notes = []
    for members in sorted(groups.values()):
        which = (f"equilibrium {members[0]} lies" if len(members) == 1
                 else f"equilibria {ranges(members)} lie")
        notes.append(f"{which} in one connected set (a continuum) of {what}")
    if len(notes) > 3:
        notes = notes[:3] + [f"{len(notes) - 3} more continua of {what} (see --json components)"]
    return notes


def _nash(game, method: str, notes: list[str]) -> SolveResult:
    form = _reduced_form_or_none(game) if method == "auto" else None
    behaviours, complete, warnings, name, result, _, _ = _nash_behaviours(game, method, form)
    equilibria = []
    for behaviour, eq in _distinct(game, behaviours):
        if _check_nash(game, behaviour):
            equilibria.append(eq)
        elif LOST_TO_RECALL not in notes:
            notes.append(LOST_TO_RECALL)
            complete = False
    equilibria.sort(key=lambda eq: sort_key(game, eq))
    continua = {c for c, comp in enumerate(result.components) if comp.is_continuum}
    notes = notes + list(warnings) + continuum_notes(
        equilibria, {k: eq.component for k, eq in enumerate(equilibria)}, continua)
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


CONCEPT_WORDS = {"subgame-perfect": "subgame-perfect equilibria",
                 "perfect-bayesian": "perfect Bayesian equilibria"}


def _passes(game, concept: str, behaviour, eq, notes: list[str]) -> bool:
    if not eq.subgame_perfect:
        return False
    if concept == "perfect-bayesian" and not eq.perfect_bayesian:
        if eq.perfect_bayesian is None:
            note = (f"could not decide whether {eq.label(game)} is perfect Bayesian "
                    "(too many candidate beliefs)")
            if note not in notes:
                notes.append(note)
        return False
    return _check_nash(game, behaviour)


def _refined(game, concept: str, notes: list[str]) -> SolveResult:
    from deterrence.trees.subgames import subgame_perfect_profiles

    words = CONCEPT_WORDS[concept]
    behaviours, _, subgame_warnings = subgame_perfect_profiles(game)
    warnings = [w for w in subgame_warnings if not _about_continua(w)]
    continuum_in_subgame = len(warnings) < len(subgame_warnings)
    method = "subgame decomposition"
    where = ("the subgame decomposition's profiles (extreme equilibria of each subgame, "
             "folded back)")
    nash = None
    form = _reduced_form_or_none(game) if game.n_players == 2 else None
    if form is not None and enumerable(form):
        extra, _, more, _, nash, form, partials = _nash_behaviours(game, "enumerate", form)
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
    for behaviour, eq in _distinct(game, candidates, cache, seen):
        if _passes(game, concept, behaviour, eq, notes):
            found.append(eq)
        else:
            failed.append(behaviour)
    if not found and nash is not None:
        found, how = _search(game, concept, form, nash, list(zip(extra, partials)), failed,
                             notes, cache, seen)
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
                                 "Nash equilibria of the reduced strategic form")
    return SolveResult(game, concept, method, exact=True, complete=False,
                       equilibria=equilibria, warnings=tuple(notes) + tuple(warnings))


def _search(game, concept, form, nash, extreme, failed, notes, cache, seen):
    """No extreme candidate passed: look for equilibrium continuations below actions the
    candidates avoid, then at other fillings of decision points ruled out by a player's
    own moves, then at points inside the maximal Nash subsets
    (:mod:`deterrence.trees.pbe_search`). Returns the equilibria found and how."""
    from deterrence.trees import pbe_search as search
    from deterrence.nash.enumeration import enumerate_equilibria

    def passing(candidates):
        return [eq for behaviour, eq in _distinct(game, candidates, cache, seen)
                if _passes(game, concept, behaviour, eq, notes)]

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
