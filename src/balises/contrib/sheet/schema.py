"""The sheet's format: its headings, fields, kinds of values and aliases (data/templates/fiche-territoire.yaml
writes the same in French for a contributor)."""

from __future__ import annotations

from dataclasses import dataclass


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


FIGURE = (
    ID,
    F("libellé", "text", "label (rdfs:label @fr; default: what it is about and the quote)", aliases=("nom",)),
    F("à propos de", "ref", "what it is about (schema:observationAbout; default: the sheet's territory)",
      refs=("territoire", "acteur", "projet", "programme", "saut"), aliases=("sujet",)),
    F("indicateur", "vocab", "what it measures, an indicator of ontology/indicateurs.ttl (schema:variableMeasured)",
      True, vocab="indicateur"),
    F("valeur", "number", "the value (schema:value), or a range with minimum / maximum"),
    F("minimum", "number", "lower bound (schema:minValue): « plus de 400 » is minimum 400", aliases=("min",)),
    F("maximum", "number", "upper bound (schema:maxValue)", aliases=("max",)),
    F("unité", "text", "the thing counted, as the document says it (schema:unitText)", True, aliases=("unite",)),
    F("code d'unité", "text", "UN/CEFACT unit code (schema:unitCode): P1 per cent, HAR hectare, KMT kilometre",
      aliases=("code unite",)),
    F("approximatif", "bool", "approximate (bal:approximate): « environ », « près de », « une dizaine »",
      aliases=("environ",)),
    F("début", "date", "start of the period (schema:startDate)", aliases=("debut", "date de début")),
    F("fin", "date", "end of the period (schema:endDate)", aliases=("date de fin",)),
    F("date", "date", "date (dcterms:date)"),
    F("en date de", "text", "the text's own words for the date or period (bal:asOf)", aliases=("année", "annee")),
    F("citation", "text", "the passage that states the figure, verbatim, number included (oa:exact)", True,
      aliases=("texte", "exact")),
    F("avant", "text", "text just before, verbatim (oa:prefix)", aliases=("préfixe",)),
    F("après", "text", "text just after, verbatim (oa:suffix)", aliases=("suffixe",)),
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
    F("chiffres", "records", "figures: the quantities the document states (bal:Observation)", record=FIGURE,
      aliases=("figures",)),
)


#: Status implied by the heading a project is listed under.
SECTION_STATUS = {"projets réussis": "réussi", "projets à faire progresser": "à faire progresser"}


PROJECT_SECTIONS = ("projet pilote", "projets réussis", "projets à faire progresser", "projets")
