"""One thing of two kinds that exclude each other, named with how it got each kind."""

from __future__ import annotations

from rdflib import Graph

from balises.pipeline.clashes import find_clashes

ONTOLOGY = """@prefix : <https://w3id.org/balises/def#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
[] a owl:AllDisjointClasses ; owl:members ( :Territory :Actor :Project ) .
:Commune rdfs:subClassOf :Territory . :Person rdfs:subClassOf :Actor ; owl:disjointWith :Organisation .
:Organisation rdfs:subClassOf :Actor .
:involvedActor rdfs:range :Actor . :administers rdfs:domain :Organisation ; rdfs:range :Territory .
:Empty owl:equivalentClass owl:Nothing .
"""


def clashes(data: str) -> list[str]:
    graph = Graph().parse(data=ONTOLOGY + "@prefix ter: <https://w3id.org/balises/territoire/> . "
                          "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n" + data, format="turtle")
    return [str(c) for c in find_clashes(graph)]


def test_a_coherent_graph_has_none():
    assert clashes("ter:a a :Commune . ter:o a :Organisation ; :administers ter:a .") == []


def test_declared_kinds_that_exclude_each_other():
    found = clashes("ter:x a :Person , :Organisation .")
    assert found == ["ter:x is both a bal:Organisation (declared) and a bal:Person (declared), kinds that exclude "
                     "each other: give the entity one kind (a territory and its local authority are two entities)"]


def test_a_kind_through_a_subclass_a_domain_or_a_range():
    assert "a bal:Project (declared) and a bal:Territory (declared a bal:Commune)" in clashes(
        "ter:x a :Commune , :Project .")[0]
    assert "as the object of bal:involvedActor" in clashes("ter:x a :Commune . [] :involvedActor ter:x .")[0]
    assert "as the subject of bal:administers" in clashes("ter:x a :Project ; :administers ter:y .")[0]


def test_same_as_between_two_of_our_entities():
    found = clashes("ter:a a :Commune . ter:o a :Organisation . ter:a owl:sameAs ter:o .")
    assert len(found) == 1 and "ter:a owl:sameAs ter:o" in found[0]
    assert clashes("ter:a a :Commune ; owl:sameAs <https://sws.geonames.org/1/> .") == []


def test_a_kind_that_can_have_no_member():
    assert "can have no member" in clashes("ter:z a :Empty .")[0]
