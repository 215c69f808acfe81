"""What a dossier is made of, whatever the file it is written to: paragraphs with a role (title, heading,
quote…), runs of text with their emphasis, and at most one footnote at the end of a paragraph. The writers
(docx_file.py, odt_file.py, markdown_file.py) map each role to a named style of their format.

Quotes keep their exact characters in the graph; the OCR text of some documents marks bold with `**`
(data/corpus/000 and 004): here that markup becomes bold runs, and nothing else of the text changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes.bank import Quote
from ..quotes.references import Reference

#: The roles of paragraphs, in the order a dossier uses them.
ROLES = ("title", "subtitle", "heading1", "heading2", "body", "facts", "quote", "bibliography")

BOLD = "**"


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its role, its runs, and the footnote at its end (no runs: none)."""

    role: str
    runs: tuple[Run, ...]
    note: tuple[Run, ...] = ()

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown paragraph role {self.role!r}: one of {', '.join(ROLES)}")

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Dossier:
    """A writer's dossier: its paragraphs, and the quotes and references it holds."""

    slug: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[Quote, ...]
    references: tuple[Reference, ...]


def plain(text: str, italic: bool = False) -> tuple[Run, ...]:
    return (Run(text, italic=italic),) if text else ()


def marked(text: str) -> tuple[Run, ...]:
    """The runs of a quote: what stands between `**` pairs bold (an unpaired `**` makes the rest bold), the
    markers taken off, every other character as it is."""
    pieces = text.split(BOLD)
    return tuple(Run(piece, bold=i % 2 == 1) for i, piece in enumerate(pieces) if piece)


#: Characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text an XML file (DOCX, ODT) can hold: the characters XML 1.0 forbids left out (the corpus has none)."""
    return _NOT_XML.sub("", text)


def unmarked(text: str) -> str:
    """A quote's text as a dossier shows it: the `**` markup taken off, nothing else."""
    return text.replace(BOLD, "")


__all__ = ["BOLD", "ROLES", "Dossier", "Paragraph", "Run", "marked", "plain", "unmarked", "xml_text"]
