"""The query layer: headers read, parameters bound as RDF terms, hostile text kept as plain values."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Literal, URIRef

from balises.errors import QueryError
from balises.query.binding import make_term
from balises.query.cache import run_named
from balises.query.run import run_sparql
from balises.rdf.search_terms import MAX_SEARCH

HOSTILE = [
    '"', "'", '"""', "}", "{", "} ; DROP ALL ; {", '" } ; DROP ALL ; SELECT * { "',
    "?s ?p ?o", "<http://evil/>", "\\", "\\u0022", "# comment", "x" * 20000,
    "ü é ß 中文 🚀", "\u0000", "\n", "%", ") || true || (",
]


def test_every_query_parses_and_runs(library, store):
    for q in library.values():
        result = run_named(store, q)
        assert result.columns, q.slug


def test_unknown_parameter_is_refused(library, store):
    with pytest.raises(QueryError, match="has no parameter"):
        run_named(store, library["01-territory-profile"], {"nope": "x"})


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_reaches_the_store_unchanged(store, text):
    for term in (Literal(text), Literal(text, lang="fr")):
        result = run_sparql(store, "SELECT ?v WHERE { BIND(?x AS ?v) }", {"x": term})
        assert result.rows == [(term,)]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_a_plain_value(library, store, text):
    search = library["03-search-quotes"]
    if len(text) > MAX_SEARCH:
        with pytest.raises(QueryError, match="too long"):
            run_named(store, search, {"text": text})
    else:
        result = run_named(store, search, {"text": text})
        terms = make_term("search", text)  # the words, folded: nothing but letters, digits, spaces (and a final *)
        assert result.bindings["text"] == (terms or None)
        assert all(isinstance(t, Literal) and re.fullmatch(r"[\w ]+\*?", str(t)) for t in terms)
        assert isinstance(result.rows, list)  # ran as a query; matched the folded words only
    for q in library.values():
        for p in q.params:
            if p.type == "string":
                run_named(store, q, {p.name: text})
            elif p.type == "iri":
                try:
                    bound = run_named(store, q, {p.name: text}).bindings.get(p.name)
                except QueryError:
                    continue
                assert bound is None or isinstance(bound, URIRef)  # a well-formed IRI, bound as a term


def test_updates_are_refused(store):
    for update in ["DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }", "  delete where { ?s ?p ?o }",
                   "CLEAR DEFAULT", "LOAD <http://example.org/x>"]:
        with pytest.raises(QueryError, match="read-only"):
            run_sparql(store, update)
    # words inside strings or IRIs are not updates
    assert run_sparql(store, 'ASK { FILTER("DROP ALL" != "") }').outcome.boolean


def test_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        run_sparql(store, "SELECT ?x WHERE { ?x ")


def test_formats(library, store):
    result = run_named(store, library["01-territory-profile"], {"territory": "ter:lomme"})
    assert result.to_csv().splitlines()[0].startswith("territory,label,kind")
    data = json.loads(result.to_json())
    assert data["head"]["vars"][0] == "territory"
    assert data["results"]["bindings"][0]["territory"]["value"].endswith("/territoire/lomme")
    assert "ter:lomme" in result.to_table()
    # a cut cell is marked, and the table says how to get it whole
    table = result.to_table()
    programmes = result.records()[0]["programmes"]
    assert len(programmes) > 60 and programmes not in table and "…" in table
    assert "--format csv or json for full cells" in table.splitlines()[-1]
    assert "…" not in result.to_table(width=10_000)
