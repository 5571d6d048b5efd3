"""Names for things the solvers find: support profiles and regimes.

Labels are text over the model's own names, shared by the solvers (which
put them in JSON) and the views (which print them), so they live here.

Example
-------
>>> from deterrence import load_game
>>> g = load_game("hawk_dove")
>>> support_label(g, ((0,), (1,))), support_label(g, ((0, 1), (0, 1)))
('(Hawk, Dove)', '{Hawk, Dove} x {Hawk, Dove}')
>>> regime_letters(3)
['A', 'B', 'C']
"""

from __future__ import annotations

REGIME_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def support_label(game, supports) -> str:
    """Text of a support profile: pure profiles in parentheses, else sets."""
    if all(len(s) == 1 for s in supports):
        return "(" + ", ".join(game.strategies[i][s[0]] for i, s in enumerate(supports)) + ")"
    return " x ".join("{" + ", ".join(game.strategies[i][k] for k in s) + "}"
                      for i, s in enumerate(supports))


def regime_letters(count: int) -> list[str]:
    """Short names ``A``, ``B``, ... (then ``R27``, ...) for ``count`` regimes."""
    return [REGIME_LETTERS[k] if k < len(REGIME_LETTERS) else f"R{k + 1}" for k in range(count)]


__all__ = ["support_label", "regime_letters", "REGIME_LETTERS"]
