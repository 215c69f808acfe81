"""Load and validate: the real inputs conform; every bad-input fixture is rejected naming its culprit."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import BAD_INPUTS, make_home

from balises.errors import InputError, ValidationError
from balises.pipeline.build import build, check
from balises.pipeline.load import load, parse_file
from balises.query.run import run_sparql
from balises.store import open_store
from balises.store.versions import stray

BAD = sorted(BAD_INPUTS.glob("*.ttl"))


def expectations(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    entity = re.search(r"^# expect-entity: (.+)$", text, re.M).group(1).strip()
    expect = re.search(r"^# expect: (.+)$", text, re.M).group(1).strip()
    return entity, expect


def test_real_inputs_conform(project_settings):
    loaded, report, _ = check(project_settings)
    assert report.conforms, report.text()
    assert report.quotes_checked > 0
    assert len(loaded.files) >= 5


def test_minimal_home_conforms(small_home):
    _, report, _ = check(small_home)
    assert report.conforms, report.text()


def test_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n\nex:d ex:e "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:4: Turtle syntax error"):
        parse_file(bad)


@pytest.mark.parametrize("fixture", BAD, ids=[p.stem for p in BAD])
def test_bad_input_is_rejected_and_named(tmp_path, fixture):
    entity, expect = expectations(fixture)
    settings = make_home(tmp_path / "home")
    shutil.copy(fixture, settings.data_dir / fixture.name)
    if entity == "input":
        with pytest.raises(InputError) as info:
            load(settings)
        assert expect in str(info.value)
        assert re.search(r"\.ttl:\d+:", str(info.value)), "the message names the line"
        return
    _, report, _ = check(settings)
    assert not report.conforms
    culprits = [p for p in report.violations if p.entity.startswith(entity)]
    assert culprits, f"no violation names {entity}:\n{report.text()}"
    assert any(expect in p.message or expect in p.rule for p in culprits), report.text()
    assert all(p.file and p.file.endswith(fixture.name) for p in culprits), "the message names the file"
    assert any(p.line for p in culprits), "the message names the line"


@pytest.mark.parametrize("fixture", [BAD[0], *[p for p in BAD if p.stem in {"quote-not-in-source", "malformed-turtle"}]],
                         ids=lambda p: p.stem)
def test_failed_build_leaves_previous_store_answering(tmp_path, fixture):
    settings = make_home(tmp_path / "home")
    first = build(settings, use_hermit=False)
    assert not first.skipped
    before = run_sparql(open_store(settings), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    shutil.copy(fixture, settings.data_dir / fixture.name)
    with pytest.raises((ValidationError, InputError)):
        build(settings, use_hermit=False)
    after = run_sparql(open_store(settings), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(after) == int(before) > 0
    assert stray(settings.store) == [], "no half-built store is left beside the good one"
