"""The quote search as the explorer runs it (balises.quotes.search, on the index the build writes): the same quotes,
order and counts as the plain in-memory bank, on both backends; a reader's spellings finding the same quotes,
there and in query 03; each facet count equal to a SPARQL COUNT of the same quotes; hostile text kept text."""

from __future__ import annotations

import itertools

import pytest
from conftest import FIXTURES
from rdflib.namespace import DCTERMS
from test_citations import HOSTILE

from balises.errors import QueryError
from balises.query.cache import run_named
from balises.query.library import parse_header
from balises.query.run import run_sparql
from balises.quotes.bank import load_bank
from balises.quotes.facets import FACETS, FILTERS
from balises.quotes.fulltext import INDEX_FILE, QuoteIndex
from balises.quotes.search import SEARCH_GRAPH, folded, index_in_memory, open_bank
from balises.rdf.folding import fold_for_search
from balises.rdf.namespaces import BAL, expand
from balises.rdf.search_terms import NEAR

SEARCHES = [
    {}, {"text": "coopération"}, {"text": "Coopération élus"}, {"text": "élus coopération"}, {"text": '"fifty-fifty"'},
    {"text": "« mode de faire »"}, {"text": "faire mode"}, {"text": "d'acteurs"}, {"text": "ENERGIE"},
    {"text": "coop*"}, {"text": "zzz-introuvable"}, {"balises": ["C2"]}, {"balises": ["c2", "E1"]},
    {"enjeux": ["ref:cooperation"]}, {"enjeux": ["ref:engagement", "ref:valeur"]}, {"territories": ["ter:lomme"]},
    {"territories": ["ter:pas-de-calais"]}, {"documents": ["doc:004"]}, {"documents": ["doc:000", "doc:003"]},
    {"about": ["prj:malaunay-amap"]}, {"key_only": True}, {"projects": ["prj:lil-o"]},
    {"speakers": ["act:christian-du-tertre", "act:lea-tramontin"]}, {"themes": ["theme:alimentation"]},
    {"programmes": ["evt:territoires-pilotes"]}, {"statuses": ["voc:en-cours", "voc:reussi"]},
    {"year_from": 2018}, {"year_from": 2017, "year_to": 2019},
    {"text": "transition", "balises": ["T3"], "key_only": True},
    {"text": "projet", "territories": ["ter:loos-en-gohelle"], "documents": ["doc:003"]},
    {"balises": ["C4"], "enjeux": ["ref:cooperation"], "territories": ["ter:loos-en-gohelle"]},
    {"text": "habitants", "themes": ["theme:democratie-participation"], "statuses": ["voc:en-cours"]},
]
#: A reader's spellings of one search, each finding the same quotes (how many, at least).
SPELLINGS = [
    (["Lil'Ô", "Lil’Ô", "lil o", "LIL’O", "« Lil'Ô »"], 3),
    (["coopération", "cooperation", "COOPERATION", "Coopération"], 40),
    (["œuvre", "oeuvre", "ŒUVRE"], 2),
    (["d'acteurs", "d’acteurs", "D’ACTEURS"], 10),  # the corpus writes both apostrophes
    (["l'habitant", "l’habitant"], 0),
    # cut at a line end by the OCR of 002 ("vice-\nprésidents", "bien-\nétre"), typed whole
    (["vice-présidents", "vice–présidents", "vicepresidents"], 1),
    (["bien-être", "bien-etre", "BIEN—ÊTRE"], 3),
    (["high-tech", "hightech"], 1),
    (['"renforcer la coopération"', "« renforcer la cooperation »"], 1),  # **renforcer la coopération** in 000
]


@pytest.fixture(scope="module")
def memory_bank(store, library, project_settings):
    return load_bank(store, library, project_settings.corpus_dir)


@pytest.fixture(scope="module")
def store_bank(any_store, library, project_settings):
    return open_bank(any_store, library, project_settings.corpus_dir)


def test_every_quote_reads_the_same_from_the_store(memory_bank, store_bank):
    assert len(store_bank) == len(memory_bank) == 335
    assert store_bank.fetch([q.iri for q in memory_bank.quotes]) == memory_bank.quotes
    assert store_bank.documents == memory_bank.documents


def _named(search: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in search.items()) or "all"


@pytest.mark.parametrize("search", SEARCHES, ids=_named)
def test_search_finds_the_same_quotes_in_the_same_order(memory_bank, store_bank, search):
    expected = [q.iri for q in memory_bank.search(**search)]
    hits = store_bank.search(**search)
    assert hits.iris == expected
    assert [q.iri for q in hits[:3]] == expected[:3]
    assert [q.iri for q in hits] == expected


