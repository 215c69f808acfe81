"""The evidence behind an analogous case, read for the best matches only: the text of the quotes cited for each
shared balise (the first and the last, by IRI, of those about the territory, its projects or its actors, or about
the project: a territory's are kept with its features, a project's read for the best matches only, `cited`) and the
projects of each shared theme."""

from __future__ import annotations

from typing import Mapping

from ..query.library import read
from ..query.run import rows_for
from ..rdf.namespaces import shorten
from ..store import GraphStore
from .facts import local_name


def _for(store: GraphStore, text: str, name: str, iris) -> list[tuple]:
    return rows_for(store, text, name, iris)[1]


def theme_projects(store: GraphStore, wanted: Mapping[str, list[str]]) -> dict[str, list[dict]]:
    """For each territory, the projects it has on each of the themes (slugs) asked, by label."""
    projects: dict[tuple[str, str], list[str]] = {}
    for subject, theme, label in _for(store, read("evidence-theme-projects"), "subject", [s for s, t in wanted.items() if t]):
        projects.setdefault((subject, local_name(theme)), []).append(label)
    return {s: [{"theme": t, "projects": projects.get((s, t), [])} for t in themes] for s, themes in wanted.items()}


def cited(store: GraphStore, text: str, name: str, wanted: Mapping[str, set[str]]) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each subject (bound to ?name in `text`: a read of the first and last quote by IRI per balise), the
    quotes to cite for the balises wanted (notation -> IRIs)."""
    out: dict[str, dict[str, tuple[str, ...]]] = {s: {} for s in wanted}
    for subject, notation, first, last in _for(store, text, name, [s for s, n in wanted.items() if n]):
        if notation in wanted.get(subject, ()):
            out[subject][notation] = tuple(dict.fromkeys((first, last)))
    return out


def evidence(store: GraphStore, wanted: Mapping[str, Mapping[str, tuple[str, ...]]]) -> dict[str, list[dict]]:
    """For each subject (a territory or project), the quotes to cite for each shared balise (notation -> IRIs),
    with their text and document."""
    iris = dict.fromkeys(e for quotes in wanted.values() for es in quotes.values() for e in es)
    texts = {e: (quote, doc) for e, quote, doc in _for(store, read("evidence-quote-texts"), "e", iris)}
    return {subject: [{"evidence": shorten(e), "quote": texts[e][0], "document": shorten(texts[e][1]), "balise": n}
                      for n in sorted(quotes) for e in quotes[n] if e in texts]
            for subject, quotes in wanted.items()}
