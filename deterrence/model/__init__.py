"""Game models: immutable games, parameters and payoff expressions."""

from deterrence.model.expr import Expr, as_expr, format_fraction, parse, to_fraction
from deterrence.model.normal import NormalFormGame
from deterrence.model.parameters import Parameter, Parameters
from deterrence.model.tree import GameTree, Node

__all__ = [
    "Expr", "as_expr", "format_fraction", "parse", "to_fraction",
    "NormalFormGame", "Parameter", "Parameters", "GameTree", "Node",
]
