"""The tables computed in Python from one read of each predicate (query/onepass.py: the quote bank's two, the
balises' co-occurrences and themes, the labels) give the rows of their queries, in their order: on the project's
store, for a few values of their key only, and on a store holding what the curated data does not
(an evidence with two lines and two speakers, a document with two dates, a triple in two graphs, a wider
territory through an actor); where they cannot tell the rows as SPARQL would (a blank node concatenated), they
say so and the build runs the query."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from balises.pipeline.derive import ONE_PASS_FROM, table_answer
from balises.query.binding import compose
from balises.query.keys import restrict
from balises.query.library import reads
from balises.query.run import run_sparql
from balises.pipeline.derive import ONE_PASS
from balises.query.onepass import NotOnePass, Reads
from balises.rdf.namespaces import BAL, BASE, OA
from balises.store.oxigraph import OxigraphStore


#: The one-pass tables whose query has no key (one row per balise; one count): computed whole only.
UNKEYED = ("17-enjeux-overview", "facts-involved")


def _query(library, name: str):
    return library[name] if name in library else reads()[name]


def _texts(library) -> dict[str, str]:
    return {name: compose(_query(library, name).text, {}) for name in ONE_PASS}


def _same(store, name: str, sparql: str, only=None, key: str = "evidence") -> None:
    mine = ONE_PASS[name](store, sparql, only=only)
    theirs = run_sparql(store, sparql if only is None else restrict(sparql, key, only)).outcome
    assert mine.columns == theirs.columns
    assert len(mine.rows) == len(theirs.rows)
    assert set(mine.rows) == set(theirs.rows)
    assert mine.rows == theirs.rows


@pytest.mark.parametrize("name", sorted(ONE_PASS))
def test_the_rows_are_the_querys_on_the_project_store(store, library, name):
    _same(store, name, _texts(library)[name])


@pytest.mark.parametrize("name", sorted(name for name in ONE_PASS if name not in UNKEYED))
def test_the_rows_of_some_keys_are_the_restricted_querys(store, library, name):
    key = _query(library, name).key
    sparql = _texts(library)[name]
    answer = run_sparql(store, sparql)
    values = sorted({row[answer.columns.index(key)] for row in answer.rows})
    assert len(values) > 7
    _same(store, name, sparql, only=set(values[::7]), key=key)


E = URIRef(BASE + "preuve/test-deux-lignes")
DOCUMENT = URIRef(BASE + "document/test-deux-dates")
OTHER = URIRef(BASE + "graphe/test-autre")
ACTOR = URIRef(BASE + "acteur/test-acteur")
NAMED = URIRef(BASE + "acteur/test-deux-noms")
PREFERRED = URIRef(BASE + "acteur/test-prefere")


@pytest.fixture(scope="module")
def unusual(built, project_settings):
    """The project's store in memory, with what the curated data does not hold."""
    found = OxigraphStore.open(project_settings.store, in_memory=True)
    some = next(iter(run_sparql(found, "SELECT ?t WHERE { ?t a bal:Territory ; bal:partOf ?w }").rows))[0]
    balise, other = [row[0] for row in run_sparql(found, "SELECT ?b WHERE { ?b a bal:Balise } ORDER BY ?b LIMIT 2").rows]
    project = run_sparql(found, "SELECT ?p WHERE { ?p a bal:Project ; bal:theme ?t } ORDER BY ?p LIMIT 1").rows[0][0]
    person = next(iter(run_sparql(found, "SELECT ?p WHERE { ?p a foaf:Person ; rdfs:label ?l }").rows))[0]
    target, selector = URIRef(str(E) + "#cible"), URIRef(str(E) + "#selecteur")
    triples = [(E, RDF.type, BAL.Evidence), (E, OA.hasTarget, target), (target, OA.hasSource, DOCUMENT),
               (target, OA.hasSelector, selector), (selector, OA.exact, Literal("deux lignes", lang="fr")),
               (E, BAL.line, Literal(3)), (E, BAL.line, Literal(12)), (E, BAL.speaker, person),
               (E, BAL.speaker, ACTOR), (ACTOR, RDFS.label, Literal("Un acteur", lang="fr")),
               (ACTOR, RDFS.label, Literal("An actor", lang="en")), (ACTOR, BAL.actsIn, some),
               (E, BAL.about, ACTOR), (E, BAL.illustrates, balise), (E, BAL.illustrates, other),
               (E, BAL.about, project),
               # labels: two French ones (the first by its text), an English preferred label only; a French
               # preferred label beside a French label (the preferred one wins); a blank node's (no row)
               (NAMED, RDFS.label, Literal("Zèbre", lang="fr")), (NAMED, RDFS.label, Literal("Abeille", lang="fr")),
               (NAMED, SKOS.prefLabel, Literal("Bee", lang="en")),
               (PREFERRED, RDFS.label, Literal("Aaa", lang="fr")), (PREFERRED, SKOS.prefLabel, Literal("Zzz", lang="fr")),
               (BNode("anonyme"), RDFS.label, Literal("Anonyme", lang="fr")),
               (DOCUMENT, DCTERMS.date, Literal("2021-03-01", datatype=XSD.date)),
               (DOCUMENT, DCTERMS.date, Literal("2022", datatype=XSD.gYear))]
    # a balise's wider enjeu in two graphs, as the entailments at scale repeat it
    enjeu = run_sparql(found, f"SELECT ?e WHERE {{ <{balise}> skos:broader ?e }}").rows[0][0]
    graph = URIRef(BASE + "graphe/test")
    found.add_quads([(*t, graph) for t in triples] + [(*t, OTHER) for t in triples[:4]]
                    + [(balise, SKOS.broader, enjeu, OTHER)])
    return found


