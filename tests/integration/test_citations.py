"""The quote bank (balises.quotes.bank): search with facets, highlighting; citing it (balises.quotes.citing): basket, Markdown /
CSV / BibTeX exports."""

from __future__ import annotations

import csv
import io
import re

import pytest

from balises.errors import QueryError
from balises.query.cache import run_named
from balises.quotes.bank import (
    highlight_html,
    load_bank,
    match_spans,
    search_terms,
)
from balises.quotes.citing import (
    Basket,
    citation,
    documents_of,
    to_bibtex,
    to_csv,
    to_markdown,
)
from balises.rdf.namespaces import expand
from balises.rdf.search_terms import MAX_SEARCH

HOSTILE = ["", "   ", "<script>alert(1)</script>", "'; DROP TABLE quotes; --", '" } ; DELETE WHERE { ?s ?p ?o } #',
           "ter:lomme> <x", "\x00\x01", "{{7*7}}", "%00", "((((", "*", "\\", "«", '"', "é" * 50]


@pytest.fixture(scope="module")
def bank(store, library, project_settings):
    return load_bank(store, library, project_settings.corpus_dir)


def test_every_quote_is_loaded_with_its_document_and_line(bank):
    assert len(bank) == 335
    assert len(bank.documents) == 5
    for q in bank.quotes:
        assert q.text.strip()
        assert q.document in bank.documents
        assert q.line is not None and q.line > 0


def test_quotes_are_verbatim_in_their_corpus_file(bank, project_settings):
    for q in bank.quotes[::10]:
        text = (project_settings.corpus_dir / bank.document_of(q).file_name).read_text(encoding="utf-8")
        assert " ".join(q.text.split()) in " ".join(text.split())


def test_authors_in_the_order_of_the_cover_and_licence_of_004(bank):
    doc = bank.documents[expand("doc:004")]
    assert doc.authors == ("Patrice Vuidel", "Julian Perdrigeat")
    assert doc.licence_name == "CC BY-NC-ND 4.0"
    assert "ISBN 978-2-490995-00-4" in doc.citation()
    assert bank.documents[expand("doc:002")].authors == ("Vincent Chassagne", "Jean Maillet", "Valérian Poyau")


def test_001_is_cited_with_the_curators_attribution_not_as_an_author(bank):
    """The newsletter prints no author and no publisher: Léa Tramontin signs its editorial (a contributor) and the
    Fabrique des transitions is the curators' attribution, said as such."""
    doc = bank.documents[expand("doc:001")]
    assert doc.authors == () and doc.publishers == () and doc.contributors == ("Léa Tramontin",)
    assert doc.attributed == ("Fabrique des transitions",)
    assert doc.citation().startswith("« Newsletter #3") and "», attribué à Fabrique des transitions, s. d." in doc.citation()
    assert "attributed to Fabrique des transitions" in doc.citation("en")


def test_every_quote_of_004_is_cited_with_its_authors(bank):
    quotes = bank.search(documents=["doc:004"])
    assert quotes
    for q in quotes:
        text = citation(q, bank.document_of(q))
        assert "Patrice Vuidel" in text and "Julian Perdrigeat" in text
        assert f"ligne {q.line}" in text and "004_64da2f158898dd37.txt" in text


def test_search_ignores_case_and_accents_and_needs_every_word(bank):
    accented = bank.search("coopération")
    assert accented and [q.iri for q in accented] == [q.iri for q in bank.search("COOPERATION")]
    both = bank.search("coopération habitants")
    assert both and {q.iri for q in both} <= {q.iri for q in accented}
    phrase = bank.search('"tiers lieu"')
    assert phrase and all(re.search(r"tiers[- ]lieux?", q.text, re.IGNORECASE) for q in phrase)
    assert bank.search("zzzyyyxxx") == []


def test_facets_agree_with_the_query_library(bank, store, library):
    rows = run_named(store, library["02-balise-evidence"], {"balise": "ref:C2"}).records()
    expected = {r["evidence"] for r in rows if r["evidence"]}
    assert {q.iri for q in bank.search(balises=["C2"])} == expected
    assert all(q.key for q in bank.search(key_only=True))
    assert 0 < len(bank.search(key_only=True)) < len(bank)
    cooperation = bank.search(enjeux=["ref:cooperation"])
    assert cooperation and all(any(b.startswith("C") for b in q.balises) for q in cooperation)


