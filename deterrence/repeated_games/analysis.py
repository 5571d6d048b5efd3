"""Discounted repeated play of a 2×2 stage game: what sustains cooperation.

For a stage game with payoffs T, R, P, S (:mod:`deterrence.repeated_games.stage`)
repeated with discount factor δ (equivalently, the probability that another
round follows -- Axelrod's "shadow of the future"), :func:`analyse` reports
each classic threshold exactly, as a formula in the textbook letters, and --
when the payoff file has parameters -- as a sympy formula in them:

* **grim trigger** (cooperate until the other defects, then defect forever):
  a subgame-perfect equilibrium iff δ ≥ (T − R)/(T − P) (Friedman 1971);
  when (D, D) is not a stage equilibrium (chicken) it is only a Nash
  equilibrium, for δ ≥ (T − R)/(T − S);
* **tit-for-tat** against itself is a Nash equilibrium iff
  δ ≥ max((T − R)/(T − P), (T − R)/(R − S)) (Axelrod 1984, "collectively
  stable"; the second term is the alternation test, which needs 2R > T + S);
  it is not subgame perfect except at equality;
* **win-stay lose-shift** is subgame perfect iff
  δ ≥ max((T − R)/(R − P), (S − P)/(R − P)), which needs 2R > T + P;
* **generous tit-for-tat** with generosity g is a Nash equilibrium iff
  g ≤ min(1 − (T − R)/(δ(R − S)), 1 − (T − R)/(δ(T − P))); as δ → 1 this is
  the bound min(1 − (T − R)/(R − S), (R − P)/(T − P)) of Molander (1985) and
  Nowak and Sigmund (1992);
* **trust**: the least belief that the other cooperates which makes
  cooperation a best reply in one round, (P − S)/((R − T) + (P − S)) in a
  stag hunt (Kydd 2005) -- a stag hunt needs no punishment, only trust.

Each δ threshold is *verified* at the critical value by an exact
best-reply computation (:func:`deterrence.repeated_games.memory_one.check_equilibrium`):
the pair is an equilibrium of the stated kind at δ*, and not just below it.

Example
-------
>>> from deterrence.io import load_game
>>> a = analyse(load_game("prisoners_dilemma"))
>>> grim = a.threshold("grim")
>>> grim.value, grim.formula, grim.verified
(Fraction(1, 2), '(T - R)/(T - P)', True)
>>> a.threshold("tft").value, a.threshold("gtft").value
(Fraction(2, 3), Fraction(1, 3))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

from deterrence.errors import UsageError
from deterrence.repeated_games.memory_one import (
    NAMED,
    EquilibriumCheck,
    Match,
    MemoryOne,
    check_equilibrium,
    gtft,
    play,
)
from deterrence.repeated_games.stage import CHICKEN, STAG_HUNT, StageGame, stage_game
from deterrence.model.display import Displayable, short_repr

REPEATED_SCHEMA = "deterrence.repeated/1"

#: How far below (above, for generosity) a threshold the verification looks.
VERIFY_STEP = Fraction(1, 10**6)

#: A condition ``x·den ≥ num`` on δ, as two functions of (T, R, P, S).
DeltaCondition = tuple[Callable[..., Any], Callable[..., Any]]


@dataclass(frozen=True)
class CriticalValue:
    """A critical value: of δ (discount factor), g (generosity) or q (belief).

    Parameters
    ----------
    key:
        ``grim``, ``tft``, ``wsls``, ``gtft`` or ``trust``.
    name:
        What is sustained, for people.
    quantity, relation:
        e.g. ``δ`` and ``≥``: cooperation holds iff quantity relation value.
    value:
        The exact critical value; ``None`` when no value works.
    attainable:
        Whether some admissible value (δ < 1, g ≥ 0, q ≤ 1) satisfies it.
    textbook:
        The formula in T, R, P, S.
    formula:
        The formula in the payoff file's parameters (``None`` without them).
    concept:
        ``subgame perfect``, ``Nash`` or ``best reply``.
    source:
        Where the formula comes from.
    verified:
        ``True``/``False`` from the exact best-reply check; ``None`` if not checked.
    notes:
        Anything a user should know.
    """

    key: str
    name: str
    quantity: str
    relation: str
    value: Fraction | None
    attainable: bool
    textbook: str
    formula: str | None
    concept: str
    source: str
    verified: bool | None = None
    notes: tuple[str, ...] = ()

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.numbers import number

        return {"key": self.key, "name": self.name, "quantity": self.quantity,
                "relation": self.relation,
                "value": None if self.value is None else number(self.value, as_float),
                "attainable": self.attainable, "textbook": self.textbook,
                "formula": self.formula, "concept": self.concept, "source": self.source,
                "verified": self.verified, "notes": list(self.notes)}


@dataclass(frozen=True)
class Check:
    """A yes/no condition on the stage payoffs, e.g. 2R > T + S."""

    name: str
    holds: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "holds": self.holds, "detail": self.detail}


@dataclass(frozen=True, repr=False)
class RepeatedAnalysis(Displayable):
    """Thresholds of a repeated 2×2 game and, optionally, noisy matches.

    ``matches[i][j]`` is strategy ``i`` (row) against strategy ``j``
    (column); ``self_play[i]`` is strategy ``i``'s equilibrium check against
    itself when a discount factor was given.
    """

    stage: StageGame
    thresholds: tuple[CriticalValue, ...]
    checks: tuple[Check, ...]
    discount: Fraction | None
    epsilon: Fraction
    strategies: tuple[MemoryOne, ...] = ()
    matches: tuple[tuple[Match, ...], ...] = ()
    self_play: tuple[EquilibriumCheck | None, ...] = ()

    display_as = "repeated"

    def __repr__(self) -> str:
        return short_repr("RepeatedAnalysis",
                          repr(self.stage.game.title),
                          f"stage={self.stage.kind!r}",
                          f"{len(self.thresholds)} thresholds",
                          f"{len(self.strategies)} strategies" if self.strategies else "")

    def threshold(self, key: str) -> CriticalValue:
        for t in self.thresholds:
            if t.key == key:
                return t
        raise KeyError(key)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope
        from deterrence.model.numbers import number

        stage = self.stage
        game = stage.game
        doc: dict[str, Any] = {
            **envelope(REPEATED_SCHEMA, game, as_float),
            "stage": {
                "class": stage.kind,
                "verdict": stage.verdict,
                "symmetric": stage.symmetric,
                "cooperate": {p: stage.labels(i)[0] for i, p in enumerate(stage.players)},
                "defect": {p: stage.labels(i)[1] for i, p in enumerate(stage.players)},
                "payoffs": {p.player: {k: number(v, as_float) for k, v in zip("TRPS", p.TRPS)}
                            for p in stage.payoffs},
                "notes": list(stage.notes),
            },
            "discount": None if self.discount is None else number(self.discount, as_float),
            "noise": number(self.epsilon, as_float),
            "thresholds": [t.to_json(as_float) for t in self.thresholds],
            "checks": [c.to_json() for c in self.checks],
        }
        if self.strategies:
            doc["strategies"] = [s.to_json(as_float) for s in self.strategies]
            doc["matches"] = [m.to_json(as_float) for row in self.matches for m in row]
            if any(c is not None for c in self.self_play):
                doc["self_play"] = [
                    dict(strategy=s.name, **c.to_json(as_float)) for s, c in
                    zip(self.strategies, self.self_play) if c is not None]
        return doc


# ---------------------------------------------------------------- helpers


def _least(num: Fraction, den: Fraction) -> Fraction | None:
    """Least x ≥ 0 with x·den ≥ num; ``None`` when there is none."""
    if num <= 0:
        return Fraction(0)
    if den <= 0:
        return None
    return num / den


def _delta_threshold(stage: StageGame, conditions: Callable[[Any], Sequence[DeltaCondition]]
                     ) -> tuple[Fraction | None, list[tuple[int, DeltaCondition]]]:
    """max over players and conditions of the least δ; the binding-relevant terms."""
    value: Fraction | None = Fraction(0)
    terms: list[tuple[int, DeltaCondition]] = []
    for i, p in enumerate(stage.payoffs):
        for cond in conditions(p):
            num, den = cond[0](*p.TRPS), cond[1](*p.TRPS)
            least = _least(num, den)
            if least is None:
                value = None
            elif value is not None:
                value = max(value, least)
            if num > 0 and den > 0:
                terms.append((i, cond))
    return value, terms


def _formula(stage: StageGame, terms: Sequence[tuple[int, Any]], combine: str,
             build: Callable[..., Any]) -> str | None:
    """The threshold as text in the file's parameters (sympy, lazily).

    ``build(term, T, R, P, S)`` returns a ``(numerator, denominator)`` pair of
    sympy expressions; equal texts of the two players are shown once.
    """
    if not stage.is_parametric or not terms:
        return None
    texts: list[str] = []
    letters = _letters(stage)
    for i, term in terms:
        text = letter_ratio(*build(term, *letters)) if letters else ratio_text(*build(term, *stage.symbolic(i)))
        if text not in texts:
            texts.append(text)
    return texts[0] if len(texts) == 1 else f"{combine}({', '.join(texts)})"


def ratio_text(num, den, prefix: str = "") -> str:
    """``num/den`` as readable text: the textbook shape unless cancelling shortens it.

    >>> import sympy
    >>> T, R, P = sympy.symbols("T R P")
    >>> ratio_text(T - R, T - P)
    '(T - R)/(T - P)'
    >>> V, C = sympy.symbols("V C", positive=True)
    >>> ratio_text(V / 2, (V + C) / 2)
    'V/(C + V)'
    """
    import sympy

    def wrap(e, denominator=False):
        text = sympy.sstr(e, order="none")
        if e.is_Add or (denominator and (e.is_Mul or e.is_Pow)) or \
                (e.is_Rational and not e.is_Integer):
            return f"({text})"
        return text

    def show(n, d):
        return wrap(n) if d == 1 else f"{wrap(n)}/{wrap(d, True)}"

    n, d = sympy.simplify(num), sympy.simplify(den)
    q = sympy.cancel(n / d)
    if q.is_number:
        return sympy.sstr(1 - q) if prefix == "1 - " else prefix + sympy.sstr(q)
    if sympy.count_ops(q) < sympy.count_ops(n) + sympy.count_ops(d) + 1:
        cn, cd = sympy.fraction(q)
        if cd.could_extract_minus_sign() and cn.could_extract_minus_sign():
            cn, cd = -cn, -cd
        n, d = sympy.expand(cn), sympy.expand(cd)
    return prefix + show(n, d)


class _Letter(str):
    """A payoff named by its textbook letter, in a file whose T, R, P, S are parameters
    of those names: the formulas are then the textbook's, written without sympy."""

    def __sub__(self, other: str) -> "_Difference":
        return _Difference(self, other)


