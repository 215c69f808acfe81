"""What the analysis reads from the store: actors, projects, involvements and territories, as plain records."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import shorten
from ..materialised import run_fixed
from ..store import GraphStore

#: Territorial levels, from the most local to the national one.
LEVELS = ["commune", "intercommunalite", "pole-metropolitain", "departement", "region", "national"]
LEVEL_OF_CLASS = {
    "Commune": "commune", "Intercommunality": "intercommunalite", "CommunityOfCommunes": "intercommunalite",
    "AgglomerationCommunity": "intercommunalite", "UrbanCommunity": "intercommunalite",
    "Metropolis": "intercommunalite", "MetropolitanPole": "pole-metropolitain", "Department": "departement",
    "Region": "region", "Country": "national",
}
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
    territory: str
    status: str | None
    themes: set[str] = field(default_factory=set)


@dataclass
class Facts:
    actors: dict[str, Actor]
    projects: dict[str, Project]
    involvements: list[tuple[str, str, str]]  # (actor, project, role slug)
    territory_labels: dict[str, str]
    territory_levels: dict[str, str]
    territory_programmes: dict[str, set[str]] = field(default_factory=dict)
    territory_balises: dict[str, set[str]] = field(default_factory=dict)


def _slug(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


#: The reads of `read_facts`, by name (materialised by the build, see materialised.py).
READS = {
    "facts-territories": """
        SELECT ?t ?label ?class WHERE { ?t a bal:Territory ; rdfs:label ?label . FILTER(LANG(?label) = "fr")
          OPTIONAL { ?t a ?class . ?class rdfs:subClassOf+ bal:Territory } }""",
    "facts-actors": """
        SELECT ?a ?label (EXISTS { ?a a bal:Person } AS ?person) WHERE {
          ?a a bal:Actor ; rdfs:label ?label . FILTER(LANG(?label) = "fr") }""",
    "facts-actor-links": """
        SELECT ?a ?p ?o WHERE {
          ?a a bal:Actor .
          { ?a bal:organisationKind ?o BIND("kind" AS ?p) }
          UNION { ?a bal:actorCategory ?o BIND("category" AS ?p) }
          UNION { ?r org:member ?a ; bal:actorCategory ?o BIND("category" AS ?p) }
          UNION { ?a bal:actsIn ?o BIND("territory" AS ?p) }
          UNION { ?r org:member ?a ; bal:roleTerritory ?o BIND("territory" AS ?p) }
          UNION { ?r org:member ?a ; org:organization ?o BIND("organisation" AS ?p) }
        }""",
    "facts-projects": """
        SELECT ?p ?label ?t ?status ?theme WHERE {
          ?p a bal:Project ; rdfs:label ?label ; bal:territory ?t . FILTER(LANG(?label) = "fr")
          OPTIONAL { ?p bal:status ?status } OPTIONAL { ?p bal:theme ?theme } }""",
    "facts-involvements": """
        SELECT ?a ?p ?r WHERE { ?i bal:involvedActor ?a ; bal:involvedIn ?p . OPTIONAL { ?i bal:involvementRole ?r } }""",
    "facts-programmes": """
        SELECT DISTINCT ?t ?programme WHERE {
          { ?event bal:participatingTerritory ?t } UNION { ?t bal:programme ?event }
          ?event schema:superEvent* ?programme . ?programme a bal:Programme }""",
    "facts-balises": """
        SELECT DISTINCT ?t ?notation WHERE {
          ?e bal:illustrates ?b . ?b a bal:Balise ; skos:notation ?notation .
          { ?e bal:about ?t } UNION { ?e bal:about ?x . ?x bal:territory ?t }
          ?t a bal:Territory }""",
}


def read_facts(store: GraphStore) -> Facts:
    """Read everything the network and analogues need, in a handful of queries."""
    territories = run_fixed(store, READS["facts-territories"])
    labels, levels = {}, {}
    for t, label, cls in territories:
        labels[str(t)] = str(label)
        level = LEVEL_OF_CLASS.get(_slug(cls)) if cls is not None else None
        if level:  # named areas (bassin minier...) have no administrative level
            levels[str(t)] = level
    actors: dict[str, Actor] = {}
    for a, label, person in run_fixed(store, READS["facts-actors"]):
        actors[str(a)] = Actor(str(a), str(label), str(person) == "true")
    for a, p, o in run_fixed(store, READS["facts-actor-links"]):
        actor = actors.get(str(a))
        if actor is None:
            continue
        if str(p) == "kind":
            actor.kinds.add(_slug(o))
        elif str(p) == "category":
            actor.categories.add(_slug(o))
        elif str(p) == "territory":
            actor.territories.add(str(o))
        else:
            actor.organisations.add(str(o))
    for actor in actors.values():
        for org in actor.organisations:
            if org in actors:
                actor.territories |= actors[org].territories
        actor.levels = {levels[t] for t in actor.territories if t in levels}
        if "etat-agence" in actor.kinds:
            actor.levels.add("national")
    projects: dict[str, Project] = {}
    for p, label, t, status, theme in run_fixed(store, READS["facts-projects"]):
        project = projects.setdefault(str(p), Project(str(p), str(label), str(t), _slug(status) if status else None))
        if theme is not None:
            project.themes.add(_slug(theme))
    involvements = [(str(a), str(p), _slug(r) if r is not None else "") for a, p, r in run_fixed(store, READS["facts-involvements"])
        if str(a) in actors and str(p) in projects]
    programmes: dict[str, set[str]] = {}
    for t, programme in run_fixed(store, READS["facts-programmes"]):
        programmes.setdefault(str(t), set()).add(str(programme))
    balises: dict[str, set[str]] = {}
    for t, notation in run_fixed(store, READS["facts-balises"]):
        balises.setdefault(str(t), set()).add(str(notation))
    return Facts(actors, projects, involvements, labels, levels, programmes, balises)
