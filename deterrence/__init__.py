"""deterrence: exact game theory for deterrence, coercion and the security dilemma.

The data flow is one way: payoff file (:mod:`deterrence.io`) → game model
(:mod:`deterrence.model`) → solver (:mod:`deterrence.solver`) → result → view
(:mod:`deterrence.views`).

Example
-------
>>> from deterrence import load_game, solve
>>> game = load_game("prisoners_dilemma")
>>> result = solve(game)
>>> [eq.label(game) for eq in result.equilibria]
['(Build bloc, Build bloc)']
"""

__version__ = "0.1.0"

from deterrence.io import load_game  # noqa: E402
from deterrence.solver import solve  # noqa: E402

__all__ = ["__version__", "load_game", "solve"]
