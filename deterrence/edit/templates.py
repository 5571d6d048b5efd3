"""Bundled templates for new payoff files (``deterrence new KIND FILE``).

A template is an ordinary, commented TOML payoff file in
``deterrence/templates/`` (package data). :func:`new_game_text` returns its
text after checking that this version can read the template's ``kind``: a
template for game trees is refused (exit code 2) rather than written while
the tree reader is missing.

Example
-------
>>> text = new_game_text("2x2")
>>> "T = { default = 5" in text
True
>>> from deterrence.io import parse_game
>>> parse_game(text, "2x2.toml").parameters.names
('T', 'R', 'P', 'S')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deterrence.errors import UsageError

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Template:
    """A named template: its file and a one-line description."""

    name: str
    file: str
    summary: str

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / self.file

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def kind(self) -> str:
        import tomllib

        return str(tomllib.loads(self.text()).get("kind", "normal"))

    @property
    def available(self) -> bool:
        """Whether a file exists for it and this version reads its kind."""
        from deterrence.io import toml_reader

        return self.path.exists() and toml_reader(self.kind) is not None


#: Every template, in the order ``deterrence new --list`` shows them.
TEMPLATES: tuple[Template, ...] = (
    Template("2x2", "2x2.toml", "two players, two strategies, parameters T, R, P, S"),
    Template("3x3", "3x3.toml", "two players, three strategies each, dominance-solvable"),
    Template("sequential", "sequential.toml", "a game tree: challenge, then retaliate or back down"),
    Template("bayesian", "bayesian.toml", "a tree in which nature draws the defender's type"),
    Template("pool", "pool.toml", "a friend-shoring sharing pool against an export restriction"),
    Template("ladder", "ladder.toml", "an escalation ladder: rungs, costs, loss of control"),
    Template("pool-matrix", "pool_matrix.toml", "the sharing pool as a 2x2 strategic form"),
    Template("ladder-tree", "ladder_tree.toml", "an escalation ladder written out as a game tree"),
    Template("yard", "yard.toml", "small yard, high fence: which goods to protect with a budget"),
)


def template(name: str) -> Template:
    """The template called ``name``.

    Raises
    ------
    UsageError
        For an unknown name, or a template whose kind this version cannot read.
    """
    names = [t.name for t in TEMPLATES]
    for t in TEMPLATES:
        if t.name == name:
            break
    else:
        from deterrence.io.toml_document import did_you_mean

        raise UsageError(f"no template {name!r}", hint=did_you_mean(name, names, f"templates: {', '.join(names)}"))
    if not t.path.exists():
        raise UsageError(f"the {name!r} template is not available in this version",
                         hint=f"available: {', '.join(x.name for x in TEMPLATES if x.available)}")
    if not t.available:
        raise UsageError(f"the {name!r} template is a kind = {t.kind!r} file, which this version "
                         "cannot read yet", hint=f"available: {', '.join(x.name for x in TEMPLATES if x.available)}")
    return t


def new_game_text(name: str) -> str:
    """The text of template ``name``, ready to write to a new file."""
    return template(name).text()


def write_new_game(name: str, target: str | Path, force: bool = False) -> Path:
    """Write template ``name`` to ``target``; refuse to overwrite unless ``force``."""
    from deterrence.io import write_atomic

    text = new_game_text(name)
    target = Path(target)
    if target.exists() and not force:
        raise UsageError(f"{target} already exists", hint="choose another name, or pass --force to overwrite it")
    if target.is_dir():
        raise UsageError(f"{target} is a folder")
    if not target.parent.exists():
        raise UsageError(f"no such folder: {target.parent}")
    write_atomic(target, text)
    return target


__all__ = ["Template", "TEMPLATES", "template", "new_game_text", "write_new_game"]
