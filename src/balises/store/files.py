"""Passes over an RDF file loaded at scale, by the engine's own parser (the bulk loader's: millions of triples in
seconds, no rdflib term made): whether a file parses (`syntax_error`), and the file's quads with their RDFS
entailments by the ontology's class and property hierarchies for the store to take in one bulk write, noting the
subjects it leaves without a predicate (the integrity check's candidates) as it goes (`Entailment`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF

from .oxigraph import to_ox
from .seen import Seen

_FILE_FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}


def syntax_error(path: Path) -> str | None:
    """What the engine's parser says of a file it cannot read (with the line and column), or None when it reads
    it whole (or is not the parser of its format: N-Quads)."""
    fmt = _FILE_FORMATS.get(path.suffix)
    if fmt is None:
        return None
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as exc:
        return str(exc)
    return None


@dataclass
class Entailment:
    """What a build at scale entails from a file while the store takes it in: each membership of a class, the
    memberships of its wider classes; each triple of a property, the triples of its wider properties (`classes`,
    `properties`: a term -> its wider terms, transitively, from the ontology); each triple of a property declared
    the inverse of others, the reversed triples of those (`inverses`; not when its object is a literal), all
    written into `graph`; and, once every file is read, the closure of `transitive` (a property and its inverse)
    over the files' triples of it and the `known` ones (the ontology's), by `closure`. When `without` is given,
    the IRI subjects each file leaves without that predicate (`found`, by file path); when `members_without` is
    (a class, a predicate), the file's members of that class (directly or by a narrower class) that the file
    leaves without that predicate (`members_found`, by path; None when a blank node is among them).

    The same quads as the SPARQL Updates of the hierarchies and the inverses (pipeline/scale.py `closure_updates`)
    give on the bulk-loaded file: each matches a single triple pattern, hence one file at a time is enough;
    tests/integration/test_extra_inputs.py compares them. Blank nodes are renamed as the bulk
    loader renames them (no two files share one), the same in a triple and in what it entails."""

    classes: Mapping[URIRef, Sequence[URIRef]]
    properties: Mapping[URIRef, Sequence[URIRef]]
    graph: URIRef
    without: URIRef | None = None
    found: dict = field(default_factory=dict)
    inverses: Mapping[URIRef, Sequence[URIRef]] = field(default_factory=dict)
    members_without: tuple[URIRef, URIRef] | None = None
    members_found: dict = field(default_factory=dict)
    transitive: tuple[URIRef, URIRef] | None = None
    known: Sequence[tuple[URIRef, URIRef]] = ()
    seen: Seen | None = None  # the reads noted as the store is written (store/writing.py), when given
    _edges: list = field(default_factory=list, repr=False)

    @staticmethod
    def reads(path: Path) -> bool:
        """Whether the pass reads this file (N-Triples, Turtle); another is bulk-loaded and entailed in the store."""
        return path.suffix in _FILE_FORMATS

    def quads(self, path: Path, graph: str) -> Iterator[ox.Quad]:
        """The file's triples in `graph` and what they entail in this entailment's graph; the file's subjects
        without `without` are in `found[path]`, its members without `members_without`'s predicate in
        `members_found[path]`, once the pass is over."""
        wider = lambda hierarchy: {ox.NamedNode(str(t)): [ox.NamedNode(str(w)) for w in ws]  # noqa: E731
                                   for t, ws in hierarchy.items()}
        classes, properties, inverses = wider(self.classes), wider(self.properties), wider(self.inverses)
        into, target = ox.NamedNode(graph), ox.NamedNode(str(self.graph))
        kind = ox.NamedNode(str(RDF.type))
        wanted = ox.NamedNode(str(self.without)) if self.without is not None else None
        members, needed = self._members()
        chain = to_ox(self.transitive[0]) if self.transitive is not None else None
        subjects, having, typed, placed = set(), set(), set(), set()
        # what `seen` notes, noted here rather than read again from each quad (store/seen.py); a property entailing
        # rdf:type would type what the memberships below do not note: its reads are then the engine's
        pairs, of_class, one = (self.seen.pairs_noted, self.seen.members_noted, self.seen.one) if self.seen \
            else ({}, {}, None)
        if self.seen is not None and any(kind in wider for wider in (*properties.values(), *inverses.values())):
            self.seen.whole = False
        for triple in ox.parse(path=str(path), format=_FILE_FORMATS[path.suffix], rename_blank_nodes=True):
            s, p, o = triple.subject, triple.predicate, triple.object
            yield ox.Quad(s, p, o, into)
            if (noted := pairs.get(p)) is not None:
                noted.add((one(s, s), one(o, o), into))
            if wanted is not None and type(s) is ox.NamedNode:
                subjects.add(s)
                if p == wanted:
                    having.add(s)
            if p == kind:
                if o in members:
                    typed.add(s)
                if (noted := of_class.get(o)) is not None:
                    noted.add((one(s, s), into))
                for c in classes.get(o, ()):
                    yield ox.Quad(s, kind, c, target)
                    if (noted := of_class.get(c)) is not None:
                        noted.add((one(s, s), target))
            elif p == needed:
                placed.add(s)
            for q in properties.get(p, ()):
                yield ox.Quad(s, q, o, target)
                if (noted := pairs.get(q)) is not None:
                    noted.add((one(s, s), one(o, o), target))
            if p == chain:
                self._edges.append((s, o))
            if type(o) is not ox.Literal:
                for q in inverses.get(p, ()):
                    yield ox.Quad(o, q, s, target)
                    if (noted := pairs.get(q)) is not None:
                        noted.add((one(o, o), one(s, s), target))
        if wanted is not None:
            self.found[path] = {URIRef(x.value) for x in subjects - having}
        if needed is not None:
            lacking = typed - placed  # a blank node among them cannot be named to the store: None, scan the graph
            self.members_found[path] = None if any(type(x) is not ox.NamedNode for x in lacking) else {
                URIRef(x.value) for x in lacking}

    def closure(self) -> Iterator[ox.Quad]:
        """What `transitive` entails over the files read so far and the `known` pairs: for each pair joined by a
        path of two steps or more, the property's triple and its inverse's, in this entailment's graph (what the
        SPARQL Update `?a p/p+ ?c` of pipeline/scale.py gives)."""
        if self.transitive is None:
            return
        following: dict = {}
        for a, b in [*self._edges, *((to_ox(a), to_ox(b)) for a, b in self.known)]:
            following.setdefault(a, set()).add(b)
        reached: dict = {}

        def beyond(start) -> set:  # every node one step or more from `start`
            if start not in reached:
                seen, todo = set(), list(following.get(start, ()))
                while todo:
                    node = todo.pop()
                    if node not in seen:
                        seen.add(node)
                        todo.extend(following.get(node, ()))
                reached[start] = seen
            return reached[start]

        forward, backward = (to_ox(t) for t in self.transitive)
        target = to_ox(self.graph)
        for a, nexts in following.items():
            for c in set().union(*(beyond(b) for b in nexts)):
                yield ox.Quad(a, forward, c, target)
                if type(c) is not ox.Literal:  # (as the update, which leaves out a triple it cannot write)
                    yield ox.Quad(c, backward, a, target)

    def _members(self) -> tuple[set, ox.NamedNode | None]:
        """The classes whose members `members_without` names (its class and the narrower ones), and its predicate."""
        if self.members_without is None:
            return set(), None
        wanted, predicate = self.members_without
        narrower = {c for c, ws in self.classes.items() if wanted in ws} | {wanted}
        return {to_ox(c) for c in narrower}, to_ox(predicate)


__all__ = ["Entailment", "syntax_error"]
