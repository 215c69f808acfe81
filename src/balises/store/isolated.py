"""A user's query in a child process: whatever the engine does with it (abort, exhaust memory, run forever),
the caller gets a message and carries on.

The SPARQL console and `balises query FILE.rq` never evaluate a user's own query in their own process (the
server supervises its engine itself, store/server.py). The child opens the store, runs the query with a
memory limit (`Settings.query_memory_mb` of address space) and is killed at the timeout; it answers in one of
two ways:

- `head`: the first `head` rows as terms, and the number of rows counted up to `count_limit`: the console and
  the CLI's table show a page, never a million rows;
- `export`: the whole result written by Oxigraph in a standard format (SPARQL Results CSV, TSV, JSON or XML;
  N-Triples for CONSTRUCT and DESCRIBE), streamed to a file or to the caller's standard output, cut at
  `max_bytes`.

Oxigraph 0.5 aborts the process (a Rust panic, "user-provided comparison function does not correctly
implement a total order") when ORDER BY sorts numbers together with texts whose lexical order disagrees with
the numbers' (e.g. 86, 173 and "33-projets": the engine compares numbers by value and a number with a text
by their lexical forms, which is no order). Any graph with counts and identifiers has such values, so the
query is reported, with the way round it, rather than avoided in the data.

Run as `python -m balises.store.isolated REQUEST RESPONSE` by `run_isolated`; nothing else calls it so.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import BalisesError, QueryError
from ..settings import Settings
from . import open_store
from .crashes import ORDER_BY_PANIC, explain
from .interface import QueryOutcome
from .oxigraph import from_ox

#: The console shows at most this many rows; the CLI's table too (CSV and JSON give them all).
HEAD_ROWS = 10_000
#: Rows counted beyond the page shown (the console says « more than 100 000 » past it; counting further costs seconds).
COUNT_LIMIT = 100_000
#: An export (the console's « download everything as CSV », `balises query FILE --format csv`) stops here.
EXPORT_MAX_BYTES = 200 * 1024 * 1024

EXPORT_FORMATS = ("csv", "tsv", "json", "xml")

@dataclass
class Request:
    settings: Settings
    text: str
    mode: str = "head"                 # "head" | "export"
    head: int = HEAD_ROWS
    count_limit: int = COUNT_LIMIT
    export_format: str = "csv"
    export_path: str | None = None     # None: the child's standard output
    max_bytes: int = EXPORT_MAX_BYTES


@dataclass
class Answer:
    """What the child found: the page of rows (head) or what it wrote (export)."""

    outcome: QueryOutcome = field(default_factory=lambda: QueryOutcome(kind="select"))
    counted: int = 0          # rows (or triples) counted, up to the count limit
    more: bool = False        # the result has more rows than were counted
    written: int = 0          # bytes written by an export
    complete: bool = True     # the export holds the whole result
    seconds: float = 0.0
    error: str | None = None


def run_isolated(request: Request, stdout=None) -> Answer:
    """Run the request in a child process; QueryError (with what happened and what to do) when it fails."""
    settings = request.settings
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="balises-query-") as tmp:
        req, resp = Path(tmp) / "request", Path(tmp) / "answer"
        req.write_bytes(pickle.dumps(request))
        try:
            done = subprocess.run([sys.executable, "-m", "balises.store.isolated", str(req), str(resp)],
                                  stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                                  timeout=settings.query_timeout, env=dict(os.environ, RUST_BACKTRACE="0"))
        except subprocess.TimeoutExpired as exc:
            raise QueryError(f"the query was stopped after {settings.query_timeout:g} s (the timeout, "
                             "BALISES_QUERY_TIMEOUT): add a LIMIT, or narrow its patterns") from exc
        if done.returncode != 0 or not resp.is_file():
            raise QueryError(_crash_message(done.returncode, done.stderr.decode("utf-8", "replace"), settings))
        answer: Answer = pickle.loads(resp.read_bytes())
    if answer.error:
        raise QueryError(answer.error)
    answer.seconds = time.monotonic() - started
    return answer


def _crash_message(code: int, stderr: str, settings: Settings) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    words = " ".join(line.strip() for line in lines if "panicked" in line or "memory" in line or "MemoryError" in line
                     or "Resource temporarily unavailable" in line or ORDER_BY_PANIC in line) \
        or (lines[-1] if lines else "")
    name = signal.Signals(-code).name if code < 0 and -code in signal.Signals._value2member_map_ else f"exit {code}"
    message = explain(words or f"no message ({name})", settings.query_memory_mb)
    return message + ("" if words else f" ({name})") + ". Nothing else was affected."


# --- the child ---------------------------------------------------------------------------------------------

def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # a lower hard limit is already set: keep it


def _head(store, request: Request) -> Answer:
    result = store.raw_query(request.text)
    if isinstance(result, ox.QueryBoolean):
        return Answer(QueryOutcome(kind="ask", boolean=bool(result)), counted=1)
    counted, kept, more = 0, [], False
    if isinstance(result, ox.QuerySolutions):
        variables = result.variables
        for solution in result:
            if counted < request.head:
                kept.append(tuple(from_ox(solution[v]) for v in variables))
            counted += 1
            if counted >= request.count_limit:
                more = next(iter(result), None) is not None
                break
        return Answer(QueryOutcome(kind="select", columns=[v.value for v in variables], rows=kept),
                      counted=counted, more=more)
    for triple in result:
        if counted < request.head:
            kept.append((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        counted += 1
        if counted >= request.count_limit:
            more = next(iter(result), None) is not None
            break
    return Answer(QueryOutcome(kind="graph", triples=kept), counted=counted, more=more)


class _Capped:
    """A binary output that refuses to grow past `limit` bytes (the engine's serialiser then stops)."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.written, self.full = raw, limit, 0, False

    def write(self, data) -> int:
        if self.written + len(data) > self.limit:
            self.full = True
            raise _Full
        self.written += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


class _Full(Exception):
    pass


def _export(store, request: Request) -> Answer:
    result = store.raw_query(request.text)
    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.N_TRIPLES
    else:
        fmt = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON,
               "xml": ox.QueryResultsFormat.XML}[request.export_format]
    raw = open(request.export_path, "wb") if request.export_path else os.fdopen(1, "wb", closefd=False)
    out = _Capped(raw, request.max_bytes)
    complete = True
    try:
        result.serialize(out, fmt)
    except (_Full, OSError):  # pyoxigraph may hand the writer's exception back as an OSError
        if not out.full:
            raise
        complete = False
    finally:
        out.flush()
        if request.export_path:
            raw.close()
    if not complete and request.export_path and request.export_format in ("csv", "tsv"):
        _whole_lines(Path(request.export_path))
    return Answer(written=out.written, complete=complete)


def _whole_lines(path: Path) -> None:
    """Cut a file at its last line break: an export stopped at its size limit keeps whole rows."""
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - (1 << 20)))
        tail = handle.read()
        cut = tail.rfind(b"\n")
        if cut >= 0:
            handle.truncate(size - len(tail) + cut + 1)


def _child(request_path: str, answer_path: str) -> int:
    request: Request = pickle.loads(Path(request_path).read_bytes())
    _limit_memory(request.settings.query_memory_mb)
    try:
        store = open_store(request.settings)
        answer = (_export if request.mode == "export" else _head)(store, request)
        store.close()
    except BalisesError as exc:
        answer = Answer(error=str(exc))
    except MemoryError:
        print("MemoryError", file=sys.stderr)
        return 1
    Path(answer_path).write_bytes(pickle.dumps(answer))
    return 0


if __name__ == "__main__":
    from balises.store.isolated import (
        _child as child,  # the module's own classes, not __main__'s, for pickle
    )

    sys.exit(child(sys.argv[1], sys.argv[2]))
