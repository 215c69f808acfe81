"""Queries that try to hurt: fetch another address (SERVICE), abort the engine (Oxigraph's ORDER BY), run forever,
exhaust memory, arrive too large or from another web site. Through every path that evaluates a user's SPARQL:
the query layer, `balises query FILE`, the explorer's console and `balises serve`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT, make_home
from probes import MIXED, Listener
from streamlit.testing.v1 import AppTest

from balises.cli import main
from balises.errors import QueryError
from balises.pipeline.build import build
from balises.query.run import run_sparql, run_user_query
from balises.store.server import spawn, stop

CURATED_ORDER_BY = "SELECT ?c WHERE { ?a ?b ?c } ORDER BY DESC(?c)"
MIXED_ORDER_BY = f"SELECT ?c WHERE {{ VALUES ?c {{ {MIXED} }} }} ORDER BY ?c"


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


def post(endpoint: str, query: str, headers: dict | None = None, form: bool = True, timeout: float = 60):
    """(status, body) of a query POSTed to the endpoint."""
    data = urllib.parse.urlencode({"query": query}).encode() if form else query.encode()
    kind = "application/x-www-form-urlencoded" if form else "application/sparql-query"
    request = urllib.request.Request(endpoint, data=data, method="POST",
                                     headers={"Content-Type": kind, "Accept": "application/sparql-results+json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


# --- SERVICE: no path fetches another address ----------------------------------------------------------

def test_service_is_refused_by_the_query_layer_and_nothing_is_fetched(store, project_settings, listener):
    for text in (service(listener.url), service(listener.url).replace("SERVICE", "service silent")):
        with pytest.raises(QueryError, match="SERVICE"):
            run_sparql(store, text)
        with pytest.raises(QueryError, match="SERVICE"):
            run_user_query(project_settings, text)
    assert listener.connections == 0


def test_service_is_refused_by_balises_query(project_settings, built, listener, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    path = tmp_path / "q.rq"
    path.write_text(f"# title@fr: t\n# title@en: t\n# question: q\n# user: researcher\n{service(listener.url)}\n")
    assert main(["query", str(path)]) == 2
    assert "SERVICE" in capsys.readouterr().err
    assert listener.connections == 0


def test_service_is_refused_by_the_server(sparql_endpoint, listener):
    status, body, _ = post(sparql_endpoint, service(listener.url))
    assert status == 400 and "SERVICE" in body
    assert listener.connections == 0


def test_service_is_refused_by_the_console_even_after_a_click(project_settings, built, listener, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    at = AppTest.from_file(str(ROOT / "views" / "sparql.py"), default_timeout=60)
    at.query_params["sparql"] = service(listener.url)
    at.run()
    assert not at.exception
    assert any("Exécuter" in i.value for i in at.info), "a query in an address waits for a click"
    at.button(key="sp_run").click().run()
    assert any("SERVICE" in e.value for e in at.error)
    assert listener.connections == 0


# --- Oxigraph's ORDER BY abort ------------------------------------------------------------------------------

def test_the_curated_store_order_by_answers_or_is_reported(project_settings, built):
    """The query that aborted Oxigraph on the curated store. Whether the engine aborts depends on the exact
    values and their order in the store (one build's timestamps and hashes differ from another's): it answers,
    or it is reported, and the process carries on either way."""
    try:
        result = run_user_query(project_settings, CURATED_ORDER_BY)
        assert result.counted > 20_000
    except QueryError as exc:
        assert "ORDER BY" in str(exc)
    assert run_user_query(project_settings, "ASK { ?s ?p ?o }").outcome.boolean is True


def test_an_aborting_order_by_is_reported_not_a_crash(project_settings, built):
    """Values that always abort Oxigraph 0.5 (they are in the query): a message that says why and what to do."""
    with pytest.raises(QueryError, match="ORDER BY STR"):
        run_user_query(project_settings, MIXED_ORDER_BY)
    assert run_user_query(project_settings, "ASK { ?s ?p ?o }").outcome.boolean is True


def test_the_server_survives_order_by_and_answers_the_next_request(sparql_endpoint):
    status, body, _ = post(sparql_endpoint, CURATED_ORDER_BY)
    assert status == 200 or status == 500 and "ORDER BY" in body
    status, body, _ = post(sparql_endpoint, MIXED_ORDER_BY)
    assert status == 500 and "ORDER BY" in body
    status, body, _ = post(sparql_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a bal:Balise }".replace(
        "bal:Balise", "<https://w3id.org/balises/def#Balise>"))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "23"
    status, body, _ = post(sparql_endpoint, MIXED_ORDER_BY)
    assert status == 500 and "refused from now on" in body  # known: refused at once, the engine spared


def test_only_the_aborting_query_fails_among_concurrent_ones(sparql_endpoint):
    """While the engine aborts, the queries in flight beside it are asked again and answered."""
    results: list[int] = []
    good = "SELECT ?b WHERE { ?b a <https://w3id.org/balises/def#Balise> }"

    def ask(text):
        results.append(post(sparql_endpoint, text)[0])

    threads = [threading.Thread(target=ask, args=(MIXED_ORDER_BY if i == 3 else good,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] * 7 + [500]


def test_the_console_reports_order_by(project_settings, built, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    at = AppTest.from_file(str(ROOT / "views" / "sparql.py"), default_timeout=60).run()
    at.text_area(key="sp_text").set_value(MIXED_ORDER_BY)
    at.button(key="sp_run").click().run()
    assert not at.exception
    assert any("ORDER BY" in e.value for e in at.error)


# --- a million rows in the console --------------------------------------------------------------------------

def test_a_million_row_permalink_waits_for_a_click_then_shows_a_page(project_settings, built, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    at = AppTest.from_file(str(ROOT / "views" / "sparql.py"), default_timeout=120)
    at.query_params["sparql"] = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000"
    at.run()
    assert not at.exception and not at.dataframe
    at.button(key="sp_run").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 10_000
    assert any("10 000" in w.value and "100 000" in w.value for w in at.warning)
    assert at.get("download_button")  # the whole result, on a click


# --- the server's own limits ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """`balises serve --timeout 2` over a small store, allowing one other site."""
    settings = make_home(tmp_path_factory.mktemp("served") / "home")
    build(settings, use_hermit=False)
    process, endpoint = spawn(settings, args=("--timeout", "2", "--allow-origin", "https://yasgui.example"))
    yield settings, process, endpoint
    stop(process)


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("text", [CARTESIAN, CARTESIAN.replace("SELECT *", "SELECT (COUNT(*) AS ?n)")],
                         ids=["streaming", "counting"])
def test_the_server_honours_its_timeout_with_an_error_status(guarded, text):
    _, _, endpoint = guarded
    started = time.monotonic()
    status, body, _ = post(endpoint, text)
    assert status == 504 and "2 s" in body
    assert time.monotonic() - started < 6
    assert post(endpoint, "ASK {}")[0] == 200


def test_the_server_refuses_large_bodies_and_cross_site_posts(guarded):
    _, _, endpoint = guarded
    status, body, _ = post(endpoint, "SELECT * WHERE { ?s ?p ?o } #" + "x" * (20 * 2**20), form=False)
    assert status == 413 and "at most" in body
    status, body, _ = post(endpoint, "ASK {}", headers={"Origin": "https://evil.example"})
    assert status == 403 and "--allow-origin" in body
    status, _, _ = post(endpoint, "ASK {}", headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    status, _, headers = post(endpoint, "ASK {}", headers={"Origin": "https://yasgui.example"})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == "https://yasgui.example"
    update = endpoint.rsplit("/", 1)[0] + "/update"
    assert post(update, "DROP ALL")[0] == 403


def test_the_server_follows_a_rebuild(guarded):
    settings, _, endpoint = guarded
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/balises/def#Commune> }"
    before = int(json.loads(post(endpoint, count)[1])["results"]["bindings"][0]["n"]["value"])
    data = settings.data_dir / "minimal.ttl"
    data.write_text(data.read_text(encoding="utf-8") + '\nter:t-suivie a bal:Commune ; rdfs:label "Suivie"@fr ; '
                    "bal:partOf ter:t-nord ; prov:wasDerivedFrom doc:000 .\n", encoding="utf-8")
    build(settings, use_hermit=False)
    deadline = time.monotonic() + 10
    while True:
        after = int(json.loads(post(endpoint, count)[1])["results"]["bindings"][0]["n"]["value"])
        if after == before + 1 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert after == before + 1


def test_sigterm_stops_the_server_and_its_engines(tmp_path):
    settings = make_home(tmp_path / "home")
    build(settings, use_hermit=False)
    process, endpoint = spawn(settings)
    engines = _engines_of(process.pid)
    assert engines, "the server runs an Oxigraph engine"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    time.sleep(0.3)
    assert [pid for pid in engines if _alive(pid)] == []


def _engines_of(parent: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/status").read().count("State:\tZ")
