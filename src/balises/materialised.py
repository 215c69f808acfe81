"""Materialised results: the answers of the heavy library queries, computed at build time and kept in the store.

A query whose header says `# materialise: yes` is run by the build on the new store, with its default
parameters, and its answer is written into the named graph `graphe:resultats` as SPARQL 1.1 Query
Results JSON (`application/sparql-results+json`), cut into chunks of `CHUNK` rows:

    <https://w3id.org/balises/resultat/30-quote-bank-1a2b3c4d5e6f> a prov:Entity ;
        dcterms:identifier "<sha256 of the query text and its bindings>" ;
        dcterms:source "30-quote-bank" ; dcterms:extent 78261 ; prov:wasGeneratedBy <the build> .
    [] dcterms:isPartOf <...> ; schema:position 0 ; rdf:value "{...}"^^rdf:JSON .

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

import functools
import hashlib
import time
import weakref
from typing import Callable, Iterable, Iterator, Mapping

import orjson
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Identifier

from .namespaces import BASE, GRAPH, SCHEMA
from .store import GraphStore, QueryOutcome

RESULTS_GRAPH = GRAPH["resultats"]
RESULT = BASE + "resultat/"
CHUNK = 2000

_READ = f"""SELECT ?position ?json WHERE {{
  GRAPH <{RESULTS_GRAPH}> {{
    ?table <{DCTERMS.identifier}> ?key .
    ?chunk <{DCTERMS.isPartOf}> ?table ; <{SCHEMA.position}> ?position ; <{RDF.value}> ?json .
  }}
}}"""


_CHUNKS = f"""SELECT ?chunk ?position WHERE {{
  GRAPH <{RESULTS_GRAPH}> {{ ?table <{DCTERMS.identifier}> ?key . ?chunk <{DCTERMS.isPartOf}> ?table ; <{SCHEMA.position}> ?position }}
}}"""


def result_key(text: str, bindings: Mapping[str, Identifier]) -> str:
    """What a materialised table answers: the query text and its bound terms, hashed."""
    from .querying import term_sparql

    bound = "\n".join(f"?{k} = {term_sparql(v)}" for k, v in sorted(bindings.items()) if v is not None)
    return hashlib.sha256(f"{text}\n--\n{bound}".encode("utf-8")).hexdigest()


def table_quads(slug: str, key: str, outcome: QueryOutcome, created: str) -> list[tuple]:
    """The quads of one materialised table (rdflib terms, in the results graph)."""
    from .querying import json_term

    table = URIRef(f"{RESULT}{slug}-{key[:12]}")
    g = RESULTS_GRAPH
    quads = [(table, RDF.type, PROV.Entity, g), (table, DCTERMS.identifier, Literal(key), g),
             (table, DCTERMS.source, Literal(slug), g), (table, DCTERMS.created, Literal(created, datatype=XSD.dateTime), g),
             (table, DCTERMS.extent, Literal(len(outcome.rows)), g)]
    columns = outcome.columns
    for position, start in enumerate(range(0, max(len(outcome.rows), 1), CHUNK)):
        rows = outcome.rows[start:start + CHUNK]
        bindings = [{c: json_term(v) for c, v in zip(columns, row) if v is not None} for row in rows]
        payload = orjson.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}).decode("utf-8")
        chunk = URIRef(f"{table}/{position}")
        quads += [(chunk, DCTERMS.isPartOf, table, g), (chunk, SCHEMA.position, Literal(position), g),
                  (chunk, RDF.value, Literal(payload, datatype=RDF.JSON), g)]
    return quads


def fixed_reads() -> dict[str, str]:
    """The parameterless reads of the analysis (network, analogous cases), of the explorer's labels and of the
    class counts, by name: materialised like the marked library queries."""
    from . import labels, stats
    from .analysis import analogues, facts

    return {**facts.READS, **analogues.READS, **labels.READS, **stats.READS}


def computed_tables() -> dict[str, tuple[str, Callable]]:
    """The tables the build computes in Python, by name: (layout, function of a store giving `(iri, record)`
    rows). The layout names what a record holds; it is part of the table's key and of the build's input hash."""
    from .analysis import analogues

    return dict(analogues.COMPUTED)


def _computed_key(name: str, layout: str) -> str:
    return result_key(f"computed {name}\n{layout}", {})


def compute_tables(store: GraphStore, report: Callable[[str, float, int], None] | None = None) -> Iterable[list[tuple]]:
    """Compute every table of `computed_tables()` on the new store (after the tables they read); yield each
    table's quads."""
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for name, (layout, compute) in computed_tables().items():
        started = time.perf_counter()
        rows = [(URIRef(iri), Literal(orjson.dumps(record).decode("utf-8"))) for iri, record in compute(store)]
        yield table_quads(name, _computed_key(name, layout), QueryOutcome(kind="select", columns=["s", "json"], rows=rows),
                          created)
        if report:
            report(name, time.perf_counter() - started, len(rows))


def read_computed(store: GraphStore, name: str) -> list[tuple[str, dict]] | None:
    """The `(iri, record)` rows of the computed table `name`, in the order they were computed, or None when the
    store holds none of this layout."""
    found = read_cells(store, _computed_key(name, computed_tables()[name][0]))
    if found is None:
        return None
    return [(cell["s"]["value"], orjson.loads(cell["json"]["value"])) for cell in found[1]]


