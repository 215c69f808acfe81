"""Validate stage: SHACL shapes plus the project's own integrity checks.

One entry function, `validate(loaded, settings)`, returns a `ValidationReport`
(data the CLI, the app and the tests all show). Each problem names the file,
the line, the entity, the rule and what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from ..quotes.integrity import Corpus, QuoteLocation, check_quotes
from ..rdf.namespaces import BAL, BASE, OA, SH, shorten
from ..rdf.prepared import remember_queries
from ..rdf.wellformed import iri_problem, literal_problem
from ..settings import Settings
from .clashes import find_clashes
from .load import REFERENCE_GRAPH, LoadedGraph, parse_file


class Severity(Enum):
    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One problem found in the inputs."""

    rule: str
    entity: str
    message: str
    file: str | None = None
    line: int | None = None
    value: str | None = None
    severity: Severity = Severity.VIOLATION

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file and self.line else (self.file or "?")
        value = f" (value: {self.value[:120]!r})" if self.value else ""
        return f"{where}: {self.entity}: [{self.rule}] {self.message}{value}"


@dataclass
class ValidationReport:
    """Every problem found; the data conforms when there is no violation."""

    problems: list[Problem] = field(default_factory=list)
    quotes_checked: int = 0
    quote_locations: list[QuoteLocation] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.VIOLATION]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, limit: int | None = 50) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        status = "conforms" if self.conforms else f"{len(self.violations)} violation(s)"
        lines.append(f"Validation: {status}; {self.quotes_checked} quotes checked against the corpus.")
        return "\n".join(lines)


def _where(loaded: LoadedGraph, settings: Settings, entity) -> tuple[str | None, int | None]:
    return _relative(settings, *loaded.line_of(entity))


def _where_triple(loaded: LoadedGraph, settings: Settings, triple: tuple, owner) -> tuple[str | None, int | None]:
    """The file that writes this triple, and the line of its named owner there."""
    path, _ = loaded.triple_at(triple)
    return _relative(settings, path, loaded.line_in(path, owner))


def _relative(settings: Settings, path, line) -> tuple[str | None, int | None]:
    if path is None:
        return None, None
    try:
        return str(path.relative_to(settings.home)), line
    except ValueError:
        return str(path), line


def _owner(graph: Graph, node):
    """The named entity a blank node hangs from (figure -> territory, selector -> evidence)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


def term_problems(loaded: LoadedGraph, settings: Settings,
                  graphs: set | None = None) -> tuple[list[Problem], set[tuple]]:
    """Ill-formed or absurd literals and IRIs (terms.py), and the triples that hold them (left out of SHACL); in
    the files of `graphs` only, when given."""
    problems, bad = [], set()
    for f in loaded.files:
        if graphs is not None and f.graph_iri not in graphs:
            continue
        for s, p, o in loaded.graphs[f.graph_iri]:
            found = [(f"literal on {shorten(str(p))}", literal_problem(o))] if isinstance(o, Literal) else \
                [("iri", iri_problem(t)) for t in (s, p, o) if isinstance(t, URIRef)]
            for rule, message in found:
                if message is None:
                    continue
                owner = _owner(loaded.union, s)
                file, line = _relative(settings, f.path, loaded.line_in(f.path, owner))
                problems.append(Problem(rule, _name(owner, s), message, file=file, line=line))
                bad.add((s, p, o))
    return problems, bad


def _name(owner, focus) -> str:
    entity = shorten(str(owner)) if isinstance(owner, URIRef) else f"blank node {owner}"
    return entity + (" (inner node)" if owner != focus else "")


def run_shapes(data: Graph, shapes: Graph) -> tuple:
    """pySHACL over `data` with the project's options (no inference, SHACL-AF, warnings allowed): (conforms, report
    graph, report text); the SPARQL constraints' queries parsed once, not once per focus node (rdf/prepared.py)."""
    remember_queries()
    return shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)


