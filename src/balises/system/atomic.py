"""Files written whole or not at all: a temporary file beside the target, flushed to disk, renamed over it.

A full disk or a kill mid-write leaves the previous file (or none), never a truncated one that every later
`validate` and `build` would stumble on. Used for the store's manifest, `ingest`'s Turtle and source copies,
and the CLI's exports.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError


@contextmanager
def _replacing(path: Path):
    """A temporary path beside `path`, renamed over it, flushed to disk, when the block ends without error (and
    removed when it does not)."""
    temporary = path.parent / f".{path.name}.tmp-{os.getpid()}"
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_dir(path.parent)


def write_bytes(path: Path, data: bytes) -> None:
    with _replacing(Path(path)) as temporary:
        temporary.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def copy_file(source: Path, path: Path) -> None:
    with _replacing(Path(path)) as temporary:
        shutil.copyfile(source, temporary)


def sync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a power cut after it keeps it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_writable(path: Path) -> None:
    """A file the user asked for can be written there (checked before long work, e.g. reading a text for a minute)."""

    folder = Path(path).parent
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: the folder {folder} does not exist (create it first)")
    if not os.access(folder, os.W_OK):
        raise InputError(f"cannot write {path}: the folder {folder} is not writable")
    if Path(path).is_dir():
        raise InputError(f"cannot write {path}: it is a folder; give a file name")


def write_output(path: Path, data: bytes) -> None:
    """A file the user asked for (an export, a draft sheet): written whole, or an InputError that names it."""

    check_writable(path)
    try:
        write_bytes(path, data)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
