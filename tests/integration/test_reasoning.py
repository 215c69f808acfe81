"""Reasoning: HermiT classifies, the RDFS closure is materialised, inconsistencies name their entities."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from balises.errors import ReasoningError
from balises.pipeline.reason import rdfs_closure, reason
from balises.rdf.namespaces import ACT, BAL, TER

PREFIX = """@prefix bal: <https://w3id.org/balises/def#> . @prefix ter: <https://w3id.org/balises/territoire/> .
@prefix act: <https://w3id.org/balises/acteur/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def ontology(project_settings) -> Graph:
    graph = Graph()
    for path in sorted(project_settings.ontology_dir.glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


def _with(ontology: Graph, turtle: str) -> Graph:
    graph = Graph()
    graph += ontology
    graph.parse(data=PREFIX + turtle, format="turtle")
    return graph


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (installed by `make test` in CI)")
def test_hermit_infers_domain_and_hierarchy(ontology):
    graph = _with(ontology, """
        ter:a a bal:Commune ; bal:partOf ter:b . ter:b a bal:Department ; bal:partOf ter:c . ter:c a bal:Region .
        act:o bal:administers ter:a .""")
    result = reason(graph)
    assert result.reasoner.startswith("HermiT")
    inferred = result.inferred
    assert (TER.a, RDF.type, BAL.Territory) in inferred
    assert (TER.a, BAL.partOf, TER.c) in inferred
    assert (TER.c, BAL.hasPart, TER.a) in inferred
    assert (ACT.o, RDF.type, BAL.Organisation) in inferred, "HermiT types the subject from bal:administers' domain"
    assert (ACT.o, BAL.actsIn, TER.a) in inferred
    assert not set(graph) & set(inferred), "inferred triples are only the new ones"


def test_person_and_organisation_is_inconsistent_and_named(ontology):
    graph = _with(ontology, "act:x a bal:Person , bal:Organisation .")
    with pytest.raises(ReasoningError, match=r"act:x is both a bal:Organisation \(declared\) and a bal:Person \(declared\)"):
        reason(graph, use_hermit=False)


def test_rdfs_closure_alone(ontology):
    graph = _with(ontology, "ter:a a bal:Commune .")
    assert (TER.a, RDF.type, BAL.Territory) in rdfs_closure(graph)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (installed by `make test` in CI)")
def test_an_inconsistency_only_hermit_sees_names_its_file_and_leaves_no_file(ontology, tmp_path, monkeypatch):
    """A class axiom in a data file (owl:complementOf) that the validation's clash check does not read: HermiT
    finds it, the message names the file reasoned alone with the ontology, and HermiT's files go with the run
    (owlready2 used to leave a 1 MB input file behind at each failure)."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = Graph().parse(data=PREFIX + """@prefix owl: <http://www.w3.org/2002/07/owl#> .
        bal:NotATerritory owl:complementOf bal:Territory .
        ter:a a bal:Commune , bal:NotATerritory .""", format="turtle")
    good = Graph().parse(data=PREFIX + "ter:b a bal:Commune .", format="turtle")
    union = Graph()
    for part in (ontology, data, good):
        union += part
    with pytest.raises(ReasoningError, match=r"data/complement\.ttl is inconsistent") as info:
        reason(union, parts=[("ontology", ontology, True), ("data/complement.ttl", data, False),
                             ("data/good.ttl", good, False)])
    assert "data/good.ttl" not in str(info.value)
    assert list(tmp_path.iterdir()) == []
