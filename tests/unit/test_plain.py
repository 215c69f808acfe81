"""A stored table's rows as plain texts (query/plain.py): the rows `answer` gives, kept by the build beside the
store version under the hash of each chunk's text, taken from the version before when a chunk did not change,
parsed again when a file cannot be read; a store the build is not writing adds no file."""

from __future__ import annotations

from rdflib import Literal, URIRef

from balises.query.cache import answer, run_fixed
from balises.query.plain import PLAIN_DIR, carry, keep, plain_table, prune
from balises.query.tables import CHUNK, chunk_hashes, result_key, revise_cells, table_quads
from balises.store import QueryOutcome
from balises.store.oxigraph import OxigraphStore

TEXT = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def _store(rows: list[tuple]) -> OxigraphStore:
    outcome = QueryOutcome(kind="select", columns=["s", "label"], rows=rows)
    return OxigraphStore.from_quads(table_quads("t", result_key(TEXT, {}), outcome, "2026-12-03T00:00:00Z"), "test")


def _rows(n: int, changed: int | None = None) -> list[tuple]:
    return [(URIRef(f"https://example.org/{i}"), None if i % 7 == 0 else Literal(f"n°{i}" + ("!" if i == changed else "")))
            for i in range(n)]


def test_the_rows_answer_gives_kept_by_chunk_and_taken_from_the_version_before(tmp_path):
    first = _store(_rows(CHUNK + 5))
    first.directory, first.building = tmp_path / "v1", True
    (tmp_path / "v1").mkdir()
    assert run_fixed(first, TEXT) == answer(first, TEXT).plain_rows() and run_fixed(first, TEXT)[7][1] is None
    kept = sorted((tmp_path / "v1" / PLAIN_DIR).iterdir())
    assert len(kept) == 2  # one file a chunk
    second = _store(_rows(CHUNK + 5, changed=CHUNK + 1))  # the second chunk changed
    second.directory, second.former, second.building = tmp_path / "v2", tmp_path / "v1", True
    (tmp_path / "v2").mkdir()
    columns, rows = plain_table(second, result_key(TEXT, {}))
    assert columns == ["s", "label"] and rows == answer(second, TEXT).plain_rows() and rows[CHUNK + 1][1] == f"n°{CHUNK + 1}!"
    now = {p.stat().st_ino for p in (tmp_path / "v2" / PLAIN_DIR).iterdir()}
    assert len(now) == 2 and len(now & {p.stat().st_ino for p in kept}) == 1  # the first chunk's file linked
    assert carry(tmp_path / "v1", tmp_path / "v2") == 2  # every former file, read later or not
    assert len(list((tmp_path / "v2" / PLAIN_DIR).iterdir())) == 3 and prune(second) == 1  # the old second chunk's
    assert plain_table(second, result_key(TEXT, {}))[1] == rows


def test_a_file_that_cannot_be_read_is_parsed_again_and_a_reader_adds_none(tmp_path):
    built = _store(_rows(10))
    built.directory, built.building = tmp_path, True
    expected = run_fixed(built, TEXT)
    [kept] = (tmp_path / PLAIN_DIR).iterdir()
    kept.write_bytes(b"\x80\x05 cut short")
    reader = _store(_rows(10))
    reader.directory = tmp_path  # a store on disk read, not written by the build
    assert run_fixed(reader, TEXT) == expected and kept.read_bytes() == b"\x80\x05 cut short"


def test_a_table_written_without_its_chunks_hashes_is_read_by_its_texts(tmp_path):
    from rdflib.namespace import DCTERMS  # the chunks' hashes, left out as an earlier build wrote them

    outcome = QueryOutcome(kind="select", columns=["s", "label"], rows=_rows(12))
    quads = [q for q in table_quads("t", result_key(TEXT, {}), outcome, "2026-12-03T00:00:00Z")
             if not (q[1] == DCTERMS.identifier and str(q[2]).startswith("sha1:"))]
    store = OxigraphStore.from_quads(quads, "test")
    store.directory, store.building = tmp_path, True
    assert run_fixed(store, TEXT) == answer(store, TEXT).plain_rows() and len(list((tmp_path / PLAIN_DIR).iterdir())) == 1


def test_the_chunks_a_revision_rewrites_are_kept_from_their_cells(tmp_path):
    store = _store(_rows(CHUNK + 5))
    store.directory, store.building = tmp_path, True
    key = result_key(TEXT, {})
    fresh = [{"s": {"type": "uri", "value": "https://example.org/3"}, "label": {"type": "literal", "value": "trois"}}]
    written: list = []
    assert revise_cells(store, "t", key, "s", {"https://example.org/3"}, fresh, [], "2026-12-03T00:00:00Z",
                        written) == CHUNK + 5
    keep(store, written)
    assert len(written) == 2  # the first chunk lost the row, the last one has the fresh row: both kept
    assert {p.name for p in (tmp_path / PLAIN_DIR).iterdir()} == \
        {name.replace("sha1:", "") + ".pickle" for _, name in chunk_hashes(store, key)}
    rows = plain_table(store, key)[1]
    assert rows == answer(store, TEXT).plain_rows() and rows[-1] == ("https://example.org/3", "trois")
