"""A build at scale computes its table queries in a second process (pipeline/helper.py) reading a snapshot of the
new store: the store it writes is the one a build in one process writes, table for table; a second process that
dies stops the build with its own message, and the previous store stays current."""

from __future__ import annotations

import pickle
import re
from collections import Counter
from dataclasses import replace

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS
from conftest import ROOT, TURTLE_PREFIXES, make_home

from balises.errors import StoreError
from balises.pipeline.build import build
from balises.pipeline.derive import ONE_PASS
from balises.pipeline.helper import RESULTS, SNAPSHOT
from balises.query.binding import compose
from balises.query.kept import KEPT_DIR, Kept, delta_name, file_name
from balises.system.atomic import read_pickle
from balises.query.library import read
from balises.query.onepass import Reads
from balises.query.tables import read_cells
from balises.quotes.search import SEARCH_GRAPH
from balises.settings import load_settings
from balises.store import open_store
from balises.store.oxigraph import read_manifest
from balises.store.seen import Seen
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
    assert not (version / Seen.FILE).exists() and not (current(one.store) / Seen.FILE).exists()  # handed, removed
    # an incremental build: the tables recomputed whole go to the second process, the same tables come out
    commune = ('\nter:t-helper a bal:Commune ; rdfs:label "Commune (second processus)"@fr ; bal:partOf ter:t-nord ; '
               'prov:wasDerivedFrom doc:000 .\n')
    for settings in (two, one):
        data = settings.data_dir / "minimal.ttl"
        data.write_text(data.read_text(encoding="utf-8") + commune, encoding="utf-8")
        result = build(settings, use_hermit=False, extra=[synthetic])
        assert result.incremental
        # 14-documents's rows answered by the second process (ROWS_BESIDE), put in place by the first
        assert re.search(r"14-documents \(reads [^)]*; the rows of \d+ \?document recomputed\)", result.summary())
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


#: A file added, then removed: a commune, a project there and a quote about it (a blank node as its target).
ADDED = TURTLE_PREFIXES + """
ter:t-kept a bal:Commune ; rdfs:label "Commune (lectures gardées)"@fr ; bal:partOf ter:t-nord ;
    prov:wasDerivedFrom doc:000 .
prj:t-kept a bal:Project ; rdfs:label "Projet (lectures gardées)"@fr ; bal:territory ter:t-kept ;
    bal:theme theme:dechets ; bal:status voc:reussi ; prov:wasDerivedFrom doc:000 .
cit:t-kept a bal:Evidence ; rdfs:label "Une base (lectures gardées)"@fr ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:000 ;
        oa:hasSelector [ a oa:TextQuoteSelector ;
            oa:exact "Cela constitue une base pour penser les communs territoriaux." ] ] ;
    bal:illustrates ref:T3 ; bal:about prj:t-kept ; prov:wasDerivedFrom doc:000 .
"""


def _kept_as_the_store_answers(settings) -> set[str]:
    """Every kept read of the current version (query/kept.py) is what the store answers now, pair for pair and
    as many times; the names of its files."""
    version = current(settings.store)
    files = {path.name: path for path in (version / KEPT_DIR).glob("*.pickle") if not path.name.endswith(".delta.pickle")}
    reader = Kept(version / KEPT_DIR)  # each read as its file and its delta file keep it
    store = open_store(settings)
    try:
        fresh, quads = Reads(store), list(store.quads())
        predicates = {p for _, p, _, _ in quads}
        classes = {o for _, p, o, _ in quads if p == RDF.type and isinstance(o, URIRef)}
        checked = set()
        for kind, terms in (("p", predicates), ("c", classes)):
            for term in terms:
                path = files.get(file_name(kind, str(term)))
                if path is None:
                    continue
                kept = reader.pairs(term) if kind == "p" else reader.members(term)
                if kind == "p":
                    answer = {s: Counter(objects) for s, objects in fresh.objects(term).items()}
                    assert {s: Counter(objects) for s, objects in kept.items()} == answer, term
                else:
                    answer = Counter(row[0] for row in store.raw_rows(compose(read("members"), {"class": term}))[0])
                    assert kept == answer, term
                checked.add(path.name)
        assert len(checked) > 10
        assert all(not pickle.loads(files[name].read_bytes()) for name in set(files) - checked)  # read, none held
        return set(files)
    finally:
        store.close()


def test_the_kept_reads_follow_the_store_through_incremental_builds(tmp_path, synthetic):
    """What the second process's one-pass tables read is kept beside the store version; an incremental build
    carries the files its change does not touch (hard links), and applies its change to those it does: after a
    file added and removed, every kept read is still what the store answers."""
    settings = make_home(tmp_path / "kept")
    build(settings, use_hermit=False, extra=[synthetic])
    _kept_as_the_store_answers(settings)
    labels = file_name("p", str(RDFS.label))
    for step in ("added", "removed"):
        former = {path.name: path.stat().st_ino for path in (current(settings.store) / KEPT_DIR).iterdir()}
        added = settings.data_dir / "kept.ttl"
        added.write_text(ADDED, encoding="utf-8") if step == "added" else added.unlink()
        assert build(settings, use_hermit=False, extra=[synthetic]).incremental
        here = current(settings.store) / KEPT_DIR
        carried = [n for n in _kept_as_the_store_answers(settings) if former.get(n) == (here / n).stat().st_ino]
        # rdfs:label's file carried too, the change beside it (the former delta's, then this one's)
        assert carried and labels in former and labels in carried, step
        assert len(read_pickle(here / delta_name(labels))) >= (3 if step == "added" else 6), step


@pytest.mark.parametrize("value", ["3", "zero", "-1"])
def test_the_number_of_build_processes_is_1_or_2(monkeypatch, value):
    monkeypatch.setenv("BALISES_BUILD_PROCESSES", value)
    with pytest.raises(Exception, match="BALISES_BUILD_PROCESSES"):
        load_settings()
    monkeypatch.setenv("BALISES_BUILD_PROCESSES", "1")
    assert load_settings().build_processes == 1
