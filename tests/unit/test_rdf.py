"""The rdf layer: the SPARQL JSON codec, text folding by purpose, terms a curator can get wrong."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from balises.rdf.codec import Decoder, decode_rows, from_json, to_json
from balises.rdf.folding import fold_for_search, fold_for_search_with_map, fold_name, fold_place_name
from balises.rdf.wellformed import MAX_LITERAL, iri_problem, literal_problem

TERMS = [URIRef("http://x/a"), BNode("b1"), Literal("texte"), Literal("texte", lang="fr"),
         Literal("12", datatype=XSD.integer), Literal("2019-03", datatype=XSD.gYearMonth)]


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_terms_travel_through_json_unchanged(term):
    assert from_json(to_json(term)) == term
    assert Decoder()(to_json(term)) == term


def test_xsd_string_is_a_simple_literal_and_unbound_is_none():
    assert to_json(Literal("x", datatype=XSD.string)) == {"type": "literal", "value": "x"}
    assert from_json({"type": "literal", "value": "x", "datatype": str(XSD.string)}) == Literal("x")
    assert decode_rows(["a", "b"], [{"a": to_json(Literal("x"))}]) == [(Literal("x"), None)]


def test_each_fold_keeps_its_own_rules():
    assert fold_for_search("L'Île-Saint-Denis") == "l'ile-saint-denis"
    assert fold_place_name("L'Île-Saint-Denis") == "l ile saint denis"
    assert fold_name("« L'Île-Saint-Denis » !") == "l ile saint denis"
    folded, where = fold_for_search_with_map("Éco\ntransition")
    assert folded == "eco transition" and where[3] == 3 and where[4] == 4 and len(where) == len(folded)


@pytest.mark.parametrize("literal, expected", [
    (Literal("2023-02-30", datatype=XSD.date), "not a day of the calendar"),
    (Literal("20x3", datatype=XSD.gYear), "not a valid xsd:gYear"),
    (Literal("2019-13", datatype=XSD.gYearMonth), "not a valid xsd:gYearMonth"),
    (Literal("NaN", datatype=XSD.decimal), "not a valid xsd:decimal"),
    (Literal("INF", datatype=XSD.double), "not a valid xsd:double"),
    (Literal("1e999", datatype=XSD.double), "xsd:double"),  # rdflib writes it "inf": refused either way
    (Literal("x" * (MAX_LITERAL + 1)), "characters"),
])
def test_ill_formed_literals_are_named(literal, expected):
    assert expected in literal_problem(literal)


def test_well_formed_terms_pass():
    for literal in (Literal("2024-02-29", datatype=XSD.date), Literal("2019", datatype=XSD.gYear),
                    Literal("9.3", datatype=XSD.decimal), Literal("texte", lang="fr")):
        assert literal_problem(literal) is None
    assert iri_problem(URIRef("https://w3id.org/balises/territoire/lomme")) is None
    assert "a space" in iri_problem(URIRef("https://w3id.org/balises/projet/t a b"))
    assert "'>'" in iri_problem(URIRef("https://w3id.org/balises/a>b"))
