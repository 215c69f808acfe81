"""`balises serve`: a real, read-only SPARQL 1.1 server over the built store, usable by any client."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from balises.errors import QueryError, StoreError
from balises.query.run import run_sparql
from balises.settings import Settings
from balises.store import open_store


def test_standard_clients_can_query_it(sparql_endpoint):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?b a <https://w3id.org/balises/def#Balise> }"
    url = sparql_endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.load(response)
    assert data["results"]["bindings"][0]["n"]["value"] == "23"
    assert sparql_endpoint.startswith("http://127.0.0.1:")


def test_rdflib_sparqlstore_reads_it(sparql_endpoint):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(sparql_endpoint))
    rows = list(graph.query("SELECT ?l WHERE { <https://w3id.org/balises/territoire/lomme> "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert [str(r[0]) for r in rows] == ["Lomme"]


def test_updates_are_refused_by_the_server(sparql_endpoint):
    update_url = sparql_endpoint.rsplit("/", 1)[0] + "/update"
    request = urllib.request.Request(update_url, data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code in (403, 404, 405)


def test_backends_agree(store, sparql_endpoint, project_settings):
    remote = open_store(project_settings.with_overrides(endpoint=sparql_endpoint))
    query = "SELECT ?b ?n WHERE { ?b a bal:Balise ; skos:notation ?n } ORDER BY ?n"
    assert run_sparql(store, query).rows == run_sparql(remote, query).rows
    ask = "ASK { ter:lomme bal:partOf ter:hauts-de-france }"
    assert run_sparql(remote, ask).outcome.boolean is True


def test_remote_errors_are_clear(sparql_endpoint, project_settings, tmp_path):
    remote = open_store(project_settings.with_overrides(endpoint=sparql_endpoint))
    with pytest.raises(QueryError, match="refused the query"):
        run_sparql(remote, "SELECT ?x WHERE { ?x ")
    down = open_store(Settings(home=tmp_path, store=tmp_path / "s", endpoint="http://127.0.0.1:9/query"))
    with pytest.raises(StoreError, match="cannot reach"):
        run_sparql(down, "ASK {}")
