"""The incremental build: a changed data file replaces its own graph, the tables it can affect are recomputed, and
the store is the one a whole build of the same files gives (every named graph compared, blank nodes by content):
after an edited link and a new file (compared once, both changes together), and after the file's removal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import orjson
from rdflib.namespace import DCTERMS

from balises.errors import ValidationError
from balises.pipeline.build import build
from balises.pipeline.incremental import Plan, plan
from balises.rdf.canonical import canonical
from balises.pipeline.load import file_hashes, input_files, texts_hash
from balises.pipeline.derive import computed_tables, hashed, table_jobs
from balises.query.binding import compose
from balises.query.keys import order_of
from balises.query.library import load_library, read
from balises.query.plain import PLAIN_DIR
from balises.query.tables import RESULTS_GRAPH, read_cells, read_computed, result_key, text_rows
from balises.quotes.fulltext import INDEX_FILE
from balises.quotes.search import build_index
from balises.settings import Settings
from balises.store.oxigraph import OxigraphStore, read_manifest
from balises.store.versions import current

from conftest import ROOT, TURTLE_PREFIXES, index_content

#: A data file added to the project: a commune doc:002 names (which the official geography links), and a project of
#: Lomme shown by a quote of doc:000 (copied verbatim).
NEW_FILE = TURTLE_PREFIXES + """
ter:t-lievin a bal:Commune ; rdfs:label "Liévin"@fr ; prov:wasDerivedFrom doc:002 .

prj:t-communs a bal:Project ; rdfs:label "Communs territoriaux (essai)"@fr ; bal:territory ter:lomme ;
    bal:theme theme:urbanisme-amenagement ; bal:status voc:en-cours ; prov:wasDerivedFrom doc:000 .

cit:t-communs a bal:Evidence ; rdfs:label "Une base pour les communs (essai)"@fr ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:000 ;
        oa:hasSelector [ a oa:TextQuoteSelector ;
            oa:exact "Cela constitue une base pour penser les communs territoriaux." ] ] ;
    bal:illustrates ref:T3 ; bal:about prj:t-communs ; prov:wasDerivedFrom doc:000 .
"""

NEWSLETTER = "data/001-newsletter-territoires-pilotes.ttl"


def _home(root: Path) -> Settings:
    """A copy of the project's inputs that the tests may edit (the corpus and the official geography linked)."""
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("corpus", "reference", "templates"))
    for name in ("corpus", "reference"):
        (root / "data" / name).symlink_to(ROOT / "data" / name)
    return Settings(home=root, store=root / ".balises" / "store")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Settings:
    settings = _home(tmp_path_factory.mktemp("incremental") / "home")
    assert build(settings, use_hermit=False).why == "no store yet"
    return settings


def graphs(settings: Settings) -> dict[str, object]:
    """Every named graph of the store, blank nodes named by content, the build's timestamps left out; the tables
    read back row by row (in their order when their query orders them, as a multiset otherwise)."""
    store = OxigraphStore.open(settings.store)
    try:
        found: dict[str, object] = {}
        for s, p, o, g in store.quads():
            if str(g) == str(RESULTS_GRAPH) or p == DCTERMS.created:
                continue
            found.setdefault(str(g), set()).add((s, p, o))
        found = {g: canonical(t) for g, t in found.items()}
        library = load_library(settings.queries_dir)
        for name, text, bindings in table_jobs(library):
            columns, cells = read_cells(store, result_key(text, bindings))
            rows = [orjson.dumps(c, option=orjson.OPT_SORT_KEYS) for c in cells]
            found[f"table {name}"] = (columns, rows if order_of(compose(text, bindings)) else sorted(rows))
        for name, (layout, _) in computed_tables().items():
            found[f"computed {name}"] = sorted(orjson.dumps(row, option=orjson.OPT_SORT_KEYS)
                                               for row in read_computed(store, name, layout))
        return found
    finally:
        store.close()


def assert_as_whole(settings: Settings) -> None:
    """The store equals a whole build of the same files, graph by graph."""
    whole = settings.with_overrides(store=settings.store.parent / "whole")
    shutil.rmtree(whole.store.parent / ".whole.versions", ignore_errors=True)
    build(whole, force=True, use_hermit=False)
    mine, theirs = graphs(settings), graphs(whole)
    assert sorted(mine) == sorted(theirs)
    store = OxigraphStore.open(settings.store)
    try:  # the quads the incremental build says it left (from the graphs' counts), as counted
        assert read_manifest(settings.store)["triples"] == len(store)
        held = {h.replace("sha1:", "") + ".pickle" for h, in text_rows(store, compose(read("tables-hashes-all"), {}))}
        kept = {p.name for p in (current(settings.store) / PLAIN_DIR).glob("*.pickle")}
        assert kept and kept <= held  # the plain rows kept: some chunk's of the store each (query/plain.py)
    finally:
        store.close()
    for graph in theirs:
        if graph.startswith("table "):
            assert mine[graph] == theirs[graph], (graph, [r for r in mine[graph][1] if r not in theirs[graph][1]][:3],
                                                  [r for r in theirs[graph][1] if r not in mine[graph][1]][:3])
        else:
            assert mine[graph] == theirs[graph], (graph, sorted(mine[graph] ^ theirs[graph], key=str)[:6])


