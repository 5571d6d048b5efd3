"""Solving game trees: which concept, which method, and the verified answer.

:func:`solve_tree` chooses what a user of a deterrence model wants:

* the default concept is **subgame perfection**, refined to **perfect
  Bayesian equilibrium** where nature draws something a player cannot see
  (chance moves and information sets of several nodes); each perfect
  Bayesian equilibrium also says whether it is **sequential** (consistent
  beliefs support it) and, in a sender-receiver game, whether it survives
  the **Intuitive Criterion**;
* on a tree of perfect information: backward induction, every pure
  subgame-perfect equilibrium (:mod:`deterrence.trees.backward_induction`),
  exactly or, with ``floating=True``, in numpy;
* with information sets, two players and perfect recall: the subgames are
  solved deepest first through the **sequence form**
  (:mod:`deterrence.trees.sequence_form`, every extreme Nash equilibrium,
  linear in the tree) and each path of play is completed off the path by
  exact LPs (:mod:`deterrence.trees.refine`). The list is marked complete
  only where that proves every outcome distribution of the refinement is in
  it (the module says when);
* ``concept="nash"``: every extreme Nash equilibrium of the sequence form
  (realization plans), one behaviour profile each, flagged: subgame perfect
  or not, perfect Bayesian or not, its incredible threats;
* more than two players, or no perfect recall: the reduced strategic form
  (:mod:`deterrence.trees.reduced_route`), never claimed complete.

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

from dataclasses import replace
from fractions import Fraction

from deterrence.errors import UsageError
from deterrence.nash.result import Component, SolveResult
from deterrence.trees.annotate import CONCEPT_WORDS, annotate, check_nash, continuum_notes
from deterrence.trees.reduced_route import MAX_CANDIDATES, enumerable  # noqa: F401 (re-exported)
from deterrence.trees.result import sort_key

CONCEPTS = ("auto", "subgame-perfect", "perfect-bayesian", "sequential", "nash")
METHODS = ("auto", "backward-induction", "subgames", "sequence-form", "reduced-form", "enumerate",
           "pure")

#: Options of :func:`solve_tree` besides method, concept and floating (backward induction).
TREE_OPTIONS = ("limit", "verify", "components")

SEQUENCE_NASH = "Nash equilibria of the sequence form"
#: Time the search for mixtures over tied actions may take, per vertex enumeration (it
#: adds to backward induction's answer, so a degenerate tree must not hold it up).
TIES_SECONDS = 2.0
#: Most extreme equilibria annotated and listed (degenerate trees have thousands).
MAX_LISTED = 400

_check_nash = check_nash  # the name the tests and older callers use


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
        ``auto``; ``backward-induction`` (perfect information); ``subgames`` or
        ``sequence-form`` (two players with perfect recall: the sequence form,
        subgame by subgame); ``reduced-form`` (the reduced strategic form, any
        tree); ``enumerate`` (every extreme Nash equilibrium, by the sequence
        form where it applies); ``pure`` (pure equilibria of the reduced form).
        The normal-form method name ``lemke-howson`` is refused.
    concept:
        ``subgame-perfect``, ``perfect-bayesian``, ``sequential``, ``nash`` or
        ``None``/``auto``.
    floating:
        Backward induction in floating point (perfect information only).
    components:
        (option, default ``True``) Locate each refined equilibrium in a component of
        the whole tree's Nash equilibria, which enumerates the whole tree's sequence
        form once more. ``False`` skips that (every ``component`` is then 0): for
        callers that read only which equilibria there are, such as a sweep's check.
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
    sequence = _sequence_form_applies(game) and method in ("auto", "subgames", "sequence-form",
                                                           "enumerate")
    if method == "sequence-form" and not _sequence_form_applies(game):
        raise UsageError("the sequence form needs two players with perfect recall",
                         hint="use --method reduced-form")
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
        if sequence:
            try:
                return _nash_by_sequence_form(game, notes)
            except UsageError as exc:
                notes.append(f"{exc.message}; the reduced strategic form was used instead")
        from deterrence.trees.reduced_route import nash_by_reduced_form

        return nash_by_reduced_form(game, "auto" if method in ("reduced-form", "subgames") else method,
                                    notes)
    if sequence:
        try:
            return _refined_by_sequence_form(game, concept, notes, options.get("components", True))
        except UsageError as exc:
            notes.append(f"{exc.message}; the reduced strategic form was searched instead")
    from deterrence.trees.reduced_route import refined_by_reduced_form

    return refined_by_reduced_form(game, concept, notes, _passes)


def _sequence_form_applies(game) -> bool:
    from deterrence.trees.sequence_form import applies

    return applies(game)


def _only(options: dict, *names: str) -> dict:
    return {k: v for k, v in options.items() if k in names}


def _passes(game, concept: str, behaviour, eq, notes: list[str]) -> bool:
    """Whether an annotated profile belongs to ``concept`` (and is Nash, checked again)."""
    if not eq.subgame_perfect:
        return False
    if concept in ("perfect-bayesian", "sequential") and not eq.perfect_bayesian:
        return False
    if concept == "sequential" and eq.sequential is not True:
        return False
    return check_nash(game, behaviour)


# --------------------------------------------------------------------- Nash


def _sequence_nash(game, seconds: float | None = None):
    from deterrence.trees.sequence_form import extreme_equilibria, sequence_form

    form = sequence_form(game)
    return form, extreme_equilibria(form, seconds=seconds)


def _nash_by_sequence_form(game, notes: list[str], seconds: float | None = None) -> SolveResult:
    """Every extreme Nash equilibrium of the sequence form, one behaviour profile each."""
    from deterrence.trees.behaviour import complete_behaviour

    form, nash = _sequence_nash(game, seconds)
    cache: dict = {}
    annotated = []
    complete = True
    if len(nash.pairs) > MAX_LISTED:
        complete = False
        notes = notes + [f"the sequence form has {len(nash.pairs)} extreme Nash equilibria, too "
                         f"many to list: the first {MAX_LISTED} are listed"]
    for k, (x, y) in enumerate(nash.pairs[:MAX_LISTED]):
        partial: list = [None] * game.n_infosets
        for h, b in form.profile_behaviour(x, y).items():
            partial[h] = b
        behaviour = complete_behaviour(game, partial)
        check_nash(game, behaviour)
        annotated.append((annotate(game, behaviour, nash.component_of(k), cache), k))
    annotated.sort(key=lambda pair: sort_key(game, pair[0]))
    equilibria = tuple(eq for eq, _ in annotated)
    printed = {k: position for position, (_, k) in enumerate(annotated)}
    components = () if not complete else tuple(
        Component(tuple(sorted(printed[k] for k in comp.extreme)),
                  tuple(tuple(sorted(printed[k] for k in s)) for s in comp.maximal_subsets))
        for comp in nash.components)
    continua = {c for c, comp in enumerate(nash.components) if comp.is_continuum}
    notes = notes + continuum_notes(equilibria, {k: eq.component for k, eq in enumerate(equilibria)},
                                    continua, SEQUENCE_NASH)
    if continua:
        notes.append("every convex combination of extreme equilibria within a maximal Nash "
                     "subset (in realization plans) is an equilibrium too")
    if any(eq.incredible_threats for eq in equilibria):
        notes.append("some Nash equilibria rest on incredible threats (see each equilibrium)")
    return SolveResult(game, "nash", "sequence form, vertex enumeration", exact=True, complete=complete,
                       equilibria=equilibria, components=components, warnings=tuple(notes))


def _add_mixed_ties(game, result: SolveResult) -> SolveResult:
    """Where players are indifferent, the extreme Nash equilibria of the sequence form
    that are subgame perfect too (mixtures over tied actions)."""
    if not _sequence_form_applies(game):
        return result
    try:
        nash = _nash_by_sequence_form(game, [], seconds=TIES_SECONDS)
    except UsageError as exc:
        note = (f"mixtures over tied actions were not searched ({exc.message}); the pure "
                "subgame-perfect equilibria are all listed; --concept nash lists every "
                "extreme Nash equilibrium of the sequence form")
        return replace(result, warnings=result.warnings + (note,))
    known = {eq.key(game) for eq in result.equilibria}
    added = [eq for eq in nash.equilibria if eq.subgame_perfect and eq.key(game) not in known]
    if not added:
        return result
    equilibria = sorted(result.equilibria + tuple(added), key=lambda eq: sort_key(game, eq))
    return replace(result, equilibria=tuple(equilibria),
                   method="backward induction + extreme equilibria of the sequence form")


# --------------------------------------------------------------------- refinements


def _refined_by_sequence_form(game, concept: str, notes: list[str], components: bool = True
                              ) -> SolveResult:
    """Refined equilibria subgame by subgame through the sequence form (see
    :mod:`deterrence.trees.refine`), each checked again on the whole tree; with
    ``components``, each located in a component of the whole tree's Nash equilibria."""
    from deterrence.trees.refine import refine

    words = CONCEPT_WORDS[concept]
    cache: dict = {}
    found = refine(game, "subgame-perfect" if concept == "subgame-perfect" else "perfect-bayesian",
                   cache=cache)
    equilibria = []
    seen = set()
    undecided = 0
    for behaviour in found.profiles:
        key = tuple(behaviour)
        if key in seen:
            continue
        seen.add(key)
        eq = annotate(game, behaviour, 0, cache)
        if concept == "sequential" and eq.perfect_bayesian and eq.sequential is None:
            undecided += 1
        if _passes(game, concept, behaviour, eq, notes):
            equilibria.append((eq, behaviour))
    complete = found.complete and bool(equilibria) and not undecided
    if concept == "sequential" and found.complete:
        # every perfect Bayesian path has a listed representative; it must be sequential
        complete = complete and all(eq.sequential for eq, _ in equilibria)
    equilibria.sort(key=lambda pair: sort_key(game, pair[0]))
    if components:
        located = _components(game, [b for _, b in equilibria], cache)
    else:
        located = [(None, False)] * len(equilibria)
        notes.append("components of the Nash equilibria were not located (asked not to)")
    listed = tuple(replace(eq, component=c if c is not None else 0)
                   for (eq, _), (c, _) in zip(equilibria, located))
    method = "subgame decomposition + sequence form"
    if concept != "subgame-perfect":
        method += " + exact off-path LPs"
    notes = notes + found.notes
    if complete:
        what = ("every outcome distribution (path of play) of a " + words[:-1].replace("equilibri", "equilibrium")
                if concept != "subgame-perfect" else "every outcome distribution of a subgame-perfect equilibrium")
        notes.append(f"complete: {what} is listed, each with at least one equilibrium "
                     "(proven by the sequence form and exact LPs; see CLI.md)")
    elif listed:
        notes.append(f"listed: the {words} found through the sequence form of each subgame and "
                     "the search off the path; others may exist")
    else:
        notes.append(f"none of the {words} was found through the sequence form of each subgame "
                     "nor the search off the path; one exists (every finite game has a "
                     "sequential equilibrium) but this search did not find it: try --concept nash")
    if undecided:
        notes.append(f"{undecided} perfect Bayesian equilibri{'um' if undecided == 1 else 'a'} "
                     "could not be shown sequential or not (no consistent beliefs found among "
                     "those tried)")
    continua = {c for c, is_continuum in located if is_continuum}
    notes += continuum_notes(listed, {k: c for k, (c, _) in enumerate(located) if c is not None},
                             continua, SEQUENCE_NASH)
    return SolveResult(game, concept, method, exact=True, complete=complete, equilibria=listed,
                       warnings=tuple(notes))


