"""Analogous cases: territories and projects like a given territory or a typed profile, each match explained.

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
Each reason keeps the evidence quotes behind it (the quotes showing a shared balise, the projects sharing a theme).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field, fields

from rdflib import URIRef

from ..errors import QueryError
from ..rdf.namespaces import expand
from ..query.cache import per_store, run_fixed
from ..query.library import read
from ..query.tables import read_computed
from ..query.run import run_sparql
from ..store import GraphStore
from .evidence import cited, evidence, theme_projects
from .facts import LEVELS, read_facts

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


def _slug(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@per_store
def territory_features(store: GraphStore) -> dict[str, TerritoryFeatures]:
    """Everything the scoring compares, for every territory of the graph (read once per store; do not mutate):
    the build's computed table when the store has it, else computed from the reads."""
    stored = read_computed(store, "analogues-territory-features", COMPUTED["analogues-territory-features"][0])
    if stored is None:
        return compute_territory_features(store)
    return {iri: _territory_from(iri, record) for iri, record in stored}


def compute_territory_features(store: GraphStore) -> dict[str, TerritoryFeatures]:
    """The territories' features from the fixed reads and the network's facts."""
    feats: dict[str, TerritoryFeatures] = {}
    for t, label, kind, pop, lat, long in run_fixed(store, read("analogues-territories")):
        feats[str(t)] = TerritoryFeatures(
            str(t), str(label), kind=_slug(kind) if kind else None,
            population=int(float(pop)) if pop is not None else None,
            lat=float(lat) if lat is not None else None, long=float(long) if long is not None else None)
    for t, a, area in run_fixed(store, read("analogues-parents")):
        if str(t) in feats:
            feats[str(t)].parents.add(str(a))
            if str(area) == "true":
                feats[str(t)].areas.add(str(a))
    # A territory's own record: its projects, the quotes about it or them, the actors involved there.
    for t, theme in run_fixed(store, read("analogues-themes")):
        if t in feats:
            feats[t].themes.add(_slug(theme))
    for t, notation, first, last in run_fixed(store, read("analogues-balises")):
        if t in feats:
            feats[t].balises.add(notation)
            feats[t].quotes[notation] = tuple(dict.fromkeys((first, last)))
    # the kinds and scales of the actors involved, as the network reads them; a project in several territories
    # counts for each of them
    facts = read_facts(store)
    for actor, project, _ in facts.involvements:
        a = facts.actors[actor]
        for where in facts.projects[project].territories:
            if where in feats:
                feats[where].actor_kinds |= a.kinds | a.categories
                feats[where].scales |= a.levels
    return feats


def _record(value):
    """A feature as JSON: sets sorted into lists, the quotes by notation."""
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _record(v) for k, v in value.items()}
    return list(value) if isinstance(value, tuple) else value


#: The fields of a territory's record (all but its IRI, the table's `s`), and those that are sets.
_FIELDS = [f for f in fields(TerritoryFeatures) if f.name != "iri"]
_SETS = {f.name for f in _FIELDS if f.default_factory is set}


def _territory_record(features: TerritoryFeatures) -> dict:
    return {f.name: _record(getattr(features, f.name)) for f in _FIELDS}


def _territory_from(iri: str, record: dict) -> TerritoryFeatures:
    values = {f.name: record[f.name] for f in _FIELDS if f.name in record}
    for name in _SETS:
        values[name] = set(values.get(name, ()))
    values["quotes"] = {n: tuple(q) for n, q in values.get("quotes", {}).items()}
    return TerritoryFeatures(iri=iri, **values)


def _project_from(record: dict) -> dict:
    return {"label": record["label"], **{k: set(record[k]) for k in ("territories", "themes", "balises")}}


#: The features computed by the build into tables of their own (materialised.compute_tables), read back by
#: `territory_features` and `project_features`: by name, (layout, rows of the table). Change the layout when
#: what a record holds or how it is computed changes (a store with another layout is rebuilt).
COMPUTED = {
    "analogues-territory-features": (
        "v3 " + " ".join(f.name for f in fields(TerritoryFeatures)) + "; actor kinds and scales from every project "
        "of the territory",
        lambda store: ((iri, _territory_record(t)) for iri, t in compute_territory_features(store).items())),
    "analogues-project-features": (
        "v2 label territories themes balises",
        lambda store: ((iri, _record(entry)) for iri, entry in compute_project_features(store).items())),
}


def profile_of(features: TerritoryFeatures) -> Profile:
    return Profile(kind=features.kind, population=features.population, area=None, themes=set(features.themes),
                   balises=set(features.balises), actor_kinds=set(features.actor_kinds), scales=set(features.scales),
                   lat=features.lat, long=features.long, territory=features.iri)


def _overlap(wanted: set[str], have: set[str], jaccard: bool) -> float | None:
    if not wanted:
        return None
    shared = wanted & have
    return len(shared) / len(wanted | have if jaccard else wanted)


def km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


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
        out["distance"] = (max(0.0, 1 - km(profile.lat, profile.long, cand.lat, cand.long) / 500)
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
        return Reason("distance", score, f"à {km(profile.lat, profile.long, cand.lat, cand.long):.0f} km")
    return Reason("distance", score, "coordonnées inconnues (score neutre)")


def score_territory(profile: Profile, cand: TerritoryFeatures, source: TerritoryFeatures | None,
                    found: dict | None = None) -> Match:
    """Compare a candidate with the profile, component by component, keeping the reasons (with the evidence
    `found` for it: {"balises": quotes, "themes": projects by theme})."""
    components = _components(profile, cand, source)
    reasons = [_explain(c, s, profile, cand, found or {}) for c, s in components.items()]
    return Match(cand.iri, cand.label, _weighted(components), reasons)


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


@per_store
def project_features(store: GraphStore) -> dict[str, dict]:
    """Every project's label, territories, themes and evidenced balises (read once per store): the build's
    computed table when the store has it, else computed from the reads."""
    stored = read_computed(store, "analogues-project-features", COMPUTED["analogues-project-features"][0])
    if stored is None:
        return compute_project_features(store)
    return {iri: _project_from(record) for iri, record in stored}


def compute_project_features(store: GraphStore) -> dict[str, dict]:
    """The projects' features from the fixed reads."""
    projects: dict[str, dict] = {}
    for p, label, territories, themes, notations in run_fixed(store, read("analogues-projects")):
        projects[p] = {"label": label, "territories": set((territories or "").split()),
                       "themes": {_slug(t) for t in (themes or "").split()}, "balises": set((notations or "").split())}
    return projects


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
