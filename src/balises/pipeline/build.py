"""The build: load -> validate -> reason -> store, skipped when the inputs have not changed; then the HTML
documentation of the ontology and the référentiel beside the store."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from rdflib import Graph


from .. import __version__
from ..catalog.docs import write_docs
from ..errors import BalisesError, ValidationError
from ..query.library import load_library
from ..rdf.namespaces import INFERRED_GRAPH, META_GRAPH
from ..settings import Settings
from ..store.oxigraph import OxigraphStore, read_manifest
from ..store.seen import Seen
from ..store.writing import write_store
from ..store.versions import Cleanup, build_lock, collect, current
from ..system.failpoints import failpoint
from ..system.memory import fewer_arenas
from .derive import SEEN_CLASSES, SEEN_PREDICATES, derive, hashed
from .incremental import Plan, meta_triples, plan, revise
from .retable import table_records
from .load import file_hashes, input_files, inputs_hash, load, parse_file, relative_name, texts_hash
from .hermit import remove_stale_dirs
from .reason import start
from .scale import closure_updates, entailment, extra_files, integrity_check, shacl_check
from .validate import ValidationReport, validate


@dataclass
class BuildResult:
    """What a build did, with its figures."""

    skipped: bool
    store: str
    inputs_hash: str
    asserted: int = 0
    inferred: int = 0
    total: int = 0
    extra: int = 0
    reasoner: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    report: ValidationReport | None = None
    cleanup: Cleanup = field(default_factory=Cleanup)
    docs: str = ""  # what became of the documentation, when it was written
    incremental: list[str] = field(default_factory=list)  # what an incremental build redid, and why
    why: str = ""  # why the whole store was built (an incremental build was not possible)
    docs_stale: bool = True  # whether the documentation must be written again

    def summary(self) -> str:
        cleaned = self.cleanup.summary()
        cleaned = f"\n{cleaned[0].upper()}{cleaned[1:]}." if cleaned else ""
        cleaned += f"\n{self.docs}" if self.docs else ""
        if self.skipped:
            return f"Store {self.store} is up to date (inputs unchanged); nothing to do.{cleaned}"
        times = ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items())
        extra = f", plus {self.extra} extra file(s) loaded at scale" if self.extra else ""
        how = "\n".join(["Incrementally: " + self.incremental[0], *(f"  {line}" for line in self.incremental[1:])]) \
            if self.incremental else f"Whole: {self.why}." if self.why else ""
        return (f"Built {self.store}: {self.asserted} curated triples, {self.inferred} inferred "
                f"({self.reasoner}){extra}, {self.total} quads in all. {times}.\n{how}{cleaned}".replace("\n\n", "\n"))


def check(settings: Settings, beside: Callable | None = None) -> tuple:
    """Load and validate without writing anything: (loaded, report, timings). `beside(loaded)`, when given, is
    called before the validation (the build starts its reasoning there, so that HermiT works meanwhile) and
    what it returns comes fourth; stopped (its `stop()`) when the validation fails."""
    timings = {}
    t = time.perf_counter()
    loaded = load(settings)
    timings["load"] = time.perf_counter() - t
    failpoint("build:loaded")
    started = beside(loaded) if beside is not None else None
    t = time.perf_counter()
    try:
        report = validate(loaded, settings)
    except BaseException:
        if started is not None:
            started.stop()
        raise
    timings["validate"] = time.perf_counter() - t
    return (loaded, report, timings) if beside is None else (loaded, report, timings, started)


def build(settings: Settings, force: bool = False, use_hermit: bool = True, extra: list | None = None,
          wait: bool = False) -> BuildResult:
    """Build the store at settings.store; raise (and keep the previous store) on any error.

    One build at a time: a second one refuses clearly, or waits for the first when `wait`. Leftovers of
    interrupted builds and former versions no reader holds are removed, before and after.
    `extra` directories hold large generated graphs (`balises synth`), loaded at scale (see extra.py).
    """
    fewer_arenas()  # before the store's threads start (system/memory.py)
    with build_lock(settings.store, wait=wait):
        failpoint("build:locked")
        cleanup = collect(settings.store)
        cleanup.interrupted += remove_stale_dirs()  # HermiT's files of a build killed while it reasoned
        result = _build(settings, force, use_hermit, extra)
        if (not result.skipped and result.docs_stale) or not (settings.docs_dir / "index.html").is_file():
            result.docs = _document(settings, result.timings)
        result.cleanup = cleanup.merge(collect(settings.store))
        return result


def _document(settings: Settings, timings: dict[str, float]) -> str:
    """The HTML documentation written from the new store, beside it; a failure is said, and the store stays built."""
    started = time.perf_counter()
    store = OxigraphStore.open(settings.store)
    try:
        return f"Documentation of the ontology and the référentiel: {write_docs(store, settings.docs_dir).folder}."
    except BalisesError as exc:
        return f"The documentation was not written ({exc}); `balises docs` writes it."
    finally:
        store.close()
        timings["docs"] = time.perf_counter() - started


def _quads(loaded, report: ValidationReport, reasoning) -> Iterator[tuple]:
    """What the new store holds before what the build derives: each input file in its graph, the inferences in
    graphe:infere, the build's own facts in graphe:meta (provenance of the graphs, where each quote is)."""
    for f in loaded.files:
        for s, p, o in loaded.graphs[f.graph_iri]:
            yield s, p, o, f.graph_iri
    for s, p, o in reasoning.inferred:
        yield s, p, o, INFERRED_GRAPH
    yield from ((s, p, o, META_GRAPH) for s, p, o in meta_triples(loaded, report, reasoning))


