"""How games and results show themselves, without knowing the views.

Every game and every result object mixes in :class:`Displayable`, so that
``rich.print(result)`` and a Jupyter notebook show it. The object names the
*kind* of view it wants (``display_as``: ``"game"``, ``"result"``, ...);
the views register a builder for each kind (:func:`register`). The model
and the solvers therefore never import a view: the dependency points the
other way, and the package's top level installs a loader that imports the
views the first time something is displayed (:func:`set_loader`).

All result objects share one protocol (:class:`Result`): ``to_json()``
(the ``--json`` document, assembled from what the solver already computed),
``__rich__`` and ``_repr_html_`` (through the registry) and a ``__repr__``
of at most :data:`REPR_LIMIT` characters (:func:`short_repr`).

Example
-------
>>> from deterrence import load_game
>>> game = load_game("prisoners_dilemma")
>>> "best response" in game._repr_html_()
True
>>> len(repr(game)) <= REPR_LIMIT
True
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Protocol, runtime_checkable

#: Longest ``repr`` of a game or result, in characters.
REPR_LIMIT = 200

_builders: dict[str, Callable[[Any], Any]] = {}
_html_builders: dict[str, Callable[[Any], str]] = {}
_html: list[Callable[[Any], str]] = []
_loader: list[Callable[[], None]] = []


def register(kind: str, builder: Callable[[Any], Any]) -> None:
    """Make ``builder(obj)`` the rich renderable of every object with ``display_as == kind``."""
    _builders[kind] = builder


def register_html(to_html: Callable[[Any], str], kind: str | None = None) -> None:
    """With ``kind``: the HTML of objects of that kind (a real table, say);
    without: the function that turns any rich renderable into HTML."""
    if kind is None:
        _html[:] = [to_html]
    else:
        _html_builders[kind] = to_html


def set_loader(loader: Callable[[], None]) -> None:
    """A function that registers the views when first needed (imports them)."""
    _loader[:] = [loader]


def view_of(obj: Any) -> Any:
    """The rich renderable that shows ``obj``."""
    kind = obj.display_as
    if kind not in _builders and _loader:
        _loader[0]()
    builder = _builders.get(kind)
    if builder is None:
        from rich.text import Text

        return Text(repr(obj))
    return builder(obj)


def html_of(obj: Any) -> str:
    """HTML that shows ``obj`` in a notebook."""
    kind = obj.display_as
    if kind not in _builders and _loader:
        _loader[0]()
    if kind in _html_builders:
        return _html_builders[kind](obj)
    renderable = view_of(obj)
    if not _html:
        import html

        return f"<pre>{html.escape(repr(obj))}</pre>"
    return _html[0](renderable)


#: Characters that reorder text on screen ("Trojan source"): shown as escapes too.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                  "\u2028\u2029")


#: What JSON and TOML writers leave raw that a terminal may still obey: DEL,
#: the C1 controls (CSI among them) and the bidirectional controls.
_RAW_UNSAFE = None


def escape_unsafe(text: str) -> str:
    r"""JSON or TOML text with DEL, C1 and bidirectional controls as ``\uXXXX`` escapes.

    Both formats read the escape back as the character, so nothing is lost.

    >>> escape_unsafe('"a\u202eb"')
    '"a\\u202eb"'
    """
    global _RAW_UNSAFE
    if _RAW_UNSAFE is None:
        import re

        _RAW_UNSAFE = re.compile("[\u007f-\u009f" + "".join(sorted(_BIDI)) + "]")
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(text: str, keep: str = "") -> str:
    r"""``text`` with control characters shown as escapes, never sent to a terminal.

    Text from a file (labels, titles, descriptions) may hold escape sequences
    that clear the screen or move the cursor; every view shows them as
    ``\x1b`` instead, and invisible characters that make one label look like
    another (a zero-width space) as ``\u200b``. Characters in ``keep`` (e.g.
    ``"\n"`` for a description) pass unchanged; other text, accents and
    emoji included, is untouched.

    >>> visible("Hawk\x1b[2J"), visible("a\nb"), visible("a\nb", keep="\n")
    ('Hawk\\x1b[2J', 'a\\nb', 'a\nb')
    >>> visible("Défense ✓"), visible("V\u200b")
    ('Défense ✓', 'V\\u200b')
    """
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for char in text:
        if char in keep or not (char in _BIDI or _hidden(unicodedata.category(char), char)):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) > 0xff else repr(char)[1:-1])
    return "".join(out)


def _hidden(category: str, char: str) -> bool:
    """A control character, or an invisible format character (zero-width space,
    soft hyphen, byte-order mark) that makes one label look like another. The
    zero-width joiner and emoji tag characters, which build visible emoji, stay."""
    if category == "Cc":
        return True
    return category == "Cf" and char != "\u200d" and not "\U000e0020" <= char <= "\U000e007f"


def short_repr(name: str, *parts: str) -> str:
    """``Name(part, part, ...)`` cut to :data:`REPR_LIMIT` characters.

    >>> short_repr("SolveResult", "'Hawk-Dove'", "concept='nash'", "3 equilibria")
    "SolveResult('Hawk-Dove', concept='nash', 3 equilibria)"
    """
    text = f"{name}({', '.join(p for p in parts if p)})"
    if len(text) > REPR_LIMIT:
        text = text[: REPR_LIMIT - 2] + "…)"
    return text


class Displayable:
    """Mix-in: ``__rich__`` and ``_repr_html_`` through the view registry."""

    display_as: ClassVar[str] = "result"

    def __rich__(self) -> Any:
        return view_of(self)

    def _repr_html_(self) -> str:
        return html_of(self)


@runtime_checkable
class Result(Protocol):
    """What every result object offers (solve, sweep, thresholds, pool, ...)."""

    def to_json(self, as_float: bool = False) -> dict[str, Any]: ...

    def __rich__(self) -> Any: ...

    def _repr_html_(self) -> str: ...


__all__ = ["Displayable", "Result", "register", "register_html", "set_loader", "view_of",
           "html_of", "short_repr", "visible", "escape_unsafe", "REPR_LIMIT"]
