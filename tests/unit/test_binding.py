"""Parameters as RDF terms, bound by a VALUES block of escaped terms: user text is only ever one term."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from balises.errors import QueryError
from balises.query.binding import bind_rows, bind_values, compose, make_term, user_lines
from balises.rdf.escape import term_sparql
from balises.rdf.namespaces import SPARQL_PREFIXES
from balises.rdf.sparql_text import mask

HOSTILE = ['"', "'", '"""', "}", "} ; DROP ALL ; {", '" } ; DROP ALL ; SELECT * { "', "\\", "\\u0022", "# x", "\n"]


def test_parameters_become_terms():
    assert make_term("iri", "ter:lomme") == URIRef("https://w3id.org/balises/territoire/lomme")
    assert make_term("string", '" } DROP ALL') == Literal('" } DROP ALL')
    assert make_term("integer", "12") == Literal(12, datatype=XSD.integer)
    assert make_term("boolean", "true") == Literal(True, datatype=XSD.boolean)
    for kind, text, message in [("iri", "} ; DROP ALL", "not an IRI"), ("iri", "ter:a b", "not an IRI"),
                                ("integer", "12; DROP", "not an integer"), ("decimal", "x", "not a number"),
                                ("boolean", "maybe", "not true or false"), ("lang", "fr-FR;", "language code")]:
        with pytest.raises(QueryError, match=message):
            make_term(kind, text)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_bound_text_is_one_literal(text):
    """Whatever it holds, a bound text adds no keyword, brace or IRI to the query: masked, the query with the
    parameter bound reads as the query with an empty string bound."""
    query = "SELECT ?s WHERE { ?s ?p ?text }"
    bound = bind_values(query, {"text": Literal(text)})
    empty = bind_values(query, {"text": Literal("")})
    assert " ".join(mask(bound).split()) == " ".join(mask(empty).split())


def test_an_iri_with_forbidden_characters_is_never_written():
    with pytest.raises(QueryError, match="not a valid IRI"):
        term_sparql(URIRef("http://x/a> } DROP ALL {"))


def test_values_open_the_where_group_and_rows_bind_together():
    text = bind_rows("SELECT ?a WHERE { ?a ?p ?o }", ["a"], [(URIRef("http://x/1"),), (URIRef("http://x/2"),)])
    assert "WHERE { VALUES (?a) { (<http://x/1>) (<http://x/2>) }  ?a ?p ?o }" in text
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        bind_rows("SELECT * WHERE { }", ["a b"], [(URIRef("http://x/1"),)])


def test_engine_lines_are_counted_in_the_users_text():
    lines = SPARQL_PREFIXES.count("\n")
    assert user_lines(f"SPARQL syntax error: error at {lines + 3}:5: expected") == \
        "SPARQL syntax error: error at 3:5: expected"
    assert compose("SELECT * WHERE { ?s ?p ?o }").startswith(SPARQL_PREFIXES)
