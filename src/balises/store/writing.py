"""Writing the embedded store: a new version filled beside the current one (the build's data, the files loaded at
scale, the entailments, the derived tables), checked, then made current in one step (versions.py); or a copy of
the current one, changed (an incremental build). Readers see the old version or the new one, never a mix."""

from __future__ import annotations

import gc
import json
import shutil
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Literal

from ..errors import StoreError
from ..system.atomic import write_text
from ..system.failpoints import failpoint
from ..system.memory import collector_paused
from .files import Entailment
from .oxigraph import OxigraphStore, quad_to_ox
from .seen import Seen
from .versions import DATA_DIR, MANIFEST, current, new_version, publish

#: How many characters of literals the derived quads may add before the engine's write buffers are flushed to disk.
FLUSH_EVERY = 64_000_000
#: From how many quads a batch of derived quads is written by the bulk writer (`_derived`).
BULK_FROM = 50_000


def _remove_dir(path: Path, attempts: int = 20) -> None:
    """Remove a directory a closing store may still be writing to (RocksDB's background threads)."""
    for _ in range(attempts):
        gc.collect()
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)


def write_store(path: Path, quads: Iterable[tuple], manifest: dict, bulk: Iterable[tuple[Path, str]] = (),
                updates: Iterable[str] = (), check: Callable[["OxigraphStore"], None] | None = None,
                derive: Callable[["OxigraphStore"], Iterable[list[tuple]]] | None = None,
                entail: Entailment | None = None) -> dict:
    """Write a new version of the store at `path`, then make it the current one; a failure leaves the previous
    version current and untouched. The caller holds the build lock (versions.build_lock).

    `bulk` files (N-Triples, Turtle, N-Quads) are streamed into their named graphs by the engine, with what
    `entail` entails from them when its pass reads the file (store/files.py), else by the bulk loader;
    `updates` (SPARQL Update) run after loading; `check` may raise to refuse the new store before the swap;
    `derive` yields batches of quads computed from the new store (materialised query results), added last.
    Returns the manifest written in the new version (with its number of quads).
    """
    return _new_version(path, lambda version: _fill(version, quads, manifest, bulk, updates, check, derive, entail))


def revise_store(path: Path, change: Callable[["OxigraphStore"], dict], manifest: dict) -> dict:
    """Write a new version of the store at `path` as a copy of the current one changed by `change`, then make it
    the current one; a failure leaves the previous version current and untouched (the caller holds the build lock).

    The copy is a RocksDB checkpoint (its files hard-linked, not copied: instant at any size). `change` receives
    the copy open for writing (with its version's directory) and returns what to add to `manifest` (the number
    of quads it leaves, `triples`, is counted here unless it says it).
    """

    base = current(path)
    if base is None or not (base / MANIFEST).is_file():
        raise StoreError(f"no complete store at {path} to revise: build it whole (`balises build --force`)")

    def fill(version: Path) -> dict:
        source = ox.Store.read_only(str(base / DATA_DIR))
        source.backup(str(version / DATA_DIR))
        del source
        store = ox.Store(str(version / DATA_DIR))
        added = change(OxigraphStore(store, f"new store at {version}", directory=version, former=base, building=True))
        store.flush()
        if "triples" not in added:  # the quads it leaves, when it did not say
            added = dict(added, triples=len(store))
        del store
        gc.collect()
        failpoint("store:filled")
        written = dict(manifest, **added)
        write_text(version / MANIFEST, json.dumps(written, indent=2, ensure_ascii=False))
        failpoint("store:complete")
        return written

    return _new_version(path, fill)


def _new_version(path: Path, fill: Callable[[Path], dict]) -> dict:
    """Fill a new version with `fill`, then publish it; on any failure remove it, the current one untouched."""
    version = new_version(path)
    try:
        manifest = fill(version)
    except BaseException as exc:
        # The traceback's frames still hold the open store: clear them so that RocksDB closes its files
        # before the version's directory is removed.
        traceback.clear_frames(exc.__traceback__)
        _remove_dir(version)
        if isinstance(exc, OSError):
            free = shutil.disk_usage(version.parent).free // 2**20
            raise StoreError(f"cannot write the new version of the store at {path}: {exc}. {free} MiB are free "
                             "on that disk: free some space and build again; the previous store is untouched") from exc
        raise
    publish(path, version)
    return manifest


