"""Materialised results: the answers of the heavy library queries, computed at build time and kept in the store.

A query whose header says `# materialise: yes` is run by the build on the new store, with its default
parameters, and its answer is written into the named graph `graphe:resultats` as SPARQL 1.1 Query
Results JSON (`application/sparql-results+json`), cut into chunks of `CHUNK` rows:

    <https://w3id.org/balises/resultat/30-quote-bank-1a2b3c4d5e6f> a prov:Entity ;
        dcterms:identifier "<sha256 of the query text and its bindings>" ;
        dcterms:source "30-quote-bank" ; dcterms:extent 78261 ; prov:wasGeneratedBy <the build> .
    [] dcterms:isPartOf <...> ; schema:position 0 ; rdf:value "{...}"^^rdf:JSON ;
        dcterms:identifier "sha1:<of the JSON text>" .

The query layer (`run_named`) reads that table instead of evaluating the query when the text and the
bindings are the ones it was computed for (the key); any other text or binding is evaluated live, and so
is every query typed in the SPARQL console. The table is built in the same store as the data it was
computed from, so it can never describe another state of the graph. Only standard terms (PROV, Dublin
Core, schema.org, RDF's JSON datatype): any SPARQL 1.1 endpoint serving the store serves the tables.

A *computed* table holds what the analysis computes in Python from those reads (the features the analogous
cases compare, say): columns `s` (the entity's IRI) and `json` (its record as a JSON object), keyed by the
table's name and layout. It is written by the build after the tables it is computed from, and read back the
same way; a store without it (or with another layout) is computed live by the same function.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
from typing import Any, Callable, Mapping

import orjson
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Identifier

from ..rdf.codec import decode_rows, to_json
from ..rdf.namespaces import BASE, GRAPH, SCHEMA
from ..store import GraphStore, QueryOutcome
from .binding import compose, values_sparql
from .library import read

RESULTS_GRAPH = GRAPH["resultats"]
RESULT = BASE + "resultat/"
CHUNK = 2000

def result_key(text: str, bindings: Mapping[str, Identifier]) -> str:
    """What a materialised table answers: the query text and its bound terms, hashed."""

    bound = "\n".join(f"?{k} = {'UNDEF' if v is None else values_sparql(v)}" for k, v in sorted(bindings.items()))
    return hashlib.sha256(f"{text}\n--\n{bound}".encode("utf-8")).hexdigest()


def table_iri(slug: str, key: str) -> URIRef:
    """The IRI of the table `slug` computed under `key`."""
    return URIRef(f"{RESULT}{slug}-{key[:12]}")


def table_subjects(store, slug: str, key: str) -> list[URIRef]:
    """The table's IRI and its chunks' (what the results graph says of it), to remove it from a store."""
    table = table_iri(slug, key)
    return [table, *(s for s, _, _ in store.graph_pattern(RESULTS_GRAPH, None, DCTERMS.isPartOf, table))]


def table_quads(slug: str, key: str, outcome: QueryOutcome, created: str) -> list[tuple]:
    """The quads of one materialised table (rdflib terms, in the results graph)."""
    return cells_quads(slug, key, outcome.columns, answer_cells(outcome), created)


def answer_cells(outcome: QueryOutcome) -> list[dict]:
    """An answer's rows as SPARQL JSON bindings (an unbound cell left out)."""
    return [{c: to_json(v) for c, v in zip(outcome.columns, row) if v is not None} for row in outcome.rows]


def cells_quads(slug: str, key: str, columns: list[str], cells: list[dict], created: str) -> list[tuple]:
    """The quads of one materialised table given as SPARQL JSON bindings."""
    quads = _head_quads(slug, key, len(cells), created)
    for position, start in enumerate(range(0, max(len(cells), 1), CHUNK)):
        quads += _chunk_quads(table_iri(slug, key), position, columns, cells[start:start + CHUNK])
    return quads


