"""What a sheet becomes: the graph being built, its entities (kind, IRI, the record they come from) and the
problems met."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from ...rdf.namespaces import bind_prefixes
from ..sheet import SheetProblem


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


@dataclass
class Entity:
    kind: str
    iri: URIRef
    record: dict
    path: str
    linked: bool = False  # the IRI was already in the graph


@dataclass
class Built:
    """The graph made from a sheet, where each entity comes from in the sheet, and the problems met."""

    graph: Graph
    origins: dict[URIRef, str] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    document: URIRef | None = None
    new_document: bool = False
    territory: URIRef | None = None
    slug: str = ""


def shorten_text(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
