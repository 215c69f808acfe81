"""A parameter given by its label: `balises query 05 -p project="Lil'Ô"`. The label is bound as a literal (never
SPARQL text) and matched on the graph's French and English labels, case and apostrophes aside; one thing named
gives its IRI, several are listed with their kind, none gets the nearest labels."""

from __future__ import annotations

import difflib

from rdflib import Literal

from ..errors import QueryError
from ..rdf.folding import fold_for_search
from ..rdf.namespaces import shorten
from ..store import GraphStore
from .cache import run_fixed
from .library import read
from .run import run_sparql


def entities_labelled(store: GraphStore, text: str) -> list[tuple[str, str, str]]:
    """(IRI, label, kind) of the entities labelled `text`."""
    found: dict[str, tuple[str, str, str]] = {}
    for entity, label, kind in run_sparql(store, read("labels-by-text"), {"text": Literal(text)}).plain_rows():
        found.setdefault(str(entity), (str(entity), str(label), str(kind or "")))
    return list(found.values())


def nearest_labels(store: GraphStore, text: str, n: int = 5) -> list[str]:
    """The labels nearest to `text` (folded) among the vocabularies' and the territories' (materialised tables)."""
    labels = {str(v) for row in run_fixed(store, read("labels-translations")) for v in row[1:] if v}
    labels |= {str(v) for row in run_fixed(store, read("labels-territories")) for v in row[1:] if v}
    by_key = {fold_for_search(label): label for label in labels}
    return [by_key[k] for k in difflib.get_close_matches(fold_for_search(text), list(by_key), n=n, cutoff=0.6)]


def resolve_label(store: GraphStore, name: str, text: str) -> str:
    """The IRI of the one entity labelled `text`, for the parameter `name`, else a QueryError that says what to
    give."""
    found = entities_labelled(store, text)
    if len(found) == 1:
        return found[0][0]
    if found:
        listed = " ; ".join(f"{shorten(iri)} ({kind or '?'})" for iri, _, kind in found[:12])
        raise QueryError(f"parameter {name!r}: {text[:80]!r} is the label of {len(found)} things: {listed}. "
                         "Give the one you mean by its IRI or CURIE")
    near = nearest_labels(store, text)
    raise QueryError(f"parameter {name!r}: {text[:80]!r} is not an IRI or a known CURIE, and nothing in the graph "
                     "is labelled so"
                     + (f"; nearest labels: {' ; '.join(near)}" if near else "")
                     + ". Give a label, an IRI or a CURIE (e.g. ter:lomme)")


__all__ = ["entities_labelled", "nearest_labels", "resolve_label"]