@pytest.mark.parametrize("name", sorted(ONE_PASS))
def test_the_rows_are_the_querys_where_the_data_is_unusual(unusual, library, name):
    _same(unusual, name, _texts(library)[name])
    if name in ("30-quote-bank", "quotes-facets"):
        rows = ONE_PASS[name](unusual, _texts(library)[name], only={E}).rows
        assert len(rows) == (4 if name == "30-quote-bank" else 2)  # two lines x two speakers; two years


def test_a_blank_node_where_a_text_is_concatenated_is_left_to_the_query(unusual, library):
    unusual.add_quads([(E, BAL.about, BNode("sans-nom"), URIRef(BASE + "graphe/test-vide"))])
    try:
        with pytest.raises(NotOnePass, match="blank node"):
            ONE_PASS["30-quote-bank"](unusual, _texts(library)["30-quote-bank"])
        sparql = _texts(library)["30-quote-bank"]
        assert table_answer(unusual, "30-quote-bank", sparql).rows == run_sparql(unusual, sparql).rows
    finally:
        unusual.drop_graph(URIRef(BASE + "graphe/test-vide"))


def test_the_tables_share_their_reads(store, library):
    shared = Reads(store)
    texts = _texts(library)
    ONE_PASS["30-quote-bank"](store, texts["30-quote-bank"], reads=shared)
    before = dict(shared._pairs)
    ONE_PASS["quotes-facets"](store, texts["quotes-facets"], reads=shared)
    ONE_PASS["13-balise-theme"](store, texts["13-balise-theme"], reads=shared)
    assert all(shared._pairs[p] is table for p, table in before.items())


def test_few_evidences_are_asked_of_the_restricted_query(store, library, monkeypatch):
    """Below ONE_PASS_FROM key values, reading every predicate whole would cost more than the query's lookups."""
    called = []
    monkeypatch.setitem(ONE_PASS, "30-quote-bank", lambda *a, **k: called.append(1))
    sparql = _texts(library)["30-quote-bank"]
    evidence = run_sparql(store, "SELECT ?e WHERE { ?e a bal:Evidence } LIMIT 1").rows[0][0]
    rows = table_answer(store, "30-quote-bank", sparql, only={evidence}, key="evidence").rows
    assert not called and rows and all(row[0] == evidence for row in rows)
    assert ONE_PASS_FROM > 1
