"""The quote bank as the explorer searches it: the index the build writes (SQLite FTS5 and facet columns,
fulltext.py) and the search graph, the searches and counts the pages ask for, and the quotes they show. A
national graph's quotes (78 261 at ~2M triples) are never all read into Python: a page gets the ranks that
match, then reads the quotes it shows from the store.

The build writes, from the answers of `30-quote-bank` and `quotes-facets` (in the bank's order):

- the index file, `search.sqlite`, inside the store's version directory (swapped with the store); a store
  read elsewhere (a SPARQL endpoint, an in-memory copy) gets the same index built in memory, from the same
  materialised answers, on the first search;
- the named graph `graphe:recherche`, for SPARQL (query 03) and the quotes' details:

    <evidence> bal:searchText "the quote's folded words | its words cut at a line end, joined" ;
               dcterms:spatial <territory> .   # each territory it concerns, as 30's ?territories

The matching is `QuoteBank.search`'s (bank.py, the reference the tests compare this with).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..query.binding import iri_or_none
from ..query.cache import answer
from ..query.library import NamedQuery, read
from ..query.run import rows_for
from ..query.plain import plain_chunks, plain_table
from ..query.tables import result_key
from ..rdf.folding import JOINS, search_text
from ..rdf.namespaces import BAL, GRAPH, expand
from ..store import GraphStore
from .bank import FACETS_READ, QUOTES_QUERY, CitedQuotes, Document, Quote, _splitter, quote_from, read_documents
from .facets import FACETS, choice, facet_counts, facet_name, select
from .fulltext import INDEX_FILE, IndexWriter, QuoteIndex
from .fulltext import LAYOUT as INDEX_LAYOUT

SEARCH_GRAPH = GRAPH["recherche"]
#: What the search graph and the index hold (part of the build's input hash: a store with another is rebuilt).
LAYOUT = f"searchText spatial; {INDEX_LAYOUT}"
#: The column of the bank's answers naming the quote: the subject of its quads in the search graph.
INDEX_KEY = "evidence"
#: Quotes per batch of quads written into the search graph.
BLOCK = 20_000
#: Quotes read per query when a page asks for many.
FETCH = 500
#: The columns of the bank's answers each facet takes its values from (30-quote-bank, then quotes-facets).
_FROM = {"balise": "balises", "enjeu": "enjeux", "territory": "territories", "document": "document",
         "about": "about", "project": "projects", "speaker": "speakers", "theme": "themes",
         "programme": "programmes", "status": "statuses"}


def folded(text: str) -> str:
    """A quote's text as the search graph holds it (bal:searchText)."""
    return search_text(text)


def _bank_rows(store: GraphStore, library: Mapping[str, NamedQuery]) -> Iterator[dict]:
    """Each quote of the bank, in its order, with its facets' values (space-separated): 30's materialised
    answer chunk by chunk (evaluated when the store has none), joined to the facets' read."""
    quotes = library[QUOTES_QUERY]
    facets = plain_table(store, result_key(read(FACETS_READ), {}))  # the rows as the build keeps them (plain.py)
    records = answer(store, read(FACETS_READ)).records() if facets is None else \
        (dict(zip(facets[0], row)) for row in facets[1])
    extra = {r["evidence"]: r for r in records}
    chunks = plain_chunks(store, result_key(quotes.text, quotes.bindings({})))
    first = next(chunks, None)
    if first is None:
        rows = answer(store, quotes.text, quotes.bindings({})).records()
        yield from ({**extra.get(r["evidence"], {}), **r} for r in rows)
        return
    for columns, part in chain([first], chunks):
        for row in part:
            r = {c: v for c, v in zip(columns, row) if v is not None}
            yield {**extra.get(r["evidence"], {}), **r}


