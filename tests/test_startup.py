"""Start-up: solving a small matrix game loads neither numpy, sympy nor cddlib.

The command line is used interactively; heavy libraries are imported where
they are needed (a tree, a large game, a formula), never for a 2×2 game.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numpy", "sympy", "cdd", "nashpy", "scipy", "matplotlib", "pandas", "pygambit")

PROBE = """
import json, sys
from deterrence.cli import main
sys.argv = ["deterrence"] + {args!r}
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n" + json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def heavy_modules_after(args: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ["solve", "hawk_dove"],
    ["solve", "prisoners_dilemma", "--json"],
    ["show", "stag_hunt"],
    ["solve", "mixed_dominance"],  # 3×3
    ["--help"],
], ids=" ".join)
def test_a_small_matrix_game_needs_no_heavy_library(args):
    assert heavy_modules_after(args) == []


def test_a_tree_loads_numpy_and_that_is_fine():
    assert "numpy" in heavy_modules_after(["solve", "punishment_deterrence"])
