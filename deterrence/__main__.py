"""``python -m deterrence`` runs the command-line interface."""

from deterrence.cli import run

if __name__ == "__main__":  # pragma: no cover
    run()
