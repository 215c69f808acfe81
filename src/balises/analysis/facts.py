"""What the analysis reads from the store: actors, projects, involvements and territories, as plain records."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from ..query.cache import answer, run_fixed
from ..query.library import read
from ..query.run import rows_for, run_sparql
from ..rdf.namespaces import VOC, shorten
from ..store import GraphStore

#: Territorial levels, from the most local to the national one.
LEVELS = ["commune", "intercommunalite", "pole-metropolitain", "departement", "region", "national"]
LEVEL_OF_CLASS = {
    "Commune": "commune", "Intercommunality": "intercommunalite", "CommunityOfCommunes": "intercommunalite",
    "AgglomerationCommunity": "intercommunalite", "UrbanCommunity": "intercommunalite",
    "Metropolis": "intercommunalite", "MetropolitanPole": "pole-metropolitain", "Department": "departement",
    "Region": "region", "Country": "national",
}
#: The class that names each level: its labels are the level's name in each language.
LEVEL_CLASS = {"commune": "Commune", "intercommunalite": "Intercommunality", "pole-metropolitain": "MetropolitanPole",
               "departement": "Department", "region": "Region", "national": "Country"}
PUBLIC_KINDS = {"collectivite", "etat-agence", "etablissement-public"}


@dataclass
class Actor:
    iri: str
    label: str
    is_person: bool
    kinds: set[str] = field(default_factory=set)          # organisation kinds (voc slugs)
    categories: set[str] = field(default_factory=set)     # actor categories (ref slugs)
    territories: set[str] = field(default_factory=set)    # where it acts / holds a role / administers
    levels: set[str] = field(default_factory=set)         # territorial levels of those territories
    organisations: set[str] = field(default_factory=set)  # organisations it holds a role in

    @property
    def public(self) -> bool:
        """Part of a public body: a collectivité or State body, its élus and services."""
        return bool(self.kinds & PUBLIC_KINDS) or bool(self.categories & {"elus", "services"})

    @property
    def short(self) -> str:
        return shorten(self.iri)


@dataclass
class Project:
    iri: str
    label: str
    territory: str                       # its first territory by IRI (where the network places it)
    status: str | None
    themes: set[str] = field(default_factory=set)
    territories: set[str] = field(default_factory=set)  # every territory it is in (what a territory filter looks at)


@dataclass
class Facts:
    actors: dict[str, Actor]
    projects: dict[str, Project]
    involvements: list[tuple[str, str, str]]  # (actor, project, role slug)
    territory_labels: dict[str, str]
    territory_levels: dict[str, str]
    territory_programmes: dict[str, set[str]] = field(default_factory=dict)
    territory_balises: dict[str, set[str]] = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)  # a vocabulary's few IRIs, met ~10^5 times over a national graph's facts
def local_name(iri) -> str:
    """The last segment of an IRI (a class's, a kind's, a theme's or a status's slug)."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


#: The reads of the whole graph (query/reads/facts-*.rq, materialised by the build), by part.
_PARTS = ("territories", "actors", "actor-links", "projects", "involvements", "programmes", "balises")
#: Those the analogues' features read: who is involved in which territory's projects, of what kind and scale.
NETWORK_PARTS = ("territories", "actors", "actor-links", "projects", "involvements")


def read_network(store: GraphStore) -> Facts:
    """The facts of the whole graph but the territories' programmes and balises (NETWORK_PARTS)."""
    return _assemble({name: run_fixed(store, read(f"facts-{name}")) if name in NETWORK_PARTS else []
                      for name in _PARTS})


def read_facts(store: GraphStore, territory: str | None = None, status: str | None = None) -> Facts:
    """Everything the network and analogues need, in a handful of queries. With a territory (IRI) and/or a status
    (slug, e.g. reussi), only that slice of the graph is read: what `filter_facts` keeps of the whole, read
    without reading the whole."""
    if territory is None and status is None:
        return _assemble({name: run_fixed(store, read(f"facts-{name}")) for name in _PARTS})
    bound = {"territory": URIRef(territory)} if territory else {}
    if status:
        bound["status"] = VOC[status]
    projects = _rows(store, read("facts-slice-projects-of-status" if status else "facts-slice-projects"), bound)
    involvements = _rows_for(store, read("facts-involvements"), "p", {r[0] for r in projects})
    wanted = {r[0] for r in involvements}
    if territory:
        wanted |= {r[0] for r in _rows(store, read("facts-slice-actors-in"), {"territory": URIRef(territory)})}
    links = _rows_for(store, read("facts-actor-links"), "a", wanted)
    organisations = {o for _, p, o in links if p == "organisation"} - wanted
    links += _rows_for(store, read("facts-actor-links"), "a", organisations)  # their territories: their members'
    places = {r[2] for r in projects} | {o for _, p, o in links if p == "territory"}
    facts = _assemble({"territories": _rows_for(store, read("facts-territories"), "t", places),
                       "actors": _rows_for(store, read("facts-actors"), "a", wanted | organisations),
                       "actor-links": links, "projects": projects, "involvements": involvements,
                       "programmes": _rows_for(store, read("facts-programmes"), "t", places),
                       "balises": _rows_for(store, read("facts-balises"), "t", places)})
    return filter_facts(facts, territory, status)



