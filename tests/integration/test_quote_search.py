"""The quote bank searched in the store (balises.quotes.search): the same quotes, order, facets and counts as the
in-memory bank it replaces in the explorer, on both backends; the index the build writes; hostile text kept a
literal."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from rdflib.namespace import DCTERMS, RDF
from test_citations import HOSTILE

from balises.errors import QueryError
from balises.query.tables import read_cells, result_key
from balises.quotes.bank import load_bank
from balises.quotes.search import READS, SEARCH_GRAPH, folded, open_bank, search_query
from balises.rdf.namespaces import BAL, expand

SEARCHES = [
    {}, {"text": "coopération"}, {"text": "Coopération élus"}, {"text": '"fifty-fifty"'}, {"text": "« mode de faire »"},
    {"text": "l'habitant"}, {"text": "ENERGIE"}, {"text": "zzz-introuvable"}, {"balises": ["C2"]},
    {"balises": ["c2", "E1"]}, {"enjeux": ["ref:cooperation"]}, {"enjeux": ["ref:engagement", "ref:valeur"]},
    {"territories": ["ter:lomme"]}, {"territories": ["ter:pas-de-calais"]}, {"documents": ["doc:004"]},
    {"documents": ["doc:000", "doc:003"]}, {"about": ["prj:malaunay-amap"]}, {"key_only": True},
    {"text": "transition", "balises": ["T3"], "key_only": True},
    {"text": "projet", "territories": ["ter:loos-en-gohelle"], "documents": ["doc:003"]},
    {"balises": ["C4"], "enjeux": ["ref:cooperation"], "territories": ["ter:loos-en-gohelle"]},
]


@pytest.fixture(scope="module")
def memory_bank(store, library, project_settings):
    return load_bank(store, library, project_settings.corpus_dir)


@pytest.fixture(scope="module")
def store_bank(any_store, library, project_settings):
    return open_bank(any_store, library, project_settings.corpus_dir)


def test_every_quote_reads_the_same_from_the_store(memory_bank, store_bank):
    assert len(store_bank) == len(memory_bank) == 333
    assert store_bank.fetch([q.iri for q in memory_bank.quotes]) == memory_bank.quotes
    assert store_bank.documents == memory_bank.documents


@pytest.mark.parametrize("search", SEARCHES, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()) or "all")
def test_search_finds_the_same_quotes_in_the_same_order(memory_bank, store_bank, search):
    expected = [q.iri for q in memory_bank.search(**search)]
    hits = store_bank.search(**search)
    assert hits.iris == expected
    assert len(hits) == len(expected)
    assert [q.iri for q in hits[:3]] == expected[:3]
    assert [q.iri for q in hits] == expected


@pytest.mark.parametrize("by", ["balise", "enjeu", "territory", "document", "about"])
@pytest.mark.parametrize("search", SEARCHES[:4] + SEARCHES[8:14], ids=str)
def test_counts_per_facet_are_those_of_the_quotes_found(memory_bank, store_bank, by, search):
    attr = {"balise": "balises", "enjeu": "enjeux", "territory": "territories", "about": "about"}
    found = memory_bank.search(**search)
    expected = Counter(q.document for q in found) if by == "document" else \
        Counter(v for q in found for v in getattr(q, attr[by]))
    facets = {k: v for k, v in search.items() if k not in ("text", "key_only")}
    named = {"balises": "balise", "enjeux": "enjeu", "territories": "territory", "documents": "document", "about": "about"}
    assert store_bank.counts(by, search.get("text", ""), search.get("key_only", False),
                             **{named[k]: v for k, v in facets.items()}) == dict(expected)


def test_facet_counts_of_the_whole_bank(memory_bank, store_bank):
    counts = store_bank.facet_counts()
    assert counts == memory_bank.facet_counts()
    assert counts["document"][expand("doc:004")] == 108
    assert sum(counts["document"].values()) == 333


def test_the_parameterless_reads_are_materialised(store):
    for name, text in READS.items():
        assert read_cells(store, result_key(text, {})) is not None, name


def test_index_holds_the_folded_text_of_every_quote(store, memory_bank):
    rows = store.query(f"SELECT ?e ?t WHERE {{ GRAPH <{SEARCH_GRAPH}> {{ ?e <{BAL.searchText}> ?t }} }}").rows
    texts = {str(e): str(t) for e, t in rows}
    assert len(texts) == 333
    quote = next(q for q in memory_bank.quotes if "Coopération" in q.text or "coopération" in q.text)
    assert texts[quote.iri] == folded(quote.text)
    assert "coopération" not in texts[quote.iri] and "cooperation" in texts[quote.iri]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_is_a_literal(store_bank, memory_bank, text):
    assert store_bank.search(text).iris == [q.iri for q in memory_bank.search(text)]


@pytest.mark.parametrize("value", ["} ; DROP ALL ; {", "http://evil/ x", "ter:lomme> <x", "pas une iri", "\x00"])
def test_a_facet_value_that_is_no_iri_is_refused_with_a_message(store_bank, value):
    with pytest.raises(QueryError, match="territory"):
        store_bank.search(territories=[value])
    assert store_bank.fetch([value]) == [] and store_bank.get(value) is None


def test_an_iri_the_graph_does_not_hold_finds_nothing(store_bank):
    assert store_bank.search(territories=["<http://evil/>"]).iris == []
    assert store_bank.counts("balise", territory=["ter:inconnu"]) == {}


def test_user_words_are_literal_terms_never_sparql():
    """The words are escaped literal terms (as in a VALUES block): with the literals blanked out, nothing of them
    is left in the query, and the query parses."""
    from rdflib.plugins.sparql import prepareQuery

    from balises.rdf.namespaces import SPARQL_PREFIXES
    from balises.rdf.sparql_text import mask

    for words in ['"} ; DROP ALL ; {" coopération', "\\\" ) } INSERT DATA { <a> <b> <c> } #", "«  x  »  'y'"]:
        text, bound = search_query(words, balise=["C2"])
        assert bound == {}
        assert "DROP" not in mask(text).upper() and "INSERT" not in mask(text).upper()
        prepareQuery(SPARQL_PREFIXES + text)
    with pytest.raises(QueryError, match="unknown quote facet"):
        search_query(colour=["red"])


def test_fetch_in_batches(store_bank, memory_bank, monkeypatch):
    import balises.quotes.search as qs

    monkeypatch.setattr(qs, "FETCH", 7)
    iris = [q.iri for q in itertools.islice(reversed(memory_bank.quotes), 40)]
    store_bank._quotes.clear()
    assert [q.iri for q in store_bank.fetch(iris)] == iris


def test_the_index_is_written_block_by_block_the_same(store, library, monkeypatch):
    """The build writes the index one block of quotes at a time (bounded memory at national scale): cut in blocks
    of 50, the texts, ranks, territories and columns are those of one block."""
    import orjson

    import balises.quotes.search as qs
    from balises.query.tables import read_chunks

    quotes = library["30-quote-bank"]
    key = result_key(quotes.text, quotes.bindings({}))

    def index(rows):
        monkeypatch.setattr(qs, "COLUMN_ROWS", rows)
        batches = list(qs.index_batches(read_chunks(store, key)))
        triples = {(s, p, o) for b in batches for s, p, o, _ in b if not str(s).startswith(f"{SEARCH_GRAPH}/colonnes/")}
        names = {s: str(o) for b in batches for s, p, o, _ in b if p == DCTERMS.identifier}
        columns: dict[str, list] = {}
        for b in batches:
            for s, p, o, _ in b:
                if p == RDF.value:
                    columns.setdefault(names[s], []).extend(qs.decode_column(orjson.loads(str(o))))
        return len(batches), triples, columns

    small, whole = index(50), index(100_000)
    assert small[0] == 1 + 7 and whole[0] == 1 + 1
    assert small[1] == whole[1] and small[2] == whole[2] and len(small[2]["evidence"]) == 333


def test_a_search_reads_only_the_columns_it_needs(store, library):
    """The index's columns are read one by one, on the first search that needs each: a text search the IRIs and
    the texts, a balise filter the balises; a page without a search none."""
    bank = open_bank(store, library)
    assert len(bank.search(territories=["ter:lomme"])) and bank.columns._data == {}
    assert len(bank.search("coopération")) and set(bank.columns._data) == {"evidence", "text"}
    assert len(bank.search(balises=["C2"])) and set(bank.columns._data) == {"evidence", "text", "balises"}
    with pytest.raises(QueryError, match="unknown column"):
        bank.columns.column("nope")