def _fill(version: Path, quads: Iterable[tuple], manifest: dict, bulk: Iterable[tuple[Path, str]],
          updates: Iterable[str], check: Callable[["OxigraphStore"], None] | None,
          derive: Callable[["OxigraphStore"], Iterable[list[tuple]]] | None = None,
          entail: Entailment | None = None) -> dict:
    """Load, check and close the store in `version`, then write its manifest, last: a version is complete
    exactly when its manifest exists. Python's cycle collector is paused meanwhile: what a build at scale holds
    (millions of quads, the reads of its tables) is in no cycle, and it walked all of it at each growth of a
    quarter, finding nothing (~15 s at ~2M: system/memory.py)."""
    store = ox.Store(str(version / DATA_DIR))
    with collector_paused():
        _take(store, version, quads, list(bulk), list(updates), entail)
        if check is not None:
            check(OxigraphStore(store, f"new store at {version}"))
        if derive is not None:
            _derived(store, derive(OxigraphStore(store, f"new store at {version}", directory=version,
                                                 building=True)))
    manifest = dict(manifest, triples=len(store))
    del store
    gc.collect()  # RocksDB closes its files when the last reference goes
    failpoint("store:filled")
    write_text(version / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    failpoint("store:complete")
    return manifest


def _take(store: ox.Store, version: Path, quads: Iterable[tuple], bulk: list[tuple[Path, str]], updates: list[str],
          entail: Entailment | None) -> None:
    """The quads, the files at scale with what the pass entails, the updates, then one compaction. What
    `entail.seen` notes of them is made into its reads (and written for the second process) while the engine
    compacts."""
    seen = entail.seen if entail is not None else None
    through = seen.seen if seen is not None else lambda quads: quads  # every quad the store takes, noted
    store.bulk_extend(through(quad_to_ox(*q) for q in quads))
    failpoint("store:filling")
    for file, graph in bulk:
        _load(store, Path(file), graph, entail)
    passed = bool(bulk) and entail is not None and all(entail.reads(Path(file)) for file, _ in bulk)
    if passed:
        store.bulk_extend(through(entail.closure()))  # bal:partOf's closure over what the pass read (else an update's)
    for update in updates:
        store.update(update)
    if seen is not None:  # its reads are the store's when every quad went through it (store/seen.py)
        seen.whole = seen.whole and passed and not updates
        if not seen.whole:
            seen.drop()
    store.flush()
    with ThreadPoolExecutor(max_workers=1) as beside:
        # the reads made, and written for the second process, while the engine compacts (it lets go of Python's
        # lock): ~5 s at ~2M
        closing = beside.submit(_close, seen, version / Seen.FILE) if seen is not None and seen.whole else None
        if bulk:
            # One compaction before the build reads what it loaded: the bulk loader's files and the updates' writes
            # merged, the integrity check and the tables' queries read it ~1.5x faster (benchmarks/PROFILE-2M.md).
            store.optimize()
        if closing is not None:
            closing.result()


def _derived(store: ox.Store, batches: Iterable[list[tuple]]) -> None:
    """The derived quads written batch by batch, the engine's write buffers flushed now and then."""
    written = 0
    for batch in batches:
        # a large batch (the search graph's, ~120 000 quads of short texts) written by the bulk writer: the
        # transactional writer took 3 s for each at ~2M, the bulk writer 1 s (the version is not published yet)
        (store.bulk_extend if len(batch) >= BULK_FROM else store.extend)(quad_to_ox(*q) for q in batch)
        written += sum(len(q[2]) for q in batch if isinstance(q[2], Literal))
        if written > FLUSH_EVERY:  # the engine's write buffers, bounded (the tables are ~1 GB of JSON at ~2M)
            store.flush()
            written = 0
    store.flush()


def _close(seen: Seen, path: Path) -> None:
    seen.close()
    seen.dump(path)


def _load(store: ox.Store, file: Path, graph: str, entail: Entailment | None) -> None:
    """One file into its named graph: with its entailments in one pass when `entail` reads it (which notes what its
    `seen` wants of them), else bulk-loaded. A file the parser refuses is named with the parser's line and column."""
    try:
        if entail is not None and entail.reads(file):
            store.bulk_extend(entail.quads(file, graph))
        else:
            store.bulk_load(path=str(file), to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        raise StoreError(f"{file}: not valid RDF ({exc}); fix the file and build again, the store was not "
                         "changed") from exc
