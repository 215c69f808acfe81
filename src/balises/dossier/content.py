"""The content of a writer's dossier, before any file format: a title (for a balise, its enjeu and the
référentiel's definition, quoted with its reference), the cases grouped by territory then project, each with a
line of facts from the graph, their quotes verbatim each with a footnote (speaker, authors, title, date, line),
and the bibliography of the documents cited, formatted by the CSL style (quotes/bibliography.py).

Every label, fact and reference comes from the graph; the quotes and the definition are the graph's exact text
(the definition's line is found in its corpus file when the corpus is at hand).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from rdflib import URIRef

from ..catalog.labels import labels_of
from ..query.binding import compose
from ..query.library import read
from ..query.run import run_sparql
from ..quotes.bank import Document, Quote
from ..quotes.bibliography import entries
from ..quotes.figures import figure_sentence, read_figures
from ..quotes.integrity import CorpusText
from ..quotes.references import person_names, references
from ..quotes.search import StoreBank
from ..rdf.namespaces import expand, shorten
from ..store import GraphStore
from .blocks import Dossier, Paragraph, Run, marked, plain
from .cases import ProjectFacts, cases_of, grouped, project_facts, territory_facts
from .selection import Selection, Subject, gather
from .words import WORDS, count, date_text


#: The role whose actors a line of facts names first, and how many actors it names.
LEAD = expand("voc:porteur")
MAX_ACTORS = 6


class Labels:
    """The labels of the IRIs a dossier names, in its language (French when the graph has no English one)."""

    def __init__(self, store: GraphStore, lang: str):
        self.store, self.lang, self.known = store, lang, {}

    def need(self, iris) -> None:
        wanted = [i for i in dict.fromkeys(iris) if i and i not in self.known]
        if wanted:
            self.known.update(labels_of(self.store, wanted))

    def __call__(self, iri: str) -> str:
        if iri not in self.known:
            self.need([iri])
        fr, en = self.known.get(iri, ("", ""))
        return (en if self.lang == "en" and en else fr) or shorten(iri)


def document_note(doc: Document, lang: str, line: int | None = None, speaker: str = "") -> tuple[Run, ...]:
    """A footnote's reference: the speaker, the authors (else publishers), the title in italics, the
    publishers when there are authors, who the curators attribute it to (`attribué à …`), the date, the line."""
    words = WORDS[lang]
    runs = [Run(words["speaker"].format(speaker))] if speaker else []
    runs.append(Run(", ".join(doc.names) + ", " if doc.names else ""))
    runs.append(Run(doc.title, italic=True))
    tail = [", ".join(doc.publishers)] if doc.authors and doc.publishers else []
    if doc.attributed:  # an author or publisher the document does not print: the curators' attribution
        tail.append(doc.attribution(lang))
    tail.append(date_text(doc.date, lang) or words["no_date"])
    if line is not None:
        tail.append(words["line"].format(line))
    end = ", " + ", ".join(tail)
    runs.append(Run(end if end.endswith(".") else end + "."))
    return tuple(r for r in runs if r.text)


def _heading(subject: Subject | None, label: Labels, lang: str) -> str:
    words = WORDS[lang]
    if subject is None:
        return words["quotes_title"]
    if subject.kind == "balise":
        return words["balise_title"].format(subject.notation, label(subject.iri))
    return words[f"{subject.kind}_title"].format(label(subject.iri))


def _balise_intro(store, bank, subject, label, lang, corpus_dir, cited) -> list[Paragraph]:
    """The enjeu of a balise, and the référentiel's definition quoted with its reference."""
    words = WORDS[lang]
    rows = run_sparql(store, compose(read("dossier-balise"), {"balise": URIRef(subject.iri)})).plain_rows()
    if not rows:
        return []
    _, _, enjeu, definition, source = rows[0]
    out = [Paragraph("subtitle", plain(words["enjeu"].format(label(enjeu))))]
    if definition:
        doc = bank.documents.get(source) if source else None
        line = _line_in_corpus(doc, definition, corpus_dir)
        out.append(Paragraph("heading1", plain(words["definition"])))
        out.append(Paragraph("quote", marked(definition), document_note(doc, lang, line) if doc else ()))
        if doc:
            cited.setdefault(doc.iri, doc)
    return out


