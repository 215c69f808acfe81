"""`balises serve`: the built store behind a real SPARQL 1.1 server (Oxigraph's, from PyPI), read-only, guarded.

Oxigraph answers the queries; a front of ours (the standard library's threaded HTTP server) stands between it
and the clients, because the engine alone can be brought down, kept busy or turned against its host:

- refused before any engine sees them: SERVICE, LOAD and updates (400, sparql_text.refuse_unsafe), bodies over
  `max_body` bytes (413), requests sent by a browser from another site (403; `--allow-origin` names sites that
  may, and gets them CORS headers), a query that already brought an engine down (500, at once);
- the engine (store/engine.py) runs on a private loopback address under a memory limit. When it dies (Oxigraph
  aborts on some ORDER BY), the front logs its last words and starts another; each request that was in flight
  is asked again, one at a time, of a quarantine engine of its own: the others get their answers, and only the
  query that brings the engine down gets an error, and is refused from then on;
- every answer is read whole before it is sent: past `timeout` seconds the client gets 504, an answer over
  `max_result` bytes 507, never a 200 cut short or carrying « cancelled ». An engine that may still be working
  on a query past its deadline is stopped at once (Oxigraph's own timeout does not stop every query) and
  replaced; the other queries it held are asked again as after a crash;
- at most `concurrency` queries run at once; the others wait for a slot within their own deadline (503 past it);
- the store is followed: after `balises build`, new requests go to an engine on the new version (logged), the
  old engine ends its requests and stops.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from ..errors import BalisesError, QueryError, StoreError
from ..settings import Settings
from ..rdf.sparql_text import refuse_unsafe
from .engine import Engine, EngineDown, Overdue, Reply, TooLarge
from .versions import current

GRACE = 2.0  # seconds an engine may take past a deadline before it counts as busy with an abandoned query
MAX_BODY = 1024 * 1024
MAX_RESULT = 256 * 1024 * 1024
DRAIN = 64 * 1024 * 1024  # a refused body is read and dropped up to this size, then the connection is closed
QUARANTINE_ENGINES = 8     # queries asked again after an engine died, side by side, each on an engine of its own
POISONED_KEPT = 10_000     # queries known to bring the engine down, refused at once


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_body: int = MAX_BODY
    max_result: int = MAX_RESULT
    memory_mb: int = 3072
    concurrency: int = 16
    allow_origins: tuple[str, ...] = ()
    verbose: bool = False


class Refusal(Exception):
    """An error answer: HTTP status and a message the client reads."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Supervisor:
    """The engines behind the front: the current one, those retiring, the quarantine, the refused queries."""

    store: Path
    options: ServeOptions
    log: Callable[[str], None]
    engine: Engine | None = None
    retiring: list[Engine] = field(default_factory=list)
    poisoned: dict[str, str] = field(default_factory=dict)
    generation: int = 0

    def __post_init__(self):
        self.lock = threading.Lock()
        self.quarantine = threading.BoundedSemaphore(QUARANTINE_ENGINES)
        self.slots = threading.BoundedSemaphore(self.options.concurrency)
        self.stopping = threading.Event()

    # --- engines ----------------------------------------------------------------------------------------

    def _new_engine(self, why: str = "") -> Engine:
        self.generation += 1
        engine = Engine.start(self.store, self.options.timeout, self.options.memory_mb,
                              f"engine {self.generation}", self.log)
        self.log(f"engine {self.generation} serves {engine.version.name}" + (f" ({why})" if why else ""))
        return engine

    def start(self) -> None:
        self.engine = self._new_engine()
        threading.Thread(target=self._watch, name="watchdog", daemon=True).start()

    def _watch(self) -> None:
        while not self.stopping.wait(0.2):
            try:
                self._check()
            except BalisesError as exc:
                self.log(f"cannot start a new engine: {exc}; trying again")
                time.sleep(1)

    def _check(self) -> None:
        engine = self.engine
        why = None
        if not engine.alive():
            why = f"the previous one stopped ({engine.exit_status()}): {engine.last_words()}"
        elif engine.tainted:
            # Oxigraph does not always stop at its own timeout (a COUNT over a cartesian product ran 58 s past a
            # 5 s one): the engine is stopped now; the other queries it held are asked again (EngineDown).
            why = "the previous one was stopped: a query had passed its timeout and the engine was still at it"
            engine.process.kill()
        else:
            latest = current(self.store)
            if latest is not None and latest.resolve() != engine.version.resolve() \
                    and (latest / "build.json").is_file():
                why = f"the store was rebuilt ({engine.version.name} -> {latest.name})"
        if why:
            fresh = self._new_engine(why)
            with self.lock:
                old, self.engine = self.engine, fresh
                old.retired_at = time.monotonic()
                self.retiring.append(old)
        limit = self.options.timeout + GRACE
        for old in list(self.retiring):
            if not old.alive() or old.inflight == 0 or time.monotonic() - old.retired_at > limit:
                old.stop()
                with self.lock:
                    self.retiring.remove(old)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            engines = [self.engine, *self.retiring]
        for engine in engines:
            if engine is not None:
                engine.stop()

    # --- queries ----------------------------------------------------------------------------------------

    def answer(self, query: str, accept: str, dataset: str = "") -> Reply:
        """The engine's answer to a query (`dataset`: the SPARQL Protocol's default-graph-uri and named-graph-uri
        parameters, URL-encoded), or a Refusal."""
        key = hashlib.sha256(f"{dataset}\n{query}".encode("utf-8")).hexdigest()
        if key in self.poisoned:
            raise Refusal(500, self.poisoned[key])
        deadline = time.monotonic() + self.options.timeout
        if not self.slots.acquire(timeout=self.options.timeout):
            raise Refusal(503, f"the server is busy: no slot freed within {self.options.timeout:g} s; try again")
        try:
            with self.lock:
                engine = self.engine
                engine.inflight += 1
            try:
                return engine.fetch(query, accept, deadline, self.options.max_result, dataset)
            except Overdue:
                engine.tainted = True
                raise Refusal(504, self._overdue()) from None
            except TooLarge:
                engine.tainted = True
                raise Refusal(507, self._too_large()) from None
            except EngineDown:
                pass
            finally:
                with self.lock:
                    engine.inflight -= 1
            return self._quarantined(query, accept, deadline, key, dataset)
        finally:
            self.slots.release()

    def _quarantined(self, query: str, accept: str, deadline: float, key: str, dataset: str) -> Reply:
        """Ask again, alone on an engine of its own, a query that was in flight when the engine died: the others
        in flight get their answers, each from its own engine, side by side; the one that brings its engine
        down again is the culprit."""
        with self.quarantine:
            try:
                engine = Engine.start(self.store, self.options.timeout, self.options.memory_mb, "quarantine",
                                      self.log)
            except BalisesError as exc:
                raise Refusal(503, f"the SPARQL engine cannot start: {exc}") from None
            try:
                return engine.fetch(query, accept, deadline, self.options.max_result, dataset)
            except Overdue:
                raise Refusal(504, self._overdue()) from None
            except TooLarge:
                raise Refusal(507, self._too_large()) from None
            except EngineDown:
                message = crash_message(engine.last_words())
                self.poisoned[key] = message
                while len(self.poisoned) > POISONED_KEPT:  # the oldest first: dicts keep their order
                    del self.poisoned[next(iter(self.poisoned))]
                self.log(f"query {key[:12]} stopped the engine twice: refused from now on ({engine.last_words()})")
                raise Refusal(500, message) from None
            finally:
                engine.stop()

    def _overdue(self) -> str:
        return (f"the query was stopped after {self.options.timeout:g} s (the server's --timeout): add a LIMIT, or "
                "narrow its patterns")

    def _too_large(self) -> str:
        return (f"the answer is larger than {self.options.max_result // 2**20} MiB (the server's --max-result-mb): "
                "page through it with LIMIT and OFFSET")


