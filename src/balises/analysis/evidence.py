"""The evidence behind an analogous case, read for the best matches only: the quotes showing each shared balise
(about the territory, its projects or its actors, or about the project) and the projects of each shared theme."""

from __future__ import annotations

from rdflib import URIRef

from ..namespaces import shorten
from ..querying import run_sparql
from ..store import GraphStore
from .facts import _slug

#: The quotes behind the shared balises of a match, read for the best matches only (?subject bound).
#: (Oxigraph joins in the order written: the bound ?subject first.)
_QUOTE = """?e bal:illustrates ?b . ?b a bal:Balise ; skos:notation ?notation .
      ?e oa:hasTarget ?target . ?target oa:hasSource ?doc ; oa:hasSelector ?selector . ?selector oa:exact ?quote ."""
TERRITORY_EVIDENCE = f"""
    SELECT DISTINCT ?notation ?e ?quote ?doc WHERE {{
      {{ ?e bal:about ?subject }} UNION {{ ?x bal:territory ?subject . ?e bal:about ?x }}
      UNION {{ ?x bal:actsIn ?subject . ?e bal:about ?x }}
      {_QUOTE}
    }} ORDER BY ?notation ?e"""
PROJECT_EVIDENCE = f"""
    SELECT DISTINCT ?notation ?e ?quote ?doc WHERE {{
      ?e bal:about ?subject .
      {_QUOTE}
    }} ORDER BY ?notation ?e"""


THEME_PROJECTS = """
    SELECT DISTINCT ?theme ?label WHERE {
      ?p bal:territory ?subject . ?p a bal:Project ; bal:theme ?theme ; rdfs:label ?label . FILTER(LANG(?label) = "fr")
    } ORDER BY ?theme ?label"""


def theme_projects(store: GraphStore, territory: str, themes: list[str]) -> list[dict]:
    """The projects of the territory on each of the themes (slugs), by label."""
    projects: dict[str, list[str]] = {}
    for theme, label in run_sparql(store, THEME_PROJECTS, {"subject": URIRef(territory)}).plain_rows():
        projects.setdefault(_slug(theme), []).append(label)
    return [{"theme": t, "projects": projects.get(t, [])} for t in themes]


def evidence(store: GraphStore, text: str, subject: str, notations: set[str], per_balise: int = 2) -> list[dict]:
    """The first quotes (by IRI) showing each of the notations, about the subject (a territory or project)."""
    out: list[dict] = []
    counts: dict[str, int] = {}
    for notation, e, quote, doc in run_sparql(store, text, {"subject": URIRef(subject)}).rows:
        n = str(notation)
        if n in notations and counts.get(n, 0) < per_balise:
            counts[n] = counts.get(n, 0) + 1
            out.append({"evidence": shorten(str(e)), "quote": str(quote), "document": shorten(str(doc)), "balise": n})
    return out
