"""A remote SPARQL 1.1 endpoint as the store (Oxigraph server, QLever, Virtuoso, GraphDB, Fuseki...).

Only the SPARQL 1.1 Protocol is used, in the two forms every engine accepts: a GET with the query in the URL
when the URL stays short (GET_MAX bytes), else a POST of the form-encoded parameters (`query=`,
`default-graph-uri=`). The third form, a POST whose body is the bare query (application/sparql-query), is left
aside: Virtuoso 7.2 leaves it unanswered until the client gives up. Results come as
application/sparql-results+json (SELECT, ASK; the older `typed-literal` cells Virtuoso writes are read as
literals with their datatype) or N-Triples (CONSTRUCT, DESCRIBE). The endpoint must expose the union of the
named graphs as its default graph (`oxigraph serve-read-only --union-default-graph`, Fuseki's
unionDefaultGraph, Virtuoso's default; store/virtuoso.py starts one so).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from importlib import resources
from typing import Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from ..rdf.codec import from_json
from .interface import QueryOutcome
from .oxigraph import OxigraphStore, quad_to_ox

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: The longest URL sent as a GET (query and dataset parameters encoded); a longer request is a form-encoded POST.
#: Servers and proxies take at least 4 KB of request line; the library's queries mostly fit in 2 000 bytes.
GET_MAX = 2000


def _protocol(name: str) -> str:
    """One of the backend's own queries (store/reads/*.rq: every quad, their number), in the format of the query
    library (whose loader is a layer above this one: the header is comments, the body plain SPARQL)."""
    return (resources.files(__package__) / "reads" / f"{name}.rq").read_text(encoding="utf-8")


class SparqlEndpointStore:
    """The store interface over HTTP. Bindings are expected already in the query text (VALUES)."""

    def __init__(self, endpoint: str, timeout: float = 30.0):
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"{endpoint!r} is not an http(s) SPARQL endpoint URL")
        self.endpoint = endpoint
        self.timeout = timeout
        self.description = f"SPARQL endpoint {endpoint}"

    def _request(self, sparql: str, graphs: Sequence[str] | None = None) -> urllib.request.Request:
        """The query as the SPARQL 1.1 Protocol's GET (short) or form-encoded POST, with the dataset parameters."""
        fields = [("query", sparql)] + [("default-graph-uri", g) for g in graphs or ()]
        encoded = urllib.parse.urlencode(fields)
        url = self.endpoint + ("&" if "?" in self.endpoint else "?") + encoded
        if len(url) <= GET_MAX:
            return urllib.request.Request(url, method="GET", headers={"Accept": ACCEPT})
        return urllib.request.Request(self.endpoint, data=encoded.encode("ascii"), method="POST",
                                      headers={"Content-Type": "application/x-www-form-urlencoded",
                                               "Accept": ACCEPT})

    def _send(self, sparql: str, graphs: Sequence[str] | None = None) -> tuple[str, bytes]:
        try:
            with urllib.request.urlopen(self._request(sparql, graphs), timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            if exc.code == 400:
                raise QueryError(f"the endpoint refused the query (SPARQL syntax?): {detail}") from exc
            raise QueryError(f"the endpoint answered HTTP {exc.code}: {detail}") from exc
        except TimeoutError as exc:
            raise self._overdue() from exc
        except (urllib.error.URLError, OSError) as exc:
            if isinstance(getattr(exc, "reason", None), TimeoutError):  # the connection itself timed out
                raise self._overdue() from exc
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {exc}. Is `balises serve` running, "
                             "or BALISES_ENDPOINT right?") from exc

    def _overdue(self) -> StoreError:
        return StoreError(f"the SPARQL endpoint {self.endpoint} did not answer within {self.timeout:g} s. The query "
                          "may be too heavy for it: allow more time (BALISES_QUERY_TIMEOUT, in seconds), or check that "
                          "the server is up and answers a SPARQL 1.1 query (GET ?query=ASK{})")

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
              graphs: Sequence[str] | None = None) -> QueryOutcome:
        if bindings:
            raise QueryError("a remote endpoint takes its parameters in the query text (the query layer's VALUES block)")
        content_type, body = self._send(sparql, graphs)
        try:
            return self._outcome(content_type, body)
        except (ValueError, KeyError, TypeError, AttributeError, SyntaxError) as exc:
            raise StoreError(f"the SPARQL endpoint {self.endpoint} answered something that is not a SPARQL result "
                             f"({content_type}: {body[:80]!r}...): is BALISES_ENDPOINT a SPARQL endpoint?") from exc

    @staticmethod
    def _outcome(content_type: str, body: bytes) -> QueryOutcome:
        if content_type in ("application/sparql-results+json", "application/json"):
            data = json.loads(body)
            if "boolean" in data:
                return QueryOutcome(kind="ask", boolean=bool(data["boolean"]))
            columns = data["head"].get("vars", [])
            rows = [tuple(from_json(b[c]) if c in b else None for c in columns) for b in data["results"]["bindings"]]
            return QueryOutcome(kind="select", columns=columns, rows=rows)
        if content_type not in ("application/n-triples", "text/turtle"):
            raise ValueError(f"unexpected content type {content_type}")
        graph = Graph()
        graph.parse(data=body.decode("utf-8"), format="nt" if "n-triples" in content_type else "turtle")
        return QueryOutcome(kind="graph", triples=list(graph))

    def quads(self):
        outcome = self.query(_protocol("all-quads"))
        for s, p, o, g in outcome.rows:
            yield s, p, o, g

    def __len__(self) -> int:
        return int(self.query(_protocol("count-quads")).rows[0][0])

    def dump(self, output, fmt: str, prefixes: dict[str, str] | None = None, leave_out: set[str] = frozenset(),
             owl2: bool = False) -> None:
        memory = ox.Store()
        memory.extend(quad_to_ox(*q) for q in self.quads())
        OxigraphStore(memory, self.description).dump(output, fmt, prefixes, leave_out, owl2)

    def close(self) -> None:
        pass
