"""Shared fixtures: the project's real store, built once per session, and small throw-away homes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from balises.pipeline.build import build
from balises.query.library import load_library
from balises.rdf.namespaces import BAL
from balises.settings import Settings, load_settings
from balises.store import open_store
from balises.store.oxigraph import quad_to_ox

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
BAD_INPUTS = TESTS / "bad_inputs"


#: The longest files (a minute or more each): first, so that the two workers of `make test` (pytest-xdist, a file
#: to a worker) do not end with one of them alone on the last of them.
LONGEST = ("ui/test_browser.py", "integration/test_store_crashes.py", "ui/test_app.py",
           "integration/test_incremental_build.py")


def pytest_collection_modifyitems(items):
    """The folder says what a test needs: tests/integration and tests/ui the built store, test_browser* Chromium;
    the longest files come first."""
    rank = {name: at for at, name in enumerate(LONGEST)}
    items.sort(key=lambda item: rank.get("/".join(Path(str(item.fspath)).relative_to(TESTS).parts), len(LONGEST)))
    for item in items:
        parts = Path(str(item.fspath)).relative_to(TESTS).parts
        if parts[0] in {"integration", "ui"}:
            item.add_marker(pytest.mark.store)
        if parts[-1].startswith("test_browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def project_settings(tmp_path_factory) -> Settings:
    """The project's real inputs, with a store of the test session's own."""
    return load_settings().with_overrides(home=ROOT, store=tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def built(project_settings):
    """The build result of the real graph (built once per session)."""
    return build(project_settings, force=True)


@pytest.fixture(scope="session")
def store(built, project_settings):
    return open_store(project_settings)


@pytest.fixture(scope="session")
def library(project_settings):
    """The query library of queries/, by slug."""
    return load_library(project_settings.queries_dir)


#: The prefixes of the data files the tests add to a home.
TURTLE_PREFIXES = """@prefix bal: <https://w3id.org/balises/def#> .
@prefix ter: <https://w3id.org/balises/territoire/> .
@prefix prj: <https://w3id.org/balises/projet/> .
@prefix cit: <https://w3id.org/balises/citation/> .
@prefix doc: <https://w3id.org/balises/document/> .
@prefix ref: <https://w3id.org/balises/referentiel/> .
@prefix theme: <https://w3id.org/balises/theme/> .
@prefix voc: <https://w3id.org/balises/vocabulaire/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def make_home(root: Path, data_files: dict[str, str] | None = None) -> Settings:
    """A small project home: the real ontology, corpus and official geography, the source documents, a minimal valid
    data file."""
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data" / "corpus").symlink_to(ROOT / "data" / "corpus")
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.ttl", root / "data" / "sources.ttl")
    shutil.copy(FIXTURES / "minimal.ttl", root / "data" / "minimal.ttl")
    for name, text in (data_files or {}).items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "queries", root / "queries")
    return Settings(home=root, store=root / ".balises" / "store")


def index_content(path: Path) -> dict:
    """What a search index holds: its quotes, its facet columns, and every word of every quote where it is (the
    FTS5 table's own vocabulary, instance by instance, by the quote's IRI; a word of no quote: "")."""
    db = sqlite3.connect(str(path))
    try:
        db.execute("CREATE VIRTUAL TABLE temp.seen USING fts5vocab(main, words, instance)")
        iri = dict(db.execute("SELECT doc, iri FROM quote"))  # a quote's row in `words` differs between the two
        return {"quotes": db.execute("SELECT rank, iri, key, year FROM quote ORDER BY rank").fetchall(),
                "facets": db.execute("SELECT * FROM facet ORDER BY name").fetchall(),
                "words": sorted((term, iri.get(doc, ""), col, offset)
                                for term, doc, col, offset in db.execute("SELECT * FROM temp.seen"))}
    finally:
        db.close()


@pytest.fixture
def small_home(tmp_path) -> Settings:
    return make_home(tmp_path / "home")


@pytest.fixture(scope="session")
def sparql_endpoint(store, project_settings):
    """The session's store behind the real Oxigraph SPARQL server on a free loopback port."""
    from balises.store.server import spawn, stop

    process, endpoint = spawn(project_settings)
    yield endpoint
    stop(process)


@pytest.fixture(scope="session", params=["embedded", "server"])
def any_store(request, store, project_settings):
    """The curated graph through each backend: the embedded Oxigraph store, and the SPARQL server."""
    if request.param == "embedded":
        return store
    endpoint = request.getfixturevalue("sparql_endpoint")
    return open_store(project_settings.with_overrides(endpoint=endpoint))


@pytest.fixture(scope="session")
def docs_server(built, project_settings):
    """`balises serve --docs` over the session's store and the documentation its build wrote: the server's root URL."""
    from balises.store.server import spawn, stop

    process, endpoint = spawn(project_settings, args=("--docs",))
    yield endpoint.removesuffix("/query")
    stop(process)


#: The kinds of term the ontology's documentation must show.
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def defined_terms() -> dict[URIRef, list[str]]:
    """Each class and property ontology/balises.ttl defines in the bal: namespace, with its labels and definitions."""
    graph = Graph().parse(ROOT / "ontology" / "balises.ttl")
    terms = {s for kind in TERM_KINDS for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(BAL._NS))}
    return {t: [str(o) for p in (RDFS.label, SKOS.definition) for o in graph.objects(t, p)] for t in terms}


def referentiel_concepts() -> dict[str, list[str]]:
    """Notation -> French and English preferred labels of the 4 enjeux and 23 balises of ontology/referentiel.ttl."""
    graph = Graph().parse(ROOT / "ontology" / "referentiel.ttl")
    concepts = [c for kind in (BAL.Enjeu, BAL.Balise) for c in graph.subjects(RDF.type, kind)]
    return {str(graph.value(c, SKOS.notation)): [str(o) for o in graph.objects(c, SKOS.prefLabel)] for c in concepts}


def missing_from(text: str, expected: dict) -> list[str]:
    """The keys (IRIs, notations) of `expected` that a page's text lacks, or any of whose texts it lacks."""
    return [str(key) for key, said in expected.items()
            if str(key) not in text or any(" ".join(s.split()) not in text for s in said)]


def canonical(quads) -> ox.Dataset:
    """Quads (rdflib terms) as a canonical pyoxigraph dataset: blank nodes renamed by the graph's shape, so that
    two datasets are equal exactly when they are isomorphic (rdflib's isomorphic() takes minutes on 20 000 triples
    with 800 blank nodes; this takes a second)."""
    dataset = ox.Dataset(quad_to_ox(s, p, o, g) for s, p, o, g in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset
