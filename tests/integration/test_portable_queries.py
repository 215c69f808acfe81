"""Every file of queries/ is self-contained: sent byte for byte to a SPARQL 1.1 endpoint by a standard client, it
runs and gives the layer's default answer (its own PREFIX lines, its parameters' defaults written inline)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from balises.query.binding import compose, prologue, values_sparql
from balises.query.library import load_library, parse_header
from balises.query.run import run_sparql

from conftest import ROOT

LIBRARY = load_library(ROOT / "queries")
#: The parts of a GROUP_CONCAT value: the file sent as it is gets them in the engine's order, which no SPARQL engine
#: promises (nor one engine from run to run); the query layer sorts them (query/results.in_order).
_PARTS = re.compile(r", | > | ; | \| |\s+")


def unordered(rows) -> Counter:
    """Rows with each cell's concatenated parts sorted."""
    return Counter(tuple(None if v is None else tuple(sorted(_PARTS.split(v))) for v in row) for row in rows)


def client_rows(endpoint: str, text: str) -> tuple[list[str], Counter]:
    """The query sent as SPARQLWrapper sends it (a form-encoded POST), its columns and rows as plain values."""
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    columns = answer["head"]["vars"]
    return columns, unordered(tuple(b[c]["value"] if c in b else None for c in columns)
                              for b in answer["results"]["bindings"])


@pytest.mark.parametrize("slug", list(LIBRARY))
def test_each_file_runs_unchanged_over_http(slug, store, sparql_endpoint):
    query = LIBRARY[slug]
    text = query.path.read_text(encoding="utf-8")
    assert prologue(text) == "", f"{slug}: uses prefixes it does not declare: {prologue(text)}"
    columns, rows = client_rows(sparql_endpoint, text)
    layer = run_sparql(store, query.text, query.bindings())
    assert columns == layer.columns
    assert rows == unordered(layer.plain_rows()), f"{slug}: the file sent as it is does not give the layer's answer"


@pytest.mark.parametrize("slug", [s for s, q in LIBRARY.items() if any(p.default for p in q.params)])
def test_defaults_are_written_inline_as_the_header_documents_them(slug):
    """Each parameter with a default has one `VALUES ?name { default }` in the file, the header's default."""
    query = LIBRARY[slug]
    for param in query.params:
        blocks = re.findall(r"VALUES\s+\?" + param.name + r"\s*\{\s*([^{}]*?)\s*\}", query.text)
        if param.default:
            expected = f'"{param.default}"' if param.type == "string" else param.default
            if param.type == "search":  # written folded, as the layer binds it
                expected = values_sparql(param.to_term(None))
            assert blocks == [expected], f"{slug}: ?{param.name}"
        else:
            assert blocks == [], f"{slug}: ?{param.name} has no default but a VALUES block"


def test_a_value_given_replaces_the_inline_default(store, sparql_endpoint):
    """The text the layer sends for another value (what the console shows) runs as it is over HTTP too."""
    query = LIBRARY["01-territory-profile"]
    text = compose(query.text, query.bindings({"territory": "ter:arras"}))
    _, rows = client_rows(sparql_endpoint, text)
    assert [r[1] for r in rows] == [("Arras",)]
    freed = compose(query.text, query.bindings({"territory": ""}))
    assert "VALUES ?territory" not in freed
    assert len(client_rows(sparql_endpoint, freed)[1]) > 40


def test_an_adhoc_file_without_header_runs_with_a_note(tmp_path, store, project_settings):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a bal:Project }\n", encoding="utf-8")
    assert parse_header(path, adhoc=True).adhoc
    env = {"BALISES_HOME": str(project_settings.home), "BALISES_STORE": str(project_settings.store)}
    done = subprocess.run([sys.executable, "-m", "balises.cli", "query", str(path), "--format", "csv"],
                          capture_output=True, text=True, env={**__import__("os").environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "not in the library" in done.stderr
    assert int(done.stdout.splitlines()[1]) > 50
