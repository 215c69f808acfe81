"""CITATION.cff is valid Citation File Format 1.2.0 (its JSON schema, © the Citation File Format authors, CC BY 4.0,
as shipped by the cffconvert 2.0.0 package, in tests/fixtures) and says what the project says elsewhere: version,
licence, the corpus documents and their authors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from balises import __version__

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "fixtures" / "citation-file-format-1.2.0.schema.json"


def citation() -> dict:
    # dates are kept as text, as the schema's date strings
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_citation_file_is_valid_cff_1_2_0():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    data["date-released"] = str(data["date-released"])
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_citation_says_what_the_project_says():
    data = citation()
    assert data["version"] == __version__ and data["license"] == "MIT"
    files = [r["notes"] for r in data["references"]]
    corpus = sorted(p.name for p in (ROOT / "data" / "corpus").glob("*.txt"))
    assert all(any(name in note for note in files) for name in corpus), "every corpus document is a reference"
    (ref004,) = [r for r in data["references"] if "004_" in r["notes"]]
    assert ref004["license"] == "CC-BY-NC-ND-4.0" and ref004["isbn"] == "978-2-490995-00-4"
    assert [a["family-names"] for a in ref004["authors"]] == ["Vuidel", "Perdrigeat"]
