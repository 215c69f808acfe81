"""What a whole build at scale writes into the store, kept as the one-pass tables read it (query/onepass.py
`Reads`: the pairs of a predicate, the members of a class), taken from the quads on their way in rather than read
back from the engine: at ~2M triples the engine gives a read's rows at ~13 µs each (it looks up the text of each
term), ~2 million rows for the two processes of a build, where the file's parser gives them at ~1 µs.

A read taken here is the store's exactly when every quad of the store went through `Seen.seen` (`whole`): the
curated quads, each file's with what the pass entails from it, and bal:partOf's closure (store/writing.py); a file
bulk-loaded by the engine or a SPARQL Update the build runs (an N-Quads file) makes it not whole, and the reads are
then the engine's. As the store does, a quad twice in one graph is there once, and a typed literal is in its
canonical form (the store writes "01"^^xsd:integer as "1", "1"^^xsd:boolean as "true": `_canonical`).

The second process gets the reads through a file (`dump`, `load`): each term once, the pairs as numbers."""

from __future__ import annotations

import pickle
from array import array
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, XSD

from .oxigraph import EngineTerms

_TYPE = ox.NamedNode(str(RDF.type))
#: The subject and predicate of the lines that carry the terms to the second process (`dump`).
_S, _P = "urn:x-balises:seen", "urn:x-balises:term"
#: The literals the store writes as they are given (any other datatype: written in its canonical form).
_AS_GIVEN = {str(XSD.string), str(RDF.langString)}


class Seen:
    """The pairs of `predicates` and the members of `classes` (IRIs) among the quads that go through `seen` (or that
    the file's pass notes itself in `pairs_noted` and `members_noted`, its terms kept `one` each: store/files.py),
    in the engine's terms (`terms`, as `Reads.terms`). Each read is given once (`pairs`, `members`): the reader
    keeps it."""

    terms = EngineTerms
    #: The file a build writes the reads to for its second process (`dump`), in the new version's directory.
    FILE = "seen-reads.pickle"

    def __init__(self, predicates: Iterable[str], classes: Iterable[str]):
        self.pairs_noted: dict = {ox.NamedNode(p): set() for p in predicates}  # predicate -> {(s, o, graph)}
        self.members_noted: dict = {ox.NamedNode(c): set() for c in classes}  # class -> {(member, graph)}
        self.one = {}.setdefault
        self.whole = True
        self._pairs: dict[str, dict] = {}
        self._members: dict[str, Counter] = {}

    def seen(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """The quads, as they are, the wanted ones noted on their way."""
        pairs, of_class, one = self.pairs_noted, self.members_noted, self.one
        for quad in quads:
            p = quad.predicate
            if (noted := pairs.get(p)) is not None:
                s, o, g = quad.subject, quad.object, quad.graph_name
                noted.add((one(s, s), one(o, o), one(g, g)))
            if p == _TYPE and (noted := of_class.get(quad.object)) is not None:
                s, g = quad.subject, quad.graph_name
                noted.add((one(s, s), one(g, g)))
            yield quad

    def close(self) -> None:
        """The reads made from what was noted (once every quad is written): a typed literal in the store's
        canonical form, each quad once per graph."""
        literals: set = set()
        for noted in self.pairs_noted.values():
            literals.update(o for _, o, _ in noted if type(o) is ox.Literal)
        canonical = _canonical({o for o in literals if o.datatype.value not in _AS_GIVEN})
        while self.pairs_noted:  # each predicate's notes let go as its read is made
            predicate, noted = self.pairs_noted.popitem()
            if canonical:
                noted = {(s, canonical.get(o, o), g) for s, o, g in noted}
            pairs: dict = {}
            for s, o, _ in noted:
                pairs.setdefault(s, []).append(o)
            self._pairs[predicate.value] = pairs
        self._members = {c.value: Counter(s for s, _ in noted) for c, noted in self.members_noted.items()}
        self.pairs_noted, self.members_noted, self.one = {}, {}, {}.setdefault

    def drop(self) -> None:
        """Let go of every read (those not given are read from the engine)."""
        self.pairs_noted, self.members_noted, self.one = {}, {}, {}.setdefault
        self._pairs, self._members = {}, {}

    def pairs(self, predicate: URIRef) -> dict | None:
        """subject -> its objects through `predicate` (a list, once per graph, as `Reads.objects`), or None when
        it was not noted (or given already)."""
        return self._pairs.pop(str(predicate), None)

    def members(self, cls: URIRef) -> Counter | None:
        """member -> how many graphs type it so, or None when the class was not noted (or given already)."""
        return self._members.pop(str(cls), None)

    def dump(self, path: Path) -> None:
        """Write the reads to `path` for another process (`load`): the terms once, the reads as their numbers."""
        index: dict = {}
        terms: list = []

        def number(term) -> int:
            at = index.get(term)
            if at is None:
                at = index[term] = len(terms)
                terms.append(term)
            return at

        pairs = {}
        for predicate, found in self._pairs.items():
            subjects, sizes, objects = array("q"), array("q"), array("q")
            for s, os in found.items():
                subjects.append(number(s))
                sizes.append(len(os))
                objects.extend(number(o) for o in os)
            pairs[predicate] = (subjects, sizes, objects)
        members = {c: (array("q", map(number, found)), array("q", found.values()))
                   for c, found in self._members.items()}
        with open(path, "wb") as handle:
            pickle.dump(("\n".join(f"<{_S}> <{_P}> {t} ." for t in terms), pairs, members), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: Path) -> "Seen":
        """The reads `dump` wrote to `path`."""
        with open(path, "rb") as handle:
            text, pairs, members = pickle.load(handle)
        # the terms read back by the engine's parser (an IRI made one by one is checked again: 3x slower)
        terms = [t.object for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)]
        seen = cls((), ())
        for predicate, (subjects, sizes, objects) in pairs.items():
            values = [terms[o] for o in objects]
            found, at = {}, 0
            for s, size in zip(subjects, sizes.tolist()):
                found[terms[s]] = values[at:at + size]
                at += size
            seen._pairs[predicate] = found
        seen._members = {c: Counter(dict(zip((terms[m] for m in numbers), counts)))
                         for c, (numbers, counts) in members.items()}
        return seen


def _canonical(literals: set) -> dict:
    """Each typed literal -> the literal the store writes for it (its canonical form), those that differ only;
    asked of a store in memory, which writes them as the store on disk does."""
    if not literals:
        return {}
    memory, subject = ox.Store(), ox.NamedNode("urn:x-balises:canonical")
    given = list(literals)
    predicates = [ox.NamedNode(f"urn:x-balises:canonical:{i}") for i in range(len(given))]
    memory.extend(ox.Quad(subject, p, o, ox.DefaultGraph()) for p, o in zip(predicates, given))
    written = {q.predicate: q.object for q in memory.quads_for_pattern(subject, None, None, None)}
    return {o: written[p] for p, o in zip(predicates, given) if written[p] != o}


__all__ = ["Seen"]
