"""Memory-one strategies under implementation noise, solved exactly.

A memory-one strategy is a 4-vector ``(p_CC, p_CD, p_DC, p_DD)`` -- the
probability of intending to cooperate after each joint move of the previous
round, seen from the player's own side (own move first) -- and a probability
``p0`` of cooperating in the first round. Implementation noise ``ε`` flips
every intended move with probability ``ε`` (a misperceived or mis-executed
move), so the probability of actually cooperating is ``ε + (1 - 2ε) p``.

Two such strategies make a Markov chain on the joint moves CC, CD, DC, DD
(row's move first). Everything here is exact for rational ``ε`` and ``δ``:

* the long-run average payoffs, from the stationary distribution (at
  ``ε = 0`` the chain may have several closed classes; the answer is then the
  exact long-run average *from the initial state*, and ``ergodic`` is false);
* the discounted payoffs ``v = (1 - δ) p0 (I - δM)^-1 u`` (normalised to a
  per-round average);
* at ε = 0, also the exact limit of rare errors ε → 0+
  (:func:`vanishing_noise_limit`, by the Markov chain tree theorem);
* the probability of mutual cooperation; the mean length of a spell of mutual
  cooperation (first passage from CC out of CC), the expected round of the
  first breakdown, and the mean number of rounds to restore mutual
  cooperation after a breakdown;
* the best reply to a memory-one opponent (an exact finite Markov decision
  problem) and with it whether a pair is a Nash or subgame-perfect
  equilibrium of the discounted repeated game (:func:`check_equilibrium`).

Named strategies (:data:`NAMED`): ``allc``, ``alld``, ``tft``, ``gtft``
(generous tit-for-tat, ``gtft:G`` for generosity ``G``; plain ``gtft`` takes
the largest generosity that keeps it stable in the game at hand, Nowak and
Sigmund 1992), ``wsls`` (win-stay lose-shift, Pavlov), ``grim``, ``random``.

``grim`` here is the memory-one vector (1, 0, 0, 0): cooperate only after
mutual cooperation. Without noise it plays exactly like grim trigger against
any opponent (it never defects first, and once the other defects it never
sees CC again). Under noise they differ: after a simultaneous pair of errors
(DD turned into CC) the memory-one version cooperates again, true grim never
does. True grim trigger (``grim-forever``) and contrite tit-for-tat
(``ctft``) keep a state that the last joint move does not determine, so they
are not memory-one; :mod:`deterrence.repeated_games.simulate` plays them by seeded
simulation (``deterrence tournament``).

Example
-------
>>> from fractions import Fraction as F
>>> from deterrence.io import load_game
>>> from deterrence.repeated_games.stage import stage_game
>>> pd = stage_game(load_game("prisoners_dilemma"))
>>> m = play(pd, NAMED["tft"], NAMED["tft"], F(1, 20))
>>> m.payoffs, m.mutual_cooperation
((Fraction(9, 4), Fraction(9, 4)), Fraction(1, 4))
>>> play(pd, NAMED["wsls"], NAMED["wsls"], F(1, 20)).payoffs[0]
Fraction(5553, 2000)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from deterrence.errors import ExpressionError, UsageError
from deterrence.model.expr import format_fraction, to_fraction
from deterrence.repeated_games.markov import (
    discounted_occupancy,
    finite_horizon_occupancy,
    hitting_times,
    limit_distribution,
    solve_linear,
)
from deterrence.repeated_games.stage import STATES, StageGame

#: Joint state seen by the other player: CD and DC swap.
SWAP = (0, 2, 1, 3)


@dataclass(frozen=True)
class MemoryOne:
    """A memory-one strategy: cooperation probabilities after CC, CD, DC, DD.

    Parameters
    ----------
    name:
        Short name shown in tables.
    vector:
        Probability of intending to cooperate after each joint move of the
        last round (own move first).
    initial:
        Probability of intending to cooperate in the first round.
    description:
        One line for people.

    Example
    -------
    >>> MemoryOne("tft", (1, 0, 1, 0)).vector
    (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1), Fraction(0, 1))
    """

    name: str
    vector: tuple[Fraction, Fraction, Fraction, Fraction]
    initial: Fraction = Fraction(1)
    description: str = ""

    def __post_init__(self) -> None:
        vector = tuple(Fraction(v) for v in self.vector)
        if len(vector) != 4:
            raise UsageError(f"a memory-one strategy needs 4 probabilities, got {len(vector)}",
                             hint="give p_CC,p_CD,p_DC,p_DD, e.g. 1,0,1,0 for tit-for-tat")
        initial = Fraction(self.initial)
        for v in vector + (initial,):
            if not 0 <= v <= 1:
                raise UsageError(f"strategy {self.name}: {format_fraction(v)} is not a probability",
                                 hint="every entry must lie in [0, 1]")
        object.__setattr__(self, "vector", vector)
        object.__setattr__(self, "initial", initial)

    is_memory_one = True

    @property
    def deterministic(self) -> bool:
        return all(v in (0, 1) for v in self.vector + (self.initial,))

    def text(self) -> str:
        """``(1, 0, 1, 0) p0=1``."""
        return ("(" + ", ".join(format_fraction(v) for v in self.vector) + ")"
                + f" p0={format_fraction(self.initial)}")

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.numbers import number

        return {"name": self.name,
                "vector": {s: number(v, as_float) for s, v in zip(STATES, self.vector)},
                "initial": number(self.initial, as_float),
                "memory_one": True,
                "description": self.description}


def gtft(generosity: Fraction, name: str | None = None) -> MemoryOne:
    """Generous tit-for-tat: always forgive with probability ``generosity``.

    >>> gtft(Fraction(1, 3)).vector
    (Fraction(1, 1), Fraction(1, 3), Fraction(1, 1), Fraction(1, 3))
    """
    g = Fraction(generosity)
    return MemoryOne(name or f"gtft:{format_fraction(g)}", (1, g, 1, g), 1,
                     f"generous tit-for-tat: cooperate after the other cooperates, "
                     f"forgive a defection with probability {format_fraction(g)}")


NAMED: dict[str, MemoryOne] = {
    "allc": MemoryOne("allc", (1, 1, 1, 1), 1, "always cooperate"),
    "alld": MemoryOne("alld", (0, 0, 0, 0), 0, "always defect"),
    "tft": MemoryOne("tft", (1, 0, 1, 0), 1, "tit-for-tat: cooperate first, then copy the other"),
    "wsls": MemoryOne("wsls", (1, 0, 0, 1), 1,
                      "win-stay lose-shift (Pavlov): cooperate after CC and after DD"),
    "grim": MemoryOne("grim", (1, 0, 0, 0), 1,
                      "grim trigger as memory one: cooperate only after mutual cooperation "
                      "(equal to grim trigger without noise)"),
    "random": MemoryOne("random", (Fraction(1, 2),) * 4, Fraction(1, 2),
                        "cooperate with probability 1/2, whatever happened"),
}

#: Names that exist but are not memory-one, with the reason.
NOT_MEMORY_ONE = {
    "ctft": ("contrite tit-for-tat keeps a 'standing' for each side that the last joint move "
             "does not determine under noise, so it is not memory-one"),
    "grim-forever": ("true grim trigger remembers whether the other ever defected; under noise "
                     "that is not a function of the last joint move"),
    "tf2t": "tit-for-two-tats remembers the last two moves of the other (memory two)",
}


def strategy_names() -> list[str]:
    return sorted(NAMED) + ["gtft", "gtft:G"]


def parse_strategies(text: str, stage: StageGame | None = None, *,
                     allow_simulated: bool = False) -> tuple[Any, ...]:
    """Read a comma-separated list of strategies.

    Items: a name (``tft``), ``gtft:G`` for generous tit-for-tat with
    generosity ``G``, or four numbers in a row for a user vector
    ``p_CC,p_CD,p_DC,p_DD`` optionally followed by ``p0=X`` (the first-round
    cooperation probability, default 1). With ``allow_simulated``, the names
    in :data:`NOT_MEMORY_ONE` give simulated strategies
    (:mod:`deterrence.repeated_games.simulate`).

    Raises
    ------
    UsageError
        For an unknown name or a malformed vector.

    Example
    -------
    >>> [s.name for s in parse_strategies("tft,0.9,0.1,1,0,p0=1/2,gtft:1/10")]
    ['tft', 'm(9/10,1/10,1,0)@1/2', 'gtft:1/10']
    """
    items = [t.strip() for t in text.split(",")]
    if not text.strip() or any(not t for t in items):
        raise UsageError(f"cannot read strategies {text!r}: an empty item",
                         hint="separate names by commas, e.g. tft,gtft,wsls")
    out: list[Any] = []
    numbers: list[Fraction] = []

    def flush_vector() -> None:
        if not numbers:
            return
        if len(numbers) != 4:
            raise UsageError(f"a memory-one vector needs 4 numbers, got {len(numbers)}: "
                             + ",".join(format_fraction(v) for v in numbers),
                             hint="write p_CC,p_CD,p_DC,p_DD, e.g. 0.9,0.1,1,0")
        name = "m(" + ",".join(format_fraction(v) for v in numbers) + ")"
        out.append(MemoryOne(name, tuple(numbers), 1, "user-given memory-one strategy"))
        numbers.clear()

    for item in items:
        number = _number(item)
        if number is not None:
            numbers.append(number)
            if len(numbers) == 4:
                flush_vector()
            continue
        if numbers:
            flush_vector()
        lowered = item.lower()
        if lowered.startswith("p0="):
            if not out or not isinstance(out[-1], MemoryOne) or not out[-1].name.startswith("m("):
                raise UsageError(f"{item!r} must follow a user vector",
                                 hint="e.g. 0.9,0.1,1,0,p0=1/2")
            value = _number(item[3:])
            if value is None:
                raise UsageError(f"cannot read {item!r}", hint="p0 is a probability, e.g. p0=1/2")
            last = out.pop()
            out.append(MemoryOne(last.name + f"@{format_fraction(value)}", last.vector, value,
                                 last.description))
            continue
        if lowered == "gtft" or lowered.startswith("gtft:"):
            if lowered == "gtft":
                g = default_generosity(stage)
                out.append(gtft(g, "gtft"))
            else:
                g = _number(item[5:])
                if g is None or not 0 <= g <= 1:
                    raise UsageError(f"cannot read generosity in {item!r}",
                                     hint="gtft:G with G in [0, 1], e.g. gtft:1/3")
                out.append(gtft(g))
            continue
        if lowered in NAMED:
            out.append(NAMED[lowered])
            continue
        if lowered in NOT_MEMORY_ONE:
            if allow_simulated:
                from deterrence.repeated_games.simulate import SIMULATED

                out.append(SIMULATED[lowered])
                continue
            raise UsageError(f"{lowered} is not a memory-one strategy: {NOT_MEMORY_ONE[lowered]}",
                             hint="exact analysis needs memory-one strategies; "
                                  "'deterrence tournament' plays it by seeded simulation")
        known = ", ".join(strategy_names() + sorted(NOT_MEMORY_ONE))
        raise UsageError(f"unknown strategy {item!r}",
                         hint=f"strategies: {known}; or four probabilities p_CC,p_CD,p_DC,p_DD")
    flush_vector()
    names = [s.name for s in out]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"strategy {duplicates[0]} is listed twice",
                         hint="list each strategy once")
    return tuple(out)


def _number(text: str) -> Fraction | None:
    text = text.strip()
    if not text or not (text[0].isdigit() or text[0] in ".-+"):
        return None
    try:
        return to_fraction(text)
    except ExpressionError:
        return None


def default_generosity(stage: StageGame | None) -> Fraction:
    """The largest generosity that keeps GTFT stable (δ → 1), else 1/3.

    Nowak and Sigmund (1992), Molander (1985):
    ``min(1 - (T - R)/(R - S), (R - P)/(T - P))``, over both players, clipped
    to [0, 1]; 1/3 (its value at T, R, P, S = 5, 3, 1, 0) when the game has no
    such bound.
    """
    if stage is None:
        return Fraction(1, 3)
    bounds = []
    for p in stage.payoffs:
        if p.T <= p.R:
            bounds.append(Fraction(1))
            continue
        if p.R <= p.S or p.T <= p.P:
            return Fraction(1, 3)
        bounds.append(min(1 - (p.T - p.R) / (p.R - p.S), (p.R - p.P) / (p.T - p.P)))
    return min(max(min(bounds), Fraction(0)), Fraction(1))


# ---------------------------------------------------------------- the chain


def acting(p: Fraction, epsilon: Fraction) -> Fraction:
    """Probability of actually cooperating when intending to with probability ``p``.

    >>> acting(Fraction(1), Fraction(1, 10))
    Fraction(9, 10)
    """
    return epsilon + (1 - 2 * epsilon) * p


def _joint(x: Fraction, y: Fraction) -> list[Fraction]:
    return [x * y, x * (1 - y), (1 - x) * y, (1 - x) * (1 - y)]


def joint_chain(row: MemoryOne, column: MemoryOne, epsilon: Fraction
                ) -> tuple[list[list[Fraction]], list[Fraction]]:
    """Transition matrix on CC, CD, DC, DD and the first round's distribution.

    >>> M, p0 = joint_chain(NAMED["tft"], NAMED["alld"], Fraction(0))
    >>> M[0], p0
    ([Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)])
    """
    epsilon = Fraction(epsilon)
    M = [_joint(acting(row.vector[s], epsilon), acting(column.vector[SWAP[s]], epsilon))
         for s in range(4)]
    p0 = _joint(acting(row.initial, epsilon), acting(column.initial, epsilon))
    return M, p0


@dataclass(frozen=True)
class Match:
    """Two memory-one strategies played against each other, exactly.

    ``distribution`` holds the long-run frequencies of CC, CD, DC, DD (or the
    average over the first ``rounds`` rounds when ``rounds`` is set);
    ``payoffs`` the matching average payoffs of row and column.
    ``cooperation_spell`` is the mean length of a run of mutual cooperation
    (``None``: it never ends), ``first_breakdown`` the expected round of the
    first outcome other than CC (``None``: never), ``recovery`` the mean
    number of rounds from a breakdown back to CC (``None``: never, or
    ``breaks_down`` is false). ``vanishing_noise`` holds, for ``ε = 0`` and
    the long run, the distribution and payoffs in the limit ε → 0+ (see
    :func:`vanishing_noise_limit`), which differ from the noise-free answer
    when the noise-free chain is not ergodic.
    """

    row: MemoryOne
    column: MemoryOne
    epsilon: Fraction
    distribution: tuple[Fraction, ...]
    payoffs: tuple[Fraction, Fraction]
    ergodic: bool
    rounds: int | None
    discount: Fraction | None
    discounted_payoffs: tuple[Fraction, Fraction] | None
    breaks_down: bool
    cooperation_spell: Fraction | None
    first_breakdown: Fraction | None
    recovery: Fraction | None
    vanishing_noise: tuple[tuple[Fraction, ...], tuple[Fraction, Fraction]] | None = None

    @property
    def mutual_cooperation(self) -> Fraction:
        return self.distribution[0]

    @property
    def cooperation_rates(self) -> tuple[Fraction, Fraction]:
        """How often row and column actually cooperate."""
        d = self.distribution
        return (d[0] + d[1], d[0] + d[2])

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.numbers import number

        def opt(v):
            return None if v is None else number(v, as_float)

        doc = {
            "row": self.row.name,
            "column": self.column.name,
            "noise": number(self.epsilon, as_float),
            "horizon": "long-run" if self.rounds is None else self.rounds,
            "payoffs": [number(v, as_float) for v in self.payoffs],
            "distribution": {s: number(v, as_float) for s, v in zip(STATES, self.distribution)},
            "mutual_cooperation": number(self.mutual_cooperation, as_float),
            "cooperation_rates": [number(v, as_float) for v in self.cooperation_rates],
            "ergodic": self.ergodic,
            "breaks_down": self.breaks_down,
            "cooperation_spell": opt(self.cooperation_spell),
            "first_breakdown": opt(self.first_breakdown),
            "recovery": opt(self.recovery),
        }
        if self.discount is not None:
            doc["discount"] = number(self.discount, as_float)
            doc["discounted_payoffs"] = [number(v, as_float) for v in self.discounted_payoffs]
        if self.vanishing_noise is not None:
            dist, pay = self.vanishing_noise
            doc["vanishing_noise"] = {
                "payoffs": [number(v, as_float) for v in pay],
                "distribution": {s: number(v, as_float) for s, v in zip(STATES, dist)}}
        return doc


def _check_probability(name: str, value: Fraction, upper_open: bool = False) -> Fraction:
    value = Fraction(value)
    if value < 0 or value > 1 or (upper_open and value == 1):
        interval = "[0, 1)" if upper_open else "[0, 1]"
        raise UsageError(f"{name} = {format_fraction(value)} is outside {interval}",
                         hint=f"{name} must lie in {interval}")
    return value


def play(stage: StageGame, row: MemoryOne, column: MemoryOne, epsilon: Fraction = Fraction(0),
         discount: Fraction | None = None, rounds: int | None = None) -> Match:
    """Play ``row`` against ``column`` in ``stage`` under noise ``epsilon``, exactly.

    Parameters
    ----------
    stage:
        The 2×2 stage game.
    row, column:
        Memory-one strategies.
    epsilon:
        Probability that each intended move is flipped, in [0, 1].
    discount:
        Optional δ in [0, 1): also compute normalised discounted payoffs.
    rounds:
        Average over the first ``rounds`` rounds instead of the long run.
    """
    epsilon = _check_probability("noise", epsilon)
    if discount is not None:
        discount = _check_probability("discount factor δ", discount, upper_open=True)
    if rounds is not None and rounds < 1:
        raise UsageError(f"rounds = {rounds}: at least one round is needed")
    M, p0 = joint_chain(row, column, epsilon)
    if rounds is None:
        limit = limit_distribution(M, p0)
        distribution, ergodic = limit.distribution, limit.ergodic
    else:
        distribution, ergodic = finite_horizon_occupancy(M, p0, rounds), True
    u = [p.by_state for p in stage.payoffs]
    u_column = [u[1][SWAP[s]] for s in range(4)]
    payoffs = (_dot(distribution, u[0]), _dot(distribution, u_column))
    discounted = None
    if discount is not None:
        occupancy = discounted_occupancy(M, p0, discount)
        discounted = (_dot(occupancy, u[0]), _dot(occupancy, u_column))
    stay = M[0][0]
    breaks_down = stay != 1
    spell = 1 / (1 - stay) if breaks_down else None
    if breaks_down:
        first = 1 + p0[0] / (1 - stay)
    else:  # CC is absorbing: cooperation lasts forever once the first round is CC
        first = None if p0[0] else Fraction(1)
    recovery = None
    if breaks_down:
        times = hitting_times(M, {0})
        after = [M[0][s] / (1 - stay) for s in range(4)]
        if all(times[s] is not None for s in range(1, 4) if after[s]):
            recovery = sum((after[s] * times[s] for s in range(1, 4) if after[s]), Fraction(0))
    vanishing = None
    if epsilon == 0 and rounds is None:
        limit = vanishing_noise_limit(row, column)
        vanishing = (limit, (_dot(limit, u[0]), _dot(limit, u_column)))
    return Match(row, column, epsilon, distribution, payoffs, ergodic, rounds, discount,
                 discounted, breaks_down, spell, first, recovery, vanishing)


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


# ---------------------------------------------------------------- vanishing noise


def _poly_mul(a: Sequence[Fraction], b: Sequence[Fraction]) -> list[Fraction]:
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _poly_add(a: Sequence[Fraction], b: Sequence[Fraction]) -> list[Fraction]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0) for i in range(n)]


def _arborescences(root: int, n: int = 4):
    """Parent maps of the spanning trees directed towards ``root``."""
    import itertools

    others = [v for v in range(n) if v != root]
    for parents in itertools.product(range(n), repeat=len(others)):
        parent = dict(zip(others, parents))
        if any(v == p for v, p in parent.items()):
            continue
        ok = True
        for v in others:
            seen, u = set(), v
            while u != root:
                if u in seen:
                    ok = False
                    break
                seen.add(u)
                u = parent[u]
            if not ok:
                break
        if ok:
            yield parent


def vanishing_noise_limit(row: MemoryOne, column: MemoryOne) -> tuple[Fraction, ...]:
    """The stationary distribution on CC, CD, DC, DD in the limit ε → 0+.

    For 0 < ε < 1/2 every transition has positive probability, and by the
    Markov chain tree theorem the stationary probability of a state is
    proportional to the total weight of the spanning trees directed towards
    it -- a polynomial in ε with exact coefficients. The limit is the ratio
    of the lowest-order coefficients. At ε = 0 itself the chain may not be
    ergodic, and this limit can differ from the noise-free answer.

    >>> vanishing_noise_limit(NAMED["tft"], NAMED["tft"])
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 4), Fraction(1, 4))
    >>> vanishing_noise_limit(NAMED["wsls"], NAMED["wsls"])[0]
    Fraction(1, 1)
    """
    def acting_poly(p: Fraction) -> list[Fraction]:
        return [Fraction(p), 1 - 2 * Fraction(p)]            # p + ε(1 − 2p)

    def joint_poly(x, y) -> list[list[Fraction]]:
        nx, ny = [1 - x[0], -x[1]], [1 - y[0], -y[1]]
        return [_poly_mul(x, y), _poly_mul(x, ny), _poly_mul(nx, y), _poly_mul(nx, ny)]

    M = [joint_poly(acting_poly(row.vector[s]), acting_poly(column.vector[SWAP[s]]))
         for s in range(4)]
    weights = []
    for root in range(4):
        total: list[Fraction] = [Fraction(0)]
        for parent in _arborescences(root):
            term: list[Fraction] = [Fraction(1)]
            for v, u in parent.items():
                term = _poly_mul(term, M[v][u])
            total = _poly_add(total, term)
        weights.append(total)
    norm = [sum((w[k] if k < len(w) else 0) for w in weights) for k in range(7)]
    k = next(k for k, c in enumerate(norm) if c)
    return tuple((w[k] if k < len(w) else Fraction(0)) / norm[k] for w in weights)


# ---------------------------------------------------------------- best replies


@dataclass(frozen=True)
class EquilibriumCheck:
    """Whether a pair of memory-one strategies is an equilibrium at δ and ε.

    ``gains`` is each player's largest gain from deviating at the start
    (normalised discounted payoff, 0 when none); ``state_gains`` the largest
    gain over every joint state (the one-shot deviation test for subgame
    perfection).
    """

    delta: Fraction
    epsilon: Fraction
    gains: tuple[Fraction, Fraction]
    state_gains: tuple[Fraction, Fraction]

    @property
    def nash(self) -> bool:
        return all(g <= 0 for g in self.gains)

    @property
    def subgame_perfect(self) -> bool:
        return self.nash and all(g <= 0 for g in self.state_gains)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.numbers import number

        return {"discount": number(self.delta, as_float), "noise": number(self.epsilon, as_float),
                "nash": self.nash, "subgame_perfect": self.subgame_perfect,
                "deviation_gains": [number(g, as_float) for g in self.gains],
                "state_deviation_gains": [number(g, as_float) for g in self.state_gains]}


def _reply_model(payoffs: Sequence[Fraction], opponent: MemoryOne, epsilon: Fraction):
    """Transition rows and expected payoffs of the replying player's actions.

    States are joint moves seen from the replying player (own move first).
    Returns ``(P, r, P0, r0)``: ``P[a][s]`` next-state distribution after
    intending action ``a`` (0 = cooperate) in state ``s``; ``r[a][s]`` its
    expected payoff; ``P0``/``r0`` the same for the first round.
    """
    def outcome(x, y):
        dist = _joint(x, y)
        return dist, _dot(dist, payoffs)

    P, r = [[], []], [[], []]
    for a, intend in enumerate((Fraction(1), Fraction(0))):
        x = acting(intend, epsilon)
        for s in range(4):
            dist, pay = outcome(x, acting(opponent.vector[SWAP[s]], epsilon))
            P[a].append(dist)
            r[a].append(pay)
    y0 = acting(opponent.initial, epsilon)
    first = [outcome(acting(intend, epsilon), y0) for intend in (Fraction(1), Fraction(0))]
    return P, r, [f[0] for f in first], [f[1] for f in first]


def _evaluate(P, r, policy: Sequence[Fraction], delta: Fraction) -> tuple[Fraction, ...]:
    """Normalised values of a (possibly mixed) stationary policy: ``policy[s]`` = P(cooperate)."""
    rows = [[policy[s] * P[0][s][t] + (1 - policy[s]) * P[1][s][t] for t in range(4)]
            for s in range(4)]
    reward = [(1 - delta) * (policy[s] * r[0][s] + (1 - policy[s]) * r[1][s]) for s in range(4)]
    A = [[(1 if s == t else 0) - delta * rows[s][t] for t in range(4)] for s in range(4)]
    return solve_linear(A, reward)


def best_reply_values(payoffs: Sequence[Fraction], opponent: MemoryOne, epsilon: Fraction,
                      delta: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    """The best normalised discounted payoff against a memory-one ``opponent``.

    An exact Markov decision problem on the four joint states, solved by
    policy iteration over the rationals (the optimum of a discounted finite
    MDP is attained by a stationary deterministic policy). ``payoffs`` are
    the replying player's payoffs in CC, CD, DC, DD from its own side.
    Returns the value from the first round and the values in each state.

    >>> from deterrence.io import load_game
    >>> from deterrence.repeated_games.stage import stage_game
    >>> pd = stage_game(load_game("prisoners_dilemma"))
    >>> best_reply_values(pd.payoffs[0].by_state, NAMED["tft"], Fraction(0), Fraction(1, 4))[0]
    Fraction(4, 1)
    """
    P, r, P0, r0 = _reply_model(payoffs, opponent, epsilon)
    policy = [Fraction(1)] * 4
    while True:
        values = _evaluate(P, r, policy, delta)
        improved = list(policy)
        for s in range(4):
            q = [(1 - delta) * r[a][s] + delta * _dot(P[a][s], values) for a in (0, 1)]
            current = 0 if policy[s] == 1 else 1
            best = max((0, 1), key=lambda a: q[a])
            if q[best] > q[current]:
                improved[s] = Fraction(1) if best == 0 else Fraction(0)
        if improved == policy:
            break
        policy = improved
    start = max((1 - delta) * r0[a] + delta * _dot(P0[a], values) for a in (0, 1))
    return start, values


def strategy_values(payoffs: Sequence[Fraction], own: MemoryOne, opponent: MemoryOne,
                    epsilon: Fraction, delta: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    """Normalised discounted value of playing ``own`` against ``opponent``
    (from the first round, and in each joint state)."""
    P, r, P0, r0 = _reply_model(payoffs, opponent, epsilon)
    values = _evaluate(P, r, own.vector, delta)
    p = own.initial
    start = sum(((1 - delta) * r0[a] + delta * _dot(P0[a], values)) * w
                for a, w in ((0, p), (1, 1 - p)))
    return start, values


def check_equilibrium(stage: StageGame, row: MemoryOne, column: MemoryOne,
                      epsilon: Fraction, delta: Fraction) -> EquilibriumCheck:
    """Is (``row``, ``column``) a Nash / subgame-perfect equilibrium at δ, ε?

    Each player's value is compared with its exact best reply among *all*
    strategies (not only memory-one ones): against a memory-one opponent the
    joint move is a sufficient state, so the best reply solves a finite MDP.
    Subgame perfection is the one-shot deviation test in every joint state.

    >>> from deterrence.io import load_game
    >>> from deterrence.repeated_games.stage import stage_game
    >>> pd = stage_game(load_game("prisoners_dilemma"))
    >>> grim = NAMED["grim"]
    >>> check_equilibrium(pd, grim, grim, Fraction(0), Fraction(1, 2)).subgame_perfect
    True
    >>> check_equilibrium(pd, grim, grim, Fraction(0), Fraction(49, 100)).nash
    False
    """
    epsilon = _check_probability("noise", epsilon)
    delta = _check_probability("discount factor δ", delta, upper_open=True)
    gains, state_gains = [], []
    for me, own, other in ((0, row, column), (1, column, row)):
        payoffs = stage.payoffs[me].by_state
        best_start, best = best_reply_values(payoffs, other, epsilon, delta)
        mine_start, mine = strategy_values(payoffs, own, other, epsilon, delta)
        gains.append(best_start - mine_start)
        state_gains.append(max(b - m for b, m in zip(best, mine)))
    return EquilibriumCheck(delta, epsilon, tuple(gains), tuple(state_gains))


__all__ = ["vanishing_noise_limit", "MemoryOne", "NAMED", "NOT_MEMORY_ONE", "gtft", "parse_strategies", "play", "Match",
           "joint_chain", "acting", "check_equilibrium", "EquilibriumCheck", "best_reply_values",
           "strategy_values", "default_generosity", "strategy_names"]
