"""A whole build at scale notes what its one-pass tables read as it writes the store (store/seen.py): each read is
the one the engine gives of the store written (once per graph, typed literals in the store's canonical form), the
file handed to the second process gives it back, the tables computed from it are those computed from the engine's
reads, and a store the pass did not see whole (an N-Quads file, a SPARQL Update) is read from the engine."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from conftest import ROOT

from balises.pipeline.derive import ONE_PASS, SEEN_CLASSES, SEEN_PREDICATES, _jobs, computed, now
from balises.pipeline.scale import entailment
from balises.query.library import load_library
from balises.query.onepass import Reads
from balises.rdf.namespaces import BAL
from balises.query.binding import compose
from balises.query.library import read
from balises.store.oxigraph import OxigraphStore, to_ox
from balises.store.seen import Seen
from balises.store.writing import write_store
from balises.synth.distributions import BUILTIN
from balises.synth.generate import generate

CURATED = URIRef("https://w3id.org/balises/graphe/donnees")
OTHER = URIRef("https://w3id.org/balises/graphe/autre")
QUOTE = URIRef("https://w3id.org/balises/synthetique/citation/seen")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A store written with a Seen: the synthetic files read by the pass, one with typed literals the store writes
    otherwise ("01" as "1", "1" as "true", then the same as "true" beside it), and curated quads: a quad twice in a
    graph, one in two graphs, a blank node."""
    out = tmp_path_factory.mktemp("seen")
    extra = out / "synth"
    generate(extra, 10, seed=7, distributions=BUILTIN, ontology_dir=ROOT / "ontology")
    (extra / "forms.nt").write_text(  # typed literals in forms the store writes otherwise (rdflib's would not be)
        f'<{QUOTE}> <{BAL.line}> "01"^^<{XSD.integer}> .\n<{QUOTE}> <{BAL.keyQuote}> "1"^^<{XSD.boolean}> .\n'
        f'<{QUOTE}> <{BAL.keyQuote}> "true"^^<{XSD.boolean}> .\n', encoding="utf-8")
    files = [(path, f"https://w3id.org/balises/graphe/extra/{path.stem}") for path in sorted(extra.glob("*.nt"))]
    ontology = Graph()
    for path in (ROOT / "ontology").glob("*.ttl"):
        ontology.parse(path)
    held = [(s, p, o, OTHER) for s, p, o in ontology]
    held += [(QUOTE, RDFS.label, Literal("Citation", lang="fr"), CURATED),
             (QUOTE, RDFS.label, Literal("Citation", lang="fr"), CURATED),
             (QUOTE, RDFS.label, Literal("Citation", lang="fr"), OTHER),
             (QUOTE, BAL.section, BNode("seen0"), CURATED)]
    entail = entailment(ontology)
    entail.seen = Seen(SEEN_PREDICATES, SEEN_CLASSES)
    write_store(out / "store", held, {}, bulk=files, entail=entail)
    entail.seen.dump(out / Seen.FILE)  # what the second process is handed
    store = OxigraphStore.open(out / "store")
    yield store, entail.seen, out
    store.close()


def _as_read(found) -> dict:
    return {s: Counter(objects) for s, objects in found.items()}


def test_each_read_noted_is_the_engines(loaded):
    store, seen, out = loaded
    assert seen.whole
    engine = Reads(store)
    handed = Seen.load(out / Seen.FILE)
    for predicate in map(URIRef, SEEN_PREDICATES):
        theirs = _as_read(engine.objects(predicate))
        assert _as_read(handed.pairs(predicate)) == theirs, predicate
        assert _as_read(seen.pairs(predicate)) == theirs, predicate
        assert seen.pairs(predicate) is None  # given once: the reader keeps it
    for cls in map(URIRef, SEEN_CLASSES):  # each member counted once per graph that types it so
        rows, _ = store.raw_rows(compose(read("members"), {"class": cls}))
        theirs = Counter(row[0] for row in rows)
        assert handed.members(cls) == theirs == seen.members(cls), cls
    assert sum(len(engine.objects(p)) for p in map(URIRef, SEEN_PREDICATES)) > 500
    line, key = (engine.objects(p)[to_ox(QUOTE)] for p in (BAL.line, BAL.keyQuote))
    assert [v.value for v in line] == ["1"] and [v.value for v in key] == ["true"]  # the store's forms
    assert len(engine.objects(RDFS.label)[to_ox(QUOTE)]) == 2  # twice in one graph: once; in two graphs: twice


def test_the_tables_from_the_reads_noted_are_the_engines(loaded):
    store, _, out = loaded
    library = load_library(ROOT / "queries")
    jobs = [job for job in _jobs(library) if job[0] in ONE_PASS]
    created = now()
    given = Seen.load(out / Seen.FILE)
    mine = {name: quads for name, _, _, quads in computed(store, jobs, created, given=given)}
    theirs = {name: quads for name, _, _, quads in computed(store, jobs, created)}
    assert mine.keys() == theirs.keys() and len(mine) == len(ONE_PASS)
    for name in mine:
        assert mine[name] == theirs[name], name


def test_a_store_the_pass_did_not_see_whole_is_read_from_the_engine(tmp_path):
    """An N-Quads file (bulk-loaded, entailed by SPARQL Updates), or a property entailing rdf:type: no read noted."""
    ontology = Graph()
    for path in (ROOT / "ontology").glob("*.ttl"):
        ontology.parse(path)
    nquads = tmp_path / "x.nq"
    nquads.write_text(f"<{QUOTE}> <{RDFS.label}> \"Citation\"@fr <https://w3id.org/balises/graphe/extra/x> .\n",
                      encoding="utf-8")
    entail = entailment(ontology)
    entail.seen = Seen(SEEN_PREDICATES, SEEN_CLASSES)
    write_store(tmp_path / "store", [], {}, bulk=[(nquads, "https://w3id.org/balises/graphe/extra/x")],
                entail=entail)
    assert not entail.seen.whole and entail.seen.pairs(RDFS.label) is None
    assert not (tmp_path / "store" / Seen.FILE).exists()
    # a property the ontology would make a sub-property of rdf:type: the memberships it entails are not noted
    triples = tmp_path / "y.nt"
    triples.write_text(f"<{QUOTE}> <{RDFS.label}> \"Citation\"@fr .\n", encoding="utf-8")
    entail = entailment(ontology)
    entail.properties = {**entail.properties, URIRef("https://w3id.org/balises/synthetique/typedAs"): [RDF.type]}
    entail.seen = Seen(SEEN_PREDICATES, SEEN_CLASSES)
    write_store(tmp_path / "other", [], {}, bulk=[(triples, "https://w3id.org/balises/graphe/extra/y")],
                entail=entail)
    assert not entail.seen.whole and entail.seen.pairs(RDFS.label) is None
