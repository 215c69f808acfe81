"""The quote search index: one SQLite file (standard library `sqlite3`), with the words of every quote in an
FTS5 table and each facet as columns of numbers, written by the build inside the store's version directory
(so that it is swapped with the store, atomically) or, for a store read elsewhere, in memory.

    quote(rank INTEGER PRIMARY KEY, iri, key, year, doc)  -- rank: the quote's place in the bank (30's order);
                                                       -- doc: its row in `words`, kept by the build's updates
    words(text, joins)                                 -- FTS5, rowid = doc: the folded words
                                                       -- (rdf/folding.search_text), and the words an OCR
                                                       -- line end cut, joined; tokenizer unicode61
    facet(name PRIMARY KEY, labels, rows, codes)       -- per facet: its values (JSON list), and for each
                                                       -- (quote, value) pair, the quote's rank and the
                                                       -- value's index (little-endian int32, by rank)

A search asks FTS5 which quotes hold every term (the rule of rdf/search_terms.py, written as an FTS5
expression: a term's last word OR its endings, or a prefix); the facets are tested and counted on the
columns in numpy (facets.py). User text only ever reaches SQLite as a bound parameter, and only as folded
words in double quotes: no FTS5 operator can come from it.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import orjson

from ..rdf.search_terms import NEAR, Term

#: The index's file in the store's version directory.
INDEX_FILE = "search.sqlite"
#: What the file holds (part of the build's input hash: a store with another layout is rebuilt).
LAYOUT = (f"sqlite fts5 unicode61 remove_diacritics 2; quote rank iri key year doc; words text joins; facet int32; "
          f"near {NEAR}")
# SQLite's own statements (SQL, not SPARQL: the graph's queries live in .rq files)
_QUOTES = "SELECT iri, key, year, doc FROM quote ORDER BY rank"
_DOCS = "SELECT iri, doc FROM quote"
_FACETS = "SELECT name, labels, rows, codes FROM facet"
_MATCH = "SELECT rowid FROM words WHERE words MATCH ?"
_SCHEMA = """
CREATE TABLE quote(rank INTEGER PRIMARY KEY, iri TEXT NOT NULL, key INTEGER NOT NULL, year INTEGER,
                   doc INTEGER NOT NULL);
CREATE VIRTUAL TABLE words USING fts5(text, joins, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE facet(name TEXT PRIMARY KEY, labels TEXT NOT NULL, rows BLOB NOT NULL, codes BLOB NOT NULL);
"""


def _phrase(words: Iterable[str], prefix: bool = False) -> str:
    """Words as one FTS5 phrase (a string in double quotes; folded words hold no quote, doubled anyway)."""
    return '"' + " ".join(words).replace('"', '""') + '"' + (" *" if prefix else "")


def match_expression(terms: list[Term]) -> str:
    """Every term, each with its last word's endings (or as a prefix): which quotes match."""
    parts = []
    for t in terms:
        forms = [_phrase(t.words[:-1] + (t.words[-1] + e,), t.prefix) for e in t.endings]
        parts.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
    return " AND ".join(parts)


def phrase_expression(terms: list[Term]) -> str:
    """The terms side by side, in the order typed, as typed: the exact phrase."""
    return " + ".join(_phrase(t.words, t.prefix) for t in terms)


def near_expression(terms: list[Term]) -> str:
    """The terms as typed, at most `NEAR` words apart."""
    return f"NEAR({' '.join(_phrase(t.words, t.prefix) for t in terms)}, {NEAR})"


class IndexWriter:
    """Writes the index, quote by quote in the bank's order, into a new file (or an in-memory database); or, with
    `former` (the index of the store before), into a copy of that one where only the quotes given again (`add`)
    have their words written again, the others (`keep`) their words left where they are: the quotes' order and
    facets are written again whole, their words only where they changed (a quote's words are found by its
    `doc`, which does not move when quotes are added or reordered)."""

    def __init__(self, path: Path | None = None, former: Path | None = None):
        self.path = path
        if path is not None and path.exists():
            path.unlink()
        if former is not None and path is not None:
            shutil.copyfile(former, path)
        self.db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False)
        self.updating = former is not None and path is not None
        self.docs: dict[str, int] = {}  # the copied index's quotes: their rows in `words`, until met again
        if self.updating:
            self.docs = dict(self.db.execute(_DOCS))
            self.db.execute("DELETE FROM quote")
            self.db.execute("DELETE FROM facet")
        else:
            self.db.executescript(_SCHEMA)
        self.next_doc = max(self.docs.values(), default=-1) + 1
        self.rank = 0
        self._values: dict[str, dict[str, int]] = {}
        self._pairs: dict[str, tuple[list[int], list[int]]] = {}
        self._quotes: list[tuple] = []

    def add(self, iri: str, text: str, joins: str, key: bool, year: int | None,
            facets: Mapping[str, Iterable[str]], former: tuple[str, str] | None = None) -> None:
        """The next quote, its words written; when updating, `former` is its words and joins as the copied index
        holds them (None for a quote it does not hold): a contentless FTS5 table forgets a row given them."""
        doc = self.docs.pop(iri, None)
        if doc is not None:
            if former is None:
                raise KeyError(f"{iri}: the words the former index holds for it are not known")
            self.forget(doc, former)
        else:
            doc, self.next_doc = self.next_doc, self.next_doc + 1
        self.db.execute("INSERT INTO words(rowid, text, joins) VALUES (?, ?, ?)", (doc, text, joins))
        self._quote(iri, key, year, doc, facets)

    def keep(self, iri: str, key: bool, year: int | None, facets: Mapping[str, Iterable[str]]) -> None:
        """The next quote, its words as the copied index holds them (KeyError when it holds none)."""
        self._quote(iri, key, year, self.docs.pop(iri), facets)

    def forget(self, doc: int, former: tuple[str, str]) -> None:
        """Take a quote's former words out of the copied index (a quote no longer in the bank, or written again)."""
        self.db.execute("INSERT INTO words(words, rowid, text, joins) VALUES ('delete', ?, ?, ?)", (doc, *former))

    def _quote(self, iri: str, key: bool, year: int | None, doc: int, facets: Mapping[str, Iterable[str]]) -> None:
        rank = self.rank
        self._quotes.append((rank, iri, int(key), year, doc))  # written together at the end
        for name, values in facets.items():
            codes = self._values.setdefault(name, {})
            rows, found = self._pairs.setdefault(name, ([], []))
            for value in dict.fromkeys(values):
                rows.append(rank)
                found.append(codes.setdefault(value, len(codes)))
        self.rank += 1

    def close(self) -> sqlite3.Connection:
        """Write the facet columns and compact the FTS5 index (a new one; an update leaves it in segments); the
        database, open. An update must have met, or forgotten, every quote of the copied index."""
        if self.docs:
            raise KeyError(f"{len(self.docs)} quote(s) of the former index neither kept nor forgotten")
        self.db.executemany("INSERT INTO quote VALUES (?, ?, ?, ?, ?)", self._quotes)
        for name, codes in self._values.items():
            rows, found = self._pairs[name]
            self.db.execute("INSERT INTO facet VALUES (?, ?, ?, ?)",
                            (name, orjson.dumps(list(codes)).decode("utf-8"),
                             np.asarray(rows, dtype="<i4").tobytes(), np.asarray(found, dtype="<i4").tobytes()))
        if not self.updating:
            self.db.execute("INSERT INTO words(words) VALUES ('optimize')")
        self.db.commit()
        return self.db


