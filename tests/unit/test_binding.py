"""Parameters as RDF terms, bound by a VALUES block of escaped terms: user text is only ever one term."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from balises.errors import QueryError
from balises.query.binding import bind_rows, bind_values, compose, make_term, user_lines
from balises.rdf.escape import term_sparql
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
    """Two PREFIX lines are added to this text (bal:, rdfs:): line 5 of what the engine read is line 3 of the user's."""
    text = "SELECT *\nWHERE {\n  ?s a bal:Territory ; rdfs:label ?l }"
    assert compose(text) == "PREFIX bal: <https://w3id.org/balises/def#>\n" \
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + text
    assert user_lines("SPARQL syntax error: error at 5:5: expected", text) == \
        "SPARQL syntax error: error at 3:5: expected"


def test_a_query_that_declares_its_prefixes_gets_none_added():
    text = "PREFIX bal: <http://example.org/other#>\nSELECT * WHERE { ?s a bal:T . ?s <http://schema.org/x> 'ter:x' }"
    assert compose(text) == text


def test_an_inline_default_is_replaced_by_the_value_or_taken_out():
    """A parameter's default written in the query (so that the file runs as it is) gives way to the value given;
    None takes it out, leaving the variable free; other parameters open the WHERE group."""
    text = "SELECT * WHERE {\n  VALUES ?t { ter:lomme }  # default\n  ?t ?p ?o }"
    other = URIRef("https://w3id.org/balises/territoire/arras")
    assert "VALUES ?t { <https://w3id.org/balises/territoire/arras> }  # the value given\n" in bind_values(text, {"t": other})
    assert "ter:lomme" not in bind_values(text, {"t": None}) and "VALUES" not in bind_values(text, {"t": None})
    both = bind_values(text, {"t": other, "p": URIRef("http://x/p")})
    assert both.count("VALUES") == 2 and "VALUES (?p) { (<http://x/p>) }" in both
    assert bind_values(text, {"q": None}) == text


def test_a_search_is_bound_as_its_folded_terms():
    """A `search` parameter is folded by the layer into its terms, one literal each, the rows of the query's inline
    VALUES block; hostile text is only ever folded words."""
    terms = (Literal("lil o"), Literal("coope*"), Literal("mode de faire"))
    assert make_term("search", "Lil’Ô COOPÉ* « mode de faire »") == terms
    text = 'SELECT * WHERE { FILTER NOT EXISTS { VALUES ?text { "cooperation" }  # default\n FILTER(?text) } }'
    bound = bind_values(text, {"text": make_term("search", "Lil'Ô \"} ; DROP ALL ; {\" élus")})
    assert 'VALUES ?text { "lil o" "drop all" "elus" }  # the value given' in bound
    assert make_term("search", "« » *") == ()
    with pytest.raises(QueryError, match="inline"):
        bind_values("SELECT * WHERE { ?s ?p ?text }", {"text": make_term("search", "a b")})
    with pytest.raises(QueryError, match="text.*too long"):
        make_term("search", "x" * 400, "text")
