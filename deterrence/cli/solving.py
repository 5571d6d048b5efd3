"""Solving a game: solve, show, dominance."""

from __future__ import annotations

import click

from deterrence.cli.common import (
    check_work,
    console,
    emit_json,
    emit_rows,
    format_option,
    game_argument,
    json_option,
    load,
    pretty_option,
    reports_errors,
    set_option,
)


@click.command()
@game_argument
@set_option
@click.option("--method", type=click.Choice(["auto", "enumerate", "lemke-howson", "pure", "gnm",
                                            "sequence-form", "reduced-form"]),
              default="auto", show_default=True,
              help="auto: every extreme equilibrium of a two-player game (one equilibrium "
                   "by Lemke-Howson above 144 cells, e.g. 12×12); every equilibrium of a "
                   "game with 3 or 4 players up to 64 cells (3x3x3, 4x4x2, 2x2x2x2), exact, "
                   "irrational ones as algebraic numbers, continua as sets; enumerate: the "
                   "same at any size; pure: pure equilibria only; gnm: one equilibrium by "
                   "the global Newton method, approximate. Game trees: sequence-form (the "
                   "default for two players with perfect recall) or reduced-form (through "
                   "the reduced strategic form).")
@click.option("--table/--no-table", default=True, show_default=True,
              help="Print the payoff table before the equilibria.")
@click.option("--symbolic", is_flag=True,
              help="Also give the equilibria as formulas in the parameters, each with the "
                   "conditions under which it holds.")
@click.option("--concept", type=click.Choice(["auto", "subgame-perfect", "nash", "perfect-bayesian",
                                             "sequential"]),
              default="auto", show_default=True,
              help="Game trees: auto is subgame perfection (perfect Bayesian where nature "
                   "draws hidden types); sequential keeps the perfect Bayesian equilibria "
                   "whose beliefs are consistent; nash lists every Nash equilibrium, "
                   "incredible threats flagged.")
@click.option("--arithmetic", type=click.Choice(["exact", "float"]), default="exact",
              show_default=True,
              help="Game trees of perfect information: fold by backward induction in exact "
                   "rationals or in floating point (numpy; fast on millions of nodes).")
@click.option("--initial-label", type=click.IntRange(0), default=0, show_default=True,
              help="Lemke-Howson: the label dropped first (0 .. rows + columns - 1).")
@click.option("--all-labels", is_flag=True,
              help="Lemke-Howson: follow the path from every initial label and list every "
                   "distinct equilibrium reached.")
@json_option
@format_option
@reports_errors
def solve(game, assignments, method, table, as_json, as_float, fmt=None, symbolic=False,
          concept="auto", arithmetic="exact", initial_label=0, all_labels=False) -> None:
    """Find the equilibria of GAME, exactly, each one verified.

    \b
    Example:
      deterrence solve games/prisoners_dilemma.toml
      deterrence solve hawk_dove --set C=8 --json
      deterrence solve games/hawk_dove.toml --symbolic
      deterrence solve punishment_deterrence --concept nash
      deterrence solve two_sided_uncertainty --concept sequential --json
      cat pd.toml | deterrence solve -
    """
    from deterrence.model.kinds import is_tree
    from deterrence.solver import solve as solve_game

    g = load(game, assignments)
    if is_tree(g):
        result = solve_game(g, method=method, concept=concept, floating=arithmetic == "float")
    else:
        if concept not in ("auto", "nash"):
            from deterrence.errors import UsageError

            raise UsageError(f"--concept {concept} applies to game trees",
                             hint="a normal-form game has Nash equilibria only")
        options = {"initial_label": initial_label, "all_labels": all_labels} \
            if (initial_label or all_labels) else {}
        check_work(g, method)
        result = solve_game(g, method=method, **options)
    formulas = None
    if symbolic:
        from deterrence.parametric.symbolic import SYMBOLIC_SCHEMA, solve_symbolic

        formulas = solve_symbolic(g)
    if as_json or fmt == "json":
        document = result.to_json(as_float)
        if formulas is not None:
            # the id this key has always carried, for trees too (alone: deterrence.tree-symbolic/1)
            document["symbolic"] = formulas.to_json(as_float, schema=SYMBOLIC_SCHEMA)
        emit_json(document)
        return
    if fmt not in (None, "table"):
        emit_rows(result, fmt, False, as_float)
        return
    from deterrence.views import render_result

    render_result(console(), result, table=table)
    _explain_pool(g)
    if formulas is not None:
        from deterrence.views.sweep import SymbolicView

        console().print()
        console().print(SymbolicView(formulas))


def _explain_pool(game) -> None:
    """After solving a pool game, say why coercion pays or not."""
    if getattr(game, "rebuild", None) is None:  # only built trees can be pools
        return
    from deterrence.builders.pool.file import spec_of

    if spec_of(game) is None:
        return
    from deterrence.builders.pool.analysis import pool_reasons
    from deterrence.views.pool import PoolReasonsView

    console().print()
    console().print(PoolReasonsView(pool_reasons(game)))


@click.command()
@game_argument
@set_option
@click.option("--json", "as_json", is_flag=True, help="Write the game as JSON.")
@pretty_option
@click.option("--normal", is_flag=True,
              help="For a game tree: show its reduced strategic form as a payoff table.")
@reports_errors
def show(game, assignments, as_json, normal=False) -> None:
    """Show GAME: description, parameters and the payoff table with best
    responses marked (underlined on a terminal, * in plain output); a game
    tree is drawn.

    \b
    Example:
      deterrence show games/stag_hunt.toml
      deterrence show hawk_dove --set C=1
      deterrence show punishment_deterrence --normal
    """
    from deterrence.model.kinds import is_tree

    g = load(game, assignments)
    if normal:
        if not is_tree(g):
            from deterrence.errors import UsageError

            raise UsageError("--normal applies to game trees", hint="this game is already in normal form")
        from deterrence.trees.reduced_form import reduced_form

        g = reduced_form(g).normal
    if as_json:
        from deterrence.io.json_game import game_to_json

        emit_json(game_to_json(g))
        return
    from deterrence.views import render_game

    render_game(console(), g)


@click.command()
@game_argument
@set_option
@click.option("--weak", is_flag=True,
              help="Eliminate weakly dominated strategies (the result may depend on the order).")
@click.option("--pure-only", is_flag=True, help="Only domination by pure strategies.")
@json_option
@reports_errors
def dominance(game, assignments, weak, pure_only, as_json, as_float) -> None:
    """Iterated elimination of dominated strategies, round by round.

    Domination by mixed strategies is included unless --pure-only is given.

    \b
    Example:
      deterrence dominance mixed_dominance
      deterrence dominance games/prisoners_dilemma.toml --json
    """
    from deterrence.solver import dominance as eliminate_dominated

    g = load(game, assignments)
    if not pure_only:
        check_work(g, hint="--pure-only checks domination by pure strategies at any size")
    result = eliminate_dominated(g, weak=weak, mixed=not pure_only)
    if as_json:
        emit_json(result.to_json(as_float))
        return
    from deterrence.views.result import DominanceView

    console().print(DominanceView(result))
