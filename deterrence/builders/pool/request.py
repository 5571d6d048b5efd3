"""Turn ``deterrence pool`` options into one analysis request.

``--members``, ``--pledge`` and ``--reliability`` name the pool's own
quantities; each takes one value (fixed) or a range ``LO:HI`` (swept). At
most one quantity is swept; ``--vary NAME=LO:HI`` sweeps any other parameter.
Each parameter is given by one option only: ``--set N=3 --members 0:5`` is
refused (both give N), as is a pool larger than the ``members`` limit
(:mod:`deterrence.model.limits`, raised with ``--limit members=N``), before
any work.

Example
-------
>>> from deterrence.io import load_game
>>> a = pool_request(load_game("export_control_pool"), members="3:5")
>>> [int(p.value) for p in a.points]
[3, 4, 5]
"""

from __future__ import annotations

from fractions import Fraction

from typing import Mapping

from deterrence.builders.pool.analysis import PoolAnalysis, analyse_pool, member_count_parameters
from deterrence.builders.pool.file import spec_of
from deterrence.errors import UsageError
from deterrence.model import limits
from deterrence.model.expr import Name, format_fraction


def _parameter_of(game, option: str) -> str:
    """The parameter behind ``--members``/``--pledge``/``--reliability``."""
    spec = spec_of(game)
    if not spec.members:
        raise UsageError(f"--{option}: this game has no pool members",
                         hint="add a [[pool.members]] table to the file")
    first = spec.members[0]
    if option == "members":
        names = member_count_parameters(game)
        if not names:
            raise UsageError("--members: the member count is a fixed number in the file",
                             hint="make it a parameter: count = \"N\" with N under [parameters]")
        return names[0]
    expr = first.pledge if option == "pledge" else first.reliability
    if not isinstance(expr, Name):
        raise UsageError(f"--{option}: the {option} in the file is {expr}, not a single parameter",
                         hint=f"use --vary NAME=LO:HI with one of the parameters in {expr}")
    return expr.name


#: Most pool sizes one analysis lists (each an exact figure of up to N digits).
MAX_POINTS = 10_001


def _grid(game, name: str, text: str, steps: int, integer: bool, option: str) -> list[Fraction]:
    from deterrence.parametric.ranges import Range, check_ranges

    rng = Range.parse(f"{name}={text}")
    check_ranges(game, [rng])
    if integer:
        if rng.lo.denominator != 1 or rng.hi.denominator != 1:
            raise UsageError(f"a member count range needs whole numbers, got {text}")
        _check_members(int(rng.hi), option)
        count = int(rng.hi) - int(rng.lo) + 1
        if count > MAX_POINTS:
            raise UsageError(f"{option} asks for {count:,} pool sizes; at most {MAX_POINTS:,} are listed",
                             hint="narrow the range; the smallest deterring pool is searched past it anyway")
        return [Fraction(k) for k in range(int(rng.lo), int(rng.hi) + 1)]
    return rng.grid(steps)


def _check_members(count: int, option: str) -> None:
    """Refuse a pool above the ``members`` limit asked for by ``option``, before any work
    (exit 2; the hint names ``--limit members=N``)."""
    bound = limits.get("members")
    limits.check("members", count, f"{option}: a pool of {count:,} members", usage=True,
                 hint=f"give at most {bound:,} members" if bound is not None else None)


def _one_value(text: str) -> str:
    """``LO:HI`` with equal ends as the one value ``LO`` (``3:3`` is the pool size 3, as ``3``);
    any other text unchanged.

    >>> _one_value("3:3"), _one_value("1/2:0.5"), _one_value("0:5"), _one_value("4")
    ('3', '1/2', '0:5', '4')
    """
    lo, colon, hi = text.partition(":")
    if colon and _number(lo) is not None and _number(lo) == _number(hi):
        return lo.strip()
    return text


def _number(text: str) -> Fraction | None:
    from deterrence.errors import ExpressionError
    from deterrence.model.expr import to_fraction

    try:
        return Fraction(to_fraction(text.strip()))
    except (ExpressionError, ValueError):
        return None


def _check_vary(vary: str) -> None:
    """Refuse ``--vary NAME=X:X``: a sweep over one value is a fixed value (``--set NAME=X``)."""
    name, _, span = vary.partition("=")
    single = _one_value(span)
    if single != span:
        raise UsageError(f"--vary {vary} has equal ends: there is nothing to sweep",
                         hint=f"fix it with --set {name.strip()}={single}, or give a wider range")


