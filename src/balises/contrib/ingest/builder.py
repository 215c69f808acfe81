"""Sheet -> graph: the triples of a checked sheet, its entities linked to what the graph already has, and its
quotes checked verbatim against the source text."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ...geo.links import link
from ...geo.reference import load_reference
from ...quotes.integrity import CorpusText
from ...rdf.namespaces import BAL, DOC, SCHEMA, shorten
from ..sheet import Sheet, SheetProblem
from ..vocab import slug, vocabularies
from .identities import Identities
from .index import (
    KIND_CLASSES,
    Index,
)
from .places_actors import PlacesAndActors
from .projects import ProjectsAndQuotes
from .records import Built, Entity, new_graph, shorten_text
from .values import Values

# --------------------------------------------------------------------------------------------
# Sheet -> graph
# --------------------------------------------------------------------------------------------


class Builder(Identities, Values, PlacesAndActors, ProjectsAndQuotes):
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
        self.official_links()
        return self.built

    def official_links(self) -> None:
        """A « fait partie de » between two units of the official geography is the reference's to say: it is not
        written (the build links them, sourced to data/reference/cog.json), and the sheet is told so."""
        path = self.index.reference_file
        if path is None or not path.exists():
            return
        union = self.index.graph + self.g
        linked, _ = link(union, load_reference(path))
        official = set(linked) | set(union.subjects(RDF.type, BAL.Country))
        for s, o in list(self.g.subject_objects(BAL.partOf)):
            if s in official and o in official:
                self.g.remove((s, BAL.partOf, o))
                entity = self.by_iri.get(s)
                where = f"{entity.path}.fait partie de" if entity else "fait partie de"
                name = self.index.label(o) or self.g.value(o, RDFS.label) or shorten(str(o))
                self.problem(where, f"« {name} » : rattachement de la géographie officielle, non écrit dans la fiche ; "
                             "la construction le reprend de data/reference/cog.json, avec cette source",
                             f"'{name}': a link of the official geography, not written from the sheet; the build "
                             "takes it from data/reference/cog.json, with that source", warning=True)

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
    quoted = [(f"citations[{i}]", rec, "texte") for i, rec in enumerate(sheet.data.get("citations") or [], 1)]
    quoted += [(f"chiffres[{i}]", rec, "citation") for i, rec in enumerate(sheet.data.get("chiffres") or [], 1)]
    for path, rec, field_ in quoted:
        exact, prefix, suffix = rec[field_], rec.get("avant"), rec.get("après")
        if text.find(exact) is None:
            problems.append(SheetProblem(
                sheet.line(f"{path}.{field_}"), f"{path}.{field_}",
                f"citation introuvable telle quelle dans {name} : copiez-la caractère pour caractère (bruit d'OCR, "
                f"apostrophes ’ ou ' et accents compris) : « {shorten_text(exact, 80)} »",
                f"quote not found verbatim in {name}: copy it character for character (OCR noise, apostrophes "
                f"and accents included): '{shorten_text(exact, 80)}'"))
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
