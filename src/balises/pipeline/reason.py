"""Reason stage: OWL consistency and classification with HermiT (owlready2's jar, run by pipeline/hermit.py).

The reasoner sees the ontology and the assertions between named entities
(class memberships and links between IRIs); literals and blank-node details
(figures, quote selectors) carry nothing it could reason on. Its conclusions,
plus the class and property hierarchy entailments (RDFS closure) that
HermiT prints only as direct links, form the inferred graph, kept apart from the
asserted one. An inconsistency is reported with the entities involved.

Triples are held in Python sets here, not rdflib graphs: the curated graph's closure adds some 40 000 of them,
and an rdflib graph's index costs a second for that on each build.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import ReasoningError
from ..rdf.namespaces import BASE
from . import hermit
from .clashes import find_clashes

_OWL_KEYWORDS = {OWL.Thing, OWL.Nothing, OWL.NamedIndividual}
_SCHEMA_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Ontology)


@dataclass
class ReasoningResult:
    """What the reasoner concluded beyond the asserted graph (a set of triples)."""

    inferred: set
    reasoner: str
    consistent: bool = True


def _axiom_nodes(union: Graph) -> set:
    """The blank nodes of class axioms HermiT must see: owl:AllDisjointClasses and their member lists."""
    nodes = set()
    for axiom in union.subjects(RDF.type, OWL.AllDisjointClasses):
        nodes.add(axiom)
        item = union.value(axiom, OWL.members)
        while isinstance(item, BNode) and item not in nodes:
            nodes.add(item)
            item = union.value(item, RDF.rest)
    return nodes


def _reasoner_input(union: Graph) -> set[tuple]:
    """Ontology axioms and IRI-to-IRI assertions: what HermiT can use."""
    axioms = _axiom_nodes(union)
    schema = {s for kind in _SCHEMA_KINDS for s in union.subjects(RDF.type, kind)}
    triples = set()
    for s, p, o in union:
        if s in axioms:
            triples.add((s, p, o))
            continue
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if p == OWL.sameAs and not (str(s).startswith(BASE) and str(o).startswith(BASE)):
            # links to GeoNames pages: reasoning on them would type the external IRIs as our territories;
            # between two of our entities, HermiT must see them (a territory the same as a person is refused)
            continue
        if isinstance(o, Literal):
            # schema annotations on ontology terms are harmless; data literals (dates, gYear...) are
            # outside the OWL 2 datatype map and carry nothing to classify.
            if s in schema:
                triples.add((s, p, o))
            continue
        triples.add((s, p, o))
    return triples


def _reach(start, links: dict) -> set:
    """What `start` reaches through `links` (node -> next nodes), itself left out unless a cycle returns to it."""
    seen, todo = set(), [start]
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen - {start}


def rdfs_closure(triples: Iterable[tuple]) -> set[tuple]:
    """Superclass memberships, superproperty values, inverse values and transitive properties, materialised."""
    by_property: dict = defaultdict(list)
    for s, p, o in triples:
        by_property[p].append((s, o))
    closure = set()
    subclass = _links(by_property[RDFS.subClassOf])
    classes = set(subclass) | {cls for _, cls in by_property[RDF.type]}
    superclasses = {cls: _reach(cls, subclass) for cls in classes}
    for s, cls in by_property[RDF.type]:
        closure.update((s, RDF.type, sup) for sup in superclasses[cls]
                       if isinstance(sup, URIRef) and sup not in _OWL_KEYWORDS)
    subproperty = _links(by_property[RDFS.subPropertyOf])
    for p in subproperty:
        sups = _reach(p, subproperty)
        closure.update((s, sup, o) for s, o in by_property.get(p, ()) for sup in sups)
    for p, q in by_property[OWL.inverseOf]:
        closure.update((o, q, s) for s, o in by_property.get(p, ()))
        closure.update((o, p, s) for s, o in by_property.get(q, ()))
    for p, kind in by_property[RDF.type]:
        if kind == OWL.TransitiveProperty:
            links = _links(by_property.get(p, ()))
            closure.update((s, p, o) for s in links for o in _reach(s, links))
    return closure


def _links(pairs: Iterable[tuple]) -> dict:
    links: dict = defaultdict(set)
    for s, o in pairs:
        links[s].add(o)
    return links


def _inconsistency_message(parts: list[tuple[str, Graph, bool]]) -> str:
    """Which data files, each reasoned alone with the ontology, HermiT finds inconsistent."""
    head = ("HermiT finds the ontology and data inconsistent, and no entity has two kinds that exclude each other "
            "(the validation's check). ")
    ontology = Graph()
    for _, graph, is_ontology in parts:
        if is_ontology:
            ontology += graph
    if not parts:
        return head + "Reason the files one by one with the ontology to find the one it comes from."
    try:
        hermit.run(_reasoner_input(ontology))
    except ReasoningError:
        return head + "The ontology alone is inconsistent: look at the last change under ontology/."
    culprits = []
    for name, graph, is_ontology in parts:
        if is_ontology:
            continue
        try:
            hermit.run(_reasoner_input(ontology + graph))
        except ReasoningError:
            culprits.append(name)
    if culprits:
        return head + (f"Reasoned alone with the ontology, {', '.join(culprits)} is inconsistent: look there for a "
                       "class axiom of the data (owl:Nothing, owl:equivalentClass, owl:disjointWith, a restriction) "
                       "or a property of the ontology redefined.")
    return head + ("Each data file is consistent alone with the ontology: the inconsistency comes from two files "
                   "together (look at the last changes, and at owl:sameAs and property axioms across files).")


class Reasoning:
    """The reasoning of one build, started before the validation so that HermiT's Java works beside it
    (`start`); `result()` waits for it and returns the inferred triples, `stop()` ends it (a build that stops
    before). The clash check runs at the start, its error raised by `result()`: a file that neither validates
    nor reasons is reported for its validation first, as before."""

    def __init__(self, union: Graph, use_hermit: bool, parts: list[tuple[str, Graph, bool]]):
        self.union, self.parts, self.run = union, parts, None
        self.clashes = find_clashes(union)
        self.input = _reasoner_input(union) if not self.clashes else set()
        if not self.clashes and use_hermit and os.environ.get("BALISES_REASONER", "hermit") != "none":
            self.run = hermit.Run(self.input)

    def result(self) -> ReasoningResult:
        if self.clashes:
            raise ReasoningError("the ontology and data are inconsistent: " + "; ".join(map(str, self.clashes[:20])))
        combined, name = set(self.input), "RDFS closure only"
        if self.run is not None:
            try:
                concluded = self.run.conclusions()
            except ReasoningError as exc:
                if str(exc) == "inconsistent":
                    raise ReasoningError(_inconsistency_message(self.parts)) from exc
                raise
            combined |= {t for t in concluded if not isinstance(t[0], BNode) and not isinstance(t[2], BNode)}
            name = "HermiT (owlready2)"
        combined |= rdfs_closure(combined)
        inferred = set()
        for s, p, o in combined - set(self.union):
            if o in _OWL_KEYWORDS or p == OWL.sameAs and s == o:
                continue
            if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass) and s == o:
                continue
            inferred.add((s, p, o))
        return ReasoningResult(inferred=inferred, reasoner=name)

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()


def start(union: Graph, use_hermit: bool = True, parts: list[tuple[str, Graph, bool]] = ()) -> Reasoning:
    """The reasoning started (module docstring); `parts` (name, graph, is_ontology) are the files the union was
    made of: when HermiT finds an inconsistency that no clash explains, each data file is reasoned alone with the
    ontology to name the file(s) it comes from."""
    return Reasoning(union, use_hermit, list(parts))


def reason(union: Graph, use_hermit: bool = True, parts: list[tuple[str, Graph, bool]] = ()) -> ReasoningResult:
    """Check consistency, classify, and return the triples not asserted in `union` (`start`, waited for)."""
    running = start(union, use_hermit, parts)
    try:
        return running.result()
    finally:
        running.stop()
