"""Materialised results: the build stores the answers of the marked queries, and reading them gives exactly
what evaluating the query gives, on both backends; any other text or binding is evaluated live."""

import json

import pytest
from rdflib import Literal, URIRef

from balises.pipeline.derive import computed_tables, fixed_reads
from balises.query.cache import run_fixed, run_named
from balises.query.run import run_sparql
from balises.query.tables import (
    CHUNK,
    RESULTS_GRAPH,
    read_table,
    result_key,
    table_quads,
)
from balises.store import QueryOutcome
from balises.store.oxigraph import read_manifest

LIBRARY_MARKED = ["12-balise-cooccurrence", "13-balise-theme", "14-documents", "17-enjeux-overview", "22-territories",
                  "30-quote-bank", "31-source-documents", "33-projects-by-facets", "34-facet-values", "36-leaps",
                  "37-territory-map", "38-labels", "39-figures"]
#: The parameterless reads of the analysis, the labels and the quote search's facets, materialised like the marked
#: queries.
READS = fixed_reads()


def test_the_marked_queries_are_the_explorers_heavy_ones(library):
    assert sorted(s for s, q in library.items() if q.materialise) == LIBRARY_MARKED


def test_the_build_records_every_table_in_its_manifest(built, project_settings, library):
    recorded = read_manifest(project_settings.store)["materialised"]
    assert sorted(recorded) == sorted(LIBRARY_MARKED + list(READS) + list(computed_tables()))
    assert recorded["30-quote-bank"]["rows"] == 335


@pytest.mark.parametrize("slug", LIBRARY_MARKED)
def test_a_table_answers_exactly_what_the_query_answers(any_store, library, slug):
    query = library[slug]
    bindings = query.bindings({})
    table = read_table(any_store, result_key(query.text, bindings))
    assert table is not None, f"no materialised table for {slug}"
    live = run_sparql(any_store, query.text, bindings).outcome
    assert table.columns == live.columns
    assert [tuple(map(str, r)) for r in table.rows] == [tuple(map(str, r)) for r in live.rows]
    assert [tuple(type(v) for v in r) for r in table.rows] == [tuple(type(v) for v in r) for r in live.rows]
    answered = run_named(any_store, query)
    assert answered.rows == table.rows
    assert answered.records(short=True) == run_sparql(any_store, query.text, bindings).records(short=True)


def unordered(rows) -> list[tuple]:
    """Rows of plain values, each value's space-separated parts sorted (a GROUP_CONCAT's order is no engine's
    promise: the build's embedded store and the server may join them otherwise), in a stable order."""
    return sorted((tuple(None if v is None else " ".join(sorted(str(v).split(" "))) for v in row) for row in rows),
                  key=str)


@pytest.mark.parametrize("name", sorted(READS))
def test_the_analysis_reads_are_materialised_too(any_store, name):
    text = READS[name]
    assert read_table(any_store, result_key(text, {})) is not None
    live = run_sparql(any_store, text).outcome
    assert unordered(run_fixed(any_store, text)) == unordered(live.rows)


def test_another_binding_or_another_text_is_evaluated_live(store, library):
    query = library["22-territories"]
    communes = run_named(store, query, {"class": "bal:Commune"}).records(short=True)
    assert communes and {r["territory"] for r in communes} < {r["territory"] for r in run_named(store, query).records(short=True)}
    edited = query.text.replace("ORDER BY", "# edited\nORDER BY")
    assert read_table(store, result_key(edited, {})) is None


def test_the_tables_are_standard_rdf_in_their_own_graph(store):
    rows = run_sparql(store, f"""SELECT ?source ?extent (COUNT(?chunk) AS ?chunks) WHERE {{ GRAPH <{RESULTS_GRAPH}> {{
        ?table a prov:Entity ; dcterms:source ?source ; dcterms:extent ?extent . ?chunk dcterms:isPartOf ?table ;
        rdf:value ?json FILTER(DATATYPE(?json) = rdf:JSON) }} }} GROUP BY ?source ?extent ORDER BY ?source""").records()
    assert [r["source"] for r in rows] == sorted(LIBRARY_MARKED + list(READS) + list(computed_tables()))
    assert {r["source"]: int(r["extent"]) for r in rows}["30-quote-bank"] == 335


def test_large_answers_are_cut_in_chunks_of_sparql_json():
    rows = [(URIRef(f"https://example.org/{i}"), Literal(i), None) for i in range(CHUNK * 2 + 5)]
    quads = table_quads("t", "k" * 64, QueryOutcome(kind="select", columns=["a", "b", "c"], rows=rows), "2026-01-01T00:00:00Z")
    payloads = [json.loads(str(o)) for _, p, o, _ in quads if str(p).endswith("#value")]
    assert [len(p["results"]["bindings"]) for p in payloads] == [CHUNK, CHUNK, 5]
    assert payloads[0]["head"]["vars"] == ["a", "b", "c"]
    assert payloads[2]["results"]["bindings"][0] == {"a": {"type": "uri", "value": f"https://example.org/{CHUNK * 2}"},
                                                    "b": {"type": "literal", "value": str(CHUNK * 2),
                                                          "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}


def _keyed():
    from pathlib import Path

    from balises.query.library import load_library, reads

    found = {**load_library(Path(__file__).resolve().parents[2] / "queries"), **reads()}
    return sorted((name, q) for name, q in found.items() if q.key and q.materialise)


@pytest.mark.parametrize("name, query", _keyed(), ids=[name for name, _ in _keyed()])
def test_a_keyed_table_restricted_to_some_keys_gives_their_rows(store, name, query):
    """What an incremental build relies on (`# key:`, query/keys.py): the query run for a few values of its key
    answers exactly the rows of the whole answer that hold them (rows that tie in its ORDER BY may come in
    another order: the merge puts each where its ORDER BY does)."""
    from balises.query.binding import compose
    from balises.query.keys import restrict
    from balises.query.patterns import bound_before_optionals

    sparql = compose(query.text, query.bindings({}))
    whole = run_sparql(store, sparql).outcome
    at = whole.columns.index(query.key)
    values = list(dict.fromkeys(row[at] for row in whole.rows if row[at] is not None))
    assert len(values) >= 2, name
    some = values[:2] + values[len(values) // 2:len(values) // 2 + 1] + values[-2:]
    for optionals in {False, bound_before_optionals(sparql, query.key)}:
        restricted = run_sparql(store, restrict(sparql, query.key, some, optionals)).outcome
        expected = [row for row in whole.rows if row[at] in some]
        assert sorted(restricted.rows, key=str) == sorted(expected, key=str), (name, optionals)
