"""Finding a unit of the official geography by what a user types: its INSEE code or SIREN, or its name, folded
as people write place names (case, accents, hyphens, apostrophes; « St »/« Ste » for « Saint »/« Sainte »;
an EPCI's legal form written out or abbreviated: « CA du Pays de Grasse » = « communauté d'agglomération du
pays de Grasse » = « Pays de Grasse »)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..rdf.folding import fold_name
from .reference import Reference, Unit

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
#: An EPCI's legal form at the start of its name, in the words people use (folded), longest first.
_LEGAL_FORMS = sorted(["communaute de communes", "communaute d agglomeration", "communaute urbaine", "metropole",
                       "cc", "ca", "cu", "cda", "etablissement public territorial", "ept"], key=len, reverse=True)
_LINKS = {"de", "du", "des", "d", "la", "le", "les", "l", "en", "et"}
#: Kinds that answer a search, in the order shown when names tie.
_ORDER = {"commune": 0, "epci": 1, "ept": 2, "departement": 3, "region": 4, "commune-associee": 5,
          "commune-deleguee": 6, "arrondissement-municipal": 7}


def fold(name: str) -> str:
    """`St-Jean-de-Braye` -> `saint jean de braye`."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in fold_name(name).split())


def core(name: str) -> str:
    """A name without its legal form and linking words: `CA du Pays de Grasse` -> `pays grasse`."""
    folded = fold(name)
    for form in _LEGAL_FORMS:
        if folded == form or folded.startswith(form + " "):
            folded = folded[len(form):]
            break
    return " ".join(w for w in folded.split() if w not in _LINKS)


@dataclass
class Index:
    """Every unit's folded name and core name, for exact lookups and prefix search."""

    reference: Reference
    by_fold: dict[str, list[Unit]]
    by_core: dict[str, list[Unit]]
    entries: list[tuple[str, Unit]]   # (folded name, unit), sorted


@lru_cache(maxsize=4)
def index_of(reference: Reference) -> Index:
    by_fold: dict[str, list[Unit]] = {}
    by_core: dict[str, list[Unit]] = {}
    for unit in reference.units.values():
        by_fold.setdefault(fold(unit.name), []).append(unit)
        if unit.kind in ("epci", "ept"):
            by_core.setdefault(core(unit.name), []).append(unit)
    entries = sorted(((f, u) for f, units in by_fold.items() for u in units), key=lambda e: (e[0], e[1].iri))
    return Index(reference, by_fold, by_core, entries)


def _rank(unit: Unit) -> tuple:
    return (_ORDER.get(unit.kind, 9), -(unit.population or 0), unit.name)


_CODE = re.compile(r"^\s*(\d[0-9AB]\d{0,7}|2[AB]\d{0,3})\s*$", re.IGNORECASE)


def by_code(reference: Reference, text: str) -> list[Unit]:
    """The units whose INSEE code or SIREN is `text` (a commune's code may also be that of its commune déléguée;
    `departement-32`, `region-32`, `epci-200039857` or a cog: IRI name one kind)."""
    local = text.strip().rsplit("/", 1)[-1].removeprefix("cog:")
    kind, _, code = local.rpartition("-")
    if kind in _ORDER and code:
        unit = reference.get(kind, code.upper())
        return [unit] if unit else []
    code = text.strip().upper()
    if not _CODE.match(code):
        return []
    found = [u for kind in _ORDER if (u := reference.get(kind, code))]
    found += [u for u in reference.units.values() if u.kind == "commune" and u.siren == code] if len(code) == 9 else []
    return sorted(found, key=_rank)


def lookup(reference: Reference, text: str) -> list[Unit]:
    """The units named exactly `text` (folded; an EPCI also by its name without its legal form), or coded so."""
    coded = by_code(reference, text)
    if coded:
        return _without_shadows(coded)
    index = index_of(reference)
    found = list(index.by_fold.get(fold(text), []))
    if not found:
        found = list(index.by_core.get(core(text), []))
    return _without_shadows(sorted(found, key=_rank))


def _without_shadows(units: list[Unit]) -> list[Unit]:
    """Without the commune déléguée that bears its commune's code and name (the same place, twice)."""
    actual = {(u.code, u.name) for u in units if u.kind == "commune"}
    return [u for u in units if u.kind == "commune" or (u.code, u.name) not in actual]


def search(reference: Reference, text: str, limit: int = 20, kinds: set[str] | None = None) -> list[Unit]:
    """Units for a search box: exact names first, then names starting with the text, then names with a word
    starting with it; communes before EPCI, départements and régions, then by population."""
    key = fold(text)
    if not key:
        return []
    index = index_of(reference)
    exact = lookup(reference, text)
    seen = {u.iri for u in exact}
    starts, words = [], []
    # the entries are sorted: the names starting with `key` are one slice of them
    i = bisect.bisect_left(index.entries, key, key=lambda e: e[0])
    while i < len(index.entries) and index.entries[i][0].startswith(key):
        unit = index.entries[i][1]
        if unit.iri not in seen:
            starts.append(unit)
            seen.add(unit.iri)
        i += 1
    if len(exact) + len(starts) < limit:
        needle = " " + key
        words = [u for f, u in index.entries if needle in f and u.iri not in seen]
    out = exact + sorted(starts, key=_rank) + sorted(words, key=_rank)
    if kinds:
        out = [u for u in out if u.kind in kinds]
    return out[:limit]


_SPELLED = {"CC": "Communauté de communes", "CA": "Communauté d'agglomération", "CU": "Communauté urbaine"}


def spelled_out(name: str) -> str:
    """`CA du Pays de Grasse` -> `Communauté d'agglomération du Pays de Grasse` (as texts write EPCI names)."""
    head, _, rest = name.partition(" ")
    return f"{_SPELLED[head]} {rest}" if head in _SPELLED and rest else name


def short_name(name: str) -> str | None:
    """An EPCI's name without its legal form (`CA du Pays de Grasse` -> `Pays de Grasse`), when two words or more
    remain (a text writes « la communauté de communes du Golfe de Saint-Tropez »: the name starts at « Golfe »)."""
    head, _, rest = name.partition(" ")
    if head not in _SPELLED:
        return None
    words = rest.split()
    while words and fold(words[0]) in _LINKS:
        words = words[1:]
    if words and words[0].startswith(("d'", "l'", "d’", "l’")):
        words[0] = words[0][2:]
    return " ".join(words) if len(fold(" ".join(words)).split()) >= 2 else None


def describe(reference: Reference, unit: Unit) -> str:
    """`Reugny (commune, Indre-et-Loire, 37194)`: enough to tell homonyms apart."""
    where = reference.departement_name(unit) if unit.kind not in ("departement", "region") else ""
    return f"{unit.name} ({', '.join(x for x in (unit.kind_label, where, unit.code) if x)})"


__all__ = ["by_code", "core", "describe", "fold", "lookup", "search", "short_name", "spelled_out"]
