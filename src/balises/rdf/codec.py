"""The SPARQL 1.1 Query Results JSON codec, once: an RDF term (rdflib) to the JSON of a result cell and back.

Used where results travel as JSON: the materialised tables (query/tables.py), the CLI's and the console's JSON
output (query/results.py), a remote endpoint's answers (store/remote.py). Simple literals are written without a
datatype, and `xsd:string` read as a simple literal (RDF 1.1 makes them one term). The `typed-literal` cells of
the older JSON results form (the W3C note before SPARQL 1.1, which Virtuoso 7 still writes) are read as the
literals with a datatype they are.
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

_STRING = str(XSD.string)


def to_json(term: Identifier) -> dict:
    """An RDF term as a SPARQL 1.1 Query Results JSON term."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def from_json(cell: dict) -> Identifier:
    """A SPARQL 1.1 Query Results JSON term as an RDF term."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"a SPARQL JSON term of unknown type {kind!r}")
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    return Literal(value, datatype=URIRef(datatype)) if datatype and datatype != _STRING else Literal(value)


class Decoder:
    """`from_json` for many rows: the terms that come back in every row (IRIs, labels, numbers) built once."""

    def __init__(self):
        self.memo: dict[tuple, Identifier] = {}

    def __call__(self, cell: dict | None) -> Identifier | None:
        if cell is None:
            return None
        if cell["type"] == "literal" and len(cell["value"]) > 120 and "xml:lang" not in cell and "datatype" not in cell:
            return Literal(cell["value"])  # long texts (quotes) are unique: no memo
        key = (cell["type"], cell["value"], cell.get("xml:lang"), cell.get("datatype"))
        term = self.memo.get(key)
        if term is None:
            term = self.memo[key] = from_json(cell)
        return term


def decode_rows(columns: list[str], cells: list[dict]) -> list[tuple]:
    """SPARQL JSON bindings -> rows of RDF terms (None where a variable is unbound)."""
    decode = Decoder()
    return [tuple(decode(b.get(c)) for c in columns) for b in cells]
