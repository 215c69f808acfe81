"""Who is who in a sheet: each entity's IRI (its id, the graph's entity of that name, or a new slug),
and the references between entities (« fait partie de: Nord », « acteur: Ville de Lomme ») resolved to the sheet's
own entities first, then to the graph's; a name that designates several things is a problem listing them."""

from __future__ import annotations

import difflib

from rdflib import URIRef
from rdflib.namespace import RDF

from ...rdf.namespaces import BASE, expand, shorten
from ...rdf.wellformed import iri_problem
from ..vocab import slug
from .index import (
    KIND_EN,
    NAMESPACE,
    SHARED,
    _kind_names,
    _kinds,
    _name_keys,
)
from .records import Entity


class Identities:
    """The naming side of the Builder: registering entities, assigning IRIs, resolving references."""

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
            elif linked and kind in ("citation", "chiffre"):
                what, what_en = ("la citation", "quote") if kind == "citation" else ("le chiffre", "figure")
                self.problem(f"{path}.id", f"{what} {shorten(str(iri))} existe déjà ({index.describe(iri)}) : "
                             "donnez un autre id",
                             f"{what_en} {shorten(str(iri))} already exists ({index.describe(iri)}): give another id")
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
        self.declare_attached(data, projects)

    def declare_attached(self, data: dict, projects: list) -> None:
        """Roles, involvements, quotes and figures: named after what they hang from."""
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
        for i, rec in enumerate(data.get("chiffres") or [], 1):
            about = slug(str(rec.get("à propos de") or self.main_slug).split(":")[-1], 40)
            measured = str(rec.get("indicateur") or "chiffre").rsplit("/", 1)[-1]
            default = f"{self.doc_prefix}-{about}-{measured}"
            taken = {str(e.iri) for e in self.entities}
            n = 2
            while str(self.iri_from_id(default, "chiffre")) in taken:  # two figures of one subject and indicator
                default, n = f"{self.doc_prefix}-{about}-{measured}-{n}", n + 1
            self.register(self.assign("chiffre", rec, f"chiffres[{i}]", default))

    def _iri_at(self, path: str) -> URIRef | None:
        return next((e.iri for e in self.entities if e.path == path), None)

    @staticmethod
    def prefixed(prefix: str, name: str) -> str:
        s = slug(name)
        return s if s == prefix or s.startswith(prefix + "-") else f"{prefix}-{s}"
