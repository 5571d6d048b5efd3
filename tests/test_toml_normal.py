"""Reading and writing normal-form payoff files."""

from fractions import Fraction

import pytest

from deterrence.errors import GameFileError, UsageError
from deterrence.io import dumps, load_game, parse_game

HAWK_DOVE = """\
schema = "deterrence/1"
title = "Hawk-Dove"
kind = "normal"
players = ["Row", "Column"]

[parameters]
V = { default = 2, description = "value" }
C = { default = 6, min = 0, description = "cost" }

[strategies]
Row = ["Hawk", "Dove"]
Column = ["Hawk", "Dove"]

[payoffs]            # one row per Row strategy; each cell [Row, Column]
Hawk = [["(V - C)/2", "(V - C)/2"], ["V", 0]]
Dove = [[0, "V"], ["V/2", "V/2"]]
"""


def test_reads_expressions_at_the_defaults():
    game = parse_game(HAWK_DOVE, "hd.toml")
    A, B = game.payoff_arrays()
    assert A[0, 0] == Fraction(-2) and A[1, 1] == Fraction(1) and B[0, 1] == 0


def test_set_overrides_a_default():
    game = parse_game(HAWK_DOVE, "hd.toml").with_values({"C": Fraction(8)})
    assert game.payoff_arrays()[0][0, 0] == Fraction(-3)


def test_set_refuses_unknown_names_and_out_of_bounds_values():
    game = parse_game(HAWK_DOVE, "hd.toml")
    with pytest.raises(UsageError, match="no parameter 'K'"):
        game.with_values({"K": 1})
    with pytest.raises(UsageError, match="below its minimum"):
        game.with_values({"C": -1})


def test_decimals_are_read_exactly():
    text = HAWK_DOVE.replace('V = { default = 2,', 'V = { default = 0.1,')
    assert parse_game(text).parameters.values()["V"] == Fraction(1, 10)


def test_cells_may_name_the_players():
    text = HAWK_DOVE.replace('Dove = [[0, "V"], ["V/2", "V/2"]]',
                             'Dove = [{ Column = "V", Row = 0 }, ["V/2", "V/2"]]')
    assert parse_game(text) == parse_game(HAWK_DOVE)


THREE_PLAYERS = """\
schema = "deterrence/1"
title = "Three allies"
players = ["A", "B", "C"]
[strategies]
A = ["x", "y"]
B = ["x", "y"]
C = ["l", "r"]
[payoffs.x]
x = [[1, 1, 1], [0, 0, 0]]
y = [[0, 0, 0], [0, 0, 0]]
[payoffs.y]
x = [[0, 0, 0], [0, 0, 0]]
y = [[0, 0, 0], [2, 2, 2]]
"""


def test_three_player_layout_nests_one_table_per_player():
    game = parse_game(THREE_PLAYERS)
    assert game.shape == (2, 2, 2)
    assert game.payoff((1, 1, 1)) == (2, 2, 2)
    assert parse_game(dumps(game)) == game


@pytest.mark.parametrize("edit, message", [
    (('Dove = [[0, "V"], ["V/2", "V/2"]]', 'Dove = [[0, "V"]]'), "expected a list of 2 cells"),
    (('Dove = [[0, "V"], ["V/2", "V/2"]]', ''), "no payoffs for Row playing 'Dove'"),
    (('["V", 0]]', '["K", 0]]'), "unknown parameter 'K'"),
    (('schema = "deterrence/1"\n', ''), "missing schema"),
    (('Column = ["Hawk", "Dove"]', 'Column = ["Hawk", "Hawk"]'), "twice"),
    (('["V", 0]]', '["V", 0, 1]]'), "a cell needs 2 payoffs"),
    (('C = { default = 6, min = 0', 'C = { default = -1, min = 0'), "below its minimum"),
    (('title = "Hawk-Dove"', 'title = "Hawk-Dove"\ntitel = "x"'), "did you mean 'title'"),
    (('"(V - C)/2", "(V - C)/2"', '"(V - C)/2", "(V - C)/0"'), "division by zero"),
])
def test_errors_name_the_file_the_line_and_a_fix(edit, message):
    text = HAWK_DOVE.replace(*edit)
    with pytest.raises(GameFileError) as info:
        parse_game(text, "hd.toml")
    assert message in str(info.value)
    assert info.value.path == "hd.toml"


def test_error_line_points_at_the_bad_payoff():
    text = HAWK_DOVE.replace('["V", 0]]', '["K", 0]]')
    with pytest.raises(GameFileError) as info:
        parse_game(text, "hd.toml")
    assert info.value.line == 15 and info.value.column is not None


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(GameFileError) as info:
        parse_game("schema = \n", "bad.toml")
    assert info.value.line == 1 and "not valid TOML" in str(info.value)


def test_catalogue_names_resolve():
    assert load_game("prisoners_dilemma").n_players == 2
    with pytest.raises(UsageError):
        load_game("no_such_game")
