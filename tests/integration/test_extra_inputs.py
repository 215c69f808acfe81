"""Extra (generated) graphs loaded at scale: own named graph, RDFS entailments in the store, integrity refused."""

from __future__ import annotations

import pytest

from balises.errors import ValidationError
from balises.pipeline.build import build
from balises.query.run import run_sparql
from balises.store import open_store
from balises.store.versions import stray

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
    from balises.pipeline.scale import unsourced_subjects

    extra = tmp_path / "elsewhere"
    extra.mkdir()
    # ter:t-france is sourced in the curated data: a fact about it in an extra file needs no source there
    (extra / "ailleurs.nt").write_text(
        GOOD + '<https://w3id.org/balises/territoire/t-france> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n'
        f'_:b <http://www.w3.org/2000/01/rdf-schema#comment> "un nœud anonyme" .\n', encoding="utf-8")
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
