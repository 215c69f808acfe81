"""The kept reads of the one-pass tables (query/kept.py): a change applied as the store applies it (a pair once
per graph that holds it), the files it does not touch carried, a file that cannot be read left to the engine."""

from __future__ import annotations

from collections import Counter

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from balises.query.kept import Change, Kept, delta_name, file_name

A, B, PLACE = URIRef("https://example.org/a"), URIRef("https://example.org/b"), URIRef("https://example.org/Place")


def test_a_change_is_applied_once_per_graph_and_the_rest_carried(tmp_path):
    first = Kept(tmp_path / "v1")
    first.keep_pairs(RDFS.label, {A: [Literal("a"), Literal("a")], B: [Literal("b")]})  # "a": in two graphs
    first.keep_members(PLACE, Counter({A: 1, B: 1}))
    first.keep_pairs(RDFS.comment, {A: [Literal("untouched")]})
    change = Change()
    change.add({(A, RDFS.label, Literal("a")), (B, RDFS.label, Literal("b")), (B, RDF.type, PLACE)},
               {(A, RDFS.label, Literal("à"))})  # one graph rewritten: B leaves it, A's label respelt
    second = Kept(tmp_path / "v2", former=tmp_path / "v1", change=change)
    assert second.carry() == 1 and (tmp_path / "v2" / file_name("p", str(RDFS.comment))).is_file()
    assert second.pairs(RDFS.label) == {A: [Literal("a"), Literal("à")]}  # the other graph's "a" stays
    assert second.members(PLACE) == Counter({A: 1})
    assert second.pairs(RDFS.label) == {A: [Literal("a"), Literal("à")]}  # as written, not changed twice
    assert second.pairs(RDFS.seeAlso) is None and second.members(URIRef("https://example.org/None")) is None


def test_a_file_that_cannot_be_read_is_asked_of_the_engine(tmp_path):
    kept = Kept(tmp_path / "v1")
    kept.keep_pairs(RDFS.label, {A: [Literal("a")]})
    (tmp_path / "v1" / file_name("p", str(RDFS.label))).write_bytes(b"\x80\x05 cut short")
    assert Kept(tmp_path / "v2", former=tmp_path / "v1").pairs(RDFS.label) is None


def test_a_changed_read_keeps_its_file_and_the_changes_beside_it_until_they_grow(tmp_path, monkeypatch):
    Kept(tmp_path / "v1").keep_pairs(RDFS.label, {A: [Literal("a")]})
    label = file_name("p", str(RDFS.label))
    steps = [({(B, RDFS.label, Literal("b"))}, {A: [Literal("a")], B: [Literal("b")]}),
             ({(B, RDFS.label, Literal("bb"))}, {A: [Literal("a")], B: [Literal("bb")]})]
    before: set = set()
    for version, (after, expected) in enumerate(steps, start=2):
        change = Change()
        change.add(before, after)
        kept = Kept(tmp_path / f"v{version}", former=tmp_path / f"v{version - 1}", change=change)
        kept.carry()
        assert kept.pairs(RDFS.label) == expected
        assert (tmp_path / f"v{version}" / label).stat().st_ino == (tmp_path / "v1" / label).stat().st_ino
        assert Kept(tmp_path / f"v{version}").pairs(RDFS.label) == expected  # as a later build reads it
        before = after
    # the changes (the first one's, then the second's) are past the bound: the read written whole again
    monkeypatch.setattr("balises.query.kept.COMPACT_FROM", 2)
    change = Change()
    change.add(before, set())
    kept = Kept(tmp_path / "v4", former=tmp_path / "v3", change=change)
    assert kept.pairs(RDFS.label) == {A: [Literal("a")]}
    assert not (tmp_path / "v4" / delta_name(label)).exists()
    assert Kept(tmp_path / "v4").pairs(RDFS.label) == {A: [Literal("a")]}
