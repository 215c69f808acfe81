"""The network's read computed in Python for the build (query/onepass.py): the same row as
query/reads/facts-involved.rq, the number of actors the projects involve, whose join of every involvement with its
project's and its actor's French labels took 2-5 s at ~2M triples for one number."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from rdflib.namespace import RDFS
from rdflib.term import Identifier

from ..query.onepass import Reads, ordered
from ..rdf.namespaces import BAL
from ..store import GraphStore, QueryOutcome


def involved_actors(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                    reads: Reads | None = None) -> QueryOutcome:
    """The row of query/reads/facts-involved.rq as the build materialises it (every territory): how many actors
    with a French label an involvement links to a project with a territory and a French label."""
    r = reads or Reads(store)
    territory = r.objects(BAL.territory)
    actors, projects = r.members(BAL.Actor), r.members(BAL.Project)
    french = lambda s: bool(r.tagged(RDFS.label, s))  # noqa: E731
    involved = r.objects(BAL.involvedActor)
    found = set()
    for involvement, into in r.objects(BAL.involvedIn).items():
        if any(p in projects and p in territory and french(p) for p in into):
            found.update(a for a in involved.get(involvement, ()) if a in actors and french(a))
    return ordered([(r.count(found),)], ["actors"], sparql)


#: The tables the build computes this way, by name (query/onepass.py).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"facts-involved": involved_actors}

__all__ = ["ONE_PASS", "involved_actors"]
