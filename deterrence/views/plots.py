"""Pictures of sweeps and regime maps (``--plot FILE.png|svg|pdf``).

matplotlib is imported inside the functions only, when a plot is asked for.
A sweep is drawn as each equilibrium's expected payoffs (or, for a tree, the
probability of each outcome) against the parameter, with the regime bands
shaded and labelled and each exact change point marked with its value and
formula. A regime map is drawn as coloured regions with a legend in words and
the exact boundary curves on top.
"""

from __future__ import annotations

from pathlib import Path

from deterrence.errors import UsageError
from deterrence.model.labels import regime_letters

#: File types a plot can be written as.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
#: Colours of regimes (colour-blind friendly, Okabe-Ito); letters carry the meaning too.
BOUNDARY_GREY = "#9a9a9a"
COLOURS = ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


def check_plot_path(path: str) -> Path:
    """The path of a plot, checked before any work is done (a :class:`UsageError`,
    exit 2, for a name without one of :data:`PLOT_SUFFIXES` or in a missing folder).

    >>> check_plot_path("sweep.png").suffix
    '.png'
    >>> check_plot_path("sweep")
    Traceback (most recent call last):
    ...
    deterrence.errors.UsageError: cannot tell the picture format of sweep: a plot is written as .png, .svg or .pdf
      hint: name the file e.g. sweep.png
    """
    p = Path(path)
    if p.suffix.lower() not in PLOT_SUFFIXES:
        accepted = ", ".join(PLOT_SUFFIXES[:-1]) + f" or {PLOT_SUFFIXES[-1]}"
        raise UsageError(f"cannot tell the picture format of {path}: a plot is written as {accepted}",
                         hint=f"name the file e.g. {p.parent / ((p.stem.rstrip('.') or 'plot') + '.png')}")
    if p.parent and not p.parent.exists():
        raise UsageError(f"no folder {p.parent} for the plot", hint="create the folder first")
    return p


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _wrap(text: str, width: int = 48) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def plot_sweep(sweep, path: str) -> Path:
    """Draw a one-parameter sweep to ``path``; returns the path written."""
    import numpy as np

    from deterrence.model.kinds import is_tree

    target = check_plot_path(path)
    plt = _pyplot()
    game = sweep.game
    letters = regime_letters(len(sweep.regimes))
    sample = _sample(sweep)
    xs = np.array([float(sweep.value(i)) for i in sample])
    tree = is_tree(game)
    if tree:
        fig, (ax, low) = plt.subplots(2, 1, figsize=(9, 7.5), dpi=120, sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    else:
        fig, ax = plt.subplots(figsize=(9, 5.2), dpi=120)
        low = None
    # regime bands: runs of equal regime, with edges at the exact change points
    edges = [float(sweep.range.lo)] + [c.approx for c in sweep.changes] + [float(sweep.range.hi)]
    banded = []
    for k, (a, b) in enumerate(zip(edges, edges[1:])):
        mid = (a + b) / 2
        r = band_regimes(sweep)[k]
        banded.append(r)
        ax.axvspan(a, b, color=COLOURS[r % len(COLOURS)], alpha=0.16, lw=0)
        ax.text(mid, 1.01, letters[r], transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=11, fontweight="bold", color=COLOURS[r % len(COLOURS)])
    dense_x, series = sweep.dense()
    if not series:
        dense_x, series = xs, sweep.series(sample)
    styles = ["-", "--", ":", "-."]
    from deterrence.model.labels import support_label

    for n, (key, values) in enumerate(series.items()):
        if not tree:
            name = support_label(game, key)
        else:
            name = " / ".join(str(k) for k in key) or "equilibrium"
        for p, player in enumerate(game.players):
            ax.plot(dense_x, values[:, p], styles[p % len(styles)], lw=2, color=f"C{n % 10}",
                    label=f"{player} in {name}")
    if low is not None:
        _outcome_panel(low, sweep, edges, xs)
    for c in sweep.changes:
        ax.axvline(c.approx, color="black", lw=1, ls="--")
        formula = "; ".join(c.formula_texts())
        label = f"{c.parameter} = {c.text}" + (f"\n({formula})" if formula else "")
        ax.annotate(label, (c.approx, 0.98), xycoords=("data", "axes fraction"), xytext=(4, -4),
                    textcoords="offset points", ha="left", va="top", fontsize=9,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
    ax.set_xlim(float(sweep.range.lo), float(sweep.range.hi))
    (low if low is not None else ax).set_xlabel(_parameter_label(game, sweep.range.name))
    ax.set_ylabel("expected payoff in equilibrium")
    ax.set_title(game.title or "sweep", pad=18)
    handles, labels = ax.get_legend_handles_labels()
    from matplotlib.patches import Patch

    banded = sorted(set(banded))
    handles += [Patch(color=COLOURS[k % len(COLOURS)], alpha=0.35) for k in banded]
    labels += [_wrap(f"{letters[k]}: {sweep.regimes[k].label(game)}") for k in banded]
    ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target


def band_regimes(sweep) -> list[int]:
    """The regime of each stretch between consecutive change points."""
    if sweep.changes:
        return [sweep.changes[0].before] + [c.after for c in sweep.changes]
    if sweep.intervals:
        return [sweep.intervals[0].regime]
    return [sweep.segment_of(sweep.steps // 2).regime]


def _sample(sweep, most: int = 2000) -> list[int]:
    """Grid points to draw where there are no formulas: all of a short sweep, else evenly spaced."""
    if sweep.steps <= most:
        return list(range(sweep.steps))
    return sorted({round(k * (sweep.steps - 1) / (most - 1)) for k in range(most)})


def _outcome_panel(ax, sweep, edges, xs) -> None:
    """Probability of each outcome of a tree against the parameter."""
    import numpy as np

    dense_x, outcomes = sweep.dense(outcomes=True)
    for k, (a, b) in enumerate(zip(edges, edges[1:])):
        r = band_regimes(sweep)[k]
        ax.axvspan(a, b, color=COLOURS[r % len(COLOURS)], alpha=0.16, lw=0)
    for n, (label, values) in enumerate(outcomes.items()):
        if np.nanmax(np.nan_to_num(values, nan=0.0)) <= 0:
            continue
        ax.plot(dense_x, values, lw=2, color=f"C{(n + 3) % 10}", label=label)
    for c in sweep.changes:
        ax.axvline(c.approx, color="black", lw=1, ls="--")
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("probability of outcome")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.grid(alpha=0.3)


def _parameter_label(game, name: str) -> str:
    try:
        description = game.parameters.get(name).description
    except KeyError:
        description = ""
    return f"{name}: {description}" if description else name


def plot_map(regime_map, path: str) -> Path:
    """Draw a two-parameter regime map to ``path``; returns the path written."""
    import numpy as np

    target = check_plot_path(path)
    plt = _pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    m = regime_map
    game = m.game
    letters = regime_letters(len(m.regimes))
    xs = np.linspace(float(m.x.lo), float(m.x.hi), m.steps)
    ys = np.linspace(float(m.y.lo), float(m.y.hi), m.steps)
    fig, ax = plt.subplots(figsize=(9, 6), dpi=120)
    # cells on a boundary (ties, extra equilibria) in grey; regions in colour
    colours = [BOUNDARY_GREY if r.degenerate else COLOURS[k % len(COLOURS)] for k, r in enumerate(m.regimes)]
    cmap = ListedColormap(colours)
    ax.pcolormesh(xs, ys, m.grid, cmap=cmap, vmin=-0.5, vmax=len(m.regimes) - 0.5, shading="nearest",
                  alpha=0.75)
    # the letter of each region at the cell of that region nearest its centroid
    for k, r in enumerate(m.regimes):
        where = np.argwhere(m.grid == k)
        if r.degenerate or len(where) < max(3, m.steps * m.steps // 400):
            continue
        centre = where.mean(axis=0)
        j, i = where[np.argmin(((where - centre) ** 2).sum(axis=1))]
        ax.text(xs[i], ys[j], letters[k], ha="center", va="center", fontsize=14, fontweight="bold")
    _draw_boundaries(ax, m, xs, ys)
    ax.set_xlabel(_parameter_label(game, m.x.name))
    ax.set_ylabel(_parameter_label(game, m.y.name))
    ax.set_title(game.title or "regime map")
    handles = [Patch(color=colours[k], alpha=0.75) for k, r in enumerate(m.regimes) if not r.degenerate]
    labels = [_wrap(f"{letters[k]}: {r.label(game)}") for k, r in enumerate(m.regimes) if not r.degenerate]
    if any(r.degenerate for r in m.regimes):
        handles.append(Patch(color=BOUNDARY_GREY, alpha=0.75))
        labels.append(_wrap("on a boundary: ties, extra equilibria (" + ", ".join(
            letters[k] for k, r in enumerate(m.regimes) if r.degenerate) + "; see the table)"))
    ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target


def _draw_boundaries(ax, m, xs, ys) -> None:
    import numpy as np
    import sympy

    X, Y = np.meshgrid(xs, ys)
    for n, b in enumerate(m.boundaries):
        eq = b.equation
        expr = eq.lhs - eq.rhs
        symbols = {s.name: s for s in expr.free_symbols}
        if set(symbols) - {m.x.name, m.y.name}:
            continue
        sx = symbols.get(m.x.name, sympy.Symbol(m.x.name))
        sy = symbols.get(m.y.name, sympy.Symbol(m.y.name))
        f = sympy.lambdify((sx, sy), expr, "numpy")
        with np.errstate(all="ignore"):
            Z = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
        if not np.isfinite(Z).any() or np.nanmin(Z) > 0 or np.nanmax(Z) < 0:
            continue
        cs = ax.contour(X, Y, Z, levels=[0], colors="black", linewidths=1.2, linestyles="--")
        try:
            ax.clabel(cs, fmt={0: b.text}, fontsize=8, inline=True)
        except (ValueError, IndexError):
            pass


__all__ = ["plot_sweep", "plot_map", "check_plot_path", "PLOT_SUFFIXES"]
