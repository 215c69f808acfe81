"""The quote bank: every evidence quote with its source document, searched with facets (citing them, the basket
and the exports: citing.py). No Streamlit here: the explorer and the CLI share it.

The quotes come from the named query `30-quote-bank`, the documents from `31-source-documents`. Search is
done here, in Python, over the verbatim text: case- and accent-insensitive, every word (or "quoted phrase")
must occur. User text is never turned into SPARQL nor into a regular expression.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import QueryError
from ..query.cache import run_named
from ..query.library import NamedQuery, find_query
from ..rdf.folding import fold_for_search, fold_for_search_with_map
from ..rdf.namespaces import expand, shorten
from ..store import GraphStore

QUOTES_QUERY = "30-quote-bank"
DOCUMENTS_QUERY = "31-source-documents"

#: Longest search text accepted (a longer one is refused with a message, not truncated silently).
MAX_SEARCH = 300

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_CREATIVE_COMMONS = re.compile(r"creativecommons\.org/licenses/([a-z-]+)/([0-9.]+)")


def licence_name(iri: str) -> str:
    """A licence as people name it (CC BY-NC-ND 4.0) from its IRI; an IRI it does not know, as it is."""
    if match := _CREATIVE_COMMONS.search(iri or ""):
        return f"CC {match.group(1).upper()} {match.group(2)}"
    return iri or ""


@dataclass(frozen=True)
class Document:
    """A corpus document as it is cited."""

    iri: str
    title: str
    label: str = ""
    date: str = ""
    date_note: str = ""
    file_name: str = ""
    identifier: str = ""
    licence: str = ""
    rights: str = ""
    authors: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return shorten(self.iri)

    @property
    def year(self) -> str:
        return self.date[:4] if self.date[:4].isdigit() else ""

    @property
    def licence_name(self) -> str:
        return licence_name(self.licence)

    @property
    def names(self) -> tuple[str, ...]:
        """Who to name with a quote: the authors, or else the publishers."""
        return self.authors or self.publishers

    def citation(self, lang: str = "fr") -> str:
        """`Authors, « Title », Publisher, date` — the authors always named (required by 004's licence)."""
        parts = [", ".join(self.names)] if self.names else []
        parts.append(f"« {self.title} »")
        if self.authors and self.publishers:
            parts.append(", ".join(self.publishers))
        parts.append(self.date or ("n.d." if lang == "en" else "s. d."))
        if self.identifier:
            parts.append(self.identifier)
        if self.licence_name:
            parts.append(f"licence {self.licence_name}")
        return ", ".join(parts)

    @property
    def bibtex_key(self) -> str:
        first = (self.names[0].split()[-1] if self.names else "balises")
        return _NOT_KEY.sub("", fold_for_search(first)) + (self.year or "sd") + self.short.split(":")[-1]


@dataclass(frozen=True)
class Quote:
    """One evidence quote, verbatim, with what it illustrates and what it is about."""

    iri: str
    text: str
    document: str
    line: int | None = None
    section: str = ""
    key: bool = False
    speaker: str = ""
    balises: tuple[str, ...] = ()       # notations, E1 ... V6
    enjeux: tuple[str, ...] = ()        # enjeu IRIs
    concepts: tuple[str, ...] = ()      # other concepts illustrated (IRIs)
    about: tuple[str, ...] = ()         # IRIs of what the quote is about
    territories: tuple[str, ...] = ()   # territories concerned, with the wider ones they are part of

    @property
    def short(self) -> str:
        return shorten(self.iri)


def search_terms(text: str) -> list[str]:
    """Words and "quoted phrases" of a search, folded; refuses over-long text."""
    if text is None:
        return []
    if len(text) > MAX_SEARCH:
        raise QueryError(f"search text too long ({len(text)} characters, at most {MAX_SEARCH})")
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    phrases = re.findall(r'"([^"]+)"|«\s*([^»]+?)\s*»|(\S+)', cleaned)
    terms = []
    for quoted, guillemets, word in phrases:
        term = " ".join(fold_for_search(quoted or guillemets or word).split())
        term = term.strip("\"'«»“”.,;:!?()[]")
        if term and term not in terms:
            terms.append(term)
    return terms


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]] | None:
    """Where each term occurs in the text (original indices, merged); None when a term is missing."""
    folded, where = fold_for_search_with_map(text)
    folded_ws = " ".join(folded.split(" "))
    spans: list[tuple[int, int]] = []
    for term in terms:
        start, found = 0, False
        while (i := folded_ws.find(term, start)) >= 0:
            found = True
            spans.append((where[i], where[i + len(term) - 1] + 1))
            start = i + max(1, len(term))
        if not found:
            return None
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight_html(text: str, search: str = "") -> str:
    """The quote as HTML, every character escaped, the matches of the search in <mark>, the OCR's `**bold**` in
    <b> (the markers themselves not shown; the text stored stays as it is)."""
    try:
        spans = match_spans(text, search_terms(search)) or []
    except QueryError:
        spans = []
    return markup_html(text, spans)


