"""A build at scale computes its table queries in a second process (pipeline/helper.py) reading a snapshot of the
new store: the store it writes is the one a build in one process writes, table for table; a second process that
dies stops the build with its own message, and the previous store stays current."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ROOT, make_home

from balises.errors import StoreError
from balises.pipeline.build import build
from balises.pipeline.derive import ONE_PASS
from balises.pipeline.helper import RESULTS, SNAPSHOT
from balises.query.tables import read_cells
from balises.quotes.search import SEARCH_GRAPH
from balises.settings import load_settings
from balises.store import open_store
from balises.store.oxigraph import read_manifest
from balises.store.versions import current, stray
from balises.synth.distributions import BUILTIN
from balises.synth.generate import generate


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    generate(out, 8, seed=5, distributions=BUILTIN, ontology_dir=ROOT / "ontology")
    return out


def _tables(settings) -> dict:
    manifest = read_manifest(settings.store)
    store = open_store(settings)
    try:
        tables = {name: read_cells(store, record["key"]) for name, record in manifest["tables"].items()}
        search = sorted(map(str, store.graph_triples(SEARCH_GRAPH)))
        return {"tables": tables, "search": search, "quads": len(store), "materialised": set(manifest["materialised"])}
    finally:
        store.close()


def test_two_processes_write_the_store_one_process_writes(tmp_path, synthetic):
    two = make_home(tmp_path / "two")
    one = replace(make_home(tmp_path / "one"), build_processes=1)
    assert build(two, use_hermit=False, extra=[synthetic]).extra == 1
    build(one, use_hermit=False, extra=[synthetic])
    mine, theirs = _tables(two), _tables(one)
    assert mine["tables"].keys() == theirs["tables"].keys()
    assert any(name not in ONE_PASS for name in mine["tables"])  # tables the second process computed
    for name in mine["tables"]:
        assert mine["tables"][name] == theirs["tables"][name], name
    assert mine["search"] and mine["search"] == theirs["search"]
    assert mine["quads"] == theirs["quads"] and mine["materialised"] == theirs["materialised"]
    version = current(two.store)
    assert not (version / SNAPSHOT).exists() and not (version / RESULTS).exists()
    # an incremental build: the tables recomputed whole go to the second process, the same tables come out
    commune = ('\nter:t-helper a bal:Commune ; rdfs:label "Commune (second processus)"@fr ; bal:partOf ter:t-nord ; '
               'prov:wasDerivedFrom doc:000 .\n')
    for settings in (two, one):
        data = settings.data_dir / "minimal.ttl"
        data.write_text(data.read_text(encoding="utf-8") + commune, encoding="utf-8")
        assert build(settings, use_hermit=False, extra=[synthetic]).incremental
    mine, theirs = _tables(two), _tables(one)
    assert mine["tables"] == theirs["tables"] and mine["quads"] == theirs["quads"]
    assert not (current(two.store) / SNAPSHOT).exists()


def test_a_second_process_that_dies_stops_the_build_and_keeps_the_store(small_home, synthetic, monkeypatch):
    build(small_home, use_hermit=False)
    before = current(small_home.store)
    monkeypatch.setenv("BALISES_FAILPOINT", "helper:computing")
    with pytest.raises(StoreError, match=r"second process computing the tables failed \(killed by signal 9 .*BALISES_BUILD_PROCESSES=1"):
        build(small_home, use_hermit=False, extra=[synthetic])
    assert current(small_home.store) == before
    assert not stray(small_home.store)


@pytest.mark.parametrize("value", ["3", "zero", "-1"])
def test_the_number_of_build_processes_is_1_or_2(monkeypatch, value):
    monkeypatch.setenv("BALISES_BUILD_PROCESSES", value)
    with pytest.raises(Exception, match="BALISES_BUILD_PROCESSES"):
        load_settings()
    monkeypatch.setenv("BALISES_BUILD_PROCESSES", "1")
    assert load_settings().build_processes == 1
