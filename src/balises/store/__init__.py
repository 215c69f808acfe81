"""Store stage: the interface the layers above talk to, and how to open the configured store.

Everything above this package (query layer, analysis, CLI, app) sees only
`GraphStore`: a SPARQL query in, rdflib terms out. Which store answers is a
setting (`open_store`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol

from rdflib.term import Identifier

from ..settings import Settings


@dataclass
class QueryOutcome:
    """A query's result: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Identifier, Identifier, Identifier]] = field(default_factory=list)


class GraphStore(Protocol):
    """What the query layer needs of a store."""

    description: str

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryOutcome:
        """Run a read-only SPARQL query with variables pre-bound to RDF terms."""

    def quads(self):
        """Every quad (s, p, o, graph) as rdflib terms."""

    def close(self) -> None:
        """Release the store."""


def open_store(settings: Settings, in_memory: bool = False) -> GraphStore:
    """The configured store: a remote SPARQL endpoint when one is set (BALISES_ENDPOINT, --endpoint),
    else the embedded Oxigraph store (read-only), or a copy of it in memory."""
    if settings.endpoint:
        from .remote import SparqlEndpointStore

        return SparqlEndpointStore(settings.endpoint, timeout=settings.query_timeout)
    from .oxigraph import OxigraphStore

    return OxigraphStore.open(settings.store, in_memory=in_memory)
