"""The quote bank: every evidence quote with its source document, searched with facets (citing them, the basket
and the exports: citing.py). No Streamlit here: the explorer and the CLI share it.

The quotes come from the named query `30-quote-bank` (the writers' other facets from the read `quotes-facets`),
the documents from `31-source-documents`. `QuoteBank` searches them in Python, plainly, over the quotes' folded
words (rdf/folding.py, rdf/search_terms.py): the reference the explorer's indexed search (search.py) is
tested against. User text is never turned into SPARQL nor into a regular expression.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import QueryError
from ..query.cache import answer, run_named
from ..query.library import NamedQuery, find_query, read
from ..rdf.folding import JOINS, fold_for_search, line_break_joins, search_text, search_tokens
from ..rdf.namespaces import expand, shorten
from ..rdf.search_terms import NEAR, Term, search_terms
from ..store import GraphStore
from .facets import FACETS, FILTERS, Choice, choice, facet_name

QUOTES_QUERY = "30-quote-bank"
DOCUMENTS_QUERY = "31-source-documents"
#: The internal read of the writers' facets that 30 does not give, and its columns by facet.
FACETS_READ = "quotes-facets"
EXTRA = {"project": "projects", "speaker": "speakers", "theme": "themes", "programme": "programmes",
         "status": "statuses", "year": "year"}

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
    attributed: tuple[str, ...] = ()  # an author or publisher the document does not print: the curators' attribution

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

    def attribution(self, lang: str = "fr") -> str:
        """`attribué à X`: who the curators attribute the document to when it does not print it ("" if nobody)."""
        if not self.attributed:
            return ""
        return ("attributed to " if lang == "en" else "attribué à ") + ", ".join(self.attributed)

    def citation(self, lang: str = "fr") -> str:
        """`Authors, « Title », Publisher, date` — the authors always named (required by 004's licence); an
        author or publisher the document does not print comes after the title as `attribué à …`."""
        parts = [", ".join(self.names)] if self.names else []
        parts.append(f"« {self.title} »")
        if self.authors and self.publishers:
            parts.append(", ".join(self.publishers))
        if self.attributed:
            parts.append(self.attribution(lang))
        parts.append(self.date or ("n.d." if lang == "en" else "s. d."))
        if self.identifier:
            parts.append(self.identifier)
        if self.licence_name:
            parts.append(f"licence {self.licence_name}")
        return ", ".join(parts)

    @property
    def bibtex_key(self) -> str:
        named = self.names or self.attributed
        first = (named[0].split()[-1] if named else "balises")
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


def _columns(text: str) -> tuple[list[str], list[str]]:
    """The quote's words as the index holds them: its folded words, and its words cut at a line end, joined."""
    words, _, joins = search_text(text).partition(JOINS)
    return words.split(), joins.split()


def holds(terms: Iterable[Term], columns: tuple[list[str], ...]) -> bool:
    """Whether the quote's words hold every term (rdf/search_terms.py's rule)."""
    return all(any(term.occurrences(words) for words in columns) for term in terms)


def tier(terms: list[Term], columns: tuple[list[str], ...]) -> int:
    """How a quote that holds the terms ranks: 0 with them side by side as typed (or a single term), 1 with them
    at most `NEAR` words apart (FTS5's NEAR), else 2."""
    if len(terms) < 2:
        return 0
    if any(_side_by_side(terms, words) for words in columns):
        return 0
    return 1 if any(_near(terms, words) for words in columns) else 2


def _side_by_side(terms: list[Term], words: list[str]) -> bool:
    starts = [set(t.occurrences(words, exact=True)) for t in terms]
    offsets = [sum(len(t.words) for t in terms[:k]) for k in range(len(terms))]
    return any(all(i + off in found for off, found in zip(offsets, starts)) for i in starts[0])


def _near(terms: list[Term], words: list[str]) -> bool:
    """FTS5's NEAR: some start `top` of a term such that every term starts at most `top`, and ends at most `NEAR`
    words before it."""
    found = [t.occurrences(words, exact=True) for t in terms]
    return all(found) and any(all(any(top - len(t.words) - NEAR <= p <= top for p in f) for t, f in zip(terms, found))
                              for top in {p for f in found for p in f})


def match_spans(text: str, terms: Iterable[Term]) -> list[tuple[int, int]] | None:
    """Where each term occurs in the text (original indices, merged); None when a term is missing."""
    tokens, joins = search_tokens(text), line_break_joins(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        found = [(where[i][1], where[i + len(term.words) - 1][2])
                 for where in (tokens, joins) for i in term.occurrences([w for w, _, _ in where])]
        if not found:
            return None
        spans += found
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
    """Every quote and every source document, held in memory, and the search over them, written plainly: the
    reference the explorer's search (search.py, on its index) is tested against."""

    quotes: list[Quote]
    documents: dict[str, Document]
    #: By quote IRI: the writers' facets of `quotes-facets` (project, speaker, theme, programme, status) and year.
    extra: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _by_iri: dict[str, Quote] = field(default_factory=dict, repr=False)
    _words: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_iri = {q.iri: q for q in self.quotes}

    def __len__(self) -> int:
        return len(self.quotes)

    def get(self, iri: str) -> Quote | None:
        return self._by_iri.get(expand(iri))

    def words(self, quote: Quote) -> tuple[list[str], list[str]]:
        """The quote's words as the index holds them, computed once."""
        if quote.iri not in self._words:
            self._words[quote.iri] = _columns(quote.text)
        return self._words[quote.iri]

    def values(self, quote: Quote, facet: str) -> tuple[str, ...]:
        """The quote's values of a facet (facets.py) or filter (`key`: "true"; `year`)."""
        own = {"balise": quote.balises, "enjeu": quote.enjeux, "territory": quote.territories,
               "document": (quote.document,), "about": quote.about, "key": ("true",) if quote.key else ()}
        return own[facet] if facet in own else self.extra.get(quote.iri, {}).get(facet, ())

    def _keeps(self, quote: Quote, c: Choice, but: str | None = None) -> bool:
        """Whether the quote passes every facet and filter chosen (but `but`)."""
        for facet, wanted in c.facets.items():
            if facet != but and not wanted & set(self.values(quote, facet)):
                return False
        if c.key_only and but != "key" and not quote.key:
            return False
        if c.years != (None, None) and but != "year":
            year = int((self.values(quote, "year") or ("0",))[0])
            low, high = c.years
            if not year or year < (low or 0) or year > (high or 9999):
                return False
        return holds(c.terms, self.words(quote))

    def search(self, text: str = "", key_only: bool = False, year_from: int | None = None,
               year_to: int | None = None, **facets: Iterable[str]) -> list[Quote]:
        """The quotes holding every term and, for each facet given, any of its values; the exact phrase first,
        then the terms close together, then the rest, each with the key quotes first, then in the bank's order."""
        c = choice(text, key_only, year_from, year_to, **facets)
        found = [(tier(list(c.terms), self.words(q)), not q.key, i, q) for i, q in enumerate(self.quotes)
                 if self._keeps(q, c)]
        return [q for *_, q in sorted(found, key=lambda f: f[:3])]

    def facet_counts(self, text: str = "", key_only: bool = False, year_from: int | None = None,
                     year_to: int | None = None, **facets: Iterable[str]) -> dict[str, dict[str, int]]:
        """For each facet and filter, how many quotes each value keeps given the other choices."""
        c = choice(text, key_only, year_from, year_to, **facets)
        return {name: dict(Counter(v for q in self.quotes if self._keeps(q, c, but=name)
                                   for v in self.values(q, name)))
                for name in FACETS + FILTERS}

    def counts(self, by: str, text: str = "", key_only: bool = False, **facets: Iterable[str]) -> dict[str, int]:
        """How many of the quotes found carry each value of the facet `by`."""
        by = facet_name(by)
        return dict(Counter(v for q in self.search(text, key_only, **facets) for v in self.values(q, by)))


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
    text as `fold_for_search` gives it), else alphabetical."""
    if not folded:
        return tuple(sorted(names))

    def position(name: str) -> tuple[int, str]:
        i = folded.find(fold_for_search(name))
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
                text = fold_for_search((Path(corpus_dir) / f["file_name"]).read_text(encoding="utf-8"))
            except OSError:
                text = None
        rel = people.get(iri, {})
        documents[iri] = Document(iri, **f, authors=_author_order(rel.get("creator", set()), text),
                                  contributors=_author_order(rel.get("contributor", set()), text),
                                  publishers=_author_order(rel.get("publisher", set()), text),
                                  attributed=_author_order(rel.get("attributed", set()), text))
    return documents


def load_bank(store: GraphStore, library: Mapping[str, NamedQuery], corpus_dir: Path | None = None) -> QuoteBank:
    """Every quote of the graph with its facets, and the documents to cite them."""
    split = _splitter()
    result = run_named(store, find_query(library, QUOTES_QUERY))
    quotes = [quote_from(dict(zip(result.columns, row)), split) for row in result.plain_rows()]
    extra = {r["evidence"]: {facet: split(r[column]) for facet, column in EXTRA.items()}
             for r in answer(store, read(FACETS_READ)).records()}
    return QuoteBank(quotes, read_documents(store, library, corpus_dir), extra)


def quote_from(r: Mapping[str, str | None], split) -> Quote:
    """A quote from a row with the columns of 30-quote-bank (plain strings; facets space-separated)."""
    line = r["line"]
    return Quote(iri=r["evidence"], text=r["quote"] or "", document=r["document"],
                 line=int(line) if line and line.isdigit() else None, section=r["section"] or "",
                 key=(r["key"] or "").lower() == "true", speaker=r["speaker"] or "",
                 balises=split(r["balises"]), enjeux=split(r["enjeux"]), concepts=split(r["concepts"]),
                 about=split(r["about"]), territories=split(r["territories"]))
