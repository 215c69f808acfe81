"""The incremental build: when only data files changed (a curated file edited, a contributed sheet added or
removed), the new store is the current one with their graphs replaced, and what the change can affect redone.

1. **What changed.** The manifest of the current store keeps the SHA-256 of every file the build read
   (`hashes`), and of the project's version and derived reads (`texts`). Data files (`data/**/*.ttl`) added,
   removed or edited are built incrementally; any other change (ontology, shapes, queries, corpus texts, the
   official geography, extra graphs, the version) rebuilds everything, and `balises build` says which file.
2. **Load.** The changed files are parsed; the others are read back from the current store (the same triples,
   without parsing them again); the official geography graph is computed again from the new union.
3. **Validation and reasoning, side by side.** HermiT reasons on the whole curated graph as in a full build,
   in its own Java process, while the validation runs: the SHACL shapes on the nodes the change can affect (the
   subjects and objects of the triples added or removed, and the nodes pointing to them), the terms of the
   changed files, and the whole-graph checks that are fast (sources, dangling references, disjoint kinds, the
   official geography, every quote against its document).
4. **The new store** is a checkpoint of the current one (store/writing.py `revise_store`, its files
   hard-linked), in which the changed graphs, the inferred graph, the official geography and the build's
   metadata are replaced. The extra graphs loaded at scale and their entailments (graphe:infere/echelle) are
   kept: they do not depend on the curated data.
5. **Derived tables.** What changed has a signature (query/shape.py: the predicates of the triples added or
   removed, the classes of the memberships among them). Each materialised table records the shape of its
   query, i.e. which graphs it depends on (`tables` in the manifest); it is recomputed only when the change
   meets its shape, and kept otherwise. The search index and the computed tables record which tables they read:
   they are rebuilt only when one of those was. The dataset's description (its counts) is always redone.
6. **Swap.** The new version is published like any other (readers see the old store or the new one, never a
   mix); the build's summary says what was redone and why.

`balises build --force` rebuilds everything from the files, as before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from ..errors import ValidationError
from ..geo.links import affected_by
from ..query.library import NamedQuery
from ..query.shape import signature
from ..rdf.canonical import raw_difference
from ..rdf.namespaces import GRAPH, INFERRED_GRAPH, META_GRAPH, bind_prefixes
from ..settings import Settings
from ..store.oxigraph import OxigraphStore
from ..store.writing import revise_store
from .load import InputFile, LoadedGraph, official_geography, parse_file, provenance_triples, relative_name
from .reason import ReasoningResult, start
from .outcome import Outcome
from .retable import update_tables
from .validate import ValidationReport, quote_location_triples, validate

#: The prefix of the data files' graphs.
GRAPH_DATA = GRAPH["donnees/"]

@dataclass
class Plan:
    """The data files an incremental build replaces, by name relative to the project's home."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def parsed(self) -> set[str]:
        return set(self.changed) | set(self.added)

    def text(self) -> str:
        parts = [f"{name} ({how})" for names, how in ((self.changed, "edited"), (self.added, "new"),
                                                      (self.removed, "removed")) for name in names]
        return ", ".join(parts)


def plan(settings: Settings, manifest: Mapping | None, files: list[InputFile], hashes: Mapping[str, str],
         texts: str, extras: list) -> tuple[Plan | None, str]:
    """What an incremental build would replace, or None and why the whole store must be built."""
    if not manifest or "hashes" not in manifest or "tables" not in manifest:
        return None, "the current store does not record its inputs file by file (built by an earlier version)"
    if manifest.get("texts") != texts:
        return None, "the project's version, or a read the build materialises, changed"
    if sorted(manifest.get("extra", [])) != sorted(str(p) for p, _ in extras):
        return None, "the extra graphs given with --extra changed"
    old = manifest["hashes"]
    data = {relative_name(settings, f.path) for f in files if not f.is_ontology and not f.generated}
    data |= set(manifest.get("data_files", []))
    found = Plan(changed=sorted(n for n in hashes if n in old and old[n] != hashes[n]),
                 added=sorted(n for n in hashes if n not in old), removed=sorted(n for n in old if n not in hashes))
    others = [n for n in found.changed + found.added + found.removed if n not in data]
    if others:
        shown = ", ".join(others[:4]) + (f" and {len(others) - 4} more" if len(others) > 4 else "")
        return None, f"{shown} changed (not a data file)"
    return found, ""