def _rows(store: GraphStore, text: str, bound: dict) -> list[tuple]:
    return run_sparql(store, text, bound).plain_rows()


def _rows_for(store: GraphStore, text: str, name: str, iris: set[str]) -> list[tuple]:
    """A read for these IRIs only (bound to ?name)."""
    return rows_for(store, text, name, sorted(iris))[1]


def count_involved(store: GraphStore, territory: str | None = None, status: str | None = None) -> int:
    """How many actors the projects of the territory and/or status involve (every project's without a filter)."""
    bound = {"territory": URIRef(territory)} if territory else {}
    if status:
        bound["status"] = VOC[status]
    rows = answer(store, read("facts-involved-of-status" if status else "facts-involved"), bound).plain_rows()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def network_options(store: GraphStore) -> tuple[list[str], list[str]]:
    """The territories (IRIs) and statuses (slugs) of the projects, for the network's filters."""
    rows = run_fixed(store, read("facts-options"))
    return sorted({t for t, _ in rows}), sorted({local_name(s) for _, s in rows if s})


def _assemble(parts: dict[str, list[tuple]]) -> Facts:
    """Facts from the rows of the reads (plain strings): an actor's territories are its own and those of the
    organisations it holds a role in."""
    labels, levels = {}, {}
    for t, label, cls in parts["territories"]:
        labels[t] = label
        level = LEVEL_OF_CLASS.get(local_name(cls)) if cls is not None else None
        if level:  # named areas (bassin minier...) have no administrative level
            levels[t] = level
    actors: dict[str, Actor] = {}
    for a, label, person in parts["actors"]:
        actors[a] = Actor(a, label, person == "true")
    for a, p, o in parts["actor-links"]:
        actor = actors.get(a)
        if actor is None:
            continue
        if p == "kind":
            actor.kinds.add(local_name(o))
        elif p == "category":
            actor.categories.add(local_name(o))
        elif p == "territory":
            actor.territories.add(o)
        else:
            actor.organisations.add(o)
    own = {o: set(actors[o].territories) for o in {o for a in actors.values() for o in a.organisations} if o in actors}
    for actor in actors.values():
        for org in actor.organisations:
            actor.territories |= own.get(org, set())
        actor.levels = {levels[t] for t in actor.territories if t in levels}
        if "etat-agence" in actor.kinds:
            actor.levels.add("national")
    projects: dict[str, Project] = {}
    for p, label, t, status, theme in parts["projects"]:
        project = projects.get(p)
        if project is None:
            project = projects[p] = Project(p, label, t, local_name(status) if status else None)
        project.territories.add(t)
        project.territory = min(project.territory, t)
        if theme is not None:
            project.themes.add(local_name(theme))
    involvements = sorted({(a, p, local_name(r) if r is not None else "") for a, p, r in parts["involvements"]
                           if a in actors and p in projects})  # in one order whatever the store's
    programmes: dict[str, set[str]] = {}
    for t, programme in parts["programmes"]:
        programmes.setdefault(t, set()).add(programme)
    balises: dict[str, set[str]] = {}
    for t, notation in parts["balises"]:
        balises.setdefault(t, set()).add(notation)
    return Facts(actors, projects, involvements, labels, levels, programmes, balises)


def filter_facts(facts: Facts, territory: str | None = None, status: str | None = None) -> Facts:
    """The facts restricted to the projects of a territory and/or of a status (slug, e.g. reussi), and to the
    actors involved in them or acting in that territory (without a filter, every actor)."""
    if territory is None and status is None:
        return facts
    projects = {iri: p for iri, p in facts.projects.items()
                if (territory is None or territory in p.territories) and (status is None or p.status == status)}
    involvements = [i for i in facts.involvements if i[1] in projects]
    involved = {a for a, _, _ in involvements}
    actors = {iri: a for iri, a in facts.actors.items()
              if iri in involved or (territory is not None and territory in a.territories)}
    places = {t for p in projects.values() for t in p.territories} | {t for a in actors.values() for t in a.territories}
    return replace(facts, actors=actors, projects=projects, involvements=involvements,
                   territory_programmes={t: v for t, v in facts.territory_programmes.items() if t in places},
                   territory_balises={t: v for t, v in facts.territory_balises.items() if t in places})
