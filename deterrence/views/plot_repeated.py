"""A figure of a noise sweep (``deterrence tournament --plot FILE``).

matplotlib is imported inside :func:`plot_sweep` only, with the non-interactive
Agg back end, so the command line starts fast and works without a display.
Two panels share the noise axis: each strategy's tournament score, and how
often it cooperates mutually with itself; a dashed line marks where
cooperation collapses.
"""

from __future__ import annotations

from deterrence.errors import UsageError
from deterrence.views.plots import check_plot_path


def plot_sweep(sweep, path: str) -> None:
    """Write the figure of ``sweep`` to ``path`` (.png, .svg or .pdf: :func:`check_plot_path`)."""
    check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    eps = [float(e) for e in sweep.epsilons]
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7, 6.5))
    order = sweep.tournaments[-1].ranking
    for i in order:
        name = sweep.strategies[i].name
        top.plot(eps, [float(t.scores[i]) for t in sweep.tournaments], marker="o",
                 markersize=3, label=name)
        bottom.plot(eps, [float(t.mutual_cooperation[i][i]) for t in sweep.tournaments],
                    marker="o", markersize=3, label=name)
    bottom.plot(eps, [float(t.cooperation) for t in sweep.tournaments], color="black",
                linestyle=":", label="all matches")
    if sweep.collapse is not None:
        for ax in (top, bottom):
            ax.axvline(float(sweep.collapse), color="grey", linestyle="--")
        top.annotate("cooperation collapses", (float(sweep.collapse), top.get_ylim()[1]),
                     ha="left", va="top", fontsize=8, color="grey")
    game = sweep.stage.game
    top.set_title(f"{game.title}: round robin under noise")
    top.set_ylabel("score (mean payoff per round)")
    bottom.set_ylabel("P(mutual cooperation) with itself")
    bottom.set_xlabel("noise ε (probability that a move is flipped)")
    bottom.set_ylim(-0.02, 1.02)
    top.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(fig)


__all__ = ["plot_sweep"]
