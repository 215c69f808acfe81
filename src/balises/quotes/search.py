"""The quote bank searched in the store: the search index the build writes, and the searches, counts and quotes
the explorer asks for. A national graph's quotes (78 261 at ~2M triples) are never all read into Python: a page
reads the IRIs that match, then the quotes it shows.

The index (named graph `graphe:recherche`, written by the build from the answer of `30-quote-bank`):

    <evidence> bal:searchText "the quote folded: lower case, no accents, each space one space" ;
               dcterms:spatial <territory> ;   # each territory it concerns, as 30's ?territories
               schema:position 41 .            # its rank in the bank (30's order: document, line, IRI)

and beside them, in columns (one `rdf:JSON` literal per column and block of at most `COLUMN_ROWS` quotes, in the
bank's order, named by `dcterms:identifier`): each quote's IRI, folded text, balise notations, enjeux, document,
key flag and subjects; the columns of few distinct values (`ENCODED`) as those values and, per quote, an index
into them. A search reads the narrow facets (territories, subjects: an index lookup from the values given) in the
store, and tests the words and the other facets on the columns, each read once per process on the first search
that needs it (a text search reads the IRIs and the texts, a balise filter the IRIs and the balises): a text scan
there takes 20 ms for 78 261 quotes, where CONTAINS over the store on disk took 0.6 s and a broad facet (an enjeu:
31 845 quotes) 1.8 s (benchmarks/EXPLORER.md).

A store-side search is a SELECT made of fixed patterns, one per facet used, the facets' values in VALUES rows
of typed terms and the user's words as escaped literal terms (`term_sparql`, as in a VALUES block): user text
never becomes SPARQL syntax. Oxigraph joins in the order written, so the facets come first, the rank last. The
matching is `QuoteBank.search`'s (citations.py), which the tests compare it with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import orjson
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Identifier

from ..errors import QueryError
from ..query.binding import compose, iri_or_none, make_term
from ..query.cache import answer
from ..query.library import NamedQuery, read
from ..query.run import rows_for
from ..rdf.escape import term_sparql
from ..rdf.folding import fold_for_search_with_map
from ..rdf.namespaces import BAL, GRAPH, SCHEMA, expand
from ..store import GraphStore
from .bank import (
    CitedQuotes,
    Document,
    Quote,
    _splitter,
    quote_from,
    read_documents,
    search_terms,
)

SEARCH_GRAPH = GRAPH["recherche"]
COLUMNS = ("evidence", "text", "balises", "enjeux", "document", "key", "about")
#: The columns written as their distinct values and an index per quote (the same few IRIs over and over).
ENCODED = ("balises", "enjeux", "document", "about")
#: Quotes per JSON literal of the columns.
COLUMN_ROWS = 20_000
#: What the index holds (part of the build's input hash: a store with another index is rebuilt).
LAYOUT = f"searchText spatial position; columns {' '.join(COLUMNS)}, one literal each per block; encoded {' '.join(ENCODED)}"
#: Quotes read per query when a page asks for many.
FETCH = 500
FACETS = ("balise", "enjeu", "territory", "document", "about")

_PATTERNS = {
    "balise": "?fb skos:notation ?balise ; a bal:Balise ; skos:broader ?fe . ?fe a bal:Enjeu . ?evidence bal:illustrates ?fb .",
    "enjeu": "?enjeu a bal:Enjeu . ?gb skos:broader ?enjeu ; a bal:Balise ; skos:notation ?gn . ?evidence bal:illustrates ?gb .",
    "territory": "?evidence dcterms:spatial ?territory .",
    "document": "?target oa:hasSource ?document . ?evidence oa:hasTarget ?target .",
    "about": "?evidence bal:about ?about .",
}
_BY = {
    "balise": "?evidence bal:illustrates ?cb . ?cb a bal:Balise ; skos:notation ?value ; skos:broader ?ce . ?ce a bal:Enjeu .",
    "enjeu": "?evidence bal:illustrates ?cb . ?cb a bal:Balise ; skos:notation ?cn ; skos:broader ?value . ?value a bal:Enjeu .",
    "territory": "?evidence dcterms:spatial ?value .",
    "document": "?evidence oa:hasTarget/oa:hasSource ?value .",
    "about": "?evidence bal:about ?value .",
}

def folded(text: str) -> str:
    """A quote's text as the search matches it (what `QuoteBank` folds in Python)."""
    return fold_for_search_with_map(text)[0]


