"""What the build derives from the new store, after the data and the inferences: the registry of what it
precomputes, and the step that computes it.

1. the materialised tables (query/tables.py): every library query marked `# materialise: yes`, with its default
   bindings, and every fixed read of the analysis, of the explorer's labels and of the class counts;
2. the quote search index (quotes/search.py), from the quote bank's tables just written: its file beside the
   store, in the new version's directory, and the search graph;
3. what the analysis computes in Python from those tables (the analogous cases' features);
4. the dataset's VoID and DCAT description, with its counts (describe.py).

The texts and layouts of all of it are part of the build's input hash (`hashed`): a change to a read rebuilds.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import orjson
from rdflib import BNode
from rdflib.namespace import DCTERMS, ORG, RDFS, SKOS

from ..analysis import features
from ..query.library import reads
from ..query.binding import compose
from ..query.keys import restrict
from ..query.run import run_sparql
from ..query.shape import Recorder
from ..query.tables import answer_cells, cells_quads, computed_key, result_key, revise_cells, table_quads
from ..query.kept import KEPT_DIR, Change, Kept
from ..query.onepass import NotOnePass, Reads
from ..analysis.analogue_rows import ONE_PASS as ANALOGUE_TABLES
from ..analysis.balise_rows import ONE_PASS as BALISE_TABLES
from ..analysis.facet_rows import ONE_PASS as FACET_TABLES
from ..analysis.network_rows import ONE_PASS as NETWORK_TABLES
from ..catalog.label_rows import ONE_PASS as LABEL_TABLES
from ..quotes.bank_rows import ONE_PASS as BANK_TABLES
from ..quotes.fulltext import INDEX_FILE
from ..quotes.search import LAYOUT as SEARCH_LAYOUT
from ..quotes.search import build_index
from ..errors import StoreError
from ..rdf.namespaces import BAL, OA, SCHEMA
from ..store import GraphStore, QueryOutcome
from ..store.oxigraph import EngineTerms, to_ox
from ..store.seen import Seen
from .describe import description_quads
from .helper import Helper, Job

Report = Callable[[str, float, int], None]
#: From how many key values a one-pass table is computed in Python rather than by its query restricted to them
#: (an incremental build): below, the restricted query's lookups cost less than reading each predicate whole (at
#: ~2M triples, 5 000 quotes: 30-quote-bank 6.2 s restricted, 16.7 s in one pass; quotes-facets 4.5 s, 8.5 s).
ONE_PASS_FROM = 10_000
#: How many key values one restricted query binds: Oxigraph's time grows faster than the number of values past a
#: few hundred (quotes-facets at ~2M: 5 000 quotes in one query 37 s, in batches of 500 4.5 s).
RESTRICTED = 500
#: The tables whose key has so few values (a balise's notation: 23), or values so wide (a facet value such as
#: France, whose row counts every project), that a restricted query reads most of the graph anyway: computed in
#: Python whatever the number of values.
ALWAYS_ONE_PASS = {"12-balise-cooccurrence", "13-balise-theme", "34-facet-values"}
#: The tables computed in Python from one read of each predicate (query/onepass.py), by name.
ONE_PASS = {**BANK_TABLES, **BALISE_TABLES, **LABEL_TABLES, **ANALOGUE_TABLES, **NETWORK_TABLES, **FACET_TABLES}
#: The one-pass tables a build in two processes computes in the second, with the table queries: the two
#: processes then take about as long each at ~2M (the first has the quote bank's tables, the tables that share
#: their reads, and the search index); the count of involved actors and the facets share the labels' reads, the
#: balises' three tables theirs.
SECOND_ONE_PASS = ("38-labels", "facts-involved", "34-facet-values", "12-balise-cooccurrence", "13-balise-theme",
                   "17-enjeux-overview")
#: The keyed tables whose rows an incremental build at scale has the second process answer (pipeline/retable.py),
#: after its own tables: 14-documents counts in sub-queries every thing derived from each document its rows are
#: of (a sheet's documents: 0.8-1.1 s at ~2M, a VALUES does not narrow a count), while the second process had a
#: second to spare; the others take 0.1 s or less, and the second process would finish last with them.
ROWS_BESIDE = ("14-documents",)
#: What the one-pass tables of a whole build at scale read (query/onepass.py `Reads`, in both processes): noted as
#: the store is written (store/seen.py) rather than read back from the engine at ~13 µs a row; a read left out of
#: these is the engine's, as before (the same rows, only slower).
SEEN_PREDICATES = tuple(str(term) for term in (
    BAL.about, BAL.actorCategory, BAL.actsIn, BAL.fromPerimeter, BAL.illustrates, BAL.involvedActor,
    BAL.involvedIn, BAL.keyQuote, BAL.line, BAL.participatingTerritory, BAL.partOf, BAL.programme, BAL.section,
    BAL.speaker, BAL.status, BAL.territory, BAL.theme, BAL.throughProject, BAL.toPerimeter, DCTERMS.date,
    OA.exact, OA.hasSelector, OA.hasSource, OA.hasTarget, ORG.member, RDFS.label, SCHEMA.superEvent, SKOS.broader,
    SKOS.definition, SKOS.notation, SKOS.prefLabel))
SEEN_CLASSES = tuple(str(term) for term in (
    BAL.Actor, BAL.ActorCategory, BAL.Balise, BAL.Enjeu, BAL.Evidence, BAL.Programme, BAL.Project,
    BAL.SystemicLeap, BAL.Territory, BAL.Theme))
#: What the search index is called where the build records what it read.
SEARCH_INDEX = "search-index"


def fixed_reads() -> dict[str, str]:
    """The internal reads marked `# materialise: yes` (query/reads/: the analysis's, the explorer's labels, the
    class counts), by name: materialised like the marked library queries."""
    return {slug: q.text for slug, q in reads().items() if q.materialise}


#: The order of a computed table's rows: by IRI (as analysis/features.py computes them, and a revision keeps them).
COMPUTED_ORDER = [("s", False)]


def computed_tables() -> dict[str, tuple[str, Callable]]:
    """The tables the build computes in Python, by name: (layout, function of a store giving `(iri, record)`
    rows). The layout names what a record holds; it is part of the table's key and of the build's input hash."""
    return dict(features.COMPUTED)


def hashed() -> list[tuple[str, str]]:
    """(name, text) of everything derived, for the build's input hash."""
    return sorted({**fixed_reads(), "search-index": SEARCH_LAYOUT,
                   **{name: layout for name, (layout, _) in computed_tables().items()}}.items())


