"""Tables the build computes in Python from one read of each predicate and class they use (query/reads/pairs.rq,
members.rq), joined here: the same rows, in the same order, as their SPARQL, which stays their definition (what
the explorer and a researcher run live, what the incremental build's keys and graph signatures are read from,
and what tests/integration/test_one_pass.py compares these rows with, row for row).

Why: on a large graph the engine evaluates grouped OPTIONAL subqueries and long joins as passes of index lookups
(at ~2M triples, the quote bank's two tables took 69 s and 59 s; benchmarks/PROFILE-2M.md) where reading the
~20 predicates they use once takes a few seconds. What this module gives: `Reads` (each predicate or class read
once, shared by the tables of one store), SPARQL's STR() and GROUP_CONCAT as the query layer gives them, and the
rows in a query's ORDER BY. A store where the rows cannot be told the same way (a blank node where a text is
concatenated: SPARQL's STR() of it is an error) raises NotOnePass, and the build runs the query instead.

The default graph is the union of the named graphs, as the store's queries see it; the queries computed this way
take DISTINCT rows or group them, so a triple held by two graphs counts once here too.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..store import GraphStore, QueryOutcome
from ..store.seen import Seen
from ..rdf.codec import to_json
from .binding import compose
from .keys import order_of
from .kept import Kept
from .library import read
from .results import joined
from .tables import sort_cells

SEPARATOR = " "


class NotOnePass(Exception):
    """The data holds what these rows cannot tell as SPARQL would: the query is run instead."""


class RdflibTerms:
    """How to read rdflib terms (a store that gives only those): as store/oxigraph.py's EngineTerms."""

    @staticmethod
    def text(term) -> str:
        return str(term)

    @staticmethod
    def is_blank(term) -> bool:
        return isinstance(term, BNode)

    @staticmethod
    def language(term) -> str | None:
        return getattr(term, "language", None)

    @staticmethod
    def is_literal(term) -> bool:
        return isinstance(term, Literal)

    @staticmethod
    def is_plain(term) -> bool:
        return isinstance(term, Literal) and term.language is None and term.datatype in (None, XSD.string)

    @staticmethod
    def to_rdflib(term):
        return term