def _edit(settings: Settings, name: str, old: str, new: str) -> None:
    path = settings.home / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_literal_replaces_one_graph_and_one_table_without_reasoning_again(home):
    _edit(home, NEWSLETTER, "sans en préciser la nature ; c'est", "sans en préciser la nature. C'est")
    result = build(home, use_hermit=False)
    text = result.summary()
    assert result.incremental and "Incrementally: data/001-newsletter-territoires-pilotes.ttl (edited)" in text
    assert "reasoner not rerun" in text
    assert "graphe:donnees/001-newsletter-territoires-pilotes (-1 +1)" in text
    assert "1 table(s) recomputed: 31-source-documents (reads rdfs:comment)" in text
    assert "search index: kept" in text and "documentation kept" in text
    assert "analogues-territory-features: kept" in text and "analogues-project-features: kept" in text


def test_an_edited_link_recomputes_the_tables_reading_it(home):
    _edit(home, NEWSLETTER, "bal:status voc:propose", "bal:status voc:en-cours")
    result = build(home, use_hermit=False)
    assert "reasoner rerun" in result.summary()
    recomputed = next(line for line in result.incremental if "recomputed:" in line)
    for table in ("33-projects-by-facets", "34-facet-values", "quotes-facets"):
        assert table in recomputed
    assert "12-balise-cooccurrence" not in recomputed
    assert "search index: rebuilt" in result.summary()
    # the former index file copied and changed for the quotes redone only
    assert "the index file updated in place" in result.summary()
    assert_index_as_whole(home)


def assert_index_as_whole(settings: Settings) -> None:
    """The search index holds what an index written whole from the same store holds, term for term."""
    version = current(settings.store)
    store = OxigraphStore.open(settings.store)
    try:
        whole = version.parent / "index-written-whole.sqlite"
        for _ in build_index(store, load_library(settings.queries_dir), whole):
            pass
    finally:
        store.close()
    try:
        assert index_content(version / INDEX_FILE) == index_content(whole)
    finally:
        whole.unlink()


def test_a_new_file_and_its_removal(home):
    new = home.data_dir / "contrib" / "t-communs.ttl"
    new.write_text(NEW_FILE, encoding="utf-8")
    result = build(home, use_hermit=False)
    assert "data/contrib/t-communs.ttl (new)" in result.summary()
    assert "graphe:donnees/contrib/t-communs (-0 +" in result.summary()
    assert "graphe:reference/cog (-" in result.summary()  # Liévin, its code and wider territories
    # a quote's balise reaches its territory through a UNION (its own, or its project's): rows, not the table
    assert re.search(r"facts-balises \(reads [^)]*; the rows of \d+ \?t recomputed\)", result.summary())
    # the search graph: the quotes of the rows redone only; the index file too (the new quotes' words added, the
    # others' left where they are, the bank's order and facets written again)
    assert "the search graph of" in result.summary() and "the index file updated in place" in result.summary()
    assert_as_whole(home)
    assert_index_as_whole(home)
    new.unlink()
    result = build(home, use_hermit=False)
    assert "data/contrib/t-communs.ttl (removed)" in result.summary()
    assert "the index file updated in place" in result.summary()  # the gone quotes' words taken out
    assert_as_whole(home)
    assert_index_as_whole(home)


def test_an_organisation_moved_recomputes_the_features_of_its_projects_and_members_only(home):
    """The Fabrique's kind (an actor of four projects in four territories) and where the Ville de Malaunay acts
    (the levels of its members, actors of projects it is not in): the records of these projects and territories
    recomputed, the others left, all as a whole build; then both edits undone."""
    edits = [("data/000-lomme.ttl", "bal:organisationKind voc:reseau ;\n    bal:actorCategory ref:tiers ;",
              "bal:organisationKind voc:association ;\n    bal:actorCategory ref:tiers ;"),
             ("data/004-atelier-villes-pairs-suite.ttl", "bal:actsIn ter:malaunay ;\n    bal:actorCategory ref:elus ;",
              "bal:actsIn ter:france ;\n    bal:actorCategory ref:elus ;")]
    for undo in (False, True):
        for name, before, after in edits:
            _edit(home, name, *((after, before) if undo else (before, after)))
        result = build(home, use_hermit=False)
        summary = result.summary()
        assert result.incremental, summary
        for name in ("analogues-territory-features", "analogues-project-features"):
            assert re.search(name + r": the records of \d+ IRI\(s\) recomputed", summary), summary
        assert_as_whole(home)


def test_a_bad_edit_is_refused_and_the_store_kept(home):
    before = current(home.store)
    _edit(home, NEWSLETTER, "bal:status voc:en-cours", "bal:status voc:en-cours ; bal:status voc:reussi")
    with pytest.raises(ValidationError) as raised:
        build(home, use_hermit=False)
    assert "data/001-newsletter-territoires-pilotes.ttl" in str(raised.value)
    assert current(home.store) == before
    _edit(home, NEWSLETTER, "bal:status voc:en-cours ; bal:status voc:reussi", "bal:status voc:en-cours")
    assert build(home, use_hermit=False).skipped


def test_a_change_outside_the_data_builds_everything_and_says_which_file(home):
    manifest = read_manifest(home.store)
    files = input_files(home)
    hashes = dict(file_hashes(home, files), **{"ontology/shapes.ttl": "0" * 64})
    found, why = plan(home, manifest, files, hashes, texts_hash(hashed()), [])
    assert found is None and why == "ontology/shapes.ttl changed (not a data file)"
    hashes = dict(file_hashes(home, files), **{NEWSLETTER: "0" * 64})
    found, why = plan(home, manifest, files, hashes, texts_hash(hashed()), [])
    assert found == Plan(changed=[NEWSLETTER]) and why == ""
    found, why = plan(home, manifest, files, file_hashes(home, files), "another version", [])
    assert found is None and "version" in why