_BOLD_MARK = re.compile(r"\*\*")


def bold_spans(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """The bold stretches of a text with the OCR's `**` markers, and the markers' own indices. Markers pair up in
    order; an odd one out opens at the text's start when it closes a word (`…word** more`), else runs to the end
    (a quote may begin or end inside a bold passage)."""
    marks = [m.start() for m in _BOLD_MARK.finditer(text)]
    hidden = {i + k for i in marks for k in (0, 1)}
    if len(marks) % 2:
        first = marks[0]
        closes = first > 0 and not text[first - 1].isspace()
        marks = [-2, *marks] if closes else [*marks, len(text)]
    return [(marks[i] + 2, marks[i + 1]) for i in range(0, len(marks), 2)], hidden


def markup_html(text: str, marked: Iterable[tuple[int, int]] = ()) -> str:
    """Text as HTML: every character escaped, the `marked` spans in <mark>, the `**bold**` stretches in <b>."""
    bold, hidden = bold_spans(text)
    state = [0] * (len(text) + 1)  # 1: bold, 2: marked
    for flag, spans in ((1, bold), (2, marked)):
        for s, e in spans:
            for i in range(max(s, 0), min(e, len(text))):
                state[i] |= flag
    out, run, current = [], [], 0

    def flush():
        if run:
            body = html.escape("".join(run))
            body = f"<mark>{body}</mark>" if current & 2 else body
            out.append(f"<b>{body}</b>" if current & 1 else body)
            run.clear()

    for i, ch in enumerate(text):
        if i in hidden:
            continue
        if state[i] != current:
            flush()
            current = state[i]
        run.append(ch)
    flush()
    return "".join(out)


class CitedQuotes:
    """What every quote bank gives the citing code: the documents, by IRI, and the document of a quote."""

    documents: dict[str, Document]

    def document_of(self, quote: Quote) -> Document:
        return self.documents.get(quote.document) or Document(quote.document, shorten(quote.document))


@dataclass
class QuoteBank(CitedQuotes):
    """Every quote and every source document, held in memory, and the search over them (the reference the
    explorer's store-side search, quote_search.py, is tested against)."""

    quotes: list[Quote]
    documents: dict[str, Document]
    _by_iri: dict[str, Quote] = field(default_factory=dict, repr=False)

    _folded_text: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_iri = {q.iri: q for q in self.quotes}

    def _folded(self, quote: Quote) -> str:
        """The quote's text as `match_spans` searches it (folded, each space one space), computed once."""
        folded = self._folded_text.get(quote.iri)
        if folded is None:
            folded = self._folded_text[quote.iri] = fold_for_search_with_map(quote.text)[0]
        return folded

    def __len__(self) -> int:
        return len(self.quotes)

    def get(self, iri: str) -> Quote | None:
        return self._by_iri.get(expand(iri))

    def search(self, text: str = "", balises: Iterable[str] = (), enjeux: Iterable[str] = (),
               territories: Iterable[str] = (), documents: Iterable[str] = (), about: Iterable[str] = (),
               key_only: bool = False) -> list[Quote]:
        """The quotes matching every given facet (any of the values within a facet) and every search word."""
        terms = search_terms(text)
        balises = {b.strip().upper() for b in balises if b and b.strip()}
        enjeux = {expand(e) for e in enjeux if e}
        territories = {expand(t) for t in territories if t}
        documents = {expand(d) for d in documents if d}
        about = {expand(a) for a in about if a}
        out = []
        for q in self.quotes:
            if key_only and not q.key:
                continue
            if balises and not balises & set(q.balises):
                continue
            if enjeux and not enjeux & set(q.enjeux):
                continue
            if territories and not territories & set(q.territories):
                continue
            if documents and q.document not in documents:
                continue
            if about and not about & set(q.about):
                continue
            if terms and not all(term in self._folded(q) for term in terms):
                continue
            out.append(q)
        return out

    def facet_counts(self, quotes: Iterable[Quote] | None = None) -> dict[str, dict[str, int]]:
        """How many of the quotes carry each balise, enjeu, territory and document."""
        counts: dict[str, dict[str, int]] = {"balise": {}, "enjeu": {}, "territory": {}, "document": {}}
        for q in self.quotes if quotes is None else quotes:
            for facet, values in (("balise", q.balises), ("enjeu", q.enjeux), ("territory", q.territories),
                                  ("document", (q.document,))):
                for v in values:
                    counts[facet][v] = counts[facet].get(v, 0) + 1
        return counts


def _splitter():
    """`"C2 C1 C2"` -> `("C1", "C2")`, each distinct value split once (a national bank repeats them)."""
    memo: dict[str, tuple[str, ...]] = {}

    def split(value: str | None) -> tuple[str, ...]:
        if not value:
            return ()
        out = memo.get(value)
        if out is None:
            out = memo[value] = tuple(sorted(set(value.split())))
        return out

    return split


def _author_order(names: set[str], folded: str | None) -> tuple[str, ...]:
    """Authors in the order the document's cover names them (RDF keeps no order; `folded` is the document's
    text as `fold_for_search` gives it, spaces collapsed), else alphabetical."""
    if not folded:
        return tuple(sorted(names))

    def position(name: str) -> tuple[int, str]:
        i = folded.find(" ".join(fold_for_search(name).split()))
        return (i if i >= 0 else len(folded) + 1, name)

    return tuple(sorted(names, key=position))


def read_documents(store: GraphStore, library: Mapping[str, NamedQuery],
                   corpus_dir: Path | None = None) -> dict[str, Document]:
    """The source documents with their authors, contributors and publishers."""
    rows = run_named(store, find_query(library, DOCUMENTS_QUERY)).records()
    fields: dict[str, dict] = {}
    people: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        iri = r["document"]
        fields.setdefault(iri, {
            "title": r["title"] or "", "label": r["label"] or "", "date": r["date"] or "",
            "date_note": r["dateNote"] or "", "file_name": r["fileName"] or "", "identifier": r["identifier"] or "",
            "licence": r["licence"] or "", "rights": r["rights"] or ""})
        if r["relation"] and r["agentLabel"]:
            people.setdefault(iri, {}).setdefault(r["relation"], set()).add(r["agentLabel"])
    documents = {}
    for iri, f in fields.items():
        text = None
        if corpus_dir is not None and f["file_name"]:
            try:
                text = " ".join(fold_for_search((Path(corpus_dir) / f["file_name"]).read_text(encoding="utf-8")).split())
            except OSError:
                text = None
        rel = people.get(iri, {})
        documents[iri] = Document(iri, **f, authors=_author_order(rel.get("creator", set()), text),
                                  contributors=_author_order(rel.get("contributor", set()), text),
                                  publishers=_author_order(rel.get("publisher", set()), text))
    return documents


def load_bank(store: GraphStore, library: Mapping[str, NamedQuery], corpus_dir: Path | None = None) -> QuoteBank:
    """Every quote of the graph with its facets, and the documents to cite them."""
    split = _splitter()
    result = run_named(store, find_query(library, QUOTES_QUERY))
    quotes = [quote_from(dict(zip(result.columns, row)), split) for row in result.plain_rows()]
    return QuoteBank(quotes, read_documents(store, library, corpus_dir))


def quote_from(r: Mapping[str, str | None], split) -> Quote:
    """A quote from a row with the columns of 30-quote-bank (plain strings; facets space-separated)."""
    line = r["line"]
    return Quote(iri=r["evidence"], text=r["quote"] or "", document=r["document"],
                 line=int(line) if line and line.isdigit() else None, section=r["section"] or "",
                 key=(r["key"] or "").lower() == "true", speaker=r["speaker"] or "",
                 balises=split(r["balises"]), enjeux=split(r["enjeux"]), concepts=split(r["concepts"]),
                 about=split(r["about"]), territories=split(r["territories"]))