def build_index(store: GraphStore, library: Mapping[str, NamedQuery], path: Path | None = None,
                only: set | None = None, former: Path | None = None, before: Mapping[str, str] | None = None,
                done: list[str] | None = None) -> Iterator[list[tuple]]:
    """Write the index (at `path`, else in memory: see `index_in_memory`) and yield the search graph's quads, a
    batch per `BLOCK` quotes (what the build holds in memory at once); with `only` (quotes' IRIs), those quotes'
    quads only (an incremental build: the others' are in the store already). With `former` too (the index file
    of the store before) and `before` (the folded words the search graph held for the quotes of `only` that it
    held), the former file is copied and only the words of the quotes of `only` written again in it, the
    others' left where they are (~7-10 s less at ~2M); when the former file does not hold the other quotes, or
    a quote of `only` is in it without its former words, the index is written whole. `done` is told which
    ("updated in place" or "written whole")."""
    if only is None:
        g = SEARCH_GRAPH
        yield [(g, RDF.type, PROV.Entity, g),
               (g, DCTERMS.description, Literal("Index de recherche des citations (mots repliés, territoires "
                                                "concernés), calculé par la construction du graphe", lang="fr"), g),
               (g, DCTERMS.description, Literal("Search index of the quotes (folded words, territories concerned), "
                                                "computed by the build", lang="en"), g)]
    sent: set[str] = set()
    update = former is not None and path is not None and former.is_file() and only is not None \
        and before is not None
    said = done if done is not None else []
    try:
        yield from _write(store, library, path, only, sent, former if update else None, before or {})
        said.append("updated in place" if update else "written whole")
    except _Stale:  # the former file cannot be patched: the index written whole, the quads not sent yet
        yield from _write(store, library, path, only, sent, None, {})
        said.append("written whole")


class _Stale(Exception):
    """The former index holds a quote the update keeps and cannot find, or one it rewrites without its words."""


def _write(store: GraphStore, library: Mapping[str, NamedQuery], path: Path | None, only: set | None,
           sent: set[str], former: Path | None, before: Mapping[str, str]) -> Iterator[list[tuple]]:
    g = SEARCH_GRAPH
    writer = IndexWriter(path, former)
    batch: list[tuple] = []
    try:
        for r in _bank_rows(store, library):
            iri = r[INDEX_KEY]
            if writer.updating and iri not in only:
                writer.keep(iri, *_flags(r), _facets(r))
                continue
            text = _add(writer, r, before.get(iri) if writer.updating else None)
            if (only is not None and iri not in only) or iri in sent:
                continue
            sent.add(iri)
            e = URIRef(iri)
            batch.append((e, BAL.searchText, Literal(text), g))
            batch += [(e, DCTERMS.spatial, URIRef(t), g) for t in sorted(set((r.get("territories") or "").split()))]
            if len(sent) % BLOCK == 0:
                yield batch
                batch = []
        for iri in list(writer.docs):  # no longer in the bank: their words taken out
            writer.forget(writer.docs.pop(iri), _words_and_joins(before[iri]))
    except KeyError as error:
        writer.db.close()
        raise _Stale from error
    writer.close().close()
    if batch:
        yield batch


def _facets(r: Mapping[str, str | None]) -> dict[str, list[str]]:
    return {facet: (r.get(column) or "").split() for facet, column in _FROM.items()}


def _flags(r: Mapping[str, str | None]) -> tuple[bool, int | None]:
    """A quote's key flag and year, as the index holds them."""
    year = r.get("year") or ""
    return (r.get("key") or "").lower() == "true", int(year) if year.isdigit() else None


def _words_and_joins(folded_words: str) -> tuple[str, str]:
    """A quote's words and joined words, from its folded words as bal:searchText holds them."""
    words, _, joins = folded_words.partition(JOINS)
    return words, joins


def _add(writer: IndexWriter, r: Mapping[str, str | None], before: str | None = None) -> str:
    """One quote into the index (`before`: its former folded words, when the index is updated); its folded
    words, as bal:searchText holds them."""
    folded_words = search_text(r.get("quote") or "")
    writer.add(r["evidence"], *_words_and_joins(folded_words), *_flags(r), _facets(r),
               _words_and_joins(before) if before is not None else None)
    return folded_words


def index_in_memory(store: GraphStore, library: Mapping[str, NamedQuery]) -> QuoteIndex:
    """The index built in memory from the store's answers (a store without its index file beside it)."""
    writer = IndexWriter()
    for r in _bank_rows(store, library):
        _add(writer, r)
    return QuoteIndex(writer.close())


