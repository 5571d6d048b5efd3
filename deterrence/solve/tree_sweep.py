"""Sweeps and thresholds of game trees: backward-induction comparisons as inequalities.

At given parameter values the exact tree solver finds the equilibrium (its
regime: which outcomes have positive probability). Holding that profile
fixed, every comparison the players make is written symbolically: at each
information set, the expected payoff of the prescribed action against every
alternative, the nodes weighted by the chance probabilities (and the other
players' prescribed moves) that lead to them — for the challenger of a
defender who is resolute with probability p, ``(1 - p)*V - p*c <= 0``, i.e.
``p >= V/(V + c)``. The profile stays an equilibrium exactly while these
inequalities hold, so their roots in a swept parameter are where the regime
can change: a sweep walks from one root to the next, re-solving only there.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.solve.sweep import Range, sweep_one
>>> g = load_game("punishment_credibility")
>>> s = sweep_one(g, Range.parse("p=0:1"), steps=5)
>>> [(c.text, c.formula_texts()) for c in s.changes]
[('1/3', ['p = V/(V + c)'])]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.solve.regimes import Regime, regime_of_result


def _solve(game):
    from deterrence.solve import solve

    return solve(game)


def pure_profile(result):
    """The first equilibrium without mixed prescriptions, or ``None``."""
    for eq in result.equilibria:
        if not eq.mixed:
            return eq
    return None


def node_values(game, choice, symbols) -> list[list[Any]]:
    """Each node's expected payoff vector under the pure profile ``choice``, as formulas."""
    import sympy

    n = game.size
    values: list[Any] = [None] * n
    for v in reversed(range(n)):
        own = [game.exprs[int(k)].to_sympy(symbols) if int(k) >= 0 else sympy.Integer(0)
               for k in game.payoff[v]]
        if game.is_terminal(v):
            values[v] = own
        elif game.is_chance(v):
            total = [sympy.Integer(0)] * game.n_players
            for e in game.edges(v):
                p = game.exprs[int(game.edge_prob[e])].to_sympy(symbols)
                child = values[int(game.child[e])]
                total = [t + p * c for t, c in zip(total, child)]
            values[v] = [o + t for o, t in zip(own, total)]
        else:
            a = int(choice[int(game.infoset[v])])
            child = values[int(game.child[int(game.offsets[v]) + a])]
            values[v] = [o + c for o, c in zip(own, child)]
    return values


def _weights(game, choice, symbols, player: int, ignore_others: bool) -> list[Any]:
    """Reach weight of every node for ``player``: chance probabilities times
    the other players' prescribed moves (``player``'s own moves count as taken)."""
    import sympy

    weight: list[Any] = [sympy.Integer(0)] * game.size
    weight[0] = sympy.Integer(1)
    for v in range(game.size):
        if game.is_terminal(v):
            continue
        for k, e in enumerate(game.edges(v)):
            child = int(game.child[e])
            if game.is_chance(v):
                weight[child] = weight[v] * game.exprs[int(game.edge_prob[e])].to_sympy(symbols)
            elif ignore_others or int(game.mover[v]) == player or k == int(choice[int(game.infoset[v])]):
                weight[child] = weight[v]
    return weight


