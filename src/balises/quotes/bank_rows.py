"""The quote bank's two tables, `30-quote-bank` and `quotes-facets`, computed in Python for the build
(query/onepass.py): the same rows, in the same order, as queries/30-quote-bank.rq and
query/reads/quotes-facets.rq, whose grouped OPTIONAL subqueries took 69 s and 59 s at ~2M triples."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Identifier

from ..query.onepass import SEPARATOR, Reads, ordered
from ..query.results import joined
from ..rdf.namespaces import BAL, OA, SCHEMA
from ..store import GraphStore, QueryOutcome

BANK_COLUMNS = ["evidence", "quote", "document", "line", "section", "key", "speaker", "balises", "enjeux",
                "concepts", "about", "territories"]
FACET_COLUMNS = ["evidence", "year", "speakers", "projects", "themes", "statuses", "programmes"]


def _evidences(reads: Reads, only: Iterable[Identifier] | None) -> set:
    keep = reads.keeps(only)
    return {e for e in reads.members(BAL.Evidence) if keep(e)}


def _territories(reads: Reads, about: set) -> set:
    """The territories a quote concerns: what it is about when a territory, the territory or the place of
    action of what it is about, and the wider territories of each (bal:partOf's closure, materialised)."""
    direct = about & reads.members(BAL.Territory)
    through = reads.of(BAL.territory, about) | reads.of(BAL.actsIn, about)
    return direct | reads.of(BAL.partOf, direct) | through | reads.of(BAL.partOf, through)


def quote_bank(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
               reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/30-quote-bank.rq (`sparql`, its text with its PREFIX lines: its ORDER BY is read
    there), of the evidences `only` when given; `reads`: what an earlier table of the same store read."""
    r = reads or Reads(store)
    balises, enjeux = r.members(BAL.Balise), r.members(BAL.Enjeu)
    labels = r.objects_through(BAL.speaker, RDFS.label)
    term = r.terms.to_rdflib
    rows = []
    for evidence in _evidences(r, only):
        targets = r.of(OA.hasTarget, [evidence])
        heads = {(document, quote) for target in targets for document in r.of(OA.hasSource, [target])
                 for quote in r.of(OA.exact, r.of(OA.hasSelector, [target]))}
        if not heads:
            continue
        lines = r.of(BAL.line, [evidence]) or {None}
        sections = r.of(BAL.section, [evidence]) or {None}
        keys = r.of(BAL.keyQuote, [evidence]) or {None}
        speakers = {label for speaker in r.of(BAL.speaker, [evidence]) for label in labels.get(speaker, ())
                    if r.terms.language(label) == "fr"} or {None}
        illustrated = r.of(BAL.illustrates, [evidence])
        pairs = {(notation, enjeu) for b in illustrated & balises for notation in r.of(SKOS.notation, [b])
                 for enjeu in r.of(SKOS.broader, [b]) & enjeux}
        notations = joined([r.text(n) for n in {n for n, _ in pairs}], SEPARATOR)
        their_enjeux = r.concat(e for _, e in pairs) if pairs else None
        about = r.of(BAL.about, [evidence])
        concatenated = (notations, their_enjeux, r.concat(illustrated - balises), r.concat(about),
                        r.concat(_territories(r, about)))
        rows += [(term(evidence), term(quote), term(document), term(line), term(section), term(key), term(speaker),
                  *concatenated)
                 for document, quote in heads for line in lines for section in sections for key in keys
                 for speaker in speakers]
    return ordered(rows, BANK_COLUMNS, sparql)


def _super_events(r: Reads, events: set, itself: bool) -> set:
    """schema:superEvent+ of `events` (with the events themselves: superEvent*)."""
    parents = r.objects(SCHEMA.superEvent)
    found, todo = (set(events) if itself else set()), list(events)
    seen = set(events)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            found.add(parent)
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return found


def quote_facets(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
                 reads: Reads | None = None) -> QueryOutcome:
    """The rows of query/reads/quotes-facets.rq (`sparql`, as for quote_bank), of the evidences `only` when
    given."""
    r = reads or Reads(store)
    projects_, leaps_, programmes_ = r.members(BAL.Project), r.members(BAL.SystemicLeap), r.members(BAL.Programme)
    term = r.terms.to_rdflib
    rows = []
    for evidence in _evidences(r, only):
        documents = r.of(OA.hasSource, r.of(OA.hasTarget, [evidence]))
        if not documents:
            continue
        about = r.of(BAL.about, [evidence])
        direct, leaps = about & projects_, about & leaps_
        projects = direct | r.of(BAL.throughProject, leaps)
        themes = r.of(BAL.theme, projects) | r.of(BAL.fromPerimeter, leaps) | r.of(BAL.toPerimeter, leaps)
        programmes = (about & programmes_) | (_super_events(r, about, itself=False) & programmes_) \
            | (_super_events(r, r.of(BAL.programme, projects), itself=True) & programmes_)
        facets = (r.concat(r.of(BAL.speaker, [evidence])), r.concat(projects), r.concat(themes),
                  r.concat(r.of(BAL.status, projects)), r.concat(programmes))
        for document in documents:
            years = {Literal(r.text(date)[:4]) for date in r.of(DCTERMS.date, [document])} or {None}
            rows += [(term(evidence), year, *facets) for year in years]
    return ordered(rows, FACET_COLUMNS, sparql)


#: The tables the build computes this way, by name: function of (store, its query's text, the key values to
#: compute or None for all, the Reads shared by the tables of one store).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"30-quote-bank": quote_bank, "quotes-facets": quote_facets}

__all__ = ["ONE_PASS", "quote_bank", "quote_facets"]