ORDER_BY_PANIC = "does not correctly implement a total order"


def crash_message(words: str) -> str:
    """What to tell the client whose query brings the engine down."""
    if "of memory" in words:
        return f"this query stops the SPARQL engine: {words}. Add a LIMIT, or avoid patterns that multiply rows; " \
               "the server carried on and refuses this query from now on"
    if ORDER_BY_PANIC in words:
        return ("this query stops the SPARQL engine: Oxigraph 0.5 aborts when ORDER BY sorts numbers together with "
                "texts (it compares a number with a text by spelling, which is no order). Sort on one kind of value: "
                "ORDER BY STR(?x), or FILTER(isNumeric(?x)). The server carried on; this query is refused from now on.")
    return f"this query stops the SPARQL engine ({words[:300]}); the server carried on and refuses it from now on"


class Front(BaseHTTPRequestHandler):
    """The HTTP face: GET and POST /query as the SPARQL 1.1 Protocol says, checks first."""

    protocol_version = "HTTP/1.1"
    server_version = "balises-serve"
    timeout = 60  # a connection silent for a minute is closed (no thread held by a slow client)
    supervisor: Supervisor  # set on the subclass made by `serve`

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
            return self._refuse(404, "not found: the SPARQL endpoint is /query")
        foreign = self._foreign_origin()
        if foreign:
            return self._refuse(403, forbidden(foreign))
        params = urllib.parse.parse_qs(url.query)
        if not params.get("query"):
            return self._refuse(400, "no query: send ?query=... (GET) or POST it (SPARQL 1.1 Protocol)")
        self._query(params["query"][0], params)

    do_HEAD = do_GET

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
            ".\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def serve(settings: Settings, options: ServeOptions, ready: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None) -> int:
    """Run the server until SIGINT or SIGTERM; `ready(endpoint)` is called once it answers."""
    log = log or (lambda line: print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True))
    if current(settings.store) is None:
        raise StoreError(f"no store at {settings.store}: run `balises build` first")
    try:
        server = _Server((options.host, options.port), type("BoundFront", (Front,), {}))
    except OSError as exc:
        raise StoreError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}. Is another "
                         "`balises serve` running? Choose another port with --port") from exc
    supervisor = Supervisor(Path(settings.store), options, log)
    server.RequestHandlerClass.supervisor = supervisor
    stopped = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopped.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    front = threading.Thread(target=server.serve_forever, name="front", daemon=True)
    try:
        supervisor.start()
        front.start()
        host, port = server.server_address[:2]
        if ready:
            ready(f"http://{host}:{port}/query")
        stopped.wait()
        log("stopping")
    finally:
        if front.is_alive():
            server.shutdown()
        server.server_close()
        supervisor.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


# --- for tests, benchmarks and scripts: `balises serve` in a process of its own -------------------------------

def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def spawn(settings: Settings, port: int | None = None, args: tuple[str, ...] = (), seconds: float = 30.0,
          stderr=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """Start `balises serve` on a free port (or `port`); the process and its endpoint, once it answers."""
    port = port or free_port()
    env = dict(os.environ, BALISES_HOME=str(settings.home), BALISES_STORE=str(settings.store))
    process = subprocess.Popen([sys.executable, "-m", "balises.cli", "serve", "--port", str(port), *args],
                               env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    endpoint = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"`balises serve` stopped at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return process, endpoint
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise StoreError(f"`balises serve` did not answer within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