def _ontology(loaded) -> Graph:
    """The ontology files' triples (the hierarchies the extra graphs' closure follows)."""
    ontology = Graph()
    for f in loaded.files:
        if f.is_ontology:
            ontology += loaded.graphs[f.graph_iri]
    return ontology


def _record(settings: Settings, files: list, hashes: dict, texts: str) -> dict:
    """What the manifest keeps of the inputs, for the next build to tell which files changed."""
    return {"hashes": hashes, "texts": texts, "version": __version__,
            "files": [relative_name(settings, f.path) for f in files if not f.generated],
            "data_files": [relative_name(settings, f.path) for f in files if not f.is_ontology and not f.generated]}


def _incremental(settings: Settings, manifest: dict, found: Plan, files: list, hashes: dict, texts: str,
                 digest: str, use_hermit: bool) -> BuildResult:
    timings: dict[str, float] = {}
    base = current(settings.store)
    new_manifest = {**manifest, **_record(settings, files, hashes, texts), "inputs_hash": digest}
    written, outcome, _, reasoning = revise(settings, manifest, found, files, load_library(settings.queries_dir),
                                            use_hermit, timings, new_manifest, base)
    return BuildResult(skipped=False, store=str(settings.store), inputs_hash=digest, asserted=written["asserted"],
                       inferred=written["inferred"], total=written["triples"], extra=len(manifest.get("extra", [])),
                       reasoner=reasoning.reasoner, timings=timings,
                       incremental=[found.text(), *outcome.lines(),
                                    "documentation " + ("written again (the référentiel changed)" if outcome.docs
                                                        else "kept (neither the ontology nor the référentiel changed)")],
                       docs_stale=outcome.docs)


def _build(settings: Settings, force: bool, use_hermit: bool, extra: list | None) -> BuildResult:
    extras = extra_files(extra or [])
    files = input_files(settings)
    hashes = file_hashes(settings, files, [p for p, _ in extras])
    texts = texts_hash(hashed())
    digest = inputs_hash(settings, files, [p for p, _ in extras], hashed(), hashes=hashes)
    manifest = read_manifest(settings.store)
    if not force and manifest and manifest.get("inputs_hash") == digest:
        return BuildResult(skipped=True, store=str(settings.store), inputs_hash=digest)
    why = "asked (--force)" if force else "no store yet" if not manifest else ""
    if not why:
        found, why = plan(settings, manifest, files, hashes, texts, extras)
        if found is not None:
            return _incremental(settings, manifest, found, files, hashes, texts, digest, use_hermit)
    record = {"inputs_hash": digest, **_record(settings, files, hashes, texts)}
    return _whole(settings, use_hermit, extras, record, why)


