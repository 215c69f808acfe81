"""What the scoring compares, read from the store: every territory's features (kind, population, wider
territories, coordinates, themes, balises with the quotes a match cites, kinds and scales of the actors involved)
and every project's; the build computes them into tables of their own (COMPUTED), read back whole."""

from __future__ import annotations

from dataclasses import fields

from ..query.cache import per_store, run_fixed
from ..query.library import read
from ..query.tables import read_computed
from ..store import GraphStore
from .facts import local_name, read_network
from .scoring import TerritoryFeatures

#: The network's facts of the whole graph, read once per store for both feature tables (and what a change
#: alters of them: analysis/feature_scope.py).
network_facts = per_store(read_network)


@per_store
def territory_features(store: GraphStore) -> dict[str, TerritoryFeatures]:
    """Everything the scoring compares, for every territory of the graph (read once per store; do not mutate):
    the build's computed table when the store has it, else computed from the reads."""
    stored = read_computed(store, "analogues-territory-features", COMPUTED["analogues-territory-features"][0])
    if stored is None:
        return compute_territory_features(store)
    return {iri: _territory_from(iri, record) for iri, record in stored}


def compute_territory_features(store: GraphStore, only: set[str] | None = None) -> dict[str, TerritoryFeatures]:
    """The territories' features from the fixed reads and the network's facts (of the territories `only`, when
    given: IRIs)."""
    feats: dict[str, TerritoryFeatures] = {}
    for t, label, kind, pop, lat, long in run_fixed(store, read("analogues-territories")):
        if only is not None and t not in only:
            continue
        feats[str(t)] = TerritoryFeatures(
            str(t), str(label), kind=local_name(kind) if kind else None,
            population=int(float(pop)) if pop is not None else None,
            lat=float(lat) if lat is not None else None, long=float(long) if long is not None else None)
    for t, a, _ in run_fixed(store, read("analogues-parents")):
        if str(t) in feats:
            feats[str(t)].parents.add(str(a))
    # the units of the official geography it is or is part of (the reference graph): the area compares them
    for t, level, code, label, itself in run_fixed(store, read("analogues-official")):
        if str(t) in feats:
            feats[str(t)].official.setdefault(str(level), {})[str(code)] = str(label)
            if str(itself) == "true":
                feats[str(t)].code = str(code)
    # A territory's own record: its projects, the quotes about it or them, the actors involved there.
    for t, theme in run_fixed(store, read("analogues-themes")):
        if t in feats:
            feats[t].themes.add(local_name(theme))
    for t, notation, first, last in run_fixed(store, read("analogues-balises")):
        if t in feats:
            feats[t].balises.add(notation)
            feats[t].quotes[notation] = tuple(dict.fromkeys((first, last)))
    # the kinds and scales of the actors involved, as the network reads them; a project in several territories
    # counts for each of them
    facts = network_facts(store)
    for actor, project, _ in facts.involvements:
        for where in facts.projects[project].territories:
            if where in feats:
                a = facts.actors[actor]
                feats[where].actor_kinds |= a.kinds | a.categories
                feats[where].scales |= a.levels
    return dict(sorted(feats.items()))  # by IRI, as the build's table keeps them


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


_PROJECT_SETS = ("territories", "themes", "balises", "statuses", "actors")


def _project_from(record: dict) -> dict:
    return {"label": record["label"], **{k: set(record[k]) for k in _PROJECT_SETS}}


#: The features computed by the build into tables of their own (materialised.compute_tables), read back by
#: `territory_features` and `project_features`: by name, (layout, rows of the table: of every territory or project,
#: or of the IRIs `only`, when given). Change the layout when what a record holds or how it is computed changes
#: (a store with another layout is rebuilt).
COMPUTED = {
    "analogues-territory-features": (
        "v4 " + " ".join(f.name for f in fields(TerritoryFeatures)) + "; actor kinds and scales from every project "
        "of the territory; official units from the reference graph",
        lambda store, only=None: ((iri, _territory_record(t))
                                  for iri, t in compute_territory_features(store, only).items())),
    "analogues-project-features": (
        "v3 label territories themes balises statuses actors",
        lambda store, only=None: ((iri, _record(entry))
                                  for iri, entry in compute_project_features(store, only).items())),
}


@per_store
def project_features(store: GraphStore) -> dict[str, dict]:
    """Every project's label, territories, themes and evidenced balises (read once per store): the build's
    computed table when the store has it, else computed from the reads."""
    stored = read_computed(store, "analogues-project-features", COMPUTED["analogues-project-features"][0])
    if stored is None:
        return compute_project_features(store)
    return {iri: _project_from(record) for iri, record in stored}


def compute_project_features(store: GraphStore, only: set[str] | None = None) -> dict[str, dict]:
    """The projects' features from the fixed reads (of the projects `only`, when given: IRIs)."""
    projects: dict[str, dict] = {}
    for p, label, territories, themes, notations, statuses in run_fixed(store, read("analogues-projects")):
        if only is not None and p not in only:
            continue
        projects[p] = {"label": label, "territories": set((territories or "").split()),
                       "themes": {local_name(t) for t in (themes or "").split()}, "balises": set((notations or "").split()),
                       "statuses": {local_name(s) for s in (statuses or "").split()}, "actors": set()}
    # the kinds and categories of the actors involved, as the network reads them
    facts = network_facts(store)
    for actor, project, _ in facts.involvements:
        if project in projects:
            a = facts.actors[actor]
            projects[project]["actors"] |= a.kinds | a.categories
    return dict(sorted(projects.items()))  # by IRI, as the build's table keeps them
