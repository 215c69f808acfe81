"""What an incremental build redoes of the derived data (pipeline/incremental.py, step 5): the materialised
tables whose query reads what changed (a keyed table, query/keys.py: only its affected rows), the search index
and the computed tables when a table they read was redone, and the dataset's description (its counts); and
what the manifest records for the next build to compare (each table's shape and graphs, what the index and the
computed tables read)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from rdflib import BNode, URIRef
from rdflib.namespace import RDF

from ..analysis.feature_scope import feature_scope
from ..query.binding import compose
from ..query.keys import Pattern, Remembering, affected, order_of
from ..query.kept import KEPT_DIR, Change, Kept
from ..query.plain import carry as carry_plain, keep as keep_plain, prune as prune_plain
from ..query.patterns import bound_before_optionals, patterns, unions
from ..query.library import NamedQuery, read, reads
from ..query.onepass import Reads
from ..query.run import rows_for, run_sparql
from ..query.shape import ANY, ANY_CLASS, Recorder, meets, shape, signature
from ..query.tables import RESULTS_GRAPH, computed_key, result_key, revise_cells, table_rows, table_subjects
from ..quotes.fulltext import INDEX_FILE
from ..quotes.search import INDEX_KEY, SEARCH_GRAPH, build_index
from ..rdf.codec import to_json
from ..rdf.namespaces import REF, shorten
from ..store.oxigraph import OxigraphStore
from ..system.atomic import link_or_copy
from .derive import (ALWAYS_ONE_PASS, SEARCH_INDEX, compute_tables, computed_tables, materialise, revise_computed,
                     second_process, table_answer, table_jobs, table_keys)
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
    keyed = _keyed(library)
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


def _keyed(library: Mapping[str, NamedQuery]) -> dict[str, str]:
    """The tables updated row by row (`# key:`), with their key variable."""
    return {q.slug: q.key for q in [*library.values(), *reads().values()] if q.key}


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


@dataclass
class Outcome:
    """What an incremental build did, for the summary and the manifest."""

    graphs: dict[str, tuple[int, int]] = field(default_factory=dict)   # graph -> (triples removed, added)
    changed: set[str] = field(default_factory=set)                      # the change's signature
    recomputed: dict[str, list[str]] = field(default_factory=dict)      # table -> the changed terms it reads
    kept: list[str] = field(default_factory=list)
    derived: dict[str, str] = field(default_factory=dict)               # search index, computed tables: what became of them
    docs: bool = False
    reasoning: str = ""
    after: dict[str, set] = field(default_factory=dict)                # graph replaced -> its new triples
    gone: set = field(default_factory=set)                             # the triples removed, as the former store has them
    new: set = field(default_factory=set)                              # the triples added, as the new store has them
    rows: dict[str, str] = field(default_factory=dict)                 # keyed table -> what became of its rows
    updated: dict[str, tuple[str, set]] = field(default_factory=dict)  # keyed table -> (its key, the values redone)
    change: Change = field(default_factory=Change)                      # the triples of the graphs rewritten
    quads: int | None = None                                            # the new store's quads, once described

    def lines(self) -> list[str]:
        graphs = ", ".join(f"{shorten(g)} (-{r} +{a})" for g, (r, a) in self.graphs.items()) or "none"
        lines = [f"graphs replaced: {graphs}", f"reasoner {self.reasoning}"]
        if self.recomputed:
            why = "; ".join(f"{name} (reads {', '.join(_short(t) for t in sorted(terms)[:3])}"
                            f"{'…' if len(terms) > 3 else ''}{'; ' + self.rows[name] if name in self.rows else ''})"
                            for name, terms in self.recomputed.items())
            lines.append(f"{len(self.recomputed)} table(s) recomputed: {why}")
        lines.append(f"{len(self.kept)} table(s) kept (they read nothing that changed, or none of their rows)")
        lines += [f"{name}: {what}" for name, what in self.derived.items()]
        return lines


def _short(term: str) -> str:
    return f"a {shorten(term[2:])}" if term.startswith("a ") else shorten(term)


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
    records = manifest["tables"]
    keyed = _keyed(library)
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
    whole, rows = _by_rows(store, old, meeting, keyed, outcome, second)
    away = whole - set(near)
    former = None if base is None else base / KEPT_DIR
    helper = second_process(store, library, away, former=former, change=outcome.change) if second and away else None
    try:
        recompute, updated = (whole - away if helper else set(whole)), set()
        shared = Reads(store)  # what the one-pass tables read, read once (query/onepass.py)
        for name, text, bindings, record in meeting:
            if name not in rows:
                continue
            started = time.perf_counter()
            done = _rows(store, name, compose(text, bindings), record, rows[name], outcome, shared)
            if done is None:
                recompute.add(name)
            else:
                updated.add(name)
                noted(name, time.perf_counter() - started, done)
        for name, _, _, record in meeting:
            if record and (name in recompute or name in whole):
                store.drop_subjects(RESULTS_GRAPH, table_subjects(store, name, record["key"]))
        for batch in materialise(store, library, noted, only=recompute):
            store.add_quads(batch)
        del shared  # its reads, let go before what follows reads its own
        if meanwhile is not None:
            meanwhile(recompute | updated | whole, away if helper is not None else set())
        if helper is not None:
            for batch in helper.results(noted):
                store.add_quads(batch)
    finally:
        if helper is not None:
            helper.close()
    return recompute | updated | whole


def _by_rows(store: OxigraphStore, old: OxigraphStore, meeting: list, keyed: dict[str, str], outcome: Outcome,
             second: bool) -> tuple[set[str], dict[str, set]]:
    """The tables the change meets to recompute whole, and the affected values of those updated row by row (all
    told first, so that the keyed tables recomputed whole go to the second process with the others)."""
    by_rows = lambda name, record: bool(record) and name in keyed and record.get("by") == keyed[name]  # noqa: E731
    whole = {name for name, _, _, record in meeting if not by_rows(name, record)}
    rows, stores = {}, (Remembering(store), Remembering(old))  # neither changes until every table is told
    for name, _, _, record in meeting:
        if name in whole:
            continue
        values = _affected(*stores, record, outcome)
        if values is None or (second and values and name in ALWAYS_ONE_PASS):  # these read everything anyway
            whole.add(name)
        elif values:
            rows[name] = values
        else:  # the change meets what it reads, but no row's solutions
            outcome.rows[name] = "no row affected: kept"
            outcome.recomputed.pop(name)
            outcome.kept.append(name)
    return whole, rows


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
    scope = _scope(recorder, old, derived, stale, recompute, outcome) or {}
    for name in stale:
        revised = revise_computed(store, recorder, name, scope[name], noted) if name in scope else None
        if revised is None:
            scope.pop(name, None)
            store.drop_subjects(RESULTS_GRAPH, table_subjects(store, name, computed_key(name, computed_tables()[name][0])))
    for batch in compute_tables(recorder, noted, only=set(stale) - set(scope)):
        store.add_quads(batch)
    outcome.derived.update({name: f"the records of {len(scope[name])} IRI(s) recomputed" if name in scope
                            else "recomputed" if name in stale else "kept" for name in computed_tables()})
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


def _affected(store: Remembering, old: Remembering, record: dict, outcome: Outcome) -> set | None:
    """The values of a keyed table's key (query/keys.py) whose rows the change can affect, or None when it cannot
    be told which (the table is recomputed)."""
    if record["order"] is None:
        return None
    found = tuple(Pattern.from_json(p) for p in record["patterns"])
    branching = [(tuple(group), tuple(tuple(b) for b in branches)) for group, branches in record.get("unions", [])]
    values = affected(found, record["by"], outcome.gone, old, branching)
    added = None if values is None else affected(found, record["by"], outcome.new, store, branching)
    if added is None:
        return None
    return {v for v in values | added if not isinstance(v, BNode)}  # a stored table holds no blank node


def _rows(store: OxigraphStore, name: str, sparql: str, record: dict, values: set, outcome: Outcome,
          shared: Reads | None = None) -> int | None:
    """Update the rows of these values of a keyed table's key: the rows in the table, or None when the store has
    no such table (it is recomputed)."""
    order, key, table = record["order"], record["by"], record["key"]
    if table_rows(store, name, table) is None:
        return None
    answer = table_answer(store, name, sparql, only=values, key=key, reads=shared,
                          optionals=record.get("optionals", False))
    fresh = [{c: to_json(v) for c, v in zip(answer.columns, row) if v is not None} for row in answer.rows]
    written: list = []
    rows = revise_cells(store, name, table, key, {str(v) for v in values}, fresh, [tuple(o) for o in order],
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), written)
    if rows is None:
        return None
    keep_plain(store, written)  # the chunks rewritten, as plain rows for what reads them next
    outcome.rows[name] = f"the rows of {len(values)} ?{key} recomputed"
    outcome.updated[name] = (key, values)
    return rows


def _link(source, target) -> None:
    """The search index of the current version, shared by the new one (a hard link; a copy across devices)."""
    if source.is_file():
        link_or_copy(source, target)


__all__ = ["DOCS_READS", "Outcome", "graph_signatures", "table_records", "update_tables"]
