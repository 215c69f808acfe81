"""The HTTP face of `balises serve`: GET and POST /query as the SPARQL 1.1 Protocol says, checks first; other GET
paths go to the pages `serve` mounts (the YASGUI editor, yasgui.py; static files, static.py).

Refused before any engine sees them: SERVICE, LOAD and updates (400, rdf/sparql_text.py), bodies over
`max_body` bytes (413), requests sent by a browser from another site (403; `--allow-origin` names sites that may,
and gets them CORS headers), a query that already brought an engine down (500, at once)."""

from __future__ import annotations

import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from ..errors import BalisesError, QueryError
from ..rdf.sparql_text import refuse_unsafe
from .static import Page
from .supervisor import Refusal, ServeOptions, Supervisor

DRAIN = 64 * 1024 * 1024  # a refused body is read and dropped up to this size, then the connection is closed


class Front(BaseHTTPRequestHandler):
    """The HTTP face: GET and POST /query as the SPARQL 1.1 Protocol says, checks first."""

    protocol_version = "HTTP/1.1"
    server_version = "balises-serve"
    timeout = 60  # a connection silent for a minute is closed (no thread held by a slow client)
    supervisor: Supervisor  # set on the subclass made by `serve`
    pages: tuple[Callable[[str], Page | None], ...] = ()  # the other GET paths (static pages), tried in order

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if self.supervisor.options.verbose:
            self.supervisor.log(f"{self.address_string()} {format % args}")

    # --- checks -----------------------------------------------------------------------------------------

    def _foreign_origin(self) -> str | None:
        """The other site a browser sent this request from, if it did and that site is not allowed."""
        origin = self.headers.get("Origin")
        allowed = self.supervisor.options.allow_origins
        if origin:
            own = {f"http://{self.headers.get('Host', '')}"}
            return None if origin in own or origin in allowed or "*" in allowed else origin
        if self.headers.get("Sec-Fetch-Site") == "cross-site" and "*" not in allowed:
            return "another site"
        return None

    def _cors(self) -> dict[str, str]:
        origin = self.headers.get("Origin")
        allowed = self.supervisor.options.allow_origins
        if origin and (origin in allowed or "*" in allowed):
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {}

    def _send(self, status: int, body, content_type: str = "text/plain; charset=utf-8", length: int | None = None,
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data) if isinstance(data, bytes) else length))
        for name, value in {**self._cors(), **(headers or {})}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if isinstance(data, bytes):
            self.wfile.write(data)
        else:
            while chunk := data.read(1 << 16):
                self.wfile.write(chunk)

    def _refuse(self, status: int, message: str, close: bool = False) -> None:
        self.close_connection = self.close_connection or close
        self._send(status, message + "\n")

    # --- methods ----------------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            return self._send(200, describe(self.supervisor.options))
        if url.path != "/query":
            return self._page(url.path)
        foreign = self._foreign_origin()
        if foreign:
            return self._refuse(403, forbidden(foreign))
        params = urllib.parse.parse_qs(url.query)
        if not params.get("query"):
            return self._refuse(400, "no query: send ?query=... (GET) or POST it (SPARQL 1.1 Protocol)")
        self._query(params["query"][0], params)

    do_HEAD = do_GET

    def _page(self, path: str) -> None:
        for answer in self.pages:
            if (page := answer(path)) is not None:
                return self._send(page.status, page.body, page.content_type, headers=page.headers)
        self._refuse(404, "not found: the SPARQL endpoint is /query, its editor /yasgui/")

    def do_POST(self) -> None:  # noqa: N802
        if urllib.parse.urlsplit(self.path).path != "/query":
            status = 403 if urllib.parse.urlsplit(self.path).path in ("/update", "/store") else 404
            return self._refuse(status, "the server is read-only: only queries are answered, at /query", close=True)
        foreign = self._foreign_origin()
        if foreign:
            return self._refuse(403, forbidden(foreign), close=True)
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._refuse(411, "send a Content-Length", close=True)
        limit = self.supervisor.options.max_body
        if int(length) > limit:
            self._drain(int(length))
            return self._refuse(413, f"the query is {int(length)} bytes; the server takes at most {limit} "
                                     "(--max-body-kb)", close=True)
        body = self.rfile.read(int(length))
        kind = self.headers.get_content_type()
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if kind == "application/sparql-query":
            text = body.decode("utf-8", "replace")
        elif kind == "application/x-www-form-urlencoded":
            params = {**params, **urllib.parse.parse_qs(body.decode("utf-8", "replace"))}
            text = (params.get("query") or [""])[0]
        else:
            return self._refuse(415, f"Content-Type {kind} is not a SPARQL query: send application/sparql-query, "
                                     "or query=... as application/x-www-form-urlencoded")
        self._query(text, params)

    def _drain(self, length: int) -> None:
        """Read and drop a refused body (up to DRAIN bytes), so that a client still sending it reads the refusal
        instead of a broken connection. Nothing is kept: memory stays flat."""
        left = min(length, DRAIN)
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 16))
            if not chunk:
                break
            left -= len(chunk)

    def do_OPTIONS(self) -> None:  # noqa: N802 - a CORS preflight
        if not self._cors():
            return self._refuse(403, forbidden(self.headers.get("Origin") or "another site"))
        self._send(204, b"", headers={"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                      "Access-Control-Allow-Headers": "Content-Type, Accept",
                                      "Access-Control-Max-Age": "600"})

    def _refuse_method(self) -> None:
        self._refuse(405, "only GET and POST are answered (the server is read-only)", close=True)

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        if not text.strip():
            return self._refuse(400, "the query is empty")
        dataset = urllib.parse.urlencode([(name, value) for name in ("default-graph-uri", "named-graph-uri")
                                          for value in params.get(name, ())])
        try:
            refuse_unsafe(text)
            reply = self.supervisor.answer(text, self.headers.get("Accept", ""), dataset)
        except Refusal as exc:
            return self._refuse(exc.status, str(exc))
        except QueryError as exc:
            return self._refuse(400, str(exc))
        except BalisesError as exc:  # the engine misbehaved (StoreError)
            return self._refuse(502, str(exc))
        try:
            self._send(reply.status, reply.body, reply.content_type, length=reply.length)
        finally:
            reply.body.close()


def forbidden(origin: str) -> str:
    return (f"refused: a request sent by a web page of {origin} (cross-site). The server answers programs and its "
            "own pages; to let a site's pages query it (a YASGUI, say), start it with --allow-origin "
            "https://that.site")


def describe(options: ServeOptions) -> str:
    return (f"Balises SPARQL endpoint (read-only): GET /query?query=... or POST /query (SPARQL 1.1 Protocol).\n"
            f"Limits: queries of at most {options.max_body} bytes, answered within {options.timeout:g} s, answers of "
            f"at most {options.max_result // 2**20} MiB; SERVICE, LOAD and updates refused; requests from other "
            f"web sites refused" + (f" but {', '.join(options.allow_origins)}" if options.allow_origins else "") +
            ".\nA SPARQL editor over it, with the query library: /yasgui/\n"
            + ("The documentation of the ontology and the référentiel: /docs/\n" if options.docs else ""))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
