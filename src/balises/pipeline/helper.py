"""A second process for the build's table queries, on the machine's second core.

The engine holds Python's lock while it evaluates a query (threads do not help: benchmarks/PROFILE-2M.md), so a
second core is used by a second process. It reads a snapshot of the new store (a RocksDB checkpoint taken once
the data and the inferences are written, before any table: `OxigraphStore.snapshot`), computes the tables it is
given, and leaves each table's quads in a file; the build, meanwhile, computes the other tables on the store it
writes, then adds the helper's tables in the order they were given. The snapshot and the files are in the new
version's directory and removed when the helper is done; a failure of the helper stops the build with its
traceback, and the previous store stays current as for any failed build.
"""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import traceback
from pathlib import Path
from typing import Callable, Iterator

from ..errors import StoreError
from ..store import GraphStore
from ..store.oxigraph import OxigraphStore
from ..system.failpoints import failpoint
from ..system.memory import collector_paused, fewer_arenas

#: A job: (name, its query composed with its bindings, its key), or another tuple that `compute` knows whose first
#: item is its name (pipeline/derive.py RowsJob).
Job = tuple
#: What computes the helper's tables: (store, jobs, created) -> each job's (name, seconds, rows, its quads or None
#: when it is not kept), in order.
Compute = Callable[[GraphStore, list[Job], str], Iterator[tuple[str, float, int, list | None]]]
SNAPSHOT, RESULTS, FAILED = "helper-snapshot", "helper-tables", "failed.txt"


class Helper:
    """The second process, started on a snapshot of `store` with its `jobs`; `results` gives its tables."""

    def __init__(self, store: OxigraphStore, jobs: list[Job], compute: Compute, created: str):
        directory = store.directory
        if directory is None:
            raise StoreError(f"{store.description} is not on disk: no second process can read it")
        self._jobs, self._snapshot, self._out = jobs, directory / SNAPSHOT, directory / RESULTS
        for path in (self._snapshot, self._out):
            shutil.rmtree(path, ignore_errors=True)
        store.snapshot(self._snapshot)
        self._out.mkdir()
        context = multiprocessing.get_context("spawn")  # no fork of a process holding RocksDB's threads
        self._process = context.Process(target=_work, args=(str(self._snapshot), jobs, compute, created,
                                                            str(self._out)), daemon=True, name="balises-tables")
        self._process.start()

    def results(self, report: Callable[[str, float, int], None] | None = None) -> Iterator[list[tuple]]:
        """Wait for the helper, then yield each of its tables' quads in the order of the jobs (one table at a
        time in memory) and report it as the build reports its own."""
        for name, seconds, rows, quads in self.outcomes():
            if quads is not None:
                yield quads
                if report:
                    report(name, seconds, rows)

    def outcomes(self) -> Iterator[tuple[str, float, int, object]]:
        """Wait for the helper, then yield what `compute` gave for each job, in order (one at a time in memory);
        its files removed once all are given."""
        self._process.join()
        failed = self._out / FAILED
        code = self._process.exitcode
        if code != 0 or failed.exists():
            told = failed.read_text(encoding="utf-8") if failed.exists() else (
                f"killed by signal {-code} (SIGKILL: the system may have run out of memory)" if code == -9
                else f"killed by signal {-code}" if code < 0 else f"exit code {code}")
            raise StoreError(f"the second process computing the tables failed ({told.strip().splitlines()[-1]}); the "
                             "store was not changed. Build again, or with BALISES_BUILD_PROCESSES=1 to compute every "
                             f"table in one process.\n{told if failed.exists() else ''}".rstrip())
        for position, _ in enumerate(self._jobs):
            with open(self._out / f"{position}.pickle", "rb") as handle:
                yield pickle.load(handle)
        self.close()

    def close(self) -> None:
        """Stop the helper if it still runs (the build failed before it was waited for) and remove its files."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        for path in (self._snapshot, self._out):
            shutil.rmtree(path, ignore_errors=True)


def _work(snapshot: str, jobs: list[Job], compute: Compute, created: str, out: str) -> None:
    """The helper's body: each job's table computed on the snapshot, written to `out` (a file a table, renamed
    into place when complete); a failure written to FAILED, with its traceback."""
    fewer_arenas()  # as the build did (system/memory.py)
    try:
        store = OxigraphStore.read_snapshot(Path(snapshot))
        failpoint("helper:computing")
        with collector_paused():  # as the build's writing is (store/writing.py)
            for position, table in enumerate(compute(store, jobs, created)):
                part = Path(out) / f"{position}.part"
                with open(part, "wb") as handle:
                    pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
                part.rename(Path(out) / f"{position}.pickle")
    except BaseException:  # noqa: BLE001 - told to the build, which stops
        (Path(out) / FAILED).write_text(traceback.format_exc(), encoding="utf-8")
        raise SystemExit(1)


__all__ = ["Helper", "Job"]