def index_batches(chunks: Iterable[list[dict]], source: URIRef | None = None) -> Iterator[list[tuple]]:
    """The search index from the SPARQL JSON answer of 30-quote-bank, given chunk by chunk in the bank's order:
    each quote's folded text, rank and territories, and the columns, one batch of quads per `COLUMN_ROWS`
    quotes (what the build holds in memory at once)."""
    g = SEARCH_GRAPH
    head: list[tuple] = [(g, RDF.type, PROV.Entity, g),
                         (g, DCTERMS.description, Literal("Index de recherche des citations (texte replié, territoires "
                                                          "concernés), calculé par la construction du graphe", lang="fr"), g),
                         (g, DCTERMS.description, Literal("Search index of the quotes (folded text, territories "
                                                          "concerned), computed by the build", lang="en"), g)]
    if source is not None:
        head.append((g, PROV.wasDerivedFrom, source, g))
    yield head
    block: list[dict] = []
    rank = position = 0
    for cells in chunks:
        block += cells
        while len(block) >= COLUMN_ROWS:
            yield _index_block(block[:COLUMN_ROWS], rank, position)
            rank, position, block = rank + COLUMN_ROWS, position + 1, block[COLUMN_ROWS:]
    if block:
        yield _index_block(block, rank, position)


def _index_block(cells: list[dict], first_rank: int, position: int) -> list[tuple]:
    g = SEARCH_GRAPH
    quads: list[tuple] = []
    columns: dict[str, list] = {c: [] for c in COLUMNS}
    value = lambda b, c: b.get(c, {}).get("value", "")  # noqa: E731
    for rank, b in enumerate(cells, first_rank):  # the table keeps 30's order
        e = URIRef(b["evidence"]["value"])
        text = folded(value(b, "quote"))
        quads.append((e, BAL.searchText, Literal(text), g))
        quads.append((e, SCHEMA.position, Literal(rank), g))
        quads += [(e, DCTERMS.spatial, URIRef(t), g) for t in sorted(set(value(b, "territories").split()))]
        for c, v in zip(COLUMNS, (str(e), text, value(b, "balises"), value(b, "enjeux"), value(b, "document"),
                                  value(b, "key").lower() == "true", value(b, "about"))):
            columns[c].append(v)
    for c, values in columns.items():
        chunk = URIRef(f"{SEARCH_GRAPH}/colonnes/{c}/{position}")
        if c in ENCODED:
            distinct = list(dict.fromkeys(values))
            index = {v: i for i, v in enumerate(distinct)}
            values = {"values": distinct, "rows": [index[v] for v in values]}
        quads += [(chunk, DCTERMS.isPartOf, g, g), (chunk, DCTERMS.identifier, Literal(c), g),
                  (chunk, SCHEMA.position, Literal(position), g),
                  (chunk, RDF.value, Literal(orjson.dumps(values).decode("utf-8"), datatype=RDF.JSON), g)]
    return quads


def decode_column(block, split=None) -> list:
    """One block of a column as its list of values (an encoded block expanded; each distinct value passed
    through `split` once)."""
    if not isinstance(block, dict):
        return block
    distinct = [split(v) for v in block["values"]] if split else block["values"]
    return [distinct[i] for i in block["rows"]]


