"""The rows of the keyed tables an incremental build updates (`# key:` in a query, query/keys.py): which values of
a table's key the change can affect, told for every table before any is written; those rows answered again (by
this process, or by the second one: pipeline/helper.py) and put in place of the former ones, chunk by chunk."""

from __future__ import annotations

from typing import Mapping

from rdflib import BNode

from ..query.keys import Pattern, Remembering, affected
from ..query.library import NamedQuery, reads
from ..query.onepass import Reads
from ..query.plain import keep as keep_plain
from ..query.tables import revise_cells, table_rows
from ..store.oxigraph import OxigraphStore
from .derive import ALWAYS_ONE_PASS, fresh_rows, now
from .outcome import Outcome


def keyed_tables(library: Mapping[str, NamedQuery]) -> dict[str, str]:
    """The tables updated row by row (`# key:`), with their key variable."""
    return {q.slug: q.key for q in [*library.values(), *reads().values()] if q.key}


def by_rows(name: str, record: dict | None, keyed: dict[str, str]) -> bool:
    """Whether a table can be updated row by row: keyed, and stored with that key by the former build."""
    return bool(record) and name in keyed and record.get("by") == keyed[name]


def told(stores: tuple[Remembering, Remembering], meeting: list, keyed: dict[str, str], outcome: Outcome,
         second: bool) -> tuple[set[str], dict[str, set]]:
    """The tables the change meets to recompute whole, and the affected values of those updated row by row, as
    the new store and the former one tell them (`stores`: neither changes until every table is told)."""
    whole = {name for name, _, _, record in meeting if not by_rows(name, record, keyed)}
    rows = {}
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


def update_rows(store: OxigraphStore, name: str, sparql: str, record: dict, values: set, outcome: Outcome,
                shared: Reads | None = None) -> int | None:
    """Update the rows of these values of a keyed table's key: the rows in the table, or None when the store has
    no such table (it is recomputed)."""
    if table_rows(store, name, record["key"]) is None:
        return None
    fresh = fresh_rows(store, name, sparql, record["by"], values, record.get("optionals", False), shared)
    return revise_rows(store, name, record, values, fresh, outcome)


def revise_rows(store: OxigraphStore, name: str, record: dict, values: set, fresh: list[dict],
                outcome: Outcome) -> int | None:
    """Put the `fresh` rows of these values of a keyed table's key in place of the table's: its rows, or None when
    the store has no such table (it is recomputed)."""
    order, key, table = record["order"], record["by"], record["key"]
    written: list = []
    rows = revise_cells(store, name, table, key, {str(v) for v in values}, fresh, [tuple(o) for o in order], now(),
                        written)
    if rows is None:
        return None
    keep_plain(store, written)  # the chunks rewritten, as plain rows for what reads them next
    outcome.rows[name] = f"the rows of {len(values)} ?{key} recomputed"
    outcome.updated[name] = (key, values)
    return rows


__all__ = ["by_rows", "keyed_tables", "revise_rows", "told", "update_rows"]
