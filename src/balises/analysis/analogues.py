"""Analogous cases: the territories and projects most like a profile (profiles.py: a territory of the graph, any
French territory by name or code, or typed values), ranked (every candidate scored in numbers, scoring.py), the
best ones explained in words with their evidence (evidence.py)."""

from __future__ import annotations

import heapq

from ..query.library import read
from ..store import GraphStore
from .evidence import cited, evidence, theme_projects
from .features import project_features, territory_features
from .profiles import profile_for
from .scoring import (
    Match,
    Profile,
    _components,
    _weighted,
    explain_project,
    family,
    project_components,
    score_territory,
)
from .vocabulary import vocabulary


def _related(profile: Profile, cand, source) -> bool:
    """The profile's own territory, a wider territory of it, or one of its parts."""
    if cand.iri == profile.territory or (source and (cand.iri in source.parents or source.iri in cand.parents)):
        return True
    if profile.code and not profile.territory:  # a territory of the official geography the graph does not describe
        own = {c for units in profile.official.values() for c in units}
        theirs = {c for units in cand.official.values() for c in units}
        return (cand.code is not None and cand.code in own) or profile.code in theirs
    return False


def analogues(store: GraphStore, profile: Profile, top: int = 10) -> list[Match]:
    """Territories ranked by similarity to the profile (the profile's own territory and those around it excluded)."""
    feats = territory_features(store)
    source = feats.get(profile.territory) if profile.territory else None
    scored = []
    for cand in feats.values():
        if _related(profile, cand, source):
            continue
        if not (cand.themes or cand.balises):
            continue  # nothing to compare but size and place
        scored.append((-_weighted(_components(profile, cand)), cand.label, cand.iri))
    # every candidate scored in numbers; only the best ones explained in words
    best = [feats[iri] for _, _, iri in sorted(scored)[:top]]
    vocab = vocabulary(store)
    quotes = evidence(store, {c.iri: {b: c.quotes[b] for b in profile.balises & c.balises} for c in best})
    projects = theme_projects(store, {c.iri: sorted(profile.themes & c.themes) for c in best})
    for found in projects.values():
        for entry in found:
            entry["label"] = vocab.label("theme", entry["theme"])
    return [score_territory(profile, c, {"balises": quotes.get(c.iri, []), "themes": projects.get(c.iri, [])}, vocab)
            for c in best]


def analogous_projects(store: GraphStore, profile: Profile, top: int = 10) -> list[Match]:
    """Projects whose themes, evidenced balises, actors, status and scale meet the profile's interests."""
    projects = project_features(store)
    kinds = {iri: family(t.kind) for iri, t in territory_features(store).items()}
    scored = []
    for iri, entry in projects.items():
        if profile.territory in entry["territories"]:
            continue  # one of the profile's own projects
        if not (profile.themes & entry["themes"] or profile.balises & entry["balises"]):
            continue  # nothing shared of what the profile looks for
        families = {kinds[t] for t in entry["territories"] if kinds.get(t)}
        # every project scored in numbers (25 000 projects at ~2M triples), the best explained
        scored.append((-_weighted(project_components(profile, entry, families)), entry["label"], iri))
    best = heapq.nsmallest(top, scored)
    vocab = vocabulary(store)
    quotes = evidence(store, cited(store, read("analogues-project-quotes"), "p",
                                   {iri: profile.balises & projects[iri]["balises"] for _, _, iri in best}))
    matches = []
    for minus, name, iri in best:
        entry = projects[iri]
        families = {kinds[t] for t in entry["territories"] if kinds.get(t)}
        reasons = [explain_project(c, s, profile, entry, families, vocab, quotes.get(iri, []))
                   for c, s in project_components(profile, entry, families).items()]
        matches.append(Match(iri, name, -minus, reasons, kind="projet"))
    return matches


__all__ = ["analogous_projects", "analogues", "profile_for", "territory_features"]
