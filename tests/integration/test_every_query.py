"""Every SPARQL text the product runs lives in a .rq file: the public library (queries/), the internal reads
(query/reads/) and the remote backend's own (store/reads/). Each is listed here and run on the curated store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import balises
from balises.query.library import load_library, parse_header, reads
from balises.query.run import run_sparql

from conftest import ROOT

SRC = Path(balises.__file__).resolve().parent
FILES = sorted([*(ROOT / "queries").glob("*.rq"), *(SRC / "query" / "reads").glob("*.rq"),
                *(SRC / "store" / "reads").glob("*.rq")])


def test_the_three_folders_hold_every_query():
    assert len(FILES) == len(load_library(ROOT / "queries")) + len(reads()) + 2
    assert len(FILES) > 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_query_runs_with_its_defaults(path, store):
    query = parse_header(path)
    result = run_sparql(store, query.text, query.bindings())
    assert result.columns, f"{path}: no column in the answer"


def test_no_sparql_text_in_python_modules():
    """SPARQL lives in .rq files; the few texts built from a user's choices say so (« built here/from ») in the lines above,
    and SQLite's statements (the quote search's index) that they are SQL, not SPARQL."""
    keyword = re.compile(r"[\"'](?:PREFIX|SELECT|CONSTRUCT|ASK)\b|\bWHERE\s*\{")
    found = []
    for path in [*SRC.rglob("*.py"), *(ROOT / "views").rglob("*.py"), ROOT / "app.py"]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            said = "\n".join(lines[max(0, number - 16):number]).lower()
            if keyword.search(line) and not any(p in said for p in ("built here", "built from", "sql, not sparql")):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == []
