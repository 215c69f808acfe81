"""One Oxigraph server process ("an engine") over one version of the store, as `balises serve` runs it.

An engine listens on a private loopback address (a random 127.x.y.z and port: Linux routes the whole of
127/8 to loopback, so a web page cannot guess where to send a request), holds its version of the store (a
reader lease, so that no build removes it), is killed when its resident memory passes `memory_mb` (a thread
reads /proc five times a second: an address-space limit does not fit a server that runs a thread per
connection, 3.5 GB of address space for 120 MB resident under 20 clients) and dies with the process that
started it (balises.system.launch). Its standard error is read line by line, echoed to the server's log and kept,
so that its last words can be told when it stops.

`fetch` sends one query and reads the whole answer (in memory up to SPOOL_MEMORY, on disk beyond) before the
front sends anything to the client, so that a query past its deadline, an answer too large or an engine that
dies mid-answer become an error status, never a truncated 200.
"""

from __future__ import annotations

import collections
import http.client
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import StoreError
from ..system import launch
from .versions import DATA_DIR, Lease, lease

SPOOL_MEMORY = 8 * 1024 * 1024
#: What Oxigraph writes into an answer it cancels at its own timeout (with status 200, mid-stream).
CANCELLED = b"The SPARQL operation has been cancelled"


class Overdue(Exception):
    """The query passed its deadline."""


class TooLarge(Exception):
    """The answer is larger than the server accepts to send."""


class EngineDown(Exception):
    """The engine died while answering."""


class _Stale(Exception):
    """A kept-alive connection the engine had closed: try a new one."""


@dataclass
class Reply:
    status: int
    content_type: str
    body: object  # a readable binary file, at 0
    length: int


