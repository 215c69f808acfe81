"""The query library and the internal reads: every file has its header, is found by number or slug, and says
which of its answers the build materialises."""

from __future__ import annotations

import pytest
from conftest import ROOT

from balises.errors import QueryError
from balises.query.library import find_query, load_library, parse_header, reads
from balises.rdf.sparql_text import PART_MARK, mark_concatenations, mask


def test_every_query_has_its_header(library):
    assert library, "queries/ is not empty"
    for q in library.values():
        assert q.title_fr and q.title_en and q.question
        assert q.user in {"researcher", "territory", "writer"}
        assert q.slug[:2].isdigit()


def test_every_internal_read_has_its_header():
    found = reads()
    assert len(found) >= 70
    for q in found.values():
        assert q.title_fr and q.title_en and q.question and q.user == "internal", q.slug
    assert sum(q.materialise for q in found.values()) == 20  # the analysis's (with the official units and the profile vocabulary), the labels', the class counts, the writers' quote facets


def test_the_store_reads_have_the_same_header():
    for path in (ROOT / "src" / "balises" / "store" / "reads").glob("*.rq"):
        assert parse_header(path).user == "internal"


def test_find_query_by_number_and_slug(library):
    assert find_query(library, "01").slug == "01-territory-profile"
    assert find_query(library, "01-territory-profile").slug == "01-territory-profile"
    with pytest.raises(QueryError, match="unknown query"):
        find_query(library, "99-nothing")


def test_a_bad_header_is_named(tmp_path):
    (tmp_path / "01-x.rq").write_text("# title@fr: x\n# param: p wrongtype\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="bad param line"):
        load_library(tmp_path)
    (tmp_path / "01-x.rq").write_text("# title@fr: x\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="header lacks title@en, question, user"):
        load_library(tmp_path)


def test_parameters_bind_by_name(library):
    q = library["01-territory-profile"]
    assert str(q.bindings({"territory": "ter:lomme"})["territory"]).endswith("/territoire/lomme")
    with pytest.raises(QueryError, match="has no parameter nope"):
        q.bindings({"nope": "x"})


def test_every_concatenation_comes_in_one_order_on_every_engine(library):
    """Each GROUP_CONCAT of the library and the internal reads is only a column of its answer, so that the layer
    sorts its parts (rdf.sparql_text.mark_concatenations): none is sorted on, grouped by or computed with in the
    engine's order (a value whose order means something is written in order by the query itself)."""
    for q in [*library.values(), *reads().values()]:
        marked, _ = mark_concatenations(q.text)
        assert mask(q.text).upper().count("GROUP_CONCAT") == marked.count(PART_MARK), q.slug
