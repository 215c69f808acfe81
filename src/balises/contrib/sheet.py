"""The territory sheet (« fiche territoire »): a YAML file with French headings, its schema and its checks.

`read_sheet(path)` parses the YAML keeping every value's line (the document is composed,
not only loaded), checks it against the schema below and returns a `Sheet`: plain values
under canonical keys, plus the line of each field. A sheet that breaks the schema raises
`SheetError`, each problem naming the line and the field in French and in English:

    ligne 12, champ projets[1].statut : valeur « fini » inconnue, attendu réussi, à faire progresser,
    en cours, proposé / line 12, field projets[1].statut: unknown value 'fini', expected ...

A file that is not YAML (or not a mapping) raises `UnreadableSheet` (exit code 2).
List indexes in field paths count from 1, as a person counts the items of a list.
The format is documented in data/templates/fiche-territoire.yaml and data/contrib/README.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import BalisesError, InputError
from .vocab import fold, vocabularies

# --------------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """One problem of a sheet, said in French and in English, at a line and a field."""

    line: int | None
    path: str
    fr: str
    en: str
    warning: bool = False

    def __str__(self) -> str:
        where_fr = (f"ligne {self.line}, " if self.line else "") + (f"champ {self.path}" if self.path else "fiche")
        where_en = (f"line {self.line}, " if self.line else "") + (f"field {self.path}" if self.path else "sheet")
        tag = "attention : " if self.warning else ""
        tag_en = "warning: " if self.warning else ""
        return f"{where_fr} : {tag}{self.fr} / {where_en}: {tag_en}{self.en}"


class SheetError(BalisesError):
    """The sheet does not follow the format, names unknown or ambiguous things, or does not validate."""

    exit_code = 1

    def __init__(self, problems: list[SheetProblem], name: str = "la fiche", report=None):
        self.problems = problems
        self.report = report
        count = len([p for p in problems if not p.warning])
        head = (f"{name} : {count} problème(s), rien n'a été écrit / {name}: {count} problem(s), "
                "nothing was written")
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in problems))


class UnreadableSheet(InputError):
    """The file cannot be read as a YAML mapping (exit code 2)."""


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a record: its French key, its kind, what it means in English."""

    key: str
    kind: str  # text texts int number date bool ref refs vocab vocabs concepts record records document
    en: str
    required: bool = False
    vocab: str | None = None
    record: tuple["Field", ...] | None = None
    refs: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def F(key, kind, en, required=False, vocab=None, record=None, refs=(), aliases=()):  # noqa: N802
    return Field(key, kind, en, required, vocab, record, tuple(refs), tuple(aliases))


ID = F("id", "text", "IRI slug or CURIE (optional: made from the name)")
NAME = F("nom", "text", "name (rdfs:label @fr)", True, aliases=("libellé", "libelle", "label"))
NAME_EN = F("nom anglais", "text", "English name (rdfs:label @en)", aliases=("nom en anglais", "name"))
ALT = F("autres noms", "texts", "other names (skos:altLabel)", aliases=("autre nom", "alias"))
COMMENT = F("commentaire", "text", "curation comment (rdfs:comment)", aliases=("commentaires", "comment"))
DESCRIPTION = F("description", "text", "short description in the document's words (schema:description)")
SITE = F("site", "text", "web address (schema:url)", aliases=("url", "site web"))
DATE_NOTE = F("note de date", "text", "what the document says of the date (bal:dateNote)")
CATEGORIES = F("catégories", "vocabs", "actor categories (bal:actorCategory)", vocab="catégorie d'acteurs",
               aliases=("catégorie",))

