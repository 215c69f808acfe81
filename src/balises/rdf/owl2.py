"""The OWL 2 DL form of the graph: the same triples, every literal inside the OWL 2 datatype map.

OWL 2 reasoners know only the datatypes of the OWL 2 datatype map (OWL 2 Structural Specification, section 4
"Datatype Maps"). The graph dates its facts only as precisely as the sources do (xsd:gYear, xsd:gYearMonth,
xsd:date) and the build's result tables hold rdf:JSON: none of these is in the map, and HermiT refuses the whole
graph for one of them ("UnsupportedDatatypeException"), even when the datatype is declared rdfs:Datatype.
Protégé's HermiT sets `ignoreUnsupportedDatatypes` and drops the axioms that carry them without a word.

The store and the normal export keep their typed dates (SPARQL compares and sorts them). In the OWL 2 form a
year stays a year, with no day made up: the value is written as its lexical form, an xsd:string, and the
assertion carries an OWL 2 axiom annotation, bal:literalDatatype, naming the datatype it has in the store. A
range axiom on such a datatype becomes xsd:string, annotated the same way. Reading the annotations back gives
the graph of the normal export again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import InputError
from .namespaces import BAL, shorten

#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4), with rdfs:Literal, the top datatype.
OWL2_DATATYPES = frozenset({
    OWL.real, OWL.rational, RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral,
    *(XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")),
})


def outside_the_map(literal: Literal) -> bool:
    """A typed literal whose datatype OWL 2 reasoners do not know (language-tagged and plain strings are in)."""
    return literal.datatype is not None and literal.datatype not in OWL2_DATATYPES


def _standard_outside_the_map(term) -> bool:
    """A datatype of XML Schema or RDF (xsd:gYear, rdf:JSON...) that is not in the OWL 2 map."""
    return isinstance(term, URIRef) and term not in OWL2_DATATYPES \
        and (str(term).startswith(str(XSD)) or term in (RDF.JSON, RDF.HTML))


def _annotation(s, p, o, datatype) -> Iterator[tuple]:
    """The OWL 2 axiom annotation (RDF mapping of annotated axioms) saying that `s p o` has `datatype` in the store;
    its blank node named from the triple, so that two exports of one store are the same text."""
    node = BNode("dt" + hashlib.sha256(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:24])
    yield node, RDF.type, OWL.Axiom
    yield node, OWL.annotatedSource, s
    yield node, OWL.annotatedProperty, p
    yield node, OWL.annotatedTarget, o
    yield node, BAL.literalDatatype, datatype


def owl2_form(triples: Iterable[tuple]) -> Iterator[tuple]:
    """The triples (rdflib terms) with every literal and range outside the OWL 2 datatype map rewritten as
    described above; the others as they are. Two values of one subject and property that would become the same
    string ("2024" and "2024"^^xsd:gYear) are an error: the form could not tell them apart."""
    typed: dict[tuple, URIRef] = {}  # (s, p, string) -> the datatype the value has in the store
    plain: set[tuple] = set()
    for s, p, o in triples:
        if isinstance(o, Literal) and outside_the_map(o):
            string = (s, p, Literal(str(o)))
            if string in typed or string in plain:
                _collision(string, o.datatype, typed.get(string))
            typed[string] = o.datatype
            yield string
            yield from _annotation(*string, o.datatype)
            continue
        if p == RDFS.range and _standard_outside_the_map(o):
            yield s, p, XSD.string
            yield from _annotation(s, p, XSD.string, o)
            continue
        if isinstance(o, Literal) and o.datatype in (None, XSD.string) and not o.language:
            string = (s, p, Literal(str(o)))
            if string in typed:
                _collision(string, typed[string], None)
            plain.add(string)
        yield s, p, o


def _collision(triple: tuple, datatype: URIRef, other: URIRef | None) -> None:
    s, p, value = triple
    raise InputError(f"{shorten(str(s))} {shorten(str(p))} has the value {str(value)!r} as {shorten(str(datatype))} "
                     f"and as {shorten(str(other)) if other else 'a string'}: the OWL 2 form writes both as the same "
                     "string and could not tell them apart. Keep one of the two values in the data.")