def _head_quads(slug: str, key: str, rows: int, created: str) -> list[tuple]:
    table, g = table_iri(slug, key), RESULTS_GRAPH
    return [(table, RDF.type, PROV.Entity, g), (table, DCTERMS.identifier, Literal(key), g),
            (table, DCTERMS.source, Literal(slug), g), (table, DCTERMS.created, Literal(created, datatype=XSD.dateTime), g),
            (table, DCTERMS.extent, Literal(rows), g)]


def _chunk_quads(table: URIRef, position: int, columns: list[str], bindings: list[dict]) -> list[tuple]:
    payload = orjson.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}).decode("utf-8")
    chunk, g = URIRef(f"{table}/{position}"), RESULTS_GRAPH
    return [(chunk, DCTERMS.isPartOf, table, g), (chunk, SCHEMA.position, Literal(position), g),
            (chunk, RDF.value, Literal(payload, datatype=RDF.JSON), g),
            (chunk, DCTERMS.identifier, Literal(text_hash(payload)), g)]


def text_hash(text: str) -> str:
    """What names a chunk's text (its SHA-1), written beside it: a reader tells a chunk it holds a copy of
    without reading the text (query/plain.py)."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def computed_key(name: str, layout: str) -> str:
    """The key of the computed table `name` of this layout (what its records hold)."""
    return result_key(f"computed {name}\n{layout}", {})


def read_computed(store: GraphStore, name: str, layout: str) -> list[tuple[str, dict]] | None:
    """The `(iri, record)` rows of the computed table `name`, in the order they were computed, or None when the
    store holds none of this layout."""
    found = read_cells(store, computed_key(name, layout))
    if found is None:
        return None
    return [(cell["s"]["value"], orjson.loads(cell["json"]["value"])) for cell in found[1]]


def table_query(key: str) -> str:
    """The SPARQL that reads the chunks of the table stored under `key` (what the query layer asks a store or an
    endpoint for a materialised answer)."""
    return compose(read("tables-read"), {"key": Literal(key)})


def chunk_texts(store: GraphStore, key: str) -> list[str]:
    """The JSON texts of the chunks of the table stored under `key`, in order (none when there is no such table):
    the engine's own strings where the store gives them (raw_rows), not made into rdflib literals first (the
    keyed updates of a new sheet read ~300 MB of them at ~2M triples)."""
    return [text for _, text in sorted((int(position), text) for position, text in text_rows(store, table_query(key)))]


def chunk_hashes(store: GraphStore, key: str) -> list[tuple[int, str | None]]:
    """The positions of the chunks of the table stored under `key`, in order, each with the hash of its text
    (`text_hash`; None for a chunk written without one)."""
    return sorted((int(position), name or None)
                  for position, name in text_rows(store, compose(read("tables-hashes"), {"key": Literal(key)})))


def chunk_text(store: GraphStore, key: str, position: int) -> str | None:
    """The JSON text of one chunk of the table stored under `key`."""
    found = text_rows(store, compose(read("tables-chunk"), {"key": Literal(key), "position": Literal(position)}))
    return found[0][0] if found else None


def text_rows(store: GraphStore, sparql: str) -> list[tuple[str, ...]]:
    """A read's rows as the texts of their terms (SPARQL's STR(); None where unbound), from the engine's own terms
    where the store gives them."""
    if hasattr(store, "raw_rows"):
        return [tuple(None if term is None else term.value for term in row) for row in store.raw_rows(sparql)[0]]
    return [tuple(None if term is None else str(term) for term in row) for row in store.query(sparql).rows]


def read_cells(store: GraphStore, key: str) -> tuple[list[str], list[dict]] | None:
    """The columns and SPARQL JSON bindings of the table stored under `key`, or None when there is none."""
    texts = chunk_texts(store, key)
    if not texts:
        return None
    columns: list[str] = []
    cells: list[dict] = []
    for text in texts:
        data = orjson.loads(text)
        columns = data["head"]["vars"]
        cells += data["results"]["bindings"]
    return columns, cells


def read_table(store: GraphStore, key: str) -> QueryOutcome | None:
    """The materialised answer stored under `key` as rdflib terms, or None when the store holds none."""
    found = read_cells(store, key)
    if found is None:
        return None
    return QueryOutcome(kind="select", columns=found[0], rows=decode_rows(*found))


_NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                                   "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                   "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _order_key(cell: dict | None):
    """SPARQL's order of terms for one cell: unbound, blank nodes, IRIs, then literals (numbers by value)."""
    if cell is None:
        return (0,)
    kind = cell.get("type")
    if kind == "bnode":
        return (1, cell["value"])
    if kind == "uri":
        return (2, cell["value"])
    if cell.get("datatype") in _NUMERIC:
        try:
            return (3, 0, float(cell["value"]), "")
        except ValueError:
            pass
    return (3, 1, 0.0, cell["value"])


