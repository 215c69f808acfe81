"""The profile analogous cases are sought for, from what a user gives: a territory of the graph (IRI, CURIE or
label), any French commune, EPCI, département or région by name or official code (its official profile, from the
reference), or typed values (`key=value;...`, the values as codes or French or English labels). An unknown value
is refused with what is accepted."""

from __future__ import annotations

import math

from rdflib import URIRef

from ..errors import QueryError
from ..geo.names import describe, lookup, search
from ..geo.reference import Reference, Unit
from ..query.library import read
from ..query.run import run_sparql
from ..rdf.folding import fold_name
from ..rdf.namespaces import expand, shorten
from ..store import GraphStore
from .features import territory_features
from .scoring import AREA_LEVELS, Profile, profile_of
from .vocabulary import vocabulary

#: Typed profile keys and what they take.
KEYS = ("territoire (or commune: a name or official code, its official profile), kind, population, area (an EPCI, "
        "département or région: name or code), themes, balises, enjeux, actors, statuses, lat, long")
_KIND_WORDS = {"commune": "Commune", "intercommunalite": "Intercommunality", "epci": "Intercommunality",
               "departement": "Department", "region": "Region", "metropole": "Metropolis"}
_LEVEL_OF_KIND = {"epci": "epci", "ept": "epci", "departement": "departement", "region": "region"}


def official_units(reference: Reference, unit: Unit) -> dict[str, dict[str, str]]:
    """The unit and its wider units by level (commune, epci, departement, region): {level: {code: name}}."""
    out: dict[str, dict[str, str]] = {}
    for u in [unit, *reference.parents(unit)]:
        level = "commune" if u.kind.startswith(("commune", "arrondissement")) else _LEVEL_OF_KIND[u.kind]
        out.setdefault(level, {})[u.code] = u.name
    return out


def reference_profile(reference: Reference, unit: Unit) -> Profile:
    """The official profile of a territory the graph does not describe."""
    chain = " > ".join(p.name for p in reference.parents(unit))
    population = ", " + f"{unit.population:,}".replace(",", " ") + " habitants" if unit.population else ""
    note = (f"{describe(reference, unit)} n'est pas décrit dans le corpus ; voici son profil officiel "
            f"(Code officiel géographique) : {unit.kind_label}{population}" + (f", {chain}" if chain else "")
            + (f", coordonnées GeoNames ({unit.lat:.3f}, {unit.long:.3f})" if unit.lat is not None else
               ", sans coordonnées GeoNames") + ".")
    return Profile(kind=unit.cls, population=unit.population, official=official_units(reference, unit),
                   lat=unit.lat, long=unit.long, code=unit.code, note=note)


def _in_graph(store: GraphStore, units: list[Unit]):
    """The territory of the graph linked to one of `units`, if any."""
    codes = {u.code for u in units}
    return next((f for f in territory_features(store).values() if f.code in codes), None)


def _reference_unit(reference: Reference, text: str, kinds: set[str] | None = None) -> list[Unit]:
    units = lookup(reference, text)
    return [u for u in units if kinds is None or u.kind in kinds]


def _unknown(reference: Reference | None, text: str) -> QueryError:
    near = [describe(reference, u) for u in search(reference, text, limit=5)] if reference else []
    return QueryError(f"unknown territory {text[:80]!r}: no territory of the graph and no French commune, EPCI, "
                      "département or région of that name or code"
                      + (f" (close names: {' ; '.join(near)})" if near else "")
                      + "; give an IRI or CURIE (ter:lomme), a name, an INSEE code (06084), a SIREN, or a profile "
                        "such as 'kind=commune;population=10000;themes=alimentation;balises=C3'")


def _homonyms(reference: Reference, text: str, units: list[Unit], graph: str = "") -> QueryError:
    names = " / ".join(([graph] if graph else []) + [describe(reference, u) for u in units[:12]])
    return QueryError(f"{text[:80]!r} names {len(units) + bool(graph)} territories: {names} — précisez / say "
                      "which: give its official code (INSEE or SIREN)" + (" or the graph's IRI" if graph else ""))


def territory_profile(store: GraphStore, text: str, reference: Reference | None) -> Profile:
    """The profile of one territory: of the graph (IRI, CURIE, label, or official code of a territory it links),
    else of the official geography."""
    feats = territory_features(store)
    iri = expand(text.strip())
    if iri in feats:
        return profile_of(feats[iri])
    by_label = {fold_name(f.label): f for f in feats.values() if "/territoire/" in f.iri}
    named = by_label.get(fold_name(text))
    units = _reference_unit(reference, text) if reference is not None else []
    if named is not None and (named.code or len(units) < 2):
        return profile_of(named)
    if named is not None:  # the corpus's Reugny, which the corpus does not place, and the official ones
        raise _homonyms(reference, text, units, f"{shorten(named.iri)} (le territoire du corpus, non situé)")
    if reference is None:
        raise _unknown(None, text)
    linked = _in_graph(store, units)
    if linked is not None and len(units) == 1:
        return profile_of(linked)
    if len(units) > 1:
        raise _homonyms(reference, text, units)
    if not units:
        raise _unknown(reference, text)
    return reference_profile(reference, units[0])