@pytest.mark.parametrize("search", SEARCHES, ids=_named)
def test_every_facet_is_counted_as_the_plain_bank_counts_it(memory_bank, store_bank, search):
    counts = store_bank.facet_counts(**search)
    assert set(counts) == set(FACETS + FILTERS)
    assert counts == memory_bank.facet_counts(**search)
    for by in ("balise", "territory", "about"):
        args = {k: v for k, v in search.items() if k not in ("year_from", "year_to")}
        assert store_bank.counts(by, **args) == memory_bank.counts(by, **args)


@pytest.mark.parametrize("spellings, least", SPELLINGS, ids=lambda s: s[0] if isinstance(s, list) else str(s))
def test_a_readers_spellings_find_the_same_quotes(store_bank, library, spellings, least):
    """In the explorer's search and in query 03 alike."""
    found = {s: store_bank.search(s).iris for s in spellings}
    assert len({tuple(f) for f in found.values()}) == 1, found
    assert len(found[spellings[0]]) >= least
    search_query = library["03-search-quotes"]
    for s in spellings:
        rows = run_named(store_bank.store, search_query, {"text": s}).records()
        assert {r["evidence"] for r in rows} == set(found[s]), s


def test_lil_o_is_found_however_its_apostrophe_is_typed(store_bank):
    """The straight apostrophe found nothing before: the corpus writes Lil’Ô."""
    assert len(store_bank.search("Lil'Ô")) == 3
    assert set(store_bank.search("Lil'Ô").iris) <= set(store_bank.search(territories=["ter:l-ile-saint-denis"]).iris)


def test_the_exact_phrase_comes_first_then_the_words_close_together(store_bank):
    side = ["projet de territoire" in fold_for_search(q.text) for q in store_bank.search("projet de territoire")]
    assert sum(side) == 2 and side == sorted(side, reverse=True) and len(side) > 10
    assert len(store_bank.search('"projet de territoire"')) == 2
    assert len(store_bank.search('"territoire de projet"')) == 0

    def close(text: str) -> bool:
        words = fold_for_search(text).split()
        return any(abs(i - j) <= 1 + NEAR for i, a in enumerate(words) for j, b in enumerate(words)
                   if a == "acteurs" and b == "territoire")

    near = [close(q.text) for q in store_bank.search("acteurs territoire")]
    assert 0 < sum(near) < len(near) and near == sorted(near, reverse=True)
    keys = [q.key for q in store_bank.search("coopération")]
    assert keys == sorted(keys, reverse=True)  # one word: the key quotes first


@pytest.fixture(scope="module")
def count_check():
    return parse_header(FIXTURES / "quote-facet-counts.rq")


@pytest.mark.parametrize("search", [
    {}, {"text": "coopération élus"}, {"territories": ["ter:loos-en-gohelle"], "enjeux": ["ref:cooperation"]},
    {"text": "habitants", "themes": ["theme:democratie-participation"], "key_only": True, "year_from": 2017},
], ids=_named)
def test_each_count_is_a_sparql_count_of_the_same_quotes(store, store_bank, count_check, search):
    """Each value's count, given the other facets chosen, is what a SPARQL COUNT finds from the graph's own
    properties (tests/fixtures/quote-facet-counts.rq), apart from the index and the bank's tables."""
    counts = store_bank.facet_counts(**search)
    chosen = {facet: {expand(v) if facet != "balise" else v for v in values}
              for facet, values in (("territory", search.get("territories", ())), ("enjeu", search.get("enjeux", ())),
                                    ("theme", search.get("themes", ()))) if values}
    if search.get("key_only"):
        chosen["key"] = {"true"}
    if "year_from" in search:
        chosen["year"] = {str(y) for y in range(search["year_from"], 2030)}
    for facet in FACETS + FILTERS:
        others = {f: v for f, v in chosen.items() if f != facet}
        values = {"facet": facet, "facets": str(len(others)), "text": search.get("text", ""),
                  "chosen": "|" + "".join(f"{f}={v}|" for f, vs in others.items() for v in sorted(vs))}
        rows = run_sparql(store, count_check.text, count_check.bindings(values)).plain_rows()
        assert counts[facet] == {v: int(n) for v, n in rows if v is not None}, facet


def test_the_build_writes_the_index_beside_the_store(store, store_bank, library):
    """In the store's version directory (swapped with it); the in-memory index a remote store gets is the same."""
    path = store.directory / INDEX_FILE
    assert path.is_file()
    on_disk, in_memory = QuoteIndex.open(path), index_in_memory(store, library)
    assert on_disk.iris == in_memory.iris and len(on_disk) == 335
    assert (on_disk.key == in_memory.key).all() and (on_disk.year == in_memory.year).all()
    for name in FACETS:
        a, b = on_disk.column(name), in_memory.column(name)
        assert a.labels == b.labels and (a.rows == b.rows).all() and (a.codes == b.codes).all(), name


