"""Quotes shown clean and in their place: the OCR's `**bold**` as <b> with everything else escaped
(quotes/bank.py markup_html), and a quote found in its paragraph of the corpus text (quotes/passage.py)."""

from __future__ import annotations

from conftest import ROOT

from balises.quotes.bank import highlight_html
from balises.quotes.passage import find_passage, passage_of

LOMME = ROOT / "data" / "corpus" / "000_8b2cff9e777a23f6.txt"
QUOTE = ("Lors des échanges, la ville de Lomme a demandé l’appui de la Fabrique des transitions pour **renforcer la "
         "coopération multi-acteurs et appuyer la mise en place d’une instance citoyenne** (agents, habitants, "
         "commerçants...) dont le rôle serait de « veiller » au suivi de la feuille de route.")


def test_bold_markup_becomes_b_and_the_rest_stays_escaped():
    assert highlight_html("a **b <c>** d & e", "c") == "a <b>b &lt;</b><b><mark>c</mark></b><b>&gt;</b> d &amp; e"
    assert highlight_html("tail of a bold** then", "") == "<b>tail of a bold</b> then"  # a quote begun inside bold
    assert highlight_html("<script>**x**", "") == "&lt;script&gt;<b>x</b>"
    assert "**" not in highlight_html(QUOTE) and "<b>renforcer la coopération" in highlight_html(QUOTE)


def test_a_quote_is_found_in_its_paragraph_of_the_corpus_text():
    found = passage_of(LOMME, QUOTE, 36)
    assert found is not None and found.first_line == 34 and found.last_line == 36
    assert found.quote.startswith("Lors des échanges") and "Fabrique des\n\ntransitions" in found.quote  # as written
    assert "Quatre échanges ont eu lieu" in found.before and "Au fil des échanges" in found.after
    s, e = found.span
    assert found.text[s:e] == found.quote


def test_the_nearest_occurrence_to_the_line_is_taken_and_a_missing_quote_is_none():
    raw = "un mot\n\nailleurs\n\nun mot\n"
    assert find_passage(raw, "un mot", 5).first_line == 5
    assert find_passage(raw, "un mot", 1).first_line == 1
    assert find_passage(raw, "absent") is None and find_passage(raw, "  ") is None
