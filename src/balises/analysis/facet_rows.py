"""The facets of the project search computed in Python for the build (query/onepass.py): the same rows, in the
same order, as queries/34-facet-values.rq, whose count of the projects within each territory (every project's
territory and all its wider ones, `bal:partOf*`) took 8-9 s at ~2M triples, and as long for the few values an
added sheet touches (France counts every project)."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Mapping

from rdflib import Literal
from rdflib.namespace import ORG, RDFS, SKOS
from rdflib.term import Identifier

from ..query.onepass import Reads, ordered
from ..rdf.namespaces import BAL, SCHEMA
from ..store import GraphStore, QueryOutcome


def _inverse(table: dict, keep: Callable[[object], bool] = lambda s: True) -> dict:
    """object -> its subjects (those kept) through a predicate's table."""
    found: dict = defaultdict(set)
    for subject, objects in table.items():
        if keep(subject):
            for o in objects:
                found[o].add(subject)
    return found


def _upwards(table: dict) -> Callable[[object], set]:
    """A node and every node it reaches through a predicate's table (a path `p*`), told once per node."""
    memo: dict = {}

    def up(node) -> set:
        if node not in memo:
            seen, todo = {node}, [node]
            while todo:
                for wider in table.get(todo.pop(), ()):
                    if wider not in seen:
                        seen.add(wider)
                        todo.append(wider)
            memo[node] = seen
        return memo[node]

    return up


def facet_values(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                 reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/34-facet-values.rq (of the values `only`, when given): each theme, status, actor
    category, programme and territory projects can be filtered by, with its French label and how many projects
    have it."""
    r = reads or Reads(store)
    keep = r.keeps(only)
    projects = r.members(BAL.Project)
    typed = lambda s: s in projects  # noqa: E731
    found: dict = defaultdict(set)  # (facet, value) -> its projects
    values: dict[str, set] = defaultdict(set)  # facet -> the values it has a row for, with or without projects
    values["theme"] = set(r.members(BAL.Theme))
    for value, of in _inverse(r.objects(BAL.theme), typed).items():
        if value in values["theme"]:
            found["theme", value] |= of
    for value, of in _inverse(r.objects(BAL.status), typed).items():
        values["status"].add(value)
        found["status", value] |= of
    _categories(r, found, values)
    _programmes(r, found, values, typed)
    up = _upwards(r.objects(BAL.partOf))
    for project, places in r.objects(BAL.territory).items():
        if typed(project):
            for wider in {w for place in places for w in up(place)}:
                values["territory"].add(wider)
                found["territory", wider].add(project)
    labels = {"theme": SKOS.prefLabel, "status": SKOS.prefLabel, "category": SKOS.prefLabel,
              "programme": RDFS.label, "territory": RDFS.label}
    rows, term = [], r.terms.to_rdflib  # the engine's terms once read
    for facet, kept in values.items():
        for value in (v for v in kept if keep(v)):
            for label in r.tagged(labels[facet], value):
                rows.append((Literal(facet), term(value), term(label), r.count(found.get((facet, value), ()))))
    return ordered(rows, ["facet", "value", "label", "projects"], sparql)


def _categories(r: Reads, found: dict, values: dict) -> None:
    """Each actor category, and the projects of the involvements of its actors (an actor's own category, or that
    of what it is a member of)."""
    values["category"] = set(r.members(BAL.ActorCategory))
    category, involved = r.objects(BAL.actorCategory), r.objects(BAL.involvedActor)
    memberships = _inverse(r.objects(ORG.member))  # an actor -> what it is a member of
    kinds_of: dict = {}  # an actor -> its categories that have a row (an actor is in many involvements)
    for involvement, into in r.objects(BAL.involvedIn).items():
        for actor in involved.get(involvement, ()):
            if actor not in kinds_of:
                kinds = set(category.get(actor, ())).union(*(category.get(m, ()) for m in memberships.get(actor, ())))
                kinds_of[actor] = kinds & values["category"]
            for kind in kinds_of[actor]:
                found["category", kind].update(into)


def _programmes(r: Reads, found: dict, values: dict, typed: Callable[[object], bool]) -> None:
    """Each programme that is part of none, and the projects of it or of its parts (`bal:programme`), or of the
    territories taking part in it or in its parts."""
    wider = r.objects(SCHEMA.superEvent)
    values["programme"] = {p for p in r.members(BAL.Programme) if not wider.get(p)}
    up = _upwards(wider)
    for project, programmes in r.objects(BAL.programme).items():
        for programme in {w for p in programmes for w in up(p)} & values["programme"]:
            found["programme", programme].add(project)
    in_place = _inverse(r.objects(BAL.territory), typed)  # a territory -> its projects
    for event, places in r.objects(BAL.participatingTerritory).items():
        projects = {p for place in places for p in in_place.get(place, ())}
        for programme in up(event) & values["programme"]:
            found["programme", programme] |= projects


#: The tables the build computes this way, by name (query/onepass.py).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"34-facet-values": facet_values}

__all__ = ["ONE_PASS", "facet_values"]
