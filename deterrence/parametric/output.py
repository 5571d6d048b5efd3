"""Writing a sweep: JSON with a point per object, columnar JSON, CSV/TSV — a chunk at a time.

Three forms, each written from :class:`~deterrence.parametric.blocks.Block` s
(runs of points with one regime and one set of formulas), never holding more
than :data:`CHUNK` points:

* ``deterrence.sweep/1`` (``--points full``): the document of earlier
  releases, byte for byte; ``points`` is a list with one object per grid
  point (``value``, ``regime``, ``change``, ``equilibria``).
* ``deterrence.sweep/2`` (``--points columns``, the default of ``sweep
  --json``): the same header (sweep,
  regimes, intervals, change points, checks) and ``points`` as
  ``{"count": N, "blocks": [...]}``: each block covers grid points
  ``start`` to ``stop - 1`` (one regime, ``change`` true when its first point
  changes regime) and gives every column once — ``value`` as a list, and for
  each equilibrium each field (a probability, a payoff, an outcome's
  probability) as a single value when it is the same on the whole block, else
  a list with one entry per point. No key is repeated per point; one block per
  line.
* ``--format csv`` / ``tsv``: a header, then one row per grid point: the
  value, the regime (its index in ``regimes``), whether it changes there, and
  for every equilibrium that occurs anywhere in the sweep its probabilities
  and payoffs (a tree's: payoffs, profile and outcome probabilities); empty
  where that equilibrium does not exist.

Example
-------
>>> import io
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> from deterrence.parametric.sweep import sweep_one
>>> s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:3"), steps=3)
>>> out = io.StringIO(); write_table(s, out); print(out.getvalue().splitlines()[2])
2,2,True,1,0,1,0,0,0,1,0,0,1,2,0,0,1,1,0,0,2,,,,,,
"""

from __future__ import annotations

import csv
import json
from typing import Any, Iterator, TextIO

from deterrence.model.labels import support_label
from deterrence.model.numbers import number
from deterrence.parametric.blocks import Block, entry

#: Grid points per chunk: the most a writer holds at once.
CHUNK = 20_000

SWEEP_SCHEMA = "deterrence.sweep/1"
COLUMNS_SCHEMA = "deterrence.sweep/2"
_HOLE = "\u0000points\u0000"


def chunks(sweep, size: int = CHUNK, exact: bool = True, progress=None, detail: bool = False) -> Iterator[Block]:
    """Every block of the sweep, ``size`` grid points at a time."""
    for start in range(0, sweep.steps, size):
        stop = min(sweep.steps, start + size)
        yield from sweep.blocks(start, stop, exact, detail)
        if progress:
            progress(stop, sweep.steps, "writing points")


def header(sweep, as_float: bool, schema: str) -> dict[str, Any]:
    """Everything of the JSON document but the points."""
    from deterrence.model.envelope import envelope
    from deterrence.model.numbers import number_text

    game = sweep.game
    return {
        **envelope(schema, game, as_float),
        "sweep": [{"parameter": sweep.range.name, "lo": number(sweep.range.lo, as_float),
                   "hi": number(sweep.range.hi, as_float), "steps": sweep.steps}],
        "exact": not as_float,
        "regimes": [r.to_json(game) for r in sweep.regimes],
        "intervals": [{"lo": number_text(i.lo), "hi": number_text(i.hi), "regime": i.regime,
                       "checked": i.checked} for i in sweep.intervals],
        "changes": [c.to_json(as_float) for c in sweep.changes],
        "checks": {"agree": sweep.checks[0], "total": sweep.checks[1]},
        "points": _HOLE,
        "warnings": list(sweep.warnings),
    }


# ---------------------------------------------------------------- deterrence.sweep/1


def _sorted(block: Block, k: int, game):
    """The equilibria of a block at its point ``k``, in the exact solver's order."""
    eqs = list(block.equilibria)
    mixed = [e for e in eqs if not entry(e.fields.get(("pure",), True), k)]
    if len(mixed) < 2 or any(e.order is None for e in eqs):
        return eqs
    x = block_value(block, k)

    def key(e):
        return (not e.fields[("pure",)], tuple(-p(x) for s in e.order for p in s))

    return sorted(eqs, key=key)