class _Difference(tuple):
    def __new__(cls, a: str, b: str):
        return super().__new__(cls, (a, b))

    def __rmul__(self, factor: str) -> "_Difference":
        scaled = _Difference(*self)
        scaled.factor = factor
        return scaled

    factor = ""

    def text(self) -> str:
        inner = f"({self[0]} - {self[1]})"
        return f"({self.factor}*{inner})" if self.factor else inner


def _letters(stage: StageGame) -> tuple[_Letter, ...] | None:
    """``T, R, P, S`` as letters when every player's payoffs are exactly the parameters so
    named (no definitions in between), else ``None``."""
    from deterrence.model.expr import Name

    wanted = ("T", "R", "P", "S")
    defined = {name for name, _ in stage.game.parameters.definitions}
    for p in stage.payoffs:
        if tuple(getattr(e, "name", None) if isinstance(e, Name) else None for e in p.expressions) != wanted:
            return None
    if defined & set(wanted):
        return None
    return tuple(_Letter(n) for n in wanted)


def letter_ratio(num: "_Difference", den: "_Difference", prefix: str = "") -> str:
    """:func:`ratio_text` of two differences of distinct letters, without sympy (the same
    text: differences of two symbols neither cancel nor reorder).

    >>> T, R, P, S = (_Letter(n) for n in "TRPS")
    >>> letter_ratio(T - R, "δ" * (R - S), "1 - ")
    '1 - (T - R)/(δ*(R - S))'
    """
    return f"{prefix}{num.text()}/{den.text()}"


