"""Running SPARQL: a text with its parameters bound (run_sparql), a query for a list of IRIs (rows_for), and a
user's own query in a child process (run_user_query, export_user_query)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Mapping

from rdflib import URIRef
from rdflib.term import Identifier

from ..errors import QueryError
from ..rdf.sparql_text import mark_concatenations, refuse_unsafe
from ..store import GraphStore, QueryOutcome, isolated, open_store
from .binding import bind_rows, compose, prologue, user_lines
from .results import PagedResult, QueryResult, in_order


def run_sparql(store: GraphStore, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
    """Run SPARQL text with its parameters bound and the PREFIX lines it lacks (compose); updates, LOAD and
    SERVICE are refused (refuse_unsafe). Concatenated values come in one order on every engine (query_in_order)."""
    refuse_unsafe(sparql)
    bound = dict(bindings or {})
    try:
        outcome = query_in_order(store, compose(sparql, bound))
    except QueryError as exc:
        raise QueryError(user_lines(str(exc), sparql)) from exc
    return QueryResult(outcome, query=sparql, bindings=bound)


def query_in_order(store: GraphStore, sparql: str) -> QueryOutcome:
    """The store's answer to the query, each GROUP_CONCAT that is a column of the answer with its parts sorted
    (rdf.sparql_text.mark_concatenations, results.in_order): SPARQL gives them in no order, and engines differ.
    The library's and the build's queries are read this way; a user's own query gets the engine's answer as
    it is (run_user_query)."""
    marked, separators = mark_concatenations(sparql)
    return in_order(store.query(marked), separators)


def run_user_query(settings, sparql: str, bindings: Mapping[str, Identifier] | None = None,
                   head: int | None = None) -> PagedResult:
    """A user's own query (the console, a .rq file of theirs): refused if unsafe, then run in a child process
    (isolated.py) on the embedded store, so that an engine crash, a runaway or a memory blow-up is a QueryError
    here. Against a remote endpoint (BALISES_ENDPOINT) the engine is already in another process: run directly."""
    refuse_unsafe(sparql)
    bound = dict(bindings or {})
    head = isolated.HEAD_ROWS if head is None else head
    started = time.monotonic()
    if settings.endpoint:

        full = run_sparql(open_store(settings), sparql, bound)
        rows = full.outcome.rows if full.outcome.kind == "select" else full.outcome.triples
        outcome = QueryOutcome(kind=full.outcome.kind, columns=full.outcome.columns, rows=full.outcome.rows[:head],
                               boolean=full.outcome.boolean, triples=full.outcome.triples[:head])
        return PagedResult(outcome, sparql, bound, counted=len(rows) if outcome.kind != "ask" else 1,
                           seconds=time.monotonic() - started)
    try:
        answer = isolated.run_isolated(isolated.Request(settings, compose(sparql, bound), head=head))
    except QueryError as exc:
        raise QueryError(user_lines(str(exc), sparql)) from exc
    return PagedResult(answer.outcome, sparql, bound, counted=answer.counted, more=answer.more,
                       seconds=answer.seconds)


def export_user_query(settings, sparql: str, fmt: str, path: str | None = None,
                      bindings: Mapping[str, Identifier] | None = None, stdout=None):
    """A user's own query written whole in a standard format (csv, tsv, json, xml; N-Triples for a graph), by the
    engine, streamed to `path` (or standard output), in a child process as `run_user_query`; returns the child's
    answer (bytes written, complete or cut at isolated.EXPORT_MAX_BYTES)."""
    refuse_unsafe(sparql)
    text = compose(sparql, bindings)
    if settings.endpoint:

        result = QueryResult(open_store(settings).query(text), sparql)
        data = (result.to_json() if fmt == "json" else result.to_csv()).encode("utf-8")
        if path:
            Path(path).write_bytes(data)
        else:
            (stdout or sys.stdout.buffer).write(data)
        return isolated.Answer(written=len(data))
    try:
        return isolated.run_isolated(isolated.Request(settings, text, mode="export", export_format=fmt,
                                                      export_path=path), stdout=stdout)
    except QueryError as exc:
        raise QueryError(user_lines(str(exc), sparql)) from exc


def rows_for(store: GraphStore, sparql: str, name: str, iris, batch: int = 2000) -> tuple[list[str], list[tuple]]:
    """The query answered for each of these IRIs bound to ?name (a VALUES block of IRI terms per batch): its
    columns and its rows as plain strings. No IRI, no query."""
    columns: list[str] = []
    rows: list[tuple] = []
    ordered = list(iris)
    for start in range(0, len(ordered), batch):
        terms = [(URIRef(i),) for i in ordered[start:start + batch]]
        result = QueryResult(query_in_order(store, prologue(sparql) + bind_rows(sparql, [name], terms)))
        columns, rows = result.columns, rows + result.plain_rows()
    return columns, rows


