"""What a writer types in the quote search, read as terms, and the rule by which a term matches a text's words.

A search is words and "phrases in double quotes" (or « guillemets »), folded as the text is (folding.py). A
term is one word, or several words side by side: a phrase, or a typed word that folds into several
(`Lil'Ô` -> `lil o`, `l'habitant` -> `l habitant`). A quote matches a search when it holds every term, in any
order. A term's words match the text's words one for one, and its last word also matches:

- with the endings of the plural and the feminine (`ENDINGS`) when it has at least `ENDING_MIN` letters
  (`élu` finds `élus`, `habitant` finds `habitantes`; `o` finds only `o`);
- every word that starts with it when it is typed with a final `*` (`coop*`).

The explorer's index (SQLite FTS5, quotes/fulltext.py), query 03 (in SPARQL) and the in-memory bank (the
reference, `occurrences`) apply this one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError
from .folding import fold_for_search

#: Longest search text accepted (a longer one is refused with a message, not truncated silently).
MAX_SEARCH = 300
#: The endings a term's last word is also found with (plural and feminine forms).
ENDINGS = ("", "s", "x", "e", "es")
#: Fewest letters a last word needs to be found with the endings (`o` of `Lil'Ô` is not `os`).
ENDING_MIN = 3
#: How close the terms must be (words between them) to rank as "close together" (FTS5's NEAR).
NEAR = 10
_PIECES = re.compile(r'"([^"]+)"|«\s*([^»]+?)\s*»|(\S+)')


@dataclass(frozen=True)
class Term:
    """One term of a search: its folded words, the last one a prefix when typed with a final `*`."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def endings(self) -> tuple[str, ...]:
        """The endings the last word is found with (none for a prefix: it is found with any)."""
        return ENDINGS if not self.prefix and len(self.words[-1]) >= ENDING_MIN else ("",)

    @property
    def literal(self) -> str:
        """The term as query 03 takes it: its words, and `*` after a prefix."""
        return " ".join(self.words) + ("*" if self.prefix else "")

    def fits(self, word: str, typed: str, exact: bool = False) -> bool:
        """Whether the text's `word` is the term's last word `typed` (exactly, or as the rule allows)."""
        if self.prefix:
            return word.startswith(typed)
        if exact:
            return word == typed
        return word == typed or any(word == typed + e for e in self.endings if e)

    def occurrences(self, words: list[str], exact: bool = False) -> list[int]:
        """Where the term starts in these folded words (`exact`: the last word as typed, or as a prefix)."""
        n = len(self.words)
        *head, last = self.words
        return [i for i in range(len(words) - n + 1)
                if words[i:i + n - 1] == head and self.fits(words[i + n - 1], last, exact)]


def search_terms(text: str | None) -> list[Term]:
    """The terms of a search, in the order typed, each once; refuses an over-long text."""
    if text is None:
        return []
    if len(text) > MAX_SEARCH:
        raise QueryError(f"search text too long ({len(text)} characters, at most {MAX_SEARCH})")
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    terms: list[Term] = []
    for quoted, guillemets, word in _PIECES.findall(cleaned):
        piece = (quoted or guillemets or word).rstrip(".,;:!?»\"”)]")
        words = tuple(fold_for_search(piece).split())
        term = Term(words, prefix=piece.endswith("*")) if words else None
        if term and term not in terms:
            terms.append(term)
    return terms


__all__ = ["ENDINGS", "ENDING_MIN", "MAX_SEARCH", "NEAR", "Term", "search_terms"]
