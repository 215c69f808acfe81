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


#: Largest store (quads) copied in memory when `in_memory=None`; a larger one is read on disk, since copying
#: it would take minutes at start-up (measured in benchmarks/EXPLORER.md).
IN_MEMORY_MAX = 100_000


def open_store(settings: Settings, in_memory: bool | None = False) -> GraphStore:
    """The configured store: a remote SPARQL endpoint when one is set (BALISES_ENDPOINT, --endpoint),
    else the embedded Oxigraph store (read-only), or a copy of it in memory (`None`: when it is small)."""
    if settings.endpoint:
        from .remote import SparqlEndpointStore

        return SparqlEndpointStore(settings.endpoint, timeout=settings.query_timeout)
    from .oxigraph import OxigraphStore, read_manifest

    if in_memory is None:
        in_memory = int((read_manifest(settings.store) or {}).get("triples", 0)) <= IN_MEMORY_MAX
    return OxigraphStore.open(settings.store, in_memory=in_memory)
