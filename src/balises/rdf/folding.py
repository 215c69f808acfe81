"""Text folded for matching, one function per purpose (each keeps the rules its users rely on):

- `fold_for_search`: what a reader types against what the graph says (quote search, labels in the explorer):
  case and accents only, every other character kept (`L'Île` -> `l'ile`); `fold_for_search_with_map` also maps
  each folded character back to the original (to highlight a match);
- `fold_place_name`: place names matched across spellings (the gazetteer): accents and case gone, hyphens and
  apostrophes as spaces, spaces collapsed (`L'Île-Saint-Denis` -> `l ile saint denis`);
- `fold_name`: names and vocabulary values in a sheet or a text (contributions): as `fold_place_name`, and every
  punctuation mark as a space.
"""

from __future__ import annotations

import unicodedata


def fold_for_search(text: str) -> str:
    """Lower case without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_for_search_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text (whitespace as single spaces) and, for each of its characters, the index of the original
    character."""
    out, where = [], []
    for i, ch in enumerate(text):
        folded = " " if ch.isspace() else fold_for_search(ch)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


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
