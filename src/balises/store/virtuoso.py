"""Virtuoso Open-Source as a second engine: a private instance over a copy of the store, on loopback ports.

What `balises serve --engine virtuoso` runs for a researcher who wants the graph in Virtuoso, and what the tests
and the benchmarks compare with the embedded Oxigraph store (tests/integration/test_virtuoso.py, benchmarks/run.py).

- The program is the machine's `virtuoso-t` (Debian: `apt-get install virtuoso-opensource-7-bin`, which also
  brings `isql-vt`, its SQL client). Nothing of it is installed by pip.
- `start` writes a virtuoso.ini into its folder (the database files beside it, the SQL and HTTP ports on
  127.0.0.1, reading allowed in the folder's load/ only), starts the server in the foreground, bound to this
  process (system.launch: it dies with it), gives the `dba` account a password of its own and waits until
  /sparql answers.
- `load` reads N-Quads files (`balises export --all` writes one; `load_store` writes the store's quads into
  one) with Virtuoso's bulk loader (`ld_dir`, `rdf_loader_run`): each quad goes into its named graph.
- Queries go to http://127.0.0.1:PORT/sparql, read-only (its SPARQL account may not update). With no
  default-graph-uri, Virtuoso answers over the union of its graphs, the store's named graphs and its own few
  system graphs (virtrdf#, which describes its RDF views), which no query of the project matches; the remote
  backend's every-quad reads keep to the project's graphs (store/reads/all-quads.rq).
- Its own time limit is off (MaxQueryExecutionTime = 0): past it, Virtuoso would send a partial answer as if it
  were whole. The client's timeout (BALISES_QUERY_TIMEOUT) applies instead.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from ..errors import StoreError
from ..system import launch
from .interface import GraphStore
from .oxigraph import OxigraphStore, quad_to_ox
from .server import answers, free_port

INSTALL = ("Virtuoso is not installed: `apt-get install virtuoso-opensource-7-bin` (Debian, Ubuntu), or put the "
           "folder of its `virtuoso-t` on PATH")
#: Where a graph without a name would go (N-Quads from the store always name theirs).
FALLBACK_GRAPH = "https://w3id.org/balises/graphe/sans-nom"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = {load}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
MaxQueryMem = {query_mb}M

[HTTPServer]
ServerPort = {host}:{http_port}
ServerThreads = 8
MaxClientConnections = 8
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def executables() -> tuple[str, str]:
    """The `virtuoso-t` server and its `isql` client (Debian names it isql-vt: unixODBC has an isql of its own)."""
    server = shutil.which("virtuoso-t")
    if not server:
        raise StoreError(INSTALL)
    client = shutil.which("isql-vt") or shutil.which("isql-v")
    beside = Path(server).parent / "isql"
    if not client and beside.is_file():
        client = str(beside)
    if not client:
        raise StoreError(f"found {server} but not its SQL client isql-vt: {INSTALL}")
    return server, client


def installed() -> bool:
    """Whether this machine can run Virtuoso (the tests skip without it)."""
    try:
        executables()
    except StoreError:
        return False
    return True


@dataclass
class Virtuoso:
    """A running instance: its folder, process, ports and `dba` password; `endpoint` is its SPARQL URL."""

    folder: Path
    process: subprocess.Popen
    sql_port: int
    http_port: int
    host: str = "127.0.0.1"
    password: str = "dba"
    temporary: bool = False

    @property
    def endpoint(self) -> str:
        return f"http://{'127.0.0.1' if self.host in ('0.0.0.0', '') else self.host}:{self.http_port}/sparql"

    @property
    def load_dir(self) -> Path:
        return self.folder / "load"

    def sql(self, statements: str, seconds: float = 600.0) -> str:
        """Run SQL statements with the `isql` client as `dba`; their output. A statement that fails is a StoreError."""
        _, client = executables()
        try:
            done = subprocess.run([client, f"127.0.0.1:{self.sql_port}", "dba", self.password, f"exec={statements}"],
                                  capture_output=True, text=True, timeout=seconds, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise StoreError(f"Virtuoso did not finish `{statements[:80]}` within {seconds:.0f} s") from exc
        errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("*** Error")]
        if done.returncode != 0 or errors:
            raise StoreError(f"Virtuoso refused `{statements[:80]}`: {' '.join(errors) or done.stderr.strip()}")
        return done.stdout

    def load(self, *files: Path) -> None:
        """Bulk-load N-Quads files (each quad into its named graph), then write the database to disk."""
        self.load_dir.mkdir(exist_ok=True)
        for source in files:
            target = self.load_dir / Path(source).name
            if Path(source).resolve() != target.resolve():
                shutil.copyfile(source, target)
        self.sql(f"ld_dir('{self.load_dir}', '*.nq', '{FALLBACK_GRAPH}'); rdf_loader_run(); checkpoint;")
        # Virtuoso's SQL, not SPARQL: the bulk loader's list of files, with the error of each it could not read
        failed = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "ll_error" in failed and "0 Rows." not in failed:
            raise StoreError(f"Virtuoso could not load every file: {failed.strip()[-800:]}")

    def stop(self) -> None:
        """Stop the server (and remove its folder if `start` made it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Virtuoso":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(folder: Path | None = None, port: int | None = None, host: str = "127.0.0.1", memory_mb: int = 512,
          seconds: float = 60.0) -> Virtuoso:
    """A new, empty Virtuoso in `folder` (a temporary one, removed at stop, when None), its SPARQL endpoint on
    `host`:`port` (a free loopback port when None), its buffers sized for about `memory_mb` of memory."""
    server, _ = executables()
    temporary = folder is None
    folder = Path(tempfile.mkdtemp(prefix="balises-virtuoso-")) if temporary else Path(folder)
    (folder / "db").mkdir(parents=True, exist_ok=True)
    (folder / "load").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), port or free_port(host)
    buffers = max(2000, memory_mb * 1024 // 8 * 2 // 3)  # pages of 8 KB: two thirds of the memory, as its guide says
    (folder / "virtuoso.ini").write_text(INI.format(db=folder / "db", load=folder / "load", sql_port=sql_port,
                                                    http_port=http_port, host=host, buffers=buffers,
                                                    dirty=buffers * 3 // 4, query_mb=max(256, memory_mb // 2)),
                                         encoding="utf-8")
    log = open(folder / "virtuoso.out", "wb")
    try:
        process = subprocess.Popen(launch.command([server, "+foreground", "+configfile", str(folder / "virtuoso.ini")]),
                                   cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()
    instance = Virtuoso(folder, process, sql_port, http_port, host=host, temporary=temporary)
    try:
        _wait(instance, seconds)
        password = secrets.token_hex(16)
        instance.sql(f"USER_SET_PASSWORD('dba', '{password}');")
        instance.password = password
    except BaseException:
        instance.stop()
        raise
    return instance


def _wait(instance: Virtuoso, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            said = (instance.folder / "virtuoso.out").read_text(encoding="utf-8", errors="replace").strip()
            raise StoreError(f"Virtuoso stopped at start (exit {instance.process.returncode}): "
                             f"{' / '.join(said.splitlines()[-4:])}")
        if answers(instance.endpoint, timeout=2):
            return
        time.sleep(0.2)
    raise StoreError(f"Virtuoso did not answer on {instance.endpoint} within {seconds:.0f} s "
                     f"(its log: {instance.folder / 'db' / 'virtuoso.log'})")


def load_store(instance: Virtuoso, store: GraphStore, name: str = "store.nq") -> int:
    """Every quad of `store` (the search index and result tables too: what `balises serve` serves) loaded into
    Virtuoso; the number of quads written."""
    instance.load_dir.mkdir(exist_ok=True)
    path = instance.load_dir / name
    if isinstance(store, OxigraphStore):
        with open(path, "wb") as out:
            store.dump(out, "nquads")
    else:
        with open(path, "wb") as out:
            ox.serialize((quad_to_ox(*q) for q in store.quads()), out, format=ox.RdfFormat.N_QUADS)
    with open(path, "rb") as written_file:
        written = sum(1 for line in written_file if line.strip() and not line.startswith(b"#"))
    instance.load(path)
    return written


def serve(store_path: Path, host: str = "127.0.0.1", port: int | None = None, memory_mb: int = 1024,
          ready: Callable[[str, int], None] | None = None) -> int:
    """`balises serve --engine virtuoso`: the built store copied into a new Virtuoso (a temporary folder), served
    until SIGINT or SIGTERM, then stopped and removed; `ready(endpoint, quads)` once it answers."""
    store = OxigraphStore.open(Path(store_path))
    stopped = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopped.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    instance = None
    try:
        instance = start(port=port, host=host, memory_mb=memory_mb)
        quads = load_store(instance, store)
        store.close()
        if ready:
            ready(instance.endpoint, quads)
        while not stopped.wait(1.0):
            if instance.process.poll() is not None:
                raise StoreError(f"Virtuoso stopped (exit {instance.process.returncode}); its log: "
                                 f"{instance.folder / 'db' / 'virtuoso.log'}")
    finally:
        if instance is not None:
            instance.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
