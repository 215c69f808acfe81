"""The remote backend's side of the SPARQL 1.1 Protocol: the forms every engine accepts (GET for a short query,
a form-encoded POST for a long one), the dataset parameters, an endpoint that does not answer in time."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import urllib.parse

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from balises.errors import StoreError
from balises.store.remote import GET_MAX, SparqlEndpointStore

ANSWER = {"head": {"vars": ["n"]},
          "results": {"bindings": [{"n": {"type": "typed-literal", "datatype": str(XSD.integer), "value": "23"}}]}}


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every query with ANSWER and keeps what it was sent: (method, content type, parameters)."""

    seen: list = []

    def _answer(self, method: str, fields: str) -> None:
        self.seen.append((method, self.headers.get("Content-Type"), urllib.parse.parse_qs(fields)))
        body = json.dumps(ANSWER).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self._answer("GET", urllib.parse.urlsplit(self.path).query)

    def do_POST(self):  # noqa: N802
        self._answer("POST", self.rfile.read(int(self.headers["Content-Length"])).decode("ascii"))

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Recorder", (_Recorder,), {"seen": []}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", server.RequestHandlerClass.seen
    server.shutdown()
    server.server_close()


def test_a_short_query_is_a_get_and_a_long_one_a_form_encoded_post(recorder):
    endpoint, seen = recorder
    store = SparqlEndpointStore(endpoint, timeout=5)
    short = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    long = short + " # " + "é" * GET_MAX
    assert store.query(short).rows == [(Literal("23", datatype=XSD.integer),)]
    store.query(long, graphs=["https://w3id.org/balises/graphe/infere"])
    assert seen[0] == ("GET", None, {"query": [short]})
    assert seen[1] == ("POST", "application/x-www-form-urlencoded",
                       {"query": [long], "default-graph-uri": ["https://w3id.org/balises/graphe/infere"]})


def test_the_dataset_parameters_travel_with_a_get_too(recorder):
    endpoint, seen = recorder
    graphs = ["https://w3id.org/balises/graphe/a", "https://w3id.org/balises/graphe/b"]
    SparqlEndpointStore(endpoint, timeout=5).query("ASK {}", graphs=graphs)
    assert seen == [("GET", None, {"query": ["ASK {}"], "default-graph-uri": graphs})]


def test_an_endpoint_that_does_not_answer_in_time_is_named_with_what_to_do():
    with socket.socket() as silent:  # accepts the connection (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with pytest.raises(StoreError) as info:
            SparqlEndpointStore(endpoint, timeout=0.3).query("ASK {}")
    message = str(info.value)
    assert endpoint in message and "0.3 s" in message and "BALISES_QUERY_TIMEOUT" in message