def block_value(block: Block, k: int):
    from deterrence.model.expr import to_fraction

    v = block.values[k]
    return to_fraction(v) if isinstance(v, str) else v


def full_points(block: Block, game, as_float: bool) -> Iterator[dict[str, Any]]:
    """The ``deterrence.sweep/1`` point objects of a block."""
    for k in range(len(block)):
        if block.objects is not None:
            equilibria = [eq.to_json(game, as_float) for eq in block.objects[k]]
        else:
            equilibria = [e.at(k) for e in _sorted(block, k, game)]
        yield {"value": block.values[k], "regime": block.regime, "change": block.change and k == 0,
               "equilibria": equilibria}


def _indented(item: dict, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in json.dumps(item, indent=2, ensure_ascii=False).split("\n"))


def _chunk_text(sweep, form: str, as_float: bool, start: int, stop: int) -> str:
    """The text of grid points ``start..stop-1`` in one form (items joined, no outer separator)."""
    game = sweep.game
    exact = not as_float
    if form == "full":
        return ",\n".join(_indented(point) for block in sweep.blocks(start, stop, exact, True)
                           for point in full_points(block, game, as_float))
    if form == "columns":
        return ",\n".join("      " + json.dumps(column_block(block, game, as_float), ensure_ascii=False,
                                                separators=(",", ":"))
                           for block in sweep.blocks(start, stop, exact))
    import io

    buffer = io.StringIO()
    _rows(sweep, csv.writer(buffer, delimiter=form, lineterminator="\n"), as_float, start, stop)
    return buffer.getvalue()


def chunk_texts(sweep, form: str, as_float: bool, progress=None, chunk: int = CHUNK,
                client=None) -> Iterator[str]:
    """The text of every chunk, in order: computed here, or on a Dask cluster (``client``),
    a few chunks at a time so that memory stays bounded."""
    spans = [(a, min(sweep.steps, a + chunk)) for a in range(0, sweep.steps, chunk)]
    if client is None:
        texts = (_chunk_text(sweep, form, as_float, a, b) for a, b in spans)
    else:
        from deterrence.parametric.distributed import ordered_map

        texts = ordered_map(client, _chunk_text, [(sweep, form, as_float, a, b) for a, b in spans])
    for (a, b), text in zip(spans, texts):
        yield text
        if progress:
            progress(b, sweep.steps, "writing points")


def write_json(sweep, out: TextIO, as_float: bool = False, points: str = "full", progress=None,
               chunk: int = CHUNK, client=None) -> None:
    """Stream the ``--json`` document (``points``: ``"full"`` or ``"columns"``) to ``out``."""
    schema = SWEEP_SCHEMA if points == "full" else COLUMNS_SCHEMA
    text = json.dumps(header(sweep, as_float, schema), indent=2, ensure_ascii=False)
    before, after = text.split(json.dumps(_HOLE))
    out.write(before)
    first = True
    out.write("[" if points == "full" else '{\n    "count": %d,\n    "blocks": [' % sweep.steps)
    for piece in chunk_texts(sweep, points, as_float, progress, chunk, client):
        if piece:
            out.write(("\n" if first else ",\n") + piece)
            first = False
    if points == "full":
        out.write("]" if first else "\n  ]")
    else:
        out.write("]\n  }" if first else "\n    ]\n  }")
    out.write(after + "\n")


def sweep_document(sweep, as_float: bool = False, points: str = "full", progress=None) -> dict[str, Any]:
    """The whole ``--json`` document in memory (for small sweeps and the library)."""
    import io

    buffer = io.StringIO()
    write_json(sweep, buffer, as_float, points, progress)
    return json.loads(buffer.getvalue())


# ---------------------------------------------------------------- deterrence.sweep/2


def _key_json(game, key) -> dict[str, Any]:
    if key and isinstance(key[0], tuple):
        return {"supports": {p: [game.strategies[i][k] for k in s]
                             for i, (p, s) in enumerate(zip(game.players, key))}}
    return {"reached": list(key)}


