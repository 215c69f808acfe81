"""Files written whole or not at all: a temporary file beside the target, flushed to disk, renamed over it.

A full disk or a kill mid-write leaves the previous file (or none), never a truncated one that every later
`validate` and `build` would stumble on. Used for the store's manifest, `ingest`'s Turtle and source copies,
and the CLI's exports; and the files the build derives beside a store version (pickled, hard-linked from the
version before).
"""

from __future__ import annotations

import os
import pickle
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Container

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


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as the same file as `source`: a hard link (a copy across devices); a target already there kept."""
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copy2(source, target)


def link_all(source: Path, target: Path, leave: Container[str] = ()) -> int:
    """Link every file `write_pickle` wrote in the folder `source` into the folder `target` (made if need be), but
    those named in `leave`; how many (none when there is no `source`)."""
    if not Path(source).is_dir():
        return 0
    Path(target).mkdir(parents=True, exist_ok=True)
    files = [path for path in Path(source).glob("*.pickle") if path.name not in leave]
    for path in files:
        link_or_copy(path, Path(target) / path.name)
    return len(files)


def write_pickle(path: Path, value) -> None:
    """A file the build derives, pickled whole: written beside, then renamed (not synced: it can be derived
    again, and `read_pickle` takes a file it cannot read whole for none)."""
    part = Path(path).with_name(Path(path).name + ".part")
    with open(part, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    part.rename(path)


def read_pickle(path: Path):
    """What `write_pickle` wrote there, or None when there is no such file or it cannot be read whole."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None


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
