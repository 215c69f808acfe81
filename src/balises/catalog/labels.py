"""Labels in French and English for the things a view shows, read for those IRIs only.

`38-labels` answers every label of the graph at once: a researcher's table (189 621 rows at ~2M triples,
seconds to read into Python). A page needs the labels of what it shows: `labels_of` reads them for a list
of IRIs, bound as a VALUES block of IRI terms (never text), in batches of `BATCH`; `translations` gives the
French -> English map of the label columns that queries return as text (the entities with an English
label: the ontology's classes, the référentiel, the vocabularies). Both choose the label as 38 does: the
French `skos:prefLabel`, else the French `rdfs:label`; any English `skos:prefLabel` or `rdfs:label`.
"""

from __future__ import annotations

from typing import Iterable

from ..query.binding import iri_or_none
from ..query.cache import run_fixed
from ..query.library import read
from ..query.run import rows_for
from ..rdf.namespaces import expand
from ..store import GraphStore

#: IRIs per query of `labels_of` (one VALUES block each).
BATCH = 2000

def _pairs(rows: list[tuple]) -> dict[str, tuple[str, str]]:
    return {entity: (pref or lab or "", en or "") for entity, pref, lab, en in rows}


def labels_of(store: GraphStore, iris: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(French, English) label of each IRI (full or CURIE; "" where the graph gives none), keyed by full IRI."""
    wanted = list(dict.fromkeys(expand(i) for i in iris if i))
    valid = [i for i in wanted if iri_or_none(i) is not None]  # a string that is no IRI has no label
    out = _pairs(rows_for(store, read("labels-of"), "entity", valid, BATCH)[1])
    return {i: out.get(i, ("", "")) for i in wanted}


def translations(store: GraphStore) -> dict[str, str]:
    """French label -> English label, for every entity that has both (the first entity by IRI wins)."""
    out: dict[str, str] = {}
    for fr, en in _pairs(run_fixed(store, read("labels-translations"))).values():
        if fr and en:
            out.setdefault(fr, en)
    return out


def territory_labels(store: GraphStore) -> dict[str, tuple[str, str]]:
    """(French, English) label of every territory, by full IRI (one materialised table)."""
    return _pairs(run_fixed(store, read("labels-territories")))


__all__ = ["BATCH", "labels_of", "territory_labels", "translations"]
