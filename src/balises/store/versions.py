"""The store on disk, versioned: each build writes a new version, and one pointer names the current one.

For a store path S (default `.balises/store`, or BALISES_STORE / --store):

    S                       a symbolic link to the current version, replaced in a single rename(2)
    .S.versions/<id>/       one store each: oxigraph/ (RocksDB), build.json (written last), readers.lock
    .S.lock                 held (flock) by the build that is running, with its process id inside

So there is exactly one complete current store at every instant: a build fills a new version beside the
others, writes its manifest last, then points S at it by renaming a fresh link over S. A reader resolves S
once and holds a shared lock on its version's `readers.lock` for as long as it reads the version; a build
removes an old version only when it can lock that file exclusively, i.e. when no process reads it. flock(2)
locks die with their process (kill -9 included): a dead reader or build never keeps anything locked. What a
killed build leaves (a version without manifest, a temporary link, a half-removed version) is removed by the
next build, which says so.

A store of the former layout (S a plain directory) is moved into `.S.versions/` by the first build that
replaces it: the one moment without a store, once.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from ..settings import DOCS_DIR
from ..system.atomic import sync_dir
from ..system.failpoints import failpoint

MANIFEST = "build.json"
READERS = "readers.lock"
DATA_DIR = "oxigraph"
_TRASH = ".trash-"
_COUNTER = itertools.count()


def versions_dir(store: Path) -> Path:
    store = Path(store)
    return store.parent / f".{store.name}.versions"


def lock_file(store: Path) -> Path:
    store = Path(store)
    return store.parent / f".{store.name}.lock"


def current(store: Path) -> Path | None:
    """The directory of the current version: where S points (or S itself, a store of the former layout)."""
    store = Path(store)
    if store.is_symlink():
        target = store.parent / os.readlink(store)
        return target if target.is_dir() else None
    return store if store.is_dir() else None


class Lease:
    """A version held open by this process: a shared lock on its readers.lock, released by `release()` (or
    when the process ends). While any lease is held, no build removes the version."""

    def __init__(self, version: Path, fd: int | None):
        self.version = version
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor drops the flock

    def __del__(self):
        self.release()


def lease(store: Path, attempts: int = 200) -> Lease:
    """Hold the current version for reading. A build that is removing an old version holds it exclusively
    for a moment; a reader that resolved S just before a swap then retries on the new version."""
    store = Path(store)
    for _ in range(attempts):
        version = current(store)
        if version is None:
            raise StoreError(f"no store at {store}: run `balises build` first (or set BALISES_STORE / --store)")
        lock = version / READERS
        if not lock.exists() and (version / MANIFEST).is_file() and not store.is_symlink():
            return Lease(version, None)  # a store of the former layout: no build removes it while it is current
        try:
            fd = os.open(lock, os.O_RDONLY)
        except FileNotFoundError:
            time.sleep(0.01)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            time.sleep(0.01)
            continue
        if (version / MANIFEST).is_file():
            return Lease(version, fd)
        os.close(fd)  # renamed away for removal between our look and our lock
        time.sleep(0.01)
    raise StoreError(f"the store at {store} kept changing while opening it: try again")


@contextmanager
def build_lock(store: Path, wait: bool = False):
    """Hold the store's build lock: one build at a time. Busy: wait (`wait=True`) or refuse clearly."""
    path = lock_file(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise StoreError(f"another build of {store} is running (process {holder}): wait for it to end, "
                             "or run `balises build --wait` to start when it does") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def new_version(store: Path) -> Path:
    """An empty directory for the next version (the caller holds the build lock)."""
    root = versions_dir(store)
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}-{next(_COUNTER)}"
    path.mkdir()
    (path / READERS).touch()
    return path


def publish(store: Path, version: Path) -> None:
    """Make S point to `version` in one atomic step (a new link renamed over S). The caller holds the build lock."""
    store = Path(store)
    if store.exists() and not store.is_symlink():
        _adopt_former_layout(store)
    link = store.parent / f".{store.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(version, store.parent), link)
    failpoint("swap:linked")
    os.replace(link, store)
    sync_dir(store.parent)
    failpoint("swap:renamed")


