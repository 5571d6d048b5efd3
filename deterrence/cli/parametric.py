"""Parameters: sweep and thresholds."""

from __future__ import annotations

import click

from deterrence.cli.common import (
    check_one_output,
    check_points,
    console,
    emit_json,
    game_argument,
    json_option,
    load,
    reports_errors,
    set_option,
)


@click.command()
@game_argument
@click.argument("ranges", nargs=-1, required=True, metavar="NAME=LO:HI [NAME2=LO:HI]")
@click.option("--steps", type=click.IntRange(2, 10_000_000), default=None,
              help="Grid points per parameter (default 21 for one parameter, 41 per axis for a map).")
@set_option
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw the sweep (payoffs, regime bands, thresholds) or the regime map to "
                   "FILE.png, .svg or .pdf.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes: for exact evaluation of many points, and a helper that solves "
                   "ahead the points a tree's sweep always solves (default: 2 on a machine with "
                   "two processors or more, else 1). The answer is the same.")
@click.option("--scheduler", metavar="ADDRESS|local", default=None,
              help="Compute on Dask: the address of a dask.distributed scheduler (tcp://host:8786), "
                   "or 'local' for a LocalCluster on this machine (needs the 'distributed' extra). "
                   "The answer is exactly the local one.")
@click.option("--format", "form", type=click.Choice(["table", "json", "csv", "tsv"]), default=None,
              help="table (default), json (as --json), or csv/tsv: one row per grid point, streamed.")
@click.option("--points", type=click.Choice(["columns", "full"]), default=None,
              help="In the JSON of a one-parameter sweep: columnar blocks (schema "
                   "deterrence.sweep/2, the default) or one object per point "
                   "(deterrence.sweep/1, the default of earlier releases).")
@click.option("--chart/--no-chart", default=True, show_default=True,
              help="Show the compact terminal chart under the table.")
@json_option
@reports_errors
def sweep(game, ranges, steps, assignments, plot, workers, scheduler, form, points, chart, as_json,
          as_float) -> None:
    """Move one or two parameters of GAME and see where the answer changes.

    With one NAME=LO:HI: a table of the equilibria, expected payoffs and
    regime at each grid value, the rows where the regime changes marked, and
    each change point located exactly (a rational or a formula such as
    C = V). With two: a regime map. Other parameters stay at their values
    (change them with --set). Large sweeps stream: --format csv writes a row
    per point in constant memory, --json a compact columnar document
    (--points full: one object per point).

    \b
    Example:
      deterrence sweep games/hawk_dove.toml C=0:12 --steps 49
      deterrence sweep hawk_dove V=0:10 C=0:12 --plot map.png
      deterrence sweep prisoners_dilemma T=0:6 --json
      deterrence sweep hawk_dove C=0:12 --steps 10000000 --format csv > sweep.csv
      deterrence sweep hawk_dove C=1:12 --steps 100000 --json
      deterrence sweep hawk_dove C=0:12 --json --points full
    """
    from deterrence.errors import UsageError
    from deterrence.parametric.ranges import Range
    from deterrence.parametric.sweep import regime_map, sweep_one
    from deterrence.views.sweep import progress_reporter

    check_one_output(as_json, form)
    form = form or ("json" if as_json else "table")
    workers = workers or _default_workers()
    parsed = [Range.parse(r) for r in ranges]
    if len(parsed) > 2:
        raise UsageError("sweep one parameter (a table) or two (a regime map), not more",
                         hint="fix the others with --set NAME=VALUE")
    if len(parsed) == 2 and form in ("csv", "tsv"):
        raise UsageError(f"--format {form} writes the rows of a one-parameter sweep",
                         hint="a regime map is written with --json")
    _check_points_option(points, form, len(parsed))
    points = points or "columns"
    _check_no_set_of_swept(parsed, assignments)
    _check_float_range(parsed, form, as_float, plot)
    per_axis = steps or (21 if len(parsed) == 1 else 41)
    check_points(per_axis ** len(parsed),
                 f"--steps {per_axis}" + (" on two axes" if len(parsed) == 2 else ""))
    if plot:
        from deterrence.views.plots import check_plot_path

        check_plot_path(plot)
    g = load(game, assignments, parsed)
    import sys

    stdout = sys.stdout
    with progress_reporter("sweeping") as progress, _cluster(scheduler) as client:
        if len(parsed) == 1:
            # the table shows no components of the equilibria: they are located for --json only
            result = sweep_one(g, parsed[0], steps=steps or 21, progress=progress, workers=workers,
                               components=form == "json")
            if form == "json":
                _write(result, stdout, client, "json", as_float, points, progress, _compact())
            elif form in ("csv", "tsv"):
                _write(result, stdout, client, form, as_float, points, progress)
            else:
                from deterrence.views.sweep import shown_rows

                rows = shown_rows(result)
                # the table shows profiles, outcomes and payoffs: no beliefs or refinements
                answers = dict(zip(rows, result.answers(rows, exact=not as_float, progress=progress,
                                                        workers=workers, detail=False)))
        else:
            result = regime_map(g, parsed[0], parsed[1], steps=steps or 41, progress=progress,
                                workers=workers, client=client)
            document = result.to_json(as_float) if form == "json" else None
    if plot:
        from deterrence.views.plots import plot_map, plot_sweep

        written = plot_sweep(result, plot) if len(parsed) == 1 else plot_map(result, plot)
        click.echo(f"wrote {written}", err=True)
    if form != "table":
        if len(parsed) == 2:
            emit_json(document)
        return
    if len(parsed) == 1:
        from deterrence.views.sweep import SweepView

        console().print(SweepView(result, answers, exact=not as_float, chart=chart))
    else:
        from deterrence.views.sweep import MapView

        console().print(MapView(result))


