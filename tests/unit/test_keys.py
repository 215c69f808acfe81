"""What a query reads (query/shape.py) and which rows of a keyed table a change affects (query/keys.py), on small
queries and a small store in memory."""

from __future__ import annotations

from rdflib import Literal, URIRef, Variable
from rdflib.namespace import RDF

from balises.query.keys import Pattern, Remembering, affected, order_of, patterns, restrict, unions
from balises.query.patterns import bound_before_optionals
from balises.query.shape import ANY, ANY_CLASS, meets, shape, signature
from balises.query.tables import merge_cells
from balises.rdf.namespaces import BAL
from balises.store.oxigraph import OxigraphStore

PREFIX = "PREFIX bal: <https://w3id.org/balises/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
E = "https://example.org/"
QUOTES = PREFIX + """SELECT ?evidence ?label (GROUP_CONCAT(DISTINCT STR(?wider); separator=" ") AS ?places) WHERE {
  ?evidence a bal:Evidence ; rdfs:label ?label .
  OPTIONAL { ?evidence bal:about ?project . ?project bal:territory ?t . ?t bal:partOf* ?wider }
} GROUP BY ?evidence ?label ORDER BY ?label DESC(?evidence)"""


def node(name: str) -> URIRef:
    return URIRef(E + name)


def store_of(triples) -> OxigraphStore:
    return OxigraphStore.from_quads(((s, p, o, None) for s, p, o in triples), "test")


GRAPH = [(node("e1"), BAL.about, node("p1")), (node("p1"), BAL.territory, node("lomme")),
         (node("lomme"), BAL.partOf, node("lille")), (node("lille"), BAL.partOf, node("nord")),
         (node("e2"), BAL.about, node("p2")), (node("p2"), BAL.territory, node("lens")),
         (node("e3"), BAL.about, node("p3")), (node("p3"), BAL.territory, node("lille"))]


def test_the_shape_is_what_the_patterns_can_match():
    read = shape(QUOTES)
    assert read == {f"a {BAL.Evidence}", "http://www.w3.org/2000/01/rdf-schema#label", str(BAL.about),
                    str(BAL.territory), str(BAL.partOf)}
    assert shape(PREFIX + "SELECT * WHERE { ?s ?p ?o }") == {ANY}
    assert shape(PREFIX + "SELECT * WHERE { ?s a ?kind }") == {ANY_CLASS}
    assert meets({ANY_CLASS}, {f"a {BAL.Project}", str(BAL.about)}) == {f"a {BAL.Project}"}
    assert meets(read, signature([(node("x"), BAL.status, node("y"))])) == set()
    assert meets(read, signature([(node("x"), BAL.partOf, node("y"))])) == {str(BAL.partOf)}


def test_patterns_keep_their_groups_and_a_sub_query_its_own_variables():
    found = patterns(PREFIX + """SELECT ?e ?n WHERE { ?e a bal:Evidence .
      OPTIONAL { SELECT ?e (COUNT(?b) AS ?n) WHERE { ?e bal:illustrates ?b . ?b rdfs:label ?e2 } GROUP BY ?e } }""")
    top = next(p for p in found if p.o == BAL.Evidence)
    inner = next(p for p in found if p.text == f"<{BAL.illustrates}>")
    assert top.group == () and len(inner.group) == 2 and top.around(inner) and not inner.around(top)
    assert inner.s == Variable("e") and str(inner.o).startswith("b__")  # ?b is the sub-query's own
    assert Pattern.from_json(inner.to_json()) == inner


def test_restrict_binds_the_key_where_it_is_projected_only():
    text = restrict(PREFIX + """SELECT ?a (EXISTS { ?a a bal:Person } AS ?p) WHERE { ?a rdfs:label ?l .
      { SELECT ?a (COUNT(?x) AS ?n) WHERE { ?a bal:actsIn ?x } GROUP BY ?a }
      { SELECT (COUNT(?a) AS ?all) WHERE { ?a a bal:Actor } } }""", "a", [node("x1"), Literal("y")])
    assert text.count("VALUES ?a") == 2
    assert "EXISTS { ?a a bal:Person }" in text
    assert "{ SELECT (COUNT(?a) AS ?all) WHERE { ?a a bal:Actor } }" in text


