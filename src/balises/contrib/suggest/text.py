"""A document's text as `suggest` reads it: paragraphs (with their line numbers) and tokens (folded words with
their places in the raw text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...quotes.integrity import normalise
from ...rdf.folding import fold_name


@dataclass
class Paragraph:
    """A paragraph of the text: its first line, its whitespace-normalised text and its span in the
    normalised text of the whole file (what quotes.CorpusText works on)."""

    number: int
    line: int
    text: str
    start: int = 0
    end: int = 0


_END = re.compile(r"[.!?:;»”\")…]\s*$")


def paragraphs(raw: str) -> list[Paragraph]:
    """Blank-line blocks; one paragraph per line when a block's lines are long (one line per paragraph,
    as in extracted newsletters); a block cut in the middle of a sentence is joined to the next."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    pieces: list[tuple[int, str]] = []
    for start, lines in blocks:
        ended = [ln for ln in lines if _END.search(ln.strip()) and len(ln.strip()) >= 40]
        if len(lines) > 1 and len(ended) > len(lines) / 2:  # lines that end sentences: one paragraph each
            pieces += [(start + i, normalise(ln)) for i, ln in enumerate(lines)]
        else:
            pieces.append((start, normalise(" ".join(lines))))
    merged: list[tuple[int, str]] = []
    for line, text in pieces:
        if merged and not _END.search(merged[-1][1]) and text[:1].islower():
            merged[-1] = (merged[-1][0], merged[-1][1] + " " + text)
        else:
            merged.append((line, text))
    whole = normalise(raw)
    out, offset = [], 0
    for i, (line, text) in enumerate(merged, 1):
        pos = whole.find(text, offset)
        if pos == -1:
            pos = whole.find(text)
        para = Paragraph(i, line, text, max(pos, 0), max(pos, 0) + len(text))
        offset = para.end if pos != -1 else offset
        out.append(para)
    return out


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int


_WORD = re.compile(r"[^\W_]+")


def tokens(raw: str) -> list[Token]:
    return [Token(m.group(), fold_name(m.group()), m.start(), m.end()) for m in _WORD.finditer(raw) if fold_name(m.group())]


def _joined(raw: str, a: Token, b: Token) -> bool:
    """Two tokens are parts of one name: only spaces, hyphens or apostrophes between them."""
    gap = raw[a.end:b.start]
    return bool(re.fullmatch(r"[\s\-'’‘]{0,3}", gap)) and gap.count("\n") <= 1


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
