"""The writer's basket (quotes/citing.py): an ordered set of quotes that takes a whole search at once, moves a quote
up or down, and travels in an address as its quotes' short ids."""

from __future__ import annotations

from balises.quotes.citing import Basket, from_short_ids, short_id


def test_a_basket_adds_sets_moves_and_gives_its_short_ids():
    b = Basket(["cit:a", "cit:b"])
    assert b.add_all(["cit:b", "cit:c", "cit:d"]) == 2
    b.move("cit:d", -2)
    b.move("cit:a", -1)  # already first
    b.move("cit:c", 5)  # to the end
    assert b.short_ids() == ["a", "d", "b", "c"]


def test_short_ids_come_back_as_the_same_quotes_and_odd_ones_are_refused():
    assert short_id("https://example.org/x") == "https://example.org/x"  # not a quote IRI: kept whole
    iris, bad = from_short_ids("d,a,,<x>,b c")
    assert [short_id(i) for i in iris] == ["d", "a"] and bad == ["<x>", "b c"]
    assert Basket(iris).short_ids() == ["d", "a"]
    assert from_short_ids(None) == ([], [])