def _adopt_former_layout(store: Path) -> None:
    """Move a store of the former layout (a plain directory at S) into the versions, so that S can become a link."""
    root = versions_dir(store)
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"former-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}"
    os.rename(store, target)
    (target / READERS).touch()


@dataclass
class Cleanup:
    """What a build removed beside the store, and what it had to keep."""

    interrupted: list[str] = field(default_factory=list)  # left by a killed build
    removed: list[str] = field(default_factory=list)      # former versions no process reads any more
    in_use: list[str] = field(default_factory=list)       # former versions still open by a reader

    def merge(self, other: "Cleanup") -> "Cleanup":
        return Cleanup(self.interrupted + other.interrupted, self.removed + other.removed,
                       self.in_use + other.in_use)

    def summary(self) -> str:
        parts = []
        if self.interrupted:
            parts.append(f"removed {len(self.interrupted)} leftover(s) of an interrupted build "
                         f"({', '.join(sorted(self.interrupted))})")
        if self.removed:
            parts.append(f"removed {len(self.removed)} former version(s)")
        if self.in_use:
            parts.append(f"kept {len(self.in_use)} former version(s) still open by a reader (explorer, server), "
                         "removed by a later build once closed")
        return "; ".join(parts)


def collect(store: Path) -> Cleanup:
    """Remove what is not the current version and that no process reads (the caller holds the build lock)."""
    store = Path(store)
    report = Cleanup()
    if not store.parent.is_dir():
        return report
    for leftover in store.parent.glob(f".{store.name}.link-*"):
        leftover.unlink(missing_ok=True)
        report.interrupted.append(leftover.name)
    for leftover in [*store.parent.glob(f".{store.name}.new-*"), *store.parent.glob(f".{store.name}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)  # staging directories of the former layout
        report.interrupted.append(leftover.name)
    root = versions_dir(store)
    if not root.is_dir():
        return report
    keep = current(store)
    # A complete version newer than the current one never became current: a build was killed before its swap.
    published = (keep / MANIFEST).stat().st_mtime if keep is not None and (keep / MANIFEST).is_file() else 0.0
    for version in sorted(root.iterdir()):
        if keep is not None and version.resolve() == keep.resolve():
            continue
        if version.name.startswith(_TRASH):
            shutil.rmtree(version, ignore_errors=True)  # a removal that was itself interrupted
            report.interrupted.append(version.name[len(_TRASH):])
            continue
        complete = (version / MANIFEST).is_file() and (version / MANIFEST).stat().st_mtime <= published
        fd = None
        if (version / READERS).exists():
            fd = os.open(version / READERS, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                report.in_use.append(version.name)
                continue
        try:
            trash = root / f"{_TRASH}{version.name}"
            os.rename(version, trash)
            failpoint("cleanup:removing")
            shutil.rmtree(trash, ignore_errors=True)
        finally:
            if fd is not None:
                os.close(fd)
        (report.removed if complete else report.interrupted).append(version.name)
    return report


def stray(store: Path) -> list[str]:
    """What lies beside the store that is neither S, its lock, its current version nor the documentation the build
    writes beside it (Settings.docs_dir, `docs`): nothing, after a build that no reader overlapped."""
    store = Path(store)
    keep = current(store)
    found = [p.name for p in store.parent.iterdir()
             if p.name not in (store.name, lock_file(store).name, versions_dir(store).name, DOCS_DIR)] \
        if store.parent.is_dir() else []
    root = versions_dir(store)
    if root.is_dir():
        found += [f"{root.name}/{v.name}" for v in root.iterdir() if keep is None or v.resolve() != keep.resolve()]
    return sorted(found)


__all__ = ["Cleanup", "DATA_DIR", "Lease", "MANIFEST", "build_lock", "collect", "current", "lease", "new_version", "publish",
           "stray", "versions_dir"]
