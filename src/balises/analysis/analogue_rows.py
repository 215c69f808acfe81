"""Two reads of the analogous cases computed in Python for the build (query/onepass.py): the same rows, in the
same order, as query/reads/analogues-balises.rq and analogues-projects.rq, whose joins of every quote with its
subjects' territories, and of every project with its quotes' balises, took 10-16 s and 8-12 s at ~2M triples."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Mapping

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Identifier

from ..query.onepass import SEPARATOR, NotOnePass, Reads, ordered
from ..query.results import joined
from ..rdf.namespaces import BAL
from ..store import GraphStore, QueryOutcome
from .balise_rows import notations


def analogue_balises(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                     reads: Reads | None = None) -> QueryOutcome:
    """The rows of query/reads/analogues-balises.rq (of the territories `only`, when given): each balise a
    territory's quotes show (its own, its projects', its actors'), with the first and last of them by IRI."""
    r = reads or Reads(store)
    territories, about = r.members(BAL.Territory), r.objects(BAL.about)
    keep = r.keeps(only)
    groups: dict = defaultdict(set)
    for evidence, notes in notations(r).items():
        things = about.get(evidence)
        if not things:
            continue
        concerned = {t for t in (set(things) | r.of(BAL.territory, things) | r.of(BAL.actsIn, things))
                     if t in territories and keep(t)}
        text = r.text(evidence)
        for t in concerned:
            for notation in notes:
                groups[t, notation].add(text)
    term = r.terms.to_rdflib
    rows = [(term(t), term(n), Literal(min(found)), Literal(max(found))) for (t, n), found in groups.items()]
    return ordered(rows, ["t", "notation", "first", "last"], sparql)


def analogue_projects(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                      reads: Reads | None = None) -> QueryOutcome:
    """The rows of query/reads/analogues-projects.rq (of the projects `only`, when given): each project with its
    French label, territories, themes, statuses and the notations its quotes illustrate."""
    r = reads or Reads(store)
    keep = r.keeps(only)
    quotes: dict = defaultdict(set)  # project -> the quotes about it
    for evidence, things in r.objects(BAL.about).items():
        for thing in things:
            quotes[thing].add(evidence)
    term = r.terms.to_rdflib
    rows = []
    for project in r.members(BAL.Project):
        places = r.of(BAL.territory, [project])
        if not places or not keep(project):
            continue
        labels = set(r.tagged(RDFS.label, project))
        if not labels:
            continue
        notes = r.of(SKOS.notation, r.of(BAL.illustrates, quotes.get(project, ())))
        if any(not r.terms.is_literal(n) for n in notes):
            raise NotOnePass("a notation that is not a literal: GROUP_CONCAT(?notation) fails on it")
        columns = (r.concat(places), r.concat(r.of(BAL.theme, [project])),
                   joined([r.text(n) for n in notes], SEPARATOR), r.concat(r.of(BAL.status, [project])))
        rows += [(term(project), term(label), *columns) for label in labels]
    return ordered(rows, ["p", "label", "territories", "themes", "notations", "statuses"], sparql)


#: The tables the build computes this way, by name (query/onepass.py).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"analogues-balises": analogue_balises,
                                                       "analogues-projects": analogue_projects}

__all__ = ["ONE_PASS", "analogue_balises", "analogue_projects"]
