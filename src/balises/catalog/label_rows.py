"""The explorer's label table computed in Python for the build (query/onepass.py): the same rows, in the same
order, as queries/38-labels.rq, whose UNION with FILTER NOT EXISTS took 18-21 s at ~2M triples."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from rdflib.namespace import RDFS, SKOS
from rdflib.term import Identifier

from ..query.onepass import Reads, ordered
from ..store import GraphStore, QueryOutcome


def _first(r: Reads, labels: Iterable, language: str):
    """MIN() of the labels in `language` (SPARQL orders literals of one language by their text), or None."""
    found = [label for label in labels if r.terms.language(label) == language]
    return min(found, key=r.terms.text) if found else None


def labels(store: GraphStore, sparql: str, only: Iterable[Identifier] | None = None,
           reads: Reads | None = None) -> QueryOutcome:
    """The rows of queries/38-labels.rq (of the entities `only`, when given): each IRI's French preferred label,
    else its French label, and its English one."""
    r = reads or Reads(store)
    preferred, named = r.objects(SKOS.prefLabel), r.objects(RDFS.label)
    term = r.terms.to_rdflib
    keep = r.keeps(only)
    rows = []
    for entity in preferred.keys() | named.keys():
        if r.terms.is_blank(entity) or r.terms.is_literal(entity) or not keep(entity):
            continue
        french = _first(r, preferred.get(entity, ()), "fr") or _first(r, named.get(entity, ()), "fr")
        if french is None:
            continue
        english = _first(r, [*preferred.get(entity, ()), *named.get(entity, ())], "en")
        rows.append((term(entity), term(french), term(english)))
    return ordered(rows, ["entity", "fr", "en"], sparql)


#: The tables the build computes this way, by name (query/onepass.py).
ONE_PASS: Mapping[str, Callable[..., QueryOutcome]] = {"38-labels": labels}

__all__ = ["ONE_PASS", "labels"]