def comparisons(game, choice, free: Sequence[str] | None = None) -> list:
    """The inequalities under which the pure profile ``choice`` stays optimal.

    One :class:`~deterrence.solve.symbolic.Condition` per information set and
    alternative action: prescribed minus alternative, expected over the
    nodes of the information set, is non-negative.
    """
    import sympy

    from deterrence.solve.symbolic import Impossible, free_symbols, make_conditions, parameter_symbols

    symbols = parameter_symbols(game, free)
    order = free_symbols(game, free)
    values = node_values(game, choice, symbols)
    reached = [_weights(game, choice, symbols, i, ignore_others=False) for i in range(game.n_players)]
    anyway = _weights(game, choice, symbols, 0, ignore_others=True)
    members: dict[int, list[int]] = {}
    for v in range(game.size):
        h = int(game.infoset[v])
        if h >= 0:
            members.setdefault(h, []).append(v)
    out = []
    for h, nodes in members.items():
        player = int(game.mover[nodes[0]])
        weights = reached[player] if any(reached[player][v] != 0 for v in nodes) else anyway
        a = int(choice[h])
        labels = game.actions(nodes[0])
        for b in range(len(labels)):
            if b == a:
                continue
            diff = sympy.Integer(0)
            for v in nodes:
                base = int(game.offsets[v])
                diff += weights[v] * (values[int(game.child[base + a])][player]
                                      - values[int(game.child[base + b])][player])
            reason = (f"{game.players[player]} prefers {labels[a]} to {labels[b]} "
                      f"at {game.infoset_labels[h]}")
            try:
                out += make_conditions(sympy.together(diff), False, reason, order)
            except Impossible:
                continue
    return out


@dataclass(frozen=True)
class ProfileAnswer:
    """The equilibrium of a tree at one grid point, evaluated from its formulas.

    ``text`` is the profile in words (as the exact solver labels it);
    ``outcomes`` the probability of every outcome reached.
    """

    text: str
    payoffs: tuple
    outcomes: tuple

    def label(self, game=None) -> str:
        return self.text

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        from deterrence.solve.result import number

        return {"profile": self.text,
                "payoffs": {p: number(v, as_float) for p, v in zip(game.players, self.payoffs)},
                "outcomes": {label: number(v, as_float) for label, v in self.outcomes}}


def outcome_probabilities(game, choice, symbols) -> dict[str, Any]:
    """Probability of each outcome label under the pure profile ``choice``, as formulas."""
    import sympy

    reach: list[Any] = [sympy.Integer(0)] * game.size
    reach[0] = sympy.Integer(1)
    out: dict[str, Any] = {}
    for v in range(game.size):
        if game.is_terminal(v):
            label = game.outcome[v] or game.ids[v]
            out[label] = out.get(label, sympy.Integer(0)) + reach[v]
            continue
        for k, e in enumerate(game.edges(v)):
            child = int(game.child[e])
            if game.is_chance(v):
                reach[child] = reach[v] * game.exprs[int(game.edge_prob[e])].to_sympy(symbols)
            elif k == int(choice[int(game.infoset[v])]):
                reach[child] = reach[v]
    return {label: sympy.factor(sympy.cancel(p)) for label, p in out.items()}


@dataclass(frozen=True)
class CompiledProfile:
    """Payoffs and outcome probabilities of one pure profile, lambdified."""

    text: str
    labels: tuple[str, ...]
    numeric: Any
    exact: Any
    n_players: int


