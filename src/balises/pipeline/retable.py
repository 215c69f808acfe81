"""What an incremental build redoes of the derived data (pipeline/incremental.py, step 5): the materialised
tables whose query reads what changed (a keyed table, query/keys.py: only its affected rows, pipeline/keyed_rows.py),
the search index and the computed tables when a table they read was redone (the analogues' features: only the
records the change reaches, analysis/feature_scope.py), and the dataset's description (its counts); and
what the manifest records for the next build to compare (each table's shape and graphs, what the index and the
computed tables read)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Mapping

from rdflib import URIRef
from rdflib.namespace import RDF

from ..analysis.feature_scope import feature_scope
from ..query.binding import compose
from ..query.keys import Remembering, order_of
from ..query.kept import KEPT_DIR, Kept
from ..query.plain import carry as carry_plain, prune as prune_plain
from ..query.patterns import bound_before_optionals, patterns, unions
from ..query.library import NamedQuery, read
from ..query.onepass import Reads
from ..query.run import rows_for, run_sparql
from ..query.shape import ANY, ANY_CLASS, Recorder, meets, shape, signature
from ..query.tables import RESULTS_GRAPH, computed_key, result_key, table_subjects
from ..quotes.fulltext import INDEX_FILE
from ..quotes.search import INDEX_KEY, SEARCH_GRAPH, build_index
from ..rdf.namespaces import REF
from ..store.oxigraph import OxigraphStore
from ..system.atomic import link_or_copy
from .derive import (ALWAYS_ONE_PASS, ROWS_BESIDE, SEARCH_INDEX, compute_tables, computed_tables, materialise,
                     revise_computed, second_process, table_jobs, table_keys)
from .keyed_rows import by_rows, keyed_tables, revise_rows, told, update_rows
from .outcome import Outcome
from .describe import DESCRIPTION_GRAPH, description_quads, revised_sizes

#: The reads of the HTML documentation that an edit of the data can change (the référentiel's pages): the pages
#: are written again when their answers differ between the current store and the new one.
DOCS_READS = ("docs-scheme", "docs-concepts")
REFERENTIEL = REF["referentiel"]


def table_records(store, library: Mapping[str, NamedQuery]) -> dict[str, dict]:
    """Each materialised table's record: its key, the shape of its query, and the graphs holding what it reads
    (graph_signatures); for a keyed table, its patterns and its order (query/keys.py), read once here rather than
    by every build."""
    records = {}
    keyed = keyed_tables(library)
    for name, text, bindings in table_jobs(library):
        sparql = compose(text, bindings)
        records[name] = {"key": result_key(text, bindings), "reads": sorted(shape(sparql))}
        if name in keyed:
            records[name].update(by=keyed[name], order=order_of(sparql),
                                 patterns=[p.to_json() for p in patterns(sparql)], unions=unions(sparql),
                                 optionals=bound_before_optionals(sparql, keyed[name]))
    signatures = graph_signatures(store, {t for record in records.values() for t in record["reads"]})
    for record in records.values():
        record["graphs"] = sorted(g for g, terms in signatures.items() if meets(record["reads"], terms))
    return {name: {k: record[k] for k in ("key", "reads", "graphs", "by", "order", "patterns", "unions", "optionals")
                   if k in record}
            for name, record in records.items()}


def graph_signatures(store, terms: set[str]) -> dict[str, list[str]]:
    """The signature of every named graph of the store but the derived ones, as far as the tables read (`terms`,
    their shapes): which of those predicates and memberships it holds, "a *" when it holds any membership, "*"
    when it holds anything. One index lookup per graph and term (a scan of the store took 15-20 s at ~2M
    triples)."""
    derived = {str(RESULTS_GRAPH), str(SEARCH_GRAPH), str(DESCRIPTION_GRAPH)}
    asked = [({"p": RDF.type, "o": URIRef(t[2:])} if t.startswith("a ") else {"p": URIRef(t)}, t)
             for t in sorted(terms - {ANY, ANY_CLASS})]
    asked += [({"p": RDF.type}, ANY_CLASS), ({}, ANY)]
    found: dict[str, list[str]] = {}
    for graph in sorted(set(store.graph_names()) - derived):
        held = [term for bindings, term in asked
                if store.query(compose(read("graph-holds"), {"graph": URIRef(graph), **bindings})).boolean]
        if held:
            found[graph] = held
    return found


def update_tables(store: OxigraphStore, old: OxigraphStore, library: Mapping[str, NamedQuery], manifest: dict,
                  outcome: Outcome, new_manifest: dict, base: Path, second: bool = False) -> None:
    """Recompute the tables the change can affect (a keyed table: only its affected rows), then what reads them.
    `old` is the current store, `store` the new version being written; `second`: with a second process."""
    materialised = dict(manifest.get("materialised", {}))
    noted = lambda slug, seconds, rows: materialised.update({slug: {"rows": rows, "seconds": round(seconds, 3)}})  # noqa: E731
    derived = dict(manifest.get("derived", {}))
    done: set[str] = set()

    def free(names, pending: set[str]) -> bool:
        """Whether none of these read a table the second process computes (none pending: all are free)."""
        return not pending or all(name in derived and not set(derived[name]["tables"]) & pending for name in names)

    def meanwhile(redone: set[str], pending: set[str]) -> None:
        """The search index, then the computed tables, while the second process computes its tables: each
        unless it read one of them (or the store has no record of what it read)."""
        if free([SEARCH_INDEX], pending):
            derived.update(_index(store, library, derived, redone, outcome, base))
            done.add(SEARCH_INDEX)
        if free(computed_tables(), pending):
            derived.update(_computed(store, old, library, derived, redone, outcome, noted))
            done.add("computed")

    # the tables the index and the computed tables read are computed here when they are whole, not waited for
    near = {t for name in (SEARCH_INDEX, *computed_tables()) for t in derived.get(name, {}).get("tables", ())}
    Kept(store.directory / KEPT_DIR, base / KEPT_DIR, outcome.change).carry()  # the kept reads the change leaves
    carry_plain(base, store.directory)  # and the tables' plain rows, by chunk (pruned once the tables are written)
    redone = _materialised(store, old, library, manifest, outcome, noted, second, meanwhile, near, base)
    if SEARCH_INDEX not in done:
        derived.update(_index(store, library, derived, redone, outcome, base))
    if "computed" not in done:
        derived = _computed(store, old, library, derived, redone, outcome, noted)
    store.drop_graph(DESCRIPTION_GRAPH)  # first: the description counts the store without itself
    # its counts: the former description's, but for the graphs replaced and the derived ones written here
    sizes = revised_sizes(store, old, {g: len(after) for g, after in outcome.after.items()},
                          (RESULTS_GRAPH, SEARCH_GRAPH))
    description = list(description_quads(store, sizes))
    store.add_quads(description)
    outcome.quads = sum(sizes.values()) + len(description)  # every graph's, as counting the store would (0.5 s)
    prune_plain(store)
    outcome.derived["description"] = "redone (its counts)"
    outcome.docs = any(run_sparql(store, read(r), {"scheme": REFERENTIEL}).rows
                       != run_sparql(old, read(r), {"scheme": REFERENTIEL}).rows for r in DOCS_READS)
    tables, held = {}, {graph: signature(after) for graph, after in outcome.after.items()}
    for name, record in manifest["tables"].items():  # the graphs each table reads, as they now are
        graphs = set(record["graphs"])
        for graph, terms in held.items():
            graphs.discard(graph)
            if terms and meets(record["reads"], terms):
                graphs.add(graph)
        tables[name] = {**record, "graphs": sorted(graphs)}
    new_manifest.update(materialised=materialised, derived=derived, tables=tables)


def _materialised(store: OxigraphStore, old: OxigraphStore, library: Mapping[str, NamedQuery], manifest: dict,
                  outcome: Outcome, noted, second: bool = False,
                  meanwhile: Callable[[set[str], set[str]], None] | None = None,
                  near: set[str] = frozenset(), base: Path | None = None) -> set[str]:
    """The materialised tables the change meets, recomputed (or their affected rows); the tables redone. `second`:
    the tables recomputed whole go to a second process (pipeline/helper.py) while this one updates the keyed
    tables' rows, as a whole build at scale does, but those named in `near` (what `meanwhile` reads);
    `meanwhile(redone, pending)` is called once this process's tables are written, before the second's
    (`pending`) are waited for."""
    records, keyed = manifest["tables"], keyed_tables(library)
    meeting = _meeting(library, records, outcome)
    # the tables of the second process told first, so that it starts before the others' rows are told (1.4 s at ~2M)
    early = [m for m in meeting if m[0] in (*ALWAYS_ONE_PASS, *ROWS_BESIDE) or not by_rows(m[0], m[3], keyed)]
    stores = (Remembering(store), Remembering(old))
    whole, rows = told(stores, early if second else meeting, keyed, outcome, second)
    away = whole - set(near)
    # the rows of ROWS_BESIDE answered by the second process too, after its tables; put in place here
    beside = [(name, compose(text, bindings), record["by"], sorted(rows[name], key=str), record.get("optionals", False))
              for name, text, bindings, record in meeting if name in rows and name in ROWS_BESIDE and name not in near]
    former = None if base is None else base / KEPT_DIR
    helper = second_process(store, library, away, former=former, change=outcome.change, rows=beside) \
        if second and (away or beside) else None
    beside = {job[0] for job in beside} if helper is not None else set()
    try:
        if second:  # the other tables' rows (a table whose cannot be told: recomputed here)
            more_whole, more_rows = told(stores, [m for m in meeting if m not in early], keyed, outcome, second)
            whole, rows = whole | more_whole, {**rows, **more_rows}
        recompute, updated = (whole - away if helper else set(whole)), set()
        shared = Reads(store)  # what the one-pass tables read, read once (query/onepass.py)
        for name, text, bindings, record in meeting:
            if name not in rows or name in beside:
                continue
            started = time.perf_counter()
            done = update_rows(store, name, compose(text, bindings), record, rows[name], outcome, shared)
            if done is None:
                recompute.add(name)
            else:
                updated.add(name)
                noted(name, time.perf_counter() - started, done)
        _drop(store, meeting, recompute | whole)
        for batch in materialise(store, library, noted, only=recompute):
            store.add_quads(batch)
        del shared  # its reads, let go before what follows reads its own
        if meanwhile is not None:
            meanwhile(recompute | updated | whole, away if helper is not None else set())
        late = set() if helper is None else _from_second(store, helper, beside, records, rows, outcome, noted)
        _drop(store, meeting, late)  # (a keyed table the store does not hold as expected: recomputed whole)
        for batch in materialise(store, library, noted, only=late):
            store.add_quads(batch)
    finally:
        if helper is not None:
            helper.close()
    return recompute | updated | whole | beside


def _meeting(library: Mapping[str, NamedQuery], records: dict, outcome: Outcome) -> list[tuple]:
    """The tables the change meets (name, text, bindings, the former build's record of it), each told in the
    outcome with why; the others told kept."""
    meeting = []
    for name, text, bindings in table_jobs(library):
        record = records.get(name)
        seen = meets(record["reads"], outcome.changed) if record and record["key"] == result_key(text, bindings) \
            else {"(new table)"}
        if not seen:
            outcome.kept.append(name)
            continue
        outcome.recomputed[name] = sorted(seen)
        meeting.append((name, text, bindings, record))
    return meeting


def _from_second(store: OxigraphStore, helper, beside: set[str], records: dict, rows: dict[str, set],
                 outcome: Outcome, noted) -> set[str]:
    """The second process's tables added, and the fresh rows it answered of the keyed tables `beside` put in
    place; those of the latter to recompute whole (the store did not hold them as expected)."""
    late = set()
    for name, seconds, count, found in helper.outcomes():
        if name in beside:
            started = time.perf_counter()
            done = revise_rows(store, name, records[name], rows[name], found, outcome)
            if done is None:
                late.add(name)
            else:
                noted(name, seconds + time.perf_counter() - started, done)
        elif found is not None:
            store.add_quads(found)
            noted(name, seconds, count)
    return late


def _drop(store: OxigraphStore, meeting: list, names: set[str]) -> None:
    """Remove the stored tables of these names (to be recomputed whole)."""
    for name, _, _, record in meeting:
        if record and name in names:
            store.drop_subjects(RESULTS_GRAPH, table_subjects(store, name, record["key"]))


def _stale(derived: dict, name: str, recompute: set[str], outcome: Outcome) -> bool:
    """Whether what the build derived under `name` read a table redone, or what changed."""
    return name not in derived or bool(set(derived[name]["tables"]) & recompute) \
        or bool(meets(derived[name]["reads"], outcome.changed))


def _index(store: OxigraphStore, library: Mapping[str, NamedQuery], derived: dict, recompute: set[str],
           outcome: Outcome, base: Path) -> dict:
    """The search index, redone when a table it reads was (its graph: the quotes of the rows redone, when it can
    be told); what the build derived, with what the index read."""
    index = store.directory / INDEX_FILE
    if _stale(derived, SEARCH_INDEX, recompute, outcome):
        quotes = _quotes_redone(derived.get(SEARCH_INDEX), recompute, outcome)
        recorder = Recorder(store)
        only = None if quotes is None else {str(q) for q in quotes}
        # the folded words the search graph holds for them (the store is still the former one there): with
        # them, the former index is copied and the words of these quotes only written again
        before = None if only is None else dict(rows_for(store, read("search-texts-of"), "evidence", only)[1])
        how: list[str] = []
        found = (q for batch in build_index(recorder, library, index, only=only, former=base / INDEX_FILE,
                                            before=before, done=how) for q in batch)
        if quotes is None:  # the graph compared with the one the index had: only the differences written
            store.replace_graph(SEARCH_GRAPH, found)
        else:  # the quotes of the rows redone: theirs only
            store.drop_subjects(SEARCH_GRAPH, quotes)
            store.add_quads(found)
        derived = {**derived, SEARCH_INDEX: recorder.reads(table_keys(library))}
        outcome.derived["search index"] = "rebuilt (it reads " + ", ".join(sorted(set(derived[SEARCH_INDEX]["tables"]) & recompute)) + ")" \
            + ("" if quotes is None else f"; the search graph of {len(quotes)} quote(s) rewritten") \
            + f"; the index file {how[0] if how else 'written whole'}"
    else:
        _link(base / INDEX_FILE, index)
        outcome.derived["search index"] = "kept (the tables it reads were kept)"
    return derived


def _computed(store: OxigraphStore, old: OxigraphStore, library: Mapping[str, NamedQuery], derived: dict,
              recompute: set[str], outcome: Outcome, noted) -> dict:
    """The computed tables, redone when a table they read was: the records of the territories and projects the
    change can alter when the tables they read were updated row by row (analysis/feature_scope.py), else whole;
    what the build derived, with what they read."""
    stale = [name for name in computed_tables() if _stale(derived, name, recompute, outcome)]
    recorder = Recorder(store)  # one for them all: the network's facts they share are read once
    scope = (_scope(recorder, old, derived, stale, recompute, outcome) or {}) if stale else {}
    for name in stale:
        revised = revise_computed(store, recorder, name, scope[name], noted) if name in scope else None
        if revised is None:
            scope.pop(name, None)
            store.drop_subjects(RESULTS_GRAPH, table_subjects(store, name, computed_key(name, computed_tables()[name][0])))
    for batch in compute_tables(recorder, noted, only=set(stale) - set(scope)):
        store.add_quads(batch)
    outcome.derived.update({name: "kept" if name not in stale else "recomputed" if name not in scope
                            else f"the records of {len(scope[name])} IRI(s) recomputed" for name in computed_tables()})
    read = recorder.reads(table_keys(library))  # what any of them read: each recomputed when any of it changes
    return {**derived, **{name: read for name in stale}}


def _scope(store, old: OxigraphStore, derived: dict, stale: list[str], recompute: set[str],
           outcome: Outcome) -> dict[str, set[str]] | None:
    """The IRIs whose records each stale computed table computes again, when every table they read that was
    redone was so row by row (and nothing else they read changed); else None (computed whole)."""
    changed: dict[str, set[str]] = {}
    for name in stale:
        if name not in derived or meets(derived[name]["reads"], outcome.changed):
            return None
        for table in set(derived[name]["tables"]) & recompute:
            if table not in outcome.updated:
                return None
            changed[table] = {str(v) for v in outcome.updated[table][1]}
    return feature_scope(store, old, changed)


def _quotes_redone(read: dict | None, recompute: set[str], outcome: Outcome) -> set | None:
    """The quotes whose part of the search graph can have changed, when every table the index read and that was
    redone was so row by row, by quote (a search graph's quads are the quote's row's); else None."""
    if read is None or meets(read["reads"], outcome.changed):
        return None
    quotes: set = set()
    for table in set(read["tables"]) & recompute:
        key, values = outcome.updated.get(table, (None, None))
        if key != INDEX_KEY:
            return None
        quotes |= values
    return quotes


def _link(source, target) -> None:
    """The search index of the current version, shared by the new one (a hard link; a copy across devices)."""
    if source.is_file():
        link_or_copy(source, target)


__all__ = ["DOCS_READS", "graph_signatures", "table_records", "update_tables"]
