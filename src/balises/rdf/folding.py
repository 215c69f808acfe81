"""Text folded for matching, one function per purpose (each keeps the rules its users rely on):

- `fold_for_search`: what a reader types against what the graph says (the quote search, in the explorer and in
  query 03; labels in the explorer): the words of the text, each folded, joined by one space. Case, accents
  and ligatures go (`Œuvre` -> `oeuvre`); apostrophes, quotation marks, dashes, OCR bold markup (`**`), every
  other mark and every kind of space (non-breaking, narrow) only separate words: `Lil’Ô`, `Lil'Ô` and `lil o`
  fold alike (`lil o`), as do `d’acteurs` and `d'acteurs`. `search_tokens` gives the same words with where
  each stands in the text (to highlight a match);
- `line_break_joins`: the words an OCR line end cut with a hyphen (`coopé-\\nration`, kept as `coopé- ration`
  in a quote), joined (`cooperation`): the search index holds them beside the words (`search_text`), so that a
  word typed whole finds them, while a compound cut at its own hyphen (`vice- présidents`) still folds as
  `vice presidents`;
- `fold_place_name`: place names matched across spellings (the gazetteer): accents and case gone, hyphens and
  apostrophes as spaces, spaces collapsed (`L'Île-Saint-Denis` -> `l ile saint denis`);
- `fold_name`: names and vocabulary values in a sheet or a text (contributions): as `fold_place_name`, and every
  punctuation mark as a space.
"""

from __future__ import annotations

import re
import unicodedata

#: What separates words: every character but letters and digits, and the marks Unicode counts as letters that a
#: reader reads as apostrophes (modifier letters ʼ ʻ ʹ ˈ ...).
_SEPARATORS = re.compile(r"[\W_\u02b9-\u02bf\u02c8\u02ee]+")
#: A word of a text as written (combining accents included, for text in decomposed form).
_WORD = re.compile(r"(?:[^\W_\u02b9-\u02bf\u02c8\u02ee]|[\u0300-\u036f])+")
#: The combining marks of the Latin, Greek and Cyrillic scripts: accents, once decomposed.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
#: A hyphen at a line end, as OCR leaves it: between the word before (ending with a letter) and the word after
#: (starting with a lower-case letter), a line break or a space (what the quote keeps of the line break).
_HYPHEN_SPACE = re.compile(r"-\s")
_LINE_BREAK = re.compile(r"((?:[^\W_]|[\u0300-\u036f])+)-[ \t]*(?:\r?\n|[ \t])\s*(?=((?:[^\W_]|[\u0300-\u036f])+))")
#: What separates the words from their OCR joins in `search_text`.
JOINS = " | "


def _folded(text: str) -> list[str]:
    """The words of the text, folded: every mark a space; lower case, ligatures opened, accents gone (a
    decomposition that leaves a mark splits the word: `½` -> `1`, `2`). Each character folds on its own, so
    the words of a text are those of its words folded one by one (`search_tokens`)."""
    spaced = _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text or ""))
    if spaced.isascii():
        return spaced.lower().split()  # nothing to decompose
    lowered = spaced.casefold().replace("œ", "oe").replace("æ", "ae")
    return _SEPARATORS.sub(" ", _MARKS.sub("", unicodedata.normalize("NFKD", lowered))).split()


def fold_for_search(text: str) -> str:
    """The words of the text folded (lower case, no accents, ligatures opened), joined by one space."""
    return " ".join(_folded(text))


def search_tokens(text: str) -> list[tuple[str, int, int]]:
    """Each word of the text folded, with its start and end in the text (to draw a match on the text)."""
    return [(part, m.start(), m.end()) for m in _WORD.finditer(text or "") for part in _folded(m.group())]


def line_break_joins(text: str) -> list[tuple[str, int, int]]:
    """The words an OCR line end cut with a hyphen, joined (`coopé- ration` -> `cooperation`), with the start of
    the first part and the end of the second in the text."""
    if not _HYPHEN_SPACE.search(text or ""):
        return []  # most texts: no hyphen before a space
    out = []
    for found in _LINE_BREAK.finditer(text):
        before, after = _folded(found.group(1)), _folded(found.group(2))
        if before and after and found.group(1)[-1].isalpha() and found.group(2)[0].islower():
            out.append((before[-1] + after[0], found.start(1), found.end(2)))
    return out


def search_text(text: str) -> str:
    """What the quote search indexes of a text: its folded words, then (after `JOINS`) the words an OCR line end
    cut, joined."""
    joins = line_break_joins(text)
    return fold_for_search(text) + (JOINS + " ".join(word for word, _, _ in joins) if joins else "")


def _ascii_words(text: str, separators: str) -> str:
    for ch in separators:
        text = text.replace(ch, " ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.split())


def fold_place_name(name: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces: `L'Île-Saint-Denis` -> `l ile saint denis`."""
    return _ascii_words(name, "-'’")


def fold_name(text: str) -> str:
    """`L'Île-Saint-Denis` -> `l ile saint denis` (the place names' fold, also for punctuation)."""
    return _ascii_words(text, "-'’‘`´_/.,;:()«»\"“”!?")