def graph_of(store: OxigraphStore, graph: URIRef) -> Graph:
    """A named graph of the store as an rdflib graph."""
    out = Graph()
    for triple in store.graph_triples(graph):
        out.add(triple)
    return out


def load_changes(settings: Settings, files: list[InputFile], old: OxigraphStore,
                 found: Plan) -> tuple[LoadedGraph, dict[URIRef, tuple[set, set]], dict[URIRef, tuple[set, set]]]:
    """The inputs as a full build loads them (changed files parsed, the others read from the current store);
    for each data graph replaced, its triples (before, after) and the triples it loses and gains
    (rdf/canonical.py `raw_difference`, computed once here)."""
    loaded = LoadedGraph(files=files, graphs={})
    bind_prefixes(loaded.union)
    replaced: dict[URIRef, tuple[set, set]] = {}
    for f in files:
        if f.generated:
            continue
        if relative_name(settings, f.path) in found.parsed:
            graph = parse_file(f.path)
            replaced[f.graph_iri] = (old.graph_triples(f.graph_iri), set(graph))
        else:
            graph = graph_of(old, f.graph_iri)
        loaded.graphs[f.graph_iri] = graph
        loaded.union += graph
    current = {str(f.graph_iri) for f in files}
    for graph in old.graph_names():  # a removed file's graph: a data graph the inputs no longer have
        if graph.startswith(str(GRAPH_DATA)) and graph not in current:
            replaced[URIRef(graph)] = (old.graph_triples(URIRef(graph)), set())
    diffs = {graph: raw_difference(*pair) for graph, pair in replaced.items()}
    changed = set().union(*(gone | new for gone, new in diffs.values()))
    for f in files:  # (a removed territory loses its kind: a change of rdf:type, which the new union tells)
        if not f.generated:
            continue
        if affected_by(changed, loaded.union):
            graph = official_geography(f.path, loaded.union)
            replaced[f.graph_iri] = (old.graph_triples(f.graph_iri), set(graph))
            diffs[f.graph_iri] = raw_difference(*replaced[f.graph_iri])
        else:  # the change reads nothing the official geography is computed from
            graph = graph_of(old, f.graph_iri)
        loaded.graphs[f.graph_iri] = graph
        loaded.union += graph
    return loaded, replaced, diffs


def reasoned_on(triples: set, union: Graph) -> bool:
    """Whether HermiT sees any of these triples (reason.py `_reasoner_input`): an assertion between two IRIs, an
    axiom (OWL's terms, RDFS's hierarchy, domains and ranges), or a literal on a term of the ontology. A change
    of literals only (a label, a comment, a quote, a figure's value) leaves its conclusions as they were."""
    for s, p, o in triples:
        if str(p).startswith(str(OWL)) or p in _SCHEMA or isinstance(o, URIRef) and str(o).startswith(str(OWL)):
            return True
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if not isinstance(o, Literal) or any((s, RDF.type, kind) in union for kind in _OWL_TERMS):
            return True
    return False


_SCHEMA = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
_OWL_TERMS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Ontology)


def focus_nodes(loaded: LoadedGraph, diffs: Mapping[URIRef, tuple[set, set]]) -> set:
    """The nodes whose shapes a change can break: the subjects of the triples added or removed (a value more or
    less), the objects of the triples removed (a node losing what points to it: a shape's inverse path), the
    nodes pointing to a node that lost a kind (a shape's sh:class), and the named entities their blank nodes
    hang from; those still in the graph."""
    focus, unkinded = set(), set()
    for gone, new in diffs.values():
        focus.update(s for s, _, _ in new)
        for s, p, o in gone:
            focus.add(s)
            if not isinstance(o, Literal):
                focus.add(o)
            if p == RDF.type:
                unkinded.add(s)
    union = loaded.union
    for node in unkinded:
        focus.update(union.subjects(None, node))
    focus = {n for n in focus if (n, None, None) in union or (None, None, n) in union}
    for node in list(focus):
        while isinstance(node, BNode):
            parent = next(union.subjects(None, node), None)
            if parent is None or parent in focus:
                break
            focus.add(parent)
            node = parent
    return focus


