"""The normal-form (strategic-form) game: players, strategies, payoffs.

A :class:`NormalFormGame` is immutable. Payoffs are expressions
(:mod:`deterrence.model.expr`) so that a game read from a file keeps its
formulas; :meth:`NormalFormGame.payoff_arrays` evaluates them exactly at the
parameter values in force. Profiles are ordered with the first player's
strategy varying slowest (numpy's C order), so for two players the payoff of
``(row i, column j)`` is ``A[i, j]``.

Example
-------
>>> g = NormalFormGame.from_arrays(
...     ["Row", "Column"], [["Cooperate", "Defect"], ["Cooperate", "Defect"]],
...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
>>> g.shape
(2, 2)
>>> g.payoff((1, 0))
(Fraction(5, 1), Fraction(0, 1))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Iterator, Mapping, Sequence

from deterrence.errors import ExpressionError, GameFileError
from deterrence.model.display import Displayable, short_repr
from deterrence.model.expr import Expr, as_expr
from deterrence.model.parameters import Parameters


@dataclass(frozen=True, repr=False)
class NormalFormGame(Displayable):
    """A finite game in strategic form with exact (possibly symbolic) payoffs.

    Parameters
    ----------
    players:
        Player names, in order.
    strategies:
        For each player, its strategy labels.
    payoffs:
        One entry per pure profile in C order; each entry holds one expression
        per player.
    parameters:
        Named parameters, definitions and the values in force.
    title, description, source:
        Metadata shown to people.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: tuple[tuple[Expr, ...], ...]
    parameters: Parameters = field(default_factory=Parameters)
    title: str = ""
    description: str = ""
    source: str = ""
    metadata: tuple[tuple[str, str], ...] = ()

    kind = "normal"

    display_as = "game"

    def __repr__(self) -> str:
        shape = "x".join(str(len(s)) for s in self.strategies)
        return short_repr("NormalFormGame", repr(self.title), f"players={list(self.players)}", shape)

    def __post_init__(self) -> None:
        if len(self.players) != len(self.strategies):
            raise ValueError("one strategy list per player is needed")
        if len(set(self.players)) != len(self.players):
            raise ValueError("player names must be distinct")
        expected = 1
        for labels in self.strategies:
            if not labels:
                raise ValueError("every player needs at least one strategy")
            expected *= len(labels)
        if len(self.payoffs) != expected:
            raise ValueError(f"expected {expected} payoff profiles, got {len(self.payoffs)}")
        for entry in self.payoffs:
            if len(entry) != len(self.players):
                raise ValueError("each profile needs one payoff per player")

    # ------------------------------------------------------------------ build

    @classmethod
    def from_arrays(
        cls,
        players: Sequence[str],
        strategies: Sequence[Sequence[str]],
        arrays: Sequence[object],
        **metadata,
    ) -> "NormalFormGame":
        """Build from one payoff array per player (numbers or expression text).

        ``arrays[i]`` has shape ``(len(strategies[0]), ..., len(strategies[-1]))``.
        """
        import numpy as np

        shape = tuple(len(s) for s in strategies)
        flat = []
        for a in arrays:
            arr = np.asarray(a, dtype=object)
            if arr.shape != shape:
                raise ValueError(f"payoff array has shape {arr.shape}, expected {shape}")
            flat.append([as_expr(_exact(v)) for v in arr.reshape(-1)])
        payoffs = tuple(zip(*flat)) if flat else ()
        return cls(tuple(players), tuple(tuple(s) for s in strategies), tuple(payoffs), **metadata)

    @classmethod
    def bimatrix(cls, A, B, row_labels=None, column_labels=None, **metadata) -> "NormalFormGame":
        """A two-player game from the row player's and column player's matrices.

        >>> NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).strategies
        (('r1', 'r2'), ('c1', 'c2'))
        """
        import numpy as np

        A = np.asarray(A, dtype=object)
        m, n = A.shape
        rows = row_labels or [f"r{i + 1}" for i in range(m)]
        cols = column_labels or [f"c{j + 1}" for j in range(n)]
        players = metadata.pop("players", ("Row", "Column"))
        return cls.from_arrays(players, [rows, cols], [A, B], **metadata)

    # ------------------------------------------------------------------ shape

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    def profiles(self) -> Iterator[tuple[int, ...]]:
        """Every pure profile as a tuple of strategy indices, in C order."""
        return itertools.product(*(range(k) for k in self.shape))

    def profile_index(self, profile: Sequence[int]) -> int:
        """Position of a pure profile in C order (the last player's strategy varies fastest)."""
        index = 0
        for k, n in zip(profile, self.shape):
            if not 0 <= k < n:
                raise ValueError(f"strategy {k} is out of range for {n} strategies")
            index = index * n + int(k)
        return index

    def player_index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise KeyError(f"no player {player!r}; players are {', '.join(self.players)}") from None

    def strategy_index(self, player: int, label: str) -> int:
        try:
            return self.strategies[player].index(label)
        except ValueError:
            raise KeyError(f"{self.players[player]} has no strategy {label!r}") from None

    # ------------------------------------------------------------------ values

    @property
    def is_parametric(self) -> bool:
        return any(not e.is_constant for entry in self.payoffs for e in entry)

    def with_values(self, values: Mapping[str, Fraction]) -> "NormalFormGame":
        """The same game with some parameter values changed (checked)."""
        if not values:
            return self
        return replace(self, parameters=self.parameters.with_values(values))

    @cached_property
    def _exact_flat(self) -> tuple[tuple[Fraction, ...], ...]:
        env = self.parameters.environment()
        return tuple(tuple(self._evaluated(e, env) for e in entry) for entry in self.payoffs)

    def _evaluated(self, expr: Expr, env: Mapping[str, Fraction]) -> Fraction:
        try:
            return expr.evaluate(env)
        except ExpressionError as exc:
            raise GameFileError(f"cannot evaluate payoffs{self.parameters.at_text(expr.names())}: "
                                f"{exc.message}", hint=exc.hint) from None

    def exact_payoffs(self) -> tuple[tuple[Fraction, ...], ...]:
        """Every profile's exact payoffs (C order), evaluated once at the values in force.

        Raises
        ------
        GameFileError
            When a payoff cannot be evaluated (a division by zero, say).
        """
        return self._exact_flat

    def payoff(self, profile: Sequence[int]) -> tuple[Fraction, ...]:
        """Exact payoffs of every player at a pure profile."""
        return self._exact_flat[self.profile_index(profile)]

    def matrices(self) -> tuple[list[list[Fraction]], ...]:
        """Each player's payoffs as a list of rows (two players), without numpy.

        >>> from deterrence.io import load_game
        >>> [[str(v) for v in row] for row in load_game("hawk_dove").matrices()[0]]
        [['-2', '2'], ['0', '1']]
        """
        if self.n_players != 2:
            raise ValueError("matrices() is for two-player games; use payoff_arrays()")
        m, n = self.shape
        flat = self._exact_flat
        return tuple([[flat[i * n + j][p] for j in range(n)] for i in range(m)] for p in range(2))

    @cached_property
    def _arrays(self) -> tuple:
        import numpy as np

        out = []
        for i in range(self.n_players):
            arr = np.empty(len(self._exact_flat), dtype=object)
            arr[:] = [entry[i] for entry in self._exact_flat]
            arr = arr.reshape(self.shape)
            arr.flags.writeable = False
            out.append(arr)
        return tuple(out)

    def to_nashpy(self):
        """This game as a ``nashpy.Game`` (two players; floats, as nashpy computes).

        >>> from deterrence.io import load_game
        >>> load_game("matching_pennies").to_nashpy().payoff_matrices[0].tolist()
        [[1.0, -1.0], [-1.0, 1.0]]
        """
        import nashpy

        if self.n_players != 2:
            raise ValueError(f"nashpy holds two-player games; this one has {self.n_players} players")
        import numpy as np

        return nashpy.Game(*(np.asarray(a, dtype=float) for a in self._arrays))

    def payoff_arrays(self) -> tuple:
        """One read-only numpy object array of Fractions per player."""
        return self._arrays

    def float_arrays(self) -> tuple:
        return tuple(a.astype(float) for a in self._arrays)

    def is_integer(self) -> bool:
        return all(v.denominator == 1 for entry in self._exact_flat for v in entry)

    # ------------------------------------------------------------------ helpers

    def relabel(self, strategies: Sequence[Sequence[str]]) -> "NormalFormGame":
        return replace(self, strategies=tuple(tuple(s) for s in strategies))

    def restrict(self, keep: Sequence[Sequence[int]]) -> "NormalFormGame":
        """The subgame on the given strategy indices of every player."""
        keep = [list(k) for k in keep]
        new_strategies = tuple(tuple(self.strategies[i][k] for k in ks) for i, ks in enumerate(keep))
        payoffs = tuple(self.payoffs[self.profile_index(p)] for p in itertools.product(*keep))
        return replace(self, strategies=new_strategies, payoffs=payoffs)


def _exact(value: object) -> object:
    """A numpy scalar or a float as an exact number (a float as the decimal it prints as)."""
    import numpy as np

    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return Fraction(str(float(value)))
    return value