class Reads:
    """The store read one predicate, or one class, at a time; each read once, kept for the other table. Terms stay
    the engine's (raw_rows) until a row is given: most of what is read is only joined. A read is taken from the
    `kept` reads of the store's version when they hold it (query/kept.py), else from what a whole build noted as
    it wrote the store (`given`, store/seen.py), else from the engine."""

    def __init__(self, store: GraphStore, kept: Kept | None = None, given: Seen | None = None):
        self._store, self._kept, self._given = store, kept, given
        self._pairs: dict = {}
        self._members: dict[URIRef, set] = {}
        self._one: dict = {}
        self.terms = RdflibTerms

    def _rows(self, sparql: str) -> list[tuple]:
        """The rows of a read, each term the one object this Reads holds for it: every answer brings its own
        objects for the same IRIs (an evidence's, in each of a dozen reads), kept once they take half the memory."""
        if hasattr(self._store, "raw_rows"):
            rows, self.terms = self._store.raw_rows(sparql)
        else:
            rows = self._store.query(sparql).rows
        one = self._one.setdefault
        return [tuple(one(term, term) for term in row) for row in rows]

    def objects(self, predicate: URIRef) -> dict:
        """subject -> its objects through `predicate` (a list: twice when two graphs hold the triple)."""
        return self._pairs_of(predicate, lambda: compose(read("pairs"), {"p": predicate}))

    def objects_through(self, via: URIRef, predicate: URIRef) -> dict:
        """subject -> its objects through `predicate`, for the subjects that are objects of `via` only."""
        return self._pairs_of((via, predicate),
                              lambda: compose(read("pairs-through"), {"via": via, "p": predicate}))

    def _pairs_of(self, key, sparql: Callable[[], str]) -> dict:
        """The pairs read under `key`, read once: `sparql` makes the read's text only then (composing it on every
        call, a million times in the quote bank, took two thirds of its time)."""
        if key not in self._pairs:
            kept = self._kept if isinstance(key, URIRef) else None  # (a read through another is not kept)
            found = None if kept is None else self._taken(kept, kept.pairs(key))
            if found is None:
                given = self._given if isinstance(key, URIRef) else None  # (nor is it noted)
                found = None if given is None else self._taken(given, given.pairs(key))
                if found is None:
                    found = {}
                    for s, o in self._rows(sparql()):
                        found.setdefault(s, []).append(o)  # lists: a set per subject costs 4x the memory
                if kept is not None:
                    kept.keep_pairs(key, found)
            self._pairs[key] = found
        return self._pairs[key]

    def members(self, cls: URIRef) -> set:
        if cls not in self._members:
            counted = None if self._kept is None else self._taken(self._kept, self._kept.members(cls))
            if counted is None:  # each member counted once per graph that types it so (what a change updates)
                counted = self._taken(self._given, self._given.members(cls)) if self._given else None
                if counted is None:
                    counted = Counter(row[0] for row in self._rows(compose(read("members"), {"class": cls})))
                if self._kept is not None:
                    self._kept.keep_members(cls, counted)
            self._members[cls] = set(counted)
        return self._members[cls]

    def _taken(self, source: Kept | Seen, found):
        """A read the kept reads (query/kept.py) or the build's notes (store/seen.py) gave, in the engine's terms."""
        if found is not None and source.terms is not None:
            self.terms = source.terms
        return found

    def of(self, predicate: URIRef, subjects: Iterable) -> set:
        """The objects of several subjects through `predicate`."""
        table = self.objects(predicate)
        found: set = set()
        for s in subjects:
            found.update(table.get(s, ()))
        return found

    def tagged(self, predicate: URIRef, subject, language: str = "fr") -> list:
        """The objects of `subject` through `predicate` in this language (FILTER(LANG(?x) = "fr"))."""
        return [v for v in self.objects(predicate).get(subject, ()) if self.terms.language(v) == language]

    def keeps(self, only: Iterable | None) -> Callable[[object], bool]:
        """Whether a term is one of the key values `only` (rdflib terms; None: every term is)."""
        if only is None:
            return lambda term: True
        wanted = {str(v) for v in only}
        return lambda term: not self.terms.is_blank(term) and self.terms.text(term) in wanted

    def text(self, term) -> str:
        """SPARQL's STR(): an IRI's or a literal's text; of a blank node, an error these rows cannot reproduce."""
        if self.terms.is_blank(term):
            raise NotOnePass(f"blank node {term} where a text is concatenated")
        return self.terms.text(term)

    def count(self, terms) -> Literal:
        """COUNT(DISTINCT ?x)."""
        return Literal(len(set(terms)))

    def concat(self, terms: Iterable) -> Literal | None:
        """GROUP_CONCAT(DISTINCT STR(?x); separator=" ") as the query layer gives it (results.joined)."""
        return joined([self.text(t) for t in set(terms)], SEPARATOR)


def ordered(rows: list[tuple], columns: list[str], sparql: str) -> QueryOutcome:
    """The distinct rows in the query's ORDER BY (query/tables.py's order of terms), ties in the order of their
    terms' N-Triples forms. Only the ordered columns are put in SPARQL JSON, one row at a time (a table of 187 000
    rows held whole in JSON twice took 500 MB)."""
    order = order_of(sparql) or []
    at = [(variable, columns.index(variable)) for variable, _ in order if variable in columns]
    distinct = sorted(set(rows), key=lambda row: tuple("" if v is None else v.n3() for v in row))
    sorted_rows = sort_cells(distinct, order, cell=lambda row: {v: to_json(row[i]) for v, i in at if row[i] is not None})
    return QueryOutcome(kind="select", columns=list(columns), rows=sorted_rows)


__all__ = ["NotOnePass", "RdflibTerms", "Reads", "SEPARATOR", "ordered"]