def profile_for(store: GraphStore, text: str, reference: Reference | None = None) -> Profile:
    """A profile from a territory (see `territory_profile`) or from `key=value;...` text (keys: KEYS), which may
    start with a territory without its key (`Mouans-Sartoux;themes=alimentation`)."""
    if "=" not in text:
        return territory_profile(store, text, reference)
    parts = [tuple(x.strip() for x in part.partition("=")[::2]) for part in text.split(";") if part.strip()]
    if parts and not parts[0][1] and "=" not in text.split(";")[0]:  # `Mouans-Sartoux;themes=alimentation`
        parts[0] = ("territoire", parts[0][0])
    base = [v for k, v in parts if k in ("territoire", "territory", "commune")]
    profile = territory_profile(store, base[0], reference) if base else Profile()
    for key, value in parts:
        if key in ("territoire", "territory", "commune"):
            continue
        try:
            _apply(store, profile, key, value, reference)
        except ValueError as exc:
            raise QueryError(f"profile key {key!r}: {value[:40]!r} is not a valid value") from exc
    return profile


def _values(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _apply(store: GraphStore, profile: Profile, key: str, value: str, reference: Reference | None) -> None:
    vocab = vocabulary(store)
    if key == "kind":
        kind = _KIND_WORDS.get(fold_name(value).replace(" ", ""))
        profile.kind = kind or vocab.resolve("kind", value)
    elif key == "population":
        profile.population = int(value.replace(" ", "").replace("\u202f", ""))
        if not 0 < profile.population <= 10**10:
            raise QueryError(f"profile key 'population': {value[:40]!r} is not a number of inhabitants "
                             "(a whole number above 0)")
    elif key == "area":
        set_area(profile, value, reference, store)
    elif key == "themes":
        profile.themes |= {vocab.resolve("theme", v) for v in _values(value)}
    elif key == "balises":
        profile.balises |= {vocab.resolve("balise", v) for v in _values(value)}
    elif key == "enjeux":
        for v in _values(value):
            enjeu = vocab.terms["enjeu"][vocab.resolve("enjeu", v)]
            rows = run_sparql(store, read("analogues-enjeu-balises"), {"e": URIRef(enjeu.iri)}).rows
            profile.balises |= {str(r[0]) for r in rows}
    elif key == "actors":
        profile.actor_kinds |= {vocab.resolve("actor", v) for v in _values(value)}
    elif key == "statuses":
        profile.statuses |= {vocab.resolve("status", v) for v in _values(value)}
    elif key in ("lat", "long"):
        bound = 90 if key == "lat" else 180
        number = float(value)
        if not (math.isfinite(number) and -bound <= number <= bound):
            raise QueryError(f"profile key {key!r}: {value[:40]!r} is not a {'latitude' if key == 'lat' else 'longitude'} "
                             f"(decimal degrees between -{bound} and {bound})")
        setattr(profile, key, number)
    else:
        raise QueryError(f"unknown profile key {key!r}: {KEYS}")


def set_area(profile: Profile, value: str, reference: Reference | None, store: GraphStore | None = None) -> None:
    """The EPCI, département or région `value` names (name, code, or IRI of a territory of the graph linked to
    one) as the profile's official units."""
    kinds = {"epci", "ept", "departement", "region"}
    linked = territory_features(store).get(expand(value.strip())) if store is not None else None
    if linked is not None and linked.code:
        value = linked.code
    units = _reference_unit(reference, value, kinds) if reference else []
    if len(units) != 1:
        near = [describe(reference, u) for u in search(reference, value, limit=6, kinds=kinds)] if reference else []
        raise QueryError(f"profile key 'area': {value[:60]!r} is "
                         + ("several units: " if units else "no EPCI, département or région: ")
                         + (" / ".join(describe(reference, u) for u in units) if units else
                            f"give one by name or code{' (close: ' + ' ; '.join(near) + ')' if near else ''}"))
    unit = units[0]
    for level, _, _ in AREA_LEVELS:
        profile.official.pop(level, None)
    profile.official.update({k: v for k, v in official_units(reference, unit).items() if k != "commune"})


__all__ = ["KEYS", "official_units", "profile_for", "reference_profile", "set_area", "territory_profile"]
