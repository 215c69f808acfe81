"""The read-through cache of the query layer: a query answered from the table the build materialised for exactly
its text and bindings (tables.py), else evaluated; a library query by name (run_named); what a function computes
from a store, once per store object (per_store)."""

from __future__ import annotations

import functools
import weakref
from typing import Mapping

from rdflib.term import Identifier

from ..store import GraphStore
from .library import NamedQuery
from .plain import plain_table
from .results import QueryResult, TableResult
from .run import run_sparql
from .tables import read_cells, result_key


def per_store(func):
    """Compute `func(store)` once per store object (the store a process opened does not change under it)."""
    memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def once(store):
        try:
            return memo[store]
        except (KeyError, TypeError):
            value = func(store)
        try:
            memo[store] = value
        except TypeError:
            pass
        return value

    return once


def answer(store: GraphStore, text: str, bindings: Mapping[str, Identifier] | None = None):
    """The result of `text` with `bindings`: from its materialised table when the store has one for exactly
    these, else evaluated."""
    bound = {k: v for k, v in (bindings or {}).items() if v is not None}
    found = read_cells(store, result_key(text, bound))
    return TableResult(*found, query=text, bindings=bound) if found is not None else run_sparql(store, text, bound)


def run_fixed(store: GraphStore, text: str) -> list[tuple[str | None, ...]]:
    """A parameterless read, as rows of plain strings (IRIs in full, None where unbound), answered as `answer` does
    (its materialised table's rows as the build keeps them beside the store when it does: query/plain.py)."""
    found = plain_table(store, result_key(text, {}))
    return found[1] if found is not None else answer(store, text).plain_rows()


def run_named(store: GraphStore, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a query of the library with the user's parameter values bound as RDF terms.

    A query marked `materialise: yes`, asked with its default bindings, is answered from the table the build
    stored for exactly this text and these bindings (see tables.py); otherwise it is evaluated.
    """
    bindings = query.bindings(values)
    if query.materialise:
        return answer(store, query.text, bindings)
    return run_sparql(store, query.text, bindings)