def _components(game, behaviours, cache: dict) -> list[tuple[int | None, bool]]:
    """For each profile, the component of the whole tree's Nash equilibria (sequence form)
    whose maximal subset holds its realization plans, and whether that is a continuum."""
    from deterrence.trees.sequence_form import MAX_SEQUENCES, sequence_form

    if not behaviours:
        return []
    key = ("nash", 0, ())
    if key not in cache:
        form = sequence_form(game)
        if sum(form.n_sequences) > MAX_SEQUENCES // 2:
            return [(None, False)] * len(behaviours)
        try:
            cache[key] = _sequence_nash(game)
        except UsageError:
            return [(None, False)] * len(behaviours)
    form, nash = cache[key]
    extreme = {}
    for k, pair in enumerate(nash.pairs):
        extreme.setdefault(pair, k)
    component_of = {k: c for c, comp in enumerate(nash.components) for k in comp.extreme}
    out = []
    for b in behaviours:
        pair = (form.plan_of(0, b), form.plan_of(1, b))
        if pair in extreme:
            c = component_of[extreme[pair]]
            out.append((c, nash.components[c].is_continuum))
        elif sum(len(c.maximal_subsets) for c in nash.components) <= MAX_LOCATED:
            out.append(_locate(nash, *pair))
        else:
            out.append((None, False))
    return out


#: Most maximal Nash subsets searched (by LP) for the one holding a refined equilibrium.
MAX_LOCATED = 64


def _locate(nash, x, y) -> tuple[int | None, bool]:
    from deterrence.nash.lp import maximize

    for c, comp in enumerate(nash.components):
        for subset in comp.maximal_subsets:
            xs = sorted({nash.pairs[k][0] for k in subset})
            ys = sorted({nash.pairs[k][1] for k in subset})
            if (x in xs and y in ys) or (_in_hull(maximize, xs, x) and _in_hull(maximize, ys, y)):
                return c, comp.is_continuum
    return None, False


def _in_hull(maximize, points, target) -> bool:
    n = len(points)
    A_eq = [[Fraction(p[i]) for p in points] for i in range(len(target))] + [[Fraction(1)] * n]
    b_eq = [Fraction(t) for t in target] + [Fraction(1)]
    return maximize([0] * n, A_eq=A_eq, b_eq=b_eq).is_optimal


__all__ = ["solve_tree", "CONCEPTS", "METHODS", "annotate", "default_concept", "incomplete_information"]
