"""The HTML documentation of the graph's vocabulary, as published ontologies have it, written into one folder
(`balises docs`, and `balises build` beside the store): `ontology.html`, the ontology documented by pyLODE (its OWL
profile, OntPub); `referentiel.html`, the référentiel's SKOS scheme (pages.py: pyLODE's VocPub profile renders
no concept); `index.html`, linking the two with the build's version and date.

Everything is read from the store (the ontology file's named graph, the référentiel's concepts), so the pages
describe what the store serves, on the embedded store or a remote endpoint alike."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .. import __version__
from ..errors import InputError, StoreError
from ..query.library import read
from ..query.run import run_sparql
from ..rdf.namespaces import BAL, GRAPH, PREFIXES, REF
from ..store import GraphStore
from ..system.atomic import write_text
from .pages import Concept, index_page, referentiel_page

#: The named graph of ontology/balises.ttl in the store.
ONTOLOGY_GRAPH = GRAPH["ontologie/balises"]
#: The pages written, in the folder.
PAGES = ("index.html", "ontology.html", "referentiel.html")
CLASS_TYPES = (OWL.Class,)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@dataclass
class DocsResult:
    """What `write_docs` wrote, and how much of the vocabulary its pages show (documented, defined)."""

    folder: Path
    classes: tuple[int, int]
    properties: tuple[int, int]
    enjeux: tuple[int, int]
    balises: tuple[int, int]
    seconds: float

    @property
    def complete(self) -> bool:
        return all(shown == defined for shown, defined in (self.classes, self.properties, self.enjeux, self.balises))

    def summary(self) -> str:
        counts = ", ".join(f"{shown}/{defined} {name}" for name, (shown, defined) in (
            ("classes", self.classes), ("properties", self.properties), ("enjeux", self.enjeux),
            ("balises", self.balises)))
        return (f"Wrote {', '.join(PAGES)} in {self.folder} ({self.seconds:.1f} s): {counts} documented.\n"
                f"Open {self.folder / 'index.html'}, or serve them with `balises serve --docs` (/docs/).")


def own_terms(ontology: Graph, types: tuple[URIRef, ...]) -> list[URIRef]:
    """The terms of the ontology's own namespace (bal:) declared with one of these types."""
    ns = str(BAL._NS)
    return sorted({s for t in types for s in ontology.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and str(s).startswith(ns)})


def ontology_graph(store: GraphStore) -> Graph:
    """ontology/balises.ttl as the store holds it (its named graph), with the project's prefixes."""
    triples = run_sparql(store, read("docs-graph"), {"graph": ONTOLOGY_GRAPH}).outcome.triples
    if not triples:
        raise StoreError(f"the store holds no ontology (no named graph {ONTOLOGY_GRAPH}): run `balises build`")
    # only the prefixes the ontology uses: pyLODE lists its namespaces by matching every term against every prefix
    # the graph binds (rdflib binds some thirty by default; the page took twice as long)
    terms = {str(term) for triple in triples for term in triple}
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        if any(term.startswith(namespace) for term in terms):
            graph.bind(prefix, namespace)
    # pyLODE lists terms, and a term's descriptions, in the order the graph gives them: the ontology's own terms
    # first, by IRI, and French before English
    own = str(BAL._NS)
    for triple in sorted(triples, key=lambda t: (not str(t[0]).startswith(own), str(t[0]), _language_rank(t[2]))):
        graph.add(triple)
    return graph


def _language_rank(term) -> int:
    return {"fr": 0, "en": 1}.get(term.language, 2) if isinstance(term, Literal) else 0