def merge_cells(cells: list[dict], new: list[dict], key: str, values: set[str],
                order: list[tuple[str, bool]] | None) -> list[dict]:
    """A keyed table's rows after a change: the rows of the `values` of `key` (their JSON `value`s) replaced by
    `new`, in the query's ORDER BY (`order`: (variable, descending) conditions; None: the query orders nothing,
    the new rows come last)."""
    kept = [c for c in cells if c.get(key, {}).get("value") not in values]
    if not order:
        return kept + new
    # the kept rows are in order already: each new row goes where a stable sort of them all would put it (after
    # the kept rows it ties with), found by bisection, so that only the new rows' sort keys are computed in full
    ordered = functools.partial(_Ordered, [descending for _, descending in order], [v for v, _ in order])
    merged, start = [], 0
    for row in sort_cells(new, order):
        at = bisect.bisect_right(kept, ordered(row), lo=start, key=ordered)
        merged += kept[start:at]
        merged.append(row)
        start = at
    return merged + kept[start:]


def revise_cells(store, slug: str, key: str, column: str, values: set[str], fresh: list[dict],
                 order: list[tuple[str, bool]], created: str, written: list | None = None) -> int | None:
    """Replace, in the stored table `slug` (under `key`), the rows of these `values` of its key `column` by `fresh`
    (SPARQL JSON bindings), rewriting only the chunks that held such a row or receive a fresh one (`order`: the
    query's ORDER BY, a fresh row going to the chunk whose range holds it; none: the last chunk): a chunk whose
    text names none of the values is neither parsed nor written again. The table's rows, or None when the store
    has none (recompute it). A chunk emptied or grown past twice `CHUNK` rows: the table rewritten whole.
    `written` receives each chunk rewritten: (the hash of its text, its columns, its cells)."""
    texts = chunk_texts(store, key)
    if not texts:
        return None
    wanted = {orjson.dumps(v).decode("utf-8") for v in values}
    touched: dict[int, list[dict]] = {at: [] for at, text in enumerate(texts)
                                      if not wanted.isdisjoint(_key_cells(text, column))}
    fresh = sort_cells(fresh, order)
    if order:
        ordered = functools.partial(_Ordered, [descending for _, descending in order], [v for v, _ in order])
        firsts = [ordered(_first_row(text)) for text in texts]
        for row in fresh:
            at = max(bisect.bisect_right(firsts, ordered(row)) - 1, 0)
            touched.setdefault(at, []).append(row)
    elif fresh:
        touched.setdefault(len(texts) - 1, []).extend(fresh)
    columns, chunks, grown = [], {}, 0
    for at, assigned in touched.items():
        data = orjson.loads(texts[at])
        columns, cells = data["head"]["vars"], data["results"]["bindings"]
        chunks[at] = merge_cells(cells, assigned, column, values, order)
        grown += len(chunks[at]) - len(cells)
    rows = table_rows(store, slug, key)
    if rows is None or any(not 0 < len(c) <= 2 * CHUNK for c in chunks.values()):  # the table rewritten whole
        parsed = {at: orjson.loads(text) for at, text in enumerate(texts) if at not in chunks}
        columns = columns or next(iter(parsed.values()))["head"]["vars"]
        cells = [c for at in range(len(texts))
                 for c in (chunks[at] if at in chunks else parsed[at]["results"]["bindings"])]
        store.drop_subjects(RESULTS_GRAPH, table_subjects(store, slug, key))
        store.add_quads(cells_quads(slug, key, columns, cells, created))
        return len(cells)
    table = table_iri(slug, key)
    store.drop_subjects(RESULTS_GRAPH, [table, *(URIRef(f"{table}/{at}") for at in chunks)])
    quads = _head_quads(slug, key, rows + grown, created)
    for at, cells in chunks.items():
        quads += (chunk := _chunk_quads(table, at, columns, cells))
        if written is not None:
            written.append((str(chunk[-1][2]), columns, cells))  # its hash, as _chunk_quads writes it last
    store.add_quads(quads)
    return rows + grown


