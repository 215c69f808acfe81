"""The rules that set a number of the corpus aside (years, dates, list and page numbers, codes), and the
accounting of the others against the figures of a graph and the not-figures lists."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from balises.errors import InputError
from balises.quotes.integrity import Corpus, CorpusText
from balises.quotes.numbers import coverage, numbers_of, read_not_figures

DOC = URIRef("https://w3id.org/balises/document/999")


def _numbers(tmp_path: Path, text: str):
    path = tmp_path / "999.txt"
    path.write_text(text, encoding="utf-8")
    return numbers_of(DOC, CorpusText.read(path), text)


@pytest.mark.parametrize("text,written,rule", [
    ("en 2017 et 2023-2024", "2017", "year"),
    ("le 24 janvier, puis", "24", "date"),
    ("le 19\nseptembre 2017", "19", "date"),
    ("les 20 et 21 janvier", "20", "date"),
    ("21/03/2019", "21", "date"),
    ("la 3eme révolution", "3", "ordinal"),
    ("Saison 2", "2", "label"),
    ("Balise 3 - Créer", "3", "label"),
    ("5. Changer d'échelle", "5", "list"),
    ("(1) Inscrire son intervention", "1", "list"),
    ("Le code source.....\t11", "11", "page"),
    ("  17  ", "17", "page"),
    ("l'A21 de Hanovre", "21", "glued"),
    ("la base 11-19", "11", "glued"),
    ("voir https://bit.ly/2MC962k", "2", "address"),
    ("350 emplois", "350", None),
    ("environ 23 000 logements", "23 000", None),
    ("9,3 km²", "9,3", None),
    ("dont +100 sur la Base", "+100", None),
])
def test_rules(tmp_path, text, written, rule):
    found = {n.text: n for n in _numbers(tmp_path, text)}
    assert found[written].rule == rule


def test_values_read_as_the_documents_write_them(tmp_path):
    values = {n.text: n.value for n in _numbers(tmp_path, "23 000 logements, 9,3 km², +100 emplois")}
    assert values == {"23 000": Decimal(23000), "9,3": Decimal("9.3"), "+100": Decimal(100)}


def _graph(tmp_path: Path, text: str, figure: str = "") -> tuple[Graph, Corpus]:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir(exist_ok=True)
    (corpus_dir / "999.txt").write_text(text, encoding="utf-8")
    graph = Graph()
    graph.parse(data=f"""
        @prefix bal: <https://w3id.org/balises/def#> . @prefix oa: <http://www.w3.org/ns/oa#> .
        @prefix schema: <http://schema.org/> . @prefix doc: <https://w3id.org/balises/document/> .
        doc:999 a bal:SourceDocument ; bal:fileName "999.txt" .
        {figure}""", format="turtle")
    return graph, Corpus(graph, corpus_dir)


FIGURE = """<https://w3id.org/balises/chiffre/x> a bal:Observation ; schema:value 350 ;
    bal:statedIn [ oa:hasSource doc:999 ; oa:hasSelector [ oa:exact "350 emplois créés" ] ] ."""


def test_a_number_inside_a_figure_quote_with_its_value_is_modelled(tmp_path):
    graph, corpus = _graph(tmp_path, "En 2009 :\n350 emplois créés et 12 commerces.\n", FIGURE)
    result = coverage(graph, corpus, tmp_path / "none")
    assert [n.text for n in result.modelled] == ["350"]
    assert [n.text for n in result.missing] == ["12"]


def test_a_listed_number_is_accounted_for_and_a_stale_entry_reported(tmp_path):
    graph, corpus = _graph(tmp_path, "En 2009 :\n350 emplois créés et 12 commerces.\n", FIGURE)
    (tmp_path / "nf").mkdir()
    (tmp_path / "nf" / "999.csv").write_text("line,number,reason\n2,12,exemple\n1,7,absent\n2,350,en trop\n",
                                             encoding="utf-8")
    result = coverage(graph, corpus, tmp_path / "nf")
    assert not result.missing
    assert [(e.line, e.number) for e in result.stale] == [(1, "7")]
    assert [(n.text, e.reason) for n, e in result.both] == [("350", "en trop")]


def test_a_malformed_list_names_its_file_and_line(tmp_path):
    (tmp_path / "999.csv").write_text("line,number,reason\nx,12,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"999\.csv, line 2"):
        read_not_figures(tmp_path)
