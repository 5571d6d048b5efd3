"""Test-suite settings: property tests are seeded, so a run is the same run every time.

``HYPOTHESIS_PROFILE=explore pytest`` searches new random examples instead
(more of them, not seeded): the way to look for bugs, not the way CI runs.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