def shacl_problems(loaded: LoadedGraph, settings: Settings, leave_out: set[tuple] = frozenset(),
                   around: set | None = None) -> list[Problem]:
    """Run pySHACL with ontology/shapes.ttl over the union graph (bar the triples `leave_out`); on the nodes of
    `around` only, when given (an incremental build: what a change can affect): then the shapes see the
    neighbourhood of those nodes (neighbourhood), and only the results about them are kept."""
    shapes = parse_file(settings.shapes_file)
    if around is not None and not around:
        return []
    data = loaded.union if around is None else neighbourhood(loaded, around)
    if leave_out:
        kept = Graph()
        for triple in data:
            if triple not in leave_out:
                kept.add(triple)
        data = kept
    conforms, report, _ = run_shapes(data, shapes)
    problems = []
    if conforms:
        return problems
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if around is not None and focus not in around and _owner(loaded.union, focus) not in around:
            continue  # a node at the edge of the neighbourhood, seen without all its triples
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        severity = report.value(result, SH.resultSeverity)
        owner = _owner(loaded.union, focus)
        file, line = _where(loaded, settings, owner)
        if isinstance(shape, BNode):  # an inline property shape: name the node shape that holds it
            shape = next(shapes.subjects(SH.property, shape), shape)
        rule = shorten(str(shape)) if isinstance(shape, URIRef) else "shacl"
        if isinstance(path, URIRef):
            rule += f" on {shorten(str(path))}"
        problems.append(Problem(
            rule=rule, entity=_name(owner, focus), file=file, line=line,
            message=messages[0] if messages else "does not conform to its shape",
            value=None if value is None or isinstance(value, BNode) else
            shorten(str(value)) if isinstance(value, URIRef) else str(value),
            severity=Severity.VIOLATION if severity == SH.Violation else Severity.WARNING,
        ))
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.entity, p.rule))


def neighbourhood(loaded: LoadedGraph, nodes: set) -> Graph:
    """What the shapes need to judge `nodes`: the ontology, their triples both ways, the blank nodes below them
    (a figure, a quote's target and selector) with all of theirs, and the kinds of what they point to."""
    union, out = loaded.union, Graph()
    for f in loaded.files:
        if f.is_ontology:
            out += loaded.graphs[f.graph_iri]
    seen, todo = set(), list(nodes)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in union.triples((node, None, None)):
            out.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
            elif isinstance(triple[2], URIRef):
                for kind in union.objects(triple[2], RDF.type):
                    out.add((triple[2], RDF.type, kind))
        for triple in union.triples((None, None, node)):
            out.add(triple)
            if isinstance(triple[0], BNode):
                todo.append(triple[0])
    return out


def source_problems(loaded: LoadedGraph, settings: Settings) -> list[Problem]:
    """Every subject of the data is an entity with a source, or a node hanging from one (a figure, a quote's
    target); every IRI of the project used as a value is defined somewhere."""
    problems = []
    exempt = {BAL.SourceDocument, BAL.ExternalSource}
    union = loaded.union
    for f in loaded.files:
        if f.is_ontology:
            continue
        for entity in set(loaded.graphs[f.graph_iri].subjects()):
            if isinstance(entity, BNode):
                if isinstance(_owner(union, entity), BNode):
                    file, _ = _relative(settings, f.path, None)
                    problems.append(Problem("source", f"blank node {entity}", file=file, message=(
                        "a blank node that hangs from no named entity: nothing says where its facts come from; "
                        "write them on the entity they describe")))
                continue
            types = set(union.objects(entity, RDF.type))
            if types & exempt or (entity, PROV.wasDerivedFrom, None) in union:
                continue
            file, line = _relative(settings, f.path, loaded.line_in(f.path, entity))
            problems.append(Problem("source", shorten(str(entity)), file=file, line=line, message=(
                "has no prov:wasDerivedFrom: add the corpus document it comes from" if types else
                "has no rdf:type and no prov:wasDerivedFrom: say what it is and the corpus document it comes "
                "from, or remove its triples")))
    for s, p, o in union:
        if isinstance(o, URIRef) and str(o).startswith(BASE) and p not in (RDF.type, PROV.wasDerivedFrom) \
                and (o, RDF.type, None) not in union and (o, RDFS.label, None) not in union:
            owner = _owner(union, s)
            file, line = _where_triple(loaded, settings, (s, p, o), owner)
            problems.append(Problem("dangling-reference", shorten(str(owner)), file=file, line=line,
                                    value=shorten(str(o)),
                                    message=f"{shorten(str(p))} points to {shorten(str(o))}, which no file defines: "
                                            "fix the IRI's spelling or define it (type, label, source)"))
    return problems


