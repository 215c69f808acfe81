"""What the graph already holds, for linking a sheet's entities: the kinds a sheet names and the classes of
each, and the existing entities by kind, name and GeoNames id."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ...pipeline.load import LoadedGraph, load
from ...rdf.folding import fold_name
from ...rdf.namespaces import (
    ACT,
    BAL,
    CIT,
    COG,
    DOC,
    EVT,
    FIG,
    GN,
    IMP,
    OA,
    OFFRE,
    PRJ,
    ROLE,
    SAUT,
    SCHEMA,
    TER,
    bind_prefixes,
    shorten,
)
from ...settings import Settings
from ..vocab import TERRITORY_KINDS

TERRITORY_CLASSES = {cls for cls, _, _ in TERRITORY_KINDS} | {BAL.Territory}

#: The kinds of things a sheet names, and the classes that make an IRI of each kind.
KIND_CLASSES: dict[str, set[URIRef]] = {
    "territoire": TERRITORY_CLASSES,
    "organisation": {BAL.Organisation},
    "personne": {BAL.Person},
    "programme": {BAL.Programme, BAL.Event, SCHEMA.Event, SCHEMA.EventSeries},
    "projet": {BAL.Project},
    "saut": {BAL.SystemicLeap},
    "offre": {BAL.SupportOffer},
    "liste d'offres": {SKOS.ConceptScheme},
    "citation": {BAL.Evidence},
    "fonction": {BAL.Role},
    "implication": {BAL.Involvement},
    "document": {BAL.SourceDocument},
    "chiffre": {BAL.Observation},
}
KIND_EN = {"territoire": "territory", "organisation": "organisation", "personne": "person",
           "programme": "programme or event", "projet": "project", "saut": "systemic leap", "offre": "support offer",
           "liste d'offres": "list of offers", "citation": "quote", "fonction": "role", "implication": "involvement",
           "document": "source document", "acteur": "actor", "chiffre": "figure"}
#: A reference to an « acteur » may name an organisation or a person.
REF_KINDS = {"acteur": ("organisation", "personne")}
#: Kinds that several documents share: a sheet entity of these kinds is linked to the graph by name.
SHARED = ("territoire", "organisation", "personne", "programme")
NAMESPACE = {"territoire": TER, "organisation": ACT, "personne": ACT, "programme": EVT, "projet": PRJ,
             "saut": SAUT, "offre": OFFRE, "liste d'offres": OFFRE, "citation": CIT, "fonction": ROLE,
             "implication": IMP, "document": DOC, "chiffre": FIG}
_ARTICLES = ("la ", "le ", "les ", "l ")


def _kinds(names) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        out.extend(REF_KINDS.get(n, (n,)))
    return tuple(out)


def _kind_names(kinds, en=False) -> str:
    return " ou ".join(kinds) if not en else " or ".join(KIND_EN.get(k, k) for k in kinds)


def _name_keys(text: str) -> set[str]:
    key = fold_name(text)
    keys = {key}
    for article in _ARTICLES:
        if key.startswith(article):
            keys.add(key[len(article):])
    return keys


# --------------------------------------------------------------------------------------------
# What the graph already holds
# --------------------------------------------------------------------------------------------


class Index:
    """The existing graph's entities by kind, name and GeoNames id, for linking and for questions."""

    def __init__(self, graph: Graph, loaded: LoadedGraph | None = None, home: Path | None = None,
                 reference_file: Path | None = None):
        self.graph = graph
        self.loaded = loaded
        self.home = home
        self.reference_file = reference_file  # the official geography, for the sheet's official links
        self.kinds: dict[URIRef, set[str]] = {}
        self.by_name: dict[str, dict[str, set[URIRef]]] = {k: {} for k in KIND_CLASSES}
        self.geonames: dict[str, URIRef] = {}
        class_kind = {cls: kind for kind, classes in KIND_CLASSES.items() for cls in classes}
        for s, _, cls in graph.triples((None, RDF.type, None)):
            kind = class_kind.get(cls)
            # a unit of the official geography the data does not name (cog:) is no entity of the data: a sheet
            # that names it writes its own, which the build then links to the unit
            if kind and isinstance(s, URIRef) and not str(s).startswith(str(COG)):
                self.kinds.setdefault(s, set()).add(kind)
        for s, kinds in self.kinds.items():
            names = [o for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel) for o in graph.objects(s, p)]
            for kind in kinds:
                for name in names:
                    for key in _name_keys(str(name)):
                        self.by_name[kind].setdefault(key, set()).add(s)
        for territory, record in graph.subject_objects(BAL.geoRecord):
            gid = graph.value(record, GN.geonamesID)
            if gid is not None:
                self.geonames[str(gid)] = territory
        self.quotes: dict[tuple[str, str], URIRef] = {}
        for evidence, target in graph.subject_objects(OA.hasTarget):
            source = graph.value(target, OA.hasSource)
            exact = graph.value(graph.value(target, OA.hasSelector), OA.exact)
            if source is not None and exact is not None:
                self.quotes[(str(source), " ".join(str(exact).split()))] = evidence
        for territory, same in graph.subject_objects(OWL.sameAs):
            if str(same).startswith("https://sws.geonames.org/") and territory in self.kinds:
                self.geonames.setdefault(str(same).rstrip("/").rsplit("/", 1)[-1], territory)

    @classmethod
    def of_home(cls, settings: Settings, exclude: Path | None = None) -> "Index":
        loaded = load(settings)
        graph = loaded.union
        if exclude is not None and exclude.exists():
            graph = Graph()
            bind_prefixes(graph)
            for f in loaded.files:
                if f.path.resolve() != exclude.resolve():
                    graph += loaded.graphs[f.graph_iri]
        return cls(graph, loaded, settings.home, settings.reference_file)

    def label(self, iri: URIRef) -> str | None:
        labels = list(self.graph.objects(iri, RDFS.label))
        for lbl in labels:
            if getattr(lbl, "language", None) == "fr":
                return str(lbl)
        return str(labels[0]) if labels else None

    def find(self, kinds, name: str) -> set[URIRef]:
        out: set[URIRef] = set()
        for kind in kinds:
            for key in _name_keys(name):
                out |= self.by_name.get(kind, {}).get(key, set())
        return out

    def names(self, kinds) -> dict[str, URIRef]:
        return {self.label(iri) or shorten(str(iri)): iri for kind in kinds
                for iris in self.by_name.get(kind, {}).values() for iri in iris}

    def describe(self, iri: URIRef) -> str:
        """`ter:lille (« Lille », commune, data/003-….ttl)` for questions back to the curator."""
        kinds = ", ".join(sorted(self._class_names(iri)))
        where = ""
        if self.loaded is not None:
            path = self.loaded.file_of(iri)
            if path is not None:
                try:
                    where = ", " + str(path.relative_to(self.home)) if self.home else f", {path}"
                except ValueError:
                    where = f", {path}"
        return f"{shorten(str(iri))} (« {self.label(iri)} », {kinds}{where})"

    def _class_names(self, iri) -> set[str]:
        names = {cls: shown for cls, shown, _ in TERRITORY_KINDS}
        out = set()
        for cls in self.graph.objects(iri, RDF.type):
            out.add(names.get(cls) or shorten(str(cls)))
        return out