class Columns:
    """The columns of the search index, in the bank's order: what a search tests in Python, each read from the
    store the first time it is needed."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._data: dict[str, list] = {}
        self._rank: dict[str, int] | None = None

    def column(self, name: str) -> list:
        """The values of one column for every quote, in the bank's order (read once)."""
        if name not in self._data:
            if name not in COLUMNS:
                raise QueryError(f"unknown column {name!r} of the quote search index: one of {', '.join(COLUMNS)}")
            rows = self.store.query(compose(read("quotes-column"), {"column": Literal(name)})).rows
            split = _splitter() if name in ("balises", "enjeux", "about") else None
            values: list = []
            for _, payload in sorted(rows, key=lambda r: int(r[0])):
                values += decode_column(orjson.loads(str(payload)), split)
            self._data[name] = values
        return self._data[name]

    iris = property(lambda self: self.column("evidence"))
    texts = property(lambda self: self.column("text"))
    balises = property(lambda self: self.column("balises"))
    enjeux = property(lambda self: self.column("enjeux"))
    documents = property(lambda self: self.column("document"))
    keys = property(lambda self: self.column("key"))
    about = property(lambda self: self.column("about"))

    @property
    def rank(self) -> dict[str, int]:
        if self._rank is None:
            self._rank = {iri: i for i, iri in enumerate(self.iris)}
        return self._rank

    def select(self, ranks: Iterable[int], terms: list[str], balises: set, enjeux: set, documents: set,
               key_only: bool) -> list[int]:
        """The ranks whose quote has every term and any value of each facet given (QuoteBank.search's test): only
        the columns of the filters given are read."""
        keys = self.keys if key_only else None
        notations = self.balises if balises else None
        broader = self.enjeux if enjeux else None
        docs = self.documents if documents else None
        texts = self.texts if terms else None
        out = []
        for i in ranks:
            if keys is not None and not keys[i]:
                continue
            if notations is not None and not balises.intersection(notations[i]):
                continue
            if broader is not None and not enjeux.intersection(broader[i]):
                continue
            if docs is not None and docs[i] not in documents:
                continue
            if texts is not None and not all(t in texts[i] for t in terms):
                continue
            out.append(i)
        return out


def _clean(facets: Mapping[str, Iterable[str]]) -> dict[str, list[Identifier]]:
    """Facet values as RDF terms (balises as notations, the others as IRIs); empty facets dropped."""
    out: dict[str, list[Identifier]] = {}
    for facet, values in facets.items():
        if facet not in _PATTERNS:
            raise QueryError(f"unknown quote facet {facet!r}: one of {', '.join(FACETS)}")
        if facet == "balise":
            terms = [Literal(v.strip().upper()) for v in values if v and v.strip()]
        else:
            terms = [make_term("iri", v, facet) for v in values if v]  # not an IRI: refused with a message
        if terms:
            out[facet] = list(dict.fromkeys(terms))
    return out


def search_query(text: str = "", key_only: bool = False, by: str | None = None,
                 **facets: Iterable[str]) -> tuple[str, dict[str, Identifier]]:
    """The SPARQL of a search (or, with `by`, of its counts per value of a facet) and the terms it binds."""
    terms = search_terms(text)
    clean = _clean(facets)
    body = []
    for facet, values in clean.items():
        body += [_values(facet, values), _PATTERNS[facet]]
    if key_only:
        body.append('?evidence bal:keyQuote ?key . FILTER(STR(?key) = "true")')
    body.append("?evidence bal:searchText ?text ." if terms or not body else "")
    # constant literals: Oxigraph scans with CONTAINS of a constant 4x faster than of a bound variable
    body += [f"FILTER(CONTAINS(?text, {term_sparql(Literal(t))}))" for t in terms]
    where = "\n  ".join(b for b in body if b)
    # Built here, not read from a file: the patterns are those of the facets the user chose, with their values
    # as terms (term_sparql escapes them); the words searched are literals, never text pasted into the query.
    bound: dict[str, Identifier] = {}
    if by is None:
        distinct = "DISTINCT " if any(len(v) > 1 for v in clean.values()) or {"balise", "enjeu"} & set(clean) else ""
        return (f"SELECT {distinct}?evidence ?rank WHERE {{\n  {where}\n  ?evidence schema:position ?rank .\n}} "
                "ORDER BY ?rank", bound)
    if by not in _BY:
        raise QueryError(f"unknown quote facet {by!r}: one of {', '.join(FACETS)}")
    return (f"SELECT ?value (COUNT(DISTINCT ?evidence) AS ?n) WHERE {{\n  {where}\n  ?evidence schema:position ?rank .\n"
            f"  {_BY[by]}\n}} GROUP BY ?value", bound)


def _values(facet: str, values: list[Identifier]) -> str:
    return f"VALUES ?{facet} {{ {' '.join(term_sparql(v) for v in values)} }}"


#: The parameterless reads of the bank (every quote in order, counts per facet): materialised by the build.
READS = {f"quotes-by-{f}": search_query(by=f)[0] for f in FACETS}