def _default_workers() -> int:
    """``--workers`` when not given: 2 where the machine has two processors or more."""
    from deterrence.parametric.workers import usable_cpus

    return min(2, usable_cpus())


def _cluster(scheduler):
    """A Dask client for ``--scheduler`` (a no-op context without one)."""
    import contextlib

    if scheduler is None:
        return contextlib.nullcontext(None)
    from deterrence.parametric.distributed import connect

    return connect(scheduler)


def _check_points_option(points: str | None, form: str, axes: int) -> None:
    """``--points`` says how the JSON of a one-parameter sweep lists its points: refuse it
    where it would be ignored."""
    from deterrence.errors import UsageError

    if points is None:
        return
    if form != "json":
        raise UsageError(f"--points {points} shapes the JSON document, not the {form} output",
                         hint=f"add --json (or --format json), or leave out --points {points}")
    if axes == 2 and points == "columns":
        raise UsageError("--points columns shapes the points of a one-parameter sweep; a regime "
                         "map is one document (deterrence.sweep/1) with its cells as a grid",
                         hint="leave out --points for a regime map")


def _check_no_set_of_swept(parsed, assignments) -> None:
    """A swept parameter takes the grid's values: ``--set`` of the same one would be ignored."""
    from deterrence.errors import UsageError

    swept = {r.name: r for r in parsed}
    for text in assignments:
        name = text.split("=", 1)[0].strip()
        if name in swept:
            raise UsageError(f"--set {text.strip()} and the range {swept[name].text} both give {name}: "
                             f"a swept parameter takes the values of its range",
                             hint=f"leave out --set {name}=..., or sweep another parameter")


def _check_float_range(parsed, form: str, as_float: bool, plot) -> None:
    """The table's chart, plots, a regime map and ``--float`` work in floating point: refuse a
    range whose ends no float holds (exact JSON and CSV of one parameter need none)."""
    from deterrence.errors import UsageError
    from deterrence.model.numbers import to_float

    needs = len(parsed) == 2 or as_float or plot or form == "table"
    for r in parsed if needs else ():
        for end in (r.lo, r.hi):
            try:
                to_float(end)
            except OverflowError:
                raise UsageError(f"the range of {r.name} reaches beyond floating point (an end "
                                 "above about 1.8e308), which the chart, plots, maps and --float need",
                                 hint="use a smaller range, or write the sweep exactly with --json "
                                      "or --format csv") from None


def _compact() -> bool:
    """Whether the JSON goes on one line: ``--compact`` (``--pretty``, a terminal and a pipe
    all get a point, or a block, per line: the streamed layout of earlier releases)."""
    context = click.get_current_context(silent=True)
    return context is not None and context.meta.get("deterrence.pretty") is False


def _write(result, stream, client, form: str, as_float: bool, points: str, progress,
           compact: bool = False) -> None:
    from deterrence.parametric.output import write_json, write_table

    if form == "json":
        write_json(result, stream, as_float, points, progress, client=client, compact=compact)
    else:
        write_table(result, stream, "," if form == "csv" else "\t", as_float, progress, client=client)


@click.command()
@game_argument
@set_option
@click.option("--samples", type=click.IntRange(0, 100_000), default=200, show_default=True,
              help="Sampled parameter points at which the formulas are checked against the exact solver.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sampled points.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes: with 2, the sweeps that check the thresholds run beside their "
                   "derivation, and then, for a tree, the sampled points are solved there too "
                   "(default: 2 on a machine with two processors or more, else 1). "
                   "The report is the same.")
@json_option
@reports_errors
def thresholds(game, assignments, samples, seed, workers, as_json, as_float) -> None:
    """The conditions, as formulas in the parameters, under which each regime of GAME holds.

    For a normal-form game: each candidate equilibrium (mixed ones from the
    indifference equations) with the inequalities that make it valid, the
    regimes they combine into, and the thresholds between them. For a tree:
    the comparisons backward induction makes, as inequalities. Everything is
    checked against the exact solver at sampled points and by sweeping each
    parameter.

    \b
    Example:
      deterrence thresholds games/hawk_dove.toml
      deterrence thresholds prisoners_dilemma --json
    """
    from deterrence.parametric.thresholds import derive_thresholds
    from deterrence.views.sweep import progress_reporter

    g = load(game, assignments)
    workers = workers or _default_workers()
    with progress_reporter("checking thresholds") as progress:
        report = derive_thresholds(g, samples=samples, seed=seed, progress=progress, workers=workers)
    if as_json:
        emit_json(report.to_json(as_float))
        return
    from deterrence.views.sweep import ThresholdsView

    console().print(ThresholdsView(report))
