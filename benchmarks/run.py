"""Run the benchmarks: ``python benchmarks/run.py`` (``--help`` for options).

Each topic is one module ``bench_*.py`` with a ``TITLE`` and a
``run(options, console)`` that prints its own rich table; add a new topic by
writing such a module and listing it in :data:`SECTIONS`.

Example::

    python benchmarks/run.py                 # everything, several minutes
    python benchmarks/run.py --quick         # a smoke run, seconds
    python benchmarks/run.py --only normal --sizes 8 10 --games 5 --cap 120
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
from pathlib import Path

from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Section name -> module (in this directory). Later topics append here.
SECTIONS = {
    "normal": "bench_normal",
    "limits": "bench_limits",
    "trees": "bench_trees",
    "tree-files": "bench_tree_files",
    "repeated": "bench_repeated",
    "sweeps": "bench_sweeps",
    "pool": "bench_pool",
    "scale": "bench_scale",
    "thresholds": "bench_thresholds",
    "cli": "bench_cli",
    "nplayer": "bench_nplayer",
    "input": "bench_input",
}


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmarks of deterrence against nashpy and pygambit.",
        epilog="Example: python benchmarks/run.py --quick")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (4, 6), one game per size: a smoke run")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help="game sizes n for n×n games (default 4 6 8 10)")
    parser.add_argument("--games", type=int, default=3, metavar="K",
                        help="games per size (default 3)")
    parser.add_argument("--cap", type=float, default=60.0, metavar="SECONDS",
                        help="time cap per solver run (default 60)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="runs per game, the median is reported (default 1; "
                             "command-line timings use at least 5)")
    parser.add_argument("--only", choices=sorted(SECTIONS), nargs="+",
                        help="run only these sections")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    options = parse(argv)
    console = Console()
    console.print(f"Python {platform.python_version()} on {platform.machine()}, "
                  f"{platform.system()}; " + versions())
    for name, module_name in SECTIONS.items():
        if options.only and name not in options.only:
            continue
        module = importlib.import_module(module_name)
        console.rule(module.TITLE)
        module.run(options, console)


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for package in ("deterrence", "pycddlib", "pygambit", "nashpy"):
        try:
            out.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            out.append(f"{package} (not installed)")
    return ", ".join(out)


if __name__ == "__main__":
    main()