def test_territory_facet_includes_what_lies_within(bank):
    loos = {q.iri for q in bank.search(territories=["ter:loos-en-gohelle"])}
    pas_de_calais = {q.iri for q in bank.search(territories=["ter:pas-de-calais"])}
    assert loos and loos <= pas_de_calais
    both = bank.search("transition", balises=["T3"], territories=["ter:loos-en-gohelle"])
    assert all("T3" in q.balises for q in both)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_is_only_text(bank, text):
    found = bank.search(text)
    assert isinstance(found, list)
    for q in found[:3]:
        assert "<script>" not in highlight_html(q.text, text)


def test_overlong_search_is_refused_with_a_message(bank):
    with pytest.raises(QueryError, match="too long"):
        bank.search("a" * (MAX_SEARCH + 1))


def test_highlight_escapes_html_and_marks_matches():
    html = highlight_html("La <coopération> & les habitants", "cooperation")
    assert html == "La &lt;<mark>coopération</mark>&gt; &amp; les habitants"
    assert highlight_html("rien", "<b>") == "rien"
    assert match_spans("Élus et ÉLUS", search_terms("elus")) == [(0, 4), (8, 12)]
    assert match_spans("Un élu, des élues", search_terms("élu")) == [(3, 6), (12, 17)]
    assert highlight_html("Lil’Ô et la coopé- ration", "lil'o cooperation") == \
        "<mark>Lil’Ô</mark> et la <mark>coopé- ration</mark>"


def test_basket_keeps_order_and_accepts_curies(bank):
    basket = Basket()
    first, second = bank.quotes[5], bank.quotes[1]
    basket.add(first.short)
    basket.add(second.iri)
    basket.add(first.iri)
    assert [q.iri for q in basket.quotes(bank)] == [first.iri, second.iri]
    assert first.short in basket and len(basket) == 2
    assert basket.toggle(first.iri) is False and first.iri not in basket
    basket.add("cit:does-not-exist")
    assert [q.iri for q in basket.quotes(bank)] == [second.iri]
    basket.clear()
    assert len(basket) == 0


def test_markdown_export_has_the_quotes_verbatim_with_full_citations(bank):
    quotes = bank.search(documents=["doc:004"])[:2] + bank.search(documents=["doc:000"])[:1]
    md = to_markdown(quotes, bank)
    for q in quotes:
        assert q.text in md
        assert f"ligne {q.line}" in md
    assert md.count("Patrice Vuidel, Julian Perdrigeat") >= 3  # two quotes and the source list
    assert "## Sources" in md and "Anne-Louise Nègre" in md
    assert "(panier vide)" in to_markdown([], bank)
    assert "line" in to_markdown(quotes, bank, "en")


def test_csv_export_round_trips(bank):
    quotes = bank.search("habitants")[:5]
    rows = list(csv.DictReader(io.StringIO(to_csv(quotes, bank))))
    assert [r["quote"] for r in rows] == [q.text for q in quotes]
    for r, q in zip(rows, quotes):
        assert r["line"] == str(q.line) and r["file"] and r["document_title"]
        assert r["authors"] or r["publishers"]
        if q.document.endswith("/004"):
            assert r["authors"] == "Patrice Vuidel; Julian Perdrigeat" and r["licence"] == "CC BY-NC-ND 4.0"


def test_bibtex_of_the_source_documents(bank):
    bib = to_bibtex(documents_of(bank.quotes, bank))
    assert bib.count("@misc{") == 4 and bib.count("@book{") == 1  # 004 has an ISBN
    assert bib.count("{") == bib.count("}")
    assert "author = {Vuidel, Patrice and Perdrigeat, Julian}" in bib
    assert "isbn = {978-2-490995-00-4}" in bib
    assert "publisher = {UNADEL; Territoires Conseils}" in bib and "copyright" not in bib
    keys = re.findall(r"@(?:misc|book)\{([^,]+),", bib)
    assert len(set(keys)) == 5 and all(re.fullmatch(r"[a-z0-9]+", k) for k in keys)


@pytest.mark.parametrize("text", ["coopération", "cooperation", "TRANSITION écologique", '"la commune"', "élu habitant",
                                  "« tiers-lieu »", "zzz-absent", "a", "Loos-en-Gohelle 2030"])
def test_search_finds_exactly_the_quotes_whose_marks_it_can_draw(bank, text):
    """The search tests each quote's folded words (computed once per quote); the highlighting draws the marks on
    exactly those quotes."""
    from balises.quotes.bank import match_spans, search_terms

    terms = search_terms(text)
    expected = {q.iri for q in bank.quotes if match_spans(q.text, terms) is not None}
    assert {q.iri for q in bank.search(text)} == expected
