"""What a query reads: the shape of its graph patterns, to know which changes of the graph can change its answer.

A query's *shape* is the set of what its triple patterns can match, written as signature terms:
- a predicate IRI (`http://www.w3.org/2000/01/rdf-schema#label`) for a pattern with that predicate, or for every
  IRI of a property path (`bal:partOf*`, `skos:prefLabel|rdfs:label`);
- `a <class>` for `?x a bal:Territory` (a membership of that class), `a *` for `?x a ?kind` (any membership);
- `*` alone when a pattern's predicate is a variable or a negated path: the query can read any triple.

A change of the graph has a signature too (`signature`): the predicates of the triples added or removed, and the
classes of the memberships among them. The answer of a query can change only when the two meet (`meets`): a
table computed from the query is recomputed then, and kept otherwise. The shape is read from the query's algebra
(rdflib's SPARQL parser), so sub-queries, OPTIONAL, EXISTS and MINUS are all counted; a text rdflib cannot parse
gets the shape `*` (recomputed on every change: never wrong, only slower).
"""

from __future__ import annotations

import functools
from typing import Iterable

from rdflib import URIRef, Variable
from rdflib.namespace import RDF
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

ANY = "*"
ANY_CLASS = "a *"
_TYPE = str(RDF.type)


def membership(cls) -> str:
    """The signature term of a membership of `cls` (an IRI), or of any class."""
    return f"a {cls}" if isinstance(cls, URIRef) else ANY_CLASS


def path_predicates(path) -> set[str] | None:
    """The predicates a property path can follow; None when it can follow any (a negated path)."""
    if isinstance(path, URIRef):
        return {str(path)}
    if isinstance(path, NegatedPath):
        return None
    if isinstance(path, (SequencePath, AlternativePath)):
        terms: set[str] = set()
        for part in path.args:
            found = path_predicates(part)
            if found is None:
                return None
            terms |= found
        return terms
    if isinstance(path, (MulPath, InvPath)):
        return path_predicates(path.path)
    return None


def _triples(node) -> Iterable[tuple]:
    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield from node.triples
        for value in node.values():
            yield from _triples(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _triples(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _triples(value)


@functools.lru_cache(maxsize=128)
def algebra(sparql: str):
    """rdflib's algebra of a query (parsed once per process: parsing takes a tenth of a second)."""
    return translateQuery(parseQuery(sparql)).algebra


@functools.lru_cache(maxsize=256)
def shape(sparql: str) -> frozenset[str]:
    """The signature terms `sparql` (with its prefixes declared) can read; `{"*"}` when it can read anything."""
    try:
        tree = algebra(sparql)
    except Exception:  # noqa: BLE001 - a text rdflib does not parse is read as reading everything
        return frozenset({ANY})
    terms: set[str] = set()
    for _, p, o in _triples(tree):
        if isinstance(p, Variable):
            return frozenset({ANY})
        if p == RDF.type:
            terms.add(membership(o))
            continue
        found = path_predicates(p)
        if found is None:
            return frozenset({ANY})
        if _TYPE in found:  # rdf:type inside a path (`a/rdfs:subClassOf*`): any membership
            terms.add(ANY_CLASS)
        terms |= found - {_TYPE}
    return frozenset(terms)


def signature(triples: Iterable[tuple]) -> set[str]:
    """The signature terms of a set of triples (what changed): predicates, and the memberships' classes."""
    terms: set[str] = set()
    for _, p, o in triples:
        terms.add(membership(o) if p == RDF.type else str(p))
    return terms


def meets(read: Iterable[str], changed: Iterable[str]) -> set[str]:
    """The changed terms a query of shape `read` can see (empty: its answer cannot have changed)."""
    read, changed = set(read), set(changed)
    if not changed:
        return set()
    if ANY in read:
        return changed
    seen = read & changed
    if ANY_CLASS in read:
        seen |= {t for t in changed if t.startswith("a ")}
    return seen


class Recorder:
    """A store that remembers the SPARQL texts it was asked (to know what a computation of the build reads)."""

    def __init__(self, store):
        self._store = store
        self.texts: list[str] = []

    def query(self, sparql: str, *args, **kwargs):
        self.texts.append(sparql)
        return self._store.query(sparql, *args, **kwargs)

    def __getattr__(self, name):
        found = getattr(self._store, name)
        if name != "raw_rows":
            return found

        def raw_rows(sparql: str, *args, **kwargs):  # a read too (the engine's own terms): remembered
            self.texts.append(sparql)
            return found(sparql, *args, **kwargs)
        return raw_rows

    def reads(self, tables: dict[str, str]) -> dict[str, list[str]]:
        """What was read: the tables (`tables`: key -> name) whose key a text holds, and the shape of the texts
        that read no table (evaluated on the graph)."""
        names, terms = set(), set()
        for text in self.texts:
            found = {name for key, name in tables.items() if key in text}
            if found:
                names |= found
            else:
                terms |= shape(text)
        return {"tables": sorted(names), "reads": sorted(terms)}


__all__ = ["ANY", "ANY_CLASS", "Recorder", "algebra", "path_predicates", "meets", "membership", "shape", "signature"]