@contextmanager
def _root_logger_kept():
    """pyLODE's modules call `logging.basicConfig(level=DEBUG)` when imported and log its progress on the root
    logger: while it works the root logger has a handler that drops (so that basicConfig does nothing), then the
    process's logging is put back as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers[:] = [logging.NullHandler()]
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _background_ready() -> None:
    """pyLODE caches the ontologies it knows (its background) and their titles as pickles in its own package
    folder, written the first time it runs, in place: two builds starting at once on a fresh install (the test
    suite's two workers) read a half-written file, and every later run fails on it. One process at a time checks
    the caches and, when one is missing or unreadable, writes them again, under a lock beside them."""
    import fcntl  # imported here: POSIX only, and only this page needs it
    import pickle

    from pylode import utils  # imported here: see ontology_page

    folder = Path(utils.RDF_FOLDER)
    caches = (folder / "refs.pickle", folder / "refs_titles.pickle")
    with open(folder / "refs.pickle.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for cache in caches:
                try:
                    with open(cache, "rb") as handle:
                        pickle.load(handle)
                except FileNotFoundError:
                    continue
                except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                    cache.unlink()
            if not all(cache.is_file() for cache in caches):
                utils.load_background_onts_titles(utils.load_background_onts())  # parse, then write both
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ontology_page(ontology: Graph) -> str:
    """The ontology's page by pyLODE's OntPub, each term titled once in French and English."""
    with _root_logger_kept():
        try:
            from pylode import OntPub  # imported here: it takes a third of a second, and only this page needs it
        except ImportError as exc:
            raise InputError(f"pyLODE cannot be imported ({exc}): install the project's dependencies "
                             "(`pip install -e .`)") from exc

        class BilingualOntPub(OntPub):
            """OntPub shows every title of a term side by side ("territoireterritory"): keep one, French · English."""

            def _ontdoc_inference(self, g: Graph) -> None:
                super()._ontdoc_inference(g)
                for subject in set(g.subjects(DCTERMS.title, None)):
                    titles = sorted(g.objects(subject, DCTERMS.title), key=_language_rank)
                    texts = list(dict.fromkeys(str(t) for t in titles))
                    if len(titles) > 1:
                        g.remove((subject, DCTERMS.title, None))
                        g.add((subject, DCTERMS.title, Literal(" · ".join(texts))))

        _background_ready()
        page = BilingualOntPub(ontology).make_html()
    return page.replace("<html>", '<html lang="fr">', 1).replace(
        "<body>", '<body>\n<nav style="margin: 0.5rem 0 0 4rem"><a href="index.html">Documentation Balises</a> · '
                  '<a href="referentiel.html">Référentiel</a></nav>', 1)


def referentiel_rows(store: GraphStore, scheme: URIRef = REF.referentiel) -> tuple[dict, list[Concept]]:
    """The scheme's description and its enjeux and balises, from the store."""
    described = run_sparql(store, read("docs-scheme"), {"scheme": scheme}).records()
    if not described:
        raise StoreError(f"the store holds no concept scheme {scheme}: run `balises build`")
    concepts = [Concept(r["concept"], r["kind"].rsplit("#", 1)[-1], r["notation"], r["labelFr"] or "",
                        r["labelEn"] or "", r["definitionFr"] or "", r["definitionEn"] or "", r["broader"])
                for r in run_sparql(store, read("docs-concepts"), {"scheme": scheme}).records()]
    return described[0], concepts


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(page: str) -> str:
    """A page's text as a reader sees it (tags out, entities decoded, every run of blanks one space)."""
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def shown(text: str, graph: Graph, term: URIRef) -> bool:
    """The term's IRI, its labels and its definitions are all in the page's text."""
    said = [str(term), *(str(o) for p in (RDFS.label, SKOS.definition) for o in graph.objects(term, p))]
    return all(" ".join(s.split()) in text for s in said)


def write_docs(store: GraphStore, folder: Path) -> DocsResult:
    """Write the three pages into `folder` (created if need be), each file whole or not at all."""
    started = time.perf_counter()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write the documentation in {folder}: {exc.strerror or exc}") from exc
    ontology = ontology_graph(store)
    ontology_html = ontology_page(ontology)
    scheme, concepts = referentiel_rows(store)
    referentiel_html = referentiel_page(scheme, concepts)

    text = page_text(ontology_html)
    classes, properties = own_terms(ontology, CLASS_TYPES), own_terms(ontology, PROPERTY_TYPES)
    ref_text = page_text(referentiel_html)
    found = lambda kind: [c for c in concepts if c.kind == kind]  # noqa: E731
    in_page = lambda cs: sum(f"{c.notation} {c.label_fr}" in ref_text and c.label_en in ref_text for c in cs)  # noqa: E731
    built = run_sparql(store, read("docs-build")).plain_rows()
    stamp = {"version": __version__, "ontology_version": str(ontology.value(URIRef(BAL._NS.rstrip("#")),
                                                                           OWL.versionInfo) or "?"),
             "built": built[0][0] if built else "?", "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    pages = {"ontology.html": ontology_html, "referentiel.html": referentiel_html,
             "index.html": index_page(stamp, len(classes), len(properties), len(found("Enjeu")),
                                      len(found("Balise")))}
    try:
        for name, page in pages.items():
            write_text(folder / name, page)
    except OSError as exc:
        raise InputError(f"cannot write the documentation in {folder}: {exc.strerror or exc}") from exc
    return DocsResult(folder=folder,
                      classes=(sum(shown(text, ontology, t) for t in classes), len(classes)),
                      properties=(sum(shown(text, ontology, t) for t in properties), len(properties)),
                      enjeux=(in_page(found("Enjeu")), len(found("Enjeu"))),
                      balises=(in_page(found("Balise")), len(found("Balise"))),
                      seconds=time.perf_counter() - started)


__all__ = ["DocsResult", "ONTOLOGY_GRAPH", "PAGES", "own_terms", "page_text", "shown", "write_docs"]
