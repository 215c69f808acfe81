"""quotes/fulltext.py: an index updated in place (the former file copied, some quotes written again with their
former words forgotten, quotes added, moved or gone) holds what an index written whole holds, word for word."""

from __future__ import annotations

import pytest
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


def _found(index, text):
    return [index.iris[i] for i in index._ranks(match_expression(search_terms(text)))]


def test_an_index_updated_in_place_is_the_index_written_whole(tmp_path):
    former, updated, whole = tmp_path / "former.sqlite", tmp_path / "updated.sqlite", tmp_path / "whole.sqlite"
    _whole(former, QUOTES)
    kept = former.read_bytes()
    changed = [QUOTES[0], ("e2", "une autre base pour penser", "", {"balise": ["C3"], "territory": ["lens"]}),
               QUOTES[2]]
    writer = IndexWriter(updated, former)
    writer.keep("e1", False, 2024, changed[0][3])
    writer.add("e2", changed[1][1], changed[1][2], False, 2024, changed[1][3], former=(QUOTES[1][1], QUOTES[1][2]))
    writer.keep("e3", False, 2024, changed[2][3])
    writer.close().close()
    _whole(whole, changed)
    assert index_content(updated) == index_content(whole)
    index = QuoteIndex.open(updated)
    assert _found(index, "communs") == ["e3"]
    assert _found(index, "penser") == ["e2"]
    assert former.read_bytes() == kept, "the former file (the current version's) is left as it was"


def test_quotes_added_moved_and_gone_keep_their_words_where_they_are(tmp_path):
    """A new sheet's quotes come in the middle of the bank: the quotes after them move, their words stay; a quote
    gone has its words taken out."""
    former, updated, whole = tmp_path / "former.sqlite", tmp_path / "updated.sqlite", tmp_path / "whole.sqlite"
    _whole(former, QUOTES)
    new = ("e0", "des communs pour penser ensemble", "", {"balise": ["C2"], "territory": ["arras"]})
    writer = IndexWriter(updated, former)
    writer.keep("e3", False, 2024, QUOTES[2][3])
    writer.add(*new[:3], False, 2024, new[3])
    writer.keep("e1", False, 2024, QUOTES[0][3])
    writer.forget(writer.docs.pop("e2"), (QUOTES[1][1], QUOTES[1][2]))
    writer.close().close()
    _whole(whole, [QUOTES[2], new, QUOTES[0]])
    assert index_content(updated) == index_content(whole)
    index = QuoteIndex.open(updated)
    assert _found(index, "communs") == ["e3", "e0"], "in the bank's new order"
    assert _found(index, "base") == [], "the gone quote's words are out"


def test_an_update_that_cannot_find_a_quote_fails_rather_than_guess(tmp_path):
    former = tmp_path / "former.sqlite"
    _whole(former, QUOTES)
    writer = IndexWriter(tmp_path / "a.sqlite", former)
    with pytest.raises(KeyError):
        writer.keep("e9", False, 2024, {})  # not in the former index
    with pytest.raises(KeyError):
        writer.add("e1", "autre", "", False, 2024, {})  # in it, without its former words
    writer = IndexWriter(tmp_path / "b.sqlite", former)
    writer.keep("e1", False, 2024, {})
    with pytest.raises(KeyError):
        writer.close()  # e2 and e3 neither kept nor forgotten
