"""The writers' facets of the quote search: what a choice keeps, in which order, and how many quotes each value
of each facet would keep given the other facets chosen (faceted search: the values of one facet are OR, the
facets AND), computed in one pass over the index's columns (fulltext.py) whatever the number of values.

The facets (each value an IRI, but a balise's notation):

- balise, enjeu: what the quote illustrates (an enjeu through its balises);
- territory: where it is, directly or through its subject, with the wider territories (a quote about Lomme
  counts for the Métropole européenne de Lille too);
- document: its source;
- project: the projects it is about, directly or through a systemic leap made through them;
- speaker: the person whose words it reports (`bal:speaker`);
- theme: the themes of those projects and the perimeters of its leaps;
- programme: the programme it concerns (its subject is the programme, one of its events, or a project of it);
- status: the statuses of its projects;
- about: its subjects, as they are (the pages of one project, leap or territory);

and two filters counted the same way: the key quotes (`key`) and the years of the documents (`year`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from ..errors import QueryError
from ..query.binding import make_term
from ..rdf.search_terms import Term, search_terms
from .fulltext import QuoteIndex

FACETS = ("balise", "enjeu", "territory", "document", "project", "speaker", "theme", "programme", "status", "about")
#: The filters counted beside the facets.
FILTERS = ("key", "year")
#: How each facet may be named in a call: `search(balises=…)` as the pages say it, `counts(balise=…)`.
NAMES = {**{f: f for f in FACETS}, "balises": "balise", "enjeux": "enjeu", "territories": "territory",
         "documents": "document", "projects": "project", "speakers": "speaker", "themes": "theme",
         "programmes": "programme", "statuses": "status"}


@dataclass(frozen=True)
class Choice:
    """What a writer chose: the search's terms, the values of each facet, key quotes only, a span of years."""

    terms: tuple[Term, ...] = ()
    facets: dict[str, frozenset[str]] = field(default_factory=dict)
    key_only: bool = False
    years: tuple[int | None, int | None] = (None, None)

    def chosen(self) -> list[str]:
        """The facets and filters that restrict the quotes."""
        return list(self.facets) + ["key"] * self.key_only + ["year"] * (self.years != (None, None))


def facet_name(name: str) -> str:
    if name not in NAMES:
        raise QueryError(f"unknown quote facet {name!r}: one of {', '.join(FACETS)}")
    return NAMES[name]


def facet_values(facet: str, values: Iterable[str]) -> frozenset[str]:
    """A facet's values as the index holds them: balise notations in capitals, else full IRIs (a value that is no
    IRI is refused with a message naming the facet)."""
    if facet == "balise":
        return frozenset(v.strip().upper() for v in values if v and v.strip())
    return frozenset(str(make_term("iri", v, facet)) for v in values if v)


def choice(text: str = "", key_only: bool = False, year_from: int | str | None = None,
           year_to: int | str | None = None, **facets: Iterable[str]) -> Choice:
    """A writer's choice from plain values (facets by their name or the pages' plural; years as numbers)."""
    chosen: dict[str, frozenset[str]] = {}
    for name, values in facets.items():
        facet = facet_name(name)
        found = facet_values(facet, values if not isinstance(values, str) else [values])
        if found:
            chosen[facet] = chosen.get(facet, frozenset()) | found
    years = tuple(_year(y) for y in (year_from, year_to))
    return Choice(tuple(search_terms(text)), chosen, bool(key_only), years)


def _year(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise QueryError(f"year {str(value)[:20]!r} is not a year such as 2019") from None


def _hits(index: QuoteIndex, c: Choice) -> dict[str, np.ndarray]:
    """For each facet or filter chosen, which quotes it keeps."""
    n = len(index)
    hits = {facet: index.column(facet).having(values, n) for facet, values in c.facets.items()}
    if c.key_only:
        hits["key"] = index.key
    if c.years != (None, None):
        low, high = c.years
        hits["year"] = (index.year > 0) & (index.year >= (low or 0)) & (index.year <= (high or 9999))
    return hits


def _words(index: QuoteIndex, c: Choice) -> tuple[np.ndarray, np.ndarray]:
    if c.terms:
        return index.matching(c.terms)
    return np.ones(len(index), dtype=bool), np.zeros(len(index), dtype=np.int8)


def select(index: QuoteIndex, c: Choice) -> np.ndarray:
    """The ranks of the quotes kept, in order: the exact phrase first, then the words close together, then the
    rest; within each, the key quotes first, then the bank's order."""
    kept, tier = _words(index, c)
    for hit in _hits(index, c).values():
        kept = kept & hit
    ranks = np.flatnonzero(kept)
    return ranks[np.lexsort((ranks, ~index.key[ranks], tier[ranks]))]


def facet_counts(index: QuoteIndex, c: Choice, only: Iterable[str] | None = None,
                 faceted: bool = True) -> dict[str, dict[str, int]]:
    """For each facet and filter (or those of `only`), how many quotes each value keeps given everything else
    chosen: the words and the other facets (the values chosen in this facet are not counted against it; with
    `faceted=False` they are: the counts among the quotes found)."""
    found, _ = _words(index, c)
    hits = _hits(index, c)
    misses = np.zeros(len(index), dtype=np.int8)
    for hit in hits.values():
        misses += ~hit
    out: dict[str, dict[str, int]] = {}
    for name in only or FACETS + FILTERS:
        own = hits.get(name) if faceted else None
        mask = found & (misses == (0 if own is None else ~own))
        if name == "key":
            keys = int(np.count_nonzero(mask & index.key))
            out[name] = {"true": keys} if keys else {}
        elif name == "year":
            years = np.bincount(index.year[mask & (index.year > 0)])
            out[name] = {str(y): int(years[y]) for y in np.flatnonzero(years)}
        else:
            out[name] = index.column(name).count(mask)
    return out


__all__ = ["FACETS", "FILTERS", "NAMES", "Choice", "choice", "facet_counts", "facet_name", "facet_values", "select"]
