"""Parameters as RDF terms, bound to a query's variables by a VALUES block of escaped terms: user text is only
ever one literal or one IRI, never SPARQL. Works the same on any SPARQL 1.1 store.

A `search` parameter is what a writer types in a search, folded by the layer (rdf/search_terms.py): its
terms, one literal each (`Lil'Ô coop*` -> "lil o", "coop*"), bound as the rows of the query's inline VALUES
block; the query says how a term matches (query 03: on the quotes' folded words, bal:searchText)."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import QueryError
from ..rdf.escape import IRI_FORBIDDEN, term_sparql
from ..rdf.namespaces import PREFIXES, expand
from ..rdf.search_terms import search_terms
from ..rdf.sparql_text import after_comments, mask, missing_prefixes


class Terms(tuple):
    """Several terms bound to one variable: the rows of its inline VALUES block (a `search` parameter's terms)."""


def make_term(kind: str, raw: str, name: str = "value") -> Identifier | Terms:
    """A typed RDF term from user text (a `search` text: its folded terms); bad values raise QueryError naming the
    parameter."""
    text = str(raw)
    if kind == "search":
        try:
            return Terms(Literal(term.literal) for term in search_terms(text))
        except QueryError as exc:
            raise QueryError(f"parameter {name!r}: {exc}") from exc
    if kind == "iri":
        iri = expand(text)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or IRI_FORBIDDEN.search(iri):
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not an IRI or a known CURIE (e.g. ter:lomme)")
        return URIRef(iri)
    if kind == "integer":
        try:
            return Literal(int(text), datatype=XSD.integer)
        except ValueError as exc:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not an integer") from exc
    if kind == "decimal":
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation as exc:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not a number") from exc
    if kind == "boolean":
        if text.lower() not in {"true", "false", "1", "0"}:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not true or false")
        return Literal(text.lower() in {"true", "1"}, datatype=XSD.boolean)
    if kind == "lang":
        if not re.fullmatch(r"[a-z]{2,3}", text):
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not a language code such as fr or en")
        return Literal(text)
    return Literal(text)


def values_sparql(value: Identifier | Terms) -> str:
    """A bound value as the inside of a VALUES block: its term, or its terms one after the other."""
    return " ".join(term_sparql(t) for t in value) if isinstance(value, Terms) else term_sparql(value)


def iri_or_none(text: str) -> URIRef | None:
    """The IRI of a full IRI or CURIE, or None for a string that is no IRI (it names nothing in the graph)."""
    try:
        return make_term("iri", text)
    except QueryError:
        return None

def compose(sparql: str, bindings: Mapping[str, Identifier | None] | None = None) -> str:
    """The text the store receives, and what the explorer shows: the query with its parameters bound (bind_values)
    and, after its header comments, the PREFIX lines it uses but does not declare itself."""
    return after_comments(bind_values(sparql, bindings or {}), prologue(sparql))


@functools.lru_cache(maxsize=512)
def prologue(sparql: str) -> str:
    """The PREFIX lines of the shared namespaces (rdf/namespaces.py) that the query uses without declaring them:
    nothing for a self-contained file of queries/."""
    return missing_prefixes(sparql, PREFIXES)


_ERROR_AT = re.compile(r"\b(error at |line )(\d+)(?=[:, ])")


def user_lines(message: str, sparql: str) -> str:
    """An engine's message about the text `compose(sparql, …)` sent, with its line numbers counted in `sparql`,
    the user's text (the PREFIX lines added by `prologue` taken off)."""
    added = prologue(sparql).count("\n")

    def shift(match: re.Match) -> str:
        line = int(match.group(2)) - added
        return f"{match.group(1)}{line}" if line >= 1 else match.group(0)

    return _ERROR_AT.sub(shift, message)


def default_block(sparql: str, name: str) -> tuple[int, int] | None:
    """Where the query's own `VALUES ?name { … }` stands (the parameter's default, written inline so that the file
    runs unchanged on any endpoint), or None."""
    found = re.search(r"\bVALUES\s+\?" + re.escape(name) + r"\s*\{[^{}]*\}", mask(sparql), re.IGNORECASE)
    return found.span() if found else None


def bind_values(sparql: str, bindings: Mapping[str, Identifier | None]) -> str:
    """Bind the query's parameters to typed terms.

    A parameter whose default the query writes inline (`VALUES ?territory { ter:lomme }`) has that block replaced
    by its value, or taken out when the value is None (the parameter left free). Any other parameter is bound by a
    VALUES block opening the query's WHERE group, so that its filters and optional parts see the value, as with
    initBindings; a None leaves it free. Works the same on any SPARQL 1.1 store.
    """
    text, rest = sparql, {}
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        span = default_block(text, name)
        if span:
            start, end = span
            note = re.match(r"[ \t]*#[^\n]*", text[end:])  # the default's own comment goes with it
            end += note.end() if note else 0
            block = "" if term is None else f"VALUES ?{name} {{ {values_sparql(term)} }}  # the value given"
            text = text[:start] + block + text[end:]
        elif isinstance(term, Terms):
            raise QueryError(f"?{name} takes several terms: the query needs its inline `VALUES ?{name} {{ … }}` default")
        elif term is not None:
            rest[name] = term
    return bind_rows(text, list(rest), [tuple(rest.values())]) if rest else text


def bind_rows(sparql: str, names: list[str], rows: list[tuple[Identifier, ...]]) -> str:
    """`bind_values` for several rows of terms: the query is answered for each row of the VALUES block
    (e.g. the labels of a page's IRIs in one query)."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    masked = mask(sparql)
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    brace = masked.find("{", where.end() if where else 0)
    if brace < 0:
        raise QueryError("the query has no WHERE group to bind parameters in")
    head = " ".join(f"?{n}" for n in names)
    values = " ".join("(" + " ".join(term_sparql(t) for t in row) + ")" for row in rows)
    return f"{sparql[:brace + 1]} VALUES ({head}) {{ {values} }} {sparql[brace + 1:]}"