def _ratio(term, T, R, P, S):
    return term[0](T, R, P, S), term[1](T, R, P, S)


def _grim_conditions(p) -> list[DeltaCondition]:
    if p.P >= p.S:
        return [(lambda T, R, P, S: T - R, lambda T, R, P, S: T - P)]
    return [(lambda T, R, P, S: T - R, lambda T, R, P, S: T - S)]


def _tft_conditions(p) -> list[DeltaCondition]:
    return [(lambda T, R, P, S: T - R, lambda T, R, P, S: T - P),
            (lambda T, R, P, S: T - R, lambda T, R, P, S: R - S)]


def _wsls_conditions(p) -> list[DeltaCondition]:
    return [(lambda T, R, P, S: T - R, lambda T, R, P, S: R - P),
            (lambda T, R, P, S: S - P, lambda T, R, P, S: R - P)]


def _verify_delta(stage: StageGame, strategy: MemoryOne, value: Fraction | None,
                  spe: bool) -> bool | None:
    """At δ* the pair is an equilibrium; just below δ* it is not."""
    if value is None or value >= 1:
        return None

    def holds(delta):
        check = check_equilibrium(stage, strategy, strategy, Fraction(0), delta)
        return check.subgame_perfect if spe else check.nash

    if not holds(value):
        return False
    return value == 0 or not holds(max(value - VERIFY_STEP, Fraction(0)))