class TreeModel:
    """A game tree prepared for sweeping ``free`` parameters (see module doc)."""

    kind = "tree"

    def __init__(self, game, free: Sequence[str]) -> None:
        self.game = game
        self.free = tuple(free)
        self.polynomial = True
        self._compiled: dict = {}
        self._texts: dict = {}

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def regime_at(self, point) -> tuple[Regime, tuple]:
        result = _solve(self.at(point))
        return regime_of_result(result), result.equilibria

    def candidate_regime(self, point):
        """The regime at ``point`` and, when it rests on one pure profile,
        that profile (so the interval is evaluated from its formulas)."""
        result = _solve(self.at(point))
        regime = regime_of_result(result)
        eq = pure_profile(result)
        if eq is None or len(result.equilibria) != 1:
            return regime, None, False
        choice = tuple(int(a) for a in eq.choice)
        self._texts[choice] = eq.label(self.game)
        return regime, choice, False

    def compiled(self, choice) -> CompiledProfile:
        if choice not in self._compiled:
            import sympy

            from deterrence.solve.symbolic import _exact_printer, free_symbols, parameter_symbols

            symbols = parameter_symbols(self.game, self.free)
            order = list(free_symbols(self.game, self.free))
            payoffs = node_values(self.game, choice, symbols)[0]
            outcomes = outcome_probabilities(self.game, choice, symbols)
            flat = list(payoffs) + list(outcomes.values())
            numeric = sympy.lambdify(order, flat, modules="numpy")
            exact = sympy.lambdify(order, flat, modules=[{"Fraction": Fraction}], printer=_exact_printer())
            self._compiled[choice] = CompiledProfile(self._texts.get(choice, ""), tuple(outcomes), numeric,
                                                     exact, self.game.n_players)
        return self._compiled[choice]

    def interval_answers(self, choice, points: Sequence[Fraction], floats, exact: bool) -> list[tuple]:
        """The equilibrium at each point of an interval whose profile is ``choice``."""
        from deterrence.solve.symbolic import exact_number

        c = self.compiled(choice)
        n = c.n_players
        if exact:
            out = []
            for x in points:
                values = [exact_number(v) for v in c.exact(x)]
                out.append((ProfileAnswer(c.text, tuple(values[:n]),
                                          tuple((l, v) for l, v in zip(c.labels, values[n:]) if v)),))
            return out
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        return [(ProfileAnswer(c.text, tuple(float(v[k]) for v in values[:n]),
                               tuple((l, float(v[k])) for l, v in zip(c.labels, values[n:]) if v[k])),)
                for k in range(len(floats))]

    def interval_payoffs(self, choice, floats) -> list[tuple[tuple, np.ndarray]]:
        """``[(outcomes reached, payoff array (points, players))]`` for the plots."""
        c = self.compiled(choice)
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        key = tuple(sorted(l for l, v in zip(c.labels, values[c.n_players:]) if np.any(v > 0)))
        return [(key, np.stack(values[:c.n_players], axis=1))]

    def interval_outcomes(self, choice, floats) -> dict[str, np.ndarray]:
        c = self.compiled(choice)
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        return dict(zip(c.labels, values[c.n_players:]))

    def conditions_at(self, point, free=None) -> list | None:
        result = _solve(self.at(point))
        eq = pure_profile(result)
        if eq is None:
            return None
        return comparisons(self.at(point), eq.choice, self.free if free is None else free)

    def critical_values(self, lo: Fraction, hi: Fraction) -> list | None:
        from deterrence.solve.sweep import rational_between, real_roots_in, sorted_unique, _less

        import sympy

        sym = sympy.Symbol(self.free[0])
        found: list = []
        x = lo
        for _ in range(64):
            conditions = self.conditions_at((x,)) if x == lo else None
            nxt = None
            probe = x
            if conditions is None:
                # just right of x: a rational before the next root of the conditions at x
                base = self.conditions_at((x,)) if isinstance(x, Fraction) else None
                roots = _roots(base, x, hi) if base is not None else []
                probe = rational_between(x, roots[0] if roots else hi) if _less(x, hi) else x
                conditions = self.conditions_at((probe,))
            if conditions is None:
                return None
            roots = [r for r in _roots(conditions, x, hi) if _less(x, r)]
            if not roots:
                break
            nxt = roots[0]
            found.append(nxt)
            if not isinstance(nxt, Fraction) and sympy.sympify(nxt).is_Rational:
                nxt = Fraction(int(nxt.p), int(nxt.q))
            x = nxt if isinstance(nxt, Fraction) else rational_between(nxt, hi)
        return sorted_unique(found)

    def formulas(self, name: str, points) -> tuple:
        """Thresholds solved for ``name`` from the comparisons at each point (all parameters free)."""
        import sympy

        out: dict[str, Any] = {}
        for point in points:
            conditions = self.conditions_at(point, free=self.game.parameters.names)
            for c in conditions or ():
                syms = [s for s in c.expr.free_symbols if s.name == name]
                if not syms:
                    continue
                try:
                    roots = sympy.solve(c.expr, syms[0])
                except NotImplementedError:
                    continue
                for r in roots:
                    eq = sympy.Eq(syms[0], sympy.factor(r), evaluate=False)
                    out.setdefault(str(eq), eq)
        return tuple(out.values())


