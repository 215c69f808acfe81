"""A quote in its place: the paragraph of the corpus text around it, for a reader who wants to see what comes
before and after. The quote is found as the integrity check finds it (runs of whitespace count as one space),
nearest to its line when it occurs more than once; the text around it is the corpus's own, with its line breaks.
No Streamlit here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .integrity import normalise, squeeze

#: The most characters shown on each side of a quote.
AROUND = 900
_BLANK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Passage:
    """The text around a quote: `before`, the quote as the corpus writes it (`quote`), `after`; the lines it
    spans."""

    before: str
    quote: str
    after: str
    first_line: int
    last_line: int

    @property
    def text(self) -> str:
        return self.before + self.quote + self.after

    @property
    def span(self) -> tuple[int, int]:
        """Where the quote lies in `text`."""
        return len(self.before), len(self.before) + len(self.quote)


def find_passage(raw: str, exact: str, line: int | None = None, around: int = AROUND) -> Passage | None:
    """The quote `exact` in the corpus text `raw` with its paragraph (the text between blank lines, at least a few
    lines of it on each side, at most `around` characters), or None when the text does not hold it."""
    needle = normalise(exact)
    squeezed, where = squeeze(raw)
    if not needle:
        return None
    starts, at = [], squeezed.find(needle)
    while at != -1:
        starts.append(at)
        at = squeezed.find(needle, at + 1)
    if not starts:
        return None
    if line is not None:
        starts.sort(key=lambda s: abs(raw.count("\n", 0, where[s]) + 1 - line))
    start, end = where[starts[0]], where[starts[0] + len(needle) - 1] + 1
    before_start = _paragraph_start(raw, start, around)
    after_end = _paragraph_end(raw, end, around)
    return Passage(raw[before_start:start], raw[start:end], raw[end:after_end], raw.count("\n", 0, start) + 1,
                   raw.count("\n", 0, end) + 1)


def _paragraph_start(raw: str, start: int, around: int) -> int:
    """Back to the blank line before `start` (one paragraph further when that one is short), within `around`."""
    floor = max(0, start - around)
    breaks = [m.end() for m in _BLANK.finditer(raw, floor, start)]
    if not breaks:
        return floor
    return breaks[-1] if start - breaks[-1] >= 120 or len(breaks) == 1 else breaks[-2]


def _paragraph_end(raw: str, end: int, around: int) -> int:
    """On to the blank line after `end` (one paragraph further when that one is short), within `around`."""
    ceiling = min(len(raw), end + around)
    breaks = [m.start() for m in _BLANK.finditer(raw, end, ceiling)]
    if not breaks:
        return ceiling
    return breaks[0] if breaks[0] - end >= 120 or len(breaks) == 1 else breaks[1]


def passage_of(path: Path, exact: str, line: int | None = None) -> Passage | None:
    """The passage of a quote in its corpus file (None when the file is missing or does not hold it)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return find_passage(raw, exact, line)


__all__ = ["AROUND", "Passage", "find_passage", "passage_of"]