class Hits(Sequence):
    """The quotes a search found, in the bank's order: their number at once, the quotes read when shown."""

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
    """The quote bank as the explorer reads it: searched and counted in the store, quotes read for the page shown."""

    def __init__(self, store: GraphStore, documents: dict[str, Document]):
        self.store, self.documents = store, documents
        self._quotes: dict[str, Quote] = {}
        self._total: int | None = None
        self._columns: Columns | None = None

    @property
    def columns(self) -> Columns:
        """The search index's columns, read on the first search that needs them (once per bank)."""
        if self._columns is None:
            self._columns = Columns(self.store)
        return self._columns

    def _rows(self, text: str, bound: Mapping[str, Identifier]) -> list[tuple]:
        return answer(self.store, text, bound).plain_rows()

    def __len__(self) -> int:
        if self._total is None:
            self._total = sum(int(n) for _, n in self._rows(READS["quotes-by-document"], {}))
        return self._total

    def search(self, text: str = "", balises: Iterable[str] = (), enjeux: Iterable[str] = (),
               territories: Iterable[str] = (), documents: Iterable[str] = (), about: Iterable[str] = (),
               key_only: bool = False) -> Hits:
        """The quotes matching every given facet (any of the values within a facet) and every search word."""
        return Hits(self, self._matching(text, balises, enjeux, territories, documents, about, key_only))

    def _matching(self, text, balises, enjeux, territories, documents, about, key_only) -> list[str]:
        """The IRIs of the matching quotes, in the bank's order: the narrow facets (territories, subjects) looked up
        in the store, the rest tested on the columns."""
        terms = search_terms(text)
        clean = _clean({"balise": balises, "enjeu": enjeux, "territory": territories, "document": documents,
                        "about": about})
        narrow = {f: [str(v) for v in clean.pop(f)] for f in ("territory", "about") if f in clean}
        found: list[str] | None = None
        if narrow:
            sparql, bound = search_query(**narrow)
            found = list(dict.fromkeys(r[0] for r in self._rows(sparql, bound)))
            if not (terms or clean or key_only):
                return found
        cols = self.columns
        ranks = range(len(cols.iris)) if found is None else [cols.rank[i] for i in found if i in cols.rank]
        picked = cols.select(ranks, terms, {str(v) for v in clean.get("balise", ())},
                             {str(v) for v in clean.get("enjeu", ())}, {str(v) for v in clean.get("document", ())},
                             key_only)
        return [cols.iris[i] for i in picked]

    def counts(self, by: str, text: str = "", key_only: bool = False, **facets: Iterable[str]) -> dict[str, int]:
        """How many matching quotes carry each value of the facet `by` (balise notations, else IRIs): in the store,
        or over the columns when the words or the balise, enjeu, document or key filters need them."""
        wide = bool(search_terms(text)) or key_only or any(facets.get(f) for f in ("balise", "enjeu", "document"))
        if wide and by in ("balise", "enjeu", "document", "about"):
            cols = self.columns
            picked = self._matching(text, facets.get("balise", ()), facets.get("enjeu", ()), facets.get("territory", ()),
                                    facets.get("document", ()), facets.get("about", ()), key_only)
            column = {"balise": cols.balises, "enjeu": cols.enjeux, "about": cols.about,
                      "document": [(d,) for d in cols.documents]}[by]
            return dict(Counter(v for i in picked if i in cols.rank for v in column[cols.rank[i]]))
        sparql, bound = search_query(text, key_only, by=by, **facets)
        return {value: int(n) for value, n in self._rows(sparql, bound) if value is not None}

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """How many quotes of the whole bank carry each balise, enjeu, territory and document (materialised)."""
        return {facet: {v: int(n) for v, n in self._rows(READS[f"quotes-by-{facet}"], {}) if v is not None}
                for facet in ("balise", "enjeu", "territory", "document")}

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
    """The explorer's quote bank over the store (its documents read at once; the quotes when asked for)."""
    return StoreBank(store, read_documents(store, library, corpus_dir))


__all__ = ["FACETS", "READS", "SEARCH_GRAPH", "Hits", "StoreBank", "folded", "index_batches", "open_bank", "search_query"]
