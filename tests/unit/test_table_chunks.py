"""query/tables.py `revise_cells`: a keyed table's rows replaced chunk by chunk (an incremental build) hold what
the whole table merged at once holds; only the chunks that held a replaced row or receive a new one are written
again; a chunk emptied or grown past twice CHUNK rows rewrites the table whole."""

from __future__ import annotations

from balises.query.tables import CHUNK, RESULTS_GRAPH, cells_quads, merge_cells, read_cells, revise_cells, table_rows
from balises.store.oxigraph import OxigraphStore

KEY = "k" * 64
ORDER = [("n", False)]


def _row(i: int, extra: str = "") -> dict:
    return {"e": {"type": "uri", "value": f"https://example.org/e{i:05d}"},
            "n": {"type": "literal", "value": str(i), "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
            "t": {"type": "literal", "value": f"texte {i}{extra}"}}


def _store(rows: list[dict]) -> OxigraphStore:
    return OxigraphStore.from_quads(cells_quads("t", KEY, ["e", "n", "t"], rows, "2026-01-01T00:00:00Z"), "test")


def _payloads(store) -> dict:
    return {str(s): str(o) for s, p, o in store.graph_pattern(RESULTS_GRAPH) if str(p).endswith("#value")}


def test_only_the_chunks_touched_are_written_again_and_the_rows_are_the_whole_merge():
    rows = [_row(i) for i in range(0, 2 * CHUNK + 500, 1)]
    store = _store(rows)
    before = _payloads(store)
    gone = {rows[10]["e"]["value"], rows[11]["e"]["value"]}   # in the first chunk
    fresh = [_row(10, " revu"), _row(2 * CHUNK + 900)]          # the first chunk again, and the last one
    values = gone | {fresh[1]["e"]["value"]}
    assert revise_cells(store, "t", KEY, "e", values, fresh, ORDER, "2026-01-02T00:00:00Z") == len(rows)
    expected = merge_cells(rows, fresh, "e", values, ORDER)
    assert read_cells(store, KEY) == (["e", "n", "t"], expected)
    assert table_rows(store, "t", KEY) == len(expected)
    after = _payloads(store)
    changed = {chunk for chunk in before if before[chunk] != after[chunk]}
    assert sorted(c.rsplit("/", 1)[1] for c in changed) == ["0", "2"], "the middle chunk is left as it was"


def test_a_chunk_grown_past_twice_its_size_rewrites_the_table_whole():
    rows = [_row(i) for i in range(0, 10 * CHUNK, 4)]  # 2.5 chunks, every fourth number
    store = _store(rows)
    fresh = [_row(i) for i in range(4 * CHUNK) if i % 4 in (1, 2)]  # 2 * CHUNK rows, all in the first chunk's range
    values = {r["e"]["value"] for r in fresh}
    done = revise_cells(store, "t", KEY, "e", values, fresh, ORDER, "2026-01-02T00:00:00Z")
    expected = merge_cells(rows, fresh, "e", values, ORDER)
    assert done == len(expected) and read_cells(store, KEY) == (["e", "n", "t"], expected)
    assert len(_payloads(store)) == -(-len(expected) // CHUNK), "chunks of CHUNK rows again"


def test_a_table_the_store_does_not_hold_is_none():
    store = _store([_row(1)])
    assert revise_cells(store, "t", "x" * 64, "e", set(), [], ORDER, "2026-01-02T00:00:00Z") is None
    assert table_rows(store, "t", "x" * 64) is None


def test_the_key_cells_are_read_from_the_text_escapes_and_all():
    import orjson

    from balises.query.tables import _key_cells

    values = ['https://example.org/a', 'un "guillemet"', 'fin \\', 'fin \\" et suite', 'é']
    rows = [{"k": {"type": "literal", "value": v, "xml:lang": "fr"}, "x": {"type": "uri", "value": "k"}}
            for v in values]
    text = orjson.dumps({"head": {"vars": ["k", "x"]}, "results": {"bindings": rows}}).decode("utf-8")
    assert _key_cells(text, "k") == {orjson.dumps(v).decode("utf-8") for v in values}