# ---------------------------------------------------------------- thresholds


def grim_threshold(stage: StageGame, verify: bool = True) -> CriticalValue:
    """Least δ at which grim trigger sustains mutual cooperation."""
    value, terms = _delta_threshold(stage, _grim_conditions)
    credible = all(p.P >= p.S for p in stage.payoffs)
    notes = []
    if not credible:
        notes.append("(D, D) is not an equilibrium of the stage game, so defecting forever is "
                     "not a credible punishment: grim trigger is a Nash equilibrium only, and "
                     "the deviator's best reply to it is to cooperate (T − S in the formula)")
    if all(p.T <= p.R for p in stage.payoffs):
        notes.append("no temptation (T ≤ R): no punishment is needed")
    return CriticalValue(
        "grim", "grim trigger", "δ", "≥", value, value is not None and value < 1,
        "(T − R)/(T − P)" if credible else "(T − R)/(T − S)",
        _formula(stage, terms, "max", _ratio),
        "subgame perfect" if credible else "Nash",
        "Friedman (1971); e.g. Osborne, An Introduction to Game Theory (2004), §14.7",
        _verify_delta(stage, NAMED["grim"], value, credible) if verify else None,
        tuple(notes))


def tft_threshold(stage: StageGame, verify: bool = True) -> CriticalValue:
    """Least δ at which tit-for-tat against itself is a Nash equilibrium."""
    value, terms = _delta_threshold(stage, _tft_conditions)
    notes = ["a Nash equilibrium, not subgame perfect: after a single defection two "
             "tit-for-tat players echo it for ever (exactly subgame perfect only at "
             "δ = (T − R)/(R − S))"]
    return CriticalValue(
        "tft", "tit-for-tat", "δ", "≥", value, value is not None and value < 1,
        "max((T − R)/(T − P), (T − R)/(R − S))",
        _formula(stage, terms, "max", _ratio), "Nash",
        "Axelrod, The Evolution of Cooperation (1984), propositions 2 and 4",
        _verify_delta(stage, NAMED["tft"], value, False) if verify else None, tuple(notes))


def wsls_threshold(stage: StageGame, verify: bool = True) -> CriticalValue:
    """Least δ at which win-stay lose-shift is a subgame-perfect equilibrium."""
    value, terms = _delta_threshold(stage, _wsls_conditions)
    notes = []
    if value is not None and value >= 1:
        notes.append("needs 2R > T + P: with these payoffs no δ < 1 sustains it")
    return CriticalValue(
        "wsls", "win-stay lose-shift", "δ", "≥", value, value is not None and value < 1,
        "max((T − R)/(R − P), (S − P)/(R − P))",
        _formula(stage, terms, "max", _ratio), "subgame perfect",
        "one-shot deviation principle; Nowak and Sigmund, Nature 364 (1993); "
        "Fudenberg and Maskin (1990)",
        _verify_delta(stage, NAMED["wsls"], value, True) if verify else None, tuple(notes))


