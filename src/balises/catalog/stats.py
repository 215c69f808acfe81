"""What the graph holds: counts per class and per named graph (CLI `stats`, the explorer's home page)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..query.cache import run_fixed, run_named
from ..query.library import find_query, load_library, read
from ..query.results import QueryResult
from ..query.run import run_sparql
from ..store import GraphStore

#: The classes a user counts, in the order the explorer shows them.
HEADLINE_CLASSES = ["Territory", "Person", "Organisation", "Project", "Involvement", "SystemicLeap",
                    "Programme", "Event", "Evidence", "Balise", "SourceDocument"]


@dataclass(frozen=True)
class ClassCount:
    cls: str
    label_fr: str
    label_en: str
    instances: int


def class_counts(store: GraphStore) -> list[ClassCount]:
    """Instances of each class of the ontology (asserted and inferred memberships)."""
    return [ClassCount(c.rsplit("#", 1)[-1], fr, en, int(n)) for c, fr, en, n in run_fixed(store, read("stats-class-counts"))]


def graph_sizes(store: GraphStore) -> dict[str, int]:
    """Triples per named graph."""
    result = run_sparql(store, read("stats-graph-sizes"))
    return {str(g): int(n) for g, n in result.rows}


def headline(store: GraphStore) -> list[ClassCount]:
    """The counts of the classes users care about, in a fixed order (zero when absent)."""
    counts = {c.cls: c for c in class_counts(store)}
    return [counts.get(name, ClassCount(name, name, name, 0)) for name in HEADLINE_CLASSES]


#: The library queries behind the breakdowns of `balises stats`: evidence per balise, figures per document.
BREAKDOWNS = {"per balise": "17-enjeux-overview", "per document": "14-documents"}


def breakdowns(store: GraphStore, queries_dir: Path) -> dict[str, QueryResult]:
    """Quotes and cases per balise (all 23), territories/actors/projects/leaps/quotes per source document."""
    library = load_library(queries_dir)
    return {name: run_named(store, find_query(library, slug)) for name, slug in BREAKDOWNS.items()}
