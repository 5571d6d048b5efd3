"""Plot of a pool analysis (matplotlib, imported only here)."""

from __future__ import annotations

from pathlib import Path

from deterrence.views.plots import check_plot_path


def plot_pool(analysis, path: str) -> Path:
    """Coercer's expected payoff from restricting against the varied parameter, drawn to
    ``path`` (``.png``, ``.svg`` or ``.pdf``, checked first); returns the path written.

    The no-pool payoff is a dashed line, the status quo a dotted one, the
    region where coercion pays is shaded and the exact change point marked.
    """
    target = check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a = analysis
    xs = [float(p.value) for p in a.points]
    ys = [float(p.restrict) for p in a.points]
    concede = [float(p.concede) for p in a.points]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    step = a.counts_members
    draw = ax.step if step else ax.plot
    kwargs = {"where": "mid"} if step else {}
    draw(xs, ys, color="#b2182b", lw=2, label="coercer's payoff from restricting", **kwargs)
    ax.plot(xs, ys, "o", color="#b2182b", ms=3)
    refrain = [float(p.refrain) for p in a.points]
    ax.plot(xs, refrain, ":", color="black", lw=1, label="status quo (refrain)")
    if a.baseline is not None:
        ax.axhline(float(a.baseline.restrict), ls="--", color="grey", lw=1, label="no pool")
    if a.change is not None:
        x = a.change.approx - (0.5 if a.change.kind == "integer" else 0)
        span = (xs[0], x) if a.change.stops_paying else (x, xs[-1])
        ax.axvspan(*span, color="#fddbc7", alpha=0.6, lw=0, label="coercion pays")
        ax.axvline(x, color="#2166ac", lw=1.5)
        ax.annotate(f"coercion {'stops' if a.change.stops_paying else 'starts'} paying\n"
                    f"{a.change.phrase()}", xy=(x, 0.97), xycoords=("data", "axes fraction"),
                    xytext=(-4, 0), textcoords="offset points", ha="right", va="top",
                    fontsize=8, color="#2166ac")
    elif a.points and a.points[0].pays:
        ax.axvspan(xs[0], xs[-1], color="#fddbc7", alpha=0.6, lw=0, label="coercion pays")
    twin = ax.twinx()
    twin.plot(xs, concede, color="#4393c3", lw=1, alpha=0.8, label="P(target concedes)")
    twin.set_ylim(-0.05, 1.05)
    twin.set_ylabel("P(target concedes)", color="#4393c3")
    ax.set_xlabel(f"{a.parameter}" + (f" — {a.description}" if a.description else ""))
    ax.set_ylabel("coercer's expected payoff")
    ax.set_title(a.game.title, fontsize=9)
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target