POPULATION = (
    F("valeur", "int", "number of inhabitants", True),
    F("en date de", "text", "year or period the figure refers to (bal:asOf)", True, aliases=("année", "annee")),
    COMMENT,
)
AREA = (
    F("valeur", "number", "area", True),
    F("unité", "text", "unit (default km²)", aliases=("unite",)),
    F("en date de", "text", "year or period the figure refers to (bal:asOf)", True, aliases=("année", "annee")),
    COMMENT,
)
TERRITORY = (
    ID, NAME, NAME_EN, ALT,
    F("nature", "vocab", "kind of territory", vocab="nature de territoire", aliases=("type",)),
    F("geonames", "text", "GeoNames identifier", aliases=("geonames id", "id geonames")),
    F("fait partie de", "refs", "wider territories (bal:partOf)", refs=("territoire",)),
    F("programmes", "refs", "programmes the territory takes part in (bal:programme)", refs=("programme",),
      aliases=("programme",)),
    F("population", "record", "population figure", record=POPULATION),
    F("superficie", "record", "area figure", record=AREA, aliases=("surface",)),
    COMMENT,
)
ORGANISATION = (
    ID, NAME, NAME_EN, ALT,
    F("nature", "vocab", "organisation kind (bal:organisationKind)", vocab="nature d'organisation",
      aliases=("type",)),
    CATEGORIES,
    F("agit dans", "refs", "territories where it acts (bal:actsIn)", refs=("territoire",)),
    F("administre", "refs", "territories it administers (bal:administers)", refs=("territoire",)),
    F("sous-organisation de", "refs", "parent organisation (org:subOrganizationOf)", refs=("organisation",)),
    F("membre de", "refs", "organisations it is a member of (org:memberOf)", refs=("organisation",)),
    F("propose", "refs", "support offers (bal:offers)", refs=("offre",)),
    SITE, DESCRIPTION, COMMENT,
)
ROLE = (
    ID,
    F("libellé", "text", "label of the role (rdfs:label @fr; default: person, title, organisation)",
      aliases=("nom",)),
    F("organisation", "ref", "organisation (org:organization)", refs=("organisation",)),
    F("fonction", "vocab", "post (org:role), from the list of posts", vocab="fonction"),
    F("intitulé", "text", "title as the document writes it (bal:roleTitle)", aliases=("intitule", "titre")),
    F("territoire", "ref", "territory where the post is held (bal:roleTerritory)", refs=("territoire",)),
    CATEGORIES,
    F("date", "date", "date (dcterms:date)"),
    COMMENT,
)
PERSON = (
    ID, NAME, ALT, CATEGORIES,
    F("agit dans", "refs", "territories where the person acts (bal:actsIn)", refs=("territoire",)),
    F("membre de", "refs", "organisations (org:memberOf)", refs=("organisation",)),
    F("poste", "text", "job title as written (schema:jobTitle)"),
    DESCRIPTION, COMMENT,
    F("fonctions", "records", "roles held (bal:Role)", record=ROLE, aliases=("fonction", "rôles", "roles")),
)
EVENT = (
    ID, NAME, NAME_EN,
    F("nature", "vocab", "event kind (bal:eventKind)", vocab="nature d'événement", aliases=("type",)),
    F("fait partie de", "refs", "wider programme or event (schema:superEvent)", refs=("programme",)),
    F("début", "date", "start date (schema:startDate)", aliases=("debut", "date de début")),
    F("fin", "date", "end date (schema:endDate)", aliases=("date de fin",)),
    F("date", "date", "date (dcterms:date)"),
    DATE_NOTE,
    F("lieu", "refs", "where (schema:location)", refs=("territoire",)),
    F("organisateurs", "refs", "organisers (schema:organizer)", refs=("acteur",), aliases=("organisateur",)),
    F("participants", "refs", "attendees (schema:attendee)", refs=("acteur",)),
    F("territoires participants", "refs", "participating territories (bal:participatingTerritory)",
      refs=("territoire",)),
    F("sujets", "refs", "projects it is about (dcterms:subject)", refs=("projet",), aliases=("sujet",)),
    F("financeurs", "refs", "funders (schema:funder)", refs=("acteur",)),
    F("contributeurs", "refs", "contributors (dcterms:contributor)", refs=("acteur",)),
    SITE, DESCRIPTION, COMMENT,
)
OFFER = (
    ID, NAME,
    F("définition", "text", "the offer in the document's words, verbatim (skos:definition)",
      aliases=("definition",)),
    F("note", "text", "scope note (skos:scopeNote)"),
    COMMENT,
)
OFFER_SCHEME = (ID, NAME, F("offres", "records", "the offers of the list", True, record=OFFER), COMMENT)
INVOLVEMENT = (
    F("acteur", "ref", "the organisation or person (bal:involvedActor)", True, refs=("acteur",)),
    F("rôle", "vocab", "role in the project (bal:involvementRole)", True, vocab="rôle", aliases=("role",)),
    ID, F("libellé", "text", "label (default: actor, role, project)", aliases=("nom",)), COMMENT,
)
PROJECT = (
    ID, NAME, NAME_EN,
    F("territoire", "ref", "territory (bal:territory; default: the sheet's territory)", refs=("territoire",)),
    F("statut", "vocab", "status (bal:status)", vocab="statut"),
    F("thèmes", "vocabs", "themes (bal:theme)", vocab="thème", aliases=("thème", "themes", "theme")),
    F("programmes", "refs", "programmes (bal:programme)", refs=("programme",), aliases=("programme",)),
    F("début", "date", "start date (schema:startDate)", aliases=("debut", "date de début")),
    F("fin", "date", "end date (schema:endDate)", aliases=("date de fin",)),
    F("date", "date", "date (dcterms:date)"),
    DATE_NOTE,
    F("fait partie de", "refs", "wider project (dcterms:isPartOf)", refs=("projet",)),
    SITE, DESCRIPTION,
    F("résistances", "texts", "resistances in the document's words (bal:resistance)",
      aliases=("résistance", "resistances")),
    F("facteurs de réussite", "texts", "success factors (bal:successFactor)", aliases=("facteur de réussite",)),
    F("acteurs", "records", "who takes part, in which role (bal:Involvement)", record=INVOLVEMENT,
      aliases=("implications",)),
    COMMENT,
)
LEAP = (
    ID, NAME,
    F("depuis", "vocab", "perimeter it starts from, a theme (bal:fromPerimeter)", True, vocab="thème",
      aliases=("de",)),
    F("vers", "vocab", "wider perimeter reached, a theme (bal:toPerimeter)", True, vocab="thème"),
    F("territoire", "ref", "territory (default: the sheet's territory)", refs=("territoire",)),
    F("projets", "refs", "projects it goes through (bal:throughProject)", refs=("projet",), aliases=("projet",)),
    F("nouveaux acteurs", "refs", "actors it brings in (bal:newActor)", refs=("acteur",)),
    F("nouvelles catégories", "vocabs", "actor categories it brings in (bal:newActorCategory)",
      vocab="catégorie d'acteurs", aliases=("nouvelles catégories d'acteurs",)),
    DESCRIPTION, COMMENT,
)
QUOTE = (
    F("texte", "text", "the quote, verbatim from the source text (oa:exact)", True, aliases=("citation", "exact")),
    F("balises", "concepts", "balises (E1…V6) or concepts it illustrates (bal:illustrates)", True,
      aliases=("balise", "illustre")),
    F("à propos de", "refs", "what it is about (bal:about; default: the sheet's territory)",
      refs=("territoire", "acteur", "projet", "saut", "programme", "offre"), aliases=("sujets",)),
    F("avant", "text", "text just before, verbatim (oa:prefix)", aliases=("préfixe",)),
    F("après", "text", "text just after, verbatim (oa:suffix)", aliases=("suffixe",)),
    ID,
    F("libellé", "text", "short label (rdfs:label @fr; default: territory and start of the quote)",
      aliases=("nom",)),
    F("section", "text", "section or slide heading where it is (bal:section)"),
    F("clé", "bool", "key quote, offered first to writers (bal:keyQuote)", aliases=("cle", "citation clé")),
    F("locuteur", "ref", "the person whose words these are (bal:speaker)", refs=("acteur",)),
    COMMENT,
)
DOCUMENT = (
    ID,
    F("titre", "text", "title (dcterms:title)"),
    F("nom", "text", "short label (rdfs:label @fr; default: the title)", aliases=("libellé",)),
    NAME_EN,
    F("date", "date", "date of the document (dcterms:date)"),
    DATE_NOTE,
    F("nature", "vocab", "document kind (bal:documentKind)", vocab="nature de document", aliases=("type",)),
    F("auteurs", "refs", "authors (dcterms:creator)", refs=("acteur",), aliases=("auteur",)),
    F("contributeurs", "refs", "contributors (dcterms:contributor)", refs=("acteur",)),
    F("éditeurs", "refs", "publishers (dcterms:publisher)", refs=("acteur",), aliases=("éditeur", "editeur")),
    F("financeurs", "refs", "funders (schema:funder)", refs=("acteur",), aliases=("financeur",)),
    F("droits", "text", "rights statement (dcterms:rights)"),
    F("licence", "text", "licence IRI (dcterms:license)"),
    COMMENT,
)
SHEET = (
    F("slug", "text", "readable name of the file written under data/contrib/ (default: from the territory)"),
    F("document", "document", "the source document: doc:NNN of data/sources.ttl, or a new one", True,
      record=DOCUMENT, aliases=("source",)),
    F("territoire", "record", "the territory the sheet is about", True, record=TERRITORY),
    F("autres territoires", "records", "other territories named", record=TERRITORY),
    F("organisations", "records", "organisations", record=ORGANISATION),
    F("personnes", "records", "people", record=PERSON),
    F("programmes", "records", "programmes (bal:Programme)", record=EVENT),
    F("étapes", "records", "events: seasons, meetings, workshops (bal:Event)", record=EVENT,
      aliases=("événements", "evenements", "etapes")),
    F("offres d'accompagnement", "records", "support offers (lists of bal:SupportOffer)", record=OFFER_SCHEME,
      aliases=("offres",)),
    F("projet pilote", "record", "the pilot project", record=PROJECT),
    F("projets réussis", "records", "projects that worked (status réussi)", record=PROJECT),
    F("projets à faire progresser", "records", "projects to improve (status à faire progresser)", record=PROJECT),
    F("projets", "records", "other projects (status given by statut, if any)", record=PROJECT,
      aliases=("autres projets",)),
    F("sauts systémiques", "records", "systemic leaps", record=LEAP, aliases=("sauts",)),
    F("citations", "records", "evidence quotes", record=QUOTE),
)

