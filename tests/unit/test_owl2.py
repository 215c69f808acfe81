"""The OWL 2 form of the graph: every literal in the OWL 2 datatype map, nothing lost, nothing made up."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

from balises.errors import InputError
from balises.rdf.namespaces import BAL, PRJ, SCHEMA, TER
from balises.rdf.owl2 import OWL2_DATATYPES, outside_the_map, owl2_form


def annotations(graph: Graph) -> dict[tuple, object]:
    """(source, property, target) -> the datatype its bal:literalDatatype annotation names."""
    return {(graph.value(a, OWL.annotatedSource), graph.value(a, OWL.annotatedProperty),
             graph.value(a, OWL.annotatedTarget)): graph.value(a, BAL.literalDatatype)
            for a in graph.subjects(RDF.type, OWL.Axiom)}


def test_the_map_is_the_specification_s():
    assert len(OWL2_DATATYPES) == 34  # 33 datatypes of section 4, and rdfs:Literal
    assert {XSD.dateTime, XSD.dateTimeStamp, XSD.integer, XSD.string, RDF.PlainLiteral} <= OWL2_DATATYPES
    assert not {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.time, XSD.duration, RDF.JSON} & OWL2_DATATYPES
    assert not outside_the_map(Literal("Lomme", lang="fr")) and not outside_the_map(Literal("Lomme"))


def test_a_year_becomes_its_text_and_its_datatype_an_annotation():
    year, day = Literal("2023", datatype=XSD.gYear), Literal("2024-01-24", datatype=XSD.date)
    kept = [(PRJ.p, SCHEMA.name, Literal("p")), (PRJ.p, BAL.line, Literal(3)), (PRJ.p, SCHEMA.startDate, year),
            (BNode("b"), SCHEMA.startDate, day)]
    out = Graph()
    for triple in owl2_form(kept):
        out.add(triple)
    assert (PRJ.p, SCHEMA.startDate, Literal("2023")) in out
    assert (BNode("b"), SCHEMA.startDate, Literal("2024-01-24")) in out
    assert annotations(out) == {(PRJ.p, SCHEMA.startDate, Literal("2023")): XSD.gYear,
                                (BNode("b"), SCHEMA.startDate, Literal("2024-01-24")): XSD.date}
    assert all(not isinstance(o, Literal) or not outside_the_map(o) for o in out.objects())
    assert (PRJ.p, SCHEMA.name, Literal("p")) in out and (PRJ.p, BAL.line, Literal(3)) in out
    assert not any("T" in str(o) for o in out.objects(None, SCHEMA.startDate)), "no time of day is made up"
    assert set(owl2_form(kept)) == set(out), "the same store gives the same text"


def test_a_range_outside_the_map_matches_what_the_data_carries():
    out = set(owl2_form([(BAL.asOf, RDFS.range, XSD.gYear), (BAL.line, RDFS.range, XSD.integer)]))
    assert (BAL.asOf, RDFS.range, XSD.string) in out and (BAL.asOf, RDFS.range, XSD.gYear) not in out
    assert (BAL.line, RDFS.range, XSD.integer) in out
    graph = Graph()
    for triple in out:
        graph.add(triple)
    assert annotations(graph) == {(BAL.asOf, RDFS.range, XSD.string): XSD.gYear}


@pytest.mark.parametrize("string_first", [False, True])
def test_two_values_that_would_be_one_string_are_refused_with_the_entity(string_first):
    values = [(TER.lomme, SCHEMA.startDate, Literal("2024", datatype=XSD.gYear)),
              (TER.lomme, SCHEMA.startDate, Literal("2024"))]
    with pytest.raises(InputError, match=r"ter:lomme schema:startDate has the value '2024' as .* and as .*Keep one"):
        list(owl2_form(values[::-1] if string_first else values))
