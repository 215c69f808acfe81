"""The ontology: every term labelled in French and English, aligned, checked names, and readable by owlready2."""

from __future__ import annotations


import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from balises.rdf.namespaces import BAL

from conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "balises.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def own_terms(graph: Graph) -> set[URIRef]:
    ns = str(BAL._NS)
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ns) and str(s) != ns}


def test_defined_namespace_matches_the_ontology(ontology):
    declared = {str(BAL._NS) + name for name in BAL.__annotations__}
    assert {str(t) for t in own_terms(ontology)} == declared


def test_every_term_has_french_and_english_label_and_definition(ontology):
    for term in own_terms(ontology):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, prop)}
            assert {"fr", "en"} <= langs, f"{term} lacks {prop} in fr/en"


def test_own_classes_and_properties_align_to_standards(ontology):
    aligned_to = {str(o) for t in own_terms(ontology) for o in ontology.objects(t, RDFS.subClassOf | RDFS.subPropertyOf)}
    for ns in ["http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#",
               "http://xmlns.com/foaf/0.1/", "http://schema.org/", "http://www.w3.org/ns/oa#"]:
        assert any(a.startswith(ns) for a in aligned_to), f"nothing aligned to {ns}"
    assert (BAL.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#Annotation")) in ontology
    assert (BAL.partOf, RDF.type, OWL.TransitiveProperty) in ontology


def test_owlready2_opens_the_ontology(tmp_path, ontology):
    path = tmp_path / "balises.nt"
    ontology.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert {"Territory", "Commune", "Project", "Evidence", "SystemicLeap", "Involvement"} <= names
    world.close()
