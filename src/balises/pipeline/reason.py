"""Reason stage: OWL consistency and classification with HermiT (through owlready2).

The reasoner sees the ontology and the assertions between named entities
(class memberships and links between IRIs); literals and blank-node details
(figures, quote selectors) carry nothing it could reason on. Its conclusions,
plus the class and property hierarchy entailments (RDFS closure) that
owlready2 leaves implicit, form the inferred graph, kept apart from the
asserted one. An inconsistency is reported with the entities involved.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import ReasoningError
from ..rdf.namespaces import BASE
from ..system import launch
from ..system.failpoints import failpoint_soon
from .clashes import find_clashes

_OWL_KEYWORDS = {OWL.Thing, OWL.Nothing, OWL.NamedIndividual}


@dataclass
class ReasoningResult:
    """What the reasoner concluded beyond the asserted graph."""

    inferred: Graph
    reasoner: str
    consistent: bool = True


def _axiom_nodes(union: Graph) -> set:
    """The blank nodes of class axioms HermiT must see: owl:AllDisjointClasses and their member lists."""
    nodes = set()
    for axiom in union.subjects(RDF.type, OWL.AllDisjointClasses):
        nodes.add(axiom)
        item = union.value(axiom, OWL.members)
        while isinstance(item, BNode) and item not in nodes:
            nodes.add(item)
            item = union.value(item, RDF.rest)
    return nodes


def _reasoner_input(union: Graph) -> Graph:
    """Ontology axioms and IRI-to-IRI assertions: what HermiT can use."""
    graph = Graph()
    axioms = _axiom_nodes(union)
    for s, p, o in union:
        if s in axioms:
            graph.add((s, p, o))
            continue
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if p == OWL.sameAs and not (str(s).startswith(BASE) and str(o).startswith(BASE)):
            # links to GeoNames pages: reasoning on them would type the external IRIs as our territories;
            # between two of our entities, HermiT must see them (a territory the same as a person is refused)
            continue
        if isinstance(o, Literal):
            # schema annotations on ontology terms are harmless; data literals (dates, gYear...) are
            # outside the OWL 2 datatype map and carry nothing to classify.
            if (s, RDF.type, OWL.Class) in union or (s, RDF.type, OWL.ObjectProperty) in union \
                    or (s, RDF.type, OWL.DatatypeProperty) in union or (s, RDF.type, OWL.Ontology) in union:
                graph.add((s, p, o))
            continue
        graph.add((s, p, o))
    return graph


def rdfs_closure(graph: Graph) -> Graph:
    """Superclass memberships, superproperty values and transitive properties, materialised."""
    closure = Graph()
    superclasses: dict = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(None, RDF.type)):
        superclasses[cls] = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    for s, cls in list(graph.subject_objects(RDF.type)):
        for sup in superclasses.get(cls, ()):
            if isinstance(sup, URIRef) and sup not in _OWL_KEYWORDS:
                closure.add((s, RDF.type, sup))
    superprops = {p: set(graph.transitive_objects(p, RDFS.subPropertyOf)) - {p}
                  for p in set(graph.subjects(RDFS.subPropertyOf, None))}
    for p, sups in superprops.items():
        for s, o in graph.subject_objects(p):
            for sup in sups:
                closure.add((s, sup, o))
    inverses = list(graph.subject_objects(OWL.inverseOf))
    for p, q in inverses:
        for s, o in graph.subject_objects(p):
            closure.add((o, q, s))
        for s, o in graph.subject_objects(q):
            closure.add((o, p, s))
    for p in graph.subjects(RDF.type, OWL.TransitiveProperty):
        for s in set(graph.subjects(p, None)):
            for o in graph.transitive_objects(s, p):
                if o != s:
                    closure.add((s, p, o))
    return closure


_TMP_PREFIX = "balises-reason-"


def remove_stale_dirs() -> list[str]:
    """Remove the working directories of reasoner runs whose process is gone (a build killed while HermiT ran);
    their names."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(_TMP_PREFIX + "*"):
        try:
            pid = int(path.name[len(_TMP_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


#: HermiT runs once per build, for a few seconds: the JVM's quick compiler alone starts it a second sooner (the
#: optimising one pays off only on longer runs), and the serial collector suits a short single-threaded job.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def _java_launcher(tmp: Path, java: str) -> str:
    """An executable that owlready2 runs as `owlready2.JAVA_EXE`: Java started through balises.system.launch, so that
    it dies with this process (a build killed while HermiT works leaves no Java behind)."""
    script = tmp / "java"
    script.write_text(f'#!/bin/sh\nexec {shlex.join(launch.command([java, *JAVA_OPTIONS]))} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _hermit(input_graph: Graph) -> Graph:
    """Run HermiT on the graph; return every triple of the reasoned world. Its files live in a directory of
    this run (removed on every path; a killed run's directory is removed by the next one)."""
    import owlready2  # only when HermiT runs: owlready2 takes 0.3 s to import, and `--no-reasoner` needs none of it

    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if java is None:
        raise ReasoningError("Java is not installed: HermiT needs a Java runtime (Debian: apt-get install "
                             "default-jre-headless), or build with --no-reasoner")
    remove_stale_dirs()
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-"))
    saved = owlready2.JAVA_EXE, tempfile.tempdir
    timer = failpoint_soon("build:reasoning")
    try:
        # owlready2 writes its input to a NamedTemporaryFile that it leaves behind when HermiT fails:
        # in our directory, it goes with it.
        owlready2.JAVA_EXE, tempfile.tempdir = _java_launcher(tmp, java), str(tmp)
        path = tmp / "input.nt"
        input_graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise ReasoningError("inconsistent") from exc
        except owlready2.OwlReadyJavaError as exc:
            raise ReasoningError(f"HermiT failed: {str(exc).strip().splitlines()[-1][:500]}") from exc
        out = Graph()
        for s, p, o in world.as_rdflib_graph():
            out.add((s, p, o))
        world.close()
        return out
    finally:
        if timer is not None:
            timer.cancel()
        owlready2.JAVA_EXE, tempfile.tempdir = saved
        shutil.rmtree(tmp, ignore_errors=True)


def _inconsistency_message(parts: list[tuple[str, Graph, bool]]) -> str:
    """Which data files, each reasoned alone with the ontology, HermiT finds inconsistent."""
    head = ("HermiT finds the ontology and data inconsistent, and no entity has two kinds that exclude each other "
            "(the validation's check). ")
    ontology = Graph()
    for _, graph, is_ontology in parts:
        if is_ontology:
            ontology += graph
    if not parts:
        return head + "Reason the files one by one with the ontology to find the one it comes from."
    try:
        _hermit(_reasoner_input(ontology))
    except ReasoningError:
        return head + "The ontology alone is inconsistent: look at the last change under ontology/."
    culprits = []
    for name, graph, is_ontology in parts:
        if is_ontology:
            continue
        try:
            _hermit(_reasoner_input(ontology + graph))
        except ReasoningError:
            culprits.append(name)
    if culprits:
        return head + (f"Reasoned alone with the ontology, {', '.join(culprits)} is inconsistent: look there for a "
                       "class axiom of the data (owl:Nothing, owl:equivalentClass, owl:disjointWith, a restriction) "
                       "or a property of the ontology redefined.")
    return head + ("Each data file is consistent alone with the ontology: the inconsistency comes from two files "
                   "together (look at the last changes, and at owl:sameAs and property axioms across files).")


_ANONYMOUS = "http://anonymous"


def reason(union: Graph, use_hermit: bool = True, parts: list[tuple[str, Graph, bool]] = ()) -> ReasoningResult:
    """Check consistency, classify, and return the triples not asserted in `union`.

    `parts` (name, graph, is_ontology) are the files the union was made of: when HermiT finds an inconsistency
    that no clash explains, each data file is reasoned alone with the ontology to name the file(s) it comes from.
    """
    clashes = find_clashes(union)
    if clashes:
        raise ReasoningError("the ontology and data are inconsistent: " + "; ".join(map(str, clashes[:20])))
    reasoner_input = _reasoner_input(union)
    reasoned = reasoner_input
    name = "RDFS closure only"
    if use_hermit and os.environ.get("BALISES_REASONER", "hermit") != "none":
        try:
            reasoned = _hermit(reasoner_input)
        except ReasoningError as exc:
            if str(exc) == "inconsistent":
                raise ReasoningError(_inconsistency_message(parts)) from exc
            raise
        name = "HermiT (owlready2)"
    combined = Graph()
    for triple in reasoned:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            continue
        combined.add(triple)
    combined += reasoner_input
    combined += rdfs_closure(combined)
    inferred = Graph()
    for s, p, o in combined:
        if (s, p, o) in union or o in _OWL_KEYWORDS or p == OWL.sameAs and s == o:
            continue
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass) and s == o:
            continue
        if str(s) == _ANONYMOUS:  # owlready2's name for the ontology it reasoned over: no fact of ours
            continue
        inferred.add((s, p, o))
    return ReasoningResult(inferred=inferred, reasoner=name)