def _key_cells(text: str, column: str) -> set[str]:
    """The values of a column in a chunk's JSON text, each as a JSON string, as cells_quads writes a cell (its type,
    then its value): split on the column's name rather than parsed (a regular expression took 2.7 s over the
    ~300 MB of a national graph's keyed tables, this 0.9 s)."""
    found = set()
    for part in text.split('"' + column + '":{"type":"')[1:]:
        start = part.find('"value":') + 8
        end = part.find('"', start + 1)
        while _escaped(part, end):
            end = part.find('"', end + 1)
        found.add(part[start:end + 1])
    return found


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    before = at - 1
    while text[before] == "\\":
        before -= 1
    return (at - 1 - before) % 2 == 1


def _first_row(text: str) -> dict:
    """The first row of a chunk's JSON, read alone (an empty chunk: no row, before any)."""
    start = text.find('"bindings":[') + len('"bindings":[')
    return {} if text.startswith("]", start) else json.JSONDecoder().raw_decode(text, start)[0]


def table_rows(store, slug: str, key: str) -> int | None:
    """The rows the stored table says it has (dcterms:extent), or None when the store has no such table."""
    found = [o for _, _, o in store.graph_pattern(RESULTS_GRAPH, table_iri(slug, key), DCTERMS.extent, None)]
    return int(found[0]) if len(found) == 1 else None


class _Ordered:
    """A row's place in an ORDER BY (its conditions' variables and directions), compared condition by
    condition."""

    __slots__ = ("descending", "cell", "variables", "keys")

    def __init__(self, descending: list[bool], variables: list[str], cell: dict):
        self.descending, self.cell, self.variables, self.keys = descending, cell, variables, {}

    def key(self, at: int):
        if at not in self.keys:
            self.keys[at] = _order_key(self.cell.get(self.variables[at]))
        return self.keys[at]

    def __lt__(self, other: "_Ordered") -> bool:
        for at, descending in enumerate(self.descending):
            mine, theirs = self.key(at), other.key(at)
            if mine != theirs:
                return mine > theirs if descending else mine < theirs
        return False


def sort_cells(cells: list, order: list[tuple[str, bool]] | None, cell: Callable[[Any], dict] = lambda c: c) -> list:
    """Rows in an ORDER BY's order (`order`: (variable, descending) conditions), ties left in the order they came;
    `cell` gives a row's SPARQL JSON bindings (the row itself by default), asked once per row: each row's sort
    keys are taken once, then one stable sort per condition, the last condition first."""
    if not order:
        return cells
    keyed = []
    for c in cells:
        bindings = cell(c)
        keyed.append((tuple(_order_key(bindings.get(variable)) for variable, _ in order), c))
    for at in reversed(range(len(order))):
        keyed.sort(key=lambda k: k[0][at], reverse=order[at][1])
    return [c for _, c in keyed]


__all__ = ["CHUNK", "answer_cells", "cells_quads", "chunk_hashes", "chunk_text", "chunk_texts", "text_hash", "text_rows", "merge_cells", "revise_cells", "table_rows", "sort_cells", "RESULTS_GRAPH", "computed_key", "table_iri", "table_subjects", "read_cells", "read_computed", "read_table",
           "result_key", "table_query", "table_quads"]
