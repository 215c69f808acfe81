"""Query results: concatenated values in one order whatever the engine gave."""

from __future__ import annotations

from rdflib import Literal, URIRef

from balises.query.results import in_order
from balises.rdf.sparql_text import PART_MARK
from balises.store import QueryOutcome


def test_the_parts_are_sorted_as_a_french_reader_expects_and_joined_with_the_query_separator():
    engine = QueryOutcome(kind="select", columns=["p", "themes", "n"], rows=[
        (URIRef("http://x/p"), Literal(PART_MARK.join(["urbanisme", "économie", "Eau", "énergie"])), Literal(3)),
        (URIRef("http://x/q"), Literal("solidarité", lang="fr"), Literal(1))])
    tidy = in_order(engine, {"themes": ", "})
    assert [str(row[1]) for row in tidy.rows] == ["Eau, économie, énergie, urbanisme", "solidarité"]
    assert tidy.rows[1][1] == Literal("solidarité") and tidy.rows[0][2] == Literal(3)  # a simple literal, as SPARQL says


def test_no_part_is_no_value_whatever_the_engine_writes():
    """Virtuoso writes "" where a missing value makes Oxigraph's GROUP_CONCAT unbound."""
    engine = QueryOutcome(kind="select", columns=["roles"], rows=[(Literal(""),), (None,)])
    assert in_order(engine, {"roles": " ; "}).rows == [(None,), (None,)]
