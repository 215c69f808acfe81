"""A stored table's rows as plain texts (an IRI's or a literal's value, None where unbound: what the analysis
reads), kept beside the store version chunk by chunk.

The build's computed tables and the search index read whole tables the build has just written (at ~2M triples,
the network's facts, the analogues' reads and the quote bank: ~400 000 rows of SPARQL JSON, ~1.9 s to parse into
plain rows). Each chunk's rows are kept in `plain/` of the version's directory, in a file named by the hash of
the chunk's JSON text, which the store holds beside the text (query/tables.py `text_hash`): a file can only hold
the rows of the text that names it, so nothing is ever stale, and the texts of the chunks kept are not read. An
incremental build links the former version's files for the chunks it did not rewrite and parses only those it
did (the same read, 0.4 s). Only a store the build is writing adds files (`building`); any other store on disk
reads those it finds, and parses the rest.

Each file is a pickle the build itself wrote into its own version's directory, as the second process's tables
are (pipeline/helper.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import orjson

from ..store import GraphStore
from ..system.atomic import link_all, link_or_copy, read_pickle, write_pickle
from .binding import compose
from .library import read
from .tables import chunk_hashes, chunk_text, chunk_texts, text_hash, text_rows

#: The directory of the kept rows, in a store version's directory.
PLAIN_DIR = "plain"


def _folder(store: GraphStore) -> Path | None:
    """The kept rows' folder of a store on disk (its version's), None for a store in memory."""
    directory = getattr(store, "directory", None)
    return None if directory is None else Path(directory) / PLAIN_DIR


def _file(name: str) -> str:
    """The file of a chunk's rows, by the hash of its text (`text_hash`)."""
    return name.replace("sha1:", "") + ".pickle"


def plain_chunks(store: GraphStore, key: str) -> Iterator[tuple[list[str], list[tuple]]]:
    """The table stored under `key`, chunk by chunk in order: (its columns, its rows as plain texts); nothing when
    the store holds no such table."""
    here = _folder(store)
    former = getattr(store, "former", None)
    there = None if former is None else Path(former) / PLAIN_DIR
    building = here is not None and getattr(store, "building", False)
    if building:
        here.mkdir(exist_ok=True)
    chunks = chunk_hashes(store, key)
    texts = chunk_texts(store, key) if any(name is None for _, name in chunks) else None  # written before hashes
    for at, (position, name) in enumerate(chunks):
        text = None if texts is None else texts[at]
        file = _file(text_hash(text) if name is None else name)
        found = read_pickle(here / file) if here is not None else None
        if found is None and there is not None:
            found = read_pickle(there / file)
            if found is not None and building:
                link_or_copy(there / file, here / file)
        if found is None:
            data = orjson.loads(text if text is not None else chunk_text(store, key, position))
            found = _plain(data["head"]["vars"], data["results"]["bindings"])
            if building:
                write_pickle(here / file, found)
        yield found


def _plain(columns: list[str], bindings: list[dict]) -> tuple[list[str], list[tuple]]:
    return columns, [tuple(cell["value"] if (cell := b.get(c)) is not None else None for c in columns)
                     for b in bindings]


def keep(store: GraphStore, chunks: list[tuple[str, list[str], list[dict]]]) -> None:
    """Keep the plain rows of chunks the build has just written, from their cells (hash, columns, cells: what
    tables.revise_cells tells), rather than parse their texts when they are read."""
    here = _folder(store)
    if here is None or not getattr(store, "building", False):
        return
    here.mkdir(exist_ok=True)
    for name, columns, cells in chunks:
        write_pickle(here / _file(name), _plain(columns, cells))


def plain_table(store: GraphStore, key: str) -> tuple[list[str], list[tuple]] | None:
    """The table stored under `key`: its columns and rows as plain texts, or None when the store holds none."""
    columns, rows = None, []
    for columns, part in plain_chunks(store, key):
        rows += part
    return None if columns is None else (columns, rows)


def carry(former: Path, directory: Path) -> int:
    """Link the former version's kept rows into the version being written (a file is its chunk's text's rows,
    never stale: an update that reads a table only in a later build still finds them); how many."""
    return link_all(Path(former) / PLAIN_DIR, Path(directory) / PLAIN_DIR)


def prune(store: GraphStore) -> int:
    """Remove the kept rows of the chunks the store no longer holds (rewritten or gone); how many."""
    here = _folder(store)
    if here is None or not here.is_dir():
        return 0
    held = {_file(name) for name, in text_rows(store, compose(read("tables-hashes-all"), {}))}
    gone = [path for path in here.glob("*.pickle") if path.name not in held]
    for path in gone:
        path.unlink()
    return len(gone)


__all__ = ["PLAIN_DIR", "carry", "keep", "plain_chunks", "plain_table", "prune"]
