"""Citing quotes: a quote's full reference, the writer's basket, and the exports (Markdown and CSV of the quotes
with their citations, BibTeX of their source documents: references.py writes it, with CSL-JSON and RIS). No
Streamlit here: the explorer and the CLI share it."""

from __future__ import annotations

import csv
import io
import re
from typing import Iterable

from ..rdf.namespaces import CIT, expand
from . import references
from .bank import CitedQuotes, Document, Quote

LABELS = {
    "fr": {"line": "ligne", "file": "fichier", "balises": "balises", "speaker": "propos de", "title": "Citations",
           "sources": "Sources", "none": "(panier vide)", "authors": "auteurs"},
    "en": {"line": "line", "file": "file", "balises": "balises", "speaker": "words of", "title": "Quotes",
           "sources": "Sources", "none": "(empty basket)", "authors": "authors"},
}


def citation(quote: Quote, document: Document, lang: str = "fr") -> str:
    """The full reference of a quote: authors, title, publisher, date, identifier, licence, line and file."""
    words = LABELS.get(lang, LABELS["fr"])
    where = []
    if quote.line is not None:
        where.append(f"{words['line']} {quote.line}")
    if document.file_name:
        where.append(f"{words['file']} {document.file_name}")
    return document.citation(lang) + (f" ({', '.join(where)})" if where else "")


def to_markdown(quotes: Iterable[Quote], bank: CitedQuotes, lang: str = "fr") -> str:
    """The quotes as Markdown block quotes, each followed by its full citation, then the sources."""
    words = LABELS.get(lang, LABELS["fr"])
    quotes = list(quotes)
    lines = [f"# {words['title']}", ""]
    if not quotes:
        return "\n".join(lines + [words["none"], ""])
    for q in quotes:
        doc = bank.document_of(q)
        lines += ["> " + "\n> ".join(q.text.splitlines() or [""]), ">"]
        lines.append(f"> — {citation(q, doc, lang)}")
        extra = [f"{words['speaker']} {q.speaker}"] if q.speaker else []
        if q.balises:
            extra.append(f"{words['balises']} {', '.join(q.balises)}")
        extra.append(f"<{q.iri}>")
        lines += ["", " · ".join(extra), ""]
    lines += [f"## {words['sources']}", ""]
    for doc in documents_of(quotes, bank):
        lines.append(f"- {doc.citation(lang)}")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["quote", "document_title", "date", "authors", "publishers", "line", "file", "section", "speaker",
               "balises", "licence", "identifier", "evidence", "document"]


def to_csv(quotes: Iterable[Quote], bank: CitedQuotes) -> str:
    """One row per quote with its full citation (UTF-8, comma-separated, header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in quotes:
        doc = bank.document_of(q)
        publishers = "; ".join([*doc.publishers, *([doc.attribution()] if doc.attributed else [])])
        writer.writerow([q.text, doc.title, doc.date, "; ".join(doc.authors), publishers,
                         "" if q.line is None else q.line, doc.file_name, q.section, q.speaker, " ".join(q.balises),
                         doc.licence_name, doc.identifier, q.iri, doc.iri])
    return out.getvalue()


def documents_of(quotes: Iterable[Quote], bank: CitedQuotes) -> list[Document]:
    seen: dict[str, Document] = {}
    for q in quotes:
        seen.setdefault(q.document, bank.document_of(q))
    return [seen[k] for k in sorted(seen)]


def to_bibtex(documents: Iterable[Document], persons: frozenset[str] | None = None) -> str:
    """One @misc entry per source document, standard fields only (references.py; CSL-JSON and RIS there too)."""
    return references.to_bibtex(references.references(documents, persons))


#: What a quote's short id may hold: the local name of its IRI (`000-tensions-dechets`).
_SHORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def short_id(iri: str) -> str:
    """A quote's short id: the local name of its IRI under the citation namespace (else the whole IRI)."""
    iri = expand(iri)
    return iri.removeprefix(str(CIT))


def from_short_ids(text: str | None) -> tuple[list[str], list[str]]:
    """(the quote IRIs, the ids refused) of a comma-separated list of short ids, as a shared address gives it."""
    iris, bad = [], []
    for item in (text or "").split(","):
        item = item.strip()
        if item and _SHORT_ID.fullmatch(item):
            iris.append(str(CIT) + item)
        elif item:
            bad.append(item)
    return iris, bad


class Basket:
    """An ordered set of quote IRIs (the writer's selection), kept by the caller (a session, a file)."""

    def __init__(self, iris: Iterable[str] = ()):
        self._iris: list[str] = []
        for iri in iris:
            self.add(iri)

    def add(self, iri: str) -> None:
        iri = expand(iri)
        if iri not in self._iris:
            self._iris.append(iri)

    def add_all(self, iris: Iterable[str]) -> int:
        """Add every quote not yet in, in the given order; how many were added."""
        before = len(self._iris)
        for iri in iris:
            self.add(iri)
        return len(self._iris) - before

    def move(self, iri: str, step: int) -> None:
        """Move a quote `step` places down (up when negative), within the basket's ends."""
        iri = expand(iri)
        if iri in self._iris:
            at = self._iris.index(iri)
            to = min(max(at + step, 0), len(self._iris) - 1)
            self._iris.insert(to, self._iris.pop(at))

    def short_ids(self) -> list[str]:
        """The quotes' short ids, in order: what a shareable address holds."""
        return [short_id(i) for i in self._iris]

    def remove(self, iri: str) -> None:
        iri = expand(iri)
        if iri in self._iris:
            self._iris.remove(iri)

    def toggle(self, iri: str) -> bool:
        """Add or remove; True when the quote is in the basket afterwards."""
        if expand(iri) in self._iris:
            self.remove(iri)
            return False
        self.add(iri)
        return True

    def clear(self) -> None:
        self._iris.clear()

    def __contains__(self, iri: str) -> bool:
        return expand(iri) in self._iris

    def __len__(self) -> int:
        return len(self._iris)

    def __iter__(self):
        return iter(list(self._iris))

    def quotes(self, bank: CitedQuotes) -> list[Quote]:
        """The basket's quotes still in the bank, in the order they were added."""
        return [q for iri in self._iris if (q := bank.get(iri)) is not None]
