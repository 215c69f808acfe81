"""What no user query may do, refused before any engine reads it: update the graph, LOAD, SERVICE."""

from __future__ import annotations

import pytest

from balises.errors import QueryError
from balises.rdf.sparql_text import PART_MARK, declare_prefixes, mark_concatenations, mask, refuse_unsafe

ALLOWED = [
    "SELECT ?service WHERE { ?s <http://e/SERVICE> ?service }",
    "SELECT * WHERE { ?s ex:service ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE in a comment',
    "SELECT ?load WHERE { ?s ?p ?load }",
    "SELECT * WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, 'insert')) }",
    "SELECT * WHERE { ?s ex:a-service ?o }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
]
REFUSED = {
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }": "SERVICE",
    "select * where { service silent <http://x/> {?s ?p ?o} }": "SERVICE",
    "SELECT * WHERE {SERVICE<http://x/>{?s ?p ?o}}": "SERVICE",
    "SELECT * WHERE { SeRvIcE ?x { ?s ?p ?o } }": "SERVICE",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }": "updates",
    "DELETE WHERE { ?s ?p ?o }": "updates",
    "LOAD <http://x/>": "updates",
    "CLEAR ALL": "updates",
    "DROP GRAPH <http://x/>": "updates",
}


@pytest.mark.parametrize("query", ALLOWED)
def test_read_queries_pass(query):
    refuse_unsafe(query)


@pytest.mark.parametrize("query", sorted(REFUSED))
def test_what_would_write_or_fetch_is_refused(query):
    with pytest.raises(QueryError, match=REFUSED[query]):
        refuse_unsafe(query)


def test_mask_blanks_strings_iris_and_comments_keeping_places():
    query = 'SELECT ?x WHERE { ?x <http://a#b> "s\\"x SERVICE" } # c'
    masked = mask(query)
    assert len(masked) == len(query) and "SERVICE" not in masked and "http" not in masked
    assert masked.startswith("SELECT ?x WHERE { ?x ")


PREFIXES = {"bal": "https://w3id.org/balises/def#", "ter": "https://w3id.org/balises/territoire/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


def test_declare_prefixes_adds_what_a_query_uses_and_does_not_declare_after_its_header():
    query = ('# title@fr: Exemple\n# param: t iri ter:lomme -- in a comment: not a use\n'
             'PREFIX rdfs: <http://other/>\n'
             'SELECT ?l WHERE { ?t a bal:Territory ; rdfs:label ?l FILTER(?l != "xsd:no") . ?t ?p <ter:no> }\n')
    assert declare_prefixes(query, PREFIXES) == (
        "# title@fr: Exemple\n# param: t iri ter:lomme -- in a comment: not a use\n"
        "PREFIX bal: <https://w3id.org/balises/def#>\n" + query.split("\n", 2)[2])


def test_declare_prefixes_leaves_a_query_that_declares_all_it_uses():
    query = "PREFIX ter: <https://w3id.org/balises/territoire/>\nASK { ter:lomme ?p ?o }"
    assert declare_prefixes(query, PREFIXES) == query
    assert declare_prefixes("ASK { ?s ?p ?o }", PREFIXES) == "ASK { ?s ?p ?o }"


def test_a_concatenation_the_answer_shows_is_marked_with_its_separator():
    text = ('SELECT ?p (GROUP_CONCAT(DISTINCT ?name; separator=" ; ") AS ?names)\n'
            "       (group_concat(?x) as $xs) (GROUP_CONCAT(?t; separator='\\t') AS ?tabs)\n"
            'WHERE { ?p ?q ?name ; ?r ?x ; ?s ?t FILTER(?name != "GROUP_CONCAT(?y) AS ?z") } GROUP BY ?p')
    marked, separators = mark_concatenations(text)
    assert separators == {"names": " ; ", "xs": " ", "tabs": "\t"}
    assert marked.count(f'"{PART_MARK}"') == 3 and marked.count("\n") == text.count("\n")
    assert '"GROUP_CONCAT(?y) AS ?z"' in marked


_INNER = '{ SELECT ?s (GROUP_CONCAT(?n; separator=", ") AS ?names) WHERE { ?s ?p ?n } GROUP BY ?s }'


@pytest.mark.parametrize("text", [f"SELECT ?names WHERE {{ {_INNER} }} ORDER BY ?names",
                                  f"SELECT ?names (COUNT(*) AS ?n) WHERE {{ {_INNER} }} GROUP BY ?names",
                                  f'SELECT ?s WHERE {{ {_INNER} FILTER(CONTAINS(?names, "a")) }}',
                                  f"SELECT ?n WHERE {{ {_INNER} BIND(STRLEN(?names) AS ?n) }}"])
def test_a_concatenation_the_query_sorts_groups_or_computes_with_is_left_as_it_is(text):
    """There the engine's order of the parts has already made the rows: the query must give the value in an order of
    its own (as queries/01-territory-profile.rq and queries/11-category-combinations.rq do)."""
    assert mark_concatenations(text) == (text, {})