def oxigraph_executable() -> str:
    """The `oxigraph` command of this environment (the `oxigraph` package from PyPI)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: `pip install oxigraph` (make install does it)")
    return found


def private_address() -> tuple[str, int]:
    """A free port on a random loopback address (127.0.0.1 where only that one exists)."""
    for host in [f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
                 for _ in range(4)] + ["127.0.0.1"]:
        try:
            with socket.socket() as sock:
                sock.bind((host, 0))
                return host, sock.getsockname()[1]
        except OSError:
            continue
    raise StoreError("no loopback address is free to start the SPARQL engine on")


class Engine:
    """A running Oxigraph server and what the supervisor knows of it."""

    def __init__(self, name: str, held: Lease, process: subprocess.Popen, host: str, port: int,
                 log: Callable[[str], None]):
        self.name, self.held, self.process, self.host, self.port = name, held, process, host, port
        self.log = log
        self.inflight = 0
        self.tainted = False       # a query ran past its deadline here: the engine may still be computing it
        self.retired_at: float | None = None
        self.killed_for: str | None = None
        self._words: collections.deque[str] = collections.deque(maxlen=40)
        self._idle: collections.deque[http.client.HTTPConnection] = collections.deque()  # kept alive, reused
        self._reader = threading.Thread(target=self._read_stderr, name=f"{name}-stderr", daemon=True)
        self._reader.start()

    @property
    def version(self) -> Path:
        return self.held.version

    def _guard_memory(self, memory_mb: int) -> None:
        status = Path(f"/proc/{self.process.pid}/status")
        while self.alive():
            try:
                rss = next(int(line.split()[1]) for line in status.read_text().splitlines()
                           if line.startswith("VmRSS:")) // 1024
            except (OSError, StopIteration, ValueError):
                return  # gone, or no /proc (not Linux): no guard
            if rss > memory_mb:
                self.killed_for = f"it used more than {memory_mb} MiB of memory ({rss} MiB)"
                self.process.kill()
                return
            time.sleep(0.2)

    @classmethod
    def start(cls, store: Path, timeout: float, memory_mb: int, name: str, log: Callable[[str], None],
              ready_within: float = 30.0) -> "Engine":
        held = lease(store)
        try:
            host, port = private_address()
            command = launch.command([oxigraph_executable(), "serve-read-only", "--location",
                                      str(held.version / DATA_DIR), "--bind", f"{host}:{port}",
                                      "--union-default-graph", "--timeout-s", str(max(1, int(timeout + 0.999)))])
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, env=dict(os.environ, RUST_BACKTRACE="0"))
        except BaseException:
            held.release()
            raise
        engine = cls(name, held, process, host, port, log)
        threading.Thread(target=engine._guard_memory, args=(memory_mb,), name=f"{name}-memory", daemon=True).start()
        try:
            engine._wait_ready(ready_within)
        except BaseException:
            engine.stop()
            raise
        return engine

    def _read_stderr(self) -> None:
        for raw in iter(self.process.stderr.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                self._words.append(line)
                self.log(f"[{self.name}] {line}")

    def last_words(self) -> str:
        """What the engine said last: the panic message of a crash, when there is one."""
        if self.killed_for:
            return self.killed_for
        self._reader.join(timeout=1.0)
        words = list(self._words)
        panic = next((w for w in words if "panicked" in w), None)
        detail = next((w for w in words[words.index(panic) + 1:] if w.strip()), "") if panic else ""
        return " ".join(x for x in (panic, detail) if x) or (words[-1] if words else "no message")

    def alive(self) -> bool:
        return self.process.poll() is None

    def exit_status(self) -> str:
        code = self.process.poll()
        return "running" if code is None else (f"signal {-code}" if code < 0 else f"exit {code}")

    def _wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                raise StoreError(f"the SPARQL engine stopped at start ({self.exit_status()}): {self.last_words()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise StoreError(f"the SPARQL engine did not start within {seconds:.0f} s")

    def fetch(self, query: str, accept: str, deadline: float, max_bytes: int, dataset: str = "") -> Reply:
        """Ask the engine; the whole answer, or Overdue / TooLarge / EngineDown. A kept-alive connection the
        engine has closed meanwhile is replaced by a new one, once."""
        if deadline - time.monotonic() <= 0:
            raise Overdue
        try:
            connection = self._idle.popleft()
        except IndexError:
            return self._fetch(self._connect(deadline), query, accept, deadline, max_bytes, dataset)
        try:
            return self._fetch(connection, query, accept, deadline, max_bytes, dataset, reused=True)
        except _Stale:
            return self._fetch(self._connect(deadline), query, accept, deadline, max_bytes, dataset)

    def _connect(self, deadline: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=max(0.01, deadline - time.monotonic()))

    def _fetch(self, connection: http.client.HTTPConnection, query: str, accept: str, deadline: float,
               max_bytes: int, dataset: str = "", reused: bool = False) -> Reply:
        body = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY)
        reusable, answered = False, False
        try:
            if connection.sock is not None:
                connection.sock.settimeout(max(0.01, deadline - time.monotonic()))
            connection.request("POST", "/query" + (f"?{dataset}" if dataset else ""), query.encode("utf-8"),
                               {"Content-Type": "application/sparql-query; charset=utf-8",
                                "Accept": accept or "application/sparql-results+json"})
            response = connection.getresponse()
            answered = True
            size, tail = 0, b""
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Overdue
                connection.sock.settimeout(left)
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge
                body.write(chunk)
                tail = (tail + chunk)[-2 * len(CANCELLED):]
            reusable = not response.will_close
        except (Overdue, TooLarge):
            body.close()
            raise
        except socket.timeout as exc:
            body.close()
            raise Overdue from exc
        except (OSError, http.client.HTTPException) as exc:
            body.close()
            if self._dies(0.5 if answered or not reused else 0.05):
                raise EngineDown from exc
            if reused and not answered:
                raise _Stale from exc
            raise StoreError(f"the SPARQL engine broke the connection: {exc}") from exc
        finally:
            if reusable:
                self._idle.append(connection)
            else:
                connection.close()
        if CANCELLED in tail:
            body.close()
            raise Overdue
        body.seek(0)
        return Reply(response.status, response.getheader("Content-Type") or "text/plain", body, size)

    def _dies(self, seconds: float) -> bool:
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        while self._idle:
            self._idle.popleft().close()
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.held.release()