def _checked(settings: Settings, use_hermit: bool, extras: list) -> tuple:
    """Load, validate (the extra files too) and reason, HermiT working while the validation runs: (loaded,
    report, timings, the extra files' shapes skipped, reasoning). The reason stage's time is what the build
    waited for it after the validation."""
    parts = lambda loaded: [(relative_name(settings, f.path), loaded.graphs[f.graph_iri], f.is_ontology)  # noqa: E731
                            for f in loaded.files]
    loaded, report, timings, running = check(settings, beside=lambda loaded: start(loaded.union, use_hermit,
                                                                                    parts(loaded)))
    try:
        failpoint("build:validated")
        if not report.conforms:
            raise ValidationError(f"the inputs do not validate, the store was not changed:\n{report.text()}",
                                  report)
        skipped_shacl: list[str] = []
        if extras:
            t = time.perf_counter()
            problems, skipped_shacl = shacl_check(extras, loaded.union, parse_file(settings.shapes_file))
            if problems:
                raise ValidationError("extra inputs do not validate, the store was not changed:\n"
                                      + "\n".join(problems))
            timings["validate extra"] = time.perf_counter() - t
        t = time.perf_counter()
        reasoning = running.result()
        timings["reason"] = time.perf_counter() - t
    finally:
        running.stop()
    return loaded, report, timings, skipped_shacl, reasoning


def _whole(settings: Settings, use_hermit: bool, extras: list, record: dict, why: str) -> BuildResult:
    """Build every graph from the files (load, validate, reason, write, derive)."""
    loaded, report, timings, skipped_shacl, reasoning = _checked(settings, use_hermit, extras)
    failpoint("build:reasoned")

    t = time.perf_counter()
    asserted = sum(len(loaded.graphs[f.graph_iri]) for f in loaded.files)
    ontology_graphs = [str(f.graph_iri) for f in loaded.files if f.is_ontology]
    library = load_library(settings.queries_dir)
    materialised: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    reads: dict[str, dict] = {}

    def derived(new_store):
        started = time.perf_counter()
        tables.update(table_records(new_store, library))
        timings["signatures"] = time.perf_counter() - started
        started = time.perf_counter()
        noted = lambda slug, seconds, rows: materialised.update({slug: {"rows": rows, "seconds": round(seconds, 3)}})  # noqa: E731
        # a second process for the table queries when the build loads files at scale (pipeline/helper.py); the
        # one-pass tables read what was noted as the store was written, when it saw every quad (store/seen.py)
        given = entailed.seen if entailed is not None and entailed.seen.whole else None
        yield from derive(new_store, library, noted, reads, second=bool(extras) and settings.build_processes > 1,
                          given=given)
        timings["materialise"] = time.perf_counter() - started

    ontology = _ontology(loaded) if extras else None
    entailed = entailment(ontology) if extras else None  # the class and property closures, as the files load
    if entailed is not None:
        entailed.seen = Seen(SEEN_PREDICATES, SEEN_CLASSES)
    written = write_store(settings.store, _quads(loaded, report, reasoning), {
        **record, "asserted": asserted,
        "inferred": len(reasoning.inferred), "reasoner": reasoning.reasoner,
        "extra": [str(p) for p, _ in extras], "extra_shacl_skipped": skipped_shacl,
        # filled as the tables are computed, before the manifest is written:
        "materialised": materialised, "tables": tables, "derived": reads,
    }, bulk=extras, updates=closure_updates(extras, ontology_graphs, ontology, entailed) if extras else (),
        check=integrity_check(extras, entailed) if extras else None, derive=derived, entail=entailed)
    timings["store"] = time.perf_counter() - t - timings.get("materialise", 0.0) - timings.get("signatures", 0.0)
    return BuildResult(skipped=False, store=str(settings.store), inputs_hash=record["inputs_hash"], asserted=asserted,
                       inferred=len(reasoning.inferred), total=written["triples"], extra=len(extras),
                       reasoner=reasoning.reasoner, timings=timings, report=report, why=why)
