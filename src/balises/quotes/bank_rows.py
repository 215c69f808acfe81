"""The quote bank's two tables, `30-quote-bank` and `quotes-facets`, computed in Python for the build: the same
rows, in the same order, as their SPARQL (queries/30-quote-bank.rq, query/reads/quotes-facets.rq), from one read
of each predicate and class they use (query/reads/pairs.rq, members.rq) joined here.

Why: on a large graph the engine evaluates each of their grouped OPTIONAL subqueries as a pass of index lookups
(at ~2M triples, 69 s and 59 s; benchmarks/PROFILE-2M.md) where reading the ~20 predicates once takes a few
seconds. The .rq files stay the definition: what the explorer and a researcher run live, what the incremental
build's keys and graph signatures are read from, and what tests/integration/test_bank_rows.py compares these
rows with, row for row. A store where the rows cannot be told the same way (a blank node where a text is
concatenated: SPARQL's STR() of it is an error) raises NotOnePass, and the build runs the query instead.

The default graph is the union of the named graphs, as the store's queries see it; both queries take DISTINCT
rows, so a triple held by two graphs counts once here too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Mapping

import orjson
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Identifier

from ..query.binding import compose
from ..query.library import read
from ..query.keys import order_of
from ..query.results import joined
from ..query.tables import sort_cells
from ..rdf.codec import to_json
from ..rdf.namespaces import BAL, OA, SCHEMA
from ..store import GraphStore, QueryOutcome

SEPARATOR = " "
BANK_COLUMNS = ["evidence", "quote", "document", "line", "section", "key", "speaker", "balises", "enjeux",
                "concepts", "about", "territories"]
FACET_COLUMNS = ["evidence", "year", "speakers", "projects", "themes", "statuses", "programmes"]


class NotOnePass(Exception):
    """The data holds what these rows cannot tell as SPARQL would: the query is run instead."""


class RdflibTerms:
    """How to read rdflib terms (a store that gives only those): as store/oxigraph.py's EngineTerms."""

    @staticmethod
    def text(term) -> str:
        return str(term)

    @staticmethod
    def is_blank(term) -> bool:
        return isinstance(term, BNode)

    @staticmethod
    def language(term) -> str | None:
        return getattr(term, "language", None)

    @staticmethod
    def to_rdflib(term):
        return term


class Reads:
    """The store read one predicate, or one class, at a time; each read once, kept for the other table. Terms stay
    the engine's (raw_rows) until a row is given: most of what is read is only joined."""

    def __init__(self, store: GraphStore):
        self._store = store
        self._pairs: dict = {}
        self._members: dict[URIRef, set] = {}
        self.terms = RdflibTerms

    def _rows(self, sparql: str) -> list[tuple]:
        if hasattr(self._store, "raw_rows"):
            rows, self.terms = self._store.raw_rows(sparql)
            return rows
        return self._store.query(sparql).rows

    def objects(self, predicate: URIRef) -> dict:
        """subject -> its objects through `predicate`."""
        if predicate not in self._pairs:
            found: dict = defaultdict(set)
            for s, o in self._rows(compose(read("pairs"), {"p": predicate})):
                found[s].add(o)
            self._pairs[predicate] = found
        return self._pairs[predicate]

    def objects_through(self, via: URIRef, predicate: URIRef) -> dict:
        """subject -> its objects through `predicate`, for the subjects that are objects of `via` only."""
        if (via, predicate) not in self._pairs:
            found: dict = defaultdict(set)
            for s, o in self._rows(compose(read("pairs-through"), {"via": via, "p": predicate})):
                found[s].add(o)
            self._pairs[via, predicate] = found
        return self._pairs[via, predicate]

    def members(self, cls: URIRef) -> set:
        if cls not in self._members:
            self._members[cls] = {row[0] for row in self._rows(compose(read("members"), {"class": cls}))}
        return self._members[cls]

    def of(self, predicate: URIRef, subjects: Iterable) -> set:
        """The objects of several subjects through `predicate`."""
        table = self.objects(predicate)
        found: set = set()
        for s in subjects:
            found.update(table.get(s, ()))
        return found

    def text(self, term) -> str:
        """SPARQL's STR(): an IRI's or a literal's text; of a blank node, an error these rows cannot reproduce."""
        if self.terms.is_blank(term):
            raise NotOnePass(f"blank node {term} where a text is concatenated")
        return self.terms.text(term)

    def concat(self, terms: Iterable) -> Literal | None:
        """GROUP_CONCAT(DISTINCT STR(?x); separator=" ") as the query layer gives it (results.joined)."""
        return joined([self.text(t) for t in set(terms)], SEPARATOR)


def _ordered(rows: list[tuple], columns: list[str], sparql: str) -> QueryOutcome:
    """The distinct rows in the query's ORDER BY (query/tables.py's order of terms), ties in the order of their
    cells' JSON."""
    cells = [({c: to_json(v) for c, v in zip(columns, row) if v is not None}, row) for row in set(rows)]
    cells.sort(key=lambda pair: orjson.dumps(pair[0], option=orjson.OPT_SORT_KEYS))
    ordered = sort_cells(cells, order_of(sparql), cell=lambda pair: pair[0])
    return QueryOutcome(kind="select", columns=list(columns), rows=[row for _, row in ordered])


def _evidences(reads: Reads, only: Iterable[Identifier] | None) -> set:
    found = reads.members(BAL.Evidence)
    if only is None:
        return found
    wanted = {str(e) for e in only}
    return {e for e in found if not reads.terms.is_blank(e) and reads.terms.text(e) in wanted}


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
    return _ordered(rows, BANK_COLUMNS, sparql)


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
    return _ordered(rows, FACET_COLUMNS, sparql)


#: The tables the build computes this way, by name: function of (store, its query's text, the key values to
#: compute or None for all, the Reads shared by the tables of one store).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"30-quote-bank": quote_bank, "quotes-facets": quote_facets}

__all__ = ["NotOnePass", "ONE_PASS", "Reads", "quote_bank", "quote_facets"]