def gtft_threshold(stage: StageGame, discount: Fraction | None = None,
                   verify: bool = True) -> CriticalValue:
    """Largest generosity g for which generous TFT is a Nash equilibrium.

    With ``discount=None`` the undiscounted limit δ → 1 (Nowak and Sigmund 1992).
    """
    delta = Fraction(1) if discount is None else Fraction(discount)
    bound: Fraction | None = Fraction(1)
    terms = []
    for i, p in enumerate(stage.payoffs):
        T, R, P, S = p.TRPS
        if T <= R:
            continue
        for den in (R - S, T - P):
            if den <= 0 or delta == 0:
                bound = None
                break
            value = 1 - (T - R) / (delta * den)
            bound = None if bound is None else min(bound, value)
        if bound is None:
            break
        terms.append((i, None))
    attainable = bound is not None and bound >= 0
    formula = None
    if stage.is_parametric and terms and bound is not None:
        letters = _letters(stage)
        if letters:
            d, text_of = "δ", letter_ratio
        else:
            import sympy

            d, text_of = sympy.Symbol("δ", positive=True), ratio_text
        texts = []
        for i, _ in terms:
            Ts, Rs, Ps, Ss = letters or stage.symbolic(i)
            if discount is None:
                pair = (text_of(Ts - Rs, Rs - Ss, "1 - "), text_of(Rs - Ps, Ts - Ps))
            else:
                pair = (text_of(Ts - Rs, d * (Rs - Ss), "1 - "),
                        text_of(Ts - Rs, d * (Ts - Ps), "1 - "))
            for text in pair:
                if text not in texts:
                    texts.append(text)
        formula = texts[0] if len(texts) == 1 else f"min({', '.join(texts)})"
    notes = []
    if bound is not None and bound < 0:
        notes.append("even tit-for-tat (g = 0) is not an equilibrium at this δ")
    verified = None
    if verify and attainable and discount is not None and delta > 0:
        g = min(bound, Fraction(1))
        at = check_equilibrium(stage, gtft(g), gtft(g), Fraction(0), delta).nash
        above = g >= 1 or not check_equilibrium(stage, gtft(g + VERIFY_STEP),
                                                gtft(g + VERIFY_STEP), Fraction(0), delta).nash
        verified = at and above
    textbook = ("min(1 − (T − R)/(R − S), (R − P)/(T − P))" if discount is None else
                "min(1 − (T − R)/(δ(R − S)), 1 − (T − R)/(δ(T − P)))")
    return CriticalValue(
        "gtft", "generous tit-for-tat" + (" (δ → 1)" if discount is None else ""),
        "g", "≤", None if bound is None else min(bound, Fraction(1)), attainable, textbook,
        formula, "Nash",
        "Molander, J. Conflict Resolution 29 (1985); Nowak and Sigmund, Nature 355 (1992)",
        verified, tuple(notes))


def belief_threshold(T: Fraction, R: Fraction, P: Fraction, S: Fraction
                     ) -> tuple[str, Fraction | None]:
    """When is cooperating a best reply to a belief q that the other cooperates?

    Returns ``(relation, value)``: ``("≥", q*)`` -- cooperate iff q ≥ q*;
    ``("≤", q*)``; ``("always", 0)``; ``("never", None)``.

    >>> belief_threshold(3, 4, 3, 0)
    ('≥', Fraction(3, 4))
    >>> belief_threshold(5, 3, 1, 0)
    ('never', None)
    """
    at0, at1 = Fraction(S - P), Fraction(R - T)   # gain from cooperating when q = 0, q = 1
    if at0 >= 0 and at1 >= 0:
        return "always", Fraction(0)
    if at0 < 0 and at1 < 0:
        return "never", None
    if at0 < 0:
        return "≥", -at0 / (at1 - at0)
    return "≤", at0 / (at0 - at1)