def column_block(block: Block, game, as_float: bool) -> dict[str, Any]:
    """A block of the columnar document."""
    out: dict[str, Any] = {"start": block.start, "stop": block.stop, "regime": block.regime,
                           "change": block.change, "value": block.values}
    if block.objects is not None:
        out["equilibria"] = [eq.to_json(game, as_float) for eq in block.objects[0]]
        return out
    equilibria = []
    for e in block.equilibria:
        doc = _key_json(game, e.key)
        for path, col in e.fields.items():
            target = doc
            for name in path[:-1]:
                target = target.setdefault(name, {})
            target[path[-1]] = col
        equilibria.append(doc)
    out["equilibria"] = equilibria
    return out


# ---------------------------------------------------------------- CSV and TSV


def _slots(sweep) -> list[tuple]:
    """Every equilibrium (by support, or outcomes reached) that occurs, in order of appearance."""
    seen: dict[tuple, None] = {}
    for regime in sweep.regimes:
        for member in regime.members:
            seen.setdefault(member, None)
    return list(seen)


def _slot_label(game, key) -> str:
    if key and isinstance(key[0], tuple):
        text = support_label(game, key)
        return text if all(len(s) == 1 for s in key) else f"mixed {text}"
    return " / ".join(str(k) for k in key) or "(nothing)"


def _slot_fields(sweep, key) -> list[tuple[tuple, str]]:
    """``(JSON path, column name)`` of each field of one slot."""
    game = sweep.game
    label = _slot_label(game, key)
    if key and isinstance(key[0], tuple):
        out = [(("strategies", p, s), f"{label} | {p}: {s}")
               for i, p in enumerate(game.players) for s in game.strategies[i]]
        return out + [(("payoffs", p), f"{label} | {p} payoff") for p in game.players]
    out = [(("payoffs", p), f"{label} | {p} payoff") for p in game.players]
    out.append((("profile",), f"{label} | profile"))
    return out + [(("outcomes", o), f"{label} | P({o})") for o in key]


def _flatten(doc: dict, path: tuple):
    for name in path:
        if not isinstance(doc, dict) or name not in doc:
            return ""
        doc = doc[name]
    return doc


def _object_key(eq) -> tuple:
    from deterrence.parametric.regimes import support_key

    return support_key(eq)


def write_table(sweep, out: TextIO, separator: str = ",", as_float: bool = False, progress=None,
                chunk: int = CHUNK, client=None) -> None:
    """Stream one row per grid point (CSV, or TSV with ``separator="\\t"``)."""
    slots = _slots(sweep)
    fields = [_slot_fields(sweep, key) for key in slots]
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerow([sweep.range.name, "regime", "change"] + [name for f in fields for _, name in f])
    for text in chunk_texts(sweep, separator, as_float, progress, chunk, client):
        out.write(text)


def _rows(sweep, writer, as_float: bool, start: int, stop: int) -> None:
    game = sweep.game
    slots = _slots(sweep)
    fields = [_slot_fields(sweep, key) for key in slots]
    position = {key: k for k, key in enumerate(slots)}
    for block in sweep.blocks(start, stop, not as_float):
        if block.objects is None:
            columns = {position.get(e.key): e for e in block.equilibria}
            rows = []
            for k in range(len(block)):
                row = [block.values[k], block.regime, block.change and k == 0]
                for s, f in enumerate(fields):
                    e = columns.get(s)
                    row += [entry(e.fields.get(path, ""), k) if e is not None else "" for path, _ in f]
                rows.append(row)
            writer.writerows(rows)
            continue
        docs = {}
        for eq in block.objects[0]:
            doc = eq.to_json(game, as_float)
            doc.setdefault("profile", eq.label(game))
            docs.setdefault(position.get(_object_key(eq)), doc)
        row = [block.values[0], block.regime, block.change]
        for s, f in enumerate(fields):
            doc = docs.get(s)
            row += [_flatten(doc, path) if doc is not None else "" for path, _ in f]
        writer.writerow(row)


__all__ = ["write_json", "write_table", "sweep_document", "chunks", "chunk_texts", "column_block", "full_points",
           "CHUNK", "SWEEP_SCHEMA", "COLUMNS_SCHEMA"]
