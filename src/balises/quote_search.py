"""The quote bank searched in the store: the search index the build writes, and the searches, counts and quotes
the explorer asks for, answered by SPARQL. A national graph's quotes (78 261 at ~2M triples) are never all read
into Python: a page reads the IRIs that match, then the quotes it shows.

The index (named graph `graphe:recherche`, written by the build from the answer of `30-quote-bank`):

    <evidence> bal:searchText "the quote folded: lower case, no accents, each space one space" ;
               dcterms:spatial <territory> ;   # each territory it concerns, as 30's ?territories
               schema:position 41 .            # its rank in the bank (30's order: document, line, IRI)

A search is a SELECT made of fixed patterns, one per facet used: the facets' values are VALUES rows of typed
terms and the user's words are literals bound to ?term0, ?term1... (`FILTER(CONTAINS(?text, ?term0))`): user
text never becomes SPARQL. Oxigraph joins in the order written, so the facets come first (an index lookup from
the values given), the text after them (a scan of the texts the facets left), the rank last. The matching is `QuoteBank.search`'s (citations.py), which the tests compare it with.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Identifier

from .citations import (CitedQuotes, Document, Quote, _folded_with_map, _splitter, quote_from, read_documents,
                        search_terms)
from .errors import QueryError
from .materialised import answer
from .namespaces import BAL, GRAPH, SCHEMA, SPARQL_PREFIXES, expand
from .querying import NamedQuery, bind_rows, iri_or_none, make_term, term_sparql
from .store import GraphStore

SEARCH_GRAPH = GRAPH["recherche"]
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

DETAILS = """SELECT ?evidence (SAMPLE(?q) AS ?quote) (SAMPLE(?d) AS ?document) (SAMPLE(?l) AS ?line)
       (SAMPLE(?s) AS ?section) (SAMPLE(?k) AS ?key) (SAMPLE(?sp) AS ?speaker)
       (GROUP_CONCAT(DISTINCT ?notation; separator=" ") AS ?balises) (GROUP_CONCAT(DISTINCT STR(?enjeu); separator=" ") AS ?enjeux)
       (GROUP_CONCAT(DISTINCT STR(?concept); separator=" ") AS ?concepts) (GROUP_CONCAT(DISTINCT STR(?thing); separator=" ") AS ?about)
       (GROUP_CONCAT(DISTINCT STR(?territory); separator=" ") AS ?territories)
WHERE {
  ?evidence a bal:Evidence ; oa:hasTarget [ oa:hasSource ?d ; oa:hasSelector [ oa:exact ?q ] ] .
  OPTIONAL { ?evidence bal:line ?l }
  OPTIONAL { ?evidence bal:section ?s }
  OPTIONAL { ?evidence bal:keyQuote ?k }
  OPTIONAL { ?evidence bal:speaker/rdfs:label ?sp . FILTER(LANG(?sp) = "fr") }
  OPTIONAL { ?evidence bal:illustrates ?b . ?b a bal:Balise ; skos:notation ?notation ; skos:broader ?enjeu . ?enjeu a bal:Enjeu }
  OPTIONAL { ?evidence bal:illustrates ?concept . FILTER NOT EXISTS { ?concept a bal:Balise } }
  OPTIONAL { ?evidence bal:about ?thing }
  OPTIONAL { ?evidence dcterms:spatial ?territory }
}
GROUP BY ?evidence"""


def folded(text: str) -> str:
    """A quote's text as the search matches it (what `QuoteBank` folds in Python)."""
    return _folded_with_map(text)[0]


def index_quads(columns: list[str], cells: list[dict], source: URIRef | None = None) -> list[tuple]:
    """The search index from the SPARQL JSON answer of 30-quote-bank: each quote's folded text and territories."""
    g = SEARCH_GRAPH
    quads: list[tuple] = [(g, RDF.type, PROV.Entity, g),
                          (g, DCTERMS.description, Literal("Index de recherche des citations (texte replié, territoires "
                                                           "concernés), calculé par la construction du graphe", lang="fr"), g),
                          (g, DCTERMS.description, Literal("Search index of the quotes (folded text, territories "
                                                           "concerned), computed by the build", lang="en"), g)]
    if source is not None:
        quads.append((g, PROV.wasDerivedFrom, source, g))
    for rank, b in enumerate(cells):  # the table keeps 30's order
        e = URIRef(b["evidence"]["value"])
        quads.append((e, BAL.searchText, Literal(folded(b.get("quote", {}).get("value", ""))), g))
        quads.append((e, SCHEMA.position, Literal(rank), g))
        territories = b.get("territories", {}).get("value", "")
        quads += [(e, DCTERMS.spatial, URIRef(t), g) for t in sorted(set(territories.split()))]
    return quads


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
    body += [f"FILTER(CONTAINS(?text, ?term{i}))" for i in range(len(terms))]
    where = "\n  ".join(b for b in body if b)
    bound = {f"term{i}": Literal(t) for i, t in enumerate(terms)}
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
READS = {"quotes-all": search_query()[0], **{f"quotes-by-{f}": search_query(by=f)[0] for f in FACETS}}


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
        sparql, bound = search_query(text, key_only, balise=balises, enjeu=enjeux, territory=territories,
                                     document=documents, about=about)
        return Hits(self, list(dict.fromkeys(r[0] for r in self._rows(sparql, bound))))

    def counts(self, by: str, text: str = "", key_only: bool = False, **facets: Iterable[str]) -> dict[str, int]:
        """How many matching quotes carry each value of the facet `by` (balise notations, else IRIs)."""
        sparql, bound = search_query(text, key_only, by=by, **facets)
        return {value: int(n) for value, n in self._rows(sparql, bound) if value is not None}

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """How many quotes of the whole bank carry each balise, enjeu, territory and document."""
        return {facet: self.counts(facet) for facet in ("balise", "enjeu", "territory", "document")}

    def fetch(self, iris: Iterable[str]) -> list[Quote]:
        """The quotes of these IRIs (full or CURIEs), in that order; unknown IRIs are left out."""
        wanted = [expand(i) for i in iris if i]
        missing = [i for i in dict.fromkeys(wanted) if i not in self._quotes]
        split = _splitter()
        for start in range(0, len(missing), FETCH):
            batch = [t for i in missing[start:start + FETCH] if (t := iri_or_none(i)) is not None]
            result = self.store.query(SPARQL_PREFIXES + bind_rows(DETAILS, ["evidence"], [(t,) for t in batch]))
            for row in result.rows:
                quote = quote_from(dict(zip(result.columns, (None if v is None else str(v) for v in row))), split)
                self._quotes[quote.iri] = quote
        return [self._quotes[i] for i in wanted if i in self._quotes]

    def get(self, iri: str) -> Quote | None:
        found = self.fetch([iri]) if iri else []
        return found[0] if found else None


def open_bank(store: GraphStore, library: Mapping[str, NamedQuery], corpus_dir: Path | None = None) -> StoreBank:
    """The explorer's quote bank over the store (its documents read at once; the quotes when asked for)."""
    return StoreBank(store, read_documents(store, library, corpus_dir))


__all__ = ["FACETS", "READS", "SEARCH_GRAPH", "Hits", "StoreBank", "folded", "index_quads", "open_bank", "search_query"]
