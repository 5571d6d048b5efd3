"""A limit applies to the values a command uses, not to file defaults it replaces.

``games/export_control_pool.toml`` has N = 5 members by default. A sweep of N over 0..2,
or ``--set N=2``, never builds a pool of 5, so ``--limit members=3`` lets it run; a
swept or set value above the limit is refused before any work as bad usage (exit 2,
the hint names ``--limit members=N``); a plain ``solve`` of the file, which uses the
default, is still refused (exit 1: the file is what is too large).
"""

from __future__ import annotations

import json
import pickle

import pytest
from click.testing import CliRunner

import deterrence
from deterrence.cli import cli
from deterrence.errors import LimitError
from deterrence.model import limits

from cli_refusals import refused

POOL = "export_control_pool"


def run(*args):
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"})


@pytest.fixture
def built_sizes(monkeypatch):
    """The pool sizes built in this process."""
    import deterrence.builders.pool.file as file

    sizes: list[int] = []
    build = file.build_pool_game

    def recording(spec, parameters, **metadata):
        sizes.append(int(parameters.values()["N"]))
        return build(spec, parameters, **metadata)

    monkeypatch.setattr(file, "build_pool_game", recording)
    return sizes


def test_a_sweep_below_the_limit_runs_though_the_default_is_above_it(built_sizes):
    result = run("sweep", POOL, "N=0:2", "--steps", "3", "--limit", "members=3", "--workers", "1",
                 "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["points"]["count"] == 3 and doc["sweep"][0]["hi"] == "2"
    assert built_sizes and set(built_sizes) <= {0, 1, 2}     # never the default 5


def test_a_regime_map_below_the_limit_runs_though_the_default_is_above_it():
    result = run("sweep", POOL, "N=0:2", "r=0:1", "--steps", "3", "--limit", "members=3", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["x"] == ["0", "1", "2"]


@pytest.mark.parametrize("ranges, steps, message, hint", [
    (["N=0:4"], "5", "N=0:4: a pool of 4 members", "--limit members=4"),
    (["N=4:6"], "3", "N=4:6: a pool of 6 members", "--limit members=6"),  # the largest it reaches
    (["N=0:6", "r=0:1"], "7", "N=0:6: a pool of 6 members", "--limit members=6"),  # a map: was exit 70
    (["r=0:1", "N=0:6"], "7", "N=0:6: a pool of 6 members", "--limit members=6"),
])
def test_a_swept_count_above_the_limit_is_refused_before_any_work(monkeypatch, ranges, steps,
                                                                   message, hint):
    import deterrence.parametric.sweep as sweep

    def no_work(*args, **kwargs):
        raise AssertionError("the sweep started before the refusal")

    monkeypatch.setattr(sweep, "backend_for", no_work)
    first = refused(run("sweep", POOL, *ranges, "--steps", steps, "--limit", "members=3"), 2,
                    hint)
    assert first == f"error: {message}, above the limit of 3 members"


def test_a_set_count_below_the_limit_is_solved_though_the_default_is_above_it(built_sizes):
    result = run("solve", POOL, "--set", "N=2", "--limit", "members=3", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["parameters"]["N"] == "2"
    assert built_sizes == [2]                                # built once, at the value set


def test_a_set_count_above_the_limit_is_bad_usage():
    refused(run("solve", POOL, "--set", "N=4", "--limit", "members=3"), 2,
            "N=4: a pool of 4 members, above the limit of 3 members", "--limit members=4")


@pytest.mark.parametrize("args", [["solve", POOL], ["sweep", POOL, "r=0:1", "--steps", "3"]],
                         ids=["solve", "sweep-of-another-parameter"])
def test_the_default_above_the_limit_is_still_refused_where_it_is_used(args):
    refused(run(*args, "--limit", "members=3"), 1, "a pool of 5 members, above the limit of 3",
            "--limit members=5")


def test_a_sweep_of_another_parameter_runs_with_the_count_set_below_the_limit():
    result = run("sweep", POOL, "r=0:1", "--steps", "3", "--set", "N=2", "--limit", "members=3",
                 "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["parameters"]["N"] == "2"


def test_a_range_out_of_bounds_is_named_before_the_default_is_built():
    refused(run("sweep", POOL, "N=-1:2", "--steps", "4", "--limit", "members=3"), 2,
            "the range N=-1:2 leaves the bounds of N")


def test_the_library_refuses_a_swept_count_above_the_limit_before_any_work():
    game = deterrence.load_game(POOL)
    with limits.raised(members=6):
        with pytest.raises(LimitError) as caught:
            deterrence.sweep(game, N=(0, 8), steps=9)
    assert caught.value.exit_code == 2 and "N=0:8: a pool of 8 members" in str(caught.value)


def test_a_limit_error_comes_back_whole_from_a_worker_process():
    """A worker hands its exception back pickled: a LimitError could not be unpickled (its
    keyword-only ``limit``), and the sweep ended in a broken process pool (exit 70)."""
    error = limits.refusal("members", 7, "a pool of 7 members", path="pool.toml", usage=True)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is LimitError and str(again) == str(error)
    assert (again.limit, again.exit_code, again.path) == ("members", 2, "pool.toml")
