"""What the input layer costs: reading with a size cap, and the limit scan.

Every game file goes through ``deterrence.io.source.read_source`` (bytes with
a size cap, UTF-8) and ``deterrence.io.scan.check_text`` (depth, digits and
node limits, before any parser). Both must stay small next to parsing: here
they are timed on random trees of 10^4 and 10^5 nodes written as TOML and
.efg, next to our full parse and to pygambit's ``read_efg`` of the same file
(up to 10^4 nodes: pygambit's reader grows quadratically, 21 s at 10^4 and
260 s at 3·10^4 nodes). Runs in this process; the best of ``--repeat`` (at
least 3) runs is reported for the read and the scan, one run for the parses.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.table import Table

TITLE = "Input layer: read and limit scan against parsing"
SIZES, QUICK_SIZES = (10 ** 4, 10 ** 5), (10 ** 3,)
#: Largest tree read by pygambit here.
GAMBIT_MAX = 10 ** 4


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        function()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(options, console) -> dict:
    from bench_trees import random_tree

    from deterrence.io import dumps, parse_game
    from deterrence.io.scan import check_text
    from deterrence.io.source import read_source

    repeat = max(3, options.repeat)
    table = Table(title=TITLE, title_justify="left")
    for column in ("file", "size", "read", "scan", "our parse", "scan / parse", "pygambit read"):
        table.add_column(column, justify="right" if column != "file" else "left")
    summary = {}
    folder = Path(tempfile.mkdtemp())
    for n in QUICK_SIZES if options.quick else SIZES:
        game = random_tree(n)
        for fmt in ("toml", "efg"):
            path = folder / f"tree{n}.{fmt}"
            path.write_text(dumps(game, fmt), encoding="utf-8")
            text = read_source(str(path)).text
            read = best(lambda: read_source(str(path)), repeat)
            scan = best(lambda: check_text(text, fmt, str(path)), repeat)
            parse = best(lambda: parse_game(text, str(path), fmt), 1)
            gambit = "—"
            if fmt == "efg" and n <= GAMBIT_MAX:
                try:
                    import pygambit

                    gambit = f"{best(lambda: pygambit.read_efg(str(path)), 1):.3f} s"
                except ImportError:
                    gambit = "(not installed)"
            summary[(n, fmt)] = (read, scan, parse)
            table.add_row(f"{n:,} nodes .{fmt}", f"{len(text) / 1e6:.1f} MB", f"{read:.3f} s",
                          f"{scan:.3f} s", f"{parse:.2f} s", f"{scan / parse:.1%}", gambit)
    console.print(table)
    return summary