def _line_in_corpus(doc: Document | None, text: str, corpus_dir: Path | None) -> int | None:
    if doc is None or corpus_dir is None or not doc.file_name:
        return None
    path = Path(corpus_dir) / doc.file_name
    if not path.is_file():
        return None
    stat = path.stat()
    return _corpus_text(str(path), stat.st_mtime_ns, stat.st_size).find(text)


@functools.lru_cache(maxsize=8)
def _corpus_text(path: str, mtime_ns: int, size: int) -> CorpusText:
    """A corpus file read once per version (its time and size in the key)."""
    return CorpusText.read(Path(path))


def _territory_line(facts, label: Labels, lang: str) -> str:
    words = WORDS[lang]
    parts = [", ".join(label(k) for k in facts.kinds)] if facts and facts.kinds else []
    if facts and facts.wider:
        parts.append(words["within"].format(", ".join(label(w) for w in facts.wider)))
    line = words["semicolon"].join(parts)
    return line[:1].upper() + line[1:]


def _project_line(facts: ProjectFacts | None, label: Labels, lang: str) -> str:
    """`Lieu : Lomme. Statut : réussi. Début : 2023. Thèmes : … Acteurs : X (porteur), …` (the leads first, at
    most MAX_ACTORS named)."""
    words = WORDS[lang]
    if facts is None:
        return ""
    parts = []
    for key, value in (("where", facts.territory and label(facts.territory)),
                       ("status", facts.status and label(facts.status)), ("start", facts.start),
                       ("themes", ", ".join(sorted(label(t) for t in facts.themes)))):
        if value:
            parts.append(words[key] + words["colon"] + value)
    if facts.actors:
        actors = sorted(facts.actors, key=lambda a: (a[1] != LEAD, label(a[1]).casefold(), label(a[0]).casefold()))
        named = [f"{label(a)} ({label(r)})" for a, r in actors[:MAX_ACTORS]]
        if len(actors) > MAX_ACTORS:
            more = len(actors) - MAX_ACTORS
            named.append(words["more"].format(more, "s" if more > 1 and lang == "fr" else ""))
        parts.append(words["actors"] + words["colon"] + ", ".join(named))
    return ". ".join(parts) + "." if parts else ""


def _sources_note(facts: ProjectFacts | None, bank: StoreBank, lang: str, cited: dict) -> tuple[Run, ...]:
    docs = [bank.documents[d] for d in (facts.documents if facts else []) if d in bank.documents]
    if not docs:
        return ()
    runs = [Run(WORDS[lang]["facts_from"])]
    for i, doc in enumerate(docs):
        cited.setdefault(doc.iri, doc)
        note = document_note(doc, lang)
        last = note[-1].text
        runs += [*note[:-1], Run(last if i == len(docs) - 1 else last[:-1] + " ; ")]
    return tuple(runs)


def _quote(q: Quote, bank: StoreBank, lang: str, cited: dict) -> Paragraph:
    doc = bank.document_of(q)
    cited.setdefault(doc.iri, doc)
    return Paragraph("quote", marked(q.text), document_note(doc, lang, q.line, q.speaker))


def _cases(store, bank, quotes, subject, label: Labels, lang: str, cited: dict) -> list[Paragraph]:
    """The quotes by territory, then project, with the facts of each."""
    words = WORDS[lang]
    label.need(a for q in quotes for a in q.about)
    cases = cases_of(store, quotes, label, subject.iri if subject else None)
    projects = project_facts(store, {p for _, p in cases.values() if p})
    territories = territory_facts(store, {t for t, _ in cases.values() if t})
    label.need([*(i for f in projects.values() for i in (f.status, *f.themes, *(x for a in f.actors for x in a))),
                *(i for f in territories.values() for i in (*f.kinds, *f.wider))])
    out: list[Paragraph] = []
    for territory, by_project in grouped(quotes, cases, label):
        everything_else = territory is None and all(p is None for p, _ in by_project)
        title = label(territory) if territory else words["no_case" if everything_else else "no_territory"]
        out.append(Paragraph("heading1", plain(title)))
        line = _territory_line(territories.get(territory), label, lang) if territory else ""
        if line:
            out.append(Paragraph("facts", plain(line, italic=True)))
        for project, quotes_of_case in by_project:
            if project:
                facts = projects.get(project)
                out.append(Paragraph("heading2", plain(label(project))))
                line = _project_line(facts, label, lang)
                if line:
                    out.append(Paragraph("facts", plain(line, italic=True), _sources_note(facts, bank, lang, cited)))
            out += [_quote(q, bank, lang, cited) for q in quotes_of_case]
    return out


