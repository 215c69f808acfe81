"""Store stage: the interface the layers above talk to, and how to open the configured store.

Everything above this package (query layer, analysis, CLI, app) sees only
`GraphStore`: a SPARQL query in, rdflib terms out. Which store answers is a
setting (`open_store`).
"""

from __future__ import annotations

from ..settings import Settings
from .interface import GraphStore, QueryOutcome
from .oxigraph import OxigraphStore, read_manifest
from .remote import SparqlEndpointStore

#: Largest store (quads) copied in memory when `in_memory=None`; a larger one is read on disk, since copying
#: it would take minutes at start-up (measured in benchmarks/EXPLORER.md).
IN_MEMORY_MAX = 100_000


def open_store(settings: Settings, in_memory: bool | None = False) -> GraphStore:
    """The configured store: a remote SPARQL endpoint when one is set (BALISES_ENDPOINT, --endpoint),
    else the embedded Oxigraph store (read-only), or a copy of it in memory (`None`: when it is small)."""
    if settings.endpoint:
        return SparqlEndpointStore(settings.endpoint, timeout=settings.query_timeout)
    if in_memory is None:
        in_memory = int((read_manifest(settings.store) or {}).get("triples", 0)) <= IN_MEMORY_MAX
    return OxigraphStore.open(settings.store, in_memory=in_memory)


__all__ = ["GraphStore", "IN_MEMORY_MAX", "QueryOutcome", "open_store"]