#: Status implied by the heading a project is listed under.
SECTION_STATUS = {"projets réussis": "réussi", "projets à faire progresser": "à faire progresser"}
PROJECT_SECTIONS = ("projet pilote", "projets réussis", "projets à faire progresser", "projets")

# --------------------------------------------------------------------------------------------
# The parsed sheet
# --------------------------------------------------------------------------------------------


@dataclass
class Date:
    """A date only as precise as written: 2024, 2024-10 or 2024-01-24."""

    lexical: str
    datatype: str  # gYear | gYearMonth | date


@dataclass
class Sheet:
    """A checked sheet: values under canonical keys, and the line of each field path."""

    path: Path | None
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[SheetProblem] = field(default_factory=list)

    def line(self, path: str) -> int | None:
        """Line of a field path, or of its closest enclosing field."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\[\d+\]|\.[^.\[]+|^[^.\[]+)$", "", path)
        return None

    def projects(self):
        """(path, project, implied status) for every project of every heading."""
        for section in PROJECT_SECTIONS:
            value = self.data.get(section)
            if value is None:
                continue
            if section == "projet pilote":
                yield section, value, None
            else:
                for i, prj in enumerate(value, 1):
                    yield f"{section}[{i}]", prj, SECTION_STATUS.get(section)


class _Checker:
    def __init__(self, ontology_dir: Path):
        self.vocabs = vocabularies(ontology_dir)
        self.problems: list[SheetProblem] = []
        self.lines: dict[str, int] = {}

    def problem(self, node, path, fr, en, warning=False):
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(SheetProblem(line, path, fr, en, warning))

    # -- records ------------------------------------------------------------------------------
    def record(self, node, spec: tuple[Field, ...], path: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "une rubrique (des champs « clé: valeur ») est attendue ici",
                         "a mapping (\"key: value\" fields) is expected here")
            return None
        by_key: dict[str, Field] = {}
        for f in spec:
            for name in (f.key, *f.aliases):
                by_key[fold(name)] = f
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            f = by_key.get(fold(key))
            sub = f"{path}.{key}" if path else key
            if f is None:
                close = difflib.get_close_matches(fold(key), [fold(x.key) for x in spec], n=1, cutoff=0.6)
                hint_fr = f" ; vouliez-vous dire « {_key_of(spec, close[0])} » ?" if close else ""
                hint_en = f"; did you mean '{_key_of(spec, close[0])}'?" if close else ""
                names = ", ".join(x.key for x in spec)
                self.problem(key_node, sub, f"champ inconnu « {key} »{hint_fr} (champs possibles : {names})",
                             f"unknown field '{key}'{hint_en} (known fields: {names})")
                continue
            sub = f"{path}.{f.key}" if path else f.key
            if f.key in seen:
                self.problem(key_node, sub, f"champ « {f.key} » écrit deux fois (déjà ligne {seen[f.key]})",
                             f"field '{f.key}' given twice (already at line {seen[f.key]})")
                continue
            seen[f.key] = key_node.start_mark.line + 1
            self.lines[sub] = key_node.start_mark.line + 1
            value = self.value(value_node, f, sub)
            if value is not None and value != []:
                out[f.key] = value
        if path and not out and not any(p.path.startswith(path) for p in self.problems):
            return None  # a heading or list item left empty (as in the template) is no heading at all
        for f in spec:
            if f.required and f.key not in out and not any(p.path.startswith(f"{path}.{f.key}" if path else f.key)
                                                           for p in self.problems):
                sub = f"{path}.{f.key}" if path else f.key
                self.problems.append(SheetProblem(
                    node.start_mark.line + 1, sub, f"champ obligatoire « {f.key} » manquant ({_fr_of(f)})",
                    f"required field '{f.key}' is missing ({f.en})"))
        return out

    # -- values -------------------------------------------------------------------------------
    def value(self, node, f: Field, path: str):
        if _is_null(node):
            return None
        kind = f.kind
        if kind == "record":
            return self.record(node, f.record, path)
        if kind == "records":
            items = node.value if isinstance(node, yaml.SequenceNode) else None
            if items is None:
                if isinstance(node, yaml.MappingNode):  # one item written without its dash
                    items = [node]
                else:
                    self.problem(node, path, "une liste d'éléments (« - ») est attendue ici",
                                 "a list of items (\"- \") is expected here")
                    return None
            out = []
            for i, item in enumerate(items, 1):
                self.lines[f"{path}[{i}]"] = item.start_mark.line + 1
                rec = self.record(item, f.record, f"{path}[{i}]")
                if rec is not None:
                    out.append(rec)
            return out
        if kind == "document":
            if isinstance(node, yaml.ScalarNode):
                return {"id": str(node.value).strip()}
            return self.record(node, f.record, path)
        if kind in ("texts", "refs", "vocabs", "concepts"):
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            single = {"texts": "text", "refs": "ref", "vocabs": "vocab", "concepts": "concept"}[kind]
            out = []
            for i, item in enumerate(items, 1):
                sub = f"{path}[{i}]" if isinstance(node, yaml.SequenceNode) else path
                if isinstance(node, yaml.SequenceNode):
                    self.lines[sub] = item.start_mark.line + 1
                v = self.scalar(item, Field(f.key, single, f.en, vocab=f.vocab, refs=f.refs), sub)
                if v is not None:
                    out.append(v)
            return out
        return self.scalar(node, f, path)

    def scalar(self, node, f: Field, path: str):
        if _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, "une valeur simple est attendue ici, pas une liste ni une rubrique",
                         "a single value is expected here, not a list or a mapping")
            return None
        raw = str(node.value)
        text = raw.strip()
        kind = f.kind
        if kind in ("text", "ref"):
            if not text:
                return None
            return text if kind == "ref" else raw.strip()
        if kind == "int":
            digits = re.sub(r"[\s\u202f\u00a0_.]", "", text)
            if not re.fullmatch(r"-?\d+", digits):
                self.problem(node, path, f"« {text} » n'est pas un nombre entier", f"'{text}' is not a whole number")
                return None
            return int(digits)
        if kind == "number":
            cleaned = re.sub(r"[\s\u202f\u00a0_]", "", text).replace(",", ".")
            try:
                return Decimal(cleaned)
            except InvalidOperation:
                self.problem(node, path, f"« {text} » n'est pas un nombre", f"'{text}' is not a number")
                return None
        if kind == "bool":
            low = fold(text)
            if low in ("true", "oui", "vrai", "yes", "1"):
                return True
            if low in ("false", "non", "faux", "no", "0"):
                return False
            self.problem(node, path, f"« {text} » : écrivez oui ou non", f"'{text}': write yes (oui) or no (non)")
            return None
        if kind == "date":
            date = parse_date(text)
            if date is None:
                self.problem(node, path, f"date « {text} » illisible : écrivez 2024, 2024-10 ou 2024-01-24 "
                             "(seulement aussi précise que le texte)",
                             f"unreadable date '{text}': write 2024, 2024-10 or 2024-01-24 (only as precise as "
                             "the text)")
            return date
        if kind in ("vocab", "concept"):
            vocab = self.vocabs[f.vocab or "balise ou concept"]
            iri = vocab.lookup(text)
            if iri is None:
                close = difflib.get_close_matches(fold(text), list(vocab.keys), n=1, cutoff=0.75)
                hint_fr = f" ; vouliez-vous dire « {vocab.display[vocab.keys[close[0]]]} » ?" if close else ""
                hint_en = f"; did you mean '{vocab.display[vocab.keys[close[0]]]}'?" if close else ""
                expected = vocab.expected()
                if kind == "concept":
                    expected = ", ".join(vocab.display[v] for v in vocab.values[:23]) + \
                        " (balises), ou un concept du référentiel : ref:concept-…, ref:cooperation…"
                self.problem(node, path, f"valeur « {text} » inconnue{hint_fr}, attendu {expected}",
                             f"unknown value '{text}'{hint_en}, expected {expected}")
            return iri
        raise AssertionError(kind)


def parse_date(text: str) -> Date | None:
    """2024 -> gYear, 2024-10 -> gYearMonth, 2024-01-24 (or 24/01/2024) -> date."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return Date(text, "gYear")
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return Date(text, "gYearMonth")
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if m:
        return Date(f"{m.group(2)}-{int(m.group(1)):02d}", "gYearMonth") if 1 <= int(m.group(1)) <= 12 else None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        import datetime

        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return None
        return Date(text, "date")
    return None


