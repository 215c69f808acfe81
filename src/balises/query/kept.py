"""What the one-pass tables read (query/onepass.py `Reads`), kept beside the store version that holds it: a
directory of one file per predicate or class read, so that the next incremental build takes it from there rather
than from the engine (at ~2M triples the engine gives ~10-20 µs a term: rdfs:label's 199 000 pairs took 3.5-4.4 s,
the file 0.7 s).

A version's files say what its store holds. An incremental build (pipeline/incremental.py) knows every triple it
removed from a graph and added to one (`Change`): the files of the predicates and classes no such triple touches
are hard-linked into the new version as they are; a touched one is read from the former version, the change
applied to it (a pair removed once per graph that lost it, added once per graph that gained it: the reads are
over the union of the graphs, a triple two graphs hold comes twice), and kept in the new version, when a table
reads it; otherwise it is left out, and read from the engine the next time it is wanted. A read kept after a
change is the former version's file, linked, with a delta file beside it: the changes to apply to it since it was
written whole (the former delta's, then this change's), until they grow past an eighth of it and the read is
written whole again. A whole build starts afresh.

Each file is a pickle the build itself wrote into its own version's directory, as the second process's tables are
(pipeline/helper.py): the engine's terms as the store gives them, kept as they are."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import URIRef
from rdflib.namespace import RDF

from ..system.atomic import link_all, link_or_copy, read_pickle, write_pickle

#: The directory of the kept reads, in a store version's directory.
KEPT_DIR = "reads"
#: How many changes a read's delta file may hold (or an eighth of the read, if more) before the read is written
#: whole again.
COMPACT_FROM = 1000


@dataclass
class Change:
    """The triples an incremental build removed and added, graph by graph (rdflib terms, blank nodes named as
    the store names them): a triple two graphs lost is in both lists."""

    gone: list[tuple] = field(default_factory=list)
    new: list[tuple] = field(default_factory=list)

    def add(self, before: set, after: set) -> None:
        """One graph rewritten: its triples before and after, as the store held and now holds them."""
        self.gone.extend(before - after)
        self.new.extend(after - before)


def file_name(kind: str, iri: str) -> str:
    """The file of a read: `p` a predicate's pairs, `c` a class's members."""
    return f"{kind}-{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:20]}.pickle"


def touched(change: Change) -> dict[str, list[tuple[int, tuple]]]:
    """The files the change touches -> its triples there, each with +1 (added) or -1 (removed)."""
    found: dict[str, list] = defaultdict(list)
    for sign, triples in ((-1, change.gone), (1, change.new)):
        for s, p, o in triples:
            found[file_name("p", str(p))].append((sign, (s, p, o)))
            if p == RDF.type and isinstance(o, URIRef):
                found[file_name("c", str(o))].append((sign, (s, p, o)))
    return found


class Kept:
    """The kept reads of the version being written (`directory`), from the former version's (`former`, None for
    a whole build) and the change between them; `convert` makes the engine's term of an rdflib term, and `terms`
    says how to read the engine's terms (as `Reads.terms`)."""

    def __init__(self, directory: Path, former: Path | None = None, change: Change | None = None,
                 convert: Callable = lambda term: term, terms: type | None = None):
        self.directory, self._convert, self.terms = directory, convert, terms
        self._former = former if former is not None and former.is_dir() else None
        self._touched = touched(change or Change())
        self._written: set[str] = set()
        directory.mkdir(parents=True, exist_ok=True)

    def carry(self) -> int:
        """Link the former version's files that the change does not touch into this version's directory; how many
        (done once, by the process that writes the version, before anything reads it)."""
        leave = {*self._touched, *map(delta_name, self._touched)}
        return 0 if self._former is None else link_all(self._former, self.directory, leave=leave)

    def pairs(self, predicate: URIRef) -> dict | None:
        """subject -> its objects through the predicate (a list, as `Reads.objects`), or None when not kept."""
        name = file_name("p", str(predicate))
        loaded = self._load(name, lambda s, _, o: (s, o))
        if loaded is None:
            return None
        found, changes, fresh = loaded
        for sign, (s, o) in changes:
            if sign > 0:
                found.setdefault(s, []).append(o)
            elif o in found.get(s, ()):
                found[s].remove(o)
                if not found[s]:
                    del found[s]
        if fresh:
            self._keep(name, found, changes, sum(map(len, found.values())))
        return found

    def members(self, cls: URIRef) -> Counter | None:
        """member -> how many graphs type it so, or None when not kept."""
        name = file_name("c", str(cls))
        loaded = self._load(name, lambda s, _, __: s)
        if loaded is None:
            return None
        found, changes, fresh = loaded
        for sign, s in changes:
            found[s] += sign
        found = +found if changes else found  # those at zero are no longer members
        if fresh:
            self._keep(name, found, changes, len(found))
        return found

    def keep_pairs(self, predicate: URIRef, found: dict) -> None:
        self._write(file_name("p", str(predicate)), found)

    def keep_members(self, cls: URIRef, found: Counter) -> None:
        self._write(file_name("c", str(cls)), found)

    def _load(self, name: str, entry: Callable) -> tuple[object, list, bool] | None:
        """A read as its files keep it (None when they do not, or cannot be read whole), the changes still to be
        applied to it (`entry` gives what one is of a triple), and whether this build's change is among them
        (read from the former version)."""
        if name in self._written or name not in self._touched and (self.directory / name).is_file():
            return self._files(self.directory, name, [])  # carried over untouched, or written by this build
        if self._former is None or not (self._former / name).is_file():
            return None
        fresh = [(sign, entry(*(self._convert(t) for t in triple))) for sign, triple in self._touched.get(name, ())]
        return self._files(self._former, name, fresh)

    def _files(self, folder: Path, name: str, fresh: list) -> tuple[object, list, bool] | None:
        """The read kept in `folder` under `name`, the changes its delta file holds followed by `fresh`, and
        whether there is any of the latter."""
        found = read_pickle(folder / name)
        delta = read_pickle(folder / delta_name(name)) if (folder / delta_name(name)).is_file() else []
        if found is None or delta is None:
            return None
        return found, delta + fresh, bool(fresh)

    def _keep(self, name: str, found, changes: list, size: int) -> None:
        """A read a change was applied to: the former version's file linked, with the changes beside it (a
        label's 199 000 pairs took a second to write again for a few hundred changed), or written whole again
        when the changes have grown past an eighth of it."""
        if len(changes) > max(COMPACT_FROM, size // 8):
            self._write(name, found)
            return
        link_or_copy(self._former / name, self.directory / name)
        write_pickle(self.directory / delta_name(name), changes)
        self._written.add(name)

    def _write(self, name: str, found) -> None:
        write_pickle(self.directory / name, found)
        (self.directory / delta_name(name)).unlink(missing_ok=True)
        self._written.add(name)


def delta_name(name: str) -> str:
    """The file of the changes still to be applied to a kept read (its file's name)."""
    return name.replace(".pickle", ".delta.pickle")


__all__ = ["Change", "KEPT_DIR", "Kept", "delta_name", "file_name", "touched"]
