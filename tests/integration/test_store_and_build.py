"""The build writes the store beside the old one, swaps it in, and skips when nothing changed."""

from __future__ import annotations

import io

from conftest import canonical
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from balises.pipeline.build import build
from balises.query.run import run_sparql
from balises.rdf.namespaces import BAL, INFERRED_GRAPH, TER
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
    base = URIRef(TER["base-11-19"])  # a site of Loos-en-Gohelle (doc:003), itself in the Pas-de-Calais (reference)
    asked = run_sparql(store, "ASK { GRAPH graphe:infere { ?t a bal:Territory } FILTER NOT EXISTS { GRAPH ?g { ?t a bal:Territory } FILTER(?g != graphe:infere) } }")
    assert asked.outcome.boolean, "superclass memberships are inferred, not asserted"
    partof = run_sparql(store, "ASK { GRAPH graphe:infere { ?t bal:partOf ter:pas-de-calais } }",
                        {"t": base})
    assert partof.outcome.boolean, "the base 11/19 is in the Pas-de-Calais by transitivity of bal:partOf"
    asserted = run_sparql(store, "ASK { GRAPH ?g { ?t bal:partOf ter:pas-de-calais } FILTER(?g != graphe:infere) }",
                          {"t": base})
    assert not asserted.outcome.boolean


def test_every_data_graph_is_derived_from_its_documents(store):
    rows = run_sparql(store, """SELECT ?g ?doc WHERE { GRAPH graphe:meta { ?g prov:wasDerivedFrom ?doc } }""").rows
    graphs = {str(g).rsplit("/", 1)[-1]: str(d) for g, d in rows}
    assert graphs["000-lomme"].endswith("/document/000")


def test_export_round_trips(store):
    """The export read back by rdflib, as an outside tool would, is the store: per named graph, then flattened."""
    quads = io.BytesIO()
    store.dump(quads, "nquads")
    dataset = Dataset()
    dataset.parse(data=quads.getvalue().decode("utf-8"), format="nquads")
    graphs = {g for *_, g in store.quads()}
    assert sum(len(dataset.graph(g)) for g in graphs) == len(store)
    parsed = canonical((s, p, o, g) for g in graphs for s, p, o in dataset.graph(g))
    assert parsed == canonical(store.quads())
    assert INFERRED_GRAPH in graphs
    turtle = io.BytesIO()
    store.dump(turtle, "turtle", prefixes={"bal": str(BAL._NS)})
    union = Graph().parse(data=turtle.getvalue().decode("utf-8"), format="turtle")
    flat = {(s, p, o, None) for s, p, o, _ in store.quads()}
    assert len(union) == len({q[:3] for q in flat})
    assert canonical((s, p, o, None) for s, p, o in union) == canonical(flat)
    assert (None, RDF.type, BAL.Balise) in union
