"""Step-by-step explanations of a game's solution, as a textbook gives them.

:func:`explain` returns an :class:`Explanation`: plain data (frozen
dataclasses) that :mod:`deterrence.views.explain` renders and
:meth:`Explanation.to_json` serialises (schema ``deterrence.explain/1``).
For a matrix game the steps are

1. **best responses** of each player to each strategy (profile) of the others;
2. **iterated elimination** of strictly dominated strategies, each with its
   (possibly mixed) dominator and the inequalities that prove it
   (:func:`deterrence.nash.dominance.eliminate_dominated`);
3. the **pure equilibria**: cells where everybody plays a best response;
4. each **mixed equilibrium** from its *indifference equations*: a player
   mixes only if the other's mix makes it indifferent between the strategies
   it mixes. The equations are written with the file's formulas, solved
   symbolically when the game has parameters (sympy, from
   :meth:`Expr.to_sympy <deterrence.model.expr.Expr.to_sympy>`, never from
   text), then with the values in force, and checked against the exact
   solver's answer.

Example
-------
>>> from deterrence import load_game
>>> e = explain(load_game("hawk_dove"))
>>> mixed = e.mixed[0]
>>> eq = mixed.indifferences[0]
>>> eq.equation_text
'q·(V - C)/2 + (1 - q)·V = (1 - q)·V/2'
>>> eq.solution[0].formula, eq.solution[0].value
('V/C', Fraction(1, 3))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from deterrence.model.display import Displayable, short_repr
from deterrence.model.expr import BinOp, Const, Expr, Neg, format_fraction
from deterrence.model.envelope import envelope
from deterrence.model.numbers import number

from deterrence.teaching.explain_tree import (EXPLAIN_SCHEMA, InfosetStep, NodeStep,  # noqa: F401
                                             ThreatStep, TreeExplanation, backward_steps,
                                             explain_tree)


# ---------------------------------------------------------------- the steps


@dataclass(frozen=True)
class BestReply:
    """``player``'s best responses when the others play ``against``.

    ``payoffs`` holds ``player``'s payoff from each of its strategies;
    ``best`` the indices of the maxima.
    """

    player: int
    against: str
    payoffs: tuple[Fraction, ...]
    best: tuple[int, ...]

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        labels = game.strategies[self.player]
        return {"player": game.players[self.player], "against": self.against,
                "payoffs": {l: number(v, as_float) for l, v in zip(labels, self.payoffs)},
                "best": [labels[k] for k in self.best]}


@dataclass(frozen=True)
class Unknown:
    """A probability to solve for: ``name`` is the chance that ``player`` plays
    ``strategy`` (the last strategy of a support takes the remainder)."""

    name: str
    player: int
    strategy: int


@dataclass(frozen=True)
class Solved:
    """One unknown solved: its formula in the parameters (text and LaTeX, or
    ``None`` when it could not be solved symbolically) and its exact value."""

    name: str
    strategy: str
    formula: str | None
    latex: str | None
    value: Fraction


@dataclass(frozen=True)
class Indifference:
    """Why ``mixer`` mixes as it does: it makes ``player`` indifferent.

    Parameters
    ----------
    player:
        The player who is made indifferent (it mixes over ``support``).
    mixer:
        The player whose mixed strategy makes it so.
    support:
        ``player``'s strategies in the equilibrium's support.
    unknowns:
        The probabilities of ``mixer`` solved for.
    sides:
        ``player``'s expected payoff from each strategy of ``support``, as
        text with the file's formulas (``q·(V - C)/2 + (1 - q)·V``).
    numeric_sides:
        The same with the values in force.
    sides_latex:
        The same as LaTeX.
    solution:
        Each unknown's formula and exact value (the remainder last).
    value:
        ``player``'s expected payoff in the equilibrium.
    note:
        Set when the equations do not pin the mix down (a degenerate game).
    """

    player: int
    mixer: int
    support: tuple[int, ...]
    unknowns: tuple[Unknown, ...]
    sides: tuple[str, ...]
    numeric_sides: tuple[str, ...]
    sides_latex: tuple[str, ...]
    solution: tuple[Solved, ...]
    value: Fraction
    note: str = ""

    @property
    def equation_text(self) -> str:
        return " = ".join(self.sides)

    @property
    def numeric_text(self) -> str:
        return " = ".join(self.numeric_sides)

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {
            "player": game.players[self.player],
            "mixer": game.players[self.mixer],
            "indifferent_between": [game.strategies[self.player][k] for k in self.support],
            "unknowns": {u.name: game.strategies[self.mixer][u.strategy] for u in self.unknowns},
            "equation": self.equation_text,
            "equation_latex": " = ".join(self.sides_latex),
            "equation_at_values": self.numeric_text,
            "solution": [{"name": s.name, "strategy": s.strategy, "formula": s.formula,
                          "latex": s.latex, "value": number(s.value, as_float)} for s in self.solution],
            "value": number(self.value, as_float),
            "note": self.note,
        }


@dataclass(frozen=True)
class MixedExplanation:
    """One mixed equilibrium of the exact solver, explained by indifference."""

    equilibrium: Any  # MixedEquilibrium
    indifferences: tuple[Indifference, ...]

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {"equilibrium": self.equilibrium.to_json(game, as_float),
                "label": self.equilibrium.label(game),
                "indifferences": [i.to_json(game, as_float) for i in self.indifferences]}


@dataclass(frozen=True, repr=False)
class Explanation(Displayable):
    """Every step of the solution of a normal-form game.

    ``result`` is the exact solver's answer that the steps lead to.
    """

    game: Any
    best_replies: tuple[BestReply, ...]
    dominance: Any  # DominanceResult
    pure: tuple[Any, ...]  # MixedEquilibrium, pure
    mixed: tuple[MixedExplanation, ...]
    result: Any  # SolveResult
    symbolic: bool
    notes: tuple[str, ...] = ()

    kind = "normal"

    display_as = "explanation"

    def __repr__(self) -> str:
        return short_repr(type(self).__name__, repr(self.game.title))

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        """The ``--json`` document (schema ``deterrence.explain/1``)."""
        game = self.game
        dominance = self.dominance.to_json(as_float)
        dominance.pop("schema", None)
        dominance.pop("game", None)
        dominance.pop("parameters", None)
        return {
            **envelope(EXPLAIN_SCHEMA, game, as_float),
            "steps": [
                {"step": "best-responses",
                 "replies": [b.to_json(game, as_float) for b in self.best_replies]},
                {"step": "dominance", **dominance},
                {"step": "pure-equilibria",
                 "equilibria": [{"label": eq.label(game), **eq.to_json(game, as_float)} for eq in self.pure]},
                {"step": "mixed-equilibria", "symbolic": self.symbolic,
                 "equilibria": [m.to_json(game, as_float) for m in self.mixed]},
            ],
            "result": self.result.to_json(as_float),
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- computing


def best_replies(game) -> tuple[BestReply, ...]:
    """Each player's best responses to each profile of the others' strategies.

    >>> from deterrence import load_game
    >>> r = best_replies(load_game("hawk_dove"))[0]
    >>> r.against, r.payoffs, r.best
    ('Hawk', (Fraction(-2, 1), Fraction(0, 1)), (1,))
    """
    arrays = game.payoff_arrays()
    out = []
    for i in range(game.n_players):
        others = [j for j in range(game.n_players) if j != i]
        for rest in itertools.product(*(range(game.shape[j]) for j in others)):
            values = []
            for k in range(game.shape[i]):
                profile = list(rest)
                profile.insert(i, k)
                values.append(Fraction(arrays[i][tuple(profile)]))
            top = max(values)
            labels = [game.strategies[j][s] for j, s in zip(others, rest)]
            against = labels[0] if len(labels) == 1 else "(" + ", ".join(labels) + ")"
            out.append(BestReply(i, against, tuple(values),
                                 tuple(k for k, v in enumerate(values) if v == top)))
    return tuple(out)


def _unknown_names(mixer: int, count: int) -> list[str]:
    letter = "pqrs"[mixer] if mixer < 4 else f"x{mixer}_"
    if count <= 2:
        return [letter]
    return [f"{letter}{k}" for k in range(1, count)]


def _probability_texts(names: Sequence[str], count: int) -> list[str]:
    """``q``, ``(1 - q)`` — or ``q1``, ``q2``, ``(1 - q1 - q2)``."""
    if count == 1:
        return ["1"]
    rest = "(1 - " + " - ".join(names) + ")"
    return list(names) + [rest]


def _coefficient_text(expr: Expr) -> str:
    text = str(expr)
    if isinstance(expr, (Neg,)) or (isinstance(expr, BinOp) and expr.op in "+-") or \
            (isinstance(expr, Const) and expr.value < 0):
        return f"({text})"
    return text


def _side_text(terms: Sequence[tuple[str, Expr]]) -> str:
    """``q·(V - C)/2 + (1 - q)·V`` or ``-2·q + 2·(1 - q)``: zero payoffs left out.

    >>> from deterrence.model.expr import as_expr
    >>> _side_text([("q", as_expr(-2)), ("(1 - q)", as_expr(2))])
    '-2·q + 2·(1 - q)'
    >>> _side_text([("q", as_expr(0)), ("(1 - q)", as_expr(1))])
    '1 - q'
    """
    parts: list[tuple[bool, str]] = []  # (negative, text without its sign)
    for prob, expr in terms:
        if isinstance(expr, Const):
            value = expr.value
            if value == 0:
                continue
            size = format_fraction(abs(value))
            if prob == "1":
                text = size
            elif abs(value) == 1:
                text = prob
            else:
                text = f"{size}·{prob}"
            parts.append((value < 0, text))
        elif prob == "1":
            parts.append((False, str(expr)))
        else:
            parts.append((False, f"{prob}·{_coefficient_text(expr)}"))
    if not parts:
        return "0"
    bare = [prob for prob, _ in terms]
    if len(parts) == 1 and not parts[0][0] and parts[0][1] in bare and parts[0][1].startswith("("):
        return parts[0][1][1:-1]  # (1 - q) alone needs no parentheses
    out = ("-" if parts[0][0] else "") + parts[0][1]
    for negative, text in parts[1:]:
        out += (" - " if negative else " + ") + text
    return out


def _side_latex(terms: Sequence[tuple[str, Expr]]) -> str:
    from deterrence.views.latex import expr_latex

    parts = []
    for prob, expr in terms:
        if isinstance(expr, Const) and expr.value == 0:
            continue
        prob_tex = prob.replace("(", r"\left(").replace(")", r"\right)")
        coef = expr_latex(expr, 2)
        parts.append(coef if prob == "1" else f"{prob_tex}\\,{coef}")
    return " + ".join(parts) if parts else "0"


def _indifference(game, eq, player: int, mixer: int, symbols) -> Indifference:
    """The equations that make ``player`` indifferent on its support (two players)."""
    import sympy

    support = eq.support(player)
    mix_support = eq.support(mixer)
    names = _unknown_names(mixer, len(mix_support))
    probs = _probability_texts(names, len(mix_support))
    unknowns = tuple(Unknown(n, mixer, s) for n, s in zip(names, mix_support)) if len(mix_support) > 1 else ()
    arrays = game.payoff_arrays()

    def cell(own: int, other: int) -> tuple[int, int]:
        return (own, other) if player == 0 else (other, own)

    sides, numeric, latex, exprs = [], [], [], []
    unknown_syms = [sympy.Symbol(n, real=True) for n in names] if len(mix_support) > 1 else []
    weights = unknown_syms + ([1 - sum(unknown_syms)] if unknown_syms else [sympy.Integer(1)])
    for s in support:
        terms = [(prob, game.payoffs[game.profile_index(cell(s, t))][player])
                 for prob, t in zip(probs, mix_support)]
        values = [(prob, Const(Fraction(arrays[player][cell(s, t)]))) for prob, t in zip(probs, mix_support)]
        sides.append(_side_text(terms))
        numeric.append(_side_text(values))
        latex.append(_side_latex(terms))
        exprs.append(sum((w * expr.to_sympy(symbols) for w, (_, expr) in zip(weights, terms)),
                         sympy.Integer(0)))
    equations = [sympy.Eq(exprs[0], e) for e in exprs[1:]]
    exact = {t: eq.strategies[mixer][t] for t in mix_support}
    note = ""
    formulas: list[Any] | None = None
    if unknown_syms:
        solutions = sympy.solve(equations, unknown_syms, dict=True)
        if len(solutions) == 1 and all(u in solutions[0] for u in unknown_syms):
            raw = [solutions[0][u] for u in unknown_syms]
            raw.append(1 - sum(raw))
            values = game.parameters.values()
            subs = {sym: sympy.Rational(values[n].numerator, values[n].denominator)
                    for n, sym in symbols.items() if isinstance(sym, sympy.Symbol) and n in values}
            at_values = []
            for r in raw:
                v = sympy.simplify(r.subs(subs))
                at_values.append(Fraction(int(v.p), int(v.q)) if v.is_Rational else None)
            formulas = [_tidy(r) for r in raw]
            if at_values != [exact[t] for t in mix_support]:
                formulas = None
                note = ("at these parameter values the general formula does not apply "
                        "(a denominator vanishes or the game is degenerate); the exact solver's mix is shown")
        else:
            note = ("the indifference equations do not determine the mix uniquely (the game is "
                    "degenerate); the mix shown is one extreme point found by the exact solver")
    labels = game.strategies[mixer]
    all_names = names + (["1 - " + " - ".join(names)] if unknown_syms else [])
    if not unknown_syms:
        all_names = [labels[mix_support[0]]]
    solution = []
    if not unknown_syms:
        formulas = [sympy.Integer(1)]  # the other player's strategy is pure
        note = (f"{game.players[mixer]} plays a pure strategy, so this indifference does not fix a "
                f"mix: {game.players[player]} may mix in any way that keeps {game.players[mixer]} from "
                "deviating (the game is degenerate); the mix shown is an extreme point of that range")
    for k, t in enumerate(mix_support):
        formula = formulas[k] if formulas is not None else None
        solution.append(Solved(all_names[k], labels[t], None if formula is None else _formula_text(formula),
                               None if formula is None else sympy.latex(formula), exact[t]))
    return Indifference(player, mixer, support, unknowns, tuple(sides), tuple(numeric), tuple(latex),
                        tuple(solution), eq.payoffs[player], note)


def _tidy(formula):
    """The shortest of a few equivalent forms: ``(stag - hare)/(stag - sucker)``."""
    import sympy

    forms = [sympy.factor(formula), sympy.simplify(formula), sympy.cancel(formula)]
    numerator, denominator = sympy.fraction(sympy.factor(formula))
    if numerator.could_extract_minus_sign() and denominator != 1:
        # -(hare - stag)/(stag - sucker) reads better as (stag - hare)/(stag - sucker)
        forms.append(sympy.Mul(sympy.expand(numerator), sympy.Pow(denominator, -1), evaluate=False))
    forms = [f for f in forms if sympy.simplify(f - formula) == 0]
    return min(forms, key=lambda f: (len(str(f)), str(f)))


def _formula_text(formula) -> str:
    """sympy's text of a formula, exact (``1/3``, not ``0.333``)."""
    return str(formula).replace("**", "^")


