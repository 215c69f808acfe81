"""Extra inputs beside the curated data: large generated graphs (`balises synth`) loaded at scale.

They do not go through rdflib: the store streams them in (`bulk_load`), each file in its own
named graph (`graphe:extra/<name>`). What the curated pipeline does in Python is done here in
the store, measured to hold at millions of triples:
- validation: pySHACL with the same shapes when the file is small enough (`SHACL_LIMIT` triples),
  and, always, the integrity queries (entity without source, project without territory) on the new
  store before it replaces the old one;
- reasoning: HermiT does not run at this size (see benchmarks/RESULTS.md); the RDFS entailments the
  curated graph gets (superclasses, superproperties, inverses, transitive bal:partOf) are
  materialised into a graph of their own (graphe:infere/echelle): the class and property hierarchies
  and the inverses as each N-Triples or Turtle file is read into the store (`entailment`, one pass),
  bal:partOf's closure from that pass once every file is read; an N-Quads file's by SPARQL Update.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDFS

from ..errors import ValidationError
from ..query.binding import compose
from ..query.keys import restrict
from ..query.library import read
from ..query.run import run_sparql
from ..rdf.escape import term_sparql
from ..store.files import Entailment, syntax_error
from ..rdf.namespaces import BAL, GRAPH, SCALE_INFERRED_GRAPH, SPARQL_PREFIXES
from .validate import run_shapes

SHACL_LIMIT = 250_000
SUFFIXES = {".nt", ".ttl", ".nq"}


def extra_files(dirs: list[Path]) -> list[tuple[Path, str]]:
    """The RDF files of the extra directories, each with its named graph IRI."""
    files = []
    for directory in dirs:
        directory = Path(directory)
        if not directory.is_dir():
            raise ValidationError(f"--extra {directory}: not a directory")
        for path in sorted(p for p in directory.rglob("*") if p.suffix in SUFFIXES):
            files.append((path, str(GRAPH["extra/" + path.stem])))
    return files


def line_count(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def shacl_check(files: list[tuple[Path, str]], curated: Graph, shapes: Graph) -> tuple[list[str], list[str]]:
    """Run pySHACL on each small enough file, with the curated graph it may point to; problems and skipped files."""

    problems, skipped = [], []
    for path, _ in files:
        if line_count(path) > SHACL_LIMIT:
            skipped.append(path.name)
            continue
        broken = syntax_error(path)
        if broken is not None:
            problems.append(f"{path}: not valid RDF ({broken}): fix the file and build again")
            continue
        data = Graph()
        data += curated
        data.parse(path)
        conforms, _, text = run_shapes(data, shapes)
        if not conforms:
            problems.append(f"{path}: does not conform to ontology/shapes.ttl:\n{text[:3000]}")
    return problems, skipped


def hierarchy(ontology: Graph, relation) -> list[tuple]:
    """Every (term, wider term) pair of the ontology's hierarchy (`rdfs:subClassOf` or `rdfs:subPropertyOf`),
    transitively, the term itself and blank nodes left out."""
    pairs = set()
    for term in set(ontology.subjects(relation, None)):
        if isinstance(term, URIRef):
            pairs |= {(term, wider) for wider in ontology.transitive_objects(term, relation)
                      if wider != term and isinstance(wider, URIRef)}
    return sorted(pairs)


def entailment(ontology: Graph) -> Entailment:
    """The RDFS entailments of the class and property hierarchies and the inverses, computed while each
    N-Triples or Turtle extra file is read into the store (store/files.py: one pass, where the SPARQL Updates took
    ~23 s at ~2M triples for the hierarchies, ~11 s for the inverses), into graphe:infere/echelle; the pass also
    finds each file's subjects without prov:wasDerivedFrom and projects without bal:territory, for the integrity
    check."""
    return Entailment(classes=_wider(ontology, RDFS.subClassOf), properties=_wider(ontology, RDFS.subPropertyOf),
                      graph=SCALE_INFERRED_GRAPH, without=PROV.wasDerivedFrom, inverses=inverses(ontology),
                      members_without=(BAL.Project, BAL.territory), transitive=(BAL.partOf, BAL.hasPart),
                      known=list(ontology.subject_objects(BAL.partOf)))


def inverses(ontology: Graph) -> dict[URIRef, list[URIRef]]:
    """Each property of an `owl:inverseOf` declaration of the ontology -> the properties declared its inverse, both
    ways (what the two SPARQL Updates of the inverses read, named: blank nodes left out)."""
    found: dict[URIRef, set[URIRef]] = {}
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            found.setdefault(p, set()).add(q)
            found.setdefault(q, set()).add(p)
    return {p: sorted(qs) for p, qs in found.items()}


def _wider(ontology: Graph, relation) -> dict[URIRef, list[URIRef]]:
    """Each term of the hierarchy -> its wider terms (`hierarchy`'s pairs, by term)."""
    found: dict[URIRef, list[URIRef]] = {}
    for term, wider in hierarchy(ontology, relation):
        found.setdefault(term, []).append(wider)
    return found


def closure_updates(files: list[tuple[Path, str]], ontology_graphs: list[str], ontology: Graph,
                    passed: Entailment | None = None) -> list[str]:
    """SPARQL Updates materialising the RDFS entailments of the extra graphs into graphe:infere/echelle. The class
    and property hierarchies and the inverses of the files that `passed` reads are entailed as they are loaded
    (`entailment`): their four updates read the other extra graphs only (an N-Quads file's), and are left out
    when there is none; the inverses' read them with the ontology's declarations of inverses (`GRAPH`, the
    ontology's graphs named). bal:partOf's closure, over every extra graph and the ontology's, is the pass's when
    it read every file (`Entailment.closure`, store/writing.py), else an update's (~5 s at ~2M). What the
    ontology's own graphs entail is in the curated inferred graph already: entailed here again, a query without
    an aggregate gave its rows twice at scale (the balises of each enjeu, the practices of each balise).

    Built here, not read from a file: each names, in USING clauses, the graphs of the files the user gave to
    `--extra` (and of the ontology), which only the command line says; and the class and property hierarchies
    come from the ontology as VALUES pairs (a few hundred), so that the store joins the memberships to them once
    instead of following rdfs:subClassOf+ from each of millions of memberships."""
    clauses = lambda graphs: "".join(f"USING <{g}>\n" for g in graphs)  # noqa: E731
    using = clauses([*(g for _, g in files), *ontology_graphs])
    rest = clauses(g for path, g in files if passed is None or not passed.reads(path))
    named = rest + "".join(f"USING NAMED <{g}>\n" for g in ontology_graphs)
    inferred = f"<{SCALE_INFERRED_GRAPH}>"
    pairs = lambda relation: " ".join(f"({term_sparql(a)} {term_sparql(b)})" for a, b in hierarchy(ontology, relation))  # noqa: E731
    # the texts, built here from the files and the ontology (the docstring says why)
    one_triple = (  # what the pass entails from the files it reads (store/files.py): for the others
        f"INSERT {{ GRAPH {inferred} {{ ?s a ?super }} }}\n{rest}WHERE {{ VALUES (?c ?super) {{ {pairs(RDFS.subClassOf)} }} "
        "?s a ?c }",
        f"INSERT {{ GRAPH {inferred} {{ ?s ?super ?o }} }}\n{rest}WHERE {{ "
        f"VALUES (?p ?super) {{ {pairs(RDFS.subPropertyOf)} }} ?s ?p ?o }}",
        f"INSERT {{ GRAPH {inferred} {{ ?o ?q ?s }} }}\n{named}WHERE {{ GRAPH ?declared {{ ?p owl:inverseOf ?q }} ?s ?p ?o }}",
        f"INSERT {{ GRAPH {inferred} {{ ?o ?p ?s }} }}\n{named}WHERE {{ GRAPH ?declared {{ ?p owl:inverseOf ?q }} ?s ?q ?o }}",
    ) if rest else ()
    closure = (f"INSERT {{ GRAPH {inferred} {{ ?a bal:partOf ?c . ?c bal:hasPart ?a }} }}\n{using}"
               "WHERE { ?a bal:partOf/bal:partOf+ ?c }",) if rest else ()  # else the pass's, once every file is read
    return [SPARQL_PREFIXES + body for body in (*one_triple, *closure)]


def integrity_check(files: list[tuple[Path, str]], passed: Entailment | None = None):
    """The check of a new store whose extra graphs hold `files` ((path, graph)): it refuses a store whose extra
    graphs hold a subject without a source (typed or not: every fact comes from a document), or whose projects
    lack a territory.

    The subjects to look for are those `passed` found without prov:wasDerivedFrom as it loaded each file (one pass,
    store/files.py); the store is then asked about them only (a source may come from another graph, an exemption
    from a class's subclass), where scanning every quad of the graph took ~40 s. A file the pass does not read
    (N-Quads), or with more such subjects than CANDIDATES, is scanned in the store, its graph named. The same
    for the projects: those each file types without giving their territory (`_projects`)."""

    def check(store) -> None:
        jobs = []
        for path, graph in files:
            found = passed.found.get(path) if passed is not None else None
            scan = found is None or len(found) > CANDIDATES
            sparql = compose(read("scale-subject-without-source" if scan else "scale-candidates-without-source"),
                             {"graph": URIRef(graph)})
            if scan or found:
                jobs.append(("subject without source (prov:wasDerivedFrom)",
                             sparql if scan else restrict(sparql, "e", found)))
        jobs.extend(_projects(files, passed))
        for label, sparql in jobs:
            rows = run_sparql(store, sparql).rows
            if rows:
                names = ", ".join(str(r[0]) for r in rows)
                raise ValidationError(f"the new store was refused: {label}: {names}")

    return check


def _projects(files: list[tuple[Path, str]], passed: Entailment | None) -> list[tuple[str, str]]:
    """The check of the projects without a territory: about the projects the pass found without one in their file
    (a territory may come from another graph), none when it found none; every project of the store when a file
    was not read by the pass (N-Quads), or left a blank node or more than CANDIDATES projects without one (~7 s
    at ~2M). The curated graph's projects are the shapes' (shape:Project: bal:territory, at least one)."""
    sparql = read("scale-project-without-territory")
    found = [passed.members_found.get(path) if passed is not None else None for path, _ in files]
    if any(projects is None for projects in found) or sum(len(projects) for projects in found) > CANDIDATES:
        return [("project without territory", sparql)]
    projects = set().union(*found)
    return [("project without territory", restrict(sparql, "e", projects))] if projects else []


#: Beyond this many subjects without a source in its file, an extra graph is scanned in the store.
CANDIDATES = 20_000


__all__ = ["CANDIDATES", "SHACL_LIMIT", "closure_updates", "entailment", "extra_files", "integrity_check", "shacl_check"]
