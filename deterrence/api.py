"""The library as a user reaches for it: one function per question.

Each function takes a game (from :func:`deterrence.load_game`, or built in
Python) and returns an immutable result that prints itself (``rich.print``,
a notebook) and serialises itself (``to_json()``). They are re-exported by
the package, so ``deterrence.sweep(game, C=(0, 12))`` works; the command
line calls the same functions.

Example
-------
>>> import deterrence
>>> game = deterrence.load_game("hawk_dove")
>>> [eq.label(game) for eq in deterrence.solve(game).equilibria]
['(Hawk, Dove)', '(Dove, Hawk)', '(1/3 Hawk + 2/3 Dove, 1/3 Hawk + 2/3 Dove)']
>>> s = deterrence.sweep(game, C=(0, 12), steps=13)
>>> [c.text for c in s.changes]
['2']
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Sequence

from deterrence.io.interop import as_game
from deterrence.model.expr import to_fraction


def _range(game, name: str, span) -> Any:
    """A parametric ``Range`` from ``(lo, hi)`` or ``"lo:hi"``."""
    from deterrence.errors import UsageError
    from deterrence.parametric.sweep import Range, check_ranges

    if isinstance(span, str):
        rng = Range.parse(f"{name}={span}")
    else:
        try:
            lo, hi = span
        except (TypeError, ValueError):
            raise UsageError(f"the range of {name} must be (lo, hi) or 'lo:hi', not {span!r}") from None
        rng = Range.parse(f"{name}={to_fraction(lo)}:{to_fraction(hi)}")
    check_ranges(game, [rng])
    return rng


def _one_range(game, ranges: dict[str, Any], count: int) -> list[Any]:
    if len(ranges) != count:
        from deterrence.errors import UsageError

        raise UsageError(f"give {'one parameter' if count == 1 else 'two parameters'} to vary, "
                         f"e.g. {'C=(0, 12)' if count == 1 else 'V=(0, 4), C=(0, 12)'}")
    return [_range(game, name, span) for name, span in ranges.items()]


def sweep(game, steps: int = 21, **ranges) -> Any:
    """Move one parameter and see where the equilibria change, exactly.

    >>> import deterrence
    >>> s = deterrence.sweep(deterrence.load_game("punishment_credibility"), p=(0, 1), steps=11)
    >>> [c.text for c in s.changes]     # at p = 0 itself the Defender is surely irresolute
    ['0', '1/3']
    """
    from deterrence.parametric.sweep import sweep_one

    (rng,) = _one_range(game, ranges, 1)
    return sweep_one(game, rng, steps=steps)


def regime_map(game, steps: int = 41, **ranges) -> Any:
    """Move two parameters: which regime holds where, and the exact boundaries.

    >>> import deterrence
    >>> m = deterrence.regime_map(deterrence.load_game("hawk_dove"), V=(1, 4), C=(1, 12), steps=9)
    >>> len(m.regimes) >= 2
    True
    """
    from deterrence.parametric.sweep import regime_map as parametric_regime_map

    x, y = _one_range(game, ranges, 2)
    return parametric_regime_map(game, x, y, steps=steps)


def thresholds(game, samples: int = 200, seed: int = 0) -> Any:
    """The conditions, as formulas in the parameters, under which each regime holds.

    >>> import deterrence
    >>> report = deterrence.thresholds(deterrence.load_game("hawk_dove"), samples=20)
    >>> report.to_json()["schema"]
    'deterrence.thresholds/1'
    """
    game = as_game(game)
    from deterrence.parametric.thresholds import derive_thresholds

    return derive_thresholds(game, samples=samples, seed=seed)


def symbolic(game) -> Any:
    """The equilibria as formulas in the parameters, each with the conditions it needs.

    >>> import deterrence
    >>> s = deterrence.symbolic(deterrence.load_game("hawk_dove"))
    >>> s.to_json()["schema"]
    'deterrence.symbolic/1'
    """
    game = as_game(game)
    from deterrence.parametric.symbolic import solve_symbolic

    return solve_symbolic(game)


def explain(game) -> Any:
    """The solution step by step, as a textbook would give it.

    >>> import deterrence
    >>> e = deterrence.explain(deterrence.load_game("hawk_dove"))
    >>> e.to_json()["schema"]
    'deterrence.explain/1'
    """
    game = as_game(game)
    from deterrence.teaching.explain import explain as explain_game

    return explain_game(game)


def pool(game, parameter: str | None = None, values: Iterable | None = None) -> Any:
    """A friend-shoring sharing pool solved along one parameter (default: the
    pool size, 0 to 8 members), with the exact point where coercion stops paying.

    >>> import deterrence
    >>> a = deterrence.pool(deterrence.load_game("export_control_pool"))
    >>> a.change.text
    '7'
    """
    from deterrence.builders.pool.analysis import analyse_pool, member_count_parameters
    from deterrence.builders.pool.file import spec_of
    from deterrence.errors import UsageError

    if spec_of(game) is None:
        raise UsageError(f"{game.title or 'this game'} is not a sharing-pool game",
                         hint='write kind = "pool" (see deterrence new pool)')
    if parameter is None:
        counts = member_count_parameters(game)
        if not counts:
            raise UsageError("this pool has no parameter that counts members; name one to vary")
        parameter = counts[0]
    grid = [to_fraction(v) for v in (values if values is not None else range(0, 9))]
    return analyse_pool(game, parameter, grid)


def ladder(game, equilibrium: int = 1) -> Any:
    """An escalation ladder: who climbs, who backs down, the chance of losing control.

    >>> import deterrence
    >>> a = deterrence.ladder(deterrence.load_game("tariff_ladder"))
    >>> a.sides
    ('United States', 'China')
    """
    from deterrence.builders.ladder.analysis import analyse_ladder, require_ladder

    require_ladder(game)
    return analyse_ladder(game, index=equilibrium - 1)


def repeated(game, *, noise=0, strategies: str | Sequence[Any] = (), discount=None,
             cooperate: str | None = None, rounds: int | None = None) -> Any:
    """Repeated play of a 2×2 game: the discount factors that sustain cooperation
    and, with strategies, what noise (misperception) does to them.

    >>> import deterrence
    >>> r = deterrence.repeated(deterrence.load_game("prisoners_dilemma"))
    >>> str(r.threshold("grim").value)
    '1/2'
    """
    game = as_game(game)
    from deterrence.repeated_games.analysis import analyse
    from deterrence.repeated_games.memory_one import parse_strategies
    from deterrence.repeated_games.stage import stage_game

    chosen = strategies
    if isinstance(strategies, str):
        chosen = parse_strategies(strategies, stage_game(game, cooperate)) if strategies else ()
    return analyse(game, cooperate=cooperate, strategies=tuple(chosen), epsilon=to_fraction(noise),
                   discount=None if discount is None else to_fraction(discount), rounds=rounds)


def tournament(game, strategies: str = "allc,alld,tft,gtft,wsls,grim,random",
               noise: Sequence[Any] | Any = (0,), *, cooperate: str | None = None,
               rounds: int | None = None, repetitions: int = 10, seed: int = 0) -> Any:
    """A round-robin tournament of repeated-game strategies at each noise level.

    >>> import deterrence
    >>> t = deterrence.tournament(deterrence.load_game("prisoners_dilemma"), "tft,alld", noise=[0, "1/10"])
    >>> len(t.tournaments)
    2
    """
    game = as_game(game)
    from deterrence.repeated_games.memory_one import parse_strategies
    from deterrence.repeated_games.stage import stage_game
    from deterrence.repeated_games.tournament import noise_sweep

    stage = stage_game(game, cooperate)
    levels = noise if isinstance(noise, (list, tuple)) else (noise,)
    return noise_sweep(stage, parse_strategies(strategies, stage, allow_simulated=True),
                       tuple(Fraction(to_fraction(e)) for e in levels), rounds=rounds,
                       repetitions=repetitions, seed=seed)


def exercise(kind: str, seed: int = 0, count: int = 3) -> Any:
    """A seeded exercise sheet whose answer key comes from the solvers.

    >>> import deterrence
    >>> sheet = deterrence.exercise("2x2-mixed", seed=1, count=1)
    >>> len(sheet.exercises)
    1
    """
    from deterrence.teaching.exercises import make_sheet

    return make_sheet(kind, seed, count)


__all__ = ["sweep", "regime_map", "thresholds", "symbolic", "explain", "pool", "ladder",
           "repeated", "tournament", "exercise"]