def materialise(store: GraphStore, library: Mapping, report: Callable[[str, float, int], None] | None = None,
                reads: Mapping[str, str] | None = None) -> Iterable[list[tuple]]:
    """Run every library query marked `materialise: yes` with its default bindings, and every fixed read of
    the analysis; yield each table's quads (one table at a time in memory)."""
    from .querying import run_sparql

    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    jobs = [(q.slug, q.text, q.bindings({})) for q in library.values() if q.materialise]
    jobs += [(name, text, {}) for name, text in (fixed_reads() if reads is None else reads).items()]
    for name, text, bindings in jobs:
        started = time.perf_counter()
        result = run_sparql(store, text, bindings)
        if result.outcome.kind != "select" or any(isinstance(v, BNode) for row in result.rows for v in row):
            continue  # blank nodes would not keep their identity across a table: answered live
        yield table_quads(name, result_key(text, bindings), result.outcome, created)
        if report:
            report(name, time.perf_counter() - started, len(result.rows))


def per_store(func):
    """Compute `func(store)` once per store object (the store a process opened does not change under it)."""
    memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def once(store):
        try:
            return memo[store]
        except (KeyError, TypeError):
            value = func(store)
        try:
            memo[store] = value
        except TypeError:
            pass
        return value

    return once


def answer(store: GraphStore, text: str, bindings: Mapping[str, Identifier] | None = None):
    """The result of `text` with `bindings`: from its materialised table when the store has one for exactly
    these, else evaluated."""
    from .querying import TableResult, run_sparql

    bound = {k: v for k, v in (bindings or {}).items() if v is not None}
    found = read_cells(store, result_key(text, bound))
    return TableResult(*found, query=text, bindings=bound) if found is not None else run_sparql(store, text, bound)


def run_fixed(store: GraphStore, text: str) -> list[tuple[str | None, ...]]:
    """A parameterless read, as rows of plain strings (IRIs in full, None where unbound), answered as `answer` does."""
    return answer(store, text).plain_rows()


class _Decoder:
    """SPARQL JSON terms -> rdflib terms, the repeated ones (IRIs, labels, numbers) built once."""

    def __init__(self):
        self.memo: dict[tuple, Identifier] = {}

    def __call__(self, cell: dict | None) -> Identifier | None:
        if cell is None:
            return None
        kind, value = cell["type"], cell["value"]
        lang, datatype = cell.get("xml:lang"), cell.get("datatype")
        if kind == "literal" and not lang and not datatype and len(value) > 120:
            return Literal(value)  # long texts (quotes) are unique: no memo
        key = (kind, value, lang, datatype)
        term = self.memo.get(key)
        if term is None:
            if kind == "uri":
                term = URIRef(value)
            elif kind == "bnode":
                term = BNode(value)
            else:
                term = Literal(value, lang=lang, datatype=URIRef(datatype) if datatype else None)
            self.memo[key] = term
        return term


def table_query(key: str) -> str:
    """The SPARQL that reads the chunks of the table stored under `key` (what the query layer asks a store or an
    endpoint for a materialised answer)."""
    from .querying import bind_values

    return bind_values(_READ, {"key": Literal(key)})


def read_cells(store: GraphStore, key: str) -> tuple[list[str], list[dict]] | None:
    """The columns and SPARQL JSON bindings of the table stored under `key`, or None when there is none."""
    chunks = store.query(table_query(key))
    if not chunks.rows:
        return None
    columns: list[str] = []
    cells: list[dict] = []
    for _, payload in sorted(chunks.rows, key=lambda r: int(r[0])):
        data = orjson.loads(str(payload))
        columns = data["head"]["vars"]
        cells += data["results"]["bindings"]
    return columns, cells


def read_chunks(store: GraphStore, key: str) -> Iterator[list[dict]]:
    """The SPARQL JSON bindings of the table stored under `key`, one chunk at a time, in order (a national
    table is never all in memory)."""
    from .querying import bind_values

    found = store.query(bind_values(_CHUNKS, {"key": Literal(key)}))
    for chunk, _ in sorted(found.rows, key=lambda r: int(r[1])):
        payload = store.query(f"SELECT ?json WHERE {{ GRAPH <{RESULTS_GRAPH}> {{ <{chunk}> <{RDF.value}> ?json }} }}").rows
        if payload:
            yield orjson.loads(str(payload[0][0]))["results"]["bindings"]


def decode_rows(columns: list[str], cells: list[dict]) -> list[tuple]:
    """SPARQL JSON bindings -> rows of rdflib terms."""
    decode = _Decoder()
    return [tuple(decode(b.get(c)) for c in columns) for b in cells]


def read_table(store: GraphStore, key: str) -> QueryOutcome | None:
    """The materialised answer stored under `key` as rdflib terms, or None when the store holds none."""
    found = read_cells(store, key)
    if found is None:
        return None
    return QueryOutcome(kind="select", columns=found[0], rows=decode_rows(*found))


__all__ = ["CHUNK", "RESULTS_GRAPH", "answer", "compute_tables", "computed_tables", "fixed_reads", "materialise", "per_store",
           "read_cells", "read_chunks", "read_computed", "read_table", "result_key", "run_fixed", "table_query",
           "table_quads"]
