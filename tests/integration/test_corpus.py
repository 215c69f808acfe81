"""The curated graph against the corpus: quotes verbatim, facts read off each document, nothing named left out."""

from __future__ import annotations

import json

import pytest

from balises.query.run import run_sparql
from balises.rdf.namespaces import expand

from conftest import TESTS

CORPUS_TESTS = TESTS / "corpus"
FACT_FILES = sorted(CORPUS_TESTS.glob("facts_*.json"))
MENTION_FILES = sorted(CORPUS_TESTS.glob("mentions_*.json"))
DOCUMENTS = ["000", "001", "002", "003", "004"]


def _facts():
    out = []
    for path in FACT_FILES:
        for i, fact in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append(pytest.param(fact, id=f"{path.stem[6:]}-{i:02d}"))
    return out


def _mentions():
    out = []
    for path in MENTION_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind, iris in data.items():
            out.extend(pytest.param(kind, iri, id=f"{path.stem[9:]}-{iri}") for iri in iris)
    return out


def test_every_document_has_its_facts_and_mentions():
    covered = {p.stem[6:9] for p in FACT_FILES}
    assert set(DOCUMENTS) <= covered
    for path in FACT_FILES:
        assert len(json.loads(path.read_text(encoding="utf-8"))) >= 15, path.name


@pytest.mark.parametrize("fact", _facts())
def test_fact_read_off_the_document(store, fact):
    answer = run_sparql(store, fact["ask"]).outcome.boolean
    assert answer, fact["fact"]


KIND_CLASS = {"territories": "bal:Territory", "people": "bal:Person", "organisations": "bal:Organisation",
              "projects": "bal:Project"}


@pytest.mark.parametrize("kind,iri", _mentions())
def test_named_entity_is_in_the_graph(store, kind, iri):
    from rdflib import URIRef

    cls = KIND_CLASS[kind]
    assert run_sparql(store, f"ASK {{ ?x a {cls} ; rdfs:label ?l ; prov:wasDerivedFrom ?d }}",
                      {"x": URIRef(expand(iri))}).outcome.boolean, f"{iri} is not a {cls} of the graph"


def test_all_quotes_verbatim_in_their_source(built):
    report = built.report
    assert report is not None and report.conforms
    assert report.quotes_checked >= 150
    assert len(report.quote_locations) == report.quotes_checked


def test_each_balise_illustrated_by_a_concrete_case(store):
    rows = run_sparql(store, """
        SELECT ?notation (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?b a bal:Balise ; skos:notation ?notation .
          OPTIONAL { ?e bal:illustrates ?b ; bal:about ?x .
                     ?x a ?t . VALUES ?t { bal:Project bal:Territory bal:Actor bal:SystemicLeap } }
        } GROUP BY ?notation""").rows
    missing = [str(n) for n, c in rows if int(c) == 0]
    assert len(rows) == 23 and missing == []


def test_same_entity_is_one_entity_across_documents(store):
    rows = run_sparql(store, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ter:loos-en-gohelle prov:wasDerivedFrom ?d }""").rows
    assert int(rows[0][0]) >= 3
    labels = run_sparql(store, """
        SELECT ?x (COUNT(DISTINCT ?l) AS ?n) WHERE { ?x a bal:Actor ; rdfs:label ?l . FILTER(LANG(?l) = "fr") }
        GROUP BY ?x HAVING (COUNT(DISTINCT ?l) > 1)""").rows
    assert labels == [], "an entity has several French labels: the documents' files disagree on its name"


def test_key_quotes_exist_for_writers(store):
    n = run_sparql(store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e bal:keyQuote true }").rows[0][0]
    assert int(n) >= 30


def test_every_number_of_the_corpus_is_accounted_for(project_settings):
    """Each number of the five corpus files is set aside by rule (a year, a date, a list or page number…), the value
    of a figure whose quote covers it, or listed in data/not-figures/ with its reason (`balises numbers`)."""
    from rdflib import Graph

    from balises.quotes.integrity import Corpus
    from balises.quotes.numbers import coverage, report

    graph = Graph()
    for path in sorted(project_settings.data_dir.glob("*.ttl")):
        graph.parse(path)
    result = coverage(graph, Corpus(graph, project_settings.corpus_dir), project_settings.not_figures_dir)
    counts = result.counts()
    assert set(counts) == {f"doc:{d}" for d in DOCUMENTS}
    assert not result.missing and not result.stale and not result.both, report(result)
    assert sum(c["modelled"] for c in counts.values()) >= 40


def test_the_figures_the_review_named_are_modelled_with_their_quote(store):
    """350 jobs (1999-2009) at Loos-en-Gohelle, the CALL's 23 000 homes, the micro-farm's 8 jobs, the three employees
    of Lomme's tiers lieu: each a figure with its indicator, value, unit and verbatim quote."""
    rows = run_sparql(store, """
        SELECT ?about ?indicator ?value ?unit ?exact WHERE {
          ?f a bal:Observation ; schema:observationAbout ?about ; schema:variableMeasured ?indicator ;
             schema:unitText ?unit ; bal:statedIn/oa:hasSelector/oa:exact ?exact .
          OPTIONAL { ?f schema:value ?v } OPTIONAL { ?f schema:minValue ?lo }
          BIND(COALESCE(?v, ?lo) AS ?value)
        }""").rows
    found = {(str(ind).rsplit("/", 1)[-1], int(float(str(v)))): str(exact) for _, ind, v, _, exact in rows}
    assert "350" in found[("emplois-crees", 350)]
    assert "23 000" in found[("logements-renoves", 23000)]
    assert "8 emplois" in found[("emplois-crees", 8)]
    assert any(k[0] == "salaries" and k[1] == 3 for k in found)
