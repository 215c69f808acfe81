"""Entities that cannot be what the data says they are: two kinds the ontology declares disjoint, or a kind
that can have no member (owl:Nothing).

HermiT finds these too, but says only « inconsistent ». Here each entity is named with the two kinds and how
it got each: asserted (rdf:type), as the subject of a property whose rdfs:domain is that kind, as the object
of a property whose rdfs:range is, or through owl:sameAs with another of our entities. Used by the
validation (a problem at the entity's file and line) and by the reasoning stage (its first check).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..rdf.namespaces import BASE, shorten


@dataclass(frozen=True)
class Clash:
    """`entity` is of two disjoint kinds (or of a kind with no member); `other` is the entity it is said to be
    the same as, when the second kind comes from it."""

    entity: URIRef
    first: URIRef
    second: URIRef
    first_how: str
    second_how: str
    other: URIRef | None = None
    triple: tuple | None = None  # the statement that gives the second kind (where a curator looks)

    def __str__(self) -> str:
        if self.second == OWL.Nothing:
            return (f"{shorten(str(self.entity))} is a {shorten(str(self.first))} ({self.first_how}), a kind that "
                    "can have no member (owl:Nothing)")
        if self.other is not None:
            return (f"{shorten(str(self.entity))} owl:sameAs {shorten(str(self.other))}, but the first is a "
                    f"{shorten(str(self.first))} ({self.first_how}) and the second a {shorten(str(self.second))} "
                    f"({self.second_how}), kinds that exclude each other: owl:sameAs makes them one thing; link "
                    "them with a property of the ontology instead")
        return (f"{shorten(str(self.entity))} is both a {shorten(str(self.first))} ({self.first_how}) and a "
                f"{shorten(str(self.second))} ({self.second_how}), kinds that exclude each other: give the entity "
                "one kind (a territory and its local authority are two entities)")


def _disjoint_pairs(graph: Graph) -> dict[URIRef, set[URIRef]]:
    pairs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs[a].add(b)
        pairs[b].add(a)
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        classes = list(Collection(graph, members)) if members is not None else []
        for a in classes:
            pairs[a].update(c for c in classes if c != a)
    return pairs


def _closure(graph: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    """Each node with every node above it through `relation` (itself included)."""
    memo: dict[URIRef, set[URIRef]] = {}

    def up(node, seen=()):
        if node not in memo:
            above = {node}
            for parent in graph.objects(node, relation):
                if parent not in seen:
                    above |= up(parent, (*seen, node))
            memo[node] = above
        return memo[node]

    for node in set(graph.subjects(relation, None)) | set(graph.objects(None, relation)):
        up(node)
    return memo


def kinds(graph: Graph) -> dict[URIRef, dict[URIRef, tuple[str, tuple]]]:
    """Each IRI with the classes it belongs to (superclasses included), how it got each, and the statement."""
    supers = _closure(graph, RDFS.subClassOf)
    superprops = _closure(graph, RDFS.subPropertyOf)
    domains = {p: set(graph.objects(p, RDFS.domain)) for p in graph.subjects(RDFS.domain, None)}
    ranges = {p: set(graph.objects(p, RDFS.range)) for p in graph.subjects(RDFS.range, None)}
    found: dict[URIRef, dict[URIRef, tuple[str, tuple]]] = defaultdict(dict)

    def add(entity, cls, how, triple):
        through = f"declared a {shorten(str(cls))}" if how == "declared" else f"{how}, a {shorten(str(cls))}"
        for sup in supers.get(cls, {cls}):
            found[entity].setdefault(sup, (how if sup == cls else through, triple))

    for s, o in graph.subject_objects(RDF.type):  # declared kinds first: the explanation a curator expects
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            add(s, o, "declared", (s, RDF.type, o))
    for s, p, o in graph:
        if p == RDF.type:
            continue
        for prop in superprops.get(p, {p}):
            for cls in domains.get(prop, ()) if isinstance(s, URIRef) else ():
                add(s, cls, f"as the subject of {shorten(str(p))}", (s, p, o))
            if isinstance(o, URIRef):
                for cls in ranges.get(prop, ()):
                    if isinstance(cls, URIRef) and cls != RDFS.Literal and not str(cls).startswith(str(XSD)):
                        add(o, cls, f"as the object of {shorten(str(p))}", (s, p, o))
    return found


def find_clashes(graph: Graph) -> list[Clash]:
    """Every entity of two disjoint kinds, or of a kind with no member, with how it got each kind."""
    pairs = _disjoint_pairs(graph)
    empty = {c for c, above in _closure(graph, RDFS.subClassOf).items() if OWL.Nothing in above} | {OWL.Nothing}
    empty |= set(graph.subjects(OWL.equivalentClass, OWL.Nothing))
    of = kinds(graph)
    clashes: list[Clash] = []
    for entity, classes in of.items():
        for cls, (how, triple) in classes.items():
            if cls in empty:
                clashes.append(Clash(entity, cls, OWL.Nothing, how, "", triple=triple))
        for cls in sorted(classes, key=str):
            for other in sorted(pairs.get(cls, ()) & classes.keys(), key=str):
                if str(cls) < str(other):
                    (how, first), (other_how, second) = classes[cls], classes[other]
                    told = second if first[1] == RDF.type else first  # the statement that is not a declaration
                    clashes.append(Clash(entity, cls, other, how, other_how, triple=told))
    for a, b in graph.subject_objects(OWL.sameAs):
        if not (isinstance(a, URIRef) and isinstance(b, URIRef) and str(a).startswith(BASE)
                and str(b).startswith(BASE)):
            continue
        for cls, (how, _) in of.get(a, {}).items():
            for other in sorted(pairs.get(cls, ()) & of.get(b, {}).keys(), key=str):
                clashes.append(Clash(a, cls, other, how, of[b][other][0], other=b, triple=(a, OWL.sameAs, b)))
    return _one_per_pair(clashes)


def _one_per_pair(clashes: list[Clash]) -> list[Clash]:
    """Keep the most telling clash per entity (the first pair in IRI order): one problem to fix, not six."""
    seen: set[tuple] = set()
    kept = []
    for clash in sorted(clashes, key=lambda c: (str(c.entity), str(c.other or ""), str(c.first), str(c.second))):
        key = (clash.entity, clash.other)
        if key not in seen:
            seen.add(key)
            kept.append(clash)
    return kept
