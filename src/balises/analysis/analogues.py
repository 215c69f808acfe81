"""Analogous cases: the territories and projects most like a territory of the graph or a typed profile, ranked
(every candidate scored in numbers, scoring.py), the best ones explained with their evidence (evidence.py)."""

from __future__ import annotations

import heapq
import math

from rdflib import URIRef

from ..errors import QueryError
from ..query.library import read
from ..query.run import run_sparql
from ..rdf.namespaces import expand
from ..store import GraphStore
from .evidence import cited, evidence, theme_projects
from .features import project_features, territory_features
from .scoring import (
    WEIGHTS,
    Match,
    Profile,
    Reason,
    _components,
    _overlap,
    _weighted,
    profile_of,
    score_territory,
)


def analogues(store: GraphStore, profile: Profile, top: int = 10) -> list[Match]:
    """Territories ranked by similarity to the profile (the profile's own territory and those around it excluded)."""
    feats = territory_features(store)
    source = feats.get(profile.territory) if profile.territory else None
    scored = []
    for cand in feats.values():
        if cand.iri == profile.territory or (source and (cand.iri in source.parents or source.iri in cand.parents)):
            continue
        if not (cand.themes or cand.balises):
            continue  # nothing to compare but size and place
        scored.append((-_weighted(_components(profile, cand, source)), cand.label, cand.iri))
    # every candidate scored in numbers; only the best ones explained in words
    best = [feats[iri] for _, _, iri in sorted(scored)[:top]]
    quotes = evidence(store, {c.iri: {b: c.quotes[b] for b in profile.balises & c.balises} for c in best})
    projects = theme_projects(store, {c.iri: sorted(profile.themes & c.themes) for c in best})
    return [score_territory(profile, c, source, {"balises": quotes.get(c.iri, []), "themes": projects.get(c.iri, [])})
            for c in best]


def analogous_projects(store: GraphStore, profile: Profile, top: int = 10) -> list[Match]:
    """Projects whose themes and evidenced balises meet the profile's interests."""
    projects = project_features(store)
    themes, balises = profile.themes, profile.balises
    # every project scored in numbers (the arithmetic of _overlap and _weighted, inlined: 25 000 projects at ~2M
    # triples), the best explained
    wt, wb = (WEIGHTS["themes"] if themes else 0.0), (WEIGHTS["balises"] if balises else 0.0)
    total, nt, nb = wt + wb, len(themes), len(balises)
    scored = []
    for iri, entry in projects.items():
        st = len(themes & entry["themes"]) if nt else 0
        sb = len(balises & entry["balises"]) if nb else 0
        if not (st or sb) or profile.territory in entry["territories"]:
            continue  # nothing shared (a score of 0), or one of the profile's own projects
        weighted = 0.0
        if nt:
            weighted += wt * (st / nt)
        if nb:
            weighted += wb * (sb / nb)
        scored.append((-round(weighted / total, 4), entry["label"], iri))
    best = heapq.nsmallest(top, scored)
    quotes = evidence(store, cited(store, read("analogues-project-quotes"), "p",
                                   {iri: profile.balises & projects[iri]["balises"] for _, _, iri in best}))
    matches = []
    for minus, name, iri in best:
        entry, reasons = projects[iri], []
        components = {c: s for c, s in (("themes", _overlap(themes, entry["themes"], False)),
                                         ("balises", _overlap(balises, entry["balises"], False))) if s is not None}
        if "themes" in components:
            reasons.append(Reason("themes", components["themes"],
                                  "thèmes : " + (", ".join(sorted(profile.themes & entry["themes"])) or "aucun")))
        if "balises" in components:
            shared = sorted(profile.balises & entry["balises"])
            reasons.append(Reason("balises", components["balises"], "balises : " + (", ".join(shared) or "aucune"),
                                  quotes.get(iri, [])))
        matches.append(Match(iri, name, -minus, reasons, kind="projet"))
    return matches


def profile_for(store: GraphStore, text: str) -> Profile:
    """A profile from a territory of the graph (IRI, CURIE or exact label) or from `key=value;...` text.

    Typed profile keys: kind (commune, intercommunalite, departement, region), population, area (IRI/CURIE),
    themes (comma-separated theme slugs), balises (comma-separated notations), enjeux (engagement,
    action-integree, cooperation, valeur: all their balises), lat, long.
    """
    feats = territory_features(store)
    iri = expand(text)
    by_label = {f.label.lower(): f for f in feats.values()}
    if iri in feats:
        return profile_of(feats[iri])
    if text.strip().lower() in by_label:
        return profile_of(by_label[text.strip().lower()])
    if "=" not in text:
        raise QueryError(f"unknown territory {text[:80]!r}: give an IRI or CURIE (ter:lomme), a label of the graph, "
                         "or a profile such as 'kind=commune;population=10000;themes=alimentation;balises=C3'")
    kinds = {"commune": "Commune", "intercommunalite": "Intercommunality", "epci": "Intercommunality",
             "departement": "Department", "region": "Region", "metropole": "Metropolis"}
    profile = Profile()
    for part in text.split(";"):
        key, _, value = (x.strip() for x in part.partition("="))
        if not key:
            continue
        try:
            if key == "kind":
                profile.kind = kinds.get(value.lower(), value)
            elif key == "population":
                profile.population = int(value.replace(" ", ""))
                if not 0 < profile.population <= 10**10:
                    raise QueryError(f"profile key 'population': {value[:40]!r} is not a number of inhabitants "
                                     "(a whole number above 0)")
            elif key == "area":
                profile.area = expand(value)
            elif key == "themes":
                profile.themes = {v.strip() for v in value.split(",") if v.strip()}
            elif key == "balises":
                profile.balises |= {v.strip().upper() for v in value.split(",") if v.strip()}
            elif key == "enjeux":
                for enjeu in (v.strip() for v in value.split(",") if v.strip()):
                    rows = run_sparql(store, read("analogues-enjeu-balises"),
                                      {"e": URIRef(expand(enjeu if ":" in enjeu else f"ref:{enjeu}"))}).rows
                    if not rows:
                        raise QueryError(f"unknown enjeu {enjeu!r}: engagement, action-integree, cooperation or valeur")
                    profile.balises |= {str(r[0]) for r in rows}
            elif key in ("lat", "long"):
                bound = 90 if key == "lat" else 180
                number = float(value)
                if not (math.isfinite(number) and -bound <= number <= bound):
                    raise QueryError(f"profile key {key!r}: {value[:40]!r} is not a {'latitude' if key == 'lat' else 'longitude'} "
                                     f"(decimal degrees between -{bound} and {bound})")
                setattr(profile, key, number)
            else:
                raise QueryError(f"unknown profile key {key!r}: kind, population, area, themes, balises, enjeux, lat, long")
        except ValueError as exc:
            raise QueryError(f"profile key {key!r}: {value[:40]!r} is not a valid value") from exc
    return profile
