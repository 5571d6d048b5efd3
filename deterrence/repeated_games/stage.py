"""The 2×2 stage game of a repeated game: T, R, P, S and what kind of game it is.

A repeated-game analysis needs to know which action is *cooperation*. Labels
are not trusted ("Open", "Stag", "Dove" all mean cooperate): by default the
cooperative action is each player's **first** strategy, except that when
mutual play of the second strategies pays *both* players strictly more than
mutual play of the first (as in ``hawk_dove``, whose first strategy is
Hawk), the second is taken and a note says so. ``cooperate=LABEL`` (the
CLI's ``--cooperate``) overrides both.

From a player's own point of view the four stage payoffs are

* R (reward): both cooperate;      S (sucker): I cooperate, the other defects;
* T (temptation): I defect, the other cooperates;  P (punishment): both defect.

:func:`classify` names the game by the order of T, R, P, S (Rapoport and
Guyer 1966; Robinson and Goforth 2005): prisoner's dilemma (T > R > P > S),
stag hunt (R > T, P > S, R > P), chicken (T > R ≥ S > P), harmony
(cooperation dominant), deadlock (defection dominant and P ≥ R).

Example
-------
>>> from deterrence.io import load_game
>>> stage = stage_game(load_game("prisoners_dilemma"))
>>> stage.kind, stage.payoffs[0].TRPS
("prisoner's dilemma", (Fraction(5, 1), Fraction(3, 1), Fraction(1, 1), Fraction(0, 1)))
>>> stage_game(load_game("hawk_dove")).labels(0)
('Dove', 'Hawk')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from deterrence.errors import UsageError
from deterrence.model.expr import Expr

#: Joint moves from the row player's point of view (row's move first).
STATES = ("CC", "CD", "DC", "DD")

PRISONERS_DILEMMA = "prisoner's dilemma"
STAG_HUNT = "stag hunt"
CHICKEN = "chicken"
HARMONY = "harmony"
DEADLOCK = "deadlock"
COORDINATION = "coordination on defection"
ANTI_COORDINATION = "anti-coordination"
OTHER = "other"


def classify(T: Fraction, R: Fraction, P: Fraction, S: Fraction) -> str:
    """Name a symmetric 2×2 game by the order of its payoffs.

    >>> classify(5, 3, 1, 0), classify(3, 4, 3, 0), classify(2, 1, -2, 0)
    ("prisoner's dilemma", 'stag hunt', 'chicken')
    >>> classify(2, 3, 0, 1), classify(3, 1, 2, 0)
    ('harmony', 'deadlock')
    """
    c_dominant = R >= T and S >= P and (R > T or S > P)
    d_dominant = T >= R and P >= S and (T > R or P > S)
    if T > R > P > S:
        return PRISONERS_DILEMMA
    if c_dominant and R >= P:
        return HARMONY
    if d_dominant and P >= R:
        return DEADLOCK
    if R > T and P > S:
        return STAG_HUNT if R > P else COORDINATION
    if T > R and S > P:
        return CHICKEN if R >= S else ANTI_COORDINATION
    return OTHER


VERDICTS = {
    PRISONERS_DILEMMA: ("a prisoner's dilemma: defection is dominant in a single round, yet both "
                        "prefer mutual cooperation; only the shadow of the future (a high enough "
                        "discount factor δ) sustains cooperation"),
    STAG_HUNT: ("a stag hunt: mutual cooperation is already an equilibrium of a single round, so "
                "it needs no punishment, only trust -- each side must believe the other "
                "cooperates with at least the probability shown"),
    CHICKEN: ("chicken: the danger is mutual escalation, not exploitation; (D, D) is not an "
              "equilibrium, so the threat to defect forever is not credible"),
    HARMONY: "no dilemma: cooperation is dominant, nothing needs to be sustained",
    DEADLOCK: ("deadlock: both prefer mutual defection to mutual cooperation; no discount "
               "factor sustains cooperation"),
    COORDINATION: ("a coordination game in which mutual defection pays more than mutual "
                   "cooperation; cooperation is not what the players want"),
    ANTI_COORDINATION: "an anti-coordination game (each prefers to do the opposite of the other)",
    OTHER: "a 2×2 game with ties between payoffs that none of the named classes covers",
}


@dataclass(frozen=True)
class StagePayoffs:
    """One player's T, R, P, S, exact and as the file's expressions."""

    player: str
    T: Fraction
    R: Fraction
    P: Fraction
    S: Fraction
    expressions: tuple[Expr, Expr, Expr, Expr]

    @property
    def TRPS(self) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        return (self.T, self.R, self.P, self.S)

    @property
    def by_state(self) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """Payoffs in the joint states CC, CD, DC, DD seen from this player."""
        return (self.R, self.S, self.T, self.P)

    @property
    def kind(self) -> str:
        return classify(*self.TRPS)


@dataclass(frozen=True)
class StageGame:
    """A two-player 2×2 game with its cooperative action identified.

    ``actions[i]`` holds player ``i``'s (cooperate, defect) strategy indices
    in the underlying game.
    """

    game: object
    actions: tuple[tuple[int, int], tuple[int, int]]
    payoffs: tuple[StagePayoffs, StagePayoffs]
    notes: tuple[str, ...] = ()

    def labels(self, player: int) -> tuple[str, str]:
        """(cooperate, defect) labels of ``player``."""
        c, d = self.actions[player]
        return (self.game.strategies[player][c], self.game.strategies[player][d])

    @property
    def players(self) -> tuple[str, str]:
        return tuple(self.game.players)

    @property
    def symmetric(self) -> bool:
        return self.payoffs[0].TRPS == self.payoffs[1].TRPS

    @property
    def kind(self) -> str:
        kinds = {p.kind for p in self.payoffs}
        return kinds.pop() if len(kinds) == 1 else "asymmetric"

    @property
    def verdict(self) -> str:
        if self.kind == "asymmetric":
            return ("the players face different games: " + "; ".join(
                f"{p.player}: {p.kind}" for p in self.payoffs))
        return VERDICTS[self.kind]

    def symbolic(self, player: int):
        """T, R, P, S of ``player`` as sympy expressions in the file's parameters.

        Definitions are expanded. sympy is imported only here.
        """
        import sympy  # noqa: F401  (make the import cost explicit)

        defs: dict[str, object] = {}
        for name, expr in self.game.parameters.definitions:
            defs[name] = expr.to_sympy(defs)
        return tuple(e.to_sympy(defs) for e in self.payoffs[player].expressions)

    @property
    def is_parametric(self) -> bool:
        return any(not e.is_constant for p in self.payoffs for e in p.expressions)


def stage_game(game, cooperate: str | None = None) -> StageGame:
    """The 2×2 stage game of ``game`` with cooperation identified.

    Raises
    ------
    UsageError
        When ``game`` is not a two-player 2×2 normal-form game, or when
        ``cooperate`` is not a strategy of both players.
    """
    from deterrence.model.kinds import is_tree

    if is_tree(game):
        raise UsageError(f"a repeated game needs a normal-form stage game, not a {game.kind}",
                         hint="use a 2×2 game such as prisoners_dilemma or stag_hunt")
    if game.n_players != 2 or game.shape != (2, 2):
        shape = " × ".join(str(k) for k in game.shape)
        raise UsageError(f"the stage game must be 2×2 with two players; "
                         f"{game.title or 'this game'} is {shape}",
                         hint="repeated play, noise and tournaments are defined for 2×2 games "
                              "such as prisoners_dilemma, stag_hunt, hawk_dove")
    notes: list[str] = []
    if cooperate is not None:
        actions = []
        for i in range(2):
            labels = game.strategies[i]
            if cooperate not in labels:
                raise UsageError(f"{game.players[i]} has no strategy {cooperate!r} to call "
                                 "cooperation",
                                 hint=f"{game.players[i]}'s strategies: {', '.join(labels)}")
            c = labels.index(cooperate)
            actions.append((c, 1 - c))
        actions = tuple(actions)
    else:
        actions = ((0, 1), (0, 1))
        first = game.payoff((0, 0))
        second = game.payoff((1, 1))
        if all(b > a for a, b in zip(first, second)):
            actions = ((1, 0), (1, 0))
            notes.append(f"cooperation taken as ({game.strategies[0][1]}, "
                         f"{game.strategies[1][1]}), the second strategies: mutual play of them "
                         "pays both players more than mutual play of the first; "
                         "use --cooperate LABEL to choose")
    payoffs = []
    for i in range(2):
        j = 1 - i
        c_i, d_i = actions[i]
        c_j, d_j = actions[j]

        def cell(mine: int, theirs: int, i=i):
            profile = (mine, theirs) if i == 0 else (theirs, mine)
            return game.payoffs[game.profile_index(profile)][i], game.payoff(profile)[i]

        (eT, T), (eR, R), (eP, P), (eS, S) = (cell(d_i, c_j), cell(c_i, c_j),
                                              cell(d_i, d_j), cell(c_i, d_j))
        payoffs.append(StagePayoffs(game.players[i], T, R, P, S, (eT, eR, eP, eS)))
    return StageGame(game, actions, tuple(payoffs), tuple(notes))


__all__ = ["StageGame", "StagePayoffs", "stage_game", "classify", "STATES", "VERDICTS"]
