"""Three researcher tables on the balises computed in Python for the build (query/onepass.py): the same rows, in
the same order, as queries/12-balise-cooccurrence.rq, 13-balise-theme.rq and 17-enjeux-overview.rq, whose joins
of every quote with its balises and its subjects' themes or kinds took 6-7 s, 15-17 s and 3-5 s at ~2M triples
for a few hundred rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Mapping

from rdflib import Literal
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
    theme, through = r.objects(BAL.theme), r.objects(BAL.throughProject)
    perimeters = (theme, r.objects(BAL.toPerimeter), r.objects(BAL.fromPerimeter))
    french_of: dict = {}  # a thing quoted about -> the French labels of its themes (many quotes share a thing)

    def french(thing) -> set:
        if thing not in french_of:
            themes = {t for table in perimeters for t in table.get(thing, ())}
            themes.update(t for project in through.get(thing, ()) for t in theme.get(project, ()))
            french_of[thing] = {label for t in themes for label in labels.get(t, ()) if r.terms.language(label) == "fr"}
        return french_of[thing]

    groups: dict = defaultdict(set)
    for evidence, notes in notations(r).items():
        found = set().union(*(french(thing) for thing in about.get(evidence, ())))
        for notation in notes:
            for label in found:
                groups[notation, label].add(evidence)
    return _counted(r, groups, only, ["notation", "themeLabel", "quotes", "evidences"], sparql)


#: The kinds of case 17-enjeux-overview counts for a balise (what its quotes are about).
CASES = (BAL.Project, BAL.Territory, BAL.Actor, BAL.SystemicLeap)


def enjeux_overview(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                    reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/17-enjeux-overview.rq: each balise of each enjeu, with its French title and
    definitions, how many quotes illustrate it and how many cases (projects, territories, actors, leaps) they are
    about."""
    r = reads or Reads(store)
    notation, broader, about = r.objects(SKOS.notation), r.objects(SKOS.broader), r.objects(BAL.about)
    balises, enjeux = r.members(BAL.Balise), r.members(BAL.Enjeu)
    cases = set().union(*(r.members(kind) for kind in CASES))
    quotes, concerned = defaultdict(set), defaultdict(set)
    for evidence, illustrated in r.objects(BAL.illustrates).items():
        things = {t for t in about.get(evidence, ()) if t in cases}
        for b in illustrated:
            quotes[b].add(evidence)
            concerned[b] |= things
    term = r.terms.to_rdflib
    rows = []
    for b in balises:
        for e in (e for e in broader.get(b, ()) if e in enjeux):
            for enjeu_label in r.tagged(SKOS.prefLabel, e):
                for enjeu in notation.get(e, ()):
                    for note in notation.get(b, ()):
                        for title in r.tagged(SKOS.prefLabel, b):
                            for definition in r.tagged(SKOS.definition, b) or [None]:
                                rows.append((term(enjeu), term(enjeu_label), term(note), term(title),
                                             None if definition is None else term(definition),
                                             r.count(quotes.get(b, ())), Literal(len(concerned.get(b, ())))))
    return ordered(rows, ["enjeu", "enjeuLabel", "notation", "title", "definition", "quotes", "cases"], sparql)


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
                                                       "13-balise-theme": balise_theme,
                                                       "17-enjeux-overview": enjeux_overview}

__all__ = ["CASES", "ONE_PASS", "balise_cooccurrence", "balise_theme", "enjeux_overview", "notations"]
