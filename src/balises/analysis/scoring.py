"""Scoring analogous cases, pure: a profile against a candidate territory, component by component, each in [0, 1].

Score = weighted mean of components in [0, 1] (weights in WEIGHTS; a component the data
cannot compute for a candidate is left out and the weights renormalised):
  themes       shared project themes        (coverage of the profile's themes, or Jaccard between territories)
  balises      shared balises evidenced     (idem)
  actors       shared kinds of actors involved (organisation kinds and actor categories; Jaccard)
  size         similar population           1 - |log10(p1 / p2)| / 2, floored at 0
  kind         same kind of territory       1 or 0
  area         same département or région   1 or 0
  scales       same scales of cooperation   Jaccard of the territorial levels of the actors involved
  distance     close by                     1 - km / 500, floored at 0 (coordinates from GeoNames)
Only the components the profile states count; where the candidate's data is missing (no population
in the corpus, no coordinates), the component scores UNKNOWN = 0.5 and says so.
Each reason keeps the evidence quotes behind it (the quotes showing a shared balise, the projects sharing a theme)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..geo.distance import great_circle_km
from .facts import LEVELS

#: Score of a component the profile asks for but the candidate's data cannot tell (neither for nor against).
UNKNOWN = 0.5


WEIGHTS = {"themes": 0.25, "balises": 0.25, "actors": 0.15, "size": 0.15, "kind": 0.05, "area": 0.05,
           "scales": 0.05, "distance": 0.05}


@dataclass
class Profile:
    """What a territory looks for: its kind, size, place, themes and balises of interest."""

    kind: str | None = None                 # class slug: Commune, Intercommunality, Department...
    population: int | None = None
    area: str | None = None                 # IRI of a département or région it belongs to
    themes: set[str] = field(default_factory=set)    # theme slugs
    balises: set[str] = field(default_factory=set)   # balise notations (E1 ... V6)
    actor_kinds: set[str] = field(default_factory=set)
    scales: set[str] = field(default_factory=set)
    lat: float | None = None
    long: float | None = None
    territory: str | None = None            # the territory it was read from, if any


@dataclass
class Reason:
    component: str
    score: float
    text: str
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Match:
    iri: str
    label: str
    score: float
    reasons: list[Reason]
    kind: str = "territoire"

    @property
    def components(self) -> dict[str, float]:
        return {r.component: round(r.score, 3) for r in self.reasons}


@dataclass
class TerritoryFeatures:
    iri: str
    label: str
    kind: str | None = None
    population: int | None = None
    parents: set[str] = field(default_factory=set)      # every wider territory (bal:partOf+)
    areas: set[str] = field(default_factory=set)        # its départements and régions
    lat: float | None = None
    long: float | None = None
    themes: set[str] = field(default_factory=set)                   # themes of its projects
    balises: set[str] = field(default_factory=set)                  # notations of the balises its quotes show
    quotes: dict[str, tuple[str, ...]] = field(default_factory=dict)   # notation -> the quotes to cite (IRIs)
    actor_kinds: set[str] = field(default_factory=set)
    scales: set[str] = field(default_factory=set)


def profile_of(features: TerritoryFeatures) -> Profile:
    return Profile(kind=features.kind, population=features.population, area=None, themes=set(features.themes),
                   balises=set(features.balises), actor_kinds=set(features.actor_kinds), scales=set(features.scales),
                   lat=features.lat, long=features.long, territory=features.iri)


def _overlap(wanted: set[str], have: set[str], jaccard: bool) -> float | None:
    if not wanted:
        return None
    shared = wanted & have
    return len(shared) / len(wanted | have if jaccard else wanted)


def _components(profile: Profile, cand: TerritoryFeatures, source: TerritoryFeatures | None) -> dict[str, float]:
    """The score of each component the profile states, for one candidate (numbers only: cheap enough to run on
    every territory of the graph; `score_territory` explains them for the best matches)."""
    jaccard = profile.territory is not None
    out: dict[str, float] = {}
    s = _overlap(profile.themes, cand.themes, jaccard)
    if s is not None:
        out["themes"] = s
    s = _overlap(profile.balises, cand.balises, jaccard)
    if s is not None:
        out["balises"] = s
    if profile.actor_kinds:
        out["actors"] = _overlap(profile.actor_kinds, cand.actor_kinds, True)
    if profile.population:
        out["size"] = (max(0.0, 1 - abs(math.log10(profile.population / cand.population)) / 2)
                       if cand.population and cand.population > 0 else UNKNOWN)  # the shapes refuse 0 and less
    if profile.kind:
        out["kind"] = (1.0 if profile.kind == cand.kind else 0.0) if cand.kind else UNKNOWN
    areas = _areas(profile, source)
    if areas:
        out["area"] = 1.0 if areas & (cand.areas | {cand.iri}) else 0.0
    if profile.scales:
        out["scales"] = _overlap(profile.scales, cand.scales, True)
    if profile.lat is not None and profile.long is not None:
        out["distance"] = (max(0.0, 1 - great_circle_km(profile.lat, profile.long, cand.lat, cand.long) / 500)
                           if cand.lat is not None and cand.long is not None else UNKNOWN)
    return out


def _areas(profile: Profile, source: TerritoryFeatures | None) -> set[str]:
    return ({profile.area} if profile.area else set()) | (source.areas if source else set())


def _weighted(components: dict[str, float]) -> float:
    total = weighted = 0.0
    for c, s in components.items():
        w = WEIGHTS[c]
        total += w
        weighted += w * s
    return round(weighted / total if total else 0.0, 4)


def _explain(component: str, score: float, profile: Profile, cand: TerritoryFeatures, found: dict) -> Reason:
    """One component's score in words, with the evidence `found` behind it (quotes of the shared balises, projects
    of the shared themes)."""
    if component == "themes":
        shared = sorted(profile.themes & cand.themes)
        return Reason("themes", score, f"thèmes partagés : {', '.join(shared) or 'aucun'}",
                      found.get("themes", []))
    if component == "balises":
        shared = sorted(profile.balises & cand.balises)
        return Reason("balises", score, f"balises en commun : {', '.join(shared) or 'aucune'}",
                      found.get("balises", []))
    if component == "actors":
        return Reason("actors", score, "acteurs de même nature : "
                      + (", ".join(sorted(profile.actor_kinds & cand.actor_kinds)) or "aucun"))
    if component == "size":
        return Reason("size", score, f"population {cand.population:,} contre {profile.population:,}".replace(",", " ")
                      if cand.population else "population inconnue du corpus (score neutre)")
    if component == "kind":
        text = ("nature inconnue (score neutre)" if not cand.kind else "même nature de territoire"
                if profile.kind == cand.kind else f"nature différente ({cand.kind})")
        return Reason("kind", score, text)
    if component == "area":
        return Reason("area", score, "même département ou région" if score else "autre département ou région")
    if component == "scales":
        return Reason("scales", score, "échelles de coopération : "
                      + (", ".join(sorted(cand.scales, key=LEVELS.index)) or "aucune connue"))
    if cand.lat is not None and cand.long is not None:
        return Reason("distance", score, f"à {great_circle_km(profile.lat, profile.long, cand.lat, cand.long):.0f} km")
    return Reason("distance", score, "coordonnées inconnues (score neutre)")


def score_territory(profile: Profile, cand: TerritoryFeatures, source: TerritoryFeatures | None,
                    found: dict | None = None) -> Match:
    """Compare a candidate with the profile, component by component, keeping the reasons (with the evidence
    `found` for it: {"balises": quotes, "themes": projects by theme})."""
    components = _components(profile, cand, source)
    reasons = [_explain(c, s, profile, cand, found or {}) for c, s in components.items()]
    return Match(cand.iri, cand.label, _weighted(components), reasons)