def table_jobs(library: Mapping, reads: Mapping[str, str] | None = None) -> list[tuple[str, str, dict]]:
    """The tables the build materialises: (name, query text, default bindings), library queries first."""
    jobs = [(q.slug, q.text, q.bindings({})) for q in library.values() if q.materialise]
    return jobs + [(name, text, {}) for name, text in (fixed_reads() if reads is None else reads).items()]


def table_batch(store: GraphStore, job: Job, created: str, reads: Reads | None = None) -> tuple[list | None, int]:
    """One table's quads and its number of rows; None when it is not kept (not a SELECT, or blank nodes, which
    would not keep their identity across a table: answered live)."""
    name, sparql, key = job
    outcome = table_answer(store, name, sparql, reads=reads)
    if outcome.kind != "select" or any(isinstance(v, BNode) for row in outcome.rows for v in row):
        return None, 0
    return table_quads(name, key, outcome, created), len(outcome.rows)


def _jobs(library: Mapping, reads: Mapping[str, str] | None = None, only: set[str] | None = None) -> list[Job]:
    """The table jobs (name, composed query, key), the one-pass tables first (they share their reads)."""
    return [(name, compose(text, bindings), result_key(text, bindings))
            for name, text, bindings in sorted(table_jobs(library, reads), key=lambda job: job[0] not in ONE_PASS)
            if only is None or name in only]


#: Where the reads of the one-pass tables are kept (query/kept.py): (the new version's directory of them, the former
#: version's or None, the change between the two stores or None).
KeptPlan = tuple[Path, Path | None, Change | None]


#: A keyed table's rows to answer again (pipeline/keyed_rows.py): (name, its query composed, its key variable,
#: the key's values, whether the values enter its OPTIONALs: query/keys.py restrict).
RowsJob = tuple[str, str, str, list, bool]


