"""What a dossier is about: a balise, a theme, a territory, a project, or a list of quotes (the writer's basket),
as a writer names it; and the quotes it gathers, read through the quote bank's public search.

A name is matched, in this order, as an IRI or CURIE, a notation (`E3`), the last part of an IRI (`alimentation`
for theme:alimentation, `lomme` for ter:lomme), then a label in French or English (case, accents and apostrophes
aside). The name is compared in Python with what the graph lists for the kind (never pasted into SPARQL); an
unknown name is refused with the nearest names of that kind.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from rdflib import URIRef

from ..errors import QueryError
from ..query.binding import compose
from ..query.library import read
from ..query.run import run_sparql
from ..quotes.bank import Quote
from ..quotes.search import StoreBank
from ..rdf.folding import fold_for_search
from ..rdf.namespaces import BAL, expand, shorten
from ..store import GraphStore

#: The kinds a dossier can be asked for by name, and their classes.
KINDS = {"balise": BAL.Balise, "theme": BAL.Theme, "territory": BAL.Territory, "project": BAL.Project}
#: Every kind of selection: the named ones and the basket.
SELECTIONS = (*KINDS, "quotes")
#: The most quote IRIs a basket may hold.
MAX_QUOTES = 5000


@dataclass(frozen=True)
class Selection:
    """A dossier's subject as given: a kind and a name (for `quotes`, the quote IRIs or CURIEs)."""

    kind: str
    value: str | tuple[str, ...]

    def __post_init__(self):
        if self.kind not in SELECTIONS:
            raise QueryError(f"unknown kind of dossier {self.kind!r}: one of {', '.join(SELECTIONS)}")


@dataclass(frozen=True)
class Subject:
    """The entity a selection names."""

    kind: str
    iri: str
    notation: str = ""

    @property
    def short(self) -> str:
        return shorten(self.iri)


def _fold(text: str) -> str:
    return " ".join(fold_for_search(text.replace("’", "'")).split())


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def members(store: GraphStore, kind: str) -> dict[str, tuple[set[str], list[str]]]:
    """Every entity of the kind: IRI -> (notations, labels: the French preferred ones first)."""
    sparql = compose(read("dossier-members"), {"kind": URIRef(KINDS[kind])})
    found: dict[str, tuple[set[str], list[str]]] = {}
    for entity, notation, label, _ in run_sparql(store, sparql).plain_rows():
        notations, labels = found.setdefault(entity, (set(), []))
        if notation:
            notations.add(notation)
        if label and label not in labels:
            labels.append(label)
    return found


def resolve(store: GraphStore, kind: str, name: str) -> Subject:
    """The one entity of the kind that `name` names, else a QueryError naming it and the nearest names."""
    if kind not in KINDS:
        raise QueryError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    text = (name or "").strip()
    if not text:
        raise QueryError(f"no {kind} given: give its notation, label, IRI or CURIE")
    found = members(store, kind)
    key = _fold(text)
    tests = (lambda iri, n, l: iri == expand(text),
             lambda iri, n, l: key in {_fold(x) for x in n},
             lambda iri, n, l: key == _fold(_tail(iri)),
             lambda iri, n, l: key in {_fold(x) for x in l})
    for test in tests:
        hits = sorted(iri for iri, (notations, labels) in found.items() if test(iri, notations, labels))
        if len(hits) == 1:
            notations = found[hits[0]][0]
            return Subject(kind, hits[0], min(notations) if notations else "")
        if hits:
            listed = ", ".join(shorten(h) for h in hits[:12])
            raise QueryError(f"{kind} {text[:80]!r} names {len(hits)} things: {listed}. "
                             "Give the one you mean by its CURIE")
    how = "notation (E3)" if kind == "balise" else "name (the end of its IRI)"
    raise QueryError(f"unknown {kind} {text[:80]!r}" + _nearest(text, found) + f". Give its {how}, label, IRI or "
                     "CURIE (`balises query 38-labels` lists the labels)")


def _nearest(text: str, found: dict[str, tuple[set[str], list[str]]], n: int = 5) -> str:
    """`; nearest: …`: the entities of the kind whose notation, IRI end or label contains the name or is close to
    it, each once, or ''."""
    names: dict[str, str] = {}
    for iri, (notations, labels) in sorted(found.items()):
        for name in (*sorted(notations), _tail(iri), *sorted(labels)):
            names.setdefault(_fold(name), iri)
    key = _fold(text)
    wanted = {key, _fold(_tail(expand(text)))}
    close = [names[c] for w in wanted
             for c in difflib.get_close_matches(w, list(names), n=n, cutoff=0.5 if len(w) <= 3 else 0.6)]
    within = [names[k] for k in sorted(names) if any(len(w) > 3 and w in k for w in wanted)]
    picked = list(dict.fromkeys(close + within))[:n]
    return f"; nearest: {' ; '.join(_shown(i, found[i]) for i in picked)}" if picked else ""


def _shown(iri: str, names: tuple[set[str], list[str]]) -> str:
    """`E3 Créer les conditions de la confiance` for a balise, else `Lomme (ter:lomme)`."""
    notations, labels = names
    label = labels[0] if labels else ""
    if notations:
        return f"{min(notations)} {label}".strip()
    return f"{label} ({shorten(iri)})" if label else shorten(iri)


def subjects_of_theme(store: GraphStore, theme: str) -> list[str]:
    """The projects and systemic leaps a theme concerns."""
    sparql = compose(read("dossier-theme-subjects"), {"theme": URIRef(theme)})
    return [row[0] for row in run_sparql(store, sparql).plain_rows()]


def basket(iris: Iterable[str]) -> tuple[str, ...]:
    """Quote IRIs or CURIEs from lines of text (a file, a form): the first word of each line, blank lines and
    lines opening with `#` left out, each quote once."""
    out = []
    for line in iris:
        words = line.split()
        if words and not words[0].startswith("#"):
            out.append(expand(words[0]))
    if len(out) > MAX_QUOTES:
        raise QueryError(f"{len(out)} quotes in the list, at most {MAX_QUOTES}: make a smaller dossier")
    return tuple(dict.fromkeys(out))


def gather(store: GraphStore, bank: StoreBank, selection: Selection) -> tuple[Subject | None, list[Quote]]:
    """The subject a selection names and its quotes, in the bank's order (the basket's in its own order)."""
    if selection.kind == "quotes":
        wanted = basket(selection.value if isinstance(selection.value, tuple) else (selection.value,))
        quotes = bank.fetch(wanted)
        missing = [shorten(i) for i in wanted if i not in {q.iri for q in quotes}]
        if missing:
            raise QueryError(f"{len(missing)} of the quotes listed are not in the graph: {', '.join(missing[:10])}"
                             ". Give quote IRIs or CURIEs (cit:…), one a line")
        return None, quotes
    subject = resolve(store, selection.kind, str(selection.value))
    if selection.kind == "balise":
        hits = bank.search(balises=[subject.notation])
    elif selection.kind == "territory":
        hits = bank.search(territories=[subject.iri])
    elif selection.kind == "project":
        hits = bank.search(about=[subject.iri])
    else:
        about = subjects_of_theme(store, subject.iri)
        hits = bank.search(about=about) if about else []
    return subject, list(hits)


__all__ = ["KINDS", "MAX_QUOTES", "SELECTIONS", "Selection", "Subject", "basket", "gather", "members", "resolve",
           "subjects_of_theme"]
