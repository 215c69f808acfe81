"""A second SPARQL engine, Virtuoso Open-Source, over the curated store: every library query and the explorer's
main reads give the same rows as the embedded Oxigraph store, through the remote backend (BALISES_ENDPOINT).

Virtuoso is started once for the module on free loopback ports (store/virtuoso.py) and loaded with the store's
quads. Without `virtuoso-t` the module is skipped, except in CI (`make system-deps` installs it there)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

import pytest

from balises.analysis.analogues import analogues, profile_for
from balises.analysis.facts import read_facts
from balises.analysis.network import build_network
from balises.catalog.labels import labels_of, territory_labels, translations
from balises.catalog.stats import headline
from balises.cli import main
from balises.query.cache import run_named
from balises.query.library import load_library
from balises.query.run import run_sparql
from balises.quotes.search import open_bank
from balises.rdf.namespaces import INFERRED_GRAPH
from balises.store import open_store
from balises.store import virtuoso as engine
from balises.store.server import answers, free_port

from conftest import ROOT

LIBRARY = load_library(ROOT / "queries")
FREED = [slug for slug, q in LIBRARY.items() if q.params]


@pytest.fixture(scope="module")
def virtuoso(store, project_settings):
    """The session's store copied into a Virtuoso of its own; the remote backend over it."""
    if not engine.installed():
        message = f"{engine.INSTALL}: the comparison with a second engine did not run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with engine.start() as instance:
        assert engine.load_store(instance, store) == len(store)
        yield open_store(project_settings.with_overrides(endpoint=instance.endpoint, query_timeout=120))


def rows(result) -> Counter:
    return Counter(result.rows)


def test_it_holds_the_store_and_only_its_own_graphs_beside_it(virtuoso, store):
    """Every quad of the project's graphs is there; Virtuoso's own graphs (virtrdf#) stay out of the count."""
    assert len(virtuoso) == len(store)


def test_the_dataset_parameters_choose_the_default_graph(virtuoso, store):
    """default-graph-uri (the SPARQL Protocol's dataset): the inferred graph alone, as the embedded store gives it."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graphs = [str(INFERRED_GRAPH)]
    assert virtuoso.query(count, graphs=graphs).rows == store.query(count, graphs=graphs).rows
    assert int(virtuoso.query(count, graphs=graphs).rows[0][0]) < len(store)


@pytest.mark.parametrize("slug", list(LIBRARY))
def test_each_library_query_gives_the_same_rows(slug, virtuoso, store):
    """Same columns, same rows, term for term (concatenated values in the layer's order)."""
    query = LIBRARY[slug]
    ours, theirs = run_sparql(store, query.text, query.bindings()), run_sparql(virtuoso, query.text, query.bindings())
    assert theirs.columns == ours.columns
    assert rows(theirs) == rows(ours), f"{slug}: Virtuoso's rows differ"


@pytest.mark.parametrize("slug", FREED)
def test_each_library_query_with_its_parameters_free_gives_the_same_rows(slug, virtuoso, store):
    query = LIBRARY[slug]
    free = query.bindings({p.name: "" for p in query.params})
    assert rows(run_sparql(virtuoso, query.text, free)) == rows(run_sparql(store, query.text, free)), slug


def test_the_materialised_answers_are_read_from_virtuoso_as_they_were_stored(virtuoso, store):
    """The explorer's path: a marked query answered from its table in graphe:resultats (a long JSON literal)."""
    for slug in [s for s, q in LIBRARY.items() if q.materialise]:
        assert run_named(virtuoso, LIBRARY[slug]).records() == run_named(store, LIBRARY[slug]).records(), slug


def test_the_explorer_labels_and_counts(virtuoso, store):
    assert translations(virtuoso) == translations(store)
    assert territory_labels(virtuoso) == territory_labels(store)
    iris = ["https://w3id.org/balises/territoire/lomme", "https://w3id.org/balises/referentiel/E2",
            "https://w3id.org/balises/projet/lil-o"]
    assert labels_of(virtuoso, iris) == labels_of(store, iris)
    assert headline(virtuoso) == headline(store)


def test_the_quote_search(virtuoso, store):
    ours, theirs = open_bank(store, LIBRARY), open_bank(virtuoso, LIBRARY)
    for kwargs in ({"text": "coopération"}, {"text": "élus", "balises": ["C2"]},
                   {"territories": ["https://w3id.org/balises/territoire/loos-en-gohelle"]}):
        assert list(theirs.search(**kwargs).iris) == list(ours.search(**kwargs).iris), kwargs
    assert theirs.counts("balise", text="habitants") == ours.counts("balise", text="habitants")


def test_the_analysis(virtuoso, store):
    lomme = "ter:lomme"
    assert ([(m.iri, round(m.score, 6)) for m in analogues(virtuoso, profile_for(virtuoso, lomme))]
            == [(m.iri, round(m.score, 6)) for m in analogues(store, profile_for(store, lomme))])
    assert build_network(read_facts(virtuoso)).metrics() == build_network(read_facts(store)).metrics()


def test_balises_serve_engine_virtuoso_serves_a_copy_of_the_store(virtuoso, project_settings, tmp_path):
    """The researcher's command: the store in a Virtuoso of its own until Ctrl-C (SIGTERM here), then gone."""
    port = free_port()
    env = dict(os.environ, BALISES_HOME=str(project_settings.home), BALISES_STORE=str(project_settings.store))
    with open(tmp_path / "out", "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "balises.cli", "serve", "--engine", "virtuoso",
                                    "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while not answers(endpoint, timeout=2) or b"Ctrl-C" not in (tmp_path / "out").read_bytes():
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "out").read_text()
            time.sleep(0.2)
        served = open_store(project_settings.with_overrides(endpoint=endpoint))
        assert [r[1] for r in run_sparql(served, LIBRARY["01-territory-profile"].text).plain_rows()] == ["Lomme"]
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    assert not answers(endpoint, timeout=1)


def test_its_options_are_said_to_be_the_oxigraph_servers(capsys):
    assert main(["serve", "--engine", "virtuoso", "--docs"]) == 2
    assert "--docs comes with the Oxigraph engine" in capsys.readouterr().err