def computed(store: GraphStore, jobs: list[Job | RowsJob], created: str, kept: KeptPlan | None = None,
             given: Seen | Path | None = None) -> Iterator[tuple[str, float, int, list | None]]:
    """Each job's table, in order: (name, seconds, rows, its quads or None when it is not kept), or for a RowsJob
    its rows as SPARQL JSON bindings; the one-pass tables, first in `jobs`, share their reads (then let go),
    taken from and left in the kept reads of `kept` (on the engine's store only), else from what the build noted
    as it wrote the store (`given`, or the file it was written to: store/seen.py)."""
    given = Seen.load(given) if isinstance(given, Path) else given  # (a file: the second process)
    shared: Reads | None = Reads(store, kept=Kept(*kept, convert=to_ox, terms=EngineTerms) if kept else None,
                                 given=given)
    for job in jobs:
        if job[0] not in ONE_PASS:
            shared = None
        started = time.perf_counter()
        if len(job) == 5:
            found = fresh_rows(store, *job)
            yield job[0], time.perf_counter() - started, len(found), found
            continue
        quads, rows = table_batch(store, job, created, shared)
        yield job[0], time.perf_counter() - started, rows, quads


def _tables(store: GraphStore, jobs: list[Job], report: Report | None, created: str,
            given: Seen | None = None) -> Iterator[list[tuple]]:
    for name, seconds, rows, quads in computed(store, jobs, created, given=given):
        if quads is not None:
            yield quads
            if report:
                report(name, seconds, rows)


def now() -> str:
    """The time a table is written at (its `dcterms:created`)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def materialise(store: GraphStore, library: Mapping, report: Report | None = None,
                reads: Mapping[str, str] | None = None, only: set[str] | None = None) -> Iterable[list[tuple]]:
    """Run every library query marked `materialise: yes` with its default bindings, and every fixed read (those
    named in `only`, when given); yield each table's quads (one table at a time in memory)."""
    yield from _tables(store, _jobs(library, reads, only), report, now())


def table_answer(store: GraphStore, name: str, sparql: str, only: set | None = None, key: str = "",
                 reads: Reads | None = None, optionals: bool = False) -> QueryOutcome:
    """A table's answer to its query (`sparql`, composed), of the values `only` of its `key` when given: computed in
    Python for the tables of ONE_PASS (query/onepass.py: the same rows, from one read of each predicate), else the
    query's (restricted to those values: query/keys.py)."""
    if name in ONE_PASS and (only is None or len(only) >= ONE_PASS_FROM or name in ALWAYS_ONE_PASS):
        try:
            return ONE_PASS[name](store, sparql, only=only, reads=reads)
        except NotOnePass:
            pass  # what it cannot tell as SPARQL would: the query tells it
    if only is None:
        return run_sparql(store, sparql).outcome
    values = sorted(only, key=str)
    found = [run_sparql(store, restrict(sparql, key, values[start:start + RESTRICTED], optionals)).outcome
             for start in range(0, max(len(values), 1), RESTRICTED)]
    return QueryOutcome(kind="select", columns=found[0].columns, rows=[row for part in found for row in part.rows])


def fresh_rows(store: GraphStore, name: str, sparql: str, key: str, values: Iterable, optionals: bool = False,
               reads: Reads | None = None) -> list[dict]:
    """The rows of these values of a keyed table's `key`, answered again (SPARQL JSON bindings; a RowsJob's)."""
    return answer_cells(table_answer(store, name, sparql, only=set(values), key=key, reads=reads, optionals=optionals))


def compute_tables(store: GraphStore, report: Report | None = None,
                   only: set[str] | None = None) -> Iterable[list[tuple]]:
    """Compute every table of `computed_tables()` (those named in `only`, when given) on the new store (after the
    tables they read); yield each table's quads."""
    created = now()
    for name, (layout, compute) in computed_tables().items():
        if only is not None and name not in only:
            continue
        started = time.perf_counter()
        cells = _computed_cells(compute(store))
        yield cells_quads(name, computed_key(name, layout), ["s", "json"], cells, created)
        if report:
            report(name, time.perf_counter() - started, len(cells))


def revise_computed(store: GraphStore, source: GraphStore, name: str, only: set[str], report: Report | None = None,
                    ) -> int | None:
    """Compute again, in the computed table `name` of `store`, the records of the IRIs `only` (read from `source`:
    the store, or what records its reads); their rows replaced, those of IRIs that no longer have one removed. The
    table's rows, or None when the store has no such table (compute it whole)."""
    layout, compute = computed_tables()[name]
    started = time.perf_counter()
    rows = revise_cells(store, name, computed_key(name, layout), "s", only, _computed_cells(compute(source, only)),
                        COMPUTED_ORDER, now())
    if report and rows is not None:
        report(name, time.perf_counter() - started, rows)
    return rows