def meta_triples(loaded: LoadedGraph, report: ValidationReport, reasoning: ReasoningResult) -> list[tuple]:
    """The build's own facts (graphe:meta): provenance of the graphs, where each quote is, when and how it was
    built."""
    triples = list(provenance_triples(loaded)) + list(quote_location_triples(report))
    triples += [(META_GRAPH, DCTERMS.created, Literal(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                                      datatype=XSD.dateTime)),
                (INFERRED_GRAPH, RDF.type, PROV.Entity),
                (INFERRED_GRAPH, DCTERMS.description, Literal(f"Inferred by {reasoning.reasoner}"))]
    return triples


def revise(settings: Settings, manifest: dict, found: Plan, files: list[InputFile], library: Mapping[str, NamedQuery],
           use_hermit: bool, timings: dict[str, float], new_manifest: dict,
           base: Path) -> tuple[dict, Outcome, LoadedGraph, ReasoningResult]:
    """Build the new store from the current one and the changed files (the module's steps 2-6); the manifest
    written, what was done, the loaded inputs and the reasoning."""
    t = time.perf_counter()
    old = OxigraphStore.open(settings.store)  # the current store: read until the new one is written
    try:
        return _revise(settings, manifest, found, files, library, use_hermit, timings, new_manifest, base, old, t)
    finally:
        old.close()


def _revise(settings, manifest, found, files, library, use_hermit, timings, new_manifest, base, old, t):
    loaded, replaced, diffs = load_changes(settings, files, old, found)
    replaced[INFERRED_GRAPH] = (old.graph_triples(INFERRED_GRAPH), None)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    parts = [(relative_name(settings, f.path), loaded.graphs[f.graph_iri], f.is_ontology) for f in loaded.files]
    data_graphs = set(diffs)
    again = reasoned_on(set().union(*(gone | new for gone, new in diffs.values())), loaded.union)
    running = start(loaded.union, use_hermit, parts) if again else None  # HermiT's Java works meanwhile
    try:
        report = validate(loaded, settings, focus=focus_nodes(loaded, diffs), graphs=data_graphs)
        timings["validate"] = time.perf_counter() - t
        if not report.conforms:
            raise ValidationError(f"the inputs do not validate, the store was not changed:\n{report.text()}", report)
        reasoning = running.result() if again else \
            ReasoningResult(inferred=replaced[INFERRED_GRAPH][0], reasoner=manifest.get("reasoner", "?"))
    finally:
        if running is not None:
            running.stop()
    timings["reason"] = time.perf_counter() - t - timings["validate"]
    outcome_reasoning = "rerun" if again else "not rerun (the change holds no assertion it reasons on)"
    replaced[INFERRED_GRAPH] = (replaced[INFERRED_GRAPH][0], set(reasoning.inferred))

    outcome = Outcome(reasoning=outcome_reasoning)
    t = time.perf_counter()

    def change(store: OxigraphStore) -> dict:
        meta, dated = set(meta_triples(loaded, report, reasoning)), set()
        for graph, (before, after) in {**replaced, META_GRAPH: (store.graph_triples(META_GRAPH), meta)}.items():
            gone, new = diffs[graph] if graph in diffs else raw_difference(before, after)
            if not gone and not new:
                continue
            store.drop_graph(graph)
            store.add_quads((s, p, o, graph) for s, p, o in after)
            outcome.change.add(before, after)  # as the store held and holds them (what the kept reads follow)
            outcome.graphs[str(graph)] = (len(gone), len(new))
            outcome.gone |= gone
            outcome.new |= new
            outcome.after[str(graph)] = after
            if graph == META_GRAPH:  # the build's own facts: only where the quotes are can change a table
                dated = {t for t in gone | new if t[1] == DCTERMS.created}
        outcome.changed = signature((outcome.gone | outcome.new) - dated)
        timings["store"] = time.perf_counter() - t
        started = time.perf_counter()
        # a second process for the tables recomputed whole, as the whole build at scale has (pipeline/helper.py)
        update_tables(store, old, library, manifest, outcome, new_manifest, base,
                      second=bool(manifest.get("extra")) and settings.build_processes > 1)
        timings["materialise"] = time.perf_counter() - started
        counted = {} if outcome.quads is None else {"triples": outcome.quads}
        return {"inferred": len(reasoning.inferred), "reasoner": reasoning.reasoner,
                "asserted": sum(len(loaded.graphs[f.graph_iri]) for f in loaded.files), **counted}

    written = revise_store(settings.store, change, new_manifest)
    return written, outcome, loaded, reasoning


__all__ = ["GRAPH_DATA", "Plan", "focus_nodes", "load_changes", "meta_triples", "plan", "reasoned_on", "revise"]
