"""Extra (generated) graphs loaded at scale: own named graph, RDFS entailments in the store, integrity refused."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from balises.errors import StoreError, ValidationError
from balises.pipeline.build import build
from balises.query.run import run_sparql
from balises.store import open_store
from balises.store.versions import current, stray

SYN = "https://w3id.org/balises/synthetique/"
GOOD = f"""
<{SYN}territoire/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/balises/def#Commune> .
<{SYN}territoire/a> <http://www.w3.org/2000/01/rdf-schema#label> "Commune A"@fr .
<{SYN}territoire/a> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/balises/document/000> .
<{SYN}territoire/a> <https://w3id.org/balises/def#partOf> <{SYN}territoire/b> .
<{SYN}territoire/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/balises/def#Region> .
<{SYN}territoire/b> <http://www.w3.org/2000/01/rdf-schema#label> "Région B"@fr .
<{SYN}territoire/b> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/balises/document/000> .
<{SYN}territoire/b> <https://w3id.org/balises/def#partOf> <https://w3id.org/balises/territoire/t-france> .
"""
NO_TERRITORY = f"""
<{SYN}projet/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/balises/def#Project> .
<{SYN}projet/p> <http://www.w3.org/2000/01/rdf-schema#label> "Projet sans territoire"@fr .
<{SYN}projet/p> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/balises/document/000> .
"""


def test_extra_graph_is_loaded_with_its_entailments(small_home, tmp_path, monkeypatch):
    extra = tmp_path / "synth"
    extra.mkdir()
    (extra / "synthetique.nt").write_text(GOOD, encoding="utf-8")
    result = build(small_home, use_hermit=False, extra=[extra])
    assert not result.skipped
    store = open_store(small_home)
    assert run_sparql(store, "ASK { GRAPH graphe:extra\\/synthetique { ?t a bal:Commune } }").outcome.boolean
    inferred = run_sparql(store, f"""ASK {{ GRAPH <https://w3id.org/balises/graphe/infere/echelle> {{
        <{SYN}territoire/a> a bal:Territory ; bal:partOf ter:t-france ; schema:containedInPlace <{SYN}territoire/b> .
        <{SYN}territoire/b> bal:hasPart <{SYN}territoire/a> }} }}""").outcome.boolean
    assert inferred
    assert build(small_home, use_hermit=False, extra=[extra]).skipped


def test_extra_graph_breaking_the_rules_is_refused(small_home, tmp_path, monkeypatch):
    build(small_home, use_hermit=False)
    extra = tmp_path / "bad"
    extra.mkdir()
    (extra / "bad.nt").write_text(NO_TERRITORY, encoding="utf-8")
    with pytest.raises(ValidationError, match="bad.nt"):
        build(small_home, use_hermit=False, extra=[extra])
    monkeypatch.setattr("balises.pipeline.scale.SHACL_LIMIT", 0)  # too big for SHACL: the store-side check still refuses it
    with pytest.raises(ValidationError, match="project without territory"):
        build(small_home, use_hermit=False, extra=[extra])
    (extra / "bad.nt").write_text("".join(f'<{SYN}chose/{i}> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n'
                                          for i in range(1000)), encoding="utf-8")
    with pytest.raises(ValidationError, match="subject without source"):  # untyped and unsourced: refused too
        build(small_home, use_hermit=False, extra=[extra])
    store = open_store(small_home)
    assert not run_sparql(store, f"ASK {{ <{SYN}projet/p> ?p ?o }}").outcome.boolean
    assert not run_sparql(store, f"ASK {{ <{SYN}chose/1> ?p ?o }}").outcome.boolean
    assert stray(small_home.store) == []


def test_the_subjects_to_check_come_from_one_pass_over_the_file(small_home, tmp_path, monkeypatch):
    """The integrity check asks the store about the subjects without a source in their file only; a source given
    by another graph (here the curated territory's own) is found there, and a file with more such subjects than
    CANDIDATES is scanned in the store: the same verdicts."""
    from rdflib import Graph

    from balises.pipeline.scale import entailment

    def unsourced_subjects(path):
        """What the loading pass finds: the file's IRI subjects without prov:wasDerivedFrom (None: not read)."""
        passed = entailment(Graph())
        if not passed.reads(path):
            return None
        for _ in passed.quads(path, "https://w3id.org/balises/graphe/extra/test"):
            pass
        return passed.found[path]

    extra = tmp_path / "elsewhere"
    extra.mkdir()
    # ter:t-france is sourced in the curated data: a fact about it in an extra file needs no source there
    (extra / "ailleurs.nt").write_text(
        GOOD + '<https://w3id.org/balises/territoire/t-france> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n'
        '_:b <http://www.w3.org/2000/01/rdf-schema#comment> "un nœud anonyme" .\n', encoding="utf-8")
    assert {str(s) for s in unsourced_subjects(extra / "ailleurs.nt")} == {
        "https://w3id.org/balises/territoire/t-france"}
    assert unsourced_subjects(tmp_path / "x.nq") is None
    assert not build(small_home, use_hermit=False, extra=[extra]).skipped
    (extra / "ailleurs.nt").write_text(GOOD + f'<{SYN}chose/seule> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n',
                                       encoding="utf-8")
    with pytest.raises(ValidationError, match="subject without source.*chose/seule"):
        build(small_home, use_hermit=False, extra=[extra])
    monkeypatch.setattr("balises.pipeline.scale.CANDIDATES", 0)  # scanned in the store instead: refused the same
    with pytest.raises(ValidationError, match="subject without source.*chose/seule"):
        build(small_home, use_hermit=False, extra=[extra])


def test_the_projects_to_check_come_from_one_pass_over_the_file(small_home, tmp_path, monkeypatch):
    """The projects a file types without their territory are the ones the store is asked about: a territory given
    by another file is found there; a project without one anywhere is refused, named; a blank node among them
    cannot be named to the store, and the whole store is asked instead: refused the same."""
    from rdflib import Graph

    from balises.pipeline.scale import entailment

    def unplaced(path):
        passed = entailment(Graph())
        for _ in passed.quads(path, "https://w3id.org/balises/graphe/extra/test"):
            pass
        return passed.members_found[path]

    monkeypatch.setattr("balises.pipeline.scale.SHACL_LIMIT", 0)  # the store-side check alone
    extra = tmp_path / "deux"
    extra.mkdir()
    (extra / "a.nt").write_text(GOOD + NO_TERRITORY, encoding="utf-8")
    (extra / "b.nt").write_text(f"<{SYN}projet/p> <https://w3id.org/balises/def#territory> <{SYN}territoire/a> .\n",
                                encoding="utf-8")
    assert {str(p) for p in unplaced(extra / "a.nt")} == {f"{SYN}projet/p"}
    assert unplaced(extra / "b.nt") == set()
    assert not build(small_home, use_hermit=False, extra=[extra]).skipped
    (extra / "b.nt").write_text(f"<{SYN}projet/p> <http://www.w3.org/2000/01/rdf-schema#comment> \"x\" .\n",
                                encoding="utf-8")
    with pytest.raises(ValidationError, match="project without territory.*projet/p"):
        build(small_home, use_hermit=False, extra=[extra])
    (extra / "b.nt").write_text('_:p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                                '<https://w3id.org/balises/def#Project> .\n', encoding="utf-8")
    (extra / "a.nt").write_text(GOOD, encoding="utf-8")
    assert unplaced(extra / "b.nt") is None
    with pytest.raises(ValidationError, match="project without territory"):
        build(small_home, use_hermit=False, extra=[extra])


def test_the_entailments_of_one_pass_are_the_updates(tmp_path):
    """The class and property hierarchies, the inverses and bal:partOf's closure entailed as a file is read into
    the store (store/files.py) give the quads the five SPARQL Updates give on the bulk-loaded file: the same graphs, blank nodes aside (each way renames
    them: counted with each blank node as `_`), on a synthetic graph with thousands of memberships and
    sub-properties, blank nodes among them; and a
    malformed file is named with its line."""
    from collections import Counter

    from rdflib import BNode, Graph

    from balises.pipeline.scale import closure_updates, entailment, hierarchy
    from balises.rdf.namespaces import BAL, SCALE_INFERRED_GRAPH
    from balises.store.oxigraph import OxigraphStore
    from balises.store.writing import write_store
    from balises.synth.distributions import BUILTIN
    from balises.synth.generate import generate
    from conftest import ROOT
    from rdflib.namespace import RDFS

    extra = tmp_path / "synth"
    generate(extra, 12, seed=3, distributions=BUILTIN, ontology_dir=ROOT / "ontology")
    files = [(path, f"https://w3id.org/balises/graphe/extra/{path.stem}") for path in sorted(extra.glob("*.nt"))]
    ontology = Graph()
    for path in (ROOT / "ontology").glob("*.ttl"):
        ontology.parse(path)
    assert hierarchy(ontology, RDFS.subClassOf) and hierarchy(ontology, RDFS.subPropertyOf)

    declared = URIRef("https://w3id.org/balises/graphe/ontologie")  # where the updates read the inverses' declarations
    held = [(s, p, o, declared) for s, p, o in ontology]

    def graphs(name: str, entail) -> Graph:
        updates = closure_updates(files, [str(declared)], ontology, entail)  # none, with the pass
        write_store(tmp_path / name, held, {}, bulk=files, updates=updates, entail=entail)
        store = OxigraphStore.open(tmp_path / name)
        found = Graph()
        for graph in [SCALE_INFERRED_GRAPH, *(URIRef(g) for _, g in files)]:
            for triple in store.graph_triples(graph):
                found.add(triple)
        store.close()
        return found

    def shapes(graph: Graph) -> Counter:
        """The triples with each blank node as `_` (the two ways name them differently), counted."""
        blank = lambda t: "_" if isinstance(t, BNode) else t  # noqa: E731
        return Counter((blank(s), p, blank(o)) for s, p, o in graph)

    passed = entailment(ontology)
    mine, theirs = graphs("pass", passed), graphs("updates", None)
    assert len(mine) == len(theirs) > 1000
    assert any(isinstance(s, BNode) for s, _, _ in mine)
    assert any(p == BAL.hasPart for _, p, _ in mine)  # a commune's bal:partOf, reversed
    assert closure_updates(files, [str(declared)], ontology, passed) == []
    assert len([t for t in mine if t[1] == BAL.partOf]) > len([t for path, _ in files for t in Graph().parse(
        path, format="nt") if t[1] == BAL.partOf])  # and its closure: communes in their départements, régions
    assert shapes(mine) == shapes(theirs)
    assert all(path in passed.found for path, _ in files)
    broken = tmp_path / "broken" / "x.nt"
    broken.parent.mkdir()
    broken.write_text(GOOD + "<a> <b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"x\.nt: not valid RDF.*line 10"):
        write_store(tmp_path / "broken-store", [], {}, bulk=[(broken, "https://w3id.org/balises/graphe/extra/x")],
                    entail=entailment(ontology))
    assert not (tmp_path / "broken-store").exists() or current(tmp_path / "broken-store") is None


def test_a_malformed_extra_file_is_named_with_its_line(small_home, tmp_path):
    """A small extra file goes through pySHACL: its syntax is checked first by the engine's parser, which names
    the line, where rdflib's parser only said « Invalid line » (an internal error before)."""
    extra = tmp_path / "cassé"
    extra.mkdir()
    (extra / "communes.nt").write_text(GOOD + f'<{SYN}territoire/c> <http://www.w3.org/2000/01/rdf-schema#label> "pas fermé .\n',
                                       encoding="utf-8")
    build(small_home, use_hermit=False)
    before = current(small_home.store)
    with pytest.raises(ValidationError, match=r"communes\.nt: not valid RDF \(.*line 10.*fix the file"):
        build(small_home, use_hermit=False, extra=[extra])
    assert current(small_home.store) == before
