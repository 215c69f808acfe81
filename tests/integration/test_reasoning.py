"""Reasoning: HermiT classifies, the RDFS closure is materialised, inconsistencies name their entities."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

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


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (installed by `make test` in CI)")
def test_hermits_output_read_here_as_owlready2_reads_it(project_settings, tmp_path):
    """The curated graph reasoned by HermiT through an owlready2 World (its `sync_reasoner_hermit`, the
    reasoned World read back) and by hermit.py (HermiT's printed conclusions read directly): the same inferred
    triples, but for owlready2's copies of plain literals typed xsd:string (the same RDF terms as the asserted
    ones, which the store would hold twice)."""
    import owlready2

    from balises.pipeline.load import load
    from balises.pipeline.reason import _OWL_KEYWORDS, _reasoner_input

    union = load(project_settings).union
    direct = reason(union).inferred
    path = tmp_path / "input.nt"
    given = Graph()
    for triple in _reasoner_input(union):
        given.add(triple)
    given.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    combined = {t for t in world.as_rdflib_graph() if not isinstance(t[0], BNode) and not isinstance(t[2], BNode)}
    world.close()
    combined |= _reasoner_input(union)
    combined |= rdfs_closure(combined)
    through_world = {(s, p, o) for s, p, o in combined - set(union)
                     if o not in _OWL_KEYWORDS and not (s == o and p in (OWL.sameAs, RDFS.subClassOf,
                                                                          RDFS.subPropertyOf, OWL.equivalentClass))
                     and str(s) != "http://anonymous"}
    typed_again = {t for t in through_world - direct if isinstance(t[2], Literal) and t[2].datatype == XSD.string}
    assert direct == through_world - typed_again
    assert len(direct) > 4000


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (installed by `make test` in CI)")
def test_hermit_started_beside_a_validation_that_fails_is_stopped(tmp_path, monkeypatch):
    """The build starts HermiT before its validation; when the validation refuses the inputs, HermiT's Java is
    ended and its directory removed before the error reaches the user."""
    import tempfile

    from conftest import BAD_INPUTS, make_home

    from balises.errors import ValidationError
    from balises.pipeline.build import build

    settings = make_home(tmp_path / "home")
    bad = BAD_INPUTS / "absurd-population.ttl"  # parsed, refused by a shape
    shutil.copy(bad, settings.home / "data" / bad.name)
    runs = tmp_path / "tmp"
    runs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(runs))
    with pytest.raises(ValidationError):
        build(settings)
    assert list(runs.iterdir()) == []
    assert not _java_children()


def _java_children() -> list[int]:
    """This process's children running Java (HermiT's Java replaces its launcher, system/launch.py)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"java" in command:
            found.append(int(stat.parent.name))
    return found
