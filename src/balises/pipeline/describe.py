"""The dataset described for those who find, load and cite it: a VoID and DCAT description written by the build
in its own named graph (`graphe:description`), from the new store: title and description in French and English,
version, date, licence of the graph and of each source (their own triples, data/sources.ttl), creator, the
default SPARQL endpoint of `balises serve`, example resources, the vocabularies used, and counts (triples,
instances per class, triples per named graph)."""

from __future__ import annotations

import time
from typing import Iterator, Mapping

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from .. import __version__
from ..catalog.stats import graph_sizes
from ..query.library import read
from ..query.run import run_sparql
from ..rdf.namespaces import BASE, GRAPH, PREFIXES
from ..settings import DEFAULT_PORT
from ..store import GraphStore

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DESCRIPTION_GRAPH = GRAPH["description"]
DATASET = URIRef(BASE + "jeu-de-donnees")
#: `balises serve`'s default address (its `--port`, on loopback).
ENDPOINT = URIRef(f"http://127.0.0.1:{DEFAULT_PORT}/query")
#: The vocabularies the graph uses: the standards it reuses, and its own ontology and SKOS schemes (the other
#: prefixes name its resources, not vocabularies).
VOCABULARIES = ("rdf", "rdfs", "owl", "xsd", "skos", "prov", "org", "foaf", "schema", "oa", "dcterms", "dcat", "wgs",
                "gn", "void", "bal", "ref", "code", "theme", "voc")
EXAMPLES = ("territoire/lomme", "territoire/loos-en-gohelle", "referentiel/E1", "projet/lomme-tiers-lieu")
TITLE = ("Balises : graphe de connaissances des pratiques de transition territoriale et de leurs invariants",
         "Balises: a knowledge graph of territorial transition practices and their invariants")
DESCRIPTION = (
    "Les pratiques de transition de territoires français et les 23 balises du référentiel de l'atelier « Villes "
    "pairs et territoires pilotes de la transition », tirées de cinq documents du réseau de la Fabrique des "
    "transitions : chaque fait est tracé jusqu'à son document, chaque balise illustrée par des citations exactes.",
    "Transition practices of French territories and the 23 balises of the référentiel of the atelier « Villes "
    "pairs et territoires pilotes de la transition », from five documents of the Fabrique des transitions "
    "network: every fact traced to its document, every balise illustrated by verbatim quotes.")


#: dcat:version (DCAT 3), which rdflib's DCAT namespace object does not list
DCAT_VERSION = URIRef(str(DCAT) + "version")


def revised_sizes(store: GraphStore, former: GraphStore, rewritten: Mapping[str, int],
                  counted: tuple[URIRef, ...]) -> dict[str, int]:
    """The triples of each named graph of `store`, a new version of `former` in which only the graphs of
    `rewritten` (graph -> its triples now) and of `counted` (counted here, one graph each) changed: the others as
    `former`'s description gives them; counted whole when it has none."""
    sizes = {str(graph): int(n) for graph, n in run_sparql(former, read("describe-graph-sizes")).rows}
    if not sizes:
        return graph_sizes(store)
    sizes.update(rewritten)
    for graph in counted:
        sizes[str(graph)] = int(run_sparql(store, read("stats-graph-size"), {"graph": graph}).rows[0][0])
    return {graph: n for graph, n in sizes.items() if n}


def description_quads(store: GraphStore, sizes: Mapping[str, int] | None = None) -> Iterator[tuple]:
    """The description of the dataset in `store`, as quads of `graphe:description` (`sizes`: its named graphs'
    triples, when known; else counted)."""
    g = DESCRIPTION_GRAPH
    d = DATASET
    yield d, RDF.type, VOID.Dataset, g
    yield d, RDF.type, DCAT.Dataset, g
    for text, lang in zip(TITLE, ("fr", "en")):
        yield d, DCTERMS.title, Literal(text, lang=lang), g
    for text, lang in zip(DESCRIPTION, ("fr", "en")):
        yield d, DCTERMS.description, Literal(text, lang=lang), g
    yield d, OWL.versionInfo, Literal(__version__), g
    yield d, DCAT_VERSION, Literal(__version__), g
    yield d, DCTERMS.modified, Literal(time.strftime("%Y-%m-%d", time.gmtime()), datatype=XSD.date), g
    yield d, DCTERMS.license, URIRef("https://opensource.org/licenses/MIT"), g
    creator = URIRef(BASE + "contributeurs")
    yield d, DCTERMS.creator, creator, g
    yield creator, RDF.type, FOAF.Organization, g
    yield creator, FOAF.name, Literal("Balises contributors"), g
    for source, in run_sparql(store, read("describe-sources")).rows:  # each source keeps its own licence
        yield d, DCTERMS.source, source, g
    yield d, VOID.sparqlEndpoint, ENDPOINT, g
    for example in EXAMPLES:
        yield d, VOID.exampleResource, URIRef(BASE + example), g
    for prefix in VOCABULARIES:
        yield d, VOID.vocabulary, URIRef(PREFIXES[prefix]), g
    distribution = BNode()
    yield d, DCAT.distribution, distribution, g
    yield distribution, RDF.type, DCAT.Distribution, g
    yield distribution, DCAT.mediaType, Literal("application/n-quads"), g
    yield distribution, DCTERMS.description, Literal("balises export --format nquads", lang="en"), g
    total = 0
    for graph, triples in sorted((graph_sizes(store) if sizes is None else sizes).items()):
        total += int(triples)
        subset = BNode()
        yield d, VOID.subset, subset, g
        yield subset, RDF.type, VOID.Dataset, g
        yield subset, SD.name, URIRef(graph), g
        yield subset, VOID.triples, Literal(int(triples), datatype=XSD.integer), g
    yield d, VOID.triples, Literal(total, datatype=XSD.integer), g
    for cls, _, _, instances in run_sparql(store, read("stats-class-counts")).rows:
        partition = BNode()
        yield d, VOID.classPartition, partition, g
        yield partition, VOID["class"], cls, g
        yield partition, VOID.entities, Literal(int(instances), datatype=XSD.integer), g


__all__ = ["DATASET", "DESCRIPTION_GRAPH", "description_quads", "revised_sizes"]
