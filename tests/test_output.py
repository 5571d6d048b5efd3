"""Output made for pipes and tools: no truncation or padding, compact JSON, --format rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

ROW_COMMANDS = {
    "games": ["games"],
    "solve": ["solve", "hawk_dove"],
    "solve a tree": ["solve", "punishment_deterrence", "--concept", "nash"],
    "pool": ["pool", "export_control_pool", "--members", "0:3"],
    "ladder": ["ladder", "tariff_ladder"],
    "tournament": ["tournament", "prisoners_dilemma", "--noise", "0:0.1", "--steps", "2",
                   "--strategies", "tft,alld"],
}


def run(args, env=None):
    result = CliRunner().invoke(cli, args, env={"NO_COLOR": "1", **(env or {})})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_piped_output_is_not_cut_and_not_padded():
    text = run(["games"])
    assert "…" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    for command in (["explain", "hawk_dove"], ["ladder", "tariff_ladder"], ["repeated", "prisoners_dilemma"]):
        out = run(command)
        assert all(line == line.rstrip() for line in out.splitlines()), command
    assert "Challeng…" not in run(["ladder", "kahn_ladder"])


def test_a_columns_variable_does_not_narrow_piped_output():
    assert run(["games"], env={"COLUMNS": "60"}) == run(["games"])


def test_json_is_compact_when_piped_and_indented_with_pretty():
    compact = run(["solve", "hawk_dove", "--json"])
    assert compact.count("\n") == 1 and json.loads(compact)["schema"] == "deterrence.result/1"
    pretty = run(["solve", "hawk_dove", "--json", "--pretty"])
    assert pretty.startswith('{\n  "schema"') and json.loads(pretty) == json.loads(compact)
    assert run(["show", "hawk_dove", "--json", "--pretty"]).count("\n") > 5


@pytest.mark.parametrize("name", ROW_COMMANDS, ids=str)
def test_every_row_command_writes_csv_tsv_jsonl_and_plain(name):
    args = ROW_COMMANDS[name]
    rows = list(csv.DictReader(io.StringIO(run(args + ["--format", "csv"]))))
    assert rows and all(None not in row for row in rows)
    tsv = list(csv.DictReader(io.StringIO(run(args + ["--format", "tsv"])), delimiter="\t"))
    assert tsv == rows
    lines = run(args + ["--format", "jsonl"]).splitlines()
    assert [{k: ("" if v is None else v) for k, v in json.loads(line).items()} for line in lines] \
        == [{k: _csv_text(v) for k, v in json.loads(line).items()} for line in lines]
    assert len(lines) == len(rows)
    plain = run(args + ["--format", "plain"]).splitlines()
    assert len(plain) == len(rows) + 1 and "│" not in "".join(plain)


def _csv_text(value):
    if value is None:
        return ""
    return value


@pytest.mark.parametrize("name", ROW_COMMANDS, ids=str)
def test_format_json_is_the_json_document(name):
    args = ROW_COMMANDS[name]
    assert json.loads(run(args + ["--format", "json"])) == json.loads(run(args + ["--json"]))


def test_solve_csv_rows_are_the_equilibria():
    rows = list(csv.DictReader(io.StringIO(run(["solve", "hawk_dove", "--format", "csv"]))))
    assert rows[2] == {"equilibrium": "3", "Row": "1/3 Hawk + 2/3 Dove",
                       "Column": "1/3 Hawk + 2/3 Dove", "payoff Row": "2/3", "payoff Column": "2/3"}
