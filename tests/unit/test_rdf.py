"""The rdf layer: the SPARQL JSON codec, text folding by purpose, terms a curator can get wrong."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from balises.rdf.codec import Decoder, decode_rows, from_json, to_json
from balises.rdf.folding import (
    fold_for_search,
    fold_name,
    fold_place_name,
    line_break_joins,
    search_text,
    search_tokens,
)
from balises.rdf.search_terms import MAX_SEARCH, Term, search_terms
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


def test_the_older_typed_literal_cells_are_literals_with_their_datatype():
    """Virtuoso 7 writes {"type": "typed-literal", ...} (the JSON results note before SPARQL 1.1)."""
    cell = {"type": "typed-literal", "datatype": str(XSD.integer), "value": "23"}
    assert from_json(cell) == Literal("23", datatype=XSD.integer) == Decoder()(cell)
    assert from_json({"type": "typed-literal", "datatype": str(XSD.string), "value": "x"}) == Literal("x")
    with pytest.raises(ValueError, match="unknown type"):
        from_json({"type": "triple", "value": "x"})


def test_each_fold_keeps_its_own_rules():
    assert fold_for_search("L'Île-Saint-Denis") == "l ile saint denis"
    assert fold_place_name("L'Île-Saint-Denis") == "l ile saint denis"
    assert fold_name("« L'Île-Saint-Denis » !") == "l ile saint denis"
    assert search_tokens("Éco\ntransition") == [("eco", 0, 3), ("transition", 4, 14)]


@pytest.mark.parametrize("spellings", [
    ["Lil’Ô", "Lil'Ô", "lil o", "LIL ʼO", "« Lil‘Ô »", "Lil Ô"],
    ["coopération", "cooperation", "COOPÉRATION", "Coopération"],
    ["œuvre", "oeuvre", "Œuvre", "ŒUVRE"],
    ["fifty-fifty", "fifty–fifty", "fifty—fifty", "fifty fifty", "fifty fifty"],
    ["d’acteurs", "d'acteurs", "dʼacteurs", "d acteurs"],
    ["**renforcer la coopération**", "renforcer la cooperation", "“renforcer” la « coopération »"],
    ["ex æquo", "ex aequo"],
])
def test_a_reader_s_spellings_fold_to_one_key(spellings):
    assert len({fold_for_search(s) for s in spellings}) == 1


def test_a_word_cut_at_a_line_end_is_indexed_joined_too():
    assert line_break_joins("la coopé-\nration des élus") == [("cooperation", 3, 16)]
    assert search_text("la coopé- ration") == "la coope ration | cooperation"
    assert search_text("5 vice- présidents") == "5 vice presidents | vicepresidents"
    assert search_text("Loos-en- Gohelle, fête paysanne - suite") == "loos en gohelle fete paysanne suite"
    assert line_break_joins("") == [] and search_text("") == ""


def test_a_search_reads_words_phrases_and_prefixes():
    assert search_terms('Lil\'Ô "mode de faire" « tiers-lieu » coop* élu Élu') == [
        Term(("lil", "o")), Term(("mode", "de", "faire")), Term(("tiers", "lieu")), Term(("coop",), prefix=True),
        Term(("elu",))]
    assert search_terms("  *  «  »  \" ") == [] and search_terms(None) == []
    assert Term(("elu",)).occurrences("les elus et l elue".split()) == [1, 4]
    assert Term(("o",)).occurrences("o os".split()) == [0]
    assert Term(("coop",), prefix=True).occurrences("la cooperation".split()) == [1]
    assert Term(("lil", "o")).literal == "lil o" and Term(("coop",), True).literal == "coop*"
    with pytest.raises(Exception, match="too long"):
        search_terms("a" * (MAX_SEARCH + 1))


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


def test_the_remembering_processor_parses_a_text_once_and_answers_as_rdflib_does():
    """rdf/prepared.py: one query text, bound to each focus node in turn as pySHACL does: rdflib's answers, the
    text parsed and translated once."""
    from rdflib import Graph, URIRef
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    from balises.rdf.prepared import RememberingProcessor, _translated

    graph = Graph().parse(data="""@prefix ex: <https://example.org/> .
        ex:a ex:p ex:b , ex:c . ex:b ex:p ex:c .""", format="turtle")
    text = "SELECT ?o WHERE { $this <https://example.org/p> ?o } ORDER BY ?o"
    before = _translated.cache_info()
    for name in ("a", "b", "c"):
        bound = {"this": URIRef("https://example.org/" + name)}
        mine = [dict(row) for row in RememberingProcessor(graph).query(text, initBindings=bound, initNs={})["bindings"]]
        theirs = [dict(row) for row in SPARQLProcessor(graph).query(text, initBindings=bound, initNs={})["bindings"]]
        assert mine == theirs and len(mine) == {"a": 2, "b": 1, "c": 0}[name]
    after = _translated.cache_info()
    assert after.misses - before.misses <= 1 and after.hits - before.hits >= 2