def test_the_search_graph_holds_each_quotes_folded_words(store, memory_bank):
    rows = store.query(f"SELECT ?e ?t WHERE {{ GRAPH <{SEARCH_GRAPH}> {{ ?e <{BAL.searchText}> ?t }} }}").rows
    texts = {str(e): str(t) for e, t in rows}
    assert len(texts) == 335
    cut = next(q for q in memory_bank.quotes if "vice- présidents" in q.text)
    assert texts[cut.iri] == folded(cut.text) and texts[cut.iri].endswith(" | vicepresidents")
    spatial = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SEARCH_GRAPH}> {{ ?e <{DCTERMS.spatial}> ?t }} }}")
    assert int(spatial.rows[0][0]) > 335


@pytest.mark.parametrize("text", HOSTILE + ['"', '" OR "x', "NEAR(a b)", "a AND b", "x*y*", "^a", "col:a"])
def test_hostile_search_text_is_only_text(store_bank, memory_bank, text):
    """FTS5's operators typed in a search are words like any other: never an error, never an expression."""
    assert store_bank.search(text).iris == [q.iri for q in memory_bank.search(text)]


@pytest.mark.parametrize("value", ["} ; DROP ALL ; {", "http://evil/ x", "ter:lomme> <x", "pas une iri", "\x00"])
def test_a_facet_value_that_is_no_iri_is_refused_with_a_message(store_bank, value):
    with pytest.raises(QueryError, match="territory"):
        store_bank.search(territories=[value])
    assert store_bank.fetch([value]) == [] and store_bank.get(value) is None


def test_what_the_graph_does_not_hold_finds_nothing(store_bank):
    assert store_bank.search(territories=["<http://evil/>"]).iris == []
    assert store_bank.counts("balise", territory=["ter:inconnu"]) == {}
    with pytest.raises(QueryError, match="unknown quote facet"):
        store_bank.search(colour=["red"])
    with pytest.raises(QueryError, match="year"):
        store_bank.search(year_from="deux mille")


def test_fetch_in_batches(store_bank, memory_bank, monkeypatch):
    import balises.quotes.search as qs

    monkeypatch.setattr(qs, "FETCH", 7)
    iris = [q.iri for q in itertools.islice(reversed(memory_bank.quotes), 40)]
    store_bank._quotes.clear()
    assert [q.iri for q in store_bank.fetch(iris)] == iris


def test_the_search_graph_is_written_block_by_block(store, library, monkeypatch):
    """The build writes the search graph a block of quotes at a time (bounded memory at national scale): cut in
    blocks of 50, the quads are those of one block."""
    import balises.quotes.search as qs

    def batches(size):
        monkeypatch.setattr(qs, "BLOCK", size)
        return list(qs.build_index(store, library))

    small, whole = batches(50), batches(100_000)
    assert len(small) == 1 + 7 and len(whole) == 1 + 1
    assert {q for b in small for q in b} == {q for b in whole for q in b}


def test_an_index_update_follows_quotes_that_moved(store, library, tmp_path):
    """build_index with a former index whose quotes are in another order (a label edited, a quote added before
    them): the former file is patched all the same (a quote's words stay in their row, its rank follows the
    bank), and holds what an index written whole holds; only the quotes asked for have their search graph's
    quads sent. A quote asked for that the former file holds without its former words given: written whole."""
    import shutil
    import sqlite3

    from conftest import index_content

    from balises.quotes.search import build_index

    whole, former, path = tmp_path / "whole.sqlite", tmp_path / "former.sqlite", tmp_path / "index.sqlite"
    for _ in build_index(store, library, whole):
        pass
    shutil.copyfile(whole, former)
    db = sqlite3.connect(str(former))  # the first two quotes swapped: another order
    db.executescript("UPDATE quote SET rank = -1 WHERE rank = 0; UPDATE quote SET rank = 0 WHERE rank = 1; "
                     "UPDATE quote SET rank = 1 WHERE rank = -1;")
    db.commit()
    db.close()
    first = QuoteIndex.open(whole).iris[1]
    texts = {str(e): str(t) for e, t in store.query(
        f"SELECT ?e ?t WHERE {{ GRAPH <{SEARCH_GRAPH}> {{ ?e <{BAL.searchText}> ?t }} }}").rows}
    done: list[str] = []
    quads = [q for batch in build_index(store, library, path, only={first}, former=former,
                                        before={first: texts[first]}, done=done) for q in batch]
    assert done == ["updated in place"]
    assert {str(q[0]) for q in quads} == {first}
    assert index_content(path) == index_content(whole)
    written, expected = QuoteIndex.open(path), QuoteIndex.open(whole)
    assert written.iris == expected.iris and written.iris[1] == first
    for name in FACETS:
        a, b = written.column(name), expected.column(name)
        assert a.labels == b.labels and (a.rows == b.rows).all() and (a.codes == b.codes).all(), name
    done.clear()
    quads = [q for batch in build_index(store, library, path, only={first}, former=former, before={},
                                        done=done) for q in batch]
    assert done == ["written whole"] and {str(q[0]) for q in quads} == {first}
    assert index_content(path) == index_content(whole)
