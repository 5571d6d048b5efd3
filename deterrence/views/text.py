"""File text shown as text: never as rich markup, never as terminal control codes.

Labels, titles and descriptions come from payoff files that anyone may have
written. Every view puts them on screen through these helpers:

* :func:`safe_text` makes a :class:`rich.text.Text` (so ``"[bold]"`` in a label
  is shown, not obeyed) with control characters shown as escapes (so
  ``"\\x1b[2J"`` cannot clear the screen);
* :func:`safe_str` does the second for text that goes into a ``Text`` anyway;
* :class:`SafeConsole` is the console every command prints with: markup off,
  and every segment of text it writes passed through the same filter, a
  last guard for anything a view did not clean itself.

Example
-------
>>> console = SafeConsole(width=40, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(safe_text("[bold red]X[/]\\x1b[2J"))
>>> print(cap.get().strip())
[bold red]X[/]\\x1b[2J
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from deterrence.model.display import visible


def safe_str(text: object, keep: str = "") -> str:
    """``text`` as a string with control characters shown as escapes."""
    return visible(str(text), keep)


def safe_text(text: object, style="", keep: str = "", **options) -> Text:
    """A :class:`~rich.text.Text` of file text: markup not read, control characters shown.

    ``options`` go to :class:`~rich.text.Text` (``justify``, ``no_wrap``, ...).
    """
    return Text(visible(str(text), keep), style=style, **options)


class SafeConsole(Console):
    """A rich console that reads no markup and writes no control character from text.

    Styles and rich's own cursor control still work: only the characters of
    the text are filtered.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def render(self, renderable, options=None):
        for segment in super().render(renderable, options):
            if segment.control is None and not segment.text.isprintable():
                text = visible(segment.text, keep="\n")
                if text != segment.text:
                    segment = Segment(text, segment.style)
            yield segment


__all__ = ["safe_str", "safe_text", "SafeConsole"]
