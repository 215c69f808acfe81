"""Two researcher tables on the balises computed in Python for the build (query/onepass.py): the same rows, in the
same order, as queries/12-balise-cooccurrence.rq and 13-balise-theme.rq, whose joins of every quote with its
balises and its subjects' themes took 6-7 s and 15-17 s at ~2M triples for a few hundred rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Mapping

from rdflib.namespace import SKOS
from rdflib.term import Identifier

from ..query.onepass import NotOnePass, Reads, ordered
from ..rdf.namespaces import BAL
from ..store import GraphStore, QueryOutcome


def notations(r: Reads) -> dict:
    """What illustrates a balise -> the notations of the balises it illustrates."""
    balises, notation = r.members(BAL.Balise), r.objects(SKOS.notation)
    found = {}
    for subject, illustrated in r.objects(BAL.illustrates).items():
        notes = {n for b in illustrated if b in balises for n in notation.get(b, ())}
        if notes:
            found[subject] = notes
    return found


def balise_cooccurrence(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                        reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/12-balise-cooccurrence.rq (of the notations `only` as ?a, when given)."""
    r = reads or Reads(store)
    groups: dict = defaultdict(set)
    for evidence, notes in notations(r).items():
        if any(not r.terms.is_plain(n) for n in notes):
            raise NotOnePass("a notation that is not a simple literal: FILTER(?a < ?b) compares otherwise")
        for a in notes:
            for b in notes:
                if r.terms.text(a) < r.terms.text(b):
                    groups[a, b].add(evidence)
    return _counted(r, groups, only, ["a", "b", "quotes", "evidences"], sparql)


def balise_theme(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                 reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/13-balise-theme.rq (of the notations `only`, when given)."""
    r = reads or Reads(store)
    about, labels = r.objects(BAL.about), r.objects(SKOS.prefLabel)
    groups: dict = defaultdict(set)
    for evidence, notes in notations(r).items():
        things = about.get(evidence)
        if not things:
            continue
        themes = r.of(BAL.theme, things) | r.of(BAL.toPerimeter, things) | r.of(BAL.fromPerimeter, things) \
            | r.of(BAL.theme, r.of(BAL.throughProject, things))
        french = {label for theme in themes for label in labels.get(theme, ()) if r.terms.language(label) == "fr"}
        for notation in notes:
            for label in french:
                groups[notation, label].add(evidence)
    return _counted(r, groups, only, ["notation", "themeLabel", "quotes", "evidences"], sparql)


def _counted(r: Reads, groups: dict, only: Iterable[Identifier] | None, columns: list[str],
             sparql: str) -> QueryOutcome:
    """Rows (group key's two terms, COUNT(DISTINCT ?evidence), GROUP_CONCAT(DISTINCT STR(?evidence))) of the
    groups whose first term is one of `only` (all when None), in the query's order."""
    term, keep = r.terms.to_rdflib, r.keeps(only)
    rows = [(term(first), term(second), r.count(found), r.concat(found)) for (first, second), found in groups.items()
            if keep(first)]
    return ordered(rows, columns, sparql)


#: The tables the build computes this way, by name (query/onepass.py).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"12-balise-cooccurrence": balise_cooccurrence,
                                                       "13-balise-theme": balise_theme}

__all__ = ["ONE_PASS", "balise_cooccurrence", "balise_theme", "notations"]
