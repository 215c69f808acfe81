"""`balises serve`: the built store behind a real SPARQL 1.1 server (Oxigraph's, from PyPI), read-only, guarded.

Oxigraph answers the queries; a front of ours (front.py, the standard library's threaded HTTP server) stands
between it and the clients, because the engine alone can be brought down, kept busy or turned against its host;
behind the front, a supervisor (supervisor.py) keeps the engines (engine.py) alive, bounded and current."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable

from ..errors import StoreError
from ..settings import Settings
from .front import Front, _Server
from .static import static_file
from .supervisor import ServeOptions, Supervisor
from .versions import current
from .yasgui import yasgui_page

#: Where `--docs` serves the documentation folder.
DOCS = "/docs/"


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
    server.RequestHandlerClass.pages = (functools.partial(yasgui_page, settings.queries_dir),
                                        *([functools.partial(static_file, options.docs, DOCS)] if options.docs else []))
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


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def reachable(url: str, timeout: float = 0.5, method: str = "GET") -> bool:
    """Whether `url` answers 200 within `timeout` seconds."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def answers(endpoint: str, timeout: float = 0.5) -> bool:
    """Whether a SPARQL server answers a trivial ASK at `endpoint` (…/query) within `timeout` seconds."""
    return reachable(endpoint + "?query=ASK%7B%7D", timeout)


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
        if answers(endpoint, timeout=2):
            return process, endpoint
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
