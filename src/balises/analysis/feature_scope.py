"""Which records of the analogues' features (analysis/features.py) a change can alter, told from the rows of the
tables they read that an incremental build updated (pipeline/retable.py): the territories and projects whose
records are computed again, rather than the whole network's (a new sheet names a handful of them; computing the
~33 000 records of a national graph again took 3.5 s).

A territory's record reads the rows of its own key in the territory-keyed tables, and the involvements of the
actors in its projects, with these actors' kinds, categories and the levels of the territories they act in (their
own and their organisations'); a project's record reads its own rows and its actors' kinds and categories. So a
changed actor alters the projects it is involved in (before the change or after it), a changed organisation its
members, a territory whose level changed the actors acting there, and a changed project the territories it is in
(before or after).
"""

from __future__ import annotations

from typing import Mapping

from ..query.cache import run_fixed
from ..query.library import read
from ..store import GraphStore
from .features import network_facts

#: The tables the features read, by what their key names.
TERRITORY_KEYED = ("analogues-territories", "analogues-parents", "analogues-official", "analogues-themes",
                   "analogues-balises", "facts-territories")
PROJECT_KEYED = ("analogues-projects", "facts-projects")
ACTOR_KEYED = ("facts-actors", "facts-actor-links", "facts-involvements")
#: The computed tables, by what their rows are of.
TERRITORY_FEATURES, PROJECT_FEATURES = "analogues-territory-features", "analogues-project-features"


def feature_scope(store: GraphStore, former: GraphStore, changed: Mapping[str, set[str]]) -> dict[str, set[str]] | None:
    """The IRIs whose records each computed table must compute again, given the key values (IRIs) of the rows
    changed in each table the features read (`changed`, by table); None when a changed table is not one of those
    (compute them whole). `store` is the new store, `former` the one before the change."""
    if set(changed) - {*TERRITORY_KEYED, *PROJECT_KEYED, *ACTOR_KEYED}:
        return None
    of = lambda names: set().union(*(changed.get(name, ()) for name in names))  # noqa: E731
    territories, projects, actors = of(TERRITORY_KEYED), of(PROJECT_KEYED), of(ACTOR_KEYED)
    now = network_facts(store)
    levelled = changed.get("facts-territories", set())
    actors |= {iri for iri, actor in now.actors.items()
               if actor.organisations & actors or actor.territories & levelled}
    # the projects of these actors, before and after; then the territories of the projects, before and after
    projects |= {p for a, p, _ in now.involvements if a in actors}
    projects |= {p for a, p, _ in run_fixed(former, read("facts-involvements")) if a in actors}
    territories |= {t for p in projects if p in now.projects for t in now.projects[p].territories}
    territories |= {t for p, _, t, _, _ in run_fixed(former, read("facts-projects")) if p in projects}
    return {TERRITORY_FEATURES: territories, PROJECT_FEATURES: projects}


__all__ = ["feature_scope"]
