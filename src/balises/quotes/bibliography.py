"""The bibliography of a set of documents, formatted by a CSL style through citeproc-py: the ISO 690 author-date
style in French that ships with the project (styles/, CC BY-SA 3.0), fed the CSL-JSON items of references.py.

Each entry comes back as segments of text with their emphasis (the style sets titles in italics), so that a
DOCX, ODT or Markdown writer renders it in its own way, followed by the reference's note (the licence or the
document's rights statement, the contributors): the style leaves the note out, a writer reusing a quote needs it.
The URL is left out of the formatted entry (it is the graph's identifier of the document, not a place where the
document is online); the reference files keep it.
"""

from __future__ import annotations

import functools
import html
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from .references import Reference, csl_items

STYLES = Path(__file__).resolve().parent / "styles"
STYLE = STYLES / "iso690-author-date-fr.csl"
LOCALES = {"fr": "fr-FR", "en": "en-US"}

#: A piece of an entry: its text, italic, bold.
Segment = tuple[str, bool, bool]


@functools.lru_cache(maxsize=4)
def _style(locale: str):
    # citeproc-py is imported when a bibliography is formatted: the CLI's --help and the explorer start without it
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(STYLE), locale=locale, validate=False)


class _Segments(HTMLParser):
    """citeproc-py's HTML output (<i>, <b>, spans) as segments; entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[Segment] = []
        self.italic = self.bold = 0

    def handle_starttag(self, tag, attrs):
        self.italic += tag in ("i", "em")
        self.bold += tag in ("b", "strong")

    def handle_endtag(self, tag):
        self.italic -= tag in ("i", "em")
        self.bold -= tag in ("b", "strong")

    def handle_data(self, data):
        if data:
            self.out.append((data, self.italic > 0, self.bold > 0))


def entries(refs: Iterable[Reference], lang: str = "fr") -> list[list[Segment]]:
    """The formatted bibliography, in the style's order, one list of segments per reference."""
    # imported here with _style: citeproc-py only when a bibliography is formatted
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    refs = list(refs)
    if not refs:
        return []
    notes = {r.key: r.note for r in refs}
    items = [{k: v for k, v in item.items() if k not in ("note", "URL", "language")} for item in csl_items(refs, lang)]
    with warnings.catch_warnings():  # citeproc-py warns of the CSL variables it does not use (contributor)
        warnings.simplefilter("ignore", UserWarning)
        source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(_style(LOCALES.get(lang, "fr-FR")), source, formatter.html)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    out = []
    for key, entry in zip(bibliography.keys, bibliography.bibliography()):
        parser = _Segments()
        parser.feed(str(entry))
        parser.close()
        segments = parser.out
        if segments:
            text, italic, bold = segments[-1]
            segments[-1] = (text.rstrip(), italic, bold)
        note = notes.get(str(key), "")
        if note:
            segments.append((" " + note, False, False))
        out.append(segments)
    return out


def plain(entry: list[Segment]) -> str:
    """An entry as plain text."""
    return html.unescape("".join(text for text, _, _ in entry)).strip()


__all__ = ["STYLE", "Segment", "entries", "plain"]
