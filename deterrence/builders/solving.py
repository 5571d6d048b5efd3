"""The subgame-perfect equilibria a builder reads its figures from.

A builder's analysis (the coercer's payoff with and without a restriction,
the smallest deterring pool, a sweep over pool sizes) needs one
subgame-perfect equilibrium at each point, often thousands of times. On a
tree of perfect information backward induction gives every pure one at
once; the general solver would also search the sequence form for mixtures
over tied actions, which a degenerate pool (every off-path response may
deter) makes slow and which no figure of the analysis reads.

Example
-------
>>> from deterrence.io import load_game
>>> result = subgame_perfect(load_game("export_control_pool"))
>>> result.concept, len(result.equilibria)
('subgame-perfect', 1)
"""

from __future__ import annotations


def subgame_perfect(game):
    """Backward induction on a tree of perfect information, the general solver otherwise.

    Parameters
    ----------
    game:
        A :class:`~deterrence.model.tree.GameTree`.

    Returns
    -------
    SolveResult
        Subgame-perfect (perfect Bayesian where the tree has hidden information)
        equilibria, each verified.
    """
    if game.is_perfect_information:
        from deterrence.trees.backward_induction import backward_induction

        return backward_induction(game)
    from deterrence.solver import solve

    return solve(game)


__all__ = ["subgame_perfect"]