class Hits(Sequence):
    """The quotes a search found, in their order: their number at once, the quotes read when shown."""

    def __init__(self, bank: "StoreBank", iris: list[str]):
        self.bank, self.iris = bank, iris

    def __len__(self) -> int:
        return len(self.iris)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.bank.fetch(self.iris[index])
        return self.bank.fetch([self.iris[index]])[0]

    def __iter__(self):
        for start in range(0, len(self.iris), FETCH):
            yield from self.bank.fetch(self.iris[start:start + FETCH])


class StoreBank(CitedQuotes):
    """The quote bank as the explorer reads it: searched and counted on the index, quotes read from the store for
    the page shown."""

    def __init__(self, store: GraphStore, documents: dict[str, Document], library: Mapping[str, NamedQuery]):
        self.store, self.documents, self.library = store, documents, library
        self._quotes: dict[str, Quote] = {}
        self._index: QuoteIndex | None = None

    @property
    def index(self) -> QuoteIndex:
        """The index: the build's file beside the store read on disk, else built in memory (once per bank)."""
        if self._index is None:
            where = getattr(self.store, "directory", None)
            path = Path(where) / INDEX_FILE if where else None
            self._index = QuoteIndex.open(path) if path is not None and path.is_file() \
                else index_in_memory(self.store, self.library)
        return self._index

    def __len__(self) -> int:
        return len(self.index)

    def search(self, text: str = "", key_only: bool = False, year_from: int | None = None,
               year_to: int | None = None, **facets: Iterable[str]) -> Hits:
        """The quotes holding every search term and, for each facet given, any of its values (facets by their
        name or their plural: `balises=["C2"]`, `territories=["ter:lomme"]`), ranked (facets.select)."""
        index = self.index
        ranks = select(index, choice(text, key_only, year_from, year_to, **facets))
        return Hits(self, [index.iris[i] for i in ranks])

    def facet_counts(self, text: str = "", key_only: bool = False, year_from: int | None = None,
                     year_to: int | None = None, **facets: Iterable[str]) -> dict[str, dict[str, int]]:
        """For every facet and filter, how many quotes each value keeps given the other choices (facets.py)."""
        return facet_counts(self.index, choice(text, key_only, year_from, year_to, **facets))

    def counts(self, by: str, text: str = "", key_only: bool = False, **facets: Iterable[str]) -> dict[str, int]:
        """How many of the quotes found carry each value of the facet `by` (every choice applied, `by`'s own too)."""
        by = facet_name(by)
        return facet_counts(self.index, choice(text, key_only, **facets), only=[by], faceted=False)[by]

    def fetch(self, iris: Iterable[str]) -> list[Quote]:
        """The quotes of these IRIs (full or CURIEs), in that order; unknown IRIs are left out."""
        wanted = [expand(i) for i in iris if i]
        missing = [i for i in dict.fromkeys(wanted) if i not in self._quotes]
        split = _splitter()
        for start in range(0, len(missing), FETCH):
            rows = [i for i in missing[start:start + FETCH] if iri_or_none(i) is not None]
            illustrated: dict[str, tuple[set, set]] = {}
            for e, notation, enjeu in self._read(read("quotes-balises-of"), rows):
                found = illustrated.setdefault(e, (set(), set()))
                found[0].add(notation)
                found[1].add(enjeu)
            for r in self._read(read("quotes-details"), rows, records=True):
                notations, enjeux = illustrated.get(r["evidence"], ((), ()))
                quote = quote_from(dict(r, balises=" ".join(notations), enjeux=" ".join(enjeux)), split)
                self._quotes[quote.iri] = quote
        return [self._quotes[i] for i in wanted if i in self._quotes]

    def _read(self, text: str, iris: list[str], records: bool = False) -> list:
        columns, rows = rows_for(self.store, text, "evidence", iris, FETCH)
        return [dict(zip(columns, r)) for r in rows] if records else rows

    def get(self, iri: str) -> Quote | None:
        found = self.fetch([iri]) if iri else []
        return found[0] if found else None


def open_bank(store: GraphStore, library: Mapping[str, NamedQuery], corpus_dir: Path | None = None) -> StoreBank:
    """The explorer's quote bank over the store (its documents read at once; the index on the first search)."""
    return StoreBank(store, read_documents(store, library, corpus_dir), library)


__all__ = ["FACETS", "FACETS_READ", "INDEX_KEY", "LAYOUT", "SEARCH_GRAPH", "Hits", "StoreBank", "build_index", "folded",
           "index_in_memory", "open_bank"]
