"""The engines behind `balises serve`: the current one, those retiring, the quarantine, the queries refused.

- the engine (engine.py) runs on a private loopback address under a memory limit. When it dies (Oxigraph aborts
  on some ORDER BY, crashes.py), the supervisor logs its last words and starts another; each request that was in
  flight is asked again, side by side, each on a quarantine engine of its own: the others get their answers, and
  only the query that brings an engine down gets an error, and is refused from then on;
- every answer is read whole before it is sent: past `timeout` seconds the client gets 504, an answer over
  `max_result` bytes 507, never a 200 cut short or carrying « cancelled ». An engine that may still be working
  on a query past its deadline is stopped at once (Oxigraph's own timeout does not stop every query) and
  replaced; the other queries it held are asked again as after a crash;
- at most `concurrency` queries run at once; the others wait for a slot within their own deadline (503 past it);
- the store is followed: after `balises build`, new requests go to an engine on the new version (logged), the
  old engine ends its requests and stops."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import BalisesError
from ..settings import DEFAULT_PORT
from .crashes import explain
from .engine import Engine, EngineDown, Overdue, Reply, TooLarge
from .versions import current

GRACE = 2.0  # seconds an engine may take past a deadline before it counts as busy with an abandoned query


MAX_BODY = 1024 * 1024


MAX_RESULT = 256 * 1024 * 1024


QUARANTINE_ENGINES = 8     # queries asked again after an engine died, side by side, each on an engine of its own


POISONED_KEPT = 10_000     # queries known to bring the engine down, refused at once


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: float = 30.0
    max_body: int = MAX_BODY
    max_result: int = MAX_RESULT
    memory_mb: int = 3072
    concurrency: int = 16
    allow_origins: tuple[str, ...] = ()
    verbose: bool = False
    docs: Path | None = None  # a folder served read-only at /docs/ (--docs: the vocabulary's HTML documentation)


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
                message = (f"this query stops the SPARQL engine. {explain(engine.last_words(), self.options.memory_mb)}. "
                           "The server carried on; this query is refused from now on.")
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
