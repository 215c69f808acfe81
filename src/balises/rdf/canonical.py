"""Two versions of a graph compared: blank nodes named by what they hold, so that two parses of one file, or a
file and what the store kept of it, give the same triples (the incremental build's diff of a replaced graph)."""

from __future__ import annotations

import hashlib

from rdflib import BNode, Literal
from rdflib.namespace import XSD


def canonical(triples: set) -> set:
    """The triples with each blank node named by what it holds (canonical_map)."""
    return set(canonical_map(triples).values())


def canonical_map(triples: set) -> dict:
    """The triples with each blank node named by what it holds (a hash of its triples, blank nodes below it
    included): two parses of one file give two namings of its blank nodes, the same canonical triples. The
    blank nodes of the data hang from named entities (figures, quote targets and selectors): trees, hashed
    from the leaves up; a cycle of blank nodes keeps its own names."""
    below: dict = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            below.setdefault(s, []).append((p, o))
    names: dict = {}

    def name(node, path=()):
        if not isinstance(node, BNode):
            return node
        if node not in names:
            if node in path:
                return node
            parts = sorted(f"{p.n3()} {plain(name(o, path + (node,))).n3()}" for p, o in below.get(node, ()))
            names[node] = BNode("c" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32])
        return names[node]

    def plain(term):
        return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term

    return {(s, p, o): (name(s), p, plain(name(o))) for s, p, o in triples}


def raw_difference(before: set, after: set) -> tuple[set, set]:
    """The triples removed and added as each store holds them (blank nodes with their own names): those whose
    canonical form is not on the other side."""
    old, new = canonical_map(before), canonical_map(after)
    kept_old, kept_new = set(old.values()), set(new.values())
    return {t for t, c in old.items() if c not in kept_new}, {t for t, c in new.items() if c not in kept_old}


__all__ = ["canonical", "canonical_map", "raw_difference"]