def test_restrict_binds_the_key_inside_the_optionals_of_the_query_group_when_told_it_may():
    query = PREFIX + """SELECT ?p ?t ?n WHERE { ?p a bal:Project . OPTIONAL { ?p bal:theme ?t }
      { ?p bal:status ?s OPTIONAL { ?p rdfs:label ?n } } UNION { ?p bal:territory ?x } }"""
    assert bound_before_optionals(query, "p")
    text = restrict(query, "p", [node("p1")], optionals=True)
    assert "OPTIONAL { VALUES ?p" in text and text.count("VALUES ?p") == 2  # not in a UNION's branch
    assert restrict(query, "p", [node("p1")]).count("VALUES ?p") == 1
    # a key bound only inside the OPTIONAL: a VALUES there would answer otherwise
    assert not bound_before_optionals(PREFIX + "SELECT ?p WHERE { ?x a bal:Theme OPTIONAL { ?p bal:theme ?x } }", "p")


def test_order_of_reads_variables_and_refuses_expressions():
    assert order_of(QUOTES) == [("label", False), ("evidence", True)]
    assert order_of(PREFIX + "SELECT ?a WHERE { ?a ?b ?c }") == []
    assert order_of(PREFIX + "SELECT ?a WHERE { ?a ?b ?c } ORDER BY STR(?a)") is None


def test_affected_follows_the_query_from_the_changed_triple_to_the_key():
    found = patterns(QUOTES)
    store = store_of(GRAPH)
    # a project's territory: the evidences about that project
    assert affected(found, "evidence", [(node("p2"), BAL.territory, node("lens"))], store) == {node("e2")}
    # a step inside bal:partOf*: the evidences about projects in the territories below it
    assert affected(found, "evidence", [(node("lille"), BAL.partOf, node("nord"))], store) == {node("e1"), node("e3")}
    # the key itself (an added triple is walked in the store that holds it)
    added = (node("e9"), BAL.about, node("p9"))
    assert affected(found, "evidence", [added], store_of(GRAPH + [added])) == {node("e9")}
    # what the query does not read
    assert affected(found, "evidence", [(node("p1"), BAL.status, node("s"))], store) == set()


def test_affected_asks_a_remembering_store_each_walk_once():
    found, store = patterns(QUOTES), store_of(GRAPH)
    asked: list[str] = []
    query = store.query
    store.query = lambda sparql, bindings=None: asked.append(sparql) or query(sparql, bindings)
    remembering = Remembering(store)
    change = [(node("lille"), BAL.partOf, node("nord"))]
    assert affected(found, "evidence", change, remembering) == {node("e1"), node("e3")}
    first = len(asked)
    assert first and affected(found, "evidence", change, remembering) == {node("e1"), node("e3")}
    assert len(asked) == first  # the second table's walks, answered from the first's


def test_affected_keeps_what_both_ends_of_the_triple_reach():
    found = patterns(PREFIX + "SELECT ?x WHERE { ?x bal:about ?p . ?p bal:status ?s . ?x bal:theme ?s }")
    store = store_of(GRAPH + [(node("p1"), BAL.status, node("s")), (node("e9"), BAL.theme, node("s")),
                              (node("e1"), BAL.theme, node("s")), (node("e3"), BAL.theme, node("t"))])
    # from the project: e1 (about p1); from the status: e1 and e9 (of that theme); a row using the triple has both
    assert affected(found, "x", [(node("p1"), BAL.status, node("s"))], store) == {node("e1")}
    # a programme's new territory: from the programme every quote of its territories, from the territory its own
    query = PREFIX + """SELECT ?e ?g WHERE { ?e bal:about ?p . ?p bal:territory ?t .
      OPTIONAL { ?g bal:participatingTerritory ?t } }"""
    joined = (node("pilotes"), BAL.participatingTerritory, node("lomme"))
    store = store_of(GRAPH + [joined, (node("pilotes"), BAL.participatingTerritory, node("lens"))])
    assert affected(patterns(query), "e", [joined], store) == {node("e1")}


