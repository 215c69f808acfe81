"""`balises export --owl`: the export as a researcher opens it in Protégé or owlready2, reasoned by HermiT.

The normal export carries xsd:gYear, xsd:gYearMonth and xsd:date values, outside the OWL 2 datatype map: HermiT
refuses it. The OWL 2 form writes them as text with their datatype in an annotation; read back, it is the normal
export again.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import canonical
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, XSD

from balises.cli import main
from balises.rdf.namespaces import BAL, EVT, GRAPH, INFERRED_GRAPH, SCHEMA, TER
from balises.rdf.owl2 import outside_the_map

needs_java = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT needs Java (installed by `make test` in CI)")


def export(capsys, monkeypatch, settings, *options) -> str:
    monkeypatch.setenv("BALISES_STORE", str(settings.store))
    assert main(["export", *options]) == 0
    out, err = capsys.readouterr()
    assert not err
    return out


def typed_again(graph: Graph) -> Graph:
    """The OWL 2 form read back: every value annotated with bal:literalDatatype typed again, the annotations gone."""
    datatypes, notes = {}, set()
    for note, datatype in graph.subject_objects(BAL.literalDatatype):
        notes.add(note)
        axiom = graph.value(note, OWL.annotatedSource), graph.value(note, OWL.annotatedProperty), \
            graph.value(note, OWL.annotatedTarget)
        datatypes[axiom] = datatype
    restored = Graph()
    for s, p, o in graph:
        if s in notes:
            continue
        if (s, p, o) in datatypes:
            o = Literal(str(o), datatype=datatypes[(s, p, o)]) if isinstance(o, Literal) else datatypes[(s, p, o)]
        restored.add((s, p, o))
    return restored


def test_the_owl_form_has_every_value_and_only_owl_2_datatypes(project_settings, built, capsys, monkeypatch):
    quads = Dataset().parse(data=export(capsys, monkeypatch, project_settings, "--format", "nquads"), format="nquads")
    normal = Graph()  # the normal export's union, but for the SHACL shapes, which the OWL 2 form leaves out
    for s, p, o, g in quads.quads():
        if str(getattr(g, "identifier", g)) != str(GRAPH["ontologie/shapes"]):
            normal.add((s, p, o))
    owl = Graph().parse(data=export(capsys, monkeypatch, project_settings, "--owl"), format="xml")
    outside = [o for _, _, o in normal if isinstance(o, Literal) and outside_the_map(o)]
    assert {o.datatype for o in outside} == {XSD.date, XSD.gYear, XSD.gYearMonth}
    assert not [o for o in owl.objects() if isinstance(o, Literal) and outside_the_map(o)]
    assert len(set(owl.subjects(BAL.literalDatatype, None))) == len(outside), "one annotation per value"
    season = EVT["territoires-pilotes-saison-2"]
    assert set(owl.objects(season, SCHEMA.startDate)) == {Literal("2023")}, "a year stays a year: no day made up"
    assert set(normal.objects(season, SCHEMA.startDate)) == {Literal("2023", datatype=XSD.gYear)}
    assert canonical((*t, None) for t in typed_again(owl)) == canonical((*t, None) for t in normal), \
        "read back, the OWL 2 form is the normal export"


def test_technical_graphs_too(project_settings, built, capsys, monkeypatch):
    """--all adds the result tables, whose rdf:JSON values are outside the map as well."""
    owl = Graph().parse(data=export(capsys, monkeypatch, project_settings, "--owl", "--all", "--format", "turtle"),
                        format="turtle")
    assert RDF.JSON in set(owl.objects(None, BAL.literalDatatype))
    assert not [o for o in owl.objects() if isinstance(o, Literal) and outside_the_map(o)]


@needs_java
@pytest.mark.slow
def test_hermit_reasons_on_the_owl_form_as_protege_would(project_settings, built, capsys, monkeypatch, tmp_path):
    """ontology/balises.ttl and the export without the build's inferences, in a fresh owlready2 World: HermiT finds
    them consistent and derives what the build inferred (here, through transitive and inverse properties)."""
    import owlready2

    path = tmp_path / "balises.owl"
    path.write_text(export(capsys, monkeypatch, project_settings, "--owl", "--no-inferred"), encoding="utf-8")
    ontology = tmp_path / "balises.nt"  # owlready2 reads RDF/XML and N-Triples, not Turtle
    Graph().parse(project_settings.ontology_dir / "balises.ttl").serialize(ontology, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(ontology.as_uri()).load()
    onto = world.get_ontology(path.as_uri()).load()
    base, pas_de_calais = world[str(TER["base-11-19"])], world[str(TER["pas-de-calais"])]
    saison, pilotes = world[str(EVT["territoires-pilotes-saison-2"])], world[str(EVT["territoires-pilotes"])]
    assert pas_de_calais not in base.partOf and base not in pas_de_calais.hasPart, "not asserted: left to HermiT"
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)  # raises when inconsistent
    assert not list(world.inconsistent_classes())
    assert pas_de_calais in base.partOf, "bal:partOf is transitive"
    assert base in pas_de_calais.hasPart, "bal:hasPart is its inverse"
    assert saison in pilotes.subEvent, "schema:subEvent is the inverse of schema:superEvent (owlready2 knows it too)"
    lomme = world[str(TER.lomme)]
    assert {world[str(BAL.Territory)], world[str(SCHEMA.Place)]} <= set(lomme.INDIRECT_is_a)
    assert lomme in world[str(BAL.Territory)].instances()
    startdate = world[str(SCHEMA.startDate)]
    assert startdate[saison] == ["2023"], "the year is a string to the reasoner"
    world.close()


def test_no_inferred_leaves_the_inferred_graph_out(project_settings, built, capsys, monkeypatch):
    text = export(capsys, monkeypatch, project_settings, "--no-inferred", "--format", "nquads")
    assert "without the inferred graph" in text.splitlines()[0]
    graphs = {line.rsplit(" ", 2)[-2] for line in text.splitlines()[1:]}
    assert INFERRED_GRAPH.n3() not in graphs and GRAPH["donnees/000-lomme"].n3() in graphs
