"""The cases of a dossier: each quote filed under a territory and a project, and what the graph says of them
(internal reads dossier-cases, dossier-projects, dossier-territories; labels read apart, catalog/labels.py).

A quote is filed under the case of lowest rank the graph gives it: a project it is about (directly or through a
systemic leap), with the project's territory; else the most specific territory it is about; else the territory
of an actor it is about; else no case. Among cases of one rank, the subject of the dossier first, then the first
by label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..query.library import read
from ..query.run import rows_for
from ..quotes.bank import Quote
from ..store import GraphStore

#: A case: (territory IRI or None, project IRI or None).
Case = tuple[str | None, str | None]


@dataclass
class ProjectFacts:
    iri: str
    territory: str | None = None
    status: str | None = None
    start: str | None = None
    themes: list[str] = field(default_factory=list)
    actors: list[tuple[str, str]] = field(default_factory=list)   # (actor IRI, role IRI)
    documents: list[str] = field(default_factory=list)


@dataclass
class TerritoryFacts:
    iri: str
    kinds: list[str] = field(default_factory=list)
    wider: list[str] = field(default_factory=list)   # the nearest first


def _add(values: list, value) -> None:
    if value and value not in values:
        values.append(value)


def cases_of(store: GraphStore, quotes: Iterable[Quote], label: Callable[[str], str],
             prefer: str | None = None) -> dict[str, Case]:
    """The case of each quote (quote IRI -> case), as the module says."""
    quotes = list(quotes)
    options: dict[str, list[tuple[int, int, str, str, Case]]] = {}
    for evidence, rank, project, territory in rows_for(store, read("dossier-cases"), "evidence",
                                                       [q.iri for q in quotes])[1]:
        first = 0 if prefer in (project, territory) else 1
        options.setdefault(evidence, []).append(
            (int(rank), first, label(project) if project else "", label(territory) if territory else "",
             (territory, project)))
    return {q.iri: min(options[q.iri])[-1] if q.iri in options else (None, None) for q in quotes}


def project_facts(store: GraphStore, projects: Iterable[str]) -> dict[str, ProjectFacts]:
    out: dict[str, ProjectFacts] = {}
    for project, territory, status, start, theme, actor, role, document in rows_for(
            store, read("dossier-projects"), "project", sorted(set(projects)))[1]:
        facts = out.setdefault(project, ProjectFacts(project))
        facts.territory = facts.territory or territory
        facts.status = facts.status or status
        facts.start = facts.start or start
        _add(facts.themes, theme)
        if actor and role:
            _add(facts.actors, (actor, role))
        _add(facts.documents, document)
    return out


def territory_facts(store: GraphStore, territories: Iterable[str]) -> dict[str, TerritoryFacts]:
    out: dict[str, TerritoryFacts] = {}
    depths: dict[str, dict[str, int]] = {}
    for territory, kind, wider, depth in rows_for(store, read("dossier-territories"), "territory",
                                                  sorted(set(territories)))[1]:
        facts = out.setdefault(territory, TerritoryFacts(territory))
        _add(facts.kinds, kind)
        if wider:
            depths.setdefault(territory, {})[wider] = int(depth or 0)
    for territory, found in depths.items():
        out[territory].wider = sorted(found, key=lambda w: (-found[w], w))
    return out


def grouped(quotes: Iterable[Quote], cases: dict[str, Case],
            label: Callable[[str], str]) -> list[tuple[str | None, list[tuple[str | None, list[Quote]]]]]:
    """The quotes by territory, then project, each list in the order given: territories and projects by label,
    the quotes of a territory without a project before its projects, the quotes without a case last."""
    by_territory: dict[str | None, dict[str | None, list[Quote]]] = {}
    for q in quotes:
        territory, project = cases.get(q.iri, (None, None))
        by_territory.setdefault(territory, {}).setdefault(project, []).append(q)

    def order(iri: str | None) -> tuple[bool, str, str]:
        return (iri is None, label(iri).casefold() if iri else "", iri or "")

    return [(t, [(p, by_territory[t][p]) for p in sorted(by_territory[t], key=lambda p: (p is not None, order(p)))])
            for t in sorted(by_territory, key=order)]


__all__ = ["Case", "ProjectFacts", "TerritoryFacts", "cases_of", "grouped", "project_facts", "territory_facts"]
