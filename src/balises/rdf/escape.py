"""An RDF term written in SPARQL syntax, every character of user text escaped: it can only ever be one term."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError

#: What no IRI may hold (RDF 1.1: control characters and spaces, and <>"{}|^`\), nor any space of Unicode.
IRI_FORBIDDEN = re.compile(r'[\s\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def term_sparql(term: Identifier) -> str:
    """A term in SPARQL syntax, every character of user text escaped: it can only ever be one RDF term."""
    if isinstance(term, URIRef):
        if IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"{str(term)[:80]!r} is not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        escaped = "".join(_ESCAPES.get(ch, ch) for ch in str(term))
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals are parameters")
