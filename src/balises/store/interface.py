"""What the layers above the store see: a SPARQL query in, rdflib terms out (GraphStore), and its answer
(QueryOutcome). Every backend (Oxigraph on disk or in memory, a remote SPARQL 1.1 endpoint) implements it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence

from rdflib.term import Identifier


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

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
              graphs: Sequence[str] | None = None) -> QueryOutcome:
        """Run a read-only SPARQL query with variables pre-bound to RDF terms. Its default graph is the union of
        every named graph, or of `graphs` (IRIs) when given (the SPARQL Protocol's default-graph-uri)."""

    def quads(self):
        """Every quad (s, p, o, graph) as rdflib terms."""

    def close(self) -> None:
        """Release the store."""
