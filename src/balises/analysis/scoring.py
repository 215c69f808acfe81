"""Scoring analogous cases, pure: a profile against a candidate territory or project, component by component,
each in [0, 1], each explained in words.

Score = weighted mean of components in [0, 1] (weights in WEIGHTS; a component the data
cannot compute for a candidate is left out and the weights renormalised):
  themes       shared project themes        (coverage of the profile's themes, or Jaccard between territories)
  balises      shared balises evidenced     (idem)
  actors       shared kinds of actors involved (organisation kinds and actor categories; Jaccard)
  size         similar population           1 - |log10(p1 / p2)| / 2, floored at 0
  kind         same kind of territory       1 or 0 (commune, intercommunality, département, région)
  area         same official units          same EPCI 1, same département 0.7, same région 0.4, else 0, divided
                                            by the value of the narrowest level the profile states
  scales       same scales of cooperation   Jaccard of the territorial levels of the actors involved
  distance     close by                     1 - km / 500, floored at 0 (coordinates from GeoNames)
  status       a project's status           1 if among the statuses the profile asks for, else 0
  scale        a project's scale            1 if one of its territories is of the profile's kind, else 0
  documented   a project's evidence         balises its quotes show / WELL_DOCUMENTED, at most 1 (always
                                            counted: of two projects alike, the better documented comes first)
Only the components the profile states count; where the candidate's data is missing (no population, no official
unit, no coordinates), the component scores UNKNOWN = 0.5 and says so.
Each reason keeps the evidence behind it (the quotes showing a shared balise, the projects sharing a theme)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..geo.distance import great_circle_km
from .facts import LEVELS
from .vocabulary import Vocabulary

#: Score of a component the profile asks for but the candidate's data cannot tell (neither for nor against).
UNKNOWN = 0.5


WEIGHTS = {"themes": 0.25, "balises": 0.25, "actors": 0.15, "size": 0.15, "kind": 0.05, "area": 0.05,
           "scales": 0.05, "distance": 0.05, "status": 0.10, "scale": 0.05, "documented": 0.05}

#: A project documented by this many evidenced balises or more scores 1 on `documented`.
WELL_DOCUMENTED = 6

#: The official levels the area compares, narrowest first: (level, value, words).
AREA_LEVELS = (("epci", 1.0, "même intercommunalité"), ("departement", 0.7, "même département"),
               ("region", 0.4, "même région"))

#: Kinds of territory compared as families (an agglomeration community is an intercommunality).
FAMILY = {"Commune": "commune", "Intercommunality": "intercommunalite", "CommunityOfCommunes": "intercommunalite",
          "AgglomerationCommunity": "intercommunalite", "UrbanCommunity": "intercommunalite",
          "Metropolis": "intercommunalite", "Department": "departement", "Region": "region"}
FAMILY_WORDS = {"commune": "commune", "intercommunalite": "intercommunalité", "departement": "département",
                "region": "région"}
SCALE_WORDS = {"commune": "commune", "intercommunalite": "intercommunalité", "pole-metropolitain": "pôle métropolitain",
               "departement": "département", "region": "région", "national": "national"}


@dataclass
class Profile:
    """What a territory looks for: its kind, size, place, themes and balises of interest."""

    kind: str | None = None                 # class name: Commune, Intercommunality, Department...
    population: int | None = None
    official: dict[str, dict[str, str]] = field(default_factory=dict)  # level -> {code: name}: the area compares them
    themes: set[str] = field(default_factory=set)    # theme slugs
    balises: set[str] = field(default_factory=set)   # balise notations (E1 ... V6)
    actor_kinds: set[str] = field(default_factory=set)
    scales: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)  # project statuses asked for (slugs)
    lat: float | None = None
    long: float | None = None
    territory: str | None = None            # the territory of the graph it was read from, if any
    code: str | None = None                 # its official code (INSEE or SIREN), if any
    note: str = ""                          # where the profile comes from, in words


@dataclass
class Reason:
    """One component's score, in French words (`text`, what the CLI prints) and as facts (`facts`: what a page
    words in its own language: `say` names the sentence, the other keys are codes, numbers and names)."""

    component: str
    score: float
    text: str
    evidence: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)


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
    code: str | None = None                             # its official code, if the reference knows it
    official: dict[str, dict[str, str]] = field(default_factory=dict)  # level -> {code: name}, itself included
    lat: float | None = None
    long: float | None = None
    themes: set[str] = field(default_factory=set)                   # themes of its projects
    balises: set[str] = field(default_factory=set)                  # notations of the balises its quotes show
    quotes: dict[str, tuple[str, ...]] = field(default_factory=dict)   # notation -> the quotes to cite (IRIs)
    actor_kinds: set[str] = field(default_factory=set)
    scales: set[str] = field(default_factory=set)


def profile_of(features: TerritoryFeatures) -> Profile:
    return Profile(kind=features.kind, population=features.population,
                   official={k: dict(v) for k, v in features.official.items()}, themes=set(features.themes),
                   balises=set(features.balises), actor_kinds=set(features.actor_kinds), scales=set(features.scales),
                   lat=features.lat, long=features.long, territory=features.iri, code=features.code)


def _overlap(wanted: set[str], have: set[str], jaccard: bool) -> float | None:
    if not wanted:
        return None
    shared = wanted & have
    return len(shared) / len(wanted | have if jaccard else wanted)


def area_match(profile: dict[str, dict[str, str]], cand: dict[str, dict[str, str]]) -> tuple[float, str, list[str]]:
    """(score, words, names) of the narrowest official unit the profile and the candidate share."""
    stated = [(level, value) for level, value, _ in AREA_LEVELS if profile.get(level)]
    top = stated[0][1]
    if not any(cand.get(level) for level, _, _ in AREA_LEVELS):
        return UNKNOWN, "unknown", []
    for level, value, words in AREA_LEVELS:
        shared = set(profile.get(level, {})) & set(cand.get(level, {}))
        if shared:
            return value / top, words, sorted(cand[level][c] for c in shared)
    return 0.0, "none", []


def family(kind: str | None) -> str | None:
    return FAMILY.get(kind or "")


def _components(profile: Profile, cand: TerritoryFeatures) -> dict[str, float]:
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
        out["kind"] = (1.0 if family(profile.kind) == family(cand.kind) else 0.0) if family(cand.kind) else UNKNOWN
    if any(profile.official.get(level) for level, _, _ in AREA_LEVELS):
        out["area"] = area_match(profile.official, cand.official)[0]
    if profile.scales:
        out["scales"] = _overlap(profile.scales, cand.scales, True)
    if profile.lat is not None and profile.long is not None:
        out["distance"] = (max(0.0, 1 - great_circle_km(profile.lat, profile.long, cand.lat, cand.long) / 500)
                           if cand.lat is not None and cand.long is not None else UNKNOWN)
    return out


def _weighted(components: dict[str, float]) -> float:
    total = weighted = 0.0
    for c, s in components.items():
        w = WEIGHTS[c]
        total += w
        weighted += w * s
    return round(weighted / total if total else 0.0, 4)


def _shared(words: str, none: str, group: str, codes, vocab: Vocabulary | None) -> str:
    if not codes:
        return f"{words} : {none}"
    return f"{words} : " + (vocab.labels(group, codes) if vocab else ", ".join(sorted(codes)))


def _codes(say: str, group: str, codes) -> dict:
    """The facts of a reason that lists codes of a vocabulary group (none: an empty list)."""
    return {"say": say, "group": group, "codes": sorted(codes)}


def _explain(component: str, score: float, profile: Profile, cand: TerritoryFeatures, found: dict,
             vocab: Vocabulary | None) -> Reason:
    """One component's score in words and labels, with the evidence `found` behind it (quotes of the shared
    balises, projects of the shared themes)."""
    if component == "themes":
        shared = profile.themes & cand.themes
        return Reason("themes", score, _shared("thèmes partagés", "aucun", "theme", shared, vocab),
                      found.get("themes", []), _codes("shared_themes", "theme", shared))
    if component == "balises":
        shared = profile.balises & cand.balises
        return Reason("balises", score, _shared("balises en commun", "aucune", "balise", shared, vocab),
                      found.get("balises", []), _codes("shared_balises", "balise", shared))
    if component == "actors":
        shared = profile.actor_kinds & cand.actor_kinds
        return Reason("actors", score, _shared("acteurs de même nature", "aucun", "actor", shared, vocab),
                      facts=_codes("same_actors", "actor", shared))
    if component == "size":
        if not cand.population:
            return Reason("size", score, "population inconnue (score neutre)", facts={"say": "size_unknown"})
        return Reason("size", score, f"population {cand.population:,} contre {profile.population:,}".replace(",", " "),
                      facts={"say": "size", "theirs": cand.population, "ours": profile.population})
    if component == "kind":
        theirs = FAMILY_WORDS.get(family(cand.kind) or "", "")
        text = ("nature inconnue (score neutre)" if not theirs else f"même nature de territoire ({theirs})"
                if score else f"nature différente ({theirs})")
        say = "kind_unknown" if not theirs else "kind_same" if score else "kind_different"
        return Reason("kind", score, text, facts={"say": say, "family": family(cand.kind)})
    if component == "area":
        return Reason("area", score, area_words(profile.official, cand), facts=area_facts(profile.official, cand))
    if component == "scales":
        levels = sorted(cand.scales, key=LEVELS.index)
        return Reason("scales", score, "échelles de coopération : "
                      + (", ".join(SCALE_WORDS.get(s, s) for s in levels) or "aucune connue"),
                      facts={"say": "scales", "levels": levels})
    if cand.lat is not None and cand.long is not None:
        km = great_circle_km(profile.lat, profile.long, cand.lat, cand.long)
        return Reason("distance", score, f"à {km:.0f} km", facts={"say": "distance", "km": round(km)})
    return Reason("distance", score, "coordonnées inconnues (score neutre)", facts={"say": "distance_unknown"})


def area_facts(official: dict[str, dict[str, str]], cand: TerritoryFeatures) -> dict:
    """The area's reason as facts: `say` area_unknown, area_none (`where`: the candidate's département and région)
    or area_<level> (`names`: the units shared)."""
    _, words, names = area_match(official, cand.official)
    if words in ("unknown", "none"):
        where = [n for level in ("departement", "region") for n in sorted(cand.official.get(level, {}).values())]
        return {"say": f"area_{words}", "where": where}
    level = next(level for level, _, w in AREA_LEVELS if w == words)
    return {"say": f"area_{level}", "names": names}


def area_words(official: dict[str, dict[str, str]], cand: TerritoryFeatures) -> str:
    _, words, names = area_match(official, cand.official)
    if words == "unknown":
        return "rattachement officiel inconnu : hors de la géographie officielle (score neutre)"
    if words == "none":
        where = " ; ".join(n for level in ("departement", "region") for n in sorted(cand.official.get(level, {}).values()))
        return ("ni même intercommunalité, ni même département, ni même région"
                + (f" (le candidat : {where})" if where else ""))
    return f"{words} ({', '.join(names)})"


def score_territory(profile: Profile, cand: TerritoryFeatures, found: dict | None = None,
                    vocab: Vocabulary | None = None) -> Match:
    """Compare a candidate with the profile, component by component, keeping the reasons (with the evidence
    `found` for it: {"balises": quotes, "themes": projects by theme})."""
    components = _components(profile, cand)
    reasons = [_explain(c, s, profile, cand, found or {}, vocab) for c, s in components.items()]
    return Match(cand.iri, cand.label, _weighted(components), reasons)


def project_components(profile: Profile, entry: dict, families: set[str]) -> dict[str, float]:
    """A project's components: shared themes and balises (coverage of the profile's), kinds of actors involved
    (Jaccard), its status among those asked for, its scale (one of its territories of the profile's kind)."""
    out: dict[str, float] = {}
    for name, wanted, have, jaccard in (("themes", profile.themes, entry["themes"], False),
                                        ("balises", profile.balises, entry["balises"], False),
                                        ("actors", profile.actor_kinds, entry["actors"], True)):
        s = _overlap(wanted, have, jaccard)
        if s is not None:
            out[name] = s
    if profile.statuses:
        out["status"] = 1.0 if profile.statuses & entry["statuses"] else 0.0 if entry["statuses"] else UNKNOWN
    if family(profile.kind):
        out["scale"] = (1.0 if family(profile.kind) in families else 0.0) if families else UNKNOWN
    out["documented"] = min(1.0, len(entry["balises"]) / WELL_DOCUMENTED)
    return out


def explain_project(component: str, score: float, profile: Profile, entry: dict, families: set[str],
                    vocab: Vocabulary | None, quotes: list[dict]) -> Reason:
    if component == "themes":
        shared = profile.themes & entry["themes"]
        return Reason("themes", score, _shared("thèmes", "aucun", "theme", shared, vocab),
                      facts=_codes("project_themes", "theme", shared))
    if component == "balises":
        shared = profile.balises & entry["balises"]
        return Reason("balises", score, _shared("balises", "aucune", "balise", shared, vocab), quotes,
                      _codes("project_balises", "balise", shared))
    if component == "actors":
        shared = profile.actor_kinds & entry["actors"]
        return Reason("actors", score, _shared("acteurs de même nature", "aucun", "actor", shared, vocab),
                      facts=_codes("same_actors", "actor", shared))
    if component == "status":
        return Reason("status", score, _shared("statut", "inconnu du corpus (score neutre)", "status",
                                               entry["statuses"], vocab),
                      facts=_codes("status", "status", entry["statuses"]))
    if component == "documented":
        n = len(entry["balises"])
        return Reason("documented", score, f"documenté : {n} balise{'s' if n > 1 else ''} illustrée{'s' if n > 1 else ''} "
                      "par ses citations" if n else "aucune balise illustrée par ses citations",
                      facts={"say": "documented" if n else "documented_none", "n": n})
    scales = ", ".join(sorted(FAMILY_WORDS[f] for f in families)) or "inconnue (score neutre)"
    return Reason("scale", score, f"échelle du projet : {scales}", facts={"say": "scale", "families": sorted(families)})


__all__ = ["AREA_LEVELS", "FAMILY", "UNKNOWN", "WEIGHTS", "Match", "Profile", "Reason", "TerritoryFeatures",
           "area_match", "explain_project", "profile_of", "project_components", "score_territory"]
