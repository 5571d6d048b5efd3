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
  where that equilibrium does not exist; ``true``/``false`` as the JSON writes them.

With ``as_float`` every form is computed exactly, as without it, and each
exact number is then written as the float nearest it: the float document has
the keys of the exact one. ``compact`` writes the JSON on one line.

Example
-------
>>> import io
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> from deterrence.parametric.sweep import sweep_one
>>> s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:3"), steps=3)
>>> out = io.StringIO(); write_table(s, out); print(out.getvalue().splitlines()[2])
2,2,true,1,0,1,0,0,0,1,0,0,1,2,0,0,1,1,0,0,2,,,,,,
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

    game = sweep.game
    return {
        **envelope(schema, game, as_float),
        "sweep": [{"parameter": sweep.range.name, "lo": number(sweep.range.lo, as_float),
                   "hi": number(sweep.range.hi, as_float), "steps": sweep.steps}],
        "exact": not as_float,
        "regimes": [r.to_json(game) for r in sweep.regimes],
        "intervals": [{"lo": _bound(i.lo, as_float), "hi": _bound(i.hi, as_float), "regime": i.regime,
                       "checked": i.checked} for i in sweep.intervals],
        "changes": [c.to_json(as_float) for c in sweep.changes],
        "checks": {"agree": sweep.checks[0], "total": sweep.checks[1]},
        "points": _HOLE,
        "warnings": list(sweep.warnings),
    }


def _bound(value, as_float: bool):
    from deterrence.model.numbers import number_text, to_float

    return to_float(value) if as_float else number_text(value)


def _float(text):
    """The float nearest an exact number written ``"p/q"`` or ``"p"`` (anything else as it is)."""
    if not isinstance(text, str):
        return text
    num, _, den = text.partition("/")
    try:
        return int(num) / int(den) if den else float(int(num))
    except ValueError:
        return text


def _floats(col):
    return [_float(v) for v in col] if isinstance(col, list) else _float(col)


#: The fields of an equilibrium's columns that hold numbers (not ``pure``, ``component``,
#: a tree's ``profile``).
_NUMBERS = ("strategies", "payoffs", "outcomes")


def _as_float(block: Block) -> Block:
    """An exact block with its numbers as floats: the grid values, and each number field."""
    from dataclasses import replace

    if block.objects is not None:
        return replace(block, values=_floats(block.values))
    equilibria = [replace(e, fields={path: _floats(col) if path[0] in _NUMBERS else col
                                     for path, col in e.fields.items()}) for e in block.equilibria]
    return replace(block, values=_floats(block.values), equilibria=equilibria)


def written_blocks(sweep, start: int, stop: int, as_float: bool, detail: bool = False) -> Iterator[Block]:
    """The blocks of grid points ``start..stop-1`` as written: computed exactly (``--float``
    never changes how a point is solved), their numbers then floats if ``as_float``; the
    solver's equilibria in a block of one point write themselves (``to_json(game, as_float)``)."""
    for block in sweep.blocks(start, stop, True, detail):
        yield _as_float(block) if as_float else block


# ---------------------------------------------------------------- deterrence.sweep/1


def _sorted(block: Block, k: int):
    """The equilibria of a block at its point ``k``, in the exact solver's order: by their
    components where the back end numbered them (a matrix game's isolated equilibria)."""
    eqs = list(block.equilibria)
    if eqs and all(("component",) in e.fields for e in eqs):
        return sorted(eqs, key=lambda e: entry(e.fields[("component",)], k))
    return eqs


def full_points(block: Block, game, as_float: bool) -> Iterator[dict[str, Any]]:
    """The ``deterrence.sweep/1`` point objects of a block."""
    for k in range(len(block)):
        if block.objects is not None:
            equilibria = [eq.to_json(game, as_float) for eq in block.objects[k]]
        else:
            equilibria = [e.at(k) for e in _sorted(block, k)]
        yield {"value": block.values[k], "regime": block.regime, "change": block.change and k == 0,
               "equilibria": equilibria}


def _indented(item: dict, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in json.dumps(item, indent=2, ensure_ascii=False).split("\n"))