def _roots(conditions, lo, hi) -> list:
    import sympy

    from deterrence.solve.sweep import real_roots_in, sorted_unique

    found = []
    for c in conditions:
        for s in c.expr.free_symbols:
            roots = real_roots_in(c.expr, s, Fraction(lo) if not isinstance(lo, Fraction) and
                                  sympy.sympify(lo).is_Rational else lo, hi)
            found += roots or []
    return sorted_unique(found)


def tree_threshold_formulas(game, name: str) -> tuple:
    model = TreeModel(game, (name,))
    value = game.parameters.values()[name]
    return model.formulas(name, [(value,)])


__all__ = ["TreeModel", "comparisons", "node_values", "tree_threshold_formulas"]


def tree_thresholds(game, samples: int = 60, seed: int = 0, check_sweeps: bool = True, progress=None):
    """Thresholds of a tree: for each regime met at sampled points, the
    comparisons its equilibrium rests on (all parameters free), checked by
    evaluating them exactly at every sampled point of that regime."""
    import sympy

    from deterrence.solve.thresholds import (RegimeConditions, Threshold, ThresholdReport, _sweep_checks,
                                             parameter_box, sample_points)
    from deterrence.solve.sweep import _boundary_equation

    names = game.parameters.names
    box = parameter_box(game)
    current_point = tuple(game.parameters.values()[n] for n in names)
    points = [current_point] + sample_points(box, min(samples, 80), seed)
    regimes: list[Regime] = []
    keys: list = []      # (regime, profile): one regime may rest on several profiles
    conditions: dict[int, list] = {}
    counts: dict[int, int] = {}
    agree = total = 0
    warnings = []
    current = None
    for n, point in enumerate(points):
        at = game.with_values(dict(zip(names, point)))
        result = _solve(at)
        regime = regime_of_result(result)
        eq = pure_profile(result)
        key = (regime, tuple(int(a) for a in eq.choice) if eq is not None else ())
        if key not in keys:
            keys.append(key)
            regimes.append(regime)
            conditions[len(keys) - 1] = comparisons(at, eq.choice) if eq is not None else []
        r = keys.index(key)
        counts[r] = counts.get(r, 0) + 1
        if n == 0:
            current = r
        subs = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator) for k, v in zip(names, point)}
        holds = all(c.holds(_exact_value(c.expr, subs)) for c in conditions[r])
        if n > 0:
            total += 1
            agree += holds
        if not holds and len(warnings) < 5:
            warnings.append("at " + ", ".join(f"{k}={v}" for k, v in zip(names, point)) +
                            f" the conditions of {regime.label(game)} fail")
        if progress:
            progress(n + 1, len(points), "checking sampled points")
    out = [RegimeConditions(reg, tuple(conditions[k]), False, counts.get(k, 0)) for k, reg in enumerate(regimes)]
    symbols = [sympy.Symbol(n) for n in names]
    found: dict[str, Any] = {}
    for rc in out:
        for c in rc.conditions:
            eq = _boundary_equation(c, [s for s in _ordered(c.expr, names)])
            found.setdefault(f"{eq.lhs} = {eq.rhs}", eq)
    thresholds = tuple(Threshold(eq, ()) for eq in found.values())
    sweeps = tuple(_sweep_checks(game, box)) if check_sweeps else ()
    return ThresholdReport(game, "tree", None, tuple(out), thresholds, (agree, total), 0, sweeps,
                           tuple(box), tuple(warnings), current)


def _ordered(expr, names):
    by_name = {s.name: s for s in expr.free_symbols}
    return [by_name[n] for n in names if n in by_name]


def _exact_value(expr, subs):
    import sympy

    value = sympy.nsimplify(expr.subs({s: subs[sympy.Symbol(s.name)] for s in expr.free_symbols
                                       if sympy.Symbol(s.name) in subs}))
    return value
