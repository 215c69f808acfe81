"""quotes/fulltext.py: an index updated in place (the former file copied, some quotes written again with their
former words forgotten) holds what an index written whole holds, word for word."""

from __future__ import annotations

from conftest import index_content

from balises.quotes.fulltext import IndexWriter, QuoteIndex, match_expression
from balises.rdf.search_terms import search_terms

QUOTES = [("e1", "la cohorte des territoires pilotes", "", {"balise": ["C1"], "territory": ["lomme"]}),
          ("e2", "une base pour les communs", "", {"balise": ["C2"], "territory": ["lens"]}),
          ("e3", "les communs territoriaux", "commun", {"balise": ["C1", "C2"], "territory": ["lomme"]})]


def _whole(path, quotes):
    writer = IndexWriter(path)
    for iri, text, joins, facets in quotes:
        writer.add(iri, text, joins, False, 2024, facets)
    writer.close().close()


def test_an_index_updated_in_place_is_the_index_written_whole(tmp_path):
    former, updated, whole = tmp_path / "former.sqlite", tmp_path / "updated.sqlite", tmp_path / "whole.sqlite"
    _whole(former, QUOTES)
    kept = former.read_bytes()
    changed = [QUOTES[0], ("e2", "une autre base pour penser", "", {"balise": ["C3"], "territory": ["lens"]}),
               QUOTES[2]]
    writer = IndexWriter(updated, former)
    writer.keep(changed[0][3])
    writer.add("e2", changed[1][1], changed[1][2], False, 2024, changed[1][3], former=(QUOTES[1][1], QUOTES[1][2]))
    writer.keep(changed[2][3])
    writer.close().close()
    _whole(whole, changed)
    assert index_content(updated) == index_content(whole)
    index = QuoteIndex.open(updated)
    assert [index.iris[i] for i in index._ranks(match_expression(search_terms("communs")))] == ["e3"]
    assert [index.iris[i] for i in index._ranks(match_expression(search_terms("penser")))] == ["e2"]
    assert former.read_bytes() == kept, "the former file (the current version's) is left as it was"