def _one_line(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _chunk_text(sweep, form: str, as_float: bool, start: int, stop: int, compact: bool = False) -> str:
    """The text of grid points ``start..stop-1`` in one form (items joined, no outer separator;
    ``compact``: JSON items on one line, joined by commas alone)."""
    game = sweep.game
    join = "," if compact else ",\n"
    if form == "full":
        write = _one_line if compact else _indented
        return join.join(write(point) for block in written_blocks(sweep, start, stop, as_float, True)
                         for point in full_points(block, game, as_float))
    if form == "columns":
        indent = "" if compact else "      "
        return join.join(indent + _one_line(column_block(block, game, as_float))
                         for block in written_blocks(sweep, start, stop, as_float))
    import io

    buffer = io.StringIO()
    _rows(sweep, csv.writer(buffer, delimiter=form, lineterminator="\n"), as_float, start, stop)
    return buffer.getvalue()


def chunk_texts(sweep, form: str, as_float: bool, progress=None, chunk: int = CHUNK,
                client=None, compact: bool = False) -> Iterator[str]:
    """The text of every chunk, in order: computed here, or on a Dask cluster (``client``),
    a few chunks at a time so that memory stays bounded."""
    spans = [(a, min(sweep.steps, a + chunk)) for a in range(0, sweep.steps, chunk)]
    if client is None:
        texts = (_chunk_text(sweep, form, as_float, a, b, compact) for a, b in spans)
    else:
        from deterrence.parametric.distributed import ordered_map

        texts = ordered_map(client, _chunk_text, [(sweep, form, as_float, a, b, compact) for a, b in spans])
    for (a, b), text in zip(spans, texts):
        yield text
        if progress:
            progress(b, sweep.steps, "writing points")


def write_json(sweep, out: TextIO, as_float: bool = False, points: str = "full", progress=None,
               chunk: int = CHUNK, client=None, compact: bool = False) -> None:
    """Stream the ``--json`` document (``points``: ``"full"`` or ``"columns"``) to ``out``:
    a point (or a block) per line, or with ``compact`` the whole document on one line."""
    from deterrence.model.display import escape_unsafe

    schema = SWEEP_SCHEMA if points == "full" else COLUMNS_SCHEMA
    document = header(sweep, as_float, schema)
    text = _one_line(document) if compact else json.dumps(document, indent=2, ensure_ascii=False)
    before, after = escape_unsafe(text).split(json.dumps(_HOLE))
    out.write(before)
    first = True
    if compact:
        out.write("[" if points == "full" else '{"count":%d,"blocks":[' % sweep.steps)
        lead, between, close = "", ",", ("]" if points == "full" else "]}")
    else:
        out.write("[" if points == "full" else '{\n    "count": %d,\n    "blocks": [' % sweep.steps)
        lead, between, close = "\n", ",\n", ("\n  ]" if points == "full" else "\n    ]\n  }")
    for piece in chunk_texts(sweep, points, as_float, progress, chunk, client, compact):
        if piece:
            out.write((lead if first else between) + escape_unsafe(piece))
            first = False
    if first:
        out.write("]" if points == "full" else ("]}" if compact else "]\n  }"))
    else:
        out.write(close)
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


def _cell(value):
    """A CSV cell: booleans as the JSON writes them (``true``/``false``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _rows(sweep, writer, as_float: bool, start: int, stop: int) -> None:
    game = sweep.game
    slots = _slots(sweep)
    fields = [_slot_fields(sweep, key) for key in slots]
    position = {key: k for k, key in enumerate(slots)}
    for block in written_blocks(sweep, start, stop, as_float):
        if block.objects is None:
            columns = {position.get(e.key): e for e in block.equilibria}
            rows = []
            for k in range(len(block)):
                row = [block.values[k], block.regime, _cell(block.change and k == 0)]
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
        row = [block.values[0], block.regime, _cell(block.change)]
        for s, f in enumerate(fields):
            doc = docs.get(s)
            row += [_cell(_flatten(doc, path)) if doc is not None else "" for path, _ in f]
        writer.writerow(row)


__all__ = ["write_json", "write_table", "sweep_document", "chunks", "chunk_texts", "column_block", "full_points",
           "written_blocks",
           "CHUNK", "SWEEP_SCHEMA", "COLUMNS_SCHEMA"]
