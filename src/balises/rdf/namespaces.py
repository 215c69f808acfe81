"""One place for the vocabularies: the project's namespaces and the SPARQL prefix header."""

import functools

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

BASE = "https://w3id.org/balises/"


class BAL(DefinedNamespace):
    """Terms of ontology/balises.ttl; a typo fails at import, not in a query."""

    _NS = Namespace(BASE + "def#")
    _fail = True

    Actor: URIRef
    ActorCategory: URIRef
    AgglomerationCommunity: URIRef
    AreaFigure: URIRef
    Balise: URIRef
    CodeSourceElement: URIRef
    Commune: URIRef
    CommunityOfCommunes: URIRef
    Country: URIRef
    Department: URIRef
    Dispositif: URIRef
    Enjeu: URIRef
    Event: URIRef
    Evidence: URIRef
    ExternalSource: URIRef
    Figure: URIRef
    GeoNamesRecord: URIRef
    Intercommunality: URIRef
    Indicator: URIRef
    Involvement: URIRef
    Metropolis: URIRef
    MetropolitanPole: URIRef
    ModeDeFaire: URIRef
    NamedArea: URIRef
    Observation: URIRef
    OperationalConcept: URIRef
    Organisation: URIRef
    Person: URIRef
    PopulationFigure: URIRef
    Post: URIRef
    Programme: URIRef
    Project: URIRef
    Region: URIRef
    Role: URIRef
    SourceDocument: URIRef
    SupportOffer: URIRef
    SystemicLeap: URIRef
    Territory: URIRef
    Theme: URIRef
    UrbanCommunity: URIRef
    VocabularyTerm: URIRef
    about: URIRef
    absentFromGeoNames: URIRef
    absentFromReference: URIRef
    actorCategory: URIRef
    actsIn: URIRef
    administers: URIRef
    approximate: URIRef
    area: URIRef
    asOf: URIRef
    dateNote: URIRef
    documentKind: URIRef
    eventKind: URIRef
    exampleOf: URIRef
    fileName: URIRef
    fromPerimeter: URIRef
    geoRecord: URIRef
    hasPart: URIRef
    illustrates: URIRef
    inseeCode: URIRef
    involvedActor: URIRef
    involvedIn: URIRef
    involvementRole: URIRef
    keyQuote: URIRef
    line: URIRef
    literalDatatype: URIRef
    newActor: URIRef
    newActorCategory: URIRef
    offers: URIRef
    organisationKind: URIRef
    partOf: URIRef
    participatingTerritory: URIRef
    population: URIRef
    programme: URIRef
    resistance: URIRef
    roleTerritory: URIRef
    roleTitle: URIRef
    searchText: URIRef
    section: URIRef
    sha256: URIRef
    siren: URIRef
    speaker: URIRef
    statedIn: URIRef
    status: URIRef
    successFactor: URIRef
    territory: URIRef
    theme: URIRef
    throughProject: URIRef
    toPerimeter: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GN = Namespace("http://www.geonames.org/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

VOC = Namespace(BASE + "vocabulaire/")
REF = Namespace(BASE + "referentiel/")
CODE = Namespace(BASE + "code-source/")
THEME = Namespace(BASE + "theme/")
DOC = Namespace(BASE + "document/")
TER = Namespace(BASE + "territoire/")
ACT = Namespace(BASE + "acteur/")
ROLE = Namespace(BASE + "fonction/")
PRJ = Namespace(BASE + "projet/")
IMP = Namespace(BASE + "implication/")
SAUT = Namespace(BASE + "saut/")
EVT = Namespace(BASE + "evenement/")
CIT = Namespace(BASE + "citation/")
OFFRE = Namespace(BASE + "offre/")
IND = Namespace(BASE + "indicateur/")
FIG = Namespace(BASE + "chiffre/")
GRAPH = Namespace(BASE + "graphe/")
COG = Namespace(BASE + "cog/")

#: Named graphs of the store.
ONTOLOGY_GRAPH = GRAPH["ontologie"]
INFERRED_GRAPH = GRAPH["infere"]
#: The RDFS entailments of the extra graphs loaded at scale (pipeline/scale.py), apart from the curated graph's
#: inferences: an incremental build replaces the one without recomputing the other.
SCALE_INFERRED_GRAPH = GRAPH["infere/echelle"]
META_GRAPH = GRAPH["meta"]

PREFIXES: dict[str, str] = {
    "bal": str(BAL._NS),
    "voc": str(VOC),
    "ref": str(REF),
    "code": str(CODE),
    "theme": str(THEME),
    "doc": str(DOC),
    "ter": str(TER),
    "act": str(ACT),
    "role": str(ROLE),
    "prj": str(PRJ),
    "imp": str(IMP),
    "saut": str(SAUT),
    "evt": str(EVT),
    "cit": str(CIT),
    "offre": str(OFFRE),
    "ind": str(IND),
    "chiffre": str(FIG),
    "graphe": str(GRAPH),
    "cog": str(COG),
    "shape": BASE + "shapes#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": "http://rdfs.org/ns/void#",
    "wgs": str(WGS),
    "gn": str(GN),
    "sosa": "http://www.w3.org/ns/sosa/",
}

#: The PREFIX header every query of queries/ shares (prepended by the query layer), built from the table above.
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset (for readable exports)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


_BY_NAMESPACE = {iri: prefix for prefix, iri in PREFIXES.items()}
assert all(iri[-1] in "/#" for iri in _BY_NAMESPACE), "every namespace ends with / or #"


@functools.lru_cache(maxsize=1 << 18)
def shorten(iri: str) -> str:
    """`https://w3id.org/balises/territoire/lomme` -> `ter:lomme` (longest matching namespace; memoised: the
    explorer shortens the same IRIs on every page)."""
    end = len(iri)
    while (cut := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
        prefix = _BY_NAMESPACE.get(iri[:cut + 1])
        if prefix is not None:
            return f"{prefix}:{iri[cut + 1:]}"
        end = cut
    return iri


def expand(curie_or_iri: str) -> str:
    """`ter:lomme` -> full IRI; a full IRI (or `<iri>`) is returned as is."""
    text = curie_or_iri.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text