def _computed_cells(records: Iterable[tuple[str, dict]]) -> list[dict]:
    """A computed table's rows as SPARQL JSON bindings (`s`, the record's IRI; `json`, the record), in order."""
    return [{"s": {"type": "uri", "value": iri}, "json": {"type": "literal", "value": orjson.dumps(record).decode()}}
            for iri, record in records]


def table_keys(library: Mapping) -> dict[str, str]:
    """The key of every table the build writes -> its name (to tell which tables a computation read)."""
    keys = {result_key(text, bindings): name for name, text, bindings in table_jobs(library)}
    return keys | {computed_key(name, layout): name for name, (layout, _) in computed_tables().items()}


def second_process(store: GraphStore, library: Mapping, only: set[str], created: str | None = None,
                   former: Path | None = None, change: Change | None = None,
                   rows: list[RowsJob] = (), given: Seen | None = None) -> Helper | None:
    """A second process computing the tables `only` (all of them whole), then the keyed tables' `rows`, on a
    snapshot of `store`, or None for a store not on disk; its tables come from `results`, in the order of the jobs
    (each job's outcome from `outcomes`). What its one-pass tables read is kept in the new version's directory
    (query/kept.py), taken from the `former` version's with the `change` when given (an incremental build), else
    from what the build noted as it wrote the store (`given`: handed over in the file the store's writing wrote,
    removed by `derive`)."""
    if not getattr(store, "directory", None):
        return None
    plan: KeptPlan = (store.directory / KEPT_DIR, former, change)
    handed = store.directory / Seen.FILE if given is not None else None  # written by the store's writing
    return Helper(store, _jobs(library, only=only) + list(rows), partial(computed, kept=plan, given=handed),
                  created or now())


def derive(store: GraphStore, library: Mapping, report: Report, reads: dict | None = None, second: bool = False,
           given: Seen | None = None) -> Iterator[list[tuple]]:
    """Everything the build derives from the new store, in order, as batches of quads. `reads` receives, for the
    search index and each computed table, which tables it read (what an incremental build compares). `second`:
    the tables computed by a query, and the one-pass tables of SECOND_ONE_PASS, go to a second process
    (pipeline/helper.py) while this one computes the quote bank's and the analogues' one-pass tables and the search
    index (a store on disk, at scale: starting it costs a second or two). `given`: what the build noted of the
    store as it wrote it (store/seen.py), which the one-pass tables read rather than the engine."""
    created, jobs = now(), _jobs(library)
    beside = {name for name, _, _ in jobs if name not in ONE_PASS or name in SECOND_ONE_PASS} if second else set()
    helper = second_process(store, library, beside, created, given=given) if beside else None
    if helper is None:
        beside = set()
    try:
        yield from _tables(store, [job for job in jobs if job[0] not in beside], report, created, given)
        if given is not None:
            given.drop()  # the second process's reads, not wanted here
        directory = getattr(store, "directory", None)  # the new version's: the index file is swapped with it
        recorder = Recorder(store)
        yield from build_index(recorder, library, directory / INDEX_FILE if directory else None)
        keys = table_keys(library)
        found = {SEARCH_INDEX: recorder.reads(keys)}
        early = set(found[SEARCH_INDEX]["tables"]) & beside
        if early:
            raise StoreError(f"the search index read {', '.join(sorted(early))} before the second process gave "
                             "it: compute it in this process (query/onepass.py) or wait for the helper first")
        if helper is not None:
            yield from helper.results(report)
        recorder = Recorder(store)  # one for the computed tables: the network's facts they share are read once
        yield from compute_tables(recorder, report)
        found.update({name: recorder.reads(keys) for name in computed_tables()})
    finally:
        if helper is not None:
            helper.close()
        if given is not None and getattr(store, "directory", None):
            (store.directory / Seen.FILE).unlink(missing_ok=True)  # handed to the second process, or not read
    if reads is not None:
        reads.update(found)
    yield list(description_quads(store))  # last: it counts what is above
