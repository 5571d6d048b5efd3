"""Plot of a logit QRE branch (matplotlib, imported only when a plot is asked for)."""

from __future__ import annotations

from pathlib import Path


def plot_qre(result, path: str) -> Path:
    """Each agent's choice probabilities against lambda, one panel per agent; the
    listed points marked, the limit written in the title. Returns the path written."""
    from deterrence.views.plots import COLOURS, check_plot_path

    target = check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    agents = result.agents
    fig, axes = plt.subplots(len(agents), 1, figsize=(8, 2.2 + 1.8 * len(agents)), dpi=120,
                             sharex=True, squeeze=False)
    xs = [p.lam for p in result.path]
    for k, (agent, ax) in enumerate(zip(agents, axes[:, 0])):
        for a, action in enumerate(agent.actions):
            colour = COLOURS[a % len(COLOURS)]
            ax.plot(xs, [p.probabilities[k][a] for p in result.path], color=colour, lw=1.8,
                    label=action)
            ax.plot([p.lam for p in result.points], [p.probabilities[k][a] for p in result.points],
                    "o", color=colour, ms=3)
        ax.set_ylim(-0.03, 1.03)
        ax.set_ylabel("probability")
        ax.set_title(agent.name, fontsize=9, loc="left")
        ax.legend(fontsize=7, loc="best")
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("lambda: precision of each side's reading of the other")
    title = result.game.title or "logit QRE"
    if result.limit is not None:
        title += f"\nlimit: {result.limit.label}"
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target