def trust_threshold(stage: StageGame) -> CriticalValue:
    """The least belief that the other cooperates that makes cooperating a best reply."""
    relations = [belief_threshold(*p.TRPS) for p in stage.payoffs]
    kinds = {r for r, _ in relations}
    notes: list[str] = []
    if kinds == {"≥"} or kinds <= {"≥", "always"}:
        value = max(v for _, v in relations)
        relation, attainable = "≥", value <= 1
        textbook = "(P − S)/((R − T) + (P − S))"
        terms = [(i, None) for i, (r, _) in enumerate(relations) if r == "≥"]
        if stage.kind == STAG_HUNT:
            notes.append("a stag hunt needs no punishment, only trust: mutual cooperation "
                         "is an equilibrium of a single round; each side cooperates when it "
                         "believes the other does with at least this probability (the mixed "
                         "equilibrium; below it, defection is the safe choice)")
    elif kinds == {"always"}:
        value, relation, attainable, textbook, terms = Fraction(0), "≥", True, "0", []
        notes.append("cooperation is a best reply whatever the other does")
    elif "never" in kinds:
        value, relation, attainable, textbook, terms = None, "≥", False, "—", []
        notes.append("defection is a best reply whatever the other does: no belief makes "
                     "cooperation pay in one round (in the repeated game, see δ)")
    else:
        value = min(v for r, v in relations if r == "≤")
        relation, attainable, textbook = "≤", True, "(S − P)/((T − R) + (S − P))"
        terms = [(i, None) for i, (r, _) in enumerate(relations) if r == "≤"]
        if stage.kind == CHICKEN:
            notes.append("in chicken, yielding (cooperating) is a best reply only when the other "
                         "is expected to escalate: cooperate iff the belief that the other "
                         "cooperates is at most this value")
    formula = None
    if stage.is_parametric and terms:
        texts = []
        for i, _ in terms:
            Ts, Rs, Ps, Ss = stage.symbolic(i)
            text = ratio_text(Ps - Ss, (Rs - Ts) + (Ps - Ss)) if relation == "≥" else \
                ratio_text(Ss - Ps, (Ts - Rs) + (Ss - Ps))
            if text not in texts:
                texts.append(text)
        formula = texts[0] if len(texts) == 1 else \
            f"{'max' if relation == '≥' else 'min'}({', '.join(texts)})"
    return CriticalValue("trust", "trust (one round)", "q", relation, value, attainable, textbook,
                     formula, "best reply",
                     "Kydd, Trust and Mistrust in International Relations (2005), ch. 1; "
                     "Harsanyi and Selten (1988) risk dominance", None, tuple(notes))


def stage_checks(stage: StageGame) -> tuple[Check, ...]:
    """Conditions on the stage payoffs that the thresholds rely on."""
    checks = []
    for p in stage.payoffs:
        who = "" if stage.symmetric else f" ({p.player})"
        checks.append(Check(
            f"2R > T + S{who}", 2 * p.R > p.T + p.S,
            "mutual cooperation beats taking turns at exploiting each other "
            "(Rapoport and Chammah 1965); without it, alternation pays more than cooperation"))
        checks.append(Check(
            f"2R > T + P{who}", 2 * p.R > p.T + p.P,
            "needed for win-stay lose-shift to be sustainable at some δ < 1"))
        if stage.symmetric:
            break
    return tuple(checks)


# ---------------------------------------------------------------- the analysis


def analyse(game, *, cooperate: str | None = None, strategies: Sequence[MemoryOne] = (),
            epsilon: Fraction = Fraction(0), discount: Fraction | None = None,
            rounds: int | None = None, verify: bool = True) -> RepeatedAnalysis:
    """Thresholds for cooperation in the repeated ``game``, and noisy matches.

    Parameters
    ----------
    game:
        A two-player 2×2 normal-form game.
    cooperate:
        Label of the cooperative strategy (default: see :func:`stage_game`).
    strategies:
        Memory-one strategies to play against each other (every ordered pair).
    epsilon:
        Implementation noise in [0, 1].
    discount:
        δ in [0, 1): adds discounted payoffs and equilibrium checks.
    rounds:
        Average over the first ``rounds`` rounds instead of the long run.
    verify:
        Check every δ threshold with the exact best reply.
    """
    stage = stage_game(game, cooperate)
    epsilon = Fraction(epsilon)
    if not 0 <= epsilon <= 1:
        raise UsageError(f"noise {epsilon} is outside [0, 1]", hint="ε is a probability")
    if discount is not None and not 0 <= Fraction(discount) < 1:
        raise UsageError(f"discount factor {discount} is outside [0, 1)",
                         hint="δ is the weight of the next round, 0 ≤ δ < 1")
    thresholds = (grim_threshold(stage, verify), tft_threshold(stage, verify),
                  wsls_threshold(stage, verify), gtft_threshold(stage, discount, verify),
                  trust_threshold(stage))
    matches = tuple(tuple(play(stage, a, b, epsilon, discount, rounds) for b in strategies)
                    for a in strategies)
    self_play: tuple[EquilibriumCheck | None, ...] = ()
    if strategies:
        self_play = tuple(check_equilibrium(stage, s, s, epsilon, discount)
                          if discount is not None else None for s in strategies)
    return RepeatedAnalysis(stage, thresholds, stage_checks(stage), discount, epsilon,
                            tuple(strategies), matches, self_play)


__all__ = ["analyse", "RepeatedAnalysis", "CriticalValue", "Check", "grim_threshold",
           "tft_threshold", "wsls_threshold", "gtft_threshold", "trust_threshold",
           "belief_threshold", "stage_checks", "REPEATED_SCHEMA"]
