"""Turn ``deterrence pool`` options into one analysis request.

``--members``, ``--pledge`` and ``--reliability`` name the pool's own
quantities; each takes one value (fixed) or a range ``LO:HI`` (swept). At
most one quantity is swept; ``--vary NAME=LO:HI`` sweeps any other parameter.

Example
-------
>>> from deterrence.io import load_game
>>> a = pool_request(load_game("export_control_pool"), members="3:5")
>>> [int(p.value) for p in a.points]
[3, 4, 5]
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.builders.pool.analysis import PoolAnalysis, analyse_pool, member_count_parameters
from deterrence.builders.pool.file import spec_of
from deterrence.errors import UsageError
from deterrence.model.expr import Name


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


def _grid(game, name: str, text: str, steps: int, integer: bool) -> list[Fraction]:
    from deterrence.parametric.ranges import Range, check_ranges

    rng = Range.parse(f"{name}={text}")
    check_ranges(game, [rng])
    if integer:
        if rng.lo.denominator != 1 or rng.hi.denominator != 1:
            raise UsageError(f"a member count range needs whole numbers, got {text}")
        return [Fraction(k) for k in range(int(rng.lo), int(rng.hi) + 1)]
    return rng.grid(steps)


def pool_request(game, members: str | None = None, pledge: str | None = None,
                 reliability: str | None = None, vary: str | None = None,
                 steps: int = 11) -> PoolAnalysis:
    """Apply fixed values, pick the swept quantity, and analyse."""
    from deterrence.model.parameters import parse_assignments

    if spec_of(game) is None:
        raise UsageError("not a pool game", hint='deterrence pool needs a file with kind = "pool"')
    fixed: dict[str, Fraction] = {}
    swept: list[tuple[str, str, bool]] = []
    for option, text in (("members", members), ("pledge", pledge), ("reliability", reliability)):
        if text is None:
            continue
        name = _parameter_of(game, option)
        if ":" in text:
            swept.append((name, text, option == "members"))
        else:
            fixed.update(parse_assignments([f"{name}={text}"]))
    if vary:
        name, _, span = vary.partition("=")
        swept.append((name.strip(), span, name.strip() in member_count_parameters(game)))
    if len(swept) > 1:
        raise UsageError("only one quantity can be swept at a time",
                         hint="give the others single values, e.g. --members 4 --reliability 0.5:1")
    game = game.with_values(fixed)
    counts = member_count_parameters(game)
    if not swept:
        if not counts:
            raise UsageError("nothing to sweep: the member count is fixed in the file",
                             hint="pass --pledge LO:HI, --reliability LO:HI or --vary NAME=LO:HI")
        size = int(game.parameters.values()[counts[0]])
        if members is not None:  # one pool size asked for: that point, and the smallest deterring pool
            return analyse_pool(game, counts[0], [Fraction(size)])
        top = max(12, 2 * size)
        step = -(-top // MAX_DEFAULT_POINTS)
        return analyse_pool(game, counts[0], [Fraction(k) for k in range(0, top + 1, step)])
    name, text, integer = swept[0]
    return analyse_pool(game, name, _grid(game, name, text, steps, integer))


#: Most pool sizes solved when no range is given.
MAX_DEFAULT_POINTS = 24