def _is_null(node) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null")


def _key_of(spec, folded: str) -> str:
    return next(f.key for f in spec if fold(f.key) == folded)


_FR = {"text": "un texte", "texts": "un ou plusieurs textes", "int": "un nombre entier", "number": "un nombre",
       "date": "une date", "bool": "oui ou non", "ref": "un nom ou un identifiant", "refs": "des noms ou identifiants",
       "vocab": "une valeur de la liste", "vocabs": "des valeurs de la liste", "concepts": "des balises (E1…V6)",
       "record": "une rubrique", "records": "une liste", "document": "doc:NNN ou une rubrique"}


def _fr_of(f: Field) -> str:
    return _FR.get(f.kind, f.kind)


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def compose(text: str, name: str = "la fiche"):
    """The YAML node tree of a sheet (values with their marks); UnreadableSheet when it is not YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"ligne {mark.line + 1}" if mark else "?"
        line_en = f"line {mark.line + 1}" if mark else "?"
        raise UnreadableSheet(f"{name}, {line} : YAML illisible ({exc.problem}) / {name}, {line_en}: "
                              f"unreadable YAML ({exc.problem}); check the indentation, the « : » after each field "
                              "and the quotes around texts containing « : » or « # »") from exc
    except yaml.YAMLError as exc:
        raise UnreadableSheet(f"{name} : YAML illisible / unreadable YAML: {exc}") from exc
    except RecursionError as exc:
        raise UnreadableSheet(f"{name} : YAML imbriqué trop profondément / {name}: YAML nested too deeply: a sheet "
                              "has a few levels (rubrique, liste, champ)") from exc
    if not isinstance(node, yaml.MappingNode):
        raise UnreadableSheet(f"{name} : la fiche doit être une suite de rubriques « clé: valeur » / "
                              f"{name}: the sheet must be a YAML mapping of headings")
    return node


def check_text(text: str, ontology_dir: Path, name: str = "la fiche", path: Path | None = None) -> Sheet:
    """Check a sheet's text against the schema: a Sheet, or SheetError listing every problem."""
    node = compose(text, name)
    checker = _Checker(ontology_dir)
    data = checker.record(node, SHEET, "") or {}
    for path_, project, status in Sheet(path, data).projects():
        if status and "statut" in project:
            wanted = checker.vocabs["statut"].lookup(status)
            if project["statut"] != wanted:
                checker.problems.append(SheetProblem(
                    checker.lines.get(f"{path_}.statut"), f"{path_}.statut",
                    f"un projet rangé sous « {path_.split('[')[0]} » a le statut « {status} » : retirez ce champ "
                    "ou déplacez le projet sous « projets »",
                    f"a project listed under '{path_.split('[')[0]}' has status '{status}': drop this field or move "
                    "the project under 'projets'"))
    errors = [p for p in checker.problems if not p.warning]
    if errors:
        raise SheetError(sorted(checker.problems, key=lambda p: (p.line or 0, p.path)), name)
    return Sheet(path, data, checker.lines, [p for p in checker.problems if p.warning])


#: The largest sheet read (a full territory sheet is about 30 KB).
MAX_SHEET_BYTES = 1_000_000


def read_sheet(path: Path, ontology_dir: Path) -> Sheet:
    """Read and check a sheet file."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_SHEET_BYTES:
            raise UnreadableSheet(f"{path} : plus de {MAX_SHEET_BYTES // 1000} Ko / more than "
                                  f"{MAX_SHEET_BYTES // 1000} KB: a sheet is a few pages of YAML")
        if path.exists() and not path.is_file():
            raise UnreadableSheet(f"{path} : pas un fichier / not a file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnreadableSheet(f"{path} : fichier introuvable / file not found") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableSheet(f"{path} : le fichier n'est pas en UTF-8 / the file is not UTF-8") from exc
    except OSError as exc:
        raise UnreadableSheet(f"{path} : illisible / unreadable: {exc}") from exc
    return check_text(text, ontology_dir, path.name, path)


__all__ = ["Sheet", "SheetError", "SheetProblem", "UnreadableSheet", "Date", "read_sheet", "check_text",
           "parse_date", "SHEET", "PROJECT_SECTIONS", "SECTION_STATUS"]