def official_geography_problems(loaded: LoadedGraph, settings: Settings) -> list[Problem]:
    """No data file writes a link of the official geography (a bal:partOf between two units the reference
    knows, or from one of them to France): the reference graph is their only source (queries/25-check-...)."""
    reference = loaded.graphs.get(REFERENCE_GRAPH)
    if reference is None:
        return []
    official = set(reference.subjects(BAL.inseeCode, None)) | set(reference.subjects(BAL.siren, None))
    countries = set(loaded.union.subjects(RDF.type, BAL.Country))
    problems = []
    for f in loaded.files:
        if f.is_ontology or f.generated:
            continue
        for s, o in loaded.graphs[f.graph_iri].subject_objects(BAL.partOf):
            if s in official and (o in official or o in countries):
                file, line = _relative(settings, f.path, loaded.line_in(f.path, s))
                problems.append(Problem("official-geography", shorten(str(s)), file=file, line=line,
                                        value=shorten(str(o)), message=(
                    f"bal:partOf {shorten(str(o))} links two units of the official geography: remove it from the "
                    "data file; the build takes such links from data/reference/cog.json, with the reference as "
                    "source (say what the document writes in rdfs:comment)")))
    return problems


def clash_problems(loaded: LoadedGraph, settings: Settings) -> list[Problem]:
    """Entities of two kinds that exclude each other (clashes.py), at the line that makes them so."""
    problems = []
    for clash in find_clashes(loaded.union):
        file, line = _where_triple(loaded, settings, clash.triple, clash.triple[0])
        problems.append(Problem("disjoint-kinds", shorten(str(clash.entity)), str(clash), file=file, line=line))
    return problems


def quote_problems(loaded: LoadedGraph, settings: Settings) -> tuple[list[Problem], int, list[QuoteLocation]]:
    """Every oa:exact (and prefix, suffix, sourced definition) found verbatim in its corpus file."""
    found, located = check_quotes(loaded.union, Corpus(loaded.union, settings.corpus_dir, (settings.contrib_sources_dir,)))
    problems = []
    for q in found:
        file, line = _where(loaded, settings, q.entity)
        problems.append(Problem(f"quote-integrity on {q.prop}", shorten(str(q.entity)), file=file, line=line,
                                message=q.message, value=q.value))
    checked = sum(1 for _ in loaded.union.objects(None, OA.exact))
    return problems, checked, located


def validate(loaded: LoadedGraph, settings: Settings, focus: set | None = None,
             graphs: set | None = None) -> ValidationReport:
    """SHACL, sources, and quote integrity over the loaded inputs. An incremental build gives the nodes a change
    can affect (`focus`: the shapes are checked on them only) and the graphs it replaces (`graphs`: their terms
    only are checked); the other checks look at the whole union, which is fast."""
    report = ValidationReport()
    terms, ill_formed = term_problems(loaded, settings, graphs)
    report.problems.extend(terms)
    report.problems.extend(shacl_problems(loaded, settings, ill_formed, around=focus))
    report.problems.extend(source_problems(loaded, settings))
    report.problems.extend(clash_problems(loaded, settings))
    report.problems.extend(official_geography_problems(loaded, settings))
    quotes, checked, located = quote_problems(loaded, settings)
    report.problems.extend(quotes)
    report.quotes_checked = checked
    report.quote_locations = located
    return report


def quote_location_triples(report: ValidationReport) -> list[tuple]:
    """`?evidence bal:line N` for every quote found: where to look in the corpus file."""
    return [(loc.evidence, BAL.line, Literal(loc.line)) for loc in report.quote_locations]


__all__ = ["Problem", "Severity", "ValidationReport", "validate", "quote_location_triples"]
