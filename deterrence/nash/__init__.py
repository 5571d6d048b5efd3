"""Nash equilibria of normal-form games, and dominance.

:func:`solve_normal` picks the method a user would want:

* two players, small enough: every extreme Nash equilibrium, exact, with the
  connected components (:mod:`deterrence.nash.enumeration`);
* two players, too large to enumerate: one equilibrium by exact
  Lemke-Howson, labelled "one equilibrium, not all"
  (:mod:`deterrence.nash.lemke_howson`);
* three or more players, small enough (:func:`deterrence.nash.nplayer.in_range`):
  every equilibrium, exact, by support enumeration and exact polynomial
  systems -- irrational ones as exact algebraic numbers, continua as sets
  (:mod:`deterrence.nash.nplayer`);
* three or more players, too large: every pure equilibrium
  (:mod:`deterrence.nash.pure`) with a warning that mixed equilibria were not
  searched; when there is none, one equilibrium by the global Newton method,
  approximate and verified to a stated tolerance (:mod:`deterrence.nash.gnm`).

Example
-------
>>> from deterrence.io import load_game
>>> r = solve_normal(load_game("matching_pennies"))
>>> r.concept, r.complete, [eq.label() for eq in r.equilibria]
('nash', True, ['(1/2 s1 + 1/2 s2, 1/2 s1 + 1/2 s2)'])
"""

from __future__ import annotations

from dataclasses import replace

from deterrence.errors import UsageError
from deterrence.nash.result import Component, MixedEquilibrium, SolveResult
from deterrence.model.interop import accepts_nashpy

#: Largest two-player game (rows × columns) enumerated by default. Square
#: games are the slowest shape per cell; measured medians of random games
#: (payoffs 0..99): 10×10 0.15 s, 12×12 about 1.5 s, 13×13 about 8 s, 20×20
#: out of reach. Rectangular games of 144 cells take well under a second.
#: Larger games get one equilibrium by Lemke-Howson; ``--method enumerate``
#: still enumerates them on request.
ENUMERATION_LIMIT = 144

METHODS = ("auto", "enumerate", "lemke-howson", "pure", "gnm")

#: Options each method accepts besides the game.
METHOD_OPTIONS = {"lemke-howson": ("initial_label", "all_labels"),
                  "auto": ("initial_label", "all_labels"),
                  "gnm": ("seed",)}


@accepts_nashpy
def solve_normal(game, method: str = "auto", **options) -> SolveResult:
    """Nash equilibria of a normal-form ``game`` by ``method`` (see :data:`METHODS`).

    Raises
    ------
    UsageError
        For an unknown method, or one that does not apply to this game.
    TypeError
        For an option the method does not take.
    """
    if method not in METHODS:
        raise UsageError(f"unknown method {method!r}", hint=f"methods: {', '.join(METHODS)}")
    unknown = sorted(set(options) - set(METHOD_OPTIONS.get(method, ())))
    if unknown:
        raise TypeError(f"solve() of a normal-form game with method {method!r} got unexpected "
                        f"option(s): {', '.join(unknown)}")
    if method == "pure":
        from deterrence.nash.pure import pure_equilibria

        return pure_equilibria(game)
    if method == "gnm":
        from deterrence.nash.gnm import gnm

        return gnm(game, **options)
    if game.n_players != 2:
        return _solve_many_players(game, method)
    m, n = game.shape
    if method == "lemke-howson" or (method == "auto" and m * n > ENUMERATION_LIMIT):
        from deterrence.nash.lemke_howson import lemke_howson

        return lemke_howson(game, **options)
    from deterrence.nash.enumeration import enumerate_equilibria

    return enumerate_equilibria(game)


def _solve_many_players(game, method: str) -> SolveResult:
    from deterrence.nash.nplayer import enumerate_nplayer, in_range, range_text

    if method == "lemke-howson":
        raise UsageError("method 'lemke-howson' needs a two-player game",
                         hint="use --method enumerate (every equilibrium, exact) or gnm "
                              "(one equilibrium, approximate) for games with more players")
    if method == "enumerate" or in_range(game):
        return enumerate_nplayer(game)
    from deterrence.nash.pure import pure_equilibria

    result = pure_equilibria(game)
    shape = "x".join(str(k) for k in game.shape)
    note = (f"a {shape} game with {game.n_players} players is beyond the exact enumeration's "
            f"range ({range_text()}): only pure-strategy equilibria were searched; mixed "
            "equilibria may exist (--method enumerate tries anyway; --method gnm finds one "
            "equilibrium approximately)")
    if result.equilibria:
        return replace(result, complete=False, warnings=result.warnings + (note,))
    from deterrence.nash.gnm import gnm

    found = gnm(game)
    return replace(found, warnings=(note + "; there is no pure equilibrium, so here is one "
                                    "found by the global Newton method",) + found.warnings)


__all__ = ["solve_normal", "SolveResult", "MixedEquilibrium", "Component", "METHODS",
           "ENUMERATION_LIMIT"]