def explain(game) -> Explanation:
    """Explain the solution of a normal-form game step by step.

    The mixed equilibria explained are the exact solver's
    (:func:`deterrence.solver.solve`); the explanation never replaces it.
    """
    from deterrence.model.kinds import is_tree

    if is_tree(game):
        return explain_tree(game)
    from deterrence.solver import solve
    from deterrence.nash.dominance import eliminate_dominated

    result = solve(game)
    dominance = eliminate_dominated(game, weak=False, mixed=True)
    pure = tuple(eq for eq in result.equilibria if eq.is_pure)
    notes = list(result.warnings)
    mixed: list[MixedExplanation] = []
    symbolic = False
    if game.n_players == 2:
        candidates = [eq for eq in result.equilibria if not eq.is_pure]
        if candidates:
            from deterrence.parametric.symbols import parameter_symbols

            symbols = parameter_symbols(game)
            symbolic = bool(game.parameters.declared)
            for eq in candidates:
                steps = tuple(_indifference(game, eq, player, 1 - player, symbols)
                              for player in (0, 1) if len(eq.support(player)) > 1)
                mixed.append(MixedExplanation(eq, steps))
    elif not all(eq.is_pure for eq in result.equilibria):  # pragma: no cover - solvers give pure only
        notes.append("mixed equilibria of games with more than two players are not explained")
    return Explanation(game, best_replies(game), dominance, pure, tuple(mixed), result, symbolic,
                       tuple(notes))


__all__ = ["explain", "explain_tree", "Explanation", "TreeExplanation", "BestReply", "Indifference",
           "MixedExplanation", "NodeStep", "ThreatStep", "InfosetStep", "Solved", "Unknown", "best_replies",
           "backward_steps", "EXPLAIN_SCHEMA"]
