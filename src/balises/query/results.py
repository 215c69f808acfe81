"""Query results: the rows of a SELECT (or the answer of an ASK, the triples of a CONSTRUCT) and their formats;
a materialised table's answer (kept as SPARQL JSON until rows are asked for); the first page of a user's query;
concatenated values put in one order whatever the engine (in_order)."""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from ..rdf.codec import decode_rows, to_json
from ..rdf.folding import fold_for_search
from ..rdf.namespaces import shorten
from ..rdf.sparql_text import PART_MARK
from ..store import QueryOutcome


def in_order(outcome: QueryOutcome, separators: dict[str, str]) -> QueryOutcome:
    """The answer with each concatenated column (`separators`: column -> the query's separator, from
    rdf.sparql_text.mark_concatenations) in one order on every engine: its parts, which the engine joined with
    PART_MARK, sorted as a French reader expects (case, accents and punctuation aside, then character by character)
    and joined with the query's separator, as a simple literal (SPARQL 1.1's GROUP_CONCAT gives one; Oxigraph keeps
    the parts' common language, Virtuoso does not). No part at all is no value (unbound): engines differ there
    too, an empty string for Virtuoso where a missing value makes Oxigraph's GROUP_CONCAT unbound."""
    places = {at: separators[c] for at, c in enumerate(outcome.columns) if c in separators}
    if outcome.kind != "select" or not places:
        return outcome
    rows = [tuple(_joined(v, places[at]) if at in places else v for at, v in enumerate(row)) for row in outcome.rows]
    return QueryOutcome(kind="select", columns=outcome.columns, rows=rows)


def _joined(value: Identifier | None, separator: str) -> Identifier | None:
    if value is None or str(value) == "":
        return None
    return joined(str(value).split(PART_MARK), separator)


def joined(parts: list[str], separator: str) -> Literal | None:
    """Concatenated parts as `in_order` gives them (sorted as a French reader expects, then character by character;
    a simple literal); no part, or one empty part, is no value."""
    if not parts or parts == [""]:
        return None
    return _literal(separator.join(sorted(parts, key=_part_order)) if len(parts) > 1 else parts[0])


#: The same concatenations come back in thousands of rows (a commune's territories): one literal each.
_literal = functools.lru_cache(maxsize=1 << 16)(Literal)


@functools.lru_cache(maxsize=1 << 16)
def _part_order(part: str) -> tuple[str, str]:
    """A part's place (the same IRIs come back in thousands of concatenations: folded once)."""
    return fold_for_search(part), part


@dataclass
class QueryResult:
    """Rows of a SELECT (or the answer of an ASK, the triples of a CONSTRUCT) with output formats."""

    outcome: QueryOutcome
    query: str = ""
    bindings: dict[str, Identifier] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        if self.outcome.kind == "ask":
            return ["answer"]
        if self.outcome.kind == "graph":
            return ["subject", "predicate", "object"]
        return self.outcome.columns

    @property
    def rows(self) -> list[tuple]:
        if self.outcome.kind == "ask":
            return [(Literal(self.outcome.boolean),)]
        if self.outcome.kind == "graph":
            return list(self.outcome.triples)
        return self.outcome.rows

    def records(self, short: bool = False) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs shortened to CURIEs when `short`)."""
        return [{c: _plain(v, short) for c, v in zip(self.columns, row)} for row in self.rows]

    def plain_rows(self) -> list[tuple[str | None, ...]]:
        """Rows as tuples of plain strings (IRIs in full, None where unbound): the analysis reads these."""
        return [tuple(None if v is None else str(v) for v in row) for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return out.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.outcome.kind == "ask":
            return json.dumps({"head": {}, "boolean": self.outcome.boolean})
        bindings = [{c: to_json(v) for c, v in zip(self.columns, row) if v is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)

    def to_table(self, width: int = 60) -> str:
        records = self.records(short=True)
        if not records:
            return "(no result)"
        cols = self.columns
        full = [[" ".join((r[c] or "").split()) for c in cols] for r in records]
        cut = any(len(v) > width for row in full for v in row)
        cells = [[v if len(v) <= width else v[:width - 1] + "…" for v in row] for row in full]
        widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
        line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        table = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
        if cut:
            table.append(f"(« … » : cellule coupée à {width} caractères ; --format csv ou json pour le texte entier / "
                         f"a cell cut at {width} characters: use --format csv or json for full cells)")
        return "\n".join(table)


class TableResult(QueryResult):
    """A materialised answer (see materialised.py): kept as SPARQL JSON bindings, turned into rdflib terms only
    when rows are asked for; records come straight from the JSON."""

    def __init__(self, columns: list[str], cells: list[dict], query: str = "",
                 bindings: dict[str, Identifier] | None = None):
        super().__init__(QueryOutcome(kind="select", columns=list(columns)), query=query, bindings=dict(bindings or {}))
        self._cells = cells
        self._decoded = False

    @property
    def rows(self) -> list[tuple]:
        if not self._decoded:
            self.outcome.rows = decode_rows(self.outcome.columns, self._cells)
            self._decoded = True
        return self.outcome.rows

    def plain_rows(self) -> list[tuple[str | None, ...]]:
        columns = self.outcome.columns
        return [tuple(cell["value"] if (cell := b.get(c)) is not None else None for c in columns) for b in self._cells]

    def records(self, short: bool = False) -> list[dict[str, str | None]]:
        columns = self.outcome.columns
        out = []
        for b in self._cells:
            record = {}
            for c in columns:
                cell = b.get(c)
                if cell is None:
                    record[c] = None
                elif short and cell["type"] == "uri":
                    record[c] = shorten(cell["value"])
                else:
                    record[c] = cell["value"]
            out.append(record)
        return out


def _plain(term, short: bool) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef) and short:
        return shorten(str(term))
    return str(term)


@dataclass
class PagedResult(QueryResult):
    """The first page of a user's query (at most `isolated.HEAD_ROWS` rows), with how many rows it has in all
    (counted up to `isolated.COUNT_LIMIT`; `more` when there are more still)."""

    counted: int = 0
    more: bool = False
    seconds: float = 0.0

    @property
    def truncated(self) -> bool:
        return self.more or self.counted > len(self.rows)