BALISES = PREFIX + """SELECT DISTINCT ?t ?b WHERE {
  { ?e bal:about ?t } UNION { ?x bal:territory ?t . ?e bal:about ?x }
  ?t a bal:Territory . ?e bal:illustrates ?b . }"""
OFFICIAL = PREFIX + """SELECT ?t ?u ?l WHERE {
  { ?t bal:partOf ?u } UNION { ?u a bal:Territory . BIND(?u AS ?t) } ?u rdfs:label ?l }"""


def test_affected_steps_through_a_union_whose_every_branch_links_the_two_variables():
    found, branching = patterns(BALISES), unions(BALISES)
    store = store_of(GRAPH + [(node("e1"), BAL.illustrates, node("C1")), (node("e4"), BAL.about, node("lens")),
                              (node("e4"), BAL.illustrates, node("C2"))])
    # a quote about a project: its territory through the second branch (and the project through the first: a
    # value too many, whose rows, none, are computed again); a quote about a territory: the first
    assert affected(found, "t", [(node("e1"), BAL.illustrates, node("C1"))], store, branching) \
        == {node("lomme"), node("p1")}
    assert affected(found, "t", [(node("e4"), BAL.illustrates, node("C2"))], store, branching) == {node("lens")}
    # a triple of a branch: that branch's own chain
    assert affected(found, "t", [(node("p2"), BAL.territory, node("lens"))], store, branching) == {node("lens")}
    # without the UNIONs, the pattern outside them reaches no key: the whole table is recomputed
    assert affected(found, "t", [(node("e1"), BAL.illustrates, node("C1"))], store) is None


def test_a_bind_of_one_variable_to_another_keeps_the_nodes():
    found, branching = patterns(OFFICIAL), unions(OFFICIAL)
    store = store_of(GRAPH + [(node("lille"), RDF.type, BAL.Territory)])
    assert affected(found, "t", [(node("lille"), RDF.type, BAL.Territory)], store, branching) == {node("lille")}
    assert affected(found, "t", [(node("lomme"), BAL.partOf, node("lille"))], store, branching) == {node("lomme")}


def test_the_filter_of_an_optional_is_in_the_optional_group():
    found = patterns(PREFIX + """SELECT ?t WHERE { ?t a bal:Territory .
      OPTIONAL { ?p bal:territory ?t FILTER NOT EXISTS { ?p bal:status ?s } } }""")
    optional = next(p for p in found if p.text == f"<{BAL.territory}>")
    inside = next(p for p in found if p.text == f"<{BAL.status}>")
    assert optional.around(inside) and optional.group != ()


def test_merge_cells_replaces_the_rows_of_the_values_and_keeps_the_order():
    def cell(key, label):
        return {"k": {"type": "uri", "value": key}, "l": {"type": "literal", "value": label}}
    cells = [cell("a", "1"), cell("b", "2"), cell("c", "3")]
    merged = merge_cells(cells, [cell("b", "0"), cell("d", "4")], "k", {"b", "d"}, [("l", False)])
    assert [c["k"]["value"] for c in merged] == ["b", "a", "c", "d"]
    numbers = [{"n": {"type": "literal", "value": v, "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
               for v in ("10", "9")]
    assert [c["n"]["value"] for c in merge_cells([], numbers, "n", {"9", "10"}, [("n", False)])] == ["9", "10"]
    # the kept rows stay as they are (in order already); a new row goes after those it ties with
    kept = [cell("a", "1"), cell("b", "2"), cell("c", "2"), cell("d", "3")]
    assert [c["k"]["value"] for c in merge_cells(kept, [cell("e", "2"), cell("f", "0")], "k", {"e", "f"},
                                                 [("l", False)])] == ["f", "a", "b", "c", "e", "d"]
    descending = [kept[3], kept[1], kept[2], kept[0]]
    assert [c["k"]["value"] for c in merge_cells(descending, [cell("e", "2"), cell("a", "0")], "k", {"e", "a"},
                                                 [("l", True), ("k", False)])] == ["d", "b", "c", "e", "a"]
