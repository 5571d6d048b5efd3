"""Solving game trees: which concept, which method, and the verified answer.

:func:`solve_tree` chooses what a user of a deterrence model wants:

* the default concept is **subgame perfection**, refined to **perfect
  Bayesian equilibrium** where nature draws something a player cannot see
  (chance moves and information sets of several nodes);
* on a tree of perfect information: backward induction, every pure
  subgame-perfect equilibrium (:mod:`deterrence.solve.backward_induction`),
  exactly or, with ``floating=True``, in numpy;
* with information sets: subgame decomposition
  (:mod:`deterrence.solve.subgames`), and for two players also every extreme
  Nash equilibrium of the reduced strategic form that passes the refinement
  (mixed ones included: a bluff that mixes is an answer);
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

from dataclasses import replace
from fractions import Fraction

from deterrence.errors import UsageError
from deterrence.solve.result import SolveResult
from deterrence.solve.tree_result import TreeEquilibrium, from_behaviour, sort_key

CONCEPTS = ("auto", "subgame-perfect", "perfect-bayesian", "nash")
METHODS = ("auto", "backward-induction", "subgames", "enumerate", "pure")
#: Largest reduced strategic form (cells) whose extreme equilibria are added to
#: the subgame decomposition's answer for two-player trees.
UNION_LIMIT = 400


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
        from deterrence.solve.backward_induction import backward_induction

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
    from deterrence.solve.reduced_form import reduced_form

    try:
        if _cells(reduced_form(game)) > UNION_LIMIT:
            return result
    except UsageError:
        return result
    extra, _, _, _ = _nash_behaviours(game, "enumerate")
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
    from deterrence.solve.behaviour import node_values, reach, subgame_roots
    from deterrence.solve.beliefs import perfect_bayesian
    from deterrence.solve.credibility import subgame_perfection

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
    from deterrence.solve.behaviour import node_values
    from deterrence.solve.credibility import best_response_value
    from deterrence.solve.verify import VerificationError

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


def _nash_behaviours(game, method: str) -> tuple[list, bool, tuple[str, ...], str]:
    """Nash equilibria of the reduced strategic form, as completed behaviour profiles."""
    from deterrence.solve.behaviour import complete_behaviour
    from deterrence.solve.reduced_form import profile_behaviour, reduced_form

    form = reduced_form(game)
    normal = form.normal
    if method == "pure" or game.n_players != 2:
        from deterrence.solve.pure import pure_equilibria

        result = pure_equilibria(normal)
        if game.n_players != 2 and method != "pure":
            result = replace(result, complete=False, warnings=result.warnings + (
                f"a {game.n_players}-player tree: only pure-strategy equilibria of the reduced "
                "strategic form were searched",))
        name = "reduced strategic form, best-response marking"
    else:
        from deterrence.solve import solve

        result = solve(normal)
        name = f"reduced strategic form, {result.method}"
    warnings = tuple(w for w in result.warnings if not _about_continua(w))
    if len(warnings) < len(result.warnings):
        warnings += ("some equilibria are not isolated: the extreme ones listed bound connected "
                     "sets (continua) of equilibria of the reduced strategic form",)
    out = []
    for eq in result.equilibria:
        partial = [None] * game.n_infosets
        for h, b in profile_behaviour(form, eq.strategies).items():
            partial[h] = b
        out.append((complete_behaviour(game, partial), eq.component))
    return out, result.complete, warnings, name


def _about_continua(warning: str) -> bool:
    """Normal-form warnings about continua number the equilibria in the normal form's
    order; for a tree they are replaced by one sentence."""
    return "continuum" in warning or "not isolated" in warning


def _distinct(game, candidates):
    """Each different profile once, annotated: ``(behaviour, TreeEquilibrium)``."""
    cache: dict = {}
    seen = set()
    for behaviour, component in candidates:
        key = tuple(behaviour)
        if key not in seen:
            seen.add(key)
            yield behaviour, annotate(game, behaviour, component, cache)


def _nash(game, method: str, notes: list[str]) -> SolveResult:
    behaviours, complete, warnings, name = _nash_behaviours(game, method)
    equilibria = []
    for behaviour, eq in _distinct(game, behaviours):
        if _check_nash(game, behaviour):
            equilibria.append(eq)
        elif LOST_TO_RECALL not in notes:
            notes.append(LOST_TO_RECALL)
            complete = False
    equilibria.sort(key=lambda eq: sort_key(game, eq))
    notes = notes + list(warnings)
    if any(eq.incredible_threats for eq in equilibria):
        notes.append("some Nash equilibria rest on incredible threats (see each equilibrium)")
    return SolveResult(game, "nash", name, exact=True, complete=complete,
                       equilibria=tuple(equilibria), warnings=tuple(notes))


def _refined(game, concept: str, notes: list[str]) -> SolveResult:
    from deterrence.solve.subgames import subgame_perfect_profiles

    behaviours, complete, warnings = subgame_perfect_profiles(game)
    method = "subgame decomposition"
    candidates = [(b, 0) for b in behaviours]
    if game.n_players == 2:
        from deterrence.solve.reduced_form import reduced_form

        try:
            cells = _cells(reduced_form(game))
        except UsageError:
            cells = UNION_LIMIT + 1
        if cells <= UNION_LIMIT:
            extra, _, more, _ = _nash_behaviours(game, "enumerate")
            candidates += extra
            warnings = list(warnings) + [w for w in more
                                         if w not in warnings and not _about_continua(w)]
            method += " + extreme equilibria of the reduced strategic form"
    equilibria = []
    for behaviour, eq in _distinct(game, candidates):
        if not eq.subgame_perfect:
            continue
        if concept == "perfect-bayesian" and not eq.perfect_bayesian:
            if eq.perfect_bayesian is None:
                notes.append(f"could not decide whether {eq.label(game)} is perfect Bayesian "
                             "(too many candidate beliefs)")
            continue
        if not _check_nash(game, behaviour):
            continue
        equilibria.append(eq)
    equilibria.sort(key=lambda eq: sort_key(game, eq))
    if not equilibria and concept == "perfect-bayesian":
        notes.append("no perfect Bayesian equilibrium among the candidates; "
                     "try --concept subgame-perfect or --concept nash")
    return SolveResult(game, concept, method, exact=True, complete=complete,
                       equilibria=tuple(equilibria), warnings=tuple(notes) + tuple(warnings))


def _cells(form) -> int:
    total = 1
    for s in form.normal.strategies:
        total *= len(s)
    return total
