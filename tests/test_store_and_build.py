"""The build writes the store beside the old one, swaps it in, and skips when nothing changed."""

from __future__ import annotations

import io

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from balises.build import build
from balises.namespaces import BAL, INFERRED_GRAPH, TER
from balises.querying import run_sparql
from balises.store.oxigraph import read_manifest


def test_build_skips_when_inputs_unchanged_and_rebuilds_on_change(small_home):
    first = build(small_home, use_hermit=False)
    assert not first.skipped and first.asserted > 0
    assert build(small_home, use_hermit=False).skipped
    extra = small_home.data_dir / "minimal.ttl"
    extra.write_text(extra.read_text(encoding="utf-8") + "\n# a comment changes the hash\n", encoding="utf-8")
    assert not build(small_home, use_hermit=False).skipped
    assert read_manifest(small_home.store)["inputs_hash"] != first.inputs_hash


def test_store_path_is_overridable(small_home, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere" / "store"
    monkeypatch.setenv("BALISES_STORE", str(other))
    from balises.settings import load_settings

    assert load_settings().store == other
    build(small_home.with_overrides(store=other), use_hermit=False)
    assert (other / "oxigraph").is_dir()


def test_inferred_triples_live_in_their_own_graph(built, store):
    assert built.inferred > 0 and built.asserted > 0
    lomme = URIRef(TER["lomme"])
    asked = run_sparql(store, "ASK { GRAPH graphe:infere { ?t a bal:Territory } FILTER NOT EXISTS { GRAPH ?g { ?t a bal:Territory } FILTER(?g != graphe:infere) } }")
    assert asked.outcome.boolean, "superclass memberships are inferred, not asserted"
    partof = run_sparql(store, "ASK { GRAPH graphe:infere { ?t bal:partOf ter:hauts-de-france } }",
                        {"t": lomme})
    assert partof.outcome.boolean, "Lomme is in the Hauts-de-France by transitivity of bal:partOf"
    asserted = run_sparql(store, "ASK { GRAPH ?g { ?t bal:partOf ter:hauts-de-france } FILTER(?g != graphe:infere) }",
                          {"t": lomme})
    assert not asserted.outcome.boolean


def test_every_data_graph_is_derived_from_its_documents(store):
    rows = run_sparql(store, """SELECT ?g ?doc WHERE { GRAPH graphe:meta { ?g prov:wasDerivedFrom ?doc } }""").rows
    graphs = {str(g).rsplit("/", 1)[-1]: str(d) for g, d in rows}
    assert graphs["000-lomme"].endswith("/document/000")


def test_export_round_trips(store):
    quads = io.BytesIO()
    store.dump(quads, "nquads")
    dataset = Dataset()
    dataset.parse(data=quads.getvalue().decode("utf-8"), format="nquads")
    expected = Dataset()
    for s, p, o, g in store.quads():
        expected.add((s, p, o, expected.graph(g)))
    graphs = {g for *_, g in store.quads()}
    assert sum(len(dataset.graph(g)) for g in graphs) == len(store)
    for g in graphs:
        assert isomorphic(dataset.graph(g), expected.graph(g)), g
    assert INFERRED_GRAPH in graphs
    turtle = io.BytesIO()
    store.dump(turtle, "turtle", prefixes={"bal": str(BAL._NS)})
    union = Graph().parse(data=turtle.getvalue().decode("utf-8"), format="turtle")
    flat = Graph()
    for s, p, o, _ in store.quads():
        flat.add((s, p, o))
    assert isomorphic(union, flat)
    assert (None, RDF.type, BAL.Balise) in union