#: Which parameter of 39-figures narrows the figures to a subject of each kind. A balise's dossier has none: its
#: quotes are about many things, and their figures would outnumber its quotes.
FIGURES_BY = {"territory": "territory", "project": "about", "theme": "theme"}


def _figures(store, bank, subject: Subject | None, label: Labels, lang: str, corpus_dir, cited) -> list[Paragraph]:
    """« Chiffres »: the figures about the subject (a territory with what lies within it, a project, a theme's
    projects), each a line of facts and the quote that gives it."""
    by = FIGURES_BY.get(subject.kind) if subject is not None else None
    found = read_figures(store, bank.library, **{by: subject.iri}) if by else []
    if not found:
        return []
    words = WORDS[lang]
    label.need([f.about for f in found] + [f.variable for f in found])
    out = [Paragraph("heading1", plain(words["figures"])), Paragraph("body", plain(words["figures_intro"], italic=True))]
    for f in found:
        f = replace(f, about_label=label(f.about), variable_label=label(f.variable))
        out.append(Paragraph("facts", plain(figure_sentence(f, lang), italic=True)))
        doc = bank.documents.get(f.document) or Document(f.document, shorten(f.document))
        cited.setdefault(doc.iri, doc)
        out.append(Paragraph("quote", marked(f.quote),
                             document_note(doc, lang, _line_in_corpus(doc, f.quote, corpus_dir))))
    return out


def _slug(subject: Subject | None) -> str:
    if subject is None:
        return slug("quotes", "")
    return slug(subject.kind, subject.notation or subject.short)


def slug(kind: str, name: str) -> str:
    """The dossier's file name without its extension: `dossier-balise-E3`, `dossier-territory-lomme` (the end of a
    CURIE), `dossier-citations` for a list of quotes."""
    return "dossier-citations" if kind == "quotes" else f"dossier-{kind}-{name.split(':', 1)[-1]}"


def compose_dossier(store: GraphStore, bank: StoreBank, selection: Selection, lang: str = "fr",
                    corpus_dir: Path | None = None) -> Dossier:
    """The dossier of a selection (see the module): its paragraphs, quotes and references."""
    lang = lang if lang in WORDS else "fr"
    words = WORDS[lang]
    subject, quotes = gather(store, bank, selection)
    label = Labels(store, lang)
    cited: dict[str, Document] = {}
    title = _heading(subject, label, lang)
    paragraphs = [Paragraph("title", plain(title))]
    if subject is not None and subject.kind == "balise":
        paragraphs += _balise_intro(store, bank, subject, label, lang, corpus_dir, cited)
    documents = {q.document for q in quotes}
    paragraphs.append(Paragraph("body", plain(count(len(quotes), len(documents), lang) if quotes else words["none"])))
    paragraphs.append(Paragraph("body", plain(words["colophon"], italic=True)))
    paragraphs += _figures(store, bank, subject, label, lang, corpus_dir, cited)
    paragraphs += _cases(store, bank, quotes, subject, label, lang, cited)
    refs = references([cited[k] for k in sorted(cited)], person_names(store), lang)
    if refs:
        paragraphs.append(Paragraph("heading1", plain(words["bibliography"])))
        paragraphs += [Paragraph("bibliography", tuple(Run(t, bold=b, italic=i) for t, i, b in entry))
                       for entry in entries(refs, lang)]
    return Dossier(_slug(subject), title, tuple(paragraphs), tuple(quotes), tuple(refs))


__all__ = ["Labels", "compose_dossier", "document_note", "slug"]