def _check_conflicts(given: list[tuple[str, str]]) -> None:
    """Refuse two options that give the same parameter (``--set N=3 --members 0:5``)."""
    seen: dict[str, str] = {}
    for option, name in given:
        if name in seen:
            raise UsageError(f"{seen[name]} conflicts with {option}: both give {name}",
                             hint=f"drop one of the two; {option} alone gives {name} its "
                                  f"{'range' if ':' in option else 'value'}")
        seen[name] = option


def pool_request(game, members: str | None = None, pledge: str | None = None,
                 reliability: str | None = None, vary: str | None = None,
                 steps: int = 11, assignments: Mapping[str, Fraction] | None = None) -> PoolAnalysis:
    """Apply fixed values, pick the swept quantity, and analyse.

    ``assignments`` are the values given with ``--set``, applied here (after the checks)
    so that one that conflicts with an option, or a pool above the limit, is a usage error.
    """
    from deterrence.model.parameters import parse_assignments

    if spec_of(game) is None:
        raise UsageError("not a pool game", hint='deterrence pool needs a file with kind = "pool"')
    assigned = dict(assignments or {})
    given = [(f"--set {name}={format_fraction(value)}", name) for name, value in assigned.items()]
    options = []
    for option, text in (("members", members), ("pledge", pledge), ("reliability", reliability)):
        if text is not None:
            text = _one_value(text)
            name = _parameter_of(game, option)
            options.append((option, text, name))
            given.append((f"--{option} {text}", name))
    if vary:
        _check_vary(vary)
        name, _, span = vary.partition("=")
        given.append((f"--vary {vary}", name.strip()))
    _check_conflicts(given)
    for name in member_count_parameters(game):
        if name in assigned:
            _check_members(int(assigned[name]), f"--set {name}={format_fraction(assigned[name])}")
    if assigned:
        game = game.with_values(assigned)
    fixed: dict[str, Fraction] = {}
    size: Fraction | None = None          # one pool size asked for: analysed, never built as a tree
    swept: list[tuple[str, str, bool, str]] = []
    for option, text, name in options:
        if ":" in text:
            swept.append((name, text, option == "members", f"--{option} {text}"))
        else:
            value = parse_assignments([f"{name}={text}"])
            if option == "members":
                size = value[name]
                _check_members(int(size), f"--members {text}")
                game.parameters.with_values(value)        # its bounds, checked before any work
            else:
                fixed.update(value)
    if vary:
        name, _, span = vary.partition("=")
        swept.append((name.strip(), span, name.strip() in member_count_parameters(game), f"--vary {vary}"))
    if len(swept) > 1:
        raise UsageError("only one quantity can be swept at a time",
                         hint="give the others single values, e.g. --members 4 --reliability 0.5:1")
    game = game.with_values(fixed)
    counts = member_count_parameters(game)
    if not swept:
        if not counts:
            raise UsageError("nothing to sweep: the member count is fixed in the file",
                             hint="pass --pledge LO:HI, --reliability LO:HI or --vary NAME=LO:HI")
        if size is not None:  # one pool size asked for: that point, and the smallest deterring pool
            return analyse_pool(_labelled(game, counts[0], size), counts[0], [size])
        size = int(game.parameters.values()[counts[0]])
        top = max(12, 2 * size)
        bound = limits.get("members")
        if bound is not None:
            top = max(size, min(top, bound))
        step = -(-top // MAX_DEFAULT_POINTS)
        return analyse_pool(game, counts[0], [Fraction(k) for k in range(0, top + 1, step)])
    name, text, integer, option = swept[0]
    if size is not None:
        game = game.with_values({counts[0]: size})
    return analyse_pool(game, name, _grid(game, name, text, steps, integer, option))


def _labelled(game, name: str, value: Fraction):
    """The game with ``name = value`` among its parameters but its tree not rebuilt (a pool of
    100,000 members is analysed from its member model, never built)."""
    from dataclasses import replace

    return replace(game, parameters=game.parameters.with_values({name: value}))


#: Most pool sizes solved when no range is given.
MAX_DEFAULT_POINTS = 24
