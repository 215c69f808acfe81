"""Names in a text matched against a gazetteer (the graph's territories and actors, and every commune, EPCI, EPT,
département and région of the official geography, an EPCI also by its legal form spelled out), as folded
n-grams, at one edit of distance for the graph's names."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from ...geo.names import describe, short_name, spelled_out
from ...geo.reference import load_reference
from ...rdf.folding import fold_name
from .knowledge import Place
from .text import Token, _joined, _within_one_edit


class Gazetteer:
    """Folded n-gram look-up of names (graph territories, GeoNames places, graph actors)."""

    def __init__(self, places: list[Place], fuzzy: bool = True):
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        self.max_len = 1
        self.fuzzy_keys: dict[int, list[str]] = defaultdict(list)
        self.lower_starts: set[str] = set()
        for place in places:
            keys = {fold_name(place.label)} | {fold_name(a) for a in place.aliases}
            parts = fold_name(place.label).split()
            if len(parts) > 2 and parts[0] in ("l", "le", "la", "les") or \
                    len(parts) > 1 and parts[0] in ("l", "le", "la", "les") and place.source == "graph":
                keys.add(" ".join(parts[1:]))
            for key in keys:
                if not key:
                    continue
                self.by_key[key].append(place)
                self.max_len = max(self.max_len, len(key.split()))
                if fuzzy and place.source == "graph" and len(key) >= 8:
                    self.fuzzy_keys[len(key.split())].append(key)
                if place.source == "graph" and len(key.split()) > 1:
                    self.lower_starts.add(key.split()[0])

    def matches(self, raw: str, toks: list[Token]):
        """(start token, end token, key, places, exact) for the longest names, left to right."""
        i, out = 0, []
        while i < len(toks):
            found = None
            capital = toks[i].text[:1].isupper() or toks[i].text[:1].isdigit()
            # a name starts with a capital, but the graph's names of two words or more are also found in lower
            # case (« le bassin minier »)
            if capital or toks[i].key in self.lower_starts:
                for n in range(min(self.max_len, len(toks) - i), 0 if capital else 1, -1):
                    span = toks[i:i + n]
                    if any(not _joined(raw, a, b) for a, b in zip(span, span[1:])):
                        continue
                    key = " ".join(t.key for t in span)
                    places = self.by_key.get(key)
                    if places and (capital or any(p.source == "graph" for p in places)):
                        found = (i, i + n, key, places, True)
                        break
                    if not capital:
                        continue
                    for cand in self.fuzzy_keys.get(n, ()):
                        if cand[0] == key[0] and _within_one_edit(key, cand):
                            found = (i, i + n, cand, self.by_key[cand], False)
                            break
                    if found:
                        break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out


@lru_cache(maxsize=2)
def reference_places(path: str) -> list[Place]:
    """Every unit of the official geography as names of the gazetteer (municipal arrondissements aside): its
    official name, and an EPCI's with its legal form spelled out (« communauté d'agglomération du … ») or without it
    (« Pays de Grasse »)."""
    reference = load_reference(Path(path))
    out = []
    for unit in reference.units.values():
        if unit.kind == "arrondissement-municipal":
            continue
        if len(fold_name(unit.name).replace(" ", "")) < 4:
            continue
        aliases = tuple({spelled_out(unit.name), short_name(unit.name) or unit.name} - {unit.name}) \
            if unit.kind in ("epci", "ept") else ()
        out.append(Place(unit.name, "reference", None, unit.cls, [unit.geonames_id] if unit.geonames_id else [],
                         unit.population or 0, describe(reference, unit), aliases, (unit.kind, unit.code)))
    return out