class Column:
    """One facet over the quotes: its values, and each (quote, value) pair as the quote's rank and the value's
    index."""

    def __init__(self, labels: list[str], rows: np.ndarray, codes: np.ndarray):
        self.labels, self.rows, self.codes = labels, rows, codes
        self.index = {v: i for i, v in enumerate(labels)}

    def having(self, values: Iterable[str], n: int) -> np.ndarray:
        """Which of the n quotes have any of these values (a boolean per quote)."""
        wanted = [self.index[v] for v in values if v in self.index]
        hit = np.zeros(n, dtype=bool)
        if wanted:
            hit[self.rows[np.isin(self.codes, wanted)]] = True
        return hit

    def count(self, mask: np.ndarray) -> dict[str, int]:
        """How many of the quotes in `mask` have each value (values of none left out)."""
        counts = np.bincount(self.codes[mask[self.rows]], minlength=len(self.labels))
        return {self.labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}


class QuoteIndex:
    """The index opened for searching: the quotes' IRIs, key flags, years and facet columns in memory (read
    once), the words in SQLite."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._lock = threading.RLock()  # one connection and one memo of searches, shared by the explorer's sessions
        rows = db.execute(_QUOTES).fetchall()
        self.iris = [r[0] for r in rows]
        self.key = np.fromiter((r[1] for r in rows), dtype=bool, count=len(rows))
        self.year = np.fromiter((r[2] or 0 for r in rows), dtype=np.int32, count=len(rows))
        docs = np.fromiter((r[3] for r in rows), dtype=np.int64, count=len(rows))
        self._rank_of = np.full(int(docs.max(initial=-1)) + 1, -1, dtype=np.int64)  # a row of `words` -> its rank
        self._rank_of[docs] = np.arange(len(rows))
        self.columns = {name: Column(orjson.loads(labels), np.frombuffer(r, dtype="<i4"), np.frombuffer(c, dtype="<i4"))
                        for name, labels, r, c in db.execute(_FACETS)}
        self.rank = {iri: i for i, iri in enumerate(self.iris)}
        self._matched: dict[tuple[Term, ...], tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def open(cls, path: Path) -> "QuoteIndex":
        """The index the build wrote (read-only: the version it belongs to never changes)."""
        return cls(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False))

    def __len__(self) -> int:
        return len(self.iris)

    def column(self, name: str) -> Column:
        return self.columns.get(name) or Column([], np.zeros(0, dtype="<i4"), np.zeros(0, dtype="<i4"))

    def _ranks(self, expression: str) -> np.ndarray:
        """The ranks of the quotes matching an FTS5 expression."""
        with self._lock:
            found = self.db.execute(_MATCH, (expression,)).fetchall()
        return self._rank_of[np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))]

    def matching(self, terms: tuple[Term, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The quotes holding every term (a boolean per quote) and how each ranks (0: the exact phrase, 1: the
        terms close together, 2: elsewhere in the quote); the last searches kept (a page asks its results and
        its counts)."""
        with self._lock:
            if terms not in self._matched:
                if len(self._matched) >= 64:
                    self._matched.pop(next(iter(self._matched)))
                self._matched[terms] = self._match(terms)
            return self._matched[terms]

    def _match(self, terms: tuple[Term, ...]) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.iris)
        found = np.zeros(n, dtype=bool)
        found[self._ranks(match_expression(list(terms)))] = True
        tier = np.where(found, 0, 3).astype(np.int8)
        if len(terms) > 1:
            tier[found] = 2
            near = np.zeros(n, dtype=bool)
            near[self._ranks(near_expression(list(terms)))] = True
            tier[found & near] = 1
            phrase = np.zeros(n, dtype=bool)
            phrase[self._ranks(phrase_expression(list(terms)))] = True
            tier[found & phrase] = 0
        return found, tier


__all__ = ["INDEX_FILE", "LAYOUT", "NEAR", "Column", "IndexWriter", "QuoteIndex", "match_expression",
           "near_expression", "phrase_expression"]
