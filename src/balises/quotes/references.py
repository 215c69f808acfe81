"""The source documents as reference managers import them: BibTeX, CSL-JSON (what Zotero, Zettlr and pandoc read)
and RIS. One `Reference` per document, built from what the graph says of it (quotes/bank.py `Document`); the three
formats are written from it, so that they say the same thing.

- Names: a person as family and given names (the label's first word is the given name, the rest the family
  name: « Christian Du Tertre » -> Du Tertre, Christian), an organisation as one literal name. The graph says
  which is which (`persons`, read by `person_names`); without it, a document's authors are taken for persons and
  its publishers for organisations. A document without authors is cited under its publishers, as its cover
  does (Document.names). An author or publisher the document does not print (the curators' attribution,
  `prov:qualifiedAttribution` in data/sources.ttl) is said in the note; a document that prints neither authors
  nor publishers is filed under it in square brackets, as ISO 690 writes what the source does not give
  (« [Fabrique des transitions] », like « [sans date] »).
- A document with an ISBN is a book (`@book`, CSL `book`, RIS `BOOK`), the others reports (`@misc`, CSL
  `report`, RIS `RPRT`).
- BibTeX: entries with standard fields only (author, title, year, publisher, isbn, url, note). `and`
  separates names in `author` only; several publishers are joined with « ; » in the one `publisher` field, in the
  order the document names them. The licence (or the document's rights statement) is in `note`.
- CSL-JSON: names as `{family, given}` or `{literal}`, `issued` as date-parts, the
  licence in `note` (CSL 1.0.2 has no licence variable; Zotero keeps `note` in its Extra field).
- RIS: one record per document, one `AU` per name, CRLF line ends as the format asks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from ..query.cache import per_store, run_fixed
from ..query.library import read
from ..store import GraphStore
from .bank import Document

#: Words of the notes, by language.
WORDS = {"fr": {"with": "Avec", "licence": "Licence",
               "attributed": "Attribué à {} par les curateurs de Balises : le document ne le nomme pas."},
         "en": {"with": "With", "licence": "Licence",
               "attributed": "Attributed to {} by the Balises curators: the document does not name it."}}


@dataclass(frozen=True)
class Name:
    """A name as references write it: a person's family and given names, or an organisation's whole name."""

    text: str
    person: bool

    @property
    def parts(self) -> tuple[str, str]:
        """(family, given); ("", "") for an organisation or a one-word name."""
        words = self.text.split()
        if not self.person or len(words) < 2:
            return "", ""
        return " ".join(words[1:]), words[0]

    def csl(self) -> dict:
        family, given = self.parts
        return {"family": family, "given": given} if family else {"literal": self.text}

    def inverted(self) -> str:
        """`Family, Given` (BibTeX, RIS), else the literal name."""
        family, given = self.parts
        return f"{family}, {given}" if family else self.text


@dataclass(frozen=True)
class Reference:
    """What the reference formats say of one document."""

    key: str
    title: str
    names: tuple[Name, ...]
    contributors: tuple[Name, ...]
    publisher: str
    date: tuple[int, ...]
    isbn: str
    number: str
    url: str
    note: str

    @property
    def year(self) -> str:
        return str(self.date[0]) if self.date else ""

    @property
    def book(self) -> bool:
        """A document with an ISBN is a book (Zotero's Report has no ISBN field; its Book has)."""
        return bool(self.isbn)


@per_store
def person_names(store: GraphStore) -> frozenset[str]:
    """The French labels of the persons among the source documents' creators, contributors and publishers (read
    once per store)."""
    return frozenset(label for label, person in run_fixed(store, read("references-agents")) if person == "true")


def date_parts(date: str) -> tuple[int, ...]:
    """`2019-03-21` -> (2019, 3, 21), `2017-09` -> (2017, 9), `2024` -> (2024,); anything else -> ()."""
    parts: list[int] = []
    for piece in date.split("-")[:3]:
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def reference(doc: Document, persons: frozenset[str] | None = None, lang: str = "fr") -> Reference:
    """The reference of a document; `persons` the labels the graph gives persons (None: authors are persons)."""
    words = WORDS.get(lang, WORDS["fr"])

    def name(label: str, by_default: bool) -> Name:
        return Name(label, label in persons if persons is not None else by_default)

    names = tuple(name(a, True) for a in doc.authors) or tuple(name(p, False) for p in doc.publishers) or \
        tuple(Name(f"[{a}]", False) for a in doc.attributed)  # in square brackets: not printed by the document
    notes = []
    if doc.licence:
        notes.append(f"{words['licence']} {doc.licence_name} ({doc.licence})." if doc.licence_name != doc.licence
                     else f"{words['licence']} {doc.licence}.")
    elif doc.rights:
        notes.append(doc.rights)
    if doc.contributors:
        notes.append(f"{words['with']} {', '.join(doc.contributors)}.")
    if doc.attributed:  # not printed by the document: a note, never an author or publisher field
        notes.append(words["attributed"].format(", ".join(doc.attributed)))
    isbn = doc.identifier[4:].strip() if doc.identifier.upper().startswith("ISBN") else ""
    return Reference(key=doc.bibtex_key, title=doc.title, names=names,
                     contributors=tuple(name(c, True) for c in doc.contributors),
                     publisher="; ".join(doc.publishers), date=date_parts(doc.date), isbn=isbn,
                     number="" if isbn else doc.identifier, url=doc.iri, note=" ".join(notes))


def references(documents: Iterable[Document], persons: frozenset[str] | None = None,
               lang: str = "fr") -> list[Reference]:
    return [reference(d, persons, lang) for d in documents]


def _bib(value: str) -> str:
    """A BibTeX field value: braces balanced, special characters escaped."""
    escaped = value.replace("\\", "\\textbackslash{}")
    for ch in "{}&%$#_":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def _bib_name(name: Name) -> str:
    # an organisation in braces: BibTeX then takes it whole, never as « given family »
    return _bib(name.inverted()) if name.person and name.parts[0] else "{" + _bib(name.text) + "}"


def to_bibtex(refs: Iterable[Reference]) -> str:
    """One `@misc` (or `@book`) entry per reference, standard fields only."""
    entries = []
    for r in refs:
        fields = []
        if r.names:
            fields.append(("author", " and ".join(_bib_name(n) for n in r.names)))
        fields.append(("title", _bib(r.title)))
        if r.year:
            fields.append(("year", r.year))
        if r.publisher:
            fields.append(("publisher", _bib(r.publisher)))
        if r.isbn:
            fields.append(("isbn", _bib(r.isbn)))
        elif r.number:
            fields.append(("number", _bib(r.number)))
        fields.append(("url", r.url))
        if r.note:
            fields.append(("note", _bib(r.note)))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        entries.append(f"@{'book' if r.book else 'misc'}{{{r.key},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_items(refs: Iterable[Reference], lang: str = "fr") -> list[dict]:
    """The references as CSL-JSON items (valid against the CSL 1.0.2 input schema)."""
    items = []
    for r in refs:
        item: dict = {"id": r.key, "type": "book" if r.book else "report", "title": r.title, "language": lang}
        if r.names:
            item["author"] = [n.csl() for n in r.names]
        if r.contributors:
            item["contributor"] = [n.csl() for n in r.contributors]
        if r.date:
            item["issued"] = {"date-parts": [list(r.date)]}
        if r.publisher:
            item["publisher"] = r.publisher
        if r.isbn:
            item["ISBN"] = r.isbn
        elif r.number:
            item["number"] = r.number
        item["URL"] = r.url
        if r.note:
            item["note"] = r.note
        items.append(item)
    return items


def to_csl_json(refs: Iterable[Reference], lang: str = "fr") -> str:
    return json.dumps(csl_items(refs, lang), ensure_ascii=False, indent=2) + "\n"


def to_ris(refs: Iterable[Reference], lang: str = "fr") -> str:
    """One `RPRT` (or `BOOK`) record per reference (tags AU, TI, PY, DA, PB, SN, UR, N1, LA, ID)."""
    lines: list[str] = []
    for r in refs:
        lines.append("TY  - BOOK" if r.book else "TY  - RPRT")
        lines += [f"AU  - {n.inverted()}" for n in r.names]
        lines.append(f"TI  - {r.title}")
        if r.year:
            lines.append(f"PY  - {r.year}")
            parts = [f"{p:02d}" for p in r.date] + [""] * (3 - len(r.date))
            lines.append("DA  - " + "/".join(parts) + "/")
        if r.publisher:
            lines.append(f"PB  - {r.publisher}")
        if r.isbn:
            lines.append(f"SN  - {r.isbn}")
        lines.append(f"UR  - {r.url}")
        if r.note:
            lines.append(f"N1  - {r.note}")
        lines += [f"LA  - {lang}", f"ID  - {r.key}", "ER  - ", ""]
    return "\r\n".join(lines)


__all__ = ["Name", "Reference", "csl_items", "date_parts", "person_names", "reference", "references", "to_bibtex",
           "to_csl_json", "to_ris"]
